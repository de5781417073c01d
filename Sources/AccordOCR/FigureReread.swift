import Foundation

/// Digits-only re-reads of the figures whose wording says they are numbers: amounts (the figures
/// before 元 / 万元 / 亿元, or after 金额 / 人民币 / ¥) read again with only `0123456789.,` allowed,
/// and date parts (the figures before 年 / 月 / 日) with digits only. Each region is cropped from the
/// glyph boxes of the first reading (both stretches when the figure wraps onto the next line) and
/// read as one line.
///
/// The crop reaches over the glyph on either side of the figure (为 and 元 in 为50400元), and those two
/// glyphs are added to the whitelist as anchors: Tesseract's LSTM glyph boxes can be off by half a
/// glyph (measured: 30 px at 300 dpi on the degraded page), so a crop of the figure's own boxes cuts
/// its first digit, while a crop between the neighbours holds it whole. The figure is what the
/// re-read returns between the anchors; a re-read without the right-hand anchor right after the
/// figure is not used.
///
/// Only doubtful figures are read again (a glyph below `doubtful`, or a figure that is not
/// well-formed), which keeps the cost to a few small regions a page. The re-read is kept when it is
/// well-formed, differs, its weakest glyph is more confident than the first reading's, and it has the
/// same number of glyphs, or one fewer where the first reading's least confident glyph was: the
/// recognizer doubles a digit on a blurred page ("2244166" for 224166) but a re-read never
/// gets to drop or add any other.
public enum FigureReread {
    public static let amountWhitelist = "0123456789.,"
    public static let dateWhitelist = "0123456789"
    /// A figure with a glyph below this confidence is read again.
    public static let doubtful: Float = 0.95

    public enum Kind: Sendable, Hashable {
        case amount, year, month, day
        var constraint: String {
            switch self {
            case .amount: "amount figures (digits, point and comma only)"
            case .year, .month, .day: "date figures (digits only)"
            }
        }
        var whitelist: String { self == .amount ? FigureReread.amountWhitelist : FigureReread.dateWhitelist }
    }

    /// A figure found in the first reading: its kind and its stretches of glyphs (one per line).
    struct Figure {
        var kind: Kind
        var segments: [Segment]
        var symbols: [OCRSymbol] { segments.flatMap(\.glyphs.symbols) }
    }

    /// One stretch of a figure: its glyphs (`glyphs.box` their own region), the glyphs just before and
    /// after it on the line (nil at the line's edge) and the region reaching over those.
    struct Segment {
        var glyphs: ConstrainedReread.Segment
        var left: String?
        var right: String?
        var anchoredBox: [Int]
    }

    /// `doubtfulBelow`: a figure with a glyph below this confidence is read again (default `doubtful`;
    /// 1 reads every figure again).
    public static func reread(in lines: inout [OCRLine], page: Int, engine: TesseractEngine,
                              image: PixImage, dpi: Int, doubtfulBelow: Float = doubtful) -> [Reread] {
        let candidates = figures(in: lines).filter { f in
            f.symbols.contains { $0.confidence < doubtfulBelow } || !isWellFormed(text(f.symbols), as: f.kind)
        }
        var out: [Reread] = []
        var replacements: [(ConstrainedReread.Segment, [OCRSymbol])] = []
        for figure in candidates {
            // Two crops, the figure's own glyph boxes and the one over its neighbours: each rescues
            // figures the other misses (a cut first digit; a neighbour's stroke read as a weak digit).
            let attempts = [false, true].map { anchored in
                figure.segments.map { seg -> [OCRSymbol]? in
                    engine.setWhitelist(figure.kind.whitelist + (anchored ? (seg.left ?? "") + (seg.right ?? "") : ""))
                    let rect = anchored ? seg.anchoredBox : seg.glyphs.box
                    let reading = ((try? engine.recognize(image, dpi: dpi, mode: .line, rect: rect)) ?? []).flatMap { $0.words.flatMap(\.symbols) }
                    return figureGlyphs(in: reading, kind: figure.kind, right: anchored ? seg.right : nil)
                }
            }
            let before = figure.symbols
            // The best attempt: a kept one before a rejected one, then the more confident.
            let scored = attempts.map { reads -> (reads: [[OCRSymbol]?], keep: Bool, weakest: Float) in
                let after = reads.flatMap { $0 ?? [] }
                let complete = reads.allSatisfy { $0 != nil }
                return (reads, complete && keeps(before: before, after: after, kind: figure.kind), complete ? weakest(after) : 0)
            }
            guard let best = scored.max(by: { ($0.keep ? 1 : 0, $0.weakest) < ($1.keep ? 1 : 0, $1.weakest) }) else { continue }
            let after = best.reads.flatMap { $0 ?? [] }
            if ProcessInfo.processInfo.environment["ACCORD_OCR_DEBUG"] != nil {
                for (a, sc) in zip(["glyphs", "anchored"], scored) {
                    FileHandle.standardError.write(Data("figure reread (\(a)): \(text(before)) → \(sc.reads.map { $0.map(text) ?? "(no anchor)" }) \(sc.weakest) \(sc.keep)\n".utf8))
                }
            }
            out.append(Reread(page: page, constraint: figure.kind.constraint, before: text(before), after: text(after),
                              beforeConfidence: weakest(before), afterConfidence: weakest(after),
                              box: ConstrainedReread.union(figure.segments.map(\.glyphs.box)), kept: best.keep))
            if best.keep { replacements += zip(figure.segments, best.reads).map { ($0.glyphs, $1 ?? []) } }
        }
        engine.setWhitelist("")
        // Replace from the end of each line so that earlier ranges stay valid.
        for (seg, symbols) in replacements.sorted(by: { ($0.0.line, $0.0.range.lowerBound) > ($1.0.line, $1.0.range.lowerBound) }) {
            lines[seg.line] = ConstrainedReread.replacing(lines[seg.line], flat: ConstrainedReread.flat(lines[seg.line]),
                                                          range: seg.range, with: symbols)
        }
        return out
    }

