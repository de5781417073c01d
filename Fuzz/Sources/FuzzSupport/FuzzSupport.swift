import Foundation
import AccordModel
import AccordReaders
import AccordNormalize
import AccordChecks

/// Shared by the harnesses: wrapping libFuzzer's bytes and running the stages after a reader.
public enum FuzzSupport {
    /// A fixed digest: hashing every input would only fuzz the hash function (and start a thread).
    public static let sha256 = String(repeating: "0", count: 64)

    public static func data(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> Data {
        size == 0 ? Data() : Data(bytes: bytes, count: size)
    }

    public static func input(_ data: Data, sniff: Sniff, path: String = "fuzz-input") -> ReaderInput {
        ReaderInput(data: data, path: path, sha256: sha256, sniff: sniff)
    }

    /// Whether reader harnesses also normalize, repair and check what they read (as
    /// `accord extract` does). FUZZ_READ_ONLY=1 turns it off for speed.
    public static let downstream: Bool = ProcessInfo.processInfo.environment["FUZZ_READ_ONLY"] != "1"

    /// Normalizer → Repairer → Checker on one intermediate document, as the pipeline runs them.
    public static func process(_ doc: IntermediateDocument) {
        var canonical = Normalizer().normalize(doc)
        Repairer().repair(&canonical)
        canonical.report.findings += Checker().check(canonical)
        blackHole(canonical.report.findings.count)
    }

    /// Reads with `reader` (a ReadError is a clean outcome) and, when `downstream`, processes the result.
    public static func read(_ reader: any DocumentReader, _ input: ReaderInput) {
        do {
            let doc = try reader.read(input)
            if downstream { process(doc) }
        } catch {
            blackHole(error.reason.count)
        }
    }

    @inline(never) public static func blackHole<T>(_ value: T) { _ = value }
}
