import Foundation
import AccordModel

/// The readers Accord knows, in the order they are asked. A new format adds one line here.
public struct ReaderRegistry: Sendable {
    public var readers: [any DocumentReader]

    public init(readers: [any DocumentReader]) { self.readers = readers }

    public static let standard = ReaderRegistry(readers: [
        DocxReader(),
        WordXMLReader(),
        HTMLReader(),
        OLEReader(),
        TextReader(),
        RejectingReader(),
    ])

    public func reader(for sniff: Sniff) -> (any DocumentReader)? {
        readers.first { $0.accepts(sniff) }
    }
}

/// Gives the one-line reason for content no other reader takes.
public struct RejectingReader: DocumentReader {
    public init() {}
    public var name: String { "reject" }
    public func accepts(_ sniff: Sniff) -> Bool { true }
    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        switch input.sniff {
        case .empty: throw ReadError("empty file")
        case .ole: throw ReadError("OLE compound file: a legacy binary .doc or a password-protected (encrypted) Office file; convert or decrypt it to .docx first")
        case .binary: throw ReadError("binary content of no known format")
        default: throw ReadError("\(input.sniff.rawValue) content is not supported by this build")
        }
    }
}