    /// The figure in a re-read of a crop with anchors: the run of whitelisted figure characters after
    /// the left anchor, which must be followed by the right anchor when there is one. Nil otherwise.
    static func figureGlyphs(in reading: [OCRSymbol], kind: Kind, right: String?) -> [OCRSymbol]? {
        let isFigure = { (s: OCRSymbol) in s.text.count == 1 && s.text.allSatisfy { kind.whitelist.contains($0) } }
        guard let start = reading.firstIndex(where: isFigure) else { return nil }
        let end = reading[start...].firstIndex { !isFigure($0) } ?? reading.endIndex
        if let right {
            guard end < reading.endIndex, reading[end].text == right else { return nil }
        }
        return Array(reading[start..<end])
    }

    /// Whether the re-read replaces the first reading (see the type's documentation).
    static func keeps(before: [OCRSymbol], after: [OCRSymbol], kind: Kind) -> Bool {
        let b = text(before), a = text(after)
        guard !after.isEmpty, a != b, isWellFormed(a, as: kind), weakest(after) > weakest(before) else { return false }
        if after.count == before.count { return true }
        guard after.count == before.count - 1, let i = before.indices.min(by: { before[$0].confidence < before[$1].confidence }) else { return false }
        var without = before
        without.remove(at: i)
        return text(without) == a
    }

