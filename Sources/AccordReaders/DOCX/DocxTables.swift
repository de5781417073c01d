import Foundation
import AccordModel
import AccordText

extension WordConverter {
    /// The widest grid a Word table is read into.
    static let maxColumns = 128

    /// A parsed Word table on its grid (`TableAssembler`, fed every row).
    mutating func table(_ t: WTable, part: String) -> Table {
        var assembler = TableAssembler(part: part, index: t.index, firstParagraph: t.firstParagraph)
        for r in t.rows { assembler.add(r, &self) }
        return assembler.finish(&self)
    }
}

/// A Word table laid on its grid row by row, as the parser reads the rows (`WordBodyConverter`)
/// or from a parsed `WTable`. `w:gridBefore` shifts a row's first cell right; `w:gridSpan` sets
/// the column span; a `w:vMerge` continuation extends the row span of the cell that starts in the
/// same grid column above it and is not repeated; a legacy `w:hMerge` continuation widens the
/// cell on its left. Nested tables are read into the cell that holds them (their paragraphs in
/// reading order), so no text is lost or doubled. Cells are rendered by the converter in reading
/// order, so list labels run through the table as Word shows them.
struct TableAssembler {
    let part: String
    let index: Int
    let firstParagraph: Int
    private var rows: [[Cell]] = []
    // For each grid column: the (row, index) of the cell that starts there and may continue down.
    // Columns stay below maxColumns, so two arrays (this row's and the row above's) serve as maps.
    private var above = [(row: Int, index: Int)?](repeating: nil, count: WordConverter.maxColumns)
    private var next = [(row: Int, index: Int)?](repeating: nil, count: WordConverter.maxColumns)
    private var orphans = 0, continuationText = 0, nested = 0, tooWide = 0

    init(part: String, index: Int, firstParagraph: Int) {
        self.part = part; self.index = index; self.firstParagraph = firstParagraph
    }

    mutating func add(_ wr: WRow, _ conv: inout WordConverter) {
        let r = rows.count
        let maxColumns = WordConverter.maxColumns
        var cells: [Cell] = []
        for c in next.indices { next[c] = nil }
        var col = wr.gridBefore
        for wc in wr.cells {
            if wc.gridSpan == 0, col < maxColumns {
                // hMerge continuation: widen the previous cell of this row.
                if !cells.isEmpty {
                    cells[cells.count - 1].colSpan += 1
                    let extra = paragraphs(wc, row: r, column: cells[cells.count - 1].column, &conv)
                    cells[cells.count - 1].paragraphs += extra
                    col += 1
                    continue
                }
            }
            if col >= maxColumns {
                // Past the widest grid we build (Word itself stops at 63 columns): the text
                // joins the row's last cell, so nothing is lost and no huge grid is made.
                tooWide += 1
                if !cells.isEmpty {
                    let last = cells.count - 1
                    cells[last].paragraphs += paragraphs(wc, row: r, column: cells[last].column, &conv)
                }
                continue
            }
            let span = max(1, min(wc.gridSpan, maxColumns - col))
            let paragraphs = paragraphs(wc, row: r, column: col, &conv)
            if wc.vMerge == .continue, let o = above[col], o.row < rows.count, o.index < rows[o.row].count {
                rows[o.row][o.index].rowSpan = r - o.row + 1
                if !paragraphs.isEmpty {
                    // Word hides a continuation's text; we keep it once, in the merged cell.
                    rows[o.row][o.index].paragraphs += paragraphs
                    continuationText += 1
                }
                next[col] = o
            } else {
                if wc.vMerge == .continue { orphans += 1 }
                cells.append(Cell(row: r, column: col, rowSpan: 1, colSpan: span, paragraphs: paragraphs))
                next[col] = (r, cells.count - 1)
            }
            col += span
        }
        rows.append(cells)
        swap(&above, &next)
    }

    /// The table, with what its reading found reported to the converter.
    func finish(_ conv: inout WordConverter) -> Table {
        if orphans > 0 {
            conv.findings.append(Finding(code: "docx.vmerge_orphan", severity: .info,
                message: "\(part) table \(index): \(orphans) vertical-merge continuation cell(s) with no cell above to continue; read as cells of their own"))
        }
        if tooWide > 0 {
            conv.findings.append(Finding(code: "docx.table_too_wide", severity: .warning,
                message: "\(part) table \(index): \(tooWide) cell(s) past grid column \(WordConverter.maxColumns); their text was put in the last cell of their row"))
        }
        if continuationText > 0 { conv.log.record("docx.vmerge_continuation_text_kept", count: continuationText) }
        if nested > 0 { conv.log.record("docx.nested_table_read_into_cell", count: nested) }
        return Table(rows: rows, locator: Locator(part: part, paragraph: firstParagraph, table: index), construction: "native")
    }

    /// The paragraphs of one cell, each its own `Paragraph` with the cell's coordinates.
    private mutating func paragraphs(_ c: WCell, row: Int, column: Int, _ conv: inout WordConverter) -> [Paragraph] {
        var out: [Paragraph] = []
        var k = 0, innerTables = 0
        let part = self.part, table = self.index
        CellWalk.paragraphs(in: c.blocks, nested: &innerTables) { p in
            let loc = Locator(part: part, paragraph: p.index, table: table, row: row, column: column, cellParagraph: k)
            k += 1
            if let para = conv.render(p, base: loc) { out.append(para) }
        }
        nested += innerTables
        return out
    }
}

/// Converts a part's blocks as the parser delivers them: paragraphs as they come, a table row by
/// row, so a large table is converted while libxml2 (on its own thread, `SAXStream`) reads on.
/// Gives what `WordConverter.body` gives for the parsed part.
struct WordBodyConverter: WBlockSink {
    private(set) var converter: WordConverter
    let part: String
    private(set) var blocks: [Block] = []
    private var table: TableAssembler?

    init(_ converter: WordConverter, part: String) { self.converter = converter; self.part = part }

    mutating func paragraph(_ p: WParagraph) { converter.append(.paragraph(p), part: part, to: &blocks) }
    mutating func beginTable(index: Int, firstParagraph: Int) {
        table = TableAssembler(part: part, index: index, firstParagraph: firstParagraph)
    }
    mutating func row(_ r: WRow) { table?.add(r, &converter) }
    mutating func endTable() {
        if let t = table { blocks.append(.table(t.finish(&converter))) }
        table = nil
    }

    /// The blocks, once the parser is done with `parsed` (its counts reported to `converter`).
    mutating func finish(_ parsed: WPart) -> [Block] {
        converter.report(parsed)
        return blocks
    }
}

/// The paragraphs of a cell in reading order: each paragraph, then its text boxes, and nested
/// tables row by row, cell by cell.
enum CellWalk {
    static func paragraphs(in blocks: [WBlock], nested: inout Int, _ body: (WParagraph) -> Void) {
        for b in blocks {
            switch b {
            case .paragraph(let p):
                body(p)
                if !p.textBoxes.isEmpty { paragraphs(in: p.textBoxes, nested: &nested, body) }
            case .table(let inner):
                nested += 1
                for r in inner.rows {
                    for cell in r.cells { paragraphs(in: cell.blocks, nested: &nested, body) }
                }
            }
        }
    }
}
