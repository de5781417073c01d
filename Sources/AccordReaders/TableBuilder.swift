import Foundation
import AccordModel
import AccordText

/// Collects the rows of a table read from text and turns "same as above" slots into row spans.
struct TableBuilder {
    struct Row {
        var cells: [Int: [Paragraph]] = [:]
        /// Columns that continue the cell above (a vertical merge the flat text dropped).
        var mergedFromAbove: Set<Int> = []
        var lastColumn: Int { cells.keys.max() ?? -1 }
    }

    let columnCount: Int
    var rows: [Row] = []

    init(columnCount: Int) { self.columnCount = columnCount }

    mutating func add(_ row: Row) { if !row.cells.isEmpty { rows.append(row) } }

    /// Builds the table; `inferred` marks spans the reader had to guess.
    func build(locator: Locator, construction: String, inferred: Bool) -> Table {
        var out: [[Cell]] = []
        // For each column, where the cell covering it in the previous row lives: (row, index in that row).
        var owner: [(Int, Int)?] = Array(repeating: nil, count: columnCount)
        for (r, row) in rows.enumerated() {
            var cells: [Cell] = []
            var next = owner
            for c in 0..<columnCount {
                if let ps = row.cells[c] {
                    cells.append(Cell(row: r, column: c, paragraphs: ps))
                    next[c] = (r, cells.count - 1)
                } else if row.mergedFromAbove.contains(c), !row.cells.keys.contains(where: { $0 < c }), let (orow, oidx) = owner[c] {
                    // Columns are a hierarchy (类别 > 大项 > 要求 > 细项): a slot continues the cell
                    // above only while every column to its left continues too.
                    if orow == r { continue }
                    if orow < out.count {
                        out[orow][oidx].rowSpan = r - orow + 1
                        if inferred { out[orow][oidx].spanInferred = true }
                    }
                    next[c] = (orow, oidx)
                } else {
                    next[c] = nil
                }
            }
            out.append(cells)
            owner = next
        }
        return Table(rows: out, locator: locator, construction: construction)
    }

    /// Puts a row's non-empty cells into columns, in order, where their text fits the column
    /// roles best. `hint` is the column the first cell appeared in (from leading empty cells).
    static func align(_ texts: [String], roles: [IndicatorRole?], hint: Int) -> [Int] {
        let k = texts.count, n = roles.count
        guard k > 0, k <= n else { return Array(0..<min(k, n)) }
        let scores = texts.map { IndicatorVocabulary.scores($0) }
        func s(_ i: Int, _ c: Int) -> Double {
            guard let role = roles[c] else { return 0 }
            return scores[i][role] ?? 0
        }
        // best[i][c]: best total placing cells 0...i with cell i in column c.
        var best = Array(repeating: Array(repeating: -Double.infinity, count: n), count: k)
        var from = Array(repeating: Array(repeating: -1, count: n), count: k)
        for c in 0..<n { best[0][c] = s(0, c) + (c == hint ? 1.0 : 0) - (c < hint ? 2.0 : 0) }
        if k > 1 {
            for i in 1..<k {
                for c in i..<n {
                    for p in (i - 1)..<c where best[i - 1][p] > -Double.infinity {
                        let v = best[i - 1][p] + s(i, c)
                        if v > best[i][c] { best[i][c] = v; from[i][c] = p }
                    }
                }
            }
        }
        var c = (0..<n).max { best[k - 1][$0] < best[k - 1][$1] } ?? (n - 1)
        var cols = Array(repeating: 0, count: k)
        for i in stride(from: k - 1, through: 0, by: -1) {
            cols[i] = c
            if i > 0 { c = from[i][c] }
        }
        return cols
    }
}

extension TextReadContext {
    /// Splits a table cell's raw text into paragraphs: `<p>…</p>` fragments and runs of two or
    /// more spaces (how these conversions separate a cell's paragraphs) each start a new one.
    mutating func cellParagraphs(_ raw: Substring, line: Int, column: Int) -> [Paragraph] {
        var pieces: [(String, Int)] = []   // (text, column)
        let chars = Array(raw)
        var i = 0, start = 0
        var cur = ""
        func flush(_ at: Int) {
            if !cur.allSatisfy(\.isWhitespace) { pieces.append((cur, column + start)) }
            cur = ""; start = at
        }
        while i < chars.count {
            if chars[i] == "<" {
                let rest = String(chars[i..<min(chars.count, i + 4)]).lowercased()
                if rest.hasPrefix("<p>") { flush(i + 3); i += 3; log.record("html.p_tag_removed"); continue }
                if rest.hasPrefix("</p>") { flush(i + 4); i += 4; continue }
                if rest.hasPrefix("<br") , let close = chars[i...].firstIndex(of: ">") {
                    flush(close + 1); i = close + 1; log.record("html.br_tag_removed"); continue
                }
            }
            if chars[i] == " ", i + 1 < chars.count, chars[i + 1] == " " {
                var j = i
                while j < chars.count, chars[j] == " " { j += 1 }
                if !cur.allSatisfy(\.isWhitespace) { log.record("text.cell_paragraph_split") }
                flush(j); i = j; continue
            }
            if cur.isEmpty { start = i }
            cur.append(chars[i]); i += 1
        }
        flush(i)
        return pieces.compactMap { paragraph($0.0, line: line, column: $0.1) }
    }
}
