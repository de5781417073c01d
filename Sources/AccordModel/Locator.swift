/// Where a piece of text came from in its source file.
///
/// One shape for every reader: text readers fill `line`/`endLine` and the column range,
/// XML readers fill `part`, `paragraph` and the table coordinates, OCR fills `page` and `bbox`.
/// Lines and columns are 1-based; columns count characters (grapheme clusters) of the
/// original, undecoded-then-uncleaned line, and `endColumn` is exclusive.
public struct Locator: Codable, Hashable, Sendable {
    public var line: Int?
    public var endLine: Int?
    public var startColumn: Int?
    public var endColumn: Int?
    /// Package part, e.g. `word/document.xml`.
    public var part: String?
    /// 0-based index of the paragraph in its part (body order).
    public var paragraph: Int?
    /// 0-based table index in reading order, and the cell's row / grid column.
    public var table: Int?
    public var row: Int?
    public var column: Int?
    /// 0-based paragraph inside a table cell.
    public var cellParagraph: Int?
    /// 1-based page, and a box `[x0, y0, x1, y1]` in page pixels.
    public var page: Int?
    public var bbox: [Int]?

    public init(line: Int? = nil, endLine: Int? = nil, startColumn: Int? = nil, endColumn: Int? = nil,
                part: String? = nil, paragraph: Int? = nil, table: Int? = nil, row: Int? = nil,
                column: Int? = nil, cellParagraph: Int? = nil, page: Int? = nil, bbox: [Int]? = nil) {
        self.line = line; self.endLine = endLine; self.startColumn = startColumn; self.endColumn = endColumn
        self.part = part; self.paragraph = paragraph; self.table = table; self.row = row
        self.column = column; self.cellParagraph = cellParagraph; self.page = page; self.bbox = bbox
    }

    /// A short human-readable form: `L12:5-18`, `word/document.xml¶4`, `t0 r3 c2`, `p2 [10,20,300,40]`.
    public var description: String {
        var parts: [String] = []
        if let line {
            var s = "L\(line)"
            if let endLine, endLine != line { s += "-L\(endLine)" }
            if let startColumn { s += ":\(startColumn)" + (endColumn.map { "-\($0)" } ?? "") }
            parts.append(s)
        }
        if let part { parts.append(part + (paragraph.map { "¶\($0)" } ?? "")) }
        else if let paragraph { parts.append("¶\(paragraph)") }
        if let table { parts.append("t\(table) r\(row ?? 0) c\(column ?? 0)" + (cellParagraph.map { " p\($0)" } ?? "")) }
        if let page { parts.append("page \(page)" + (bbox.map { " \($0)" } ?? "")) }
        return parts.joined(separator: " ")
    }
}
