import Foundation
import AccordReaders
import FuzzSupport

/// The HTML reader (libxml2's HTML parser, lists, tables with rowspan / colspan, charsets), then
/// the normalizer, repairs and checks on what it read (as `accord extract` runs them; the first
/// known crasher was an HTML agreement that crashed the Checker). Only what the sniffer calls
/// HTML reaches it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = FuzzSupport.data(bytes, size)
    guard Sniff.of(data) == .html else { return 0 }
    FuzzSupport.read(HTMLReader(), FuzzSupport.input(data, sniff: .html))
    return 0
}
