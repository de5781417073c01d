import Foundation
import AccordText

/// A list label of an indicator table: （1） (4.1) written in parentheses, or 1、 / 1. before the text.
public struct ListLabel: Sendable, Hashable, CustomStringConvertible {
    public enum Style: Sendable, Hashable { case paren, dunhao, dot }
    public var path: [Int]
    public var style: Style

    public var description: String {
        let n = path.map(String.init).joined(separator: ".")
        switch style {
        case .paren: return "(\(n))"
        case .dunhao: return "\(n)、"
        case .dot: return "\(n)."
        }
    }

    /// `s` (NFKC, no white space) as exactly one label; nil otherwise.
    public static func parse(_ s: String) -> ListLabel? {
        let t = Array(s.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace })
        guard let first = t.first, let last = t.last else { return nil }
        if first == "(" {
            guard last == ")", t.count >= 3, let path = numbers(t[1..<(t.count - 1)], maxDepth: 2) else { return nil }
            return ListLabel(path: path, style: .paren)
        }
        guard last == "、" || last == ".", let path = numbers(t[..<(t.count - 1)], maxDepth: 1) else { return nil }
        return ListLabel(path: path, style: last == "、" ? .dunhao : .dot)
    }

    /// "4.1" → [4, 1]: one or two numbers of one or two digits each (not starting with 0).
    static func numbers(_ s: ArraySlice<Character>, maxDepth: Int) -> [Int]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= maxDepth else { return nil }
        var out: [Int] = []
        for p in parts {
            guard (1...2).contains(p.count), p.allSatisfy({ $0.isASCII && $0.isNumber }), p.first != "0", let v = Int(String(p)) else { return nil }
            out.append(v)
        }
        return out
    }

    /// Whether this label may follow `previous` in a column's sequence: the next at the same level
    /// ((2) after (1)), the first below it ((4.1) after (4)), the next above it ((5) after (4.3)), or a
    /// new list (1) (a new 服务大项 starts its sub-items again). Anything may open a column, or follow a
    /// label that could not be read.
    /// The next label at the same level.
    static func successor(_ l: ListLabel) -> ListLabel { var n = l; n.path[n.path.count - 1] += 1; return n }

    public func mayFollow(_ previous: ListLabel?) -> Bool {
        guard let p = previous else { return true }
        if path == [1] { return true }
        guard style == p.style else { return false }
        var next = p.path; next[next.count - 1] += 1
        if path == next || path == p.path + [1] { return true }
        if p.path.count == 2, path == [p.path[0] + 1] { return true }
        return false
    }
}

/// Leading list labels of table cells read again with only label characters allowed, and checked
/// against the label sequence of their column (（1）（2）（3）… or 1、2、…), the way the 大写 is read again
/// (`ConstrainedReread`).
///
/// A column is a label column when at least half of its cells below the header begin with a label or
/// what a misread label looks like (a first glyph that is not Han: `\)`, `GD)`, `《2)`). A label is read
/// again when the first reading is not a well-formed label or does not fit after the column's previous
/// one (`ListLabel.mayFollow`). The region reaches from the label's start over the first glyph of the
/// text after it (the anchor, added to the whitelist, as `FigureReread` anchors figures): Tesseract's
/// boxes can be off by half a glyph, and a region that cuts the anchor reads as a digit. The re-read is
/// kept when what precedes the anchor is a well-formed label that fits the sequence. Labels inside a
/// cell ((1) … (2) …) are checked the same way when a parenthesis holds no Han.
public enum LabelReread {
    public static let whitelist = "()（）0123456789.、"
    static let openers: Set<String> = ["(", "（"]
    static let closers: Set<String> = [")", "）"]
    static let constraint = "list label (label characters only; fits the column's sequence)"

