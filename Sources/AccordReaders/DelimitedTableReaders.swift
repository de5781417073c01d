import Foundation
import AccordModel
import AccordText

/// A table split into cells by a delimiter: TSV rows of a Markdown conversion, or pipe tables.
///
/// Conversions drop empty cells: a row with fewer cells than the header is put back into
/// columns by what its cells look like, and every column left of its last cell that it does
/// not fill is taken as a vertical merge with the cell above (the flat text lost the merge).
enum DelimitedTableReader {
    struct RawCell { var text: Substring; var column: Int }

    static func read(rows: [(line: TextLine, cells: [RawCell])], construction: String, into ctx: inout TextReadContext) {
        guard let header = rows.first else { return }
        let headerCells = trimTrailingEmpty(header.cells)
        let n = headerCells.count
        guard n >= 2 else {
            // Not a table after all: keep the text as paragraphs.
            for r in rows { for c in r.cells { if let p = ctx.paragraph(String(c.text), line: r.line.number, column: c.column) { ctx.blocks.append(.paragraph(p)) } } }
            return
        }
        let roles = headerCells.map { IndicatorVocabulary.role(ofHeader: String($0.text)) }
        var builder = TableBuilder(columnCount: n)
        var headerRow = TableBuilder.Row()
        for (c, cell) in headerCells.enumerated() {
            headerRow.cells[c] = ctx.cellParagraphs(cell.text, line: header.line.number, column: cell.column)
        }
        builder.add(headerRow)
        var realigned = 0
        for (line, cells) in rows.dropFirst() {
            let trimmed = trimTrailingEmpty(cells)
            let lead = trimmed.prefix { $0.text.allSatisfy(\.isWhitespace) }.count
            let body = Array(trimmed.dropFirst(lead))
            guard !body.isEmpty else { continue }
            var row = TableBuilder.Row()
            var columns: [Int]
            if lead + body.count == n || roles.allSatisfy({ $0 == nil }) {
                // A row may lead with more empty cells than the header has columns: its cells
                // then all fall in the last column (below).
                columns = lead < n ? Array(lead..<min(n, lead + body.count)) : []
            } else {
                columns = TableBuilder.align(body.map { plain($0.text) }, roles: roles, hint: lead)
                if columns.first != lead { realigned += 1 }
            }
            for (i, cell) in body.enumerated() {
                let c = i < columns.count ? columns[i] : n - 1
                let ps = ctx.cellParagraphs(cell.text, line: line.number, column: cell.column)
                if ps.isEmpty { continue }
                row.cells[c, default: []] += ps
            }
            let last = row.lastColumn
            for c in 0..<max(0, last) where row.cells[c] == nil { row.mergedFromAbove.insert(c) }
            builder.add(row)
        }
        if realigned > 0 { ctx.log.record("table.cells_realigned", count: realigned) }
        let loc = Locator(line: header.line.number, endLine: rows.last?.line.number)
        let table = builder.build(locator: loc, construction: construction, inferred: true)
        ctx.blocks.append(.table(table))
        ctx.tableCount += 1
    }

    /// Cell text with markup removed, for judging what the cell holds.
    static func plain(_ s: Substring) -> String {
        s.replacingOccurrences(of: #"</?[pP]>|<br\s*/?>"#, with: " ", options: .regularExpression)
            .trimmingCharacters(in: .whitespaces)
    }

    static func trimTrailingEmpty(_ cells: [RawCell]) -> [RawCell] {
        var cs = cells
        while let last = cs.last, last.text.allSatisfy(\.isWhitespace) { cs.removeLast() }
        return cs
    }

    static func split(_ line: TextLine, on sep: Character) -> [RawCell] {
        var out: [RawCell] = []
        var col = 1, start = line.text.startIndex, startCol = 1
        for i in line.text.indices {
            if line.text[i] == sep {
                out.append(RawCell(text: line.text[start..<i], column: startCol))
                start = line.text.index(after: i); startCol = col + 1
            }
            col += 1
        }
        out.append(RawCell(text: line.text[start...], column: startCol))
        return out
    }
}

enum TSVTableReader {
    static func read(_ lines: [TextLine], into ctx: inout TextReadContext) {
        let rows = lines.filter { !$0.isBlank }.map { ($0, DelimitedTableReader.split($0, on: "\t")) }
        DelimitedTableReader.read(rows: rows.map { (line: $0.0, cells: $0.1) }, construction: "tsv", into: &ctx)
    }
}

enum PipeTableReader {
    static func read(_ lines: [TextLine], into ctx: inout TextReadContext) {
        var rows: [(line: TextLine, cells: [DelimitedTableReader.RawCell])] = []
        for l in lines where !l.isBlank {
            var cells = DelimitedTableReader.split(l, on: "|")
            // Leading and trailing pipes leave empty outer cells.
            if let f = cells.first, f.text.allSatisfy(\.isWhitespace) { cells.removeFirst() }
            if let f = cells.last, f.text.allSatisfy(\.isWhitespace) { cells.removeLast() }
            // The |---|:---:| separator row.
            if cells.allSatisfy({ $0.text.allSatisfy { "-: ".contains($0) } }) { ctx.log.record("markdown.table_separator_removed"); continue }
            rows.append((l, cells))
        }
        DelimitedTableReader.read(rows: rows, construction: "pipe", into: &ctx)
    }
}
