import Foundation
import AccordReaders
import FuzzSupport

/// Content sniffing: `Sniff.of` on any bytes, and the registry's choice of reader for the result.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = FuzzSupport.data(bytes, size)
    let sniff = Sniff.of(data)
    // Invariants the pipeline relies on.
    precondition((sniff == .empty) == data.isEmpty, "empty iff no bytes")
    precondition(Sniff.of(data) == sniff, "sniffing is deterministic")
    let reader = ReaderRegistry.standard.reader(for: sniff)
    precondition(reader != nil, "every sniff has a reader (RejectingReader takes the rest)")
    FuzzSupport.blackHole(reader?.name)
    return 0
}
