/// The one document type between readers and the normalizer.
///
/// Readers build it; they never interpret contract terms. The normalizer reads it; it never
/// looks at file formats. Every piece of text carries its `SourceText` (and so its locator).
public struct IntermediateDocument: Sendable, Codable {
    public var source: SourceInfo
    public var blocks: [Block]
    /// What the reader changed while cleaning (encoding, NFKC, line breaks…), counted.
    public var actions: [CleaningAction]
    /// What the reader saw that a person must know (truncated cells, wrong OCR script…).
    public var findings: [Finding]
    /// Header / footer text, kept out of the body but not lost.
    public var furniture: [Paragraph]
    /// For OCR'd pages: text lines and words with boxes and confidences, pointing into `blocks`.
    /// Empty for documents read from text (and then left out of the JSON).
    public var layout: [PageLayout]

    public init(source: SourceInfo, blocks: [Block] = [], actions: [CleaningAction] = [],
                findings: [Finding] = [], furniture: [Paragraph] = [], layout: [PageLayout] = []) {
        self.source = source; self.blocks = blocks; self.actions = actions
        self.findings = findings; self.furniture = furniture; self.layout = layout
    }

    private enum CodingKeys: String, CodingKey { case source, blocks, actions, findings, furniture, layout }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(SourceInfo.self, forKey: .source)
        blocks = try c.decode([Block].self, forKey: .blocks)
        actions = try c.decode([CleaningAction].self, forKey: .actions)
        findings = try c.decode([Finding].self, forKey: .findings)
        furniture = try c.decode([Paragraph].self, forKey: .furniture)
        layout = try c.decodeIfPresent([PageLayout].self, forKey: .layout) ?? []
    }

    /// `layout` is written only when there is one, so text documents encode as before.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(blocks, forKey: .blocks)
        try c.encode(actions, forKey: .actions)
        try c.encode(findings, forKey: .findings)
        try c.encode(furniture, forKey: .furniture)
        if !layout.isEmpty { try c.encode(layout, forKey: .layout) }
    }
}

public struct SourceInfo: Codable, Hashable, Sendable {
    public var path: String
    public var sha256: String
    /// Format sniffed from content, e.g. `markdown`, `text-dump`, `ocr-text`, `docx`.
    public var format: String
    /// Character encoding the bytes were decoded from (`utf-8`, `utf-16le`, `gb18030`…) or nil for binary formats.
    public var encoding: String?
    /// Set when the document was composed from several files (pages scanned as files of their
    /// own, read as one document): the files in order, each with the document's pages it holds.
    /// `path` then names the set and `sha256` is derived from the parts' (see `PageSets`); a
    /// value's provenance names the sha256 of the part holding its `locator.page`. Omitted
    /// (nil) for a document read from one file.
    public var parts: [SourcePart]?

    public init(path: String, sha256: String, format: String, encoding: String?, parts: [SourcePart]? = nil) {
        self.path = path; self.sha256 = sha256; self.format = format; self.encoding = encoding; self.parts = parts
    }
}

/// One file of a composed document.
public struct SourcePart: Codable, Hashable, Sendable {
    public var path: String
    public var sha256: String
    /// The composed document's page numbers (1-based, as in `Locator.page`) that this file holds,
    /// in order: its own page k is the composed page `pages[k - 1]`.
    public var pages: [Int]

    public init(path: String, sha256: String, pages: [Int]) {
        self.path = path; self.sha256 = sha256; self.pages = pages
    }
}

public enum Block: Sendable, Codable, Hashable {
    case heading(Paragraph, level: Int)
    case paragraph(Paragraph)
    case table(Table)

    private enum CodingKeys: String, CodingKey { case type, level, paragraph, table }

