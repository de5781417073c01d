import Foundation
import AccordReaders
import FuzzSupport

/// Word XML through the pipeline's reader (`WordXMLReader`), seeded with Flat OPC packages
/// (`pkg:package`, Word's "Save as XML") and bare `w:document` parts; then normalize, repair, check.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = FuzzSupport.data(bytes, size)
    guard Sniff.of(data) == .xml else { return 0 }
    FuzzSupport.read(WordXMLReader(), FuzzSupport.input(data, sniff: .xml))
    return 0
}
