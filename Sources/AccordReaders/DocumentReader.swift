import Foundation
import AccordModel

/// A reader turns the bytes of one format into the intermediate document. It never
/// interprets contract terms: that is the normalizer's job.
public protocol DocumentReader: Sendable {
    /// A short name for logs and `--help`, e.g. "docx".
    var name: String { get }
    /// Whether this reader takes the content (sniffed by bytes, never by file extension).
    func accepts(_ sniff: Sniff) -> Bool
    /// Reads the whole input. Throws a `ReadError` with a one-line reason on bad input.
    func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument
}

/// What a reader gets: the bytes, where they came from, and what the sniffer saw.
public struct ReaderInput: Sendable {
    public var data: Data
    public var path: String
    public var sha256: String
    public var sniff: Sniff

    public init(data: Data, path: String, sha256: String, sniff: Sniff) {
        self.data = data; self.path = path; self.sha256 = sha256; self.sniff = sniff
    }
}

/// A one-line reason why a file could not be read.
public struct ReadError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
