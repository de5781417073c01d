import Foundation
import AccordReaders
import FuzzSupport

/// DOCX at the ZIP level: the fuzzed bytes are the whole file (central directory, local headers,
/// deflate streams, entry names, sizes, CRCs), read by `DocxReader` with its default limits;
/// then normalize, repair, check. Only what the sniffer calls a ZIP reaches it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = FuzzSupport.data(bytes, size)
    guard Sniff.of(data) == .zip else { return 0 }
    FuzzSupport.read(DocxReader(), FuzzSupport.input(data, sniff: .zip))
    return 0
}