    public static func reread(_ table: inout GridTable, page: PreparedPage, pageNumber: Int, engine: TesseractEngine) -> [Reread] {
        var out: [Reread] = []
        let order = table.cells.indices.sorted { (table.cells[$0].column, table.cells[$0].row) < (table.cells[$1].column, table.cells[$1].row) }
        for column in Set(table.cells.map(\.column)).sorted() {
            let labelled = isLabelColumn(table, column)
            var previous: ListLabel?
            for i in order where table.cells[i].column == column && table.cells[i].row > 0 {
                // Within a cell of any column, numbered items 1. … 2. … follow the cell's first label.
                var inCell: ListLabel?
                for li in table.cells[i].lines.indices {
                    var p = 0
                    while p < flat(table.cells[i].lines[li]).count {
                        let line = table.cells[i].lines[li]
                        let found = labelled ? site(in: line, at: p, lineStart: p == 0, cellStart: li == 0 && p == 0)
                            : markedNumber(in: line, at: p, lineStart: p == 0, cellStart: li == 0 && p == 0, inCell: inCell)
                        guard let site = found ?? (labelled ? markedNumber(in: line, at: p, lineStart: false, cellStart: false, inCell: inCell) : nil) else { p += 1; continue }
                        let symbols = flat(line)
                        let firstText = symbols[site.range].map(\.text).joined()
                        if let l = ListLabel.parse(firstText), l.mayFollow(site.inner ? inCell : previous) {
                            if site.inner || l.style != .paren { inCell = l }
                            if !site.inner { previous = l }
                            p = site.range.upperBound
                            continue
                        }
                        let before = Array(symbols[site.range])
                        if site.anchor != nil || site.inner,
                           let (reread, label) = read(site, anchor: site.anchor, line: line, cell: table.cells[i].box, page: page, engine: engine,
                                                      previous: site.inner ? inCell : previous, exactly: site.inner ? inCell.map(ListLabel.successor) : nil) {
                            out.append(Reread(page: pageNumber, constraint: constraint, before: firstText, after: reread.map(\.text).joined(),
                                              beforeConfidence: ConstrainedReread.mean(before), afterConfidence: ConstrainedReread.mean(reread),
                                              box: ConstrainedReread.union(reread.map(\.box)), kept: true))
                            table.cells[i].lines[li] = ConstrainedReread.replacing(line, flat: ConstrainedReread.flat(line), range: site.range, with: reread)
                            p = site.range.lowerBound + max(1, reread.count)
                            if site.inner || label.style != .paren { inCell = label }
                            if !site.inner { previous = label }
                        } else {
                            out.append(Reread(page: pageNumber, constraint: constraint, before: firstText, after: "",
                                              beforeConfidence: ConstrainedReread.mean(before), afterConfidence: 0,
                                              box: ConstrainedReread.union(before.map(\.box)), kept: false))
                            p = site.range.upperBound
                            // A label that cannot be read leaves the sequence open: anything may follow it.
                            if !site.inner { previous = ListLabel.parse(firstText) }
                            inCell = nil
                        }
                    }
                }
            }
        }
        engine.setWhitelist("")
        return out
    }

    static func flat(_ l: OCRLine) -> [OCRSymbol] { l.words.flatMap(\.symbols) }

    static func isHan(_ s: OCRSymbol) -> Bool { s.text.first.map(TextCleaning.isHan) ?? false }

    /// At least half of the column's cells below the header begin with something that is not Han.
    static func isLabelColumn(_ t: GridTable, _ column: Int) -> Bool {
        let starts = t.cells.filter { $0.column == column && $0.row > 0 }.compactMap { $0.lines.first.flatMap { flat($0).first } }
        let labelled = starts.filter { !isHan($0) }.count
        return labelled >= 2 && 2 * labelled >= starts.count
    }

    /// Where a label may be in the line at `p`: the glyphs taken for it and the anchor after them.
    struct Site { var range: Range<Int>; var anchor: Int?; var inner = false }

