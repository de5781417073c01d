import Foundation
import AccordModel
import AccordText

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

/// What a reader gets: the bytes, where they came from, their SHA-256, and what the sniffer saw.
public struct ReaderInput: Sendable {
    public var data: Data
    public var path: String
    public var sniff: Sniff
    /// Hashing a 1.4 MB DOCX costs about 10 ms, which the reader's first, single-threaded steps
    /// (opening the ZIP, reading styles and numbering, inflating the body) leave a core free for.
    private let digest: Pending<String>

    /// The SHA-256 of `data` (lowercase hex). When it is still being computed (`init(data:path:sniff:)`
    /// on a large input), this waits for it: a reader that names it only at the end reads meanwhile.
    public var sha256: String { digest.value }

    public init(data: Data, path: String, sha256: String, sniff: Sniff) {
        self.data = data; self.path = path; self.sniff = sniff; self.digest = Pending(known: sha256)
    }

    /// The digest is computed here, on a thread of its own for inputs of 256 KB and more.
    public init(data: Data, path: String, sniff: Sniff) {
        self.data = data; self.path = path; self.sniff = sniff
        self.digest = data.count >= 256 * 1024 ? Pending { ContentHash.hex(data) } : Pending(known: ContentHash.hex(data))
    }
}

/// A one-line reason why a file could not be read.
public struct ReadError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
