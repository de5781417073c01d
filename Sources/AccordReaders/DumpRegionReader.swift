import Foundation
import AccordModel
import AccordText

/// A tab-indented dump: every cell (or paragraph of a cell) on a line of its own, in document
/// order, long lines possibly cut at a fixed width.
///
/// Tables are rebuilt by recognising their header cells (a header may be split over lines,
/// 服务 / 类别). Two body shapes are handled:
/// - rows separated by blank lines, one line per cell and untabbed lines continuing a cell;
/// - no row separators at all: each line is put into the column its text fits, a line that
///   goes back to a column at or left of the previous one starts a new row, and the columns
///   it skips on the left are taken as merged with the cell above (spans marked inferred).
/// Lines as long as the dump's cut width are marked truncated and reported.
enum DumpRegionReader {
    /// One dump entry: a tabbed line and the untabbed lines that continue it.
    struct Item {
        var paragraphs: [Paragraph]
        var blankBefore: Bool
        var text: String { paragraphs.map(\.text).joined() }
        var first: Paragraph { paragraphs[0] } // [0]: an item is made with one paragraph and only grows
    }

    static func read(_ lines: [TextLine], into ctx: inout TextReadContext) {
        let width = cutWidth(lines)
        var items: [Item] = []
        var blank = false
        for line in lines {
            if line.isBlank { blank = true; continue }
            let raw = line.text
            let lead = raw.prefix { $0 == " " || $0 == "\t" }.count
            let content = raw.dropFirst(lead)
            let truncated = width.map { content.count >= $0 } ?? false
            guard let p = ctx.paragraph(String(content), line: line.number, column: lead + 1, truncated: truncated) else { continue }
            if line.leadingTabs == 0, let last = items.indices.last, !blank {
                items[last].paragraphs.append(p)          // an untabbed line continues the cell above
            } else {
                items.append(Item(paragraphs: [p], blankBefore: blank))
            }
            blank = false
        }
        let truncatedCount = items.reduce(0) { $0 + $1.paragraphs.filter(\.truncated).count }
        if let width, truncatedCount > 0 {
            ctx.log.record("dump.cut_width_detected", example: "\(width) characters")
            for item in items { for p in item.paragraphs where p.truncated {
                ctx.finding("text.truncated", .warning,
                            "line cut at the dump's width of \(width) characters: the rest of this cell or paragraph is missing from the source",
                            p.content)
            } }
        }

        var i = 0
        while i < items.count {
            if let (headers, next) = header(at: i, in: items) {
                i = readTable(headers: headers, from: next, items: items, into: &ctx)
            } else {
                for p in items[i].paragraphs { ctx.blocks.append(.paragraph(p)) }
                i += 1
            }
        }
    }

    /// The dump's cut width: the longest line length, when several lines share it exactly.
    static func cutWidth(_ lines: [TextLine]) -> Int? {
        let lengths = lines.filter { $0.leadingTabs > 0 && !$0.isBlank }
            .map { $0.text.drop { $0 == " " || $0 == "\t" }.count }
        guard let m = lengths.max(), m >= 20 else { return nil }
        let atMax = lengths.filter { $0 == m }.count
        return atMax >= 3 && atMax * 20 >= lengths.count ? m : nil
    }

    /// Recognises header cells starting at item `i` (a header may be split over lines).
    static func header(at i: Int, in items: [Item]) -> ([[Paragraph]], Int)? {
        // Header cells are short (专业服务量化标准 is the longest known): most items are ruled out at once.
        guard i < items.count, items[i].paragraphs.allSatisfy({ $0.text.utf8.count <= 36 }) else { return nil }
        var headers: [[Paragraph]] = []
        var buffer: [Paragraph] = []
        var j = i
        while j < items.count {
            let candidate = (buffer + items[j].paragraphs).map(\.text).joined()
            if IndicatorVocabulary.role(ofHeader: candidate) != nil {
                headers.append(buffer + items[j].paragraphs); buffer = []; j += 1
            } else if IndicatorVocabulary.isHeaderPrefix(candidate) {
                buffer += items[j].paragraphs; j += 1
            } else { break }
        }
        if !buffer.isEmpty { j -= 1 }
        return headers.count >= 2 ? (headers, j) : nil
    }

    static func isTableEnd(_ text: String) -> Bool {
        ["备注", "注:", "注：", "附件", "签订日期", "甲方", "乙方"].contains { text.hasPrefix($0) }
    }

