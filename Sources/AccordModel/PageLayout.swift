/// The recognizer's layout of one OCR'd page: its text lines and their words, each with a box and
/// a confidence, and where its text sits in the document's blocks.
///
/// Boxes are `[x0, y0, x1, y1]` in the pixels of the page image as read (before deskew and
/// rescaling), like `Locator.bbox`; `width` × `height` is that image's size. Confidences are
/// Tesseract's (0…1): a line's from its text-line level, a word's from its word level (a line or
/// word replaced by a constrained re-read gets the mean of its new words' / glyphs' confidences).
/// Lines and words whose cleaned text is empty (a speck dropped as a stray mark) are not listed.
public struct PageLayout: Sendable, Codable, Hashable {
    /// 1-based page number, as in `Locator.page`.
    public var page: Int
    public var width: Int
    public var height: Int
    /// Lines in the recognizer's order (table cells' lines after the text around the table).
    public var lines: [LayoutLine]

    public init(page: Int, width: Int, height: Int, lines: [LayoutLine] = []) {
        self.page = page; self.width = width; self.height = height; self.lines = lines
    }
}

/// One recognized text line.
public struct LayoutLine: Sendable, Codable, Hashable {
    public var bbox: [Int]
    public var confidence: Double
    /// Where the line's text is: a block and a range of its cleaned text.
    public var span: TextSpan
    /// The line's cleaned text (`span`'s characters), for reading the layout on its own.
    public var text: String
    public var words: [LayoutWord]

    public init(bbox: [Int], confidence: Double, span: TextSpan, text: String, words: [LayoutWord]) {
        self.bbox = bbox; self.confidence = confidence; self.span = span; self.text = text; self.words = words
    }
}

/// One recognized word: its cleaned text (Tesseract's reading, cleaned like the block's text) and
/// the range of that text in the line's block.
public struct LayoutWord: Sendable, Codable, Hashable {
    public var text: String
    public var bbox: [Int]
    public var confidence: Double
    public var span: TextSpan

    public init(text: String, bbox: [Int], confidence: Double, span: TextSpan) {
        self.text = text; self.bbox = bbox; self.confidence = confidence; self.span = span
    }
}

/// A range of characters (`start..<end`, counted in `Character`s) of one paragraph's cleaned text
/// (`SourceText.text`): the paragraph of block `block`, or for a table block the cell starting at
/// `row`/`column` and its paragraph `cellParagraph`.
public struct TextSpan: Sendable, Codable, Hashable {
    /// 0-based index into `IntermediateDocument.blocks`.
    public var block: Int
    public var row: Int?
    public var column: Int?
    public var cellParagraph: Int?
    public var start: Int
    public var end: Int

    public init(block: Int, row: Int? = nil, column: Int? = nil, cellParagraph: Int? = nil, start: Int, end: Int) {
        self.block = block; self.row = row; self.column = column; self.cellParagraph = cellParagraph
        self.start = start; self.end = end
    }

    /// The same range in another paragraph position: shifted by `offset` characters.
    public func shifted(by offset: Int) -> TextSpan {
        var s = self
        s.start += offset; s.end += offset
        return s
    }
}

extension IntermediateDocument {
    /// The paragraph a span names, if the document has it.
    public func paragraph(at span: TextSpan) -> Paragraph? {
        guard blocks.indices.contains(span.block) else { return nil }
        switch blocks[span.block] {
        case .heading(let p, _), .paragraph(let p):
            return span.row == nil ? p : nil
        case .table(let t):
            guard let r = span.row, let c = span.column, t.rows.indices.contains(r),
                  let cell = t.rows[r].first(where: { $0.column == c }) else { return nil }
            let i = span.cellParagraph ?? 0
            return cell.paragraphs.indices.contains(i) ? cell.paragraphs[i] : nil
        }
    }

    /// The cleaned text a span names (nil when the span is outside the document).
    public func text(at span: TextSpan) -> String? {
        guard let p = paragraph(at: span), span.start >= 0, span.start <= span.end, span.end <= p.text.count else { return nil }
        let chars = Array(p.text)
        return String(chars[span.start..<span.end])
    }
}