    /// A number with a mark after it where a cell's items are numbered (1:建档, 2,义工, 2义工): at the
    /// start of a cell (a mark after the digits is required there, so that a figure is not taken for a
    /// label), or inside it when it is the number after the cell's previous item (`inCell`) and is
    /// followed by a mark or by a Han glyph that is not a unit.
    static func markedNumber(in line: OCRLine, at p: Int, lineStart: Bool, cellStart: Bool, inCell: ListLabel?) -> Site? {
        let s = flat(line)
        guard p < s.count, s[p].text.first?.isNumber == true else { return nil }
        if p > 0, let c = s[p - 1].text.last, c.isNumber || c == "." || c == "(" || c == "（" { return nil }
        var d = p
        while d < s.count, d - p < 2, s[d].text.count == 1, s[d].text.first?.isNumber == true { d += 1 }
        guard d == s.count || !(s[d].text.first?.isNumber ?? false) else { return nil }
        var e = d
        while e < s.count, e - d < 2, ".、,:;·。，：；`'\"".contains(s[e].text) { e += 1 }
        // A bare number ending the line (…以上) 2|义工) only after a closing mark: 不少于2|场 is a figure.
        if d == s.count, !(p > 0 && ")）%。；;，,".contains(s[p - 1].text)) { return nil }
        // The item's text after it; at the line's end (2. wrapped before 义工) there is none.
        let anchor = (e..<s.count).first(where: { isHan(s[$0]) })
        guard anchor == e || (anchor == nil && e == s.count) else { return nil }
        if cellStart || lineStart && inCell == nil {
            guard cellStart, e > d, anchor != nil else { return nil }
            return Site(range: p..<e, anchor: anchor, inner: false)
        }
        guard let previous = inCell, previous.style != .paren, previous.path.count == 1,
              Int(s[p..<d].map(\.text).joined()) == previous.path[0] + 1,
              e > d || d == s.count || !QuantityReread.unitGlyphs.contains(s[d].text) else { return nil }
        return Site(range: p..<e, anchor: anchor, inner: true)
    }

    static func site(in line: OCRLine, at p: Int, lineStart: Bool, cellStart: Bool) -> Site? {
        let s = flat(line)
        guard p < s.count else { return nil }
        let lh = line.box.count == 4 ? line.box[3] - line.box[1] : 0
        let firstHan = { (from: Int, minLeft: Int?) -> Int? in
            (from..<s.count).first { k in isHan(s[k]) && (minLeft.map { m in s[k].box.count == 4 && s[k].box[0] >= m } ?? true) }
        }
        if openers.contains(s[p].text) {
            // (…) holding no Han within six glyphs: a label, right or misread.
            if let close = (p + 1..<min(s.count, p + 7)).first(where: { closers.contains(s[$0].text) }),
               close > p + 1, !s[(p + 1)..<close].contains(where: isHan) {
                return Site(range: p..<(close + 1), anchor: firstHan(close + 1, nil))
            }
            guard lineStart else { return nil }
            // An unclosed parenthesis at the line's start ((1做好, (了建立): the label is what lies
            // before the first Han glyph at least 0.8 of a line height from its start.
            let left = s[p].box.count == 4 ? s[p].box[0] : nil
            guard let a = firstHan(p + 1, left.map { $0 + lh * 4 / 5 }) ?? firstHan(p + 1, nil), a - p <= 6 else { return nil }
            return Site(range: p..<a, anchor: a)
        }
        guard lineStart else { return nil }
        if s[p].text.first?.isNumber == true {
            // 1、 1. (or what a misread point leaves: 8个案, 7,(协助), 41.引导).
            var e = p
            while e < s.count, e - p < 3, s[e].text.first?.isNumber == true { e += 1 }
            while e < s.count, e - p < 4, !isHan(s[e]), !openers.contains(s[e].text), s[e].text.first?.isNumber != true { e += 1 }
            return Site(range: p..<e, anchor: firstHan(e, nil))
        }
        guard cellStart, !isHan(s[p]) else { return nil }
        // A first glyph that is no label character (\), GD), 《2)): up to the first Han glyph.
        guard let a = firstHan(p + 1, nil), a - p <= 5 else { return nil }
        return Site(range: p..<a, anchor: a)
    }