    /// `{"type": "heading", "level": 1, "paragraph": …}`, `{"type": "paragraph", "paragraph": …}`,
    /// `{"type": "table", "table": …}` (schemas/accord-intermediate.schema.json).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .heading(let p, let level):
            try c.encode("heading", forKey: .type); try c.encode(level, forKey: .level); try c.encode(p, forKey: .paragraph)
        case .paragraph(let p):
            try c.encode("paragraph", forKey: .type); try c.encode(p, forKey: .paragraph)
        case .table(let t):
            try c.encode("table", forKey: .type); try c.encode(t, forKey: .table)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "heading": self = .heading(try c.decode(Paragraph.self, forKey: .paragraph), level: try c.decode(Int.self, forKey: .level))
        case "paragraph": self = .paragraph(try c.decode(Paragraph.self, forKey: .paragraph))
        case "table": self = .table(try c.decode(Table.self, forKey: .table))
        case let other: throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown block type \(other)")
        }
    }

    public var paragraphs: [Paragraph] {
        switch self {
        case .heading(let p, _), .paragraph(let p): return [p]
        case .table(let t): return t.rows.flatMap { $0.flatMap(\.paragraphs) }
        }
    }
}

public struct Paragraph: Sendable, Codable, Hashable {
    public var content: SourceText
    /// The reader saw this paragraph cut short (e.g. a dump's fixed width).
    public var truncated: Bool
    /// Where the text came from: `text`, `ocr` (recognized), `ocr-layer` (an inherited OCR text layer).
    public var origin: Origin
    /// List label rendered from numbering (e.g. "1、"), already part of `content.text`.
    public var listLabel: String?

    public enum Origin: String, Sendable, Codable, Hashable { case text, ocr, ocrLayer = "ocr-layer" }

    public init(content: SourceText, truncated: Bool = false, origin: Origin = .text, listLabel: String? = nil) {
        self.content = content; self.truncated = truncated; self.origin = origin; self.listLabel = listLabel
    }

    public var text: String { content.text }
}

/// A table with spans. `rows[r]` lists the cells that *start* in row r, in column order;
/// a cell covered by a span from above or the left is not repeated.
public struct Table: Sendable, Codable, Hashable {
    public var rows: [[Cell]]
    public var locator: Locator
    /// How the reader rebuilt it: `native` (real table), `rebuilt` (from a flat dump), `tsv`, `pipe`, `ocr-grid`.
    public var construction: String

    public init(rows: [[Cell]], locator: Locator, construction: String) {
        self.rows = rows; self.locator = locator; self.construction = construction
    }

    /// Number of grid columns.
    public var columnCount: Int {
        // Read in place: no cell copied, no array per row.
        var n = 0
        rows.withUnsafeBufferPointer { rows in
            for row in rows.indices {
                rows[row].withUnsafeBufferPointer { cells in
                    for i in cells.indices { n = max(n, cells[i].column + cells[i].colSpan) }
                }
            }
        }
        return n
    }

    /// The grid: for each row and column, the cell covering it (merged cells appear in every slot they cover).
    public var grid: [[Cell?]] {
        let cells = CellGrid(self)
        return (0..<cells.rowCount).map(cells.row)
    }
}

public struct Cell: Sendable, Codable, Hashable {
    public var row: Int
    public var column: Int
    public var rowSpan: Int
    public var colSpan: Int
    /// Paragraphs inside the cell, kept separate.
    public var paragraphs: [Paragraph]
    /// True when the reader inferred the span (e.g. an empty TSV cell meaning "same as above").
    public var spanInferred: Bool

    public init(row: Int, column: Int, rowSpan: Int = 1, colSpan: Int = 1, paragraphs: [Paragraph], spanInferred: Bool = false) {
        self.row = row; self.column = column; self.rowSpan = rowSpan; self.colSpan = colSpan
        self.paragraphs = paragraphs; self.spanInferred = spanInferred
    }

    public var text: String { paragraphs.map(\.text).joined(separator: "\n") }
    public var truncated: Bool { paragraphs.contains { $0.truncated } }
    /// All paragraphs as one run (newline-separated).
    public var content: SourceText? { SourceText.joined(paragraphs.map(\.content), separator: "\n") }
}
