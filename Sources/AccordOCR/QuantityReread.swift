import Foundation
import AccordText

/// Quantities of indicator-table cells read again where the wording says a quantity must be: after
/// 不少于 / 至少 / 不低于 / 达到 … comes a figure and its unit (不少于1场, 至少1个). When the first reading has
/// no figure there, or a figure followed by no known unit (不少于1声, 不少于工场 — a small 1 beside a unit
/// is read as a Han glyph, or the unit as another), the stretch is read again with only digits, the
/// units and the operator's own glyphs allowed (the operator is the left anchor, as in
/// `FigureReread`). The re-read is kept when it reads the operator, then a figure and a unit.
/// A Han numeral after the operator (不少于一次) is left alone.
public enum QuantityReread {
    static let operators = ["不得少于", "不少于", "不低于", "不超过", "至少", "达到", "超过", "少于"]
    /// Units of a target (AccordText's `TargetParser.units`, which is internal there), by first glyph.
    static let units = ["人次", "场次", "户次", "学时", "课时", "小时", "个月", "%", "％",
                        "场", "次", "个", "人", "节", "时", "篇", "支", "例", "份", "名", "户", "项", "期", "家", "天",
                        "组", "批", "条", "件", "册", "位", "队", "堂", "元"]
    static let unitGlyphs = Set(units.compactMap(\.first).map(String.init))
    static let hanNumerals = Set("一二两三四五六七八九十百千".map(String.init))
    static let constraint = "quantity after 不少于/至少 (digits and units only)"

    public static func reread(_ table: inout GridTable, page: PreparedPage, pageNumber: Int, engine: TesseractEngine) -> [Reread] {
        var out: [Reread] = []
        for i in table.cells.indices where table.cells[i].row > 0 {
            for li in table.cells[i].lines.indices {
                var from = 0
                while let site = site(in: table.cells[i].lines[li], from: from) {
                    from = site.value.upperBound
                    let line = table.cells[i].lines[li]
                    let s = line.words.flatMap(\.symbols)
                    let before = Array(s[site.value])
                    guard let (after, through) = read(site, line: line, cell: table.cells[i].box, page: page, engine: engine) else {
                        out.append(Reread(page: pageNumber, constraint: constraint, before: before.map(\.text).joined(), after: "",
                                          beforeConfidence: ConstrainedReread.mean(before), afterConfidence: 0,
                                          box: ConstrainedReread.union(before.map(\.box)), kept: false))
                        continue
                    }
                    out.append(Reread(page: pageNumber, constraint: constraint, before: before.map(\.text).joined(), after: after.map(\.text).joined(),
                                      beforeConfidence: ConstrainedReread.mean(before), afterConfidence: ConstrainedReread.mean(after),
                                      box: ConstrainedReread.union(after.map(\.box)), kept: true))
                    table.cells[i].lines[li] = ConstrainedReread.replacing(line, flat: ConstrainedReread.flat(line), range: site.value.lowerBound..<through, with: after)
                    from = site.value.lowerBound + after.count
                }
            }
        }
        engine.setWhitelist("")
        return out
    }

    /// An operator's glyphs (`op`) and the glyphs after it that should be a figure and its unit (`value`).
    struct Site { var op: Range<Int>; var value: Range<Int> }

    static func isDigit(_ s: OCRSymbol) -> Bool { s.text.count == 1 && (s.text.first?.isASCII ?? false) && (s.text.first?.isNumber ?? false) }