    /// The label read again over the site and its anchor; nil unless it is well-formed and fits.
    /// Without an anchor (a label ending its line) only a label that is exactly `exactly` is taken.
    static func read(_ site: Site, anchor: Int?, line: OCRLine, cell: [Int], page: PreparedPage, engine: TesseractEngine,
                     previous: ListLabel?, exactly: ListLabel? = nil) -> ([OCRSymbol], ListLabel)? {
        let s = flat(line)
        guard line.box.count == 4, s[site.range.lowerBound].box.count == 4, anchor.map({ s[$0].box.count == 4 }) ?? (exactly != nil) else { return nil }
        let lh = line.box[3] - line.box[1]
        let pad = max(4, lh / 4)
        let right = anchor.map { s[$0].box[2] } ?? line.box[2]
        let region = [max(cell[0], s[site.range.lowerBound].box[0] - pad), max(cell[1], line.box[1] - pad),
                      min(cell[2], right + pad), min(cell[3], line.box[3] + pad)]
        guard region[2] > region[0], region[3] > region[1] else { return nil }
        // Glyphs between the label and the anchor in the first reading ("(" of 6.(协助)) stay.
        let end = anchor ?? site.range.upperBound
        let between = s[site.range.upperBound..<end].map(\.text).joined()
        let betweenCount = end - site.range.upperBound
        let anchorText = anchor.map { s[$0].text } ?? ""
        engine.setWhitelist(whitelist + between + anchorText)
        defer { engine.setWhitelist("") }
        // Attempts in order, the first that gives a label that fits is kept: the region as a line
        // (psm 7), the same scaled ×2, and as a raw line (psm 13).
        let attempts: [(TesseractEngine.Mode, Double)] = [(.line, 1.0), (.line, 2.0), (.rawLine, 1.0)]
        for (mode, scale) in attempts {
            guard let reading = try? CellReader().readRegion(region, cell: cell, page: page, engine: engine, mode: mode, pad: pad, scale: scale) else { continue }
            let r = reading.flatMap(flat)
            if ProcessInfo.processInfo.environment["ACCORD_OCR_DEBUG"] != nil {
                FileHandle.standardError.write(Data("label reread (\(mode), ×\(scale)\(exactly.map { ", expecting \($0)" } ?? "")): \(s[site.range].map(\.text).joined()) → \(r.map(\.text).joined())\n".utf8))
            }
            guard let a = anchor == nil ? r.endIndex : r.lastIndex(where: { $0.text == anchorText }) else { continue }
            var labelPart = Array(r[..<a])
            if betweenCount > 0 {
                guard labelPart.count >= betweenCount, labelPart.suffix(betweenCount).map(\.text).joined() == between else { continue }
                labelPart.removeLast(betweenCount)
            }
            if let label = ListLabel.parse(labelPart.map(\.text).joined()), label.mayFollow(previous), exactly.map({ label.path == $0.path }) ?? true {
                return (labelPart, label)
            }
            // A number whose point the re-read lost too (8个 for 8.个, the 7. before it known): the
            // column's own style completes it, only as the number after the previous one.
            if let previous, previous.style != .paren, previous.path.count == 1, !labelPart.isEmpty,
               labelPart.allSatisfy({ $0.text.count == 1 && $0.text.first?.isNumber == true }),
               Int(labelPart.map(\.text).joined()) == previous.path[0] + 1, let last = labelPart.last {
                let mark = OCRSymbol(text: previous.style == .dot ? "." : "、", confidence: last.confidence, box: last.box)
                return (labelPart + [mark], ListLabel.successor(previous))
            }
            guard exactly == nil else { continue }
            // An opening parenthesis and a number whose closing one the re-read lost too ((3.1协 for
            // (3.1)协): completed only when the column's previous label is known and the completed
            // label is the next one after it.
            if let previous, let first = labelPart.first, openers.contains(first.text), labelPart.count >= 2,
               let label = ListLabel.parse(labelPart.map(\.text).joined() + ")"), label.mayFollow(previous), label.path != [1],
               let last = labelPart.last {
                let closer = OCRSymbol(text: first.text == "（" ? "）" : ")", confidence: last.confidence, box: last.box)
                return (labelPart + [closer], label)
            }
        }
        return nil
    }
}
