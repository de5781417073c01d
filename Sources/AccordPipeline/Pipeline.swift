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

    /// Reads and normalizes bytes already in memory.
    public func process(data: Data, path: String) throws(ReadError) -> CanonicalDocument {
        let doc = try read(data: data, path: path)
        var canonical = Normalizer().normalize(doc)
        // The intermediate document is freed while the record is checked and written.
        Concurrent.discard(consume doc)
        Repairer().repair(&canonical)
        canonical.report.findings += Checker().check(canonical)
        return canonical
    }

    public func read(data: Data, path: String) throws(ReadError) -> IntermediateDocument {
        let sniff = Sniff.of(data)
        guard let reader = registry.reader(for: sniff) else { throw ReadError("no reader for \(sniff.rawValue) content") }
        return try reader.read(ReaderInput(data: data, path: path, sniff: sniff))
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
