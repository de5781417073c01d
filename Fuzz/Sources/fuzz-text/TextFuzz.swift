import Foundation
import AccordReaders
import FuzzSupport

/// The text reader: Markdown, TSV and pipe tables, tab-indented dumps, OCR text layers, in every
/// encoding TextDecoding knows (UTF-8, UTF-16 with and without BOM, GB18030, Big5…). Only what
/// the sniffer calls text reaches it, as in the pipeline. Read only (fast); fuzz-pipeline runs
/// the stages after it. FUZZ_TEXT_DOWNSTREAM=1 makes this harness run them too.
let downstream = ProcessInfo.processInfo.environment["FUZZ_TEXT_DOWNSTREAM"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = FuzzSupport.data(bytes, size)
    guard Sniff.of(data) == .text else { return 0 }
    do {
        let doc = try TextReader().read(FuzzSupport.input(data, sniff: .text))
        if downstream { FuzzSupport.process(doc) }
    } catch {
        FuzzSupport.blackHole(error.reason)
    }
    return 0
}
