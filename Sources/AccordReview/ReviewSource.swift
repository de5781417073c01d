import Foundation
import AccordModel

/// One stored document as the review sees it: its archive id, its path and its canonical record.
public struct ReviewSource: Sendable {
    /// The archive entry's id (as `accord list` prints it), or the path when there is no archive.
    public var id: String
    public var path: String
    public var record: CanonicalDocument
    /// The cleaned reading-order text, when known (near-identical texts are grouped by it).
    public var text: String?

    public init(id: String, path: String, record: CanonicalDocument, text: String? = nil) {
        self.id = id; self.path = path; self.record = record; self.text = text
    }

    public var family: SourceFamily { SourceFamily(format: record.source.format) }

    /// The name a finding cites: the path and, in brackets, the family of source it is.
    public var citation: String { "\(path) [\(family.label)]" }
}

/// How a source's text came to be, weakest first: what reconciliation trusts more. In JSON as
/// its name (`ocr`, `dump`, `typed`).
public enum SourceFamily: String, Comparable, Sendable, Codable {
    /// Recognized from an image (a scan, an image-only PDF, an OCR text layer).
    case ocr
    /// A text dump whose lines were cut at a fixed width.
    case dump
    /// Typed text: DOCX, Word XML, HTML, Markdown, plain text.
    case typed

    /// The order of trust: ocr < dump < typed.
    public var trust: Int {
        switch self {
        case .ocr: 0
        case .dump: 1
        case .typed: 2
        }
    }

    /// A format as the sniffer names it (`docx`, `text-dump`, `ocr-text+text-dump`, `png`…): a
    /// composite takes its weakest part.
    public init(format: String) {
        let parts = format.split(separator: "+").map { String($0) }
        self = parts.map(Self.single).min() ?? .typed
    }

    private static let imageFormats: Set<String> = ["png", "jpeg", "jpg", "tiff", "tif", "gif", "bmp", "webp", "pnm", "pdf", "image"]

    private static func single(_ f: String) -> SourceFamily {
        let f = f.lowercased()
        if imageFormats.contains(f) || f.hasPrefix("ocr") { return .ocr }
        if f.contains("dump") { return .dump }
        return .typed
    }

    public var label: String {
        switch self {
        case .ocr: "OCR"
        case .dump: "cut dump"
        case .typed: "typed"
        }
    }

    public static func < (a: SourceFamily, b: SourceFamily) -> Bool { a.trust < b.trust }
}
