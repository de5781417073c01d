import Foundation
import AccordModel
import AccordText
import AccordReaders
import AccordNormalize
import AccordChecks
import AccordOCR

/// Sniff → read → normalize → check, for one file at a time.
public struct Pipeline: Sendable {
    public var registry: ReaderRegistry
    public init(registry: ReaderRegistry = .withOCR) { self.registry = registry }

    /// The version of what extraction makes of a file: with the content's sha256, the key of a
    /// reading in the archive. Raise it whenever a change makes any record differ (readers,
    /// normalizer, checks, repairs, the schema): archives then re-read a file only with
    /// `accord ingest --reextract`.
    public static let extractorVersion = "accord-extract/1"

    /// Reads and normalizes bytes already in memory.
    public func process(data: Data, path: String) throws(ReadError) -> CanonicalDocument {
        process(try read(data: data, path: path))
    }

    /// Normalizes, repairs and checks an intermediate document.
    public func process(_ doc: consuming IntermediateDocument) -> CanonicalDocument {
        var canonical = Normalizer().normalize(doc)
        // The intermediate document is freed while the record is checked and written.
        Concurrent.discard(doc)
        Repairer().repair(&canonical)
        canonical.report.findings += Checker().check(canonical)
        return canonical
    }

    /// Sniffs and reads bytes into the intermediate document (`sha256` when the caller has it already).
    public func read(data: Data, path: String, sha256: String? = nil) throws(ReadError) -> IntermediateDocument {
        let sniff = Sniff.of(data)
        guard let reader = registry.reader(for: sniff) else { throw ReadError("no reader for \(sniff.rawValue) content") }
        let input = sha256.map { ReaderInput(data: data, path: path, sha256: $0, sniff: sniff) } ?? ReaderInput(data: data, path: path, sniff: sniff)
        return try reader.read(input)
    }

    /// Reads a file from disk; every failure is a one-line `ReadError`.
    public func process(fileAt path: String) throws(ReadError) -> CanonicalDocument {
        try process(data: try Self.load(path), path: path)
    }

    public static func load(_ path: String) throws(ReadError) -> Data {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw ReadError("no such file") }
        if isDir.boolValue { throw ReadError("is a directory") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw ReadError("permission denied") }
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) }
        catch { throw ReadError("cannot read: \(error.localizedDescription)") }
    }
}