    /// Amounts: digits with at most one decimal point, commas only as thousands separators, no
    /// leading zero. Years: four digits; months 1–12 and days 1–31, one or two digits.
    static func isWellFormed(_ s: String, as kind: Kind) -> Bool {
        guard let first = s.first, first.isASCII, first.isNumber else { return false }
        switch kind {
        case .amount:
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, let whole = parts.first, !whole.isEmpty else { return false }
            if parts.count == 2 { guard let frac = parts.last, !frac.isEmpty, frac.allSatisfy(isDigit) else { return false } }
            let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
            guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }) else { return false }
            if groups.count > 1, !(groups[0].count <= 3 && groups.dropFirst().allSatisfy { $0.count == 3 }) { return false }
            return !(whole.count > 1 && whole.first == "0")
        case .year:
            return s.count == 4 && s.allSatisfy(isDigit) && first != "0"
        case .month, .day:
            guard s.count <= 2, s.allSatisfy(isDigit), let v = Int(s) else { return false }
            return v >= 1 && v <= (kind == .month ? 12 : 31)
        }
    }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    /// What may be part of a figure in the first reading: digits, separators, and Latin letters the
    /// recognizer confuses with digits (kept only between digits: a figure starts and ends on a digit).
    static func isFigureLike(_ s: String) -> Bool {
        guard s.count == 1, let c = s.first else { return false }
        return isDigit(c) || c == "." || c == "," || "OoDQlI|SsBZz".contains(c)
    }

    /// The figures of `lines` that the wording says are amounts or date parts.
    static func figures(in lines: [OCRLine]) -> [Figure] {
        var out: [Figure] = []
        var seen = Set<[Int]>()
        for li in lines.indices {
            let flat = ConstrainedReread.flat(lines[li])
            let chars = flat.map(\.0.text)
            var i = 0
            while i < chars.count {
                guard isFigureLike(chars[i]) else { i += 1; continue }
                var j = i
                while j < chars.count, isFigureLike(chars[j]) { j += 1 }
                let trimmed = trimmedToDigits(chars, i..<j), lo = trimmed.lowerBound, hi = trimmed.upperBound
                defer { i = j }
                guard lo < hi, let kind = kind(before: Array(chars[..<lo]), after: Array(chars[hi...]), glyphs: hi - lo) else { continue }
                guard seen.insert([li, lo]).inserted, let seg = segment(lines[li], line: li, range: lo..<hi, flat: flat) else { continue }
                var segments = [seg]
                // An amount that starts its line may have begun at the end of the line before (252.72|73万元).
                // (Not a date part: a year glued to a number ending the line above would not be one.)
                if lo == 0, kind == .amount, li > 0, let head = trailingFigure(lines[li - 1], line: li - 1) { segments.insert(head, at: 0) }
                // One that ends its line after its marker may go on at the start of the next (金额252.72|73).
                if hi == chars.count, kind == .amount, li + 1 < lines.count,
                   let tail = leadingFigure(lines[li + 1], line: li + 1) {
                    segments.append(tail)
                    seen.insert([li + 1, tail.glyphs.range.lowerBound])
                }
                out.append(Figure(kind: kind, segments: segments))
            }
        }
        return out
    }

    /// What the wording around a run of `glyphs` glyphs says it is, or nil when it says nothing.
    /// A figure too short to be a year before 年 is a count of years (服务期3年), not a date.
    static func kind(before: [String], after: [String], glyphs: Int) -> Kind? {
        switch after.first {
        case "年": return glyphs >= 3 ? .year : nil
        case "月": return glyphs <= 3 ? .month : nil
        case "日": return glyphs <= 3 ? .day : nil
        case "元": return .amount
        case "万", "亿": if after.dropFirst().first == "元" { return .amount }
        default: break
        }
        // A marker before the run, possibly with 为 / a colon between: 金额为 269, 人民币：269, ¥269.
        var k = before.count
        while k > 0, ["为", ":", "：", "是"].contains(before[k - 1]), before.count - k < 2 { k -= 1 }
        let head = before[..<k]
        if head.last == "¥" || head.last == "￥" { return .amount }
        if head.suffix(2) == ["金", "额"] || head.suffix(3) == ["人", "民", "币"] { return .amount }
        return nil
    }

    /// The figure-like glyphs ending a line (from its last digit back), as a segment.
    static func trailingFigure(_ l: OCRLine, line: Int) -> Segment? {
        let flat = ConstrainedReread.flat(l), chars = flat.map(\.0.text)
        var lo = chars.count
        while lo > 0, isFigureLike(chars[lo - 1]) { lo -= 1 }
        let r = trimmedToDigits(chars, lo..<chars.count)
        guard !r.isEmpty, r.upperBound == chars.count else { return nil }
        return segment(l, line: line, range: r, flat: flat)
    }

    /// The figure-like glyphs starting a line (up to its last digit), as a segment.
    static func leadingFigure(_ l: OCRLine, line: Int) -> Segment? {
        let flat = ConstrainedReread.flat(l), chars = flat.map(\.0.text)
        var hi = 0
        while hi < chars.count, isFigureLike(chars[hi]) { hi += 1 }
        let r = trimmedToDigits(chars, 0..<hi)
        guard !r.isEmpty, r.lowerBound == 0 else { return nil }
        return segment(l, line: line, range: r, flat: flat)
    }

    /// `r` narrowed to start and end on a digit (empty when it holds none): a figure starts and
    /// ends on a digit.
    static func trimmedToDigits(_ chars: [String], _ r: Range<Int>) -> Range<Int> {
        let digit = { (i: Int) in chars[i].first.map(isDigit) ?? false }
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, !digit(lo) { lo += 1 }
        while hi > lo, !digit(hi - 1) { hi -= 1 }
        return lo..<hi
    }

    /// The region of glyphs `range`, and that region widened over their neighbours on the line (to
    /// the line's edge where there is none); vertically the figure's own glyphs padded by a quarter of their height: a skewed or
    /// specked line's box reaches into the lines above and below, and a crop holding parts of them
    /// reads as nothing.
    static func segment(_ l: OCRLine, line: Int, range: Range<Int>, flat: [(OCRSymbol, Int)]) -> Segment? {
        let symbols = flat[range].map(\.0)
        let boxes = symbols.map(\.box).filter { $0.count == 4 }
        guard !boxes.isEmpty, l.box.count == 4 else { return nil }
        let left = range.lowerBound > 0 ? flat[range.lowerBound - 1].0 : nil
        let right = range.upperBound < flat.count ? flat[range.upperBound].0 : nil
        let y0 = boxes.map { $0[1] }.min() ?? 0, y1 = boxes.map { $0[3] }.max() ?? 0
        let pad = max(4, (y1 - y0) / 4)
        let gx0 = boxes.map { $0[0] }.min() ?? 0, gx1 = boxes.map { $0[2] }.max() ?? 0
        let x0 = min(left.flatMap { $0.box.count == 4 ? $0.box[0] : nil } ?? l.box[0], gx0)
        let x1 = max(right.flatMap { $0.box.count == 4 ? $0.box[2] : nil } ?? l.box[2], gx1)
        let own = [gx0 - pad / 2, y0 - pad, gx1 + pad / 2, y1 + pad]
        return Segment(glyphs: ConstrainedReread.Segment(line: line, range: range, box: own, symbols: symbols),
                       left: left?.text, right: right?.text, anchoredBox: [x0 - pad, y0 - pad, x1 + pad, y1 + pad])
    }

    static func text(_ s: [OCRSymbol]) -> String { s.map(\.text).joined() }
    static func weakest(_ s: [OCRSymbol]) -> Float { s.map(\.confidence).min() ?? 0 }
}
