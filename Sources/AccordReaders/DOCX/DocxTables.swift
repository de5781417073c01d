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
        // The cells whose paragraphs the table takes, in reading order (the layout below does
        // not depend on what the paragraphs say).
        var cells: [(cell: WCell, row: Int, column: Int)] = []
        _ = Self.layout(t) { c, r, col in cells.append((c, r, col)); return [] }
        // List labels run through the document: they are worked out one after the other; the
        // cleaning, which costs, is done in pieces on every core, each piece with its own log.
        var labels: [(label: String, separator: String)?] = []
        var firstLabel: [Int] = []
        for c in cells {
            firstLabel.append(labels.count)
            Self.walk(c.cell.blocks) { p in labels.append(label(p)) }
        }
        let tableIndex = t.index
        let jobs = cells, labelled = labels, starts = firstLabel
        let pieces = Concurrent.pieces(jobs.count, minimum: 2048)
        let results = Concurrent.map(pieces) { k in
            var log = ActionLog(), nested = 0
            var paragraphs: [[Paragraph]] = []
            for j in (k * jobs.count / pieces)..<((k + 1) * jobs.count / pieces) {
                var next = starts[j]
                paragraphs.append(Self.cellParagraphs(jobs[j].cell, part: part, table: tableIndex, row: jobs[j].row, column: jobs[j].column,
                                                      nested: &nested, log: &log) { _ in defer { next += 1 }; return labelled[next] })
            }
            return (paragraphs: paragraphs, log: log, nested: nested)
        }
        var nested = 0
        var paragraphs: [[Paragraph]] = []
        paragraphs.reserveCapacity(jobs.count)
        for r in results {
            log.merge(r.log.actions)
            nested += r.nested
            paragraphs += r.paragraphs
        }
        var next = 0
        let (rows, counts) = Self.layout(t) { _, _, _ in defer { next += 1 }; return paragraphs[next] }
        if counts.orphans > 0 {
            findings.append(Finding(code: "docx.vmerge_orphan", severity: .info,
                message: "\(part) table \(t.index): \(counts.orphans) vertical-merge continuation cell(s) with no cell above to continue; read as cells of their own"))
        }
        if counts.tooWide > 0 {
            findings.append(Finding(code: "docx.table_too_wide", severity: .warning,
                message: "\(part) table \(t.index): \(counts.tooWide) cell(s) past grid column \(Self.maxColumns); their text was put in the last cell of their row"))
        }
        if counts.continuationText > 0 { log.record("docx.vmerge_continuation_text_kept", count: counts.continuationText) }
        if nested > 0 { log.record("docx.nested_table_read_into_cell", count: nested) }
        return Table(rows: rows, locator: Locator(part: part, paragraph: t.firstParagraph, table: t.index), construction: "native")
    }

    /// The table's rows of cells, with `paragraphs(cell, row, column)` giving the paragraphs of
    /// each Word cell read (called once per such cell, in reading order).
    static func layout(_ t: WTable, paragraphs cellParagraphs: (WCell, Int, Int) -> [Paragraph])
        -> (rows: [[Cell]], counts: (orphans: Int, continuationText: Int, tooWide: Int)) {
        var rows: [[Cell]] = []
        // For each grid column: the (row, index) of the cell that starts there and may continue down.
        var above: [Int: (row: Int, index: Int)] = [:]
        var orphans = 0, continuationText = 0, tooWide = 0
        for (r, wr) in t.rows.enumerated() {
            var cells: [Cell] = []
            var next: [Int: (row: Int, index: Int)] = [:]
            var col = wr.gridBefore
            for wc in wr.cells {
                if wc.gridSpan == 0, col < Self.maxColumns {
                    // hMerge continuation: widen the previous cell of this row.
                    if !cells.isEmpty {
                        cells[cells.count - 1].colSpan += 1
                        let extra = cellParagraphs(wc, r, cells[cells.count - 1].column)
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
                        cells[last].paragraphs += cellParagraphs(wc, r, cells[last].column)
                    }
                    continue
                }
                let span = max(1, min(wc.gridSpan, Self.maxColumns - col))
                let paragraphs = cellParagraphs(wc, r, col)
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
            above = next
        }
        return (rows, (orphans, continuationText, tooWide))
    }

    /// Calls `visit` for each paragraph of `blocks` in the order `cellParagraphs` reads them.
    static func walk(_ blocks: [WBlock], _ visit: (WParagraph) -> Void) {
        for b in blocks {
            switch b {
            case .paragraph(let p):
                visit(p)
                walk(p.textBoxes, visit)
            case .table(let inner):
                for r in inner.rows { for cell in r.cells { walk(cell.blocks, visit) } }
            }
        }
    }

    /// The paragraphs of one cell, each its own `Paragraph` with the cell's coordinates;
    /// `label` gives each paragraph's list label, in reading order.
    static func cellParagraphs(_ c: WCell, part: String, table: Int, row: Int, column: Int, nested: inout Int, log: inout ActionLog,
                               label: (WParagraph) -> (label: String, separator: String)?) -> [Paragraph] {
        var out: [Paragraph] = []
        var k = 0
        func walk(_ blocks: [WBlock], _ out: inout [Paragraph], _ k: inout Int, _ nested: inout Int, _ log: inout ActionLog) {
            for b in blocks {
                switch b {
                case .paragraph(let p):
                    let loc = Locator(part: part, paragraph: p.index, table: table, row: row, column: column, cellParagraph: k)
                    k += 1
                    if let para = render(p, label: label(p), base: loc, log: &log) { out.append(para) }
                    walk(p.textBoxes, &out, &k, &nested, &log)
                case .table(let inner):
                    nested += 1
                    for r in inner.rows { for cell in r.cells { walk(cell.blocks, &out, &k, &nested, &log) } }
                }
            }
        }
        walk(c.blocks, &out, &k, &nested, &log)
        return out
    }
}
