import Foundation
import AccordReaders
import FuzzSupport

/// Word 2003 XML (`w:wordDocument`: `w:lists`, `w:listDef`, `wx:t`, `w:vmerge`…) through the
/// pipeline's reader (`WordXMLReader`, which dispatches on the root element); then normalize,
/// repair, check. Same entry point as fuzz-flatopc, its own seeds and dictionary.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = FuzzSupport.data(bytes, size)
    guard Sniff.of(data) == .xml else { return 0 }
    FuzzSupport.read(WordXMLReader(), FuzzSupport.input(data, sniff: .xml))
    return 0
}
