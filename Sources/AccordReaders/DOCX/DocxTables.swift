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
    ///
    /// Three passes: the grid is laid out and every list label numbered in reading order (list
    /// counters run through the table as Word shows them); the cells' paragraphs are cleaned,
    /// in pieces on every core for a large table (each piece logs on its own; the logs are merged
    /// in reading order, which gives what one log would have recorded); then the paragraphs go
    /// into their cells in reading order.
    mutating func table(_ t: WTable, part: String) -> Table {
        var layout = TableLayout()
        var rows: [[Cell]] = []
        // For each grid column: the (row, index) of the cell that starts there and may continue down.
        // Columns stay below maxColumns, so two arrays (this row's and the row above's) serve as maps.
        var above = [(row: Int, index: Int)?](repeating: nil, count: Self.maxColumns)
        var next = above
        var orphans = 0, tooWide = 0
        for (r, wr) in t.rows.enumerated() {
            var cells: [Cell] = []
            for c in next.indices { next[c] = nil }
            var col = wr.gridBefore
            for (i, wc) in wr.cells.enumerated() {
                let at = TableLayout.CellRef(row: r, cell: i)
                if wc.gridSpan == 0, col < Self.maxColumns {
                    // hMerge continuation: widen the previous cell of this row.
                    if !cells.isEmpty {
                        cells[cells.count - 1].colSpan += 1
                        plan(at, wc, column: cells[cells.count - 1].column, into: .init(row: r, index: cells.count - 1), &layout)
                        col += 1
                        continue
                    }
                }
                if col >= Self.maxColumns {
                    // Past the widest grid we build (Word itself stops at 63 columns): the text
                    // joins the row's last cell, so nothing is lost and no huge grid is made.
                    tooWide += 1
                    if !cells.isEmpty {
                        plan(at, wc, column: cells[cells.count - 1].column, into: .init(row: r, index: cells.count - 1), &layout)
                    }
                    continue
                }
                let span = max(1, min(wc.gridSpan, Self.maxColumns - col))
                if wc.vMerge == .continue, let o = above[col], o.row < rows.count, o.index < rows[o.row].count {
                    rows[o.row][o.index].rowSpan = r - o.row + 1
                    // Word hides a continuation's text; we keep it once, in the merged cell.
                    plan(at, wc, column: col, into: .init(row: o.row, index: o.index, isContinuation: true), &layout)
                    next[col] = o
                } else {
                    if wc.vMerge == .continue { orphans += 1 }
                    cells.append(Cell(row: r, column: col, rowSpan: 1, colSpan: span, paragraphs: []))
                    plan(at, wc, column: col, into: .init(row: r, index: cells.count - 1), &layout)
                    next[col] = (r, cells.count - 1)
                }
                col += span
            }
            rows.append(cells)
            swap(&above, &next)
        }

        let rendered = renderConcurrently(t, layout, part: part)
        var continuationText = 0
        for (k, fill) in layout.fills.enumerated() where !rendered[k].isEmpty {
            rows[fill.row][fill.index].paragraphs += rendered[k]
            if fill.isContinuation { continuationText += 1 }
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
        if layout.nested > 0 { log.record("docx.nested_table_read_into_cell", count: layout.nested) }
        return Table(rows: rows, locator: Locator(part: part, paragraph: t.firstParagraph, table: t.index), construction: "native")
    }

    /// Plans the reading of one Word cell into a grid cell: numbers its paragraphs' list labels
    /// now, in reading order, and notes where its paragraphs go.
    private mutating func plan(_ at: TableLayout.CellRef, _ wc: WCell, column: Int, into fill: TableLayout.Fill, _ layout: inout TableLayout) {
        let first = layout.labels.count
        CellWalk.paragraphs(in: wc.blocks, nested: &layout.nested) { p in layout.labels.append(label(p)) }
        layout.reads.append(TableLayout.Read(cell: at, column: column, labels: first..<layout.labels.count))
        layout.fills.append(fill)
    }

    /// The paragraphs of every planned cell read, in plan order: in pieces on every core when the
    /// table is large, each piece with its own log, merged back in order.
    private mutating func renderConcurrently(_ t: WTable, _ layout: TableLayout, part: String) -> [[Paragraph]] {
        let total = layout.labels.count
        let pieces = Concurrent.pieces(total, minimum: 2048)
        let reads = layout.reads, labels = layout.labels
        // Piece k reads the planned cells whose first paragraph falls in its share of paragraphs.
        let bounds = (0...pieces).map { k in
            k == pieces ? reads.count : (reads.firstIndex { $0.labels.lowerBound >= k * total / pieces } ?? reads.count)
        }
        let results = Concurrent.map(pieces) { k -> (cells: [[Paragraph]], log: ActionLog) in
            var log = ActionLog()
            var cells: [[Paragraph]] = []
            cells.reserveCapacity(bounds[k + 1] - bounds[k])
            for read in reads[bounds[k]..<bounds[k + 1]] {
                cells.append(Self.read(t.rows[read.cell.row].cells[read.cell.cell], read, labels: labels, part: part, table: t.index, log: &log))
            }
            return (cells, log)
        }
        var out: [[Paragraph]] = []
        out.reserveCapacity(reads.count)
        for r in results {
            out += r.cells
            log.merge(r.log.actions)
        }
        return out
    }

    /// One cell's paragraphs, each its own `Paragraph` with the cell's coordinates, in reading
    /// order (text boxes after their paragraph, nested tables cell by cell).
    private static func read(_ wc: WCell, _ read: TableLayout.Read, labels: [ListLabel?], part: String, table: Int,
                             log: inout ActionLog) -> [Paragraph] {
        var out: [Paragraph] = []
        var k = 0
        var nested = 0
        CellWalk.paragraphs(in: wc.blocks, nested: &nested) { p in
            let loc = Locator(part: part, paragraph: p.index, table: table, row: read.cell.row, column: read.column, cellParagraph: k)
            if let para = render(p, label: labels[read.labels.lowerBound + k], base: loc, log: &log) { out.append(para) }
            k += 1
        }
        return out
    }
}

/// What the first pass over a table decides: which Word cells are read (with the grid column
/// their locators name and their list labels), and which grid cell each one's paragraphs join.
struct TableLayout {
    struct CellRef { var row: Int; var cell: Int }
    struct Read { var cell: CellRef; var column: Int; var labels: Range<Int> }
    struct Fill { var row: Int; var index: Int; var isContinuation = false }
    /// Word cells to read, in reading order.
    var reads: [Read] = []
    /// For each read, the grid cell its paragraphs are appended to.
    var fills: [Fill] = []
    /// The list label of every paragraph of the cells read, in reading order.
    var labels: [WordConverter.ListLabel?] = []
    /// Nested tables met (read into their cells).
    var nested = 0
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
