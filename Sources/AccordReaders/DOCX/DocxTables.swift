import Foundation
import AccordModel
import AccordText

extension WordConverter {
    /// The widest grid a Word table is read into.
    static let maxColumns = 128

    /// A Word table on its grid. `w:gridBefore` shifts a row's first cell right; `w:gridSpan`
    /// sets the column span; a `w:vMerge` continuation extends the row span of the cell that
    /// starts in the same grid column above it and is not repeated; a legacy `w:hMerge`
    /// continuation widens the cell on its left. Nested tables are read into the cell that holds
    /// them (their paragraphs in reading order), so no text is lost or doubled.
    mutating func table(_ t: WTable, part: String) -> Table {
        var rows: [[Cell]] = []
        // For each grid column: the (row, index) of the cell that starts there and may continue down.
        // Columns stay below maxColumns, so two arrays (this row's and the row above's) serve as maps.
        var above = [(row: Int, index: Int)?](repeating: nil, count: Self.maxColumns)
        var next = above
        var orphans = 0, continuationText = 0, nested = 0, tooWide = 0
        for (r, wr) in t.rows.enumerated() {
            var cells: [Cell] = []
            for c in next.indices { next[c] = nil }
            var col = wr.gridBefore
            for wc in wr.cells {
                if wc.gridSpan == 0, col < Self.maxColumns {
                    // hMerge continuation: widen the previous cell of this row.
                    if !cells.isEmpty {
                        cells[cells.count - 1].colSpan += 1
                        let extra = cellParagraphs(wc, part: part, table: t.index, row: r, column: cells[cells.count - 1].column, nested: &nested)
                        cells[cells.count - 1].paragraphs += extra
                        col += 1
                        continue
                    }
                }
                if col >= Self.maxColumns {
                    // Past the widest grid we build (Word itself stops at 63 columns): the text
                    // joins the row's last cell, so nothing is lost and no huge grid is made.
                    tooWide += 1
                    if !cells.isEmpty {
                        let last = cells.count - 1
                        cells[last].paragraphs += cellParagraphs(wc, part: part, table: t.index, row: r, column: cells[last].column, nested: &nested)
                    }
                    continue
                }
                let span = max(1, min(wc.gridSpan, Self.maxColumns - col))
                let paragraphs = cellParagraphs(wc, part: part, table: t.index, row: r, column: col, nested: &nested)
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
        if orphans > 0 {
            findings.append(Finding(code: "docx.vmerge_orphan", severity: .info,
                message: "\(part) table \(t.index): \(orphans) vertical-merge continuation cell(s) with no cell above to continue; read as cells of their own"))
        }
        if tooWide > 0 {
            findings.append(Finding(code: "docx.table_too_wide", severity: .warning,
                message: "\(part) table \(t.index): \(tooWide) cell(s) past grid column \(Self.maxColumns); their text was put in the last cell of their row"))
        }
        if continuationText > 0 { log.record("docx.vmerge_continuation_text_kept", count: continuationText) }
        if nested > 0 { log.record("docx.nested_table_read_into_cell", count: nested) }
        return Table(rows: rows, locator: Locator(part: part, paragraph: t.firstParagraph, table: t.index), construction: "native")
    }

    /// The paragraphs of one cell, each its own `Paragraph` with the cell's coordinates.
    private mutating func cellParagraphs(_ c: WCell, part: String, table: Int, row: Int, column: Int, nested: inout Int) -> [Paragraph] {
        var out: [Paragraph] = []
        var k = 0
        cellBlocks(c.blocks, part: part, table: table, row: row, column: column, out: &out, k: &k, nested: &nested)
        return out
    }

    /// Paragraphs in reading order: text boxes after their paragraph, nested tables cell by cell.
    /// (A method, not a nested function: a recursive capturing closure per cell cost an allocation.)
    private mutating func cellBlocks(_ blocks: [WBlock], part: String, table: Int, row: Int, column: Int,
                                     out: inout [Paragraph], k: inout Int, nested: inout Int) {
        for b in blocks {
            switch b {
            case .paragraph(let p):
                let loc = Locator(part: part, paragraph: p.index, table: table, row: row, column: column, cellParagraph: k)
                k += 1
                if let para = render(p, base: loc) { out.append(para) }
                if !p.textBoxes.isEmpty {
                    cellBlocks(p.textBoxes, part: part, table: table, row: row, column: column, out: &out, k: &k, nested: &nested)
                }
            case .table(let inner):
                nested += 1
                for r in inner.rows {
                    for cell in r.cells {
                        cellBlocks(cell.blocks, part: part, table: table, row: row, column: column, out: &out, k: &k, nested: &nested)
                    }
                }
            }
        }
    }
}