    /// The next operator from glyph `from` whose figure and unit do not read as such.
    static func site(in line: OCRLine, from: Int) -> Site? {
        let s = line.words.flatMap(\.symbols)
        let text = s.map(\.text)
        var i = from
        while i < s.count {
            guard let op = operators.first(where: { op in
                let g = op.map(String.init)
                return i + g.count <= text.count && Array(text[i..<(i + g.count)]) == g
            }) else { i += 1; continue }
            let v = i + op.count
            i = v
            guard v < s.count, !hanNumerals.contains(text[v]) else { continue }
            var d = v
            while d < s.count, isDigit(s[d]) || (d > v && text[d] == ".") { d += 1 }
            // A figure that ends the line has its unit on the next one.
            if d == s.count { continue }
            // The figure's unit: one glyph after the digits (or the glyph after a misread digit).
            let end = min(s.count, (d > v ? d : v + 1) + 1)
            guard end > v else { continue }
            let unitIndex = end - 1
            let wellFormed = d > v && unitIndex >= d && unitGlyphs.contains(text[unitIndex])
            if wellFormed || unitIndex < v { continue }
            // No digit: a glyph then a unit (工场, a 1 read as Han), not a word (至少更新).
            if d == v, unitIndex <= v || !unitGlyphs.contains(text[unitIndex]) { continue }
            return Site(op: (v - op.count)..<v, value: v..<end)
        }
        return nil
    }

    /// The stretch read again from the operator through the would-be unit and the glyph after it; nil
    /// unless it reads as the operator, a figure, a unit and that glyph. Also returns where the
    /// replaced stretch ends in the first reading.
    static func read(_ site: Site, line: OCRLine, cell: [Int], page: PreparedPage, engine: TesseractEngine) -> ([OCRSymbol], through: Int)? {
        let s = line.words.flatMap(\.symbols)
        let boxes = s[site.op.lowerBound..<site.value.upperBound].map(\.box)
        guard line.box.count == 4, boxes.allSatisfy({ $0.count == 4 }) else { return nil }
        let lh = line.box[3] - line.box[1], pad = max(4, lh / 4)
        // Over the glyph after the stretch too when there is one (the LSTM's boxes can be half a glyph off).
        let right = site.value.upperBound < s.count && s[site.value.upperBound].box.count == 4 ? s[site.value.upperBound].box[2] : (boxes.map { $0[2] }.max() ?? 0)
        let region = [max(cell[0], boxes[0][0] - pad), max(cell[1], line.box[1] - pad), min(cell[2], right + pad), min(cell[3], line.box[3] + pad)]
        guard region[2] > region[0], region[3] > region[1] else { return nil }
        let op = s[site.op].map(\.text)
        let next = site.value.upperBound < s.count ? s[site.value.upperBound].text : ""
        engine.setWhitelist("0123456789.%" + units.joined() + op.joined() + next)
        defer { engine.setWhitelist("") }
        guard let reading = try? CellReader().readRegion(region, cell: cell, page: page, engine: engine, mode: .line, pad: pad, scale: 1) else { return nil }
        let r = reading.flatMap { $0.words.flatMap(\.symbols) }
        if ProcessInfo.processInfo.environment["ACCORD_OCR_DEBUG"] != nil {
            FileHandle.standardError.write(Data("quantity reread: \(s[site.op.lowerBound..<site.value.upperBound].map(\.text).joined()) → \(r.map(\.text).joined())\n".utf8))
        }
        let rt = r.map(\.text)
        guard rt.count >= op.count + 2, Array(rt[..<op.count]) == op else { return nil }
        var value = Array(r[op.count...])
        // The right anchor: the glyph after the stretch, read again at the end (or the unit itself, when
        // the first reading had a glyph too many: 1工次 → 1次). Without it the re-read is not used.
        var through = site.value.upperBound
        if !next.isEmpty {
            guard value.last?.text == next else { return nil }
            if value.count >= 2, unitGlyphs.contains(next), value[value.count - 2].text.first?.isNumber == true {
                through += 1  // the anchor is the unit
            } else {
                value.removeLast()
            }
        }
        var d = 0
        while d < value.count, isDigit(value[d]) || (d > 0 && value[d].text == ".") { d += 1 }
        guard d >= 1, d == value.count - 1, unitGlyphs.contains(value[d].text) else { return nil }
        let figure = value
        return (figure, through)
    }
}