    /// Reads a table body from item `start`; returns the index of the first item after it.
    static func readTable(headers: [[Paragraph]], from start: Int, items: [Item], into ctx: inout TextReadContext) -> Int {
        let n = headers.count
        let roles = headers.map { IndicatorVocabulary.role(ofHeader: $0.map(\.text).joined()) }
        var builder = TableBuilder(columnCount: n)
        var headerRow = TableBuilder.Row()
        for (c, ps) in headers.enumerated() {
            // A header split over lines is one cell with one paragraph.
            headerRow.cells[c] = SourceText.joined(ps.map(\.content), separator: "").map { [Paragraph(content: $0)] } ?? Array(ps.prefix(1))
        }
        builder.add(headerRow)
        // Body shape: rows as blank-separated groups of exactly n cells?
        var firstGroup = 0
        while start + firstGroup < items.count, firstGroup == 0 || !items[start + firstGroup].blankBefore { firstGroup += 1 }
        let blankSeparated = start < items.count && items[start].blankBefore && firstGroup == n
        var end = start
        if blankSeparated {
            var g = start
            while g < items.count {
                var group: [Item] = [items[g]]
                var h = g + 1
                while h < items.count, !items[h].blankBefore { group.append(items[h]); h += 1 }
                if self.header(at: g, in: items) != nil || group.count != n || isTableEnd(items[g].text) { break }
                var row = TableBuilder.Row()
                for (c, item) in group.enumerated() { row.cells[c] = item.paragraphs }
                builder.add(row)
                g = h
            }
            end = g
        } else {
            end = classify(items: items, from: start, roles: roles, builder: &builder, into: &ctx)
        }
        let first = headers.first?.first?.content.base.line
        // start ≥ 1 (two header items precede it) and end ≤ items.count; checked all the same.
        let lastItem = max(start, end) - 1
        let last = items.indices.contains(lastItem) ? items[lastItem].paragraphs.last?.content.base.line : nil
        let table = builder.build(locator: Locator(line: first, endLine: last),
                                  construction: blankSeparated ? "rebuilt" : "rebuilt-inferred", inferred: !blankSeparated)
        ctx.blocks.append(.table(table))
        ctx.tableCount += 1
        if !blankSeparated {
            ctx.findings.append(Finding(code: "table.rebuilt_from_dump", severity: .info,
                message: "table of \(builder.rows.count - 1) rows rebuilt from a flat dump with no row separators: columns chosen by content, merges inferred; cells the dump lost cannot be recovered",
                provenance: headers.first.flatMap { $0.first }.map { $0.content.provenance($0.content.whole, source: ctx.sha256) }))
        }
        return end
    }

    /// Rows from a separator-less dump. Returns the index after the table.
    static func classify(items: [Item], from start: Int, roles: [IndicatorRole?], builder: inout TableBuilder, into ctx: inout TextReadContext) -> Int {
        let n = roles.count
        var row = TableBuilder.Row()
        var k = start
        func flush() {
            let last = row.lastColumn
            for c in 0..<max(0, last) where row.cells[c] == nil { row.mergedFromAbove.insert(c) }
            builder.add(row); row = TableBuilder.Row()
        }
        while k < items.count {
            var item = items[k]
            if isTableEnd(item.text) || (k > start && header(at: k, in: items) != nil) { break }
            k += 1
            // Vertical text: single characters on successive lines (社 / 区 / 治 / 理类) are one cell.
            if item.text.count <= 2 {
                while k < items.count, items[k].text.count <= 2, !isTableEnd(items[k].text) {
                    item.paragraphs += items[k].paragraphs; k += 1
                }
                if item.paragraphs.count > 1, let joined = SourceText.joined(item.paragraphs.map(\.content), separator: "") {
                    ctx.log.record("dump.vertical_text_joined", example: joined.text)
                    item.paragraphs = [Paragraph(content: joined)]
                }
            }
            let text = item.text
            let lastCol = row.lastColumn
            // A line continuing the numbered list (or a parenthetical) of the cell just placed.
            if lastCol >= 0, let prev = row.cells[lastCol]?.last, continues(prev.text, text, cell: row.cells[lastCol] ?? []) {
                row.cells[lastCol, default: []] += item.paragraphs
                continue
            }
            let scores = IndicatorVocabulary.scores(text)
            func score(_ c: Int) -> Double { roles[c].flatMap { scores[$0] } ?? -1 }
            let bestAll = (0..<n).max { score($0) < score($1) } ?? 0
            var column = bestAll
            if let bestAfter = ((lastCol + 1)..<max(lastCol + 1, n)).max(by: { score($0) < score($1) }),
               score(bestAfter) >= score(bestAll) - 1.0 {
                column = bestAfter
            }
            if column <= lastCol { flush() }
            row.cells[column] = item.paragraphs
        }
        if !row.cells.isEmpty { flush() }
        return k
    }

    /// Whether `next` continues the cell whose last paragraph is `prev`.
    static func continues(_ prev: String, _ next: String, cell: [Paragraph]) -> Bool {
        if let n = leadingNumber(next) {
            let previous = cell.compactMap { leadingNumber($0.text) }.last
            return previous.map { n == $0 + 1 } ?? false
        }
        // "(发展1支老年志愿者服务队)": a parenthetical that is not sub-item numbering.
        if next.hasPrefix("("), ListLabel.paren(next) == nil,
           leadingNumber(prev) != nil || cell.contains(where: { leadingNumber($0.text) != nil }) {
            return true
        }
        return false
    }

    /// The N of a leading "N." / "N、" list label.
    static func leadingNumber(_ s: String) -> Int? {
        guard let label = ListLabel.dotted(s, maxDigits: 2), label.separator != "．" else { return nil }
        return label.number
    }
}
