import Foundation
import AccordText
import AccordModel

/// One region read again under a constraint, with both readings and which was kept.
public struct Reread: Sendable, Hashable {
    public var page: Int
    /// What the layout said the region must hold, e.g. "大写 amount".
    public var constraint: String
    public var before: String
    public var after: String
    public var beforeConfidence: Float
    public var afterConfidence: Float
    /// The region, in prepared-page pixels.
    public var box: [Int]
    public var kept: Bool
}

/// Constrained re-recognition: where the wording says what a region must contain, read it again with
/// Tesseract's whitelist set to just those characters and keep the better-scoring reading.
///
/// Implemented: the 大写 after "大写：" (financial numerals only). A reading wins when it parses as a
/// complete uppercase amount and the other does not; between two equally valid readings, the one
/// with more financial characters, then the higher mean confidence. Measured on a degraded page, the
/// whitelist does not rescue every glyph the model cannot see: one signal among several.
public enum ConstrainedReread {
    public static let financialNumerals = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整"
    static let stops: Set<Character> = [",", "，", ")", "）", "含", "(", "（", ";", "；", "。"]

    /// A stretch of one line's glyphs.
    struct Segment { var line: Int; var range: Range<Int>; var box: [Int]; var symbols: [OCRSymbol] }

    static func flat(_ l: OCRLine) -> [(OCRSymbol, Int)] {
        var f: [(OCRSymbol, Int)] = []
        for (wi, w) in l.words.enumerated() { for s in w.symbols { f.append((s, wi)) } }
        return f
    }

    public static func uppercaseAmounts(in lines: inout [OCRLine], page: Int, engine: TesseractEngine,
                                        image: PixImage, dpi: Int) -> [Reread] {
        var out: [Reread] = []
        for li in lines.indices {
            let chars = flat(lines[li]).map(\.0.text)
            // 大写, or 大与 before a colon (写 is read as 与; measured on synthetic pages, 17 of 300).
            guard let k = firstIndex(of: ["大", "写"], in: chars, from: 0)
                    ?? firstIndex(of: ["大", "与"], in: chars, from: 0).flatMap({ k in
                        k + 2 < chars.count && (chars[k + 2] == ":" || chars[k + 2] == "：") ? k : nil }) else { continue }
            if chars[k + 1] == "与" {
                let f = flat(lines[li])
                var g = f[k + 1].0
                out.append(Reread(page: page, constraint: UppercaseGlyphs.constraint, before: g.text, after: "写",
                                  beforeConfidence: g.confidence, afterConfidence: g.confidence, box: g.box, kept: true))
                g.text = "写"
                lines[li] = replacing(lines[li], flat: f, range: (k + 1)..<(k + 2), with: [g])
            }
            var a = k + 2
            if a < chars.count, chars[a] == ":" || chars[a] == "：" { a += 1 }
            // The amount may wrap onto the next line.
            var segments: [Segment] = []
            var (ended, line, start) = (false, li, a)
            while !ended, line < lines.count, segments.count < 2 {
                let f = flat(lines[line]), cs = f.map(\.0.text)
                var b = start
                while b < cs.count, b - start < 24 {
                    if let c = cs[b].first, stops.contains(c) { ended = true; break }
                    b += 1
                    if cs[b - 1] == "整" { ended = true; break }
                }
                if b > start, let seg = segment(lines[line], line: line, range: start..<b, dpi: dpi) { segments.append(seg) }
                if b < cs.count { ended = true }
                line += 1; start = 0
            }
            guard !segments.isEmpty else { continue }
            let initial = segments.map(\.symbols)
            // Glyphs the model cannot return (叁柒捌仟) or misread, inferred from the amount's spelling.
            let original = UppercaseGlyphs.repair(initial)
            let box = union(segments.map(\.box))
            if original != initial {
                let b = initial.flatMap { $0 }, a = original.flatMap { $0 }
                out.append(Reread(page: page, constraint: UppercaseGlyphs.constraint, before: b.map(\.text).joined(),
                                  after: a.map(\.text).joined(), beforeConfidence: mean(b), afterConfidence: mean(a), box: box, kept: true))
            }
            // Glyph count: the first reading's (Tesseract rarely splits or merges Han glyphs, it misreads them).
            let expected = original.map(\.count).reduce(0, +)
            var chosen = original
            // Glyphs inferred and the amount now spelled exactly as amounts are: a whitelisted re-read
            // would drop the glyphs the model has no code for, so it is not made.
            if original == initial || score(original.flatMap { $0 }, expectedGlyphs: expected).0 < 2 {
                engine.setWhitelist(financialNumerals)
                // The candidate: each stretch read again as one line. (Reading glyph by glyph was tried:
                // Tesseract's LSTM reads single-glyph crops badly, and it doubled the time per page.)
                let lineReads = segments.map { seg in ((try? engine.recognize(image, dpi: dpi, mode: .line, rect: seg.box)) ?? []).flatMap { $0.words.flatMap(\.symbols) } }
                engine.setWhitelist("")
                let candidates = [original, lineReads]
                let scores = candidates.map { score($0.flatMap { $0 }, expectedGlyphs: expected) }
                // Kept only when the re-read spells an amount exactly as that amount is spelled, with the
                // same number of glyphs as the first reading, and scores better: never a shorter guess.
                var best = 0
                for c in 1..<candidates.count where scores[c] > scores[best] && scores[c].0 == 2 && candidates[c].flatMap({ $0 }).count == expected { best = c }
                if ProcessInfo.processInfo.environment["ACCORD_OCR_DEBUG"] != nil {
                    for (c, sc) in zip(candidates, scores) { print("reread candidate:", c.flatMap { $0 }.map(\.text).joined(), sc) }
                }
                let before = original.flatMap { $0 }, after = lineReads.flatMap { $0 }
                out.append(Reread(page: page, constraint: "大写 amount (financial numerals only)",
                                  before: before.map(\.text).joined(), after: after.map(\.text).joined(),
                                  beforeConfidence: mean(before), afterConfidence: mean(after), box: box, kept: best != 0))
                chosen = candidates[best]
            }
            if chosen != initial {
                for (si, seg) in segments.enumerated().reversed() {
                    lines[seg.line] = replacing(lines[seg.line], flat: flat(lines[seg.line]), range: seg.range, with: chosen[si])
                }
            }
        }
        return out
    }

    static func segment(_ l: OCRLine, line: Int, range: Range<Int>, dpi: Int) -> Segment? {
        let syms = Array(flat(l)[range].map(\.0))
        guard let u = boundingBox(syms.map(\.box)) else { return nil }
        let lb = l.box, pad = max(3, dpi / 75)
        let box = [u[0] - pad, (lb.count == 4 ? lb[1] : u[1]) - pad, u[2] + pad, (lb.count == 4 ? lb[3] : u[3]) + pad]
        return Segment(line: line, range: range, box: box, symbols: syms)
    }

    static func union(_ bs: [[Int]]) -> [Int] {
        boundingBox(bs) ?? []
    }

    /// Latin garbage inside a Chinese line (`ee` where 月每月项目服务费 was printed, `Z` for 乙): the word's
    /// region (to the text column's right edge when it ends the line) is read again as one line with
    /// the full model, and the reading is kept when it is Han, has no Latin letters and is confident.
    public static func latinGarbage(in lines: inout [OCRLine], page: Int, engine: TesseractEngine,
                                    image: PixImage, dpi: Int) -> [Reread] {
        var out: [Reread] = []
        let rightEdge = lines.compactMap { $0.box.count == 4 ? $0.box[2] : nil }.max() ?? 0
        for li in lines.indices {
            let line = lines[li]
            let symbols = line.words.flatMap(\.symbols)
            let han = symbols.filter { $0.text.first.map(TextCleaning.isHan) ?? false }.count
            guard han >= 5, line.box.count == 4 else { continue }
            for wi in line.words.indices.reversed() {
                let w = lines[li].words[wi]
                let text = w.text
                guard !text.isEmpty, w.box.count == 4, text.allSatisfy({ $0.isASCII && $0.isLetter }),
                      text.count <= 4 else { continue }
                let pad = max(3, dpi / 75)
                let x1 = wi == line.words.count - 1 ? max(w.box[2], rightEdge) : w.box[2]
                let box = [w.box[0] - pad, line.box[1] - pad, x1 + pad, line.box[3] + pad]
                let reread = ((try? engine.recognize(image, dpi: dpi, mode: .line, rect: box)) ?? []).flatMap { $0.words.flatMap(\.symbols) }
                let rtext = reread.map(\.text).joined()
                let rhan = rtext.filter(TextCleaning.isHan).count
                let keep = !reread.isEmpty && !rtext.contains(where: { $0.isASCII && $0.isLetter })
                    && Double(rhan) >= 0.6 * Double(rtext.count) && mean(reread) >= 0.6
                out.append(Reread(page: page, constraint: "Han expected (Latin letters in a Chinese line)", before: text, after: rtext,
                                  beforeConfidence: mean(w.symbols), afterConfidence: mean(reread), box: box, kept: keep))
                if keep {
                    var l = lines[li]
                    l.words[wi] = OCRWord(symbols: reread, confidence: mean(reread), box: union(reread.map(\.box)))
                    if l.box.count == 4, x1 > l.box[2] { l.box[2] = max(l.box[2], union(reread.map(\.box)).last ?? l.box[2]) }
                    lines[li] = l
                }
            }
        }
        return out
    }

    static func firstIndex(of pattern: [String], in chars: [String], from: Int) -> Int? {
        guard chars.count >= pattern.count, from <= chars.count - pattern.count else { return nil }
        for i in from...(chars.count - pattern.count) where Array(chars[i..<i + pattern.count]) == pattern { return i }
        return nil
    }

    static func mean(_ s: [OCRSymbol]) -> Float { s.isEmpty ? 0 : s.map(\.confidence).reduce(0, +) / Float(s.count) }

    /// (2 = spelled exactly as the value it reads is spelled, 1 = reads as a complete amount, 0 = neither;
    /// 1 when the glyph count matches the first reading's: dropped glyphs score 0;
    /// share of financial characters; mean confidence), compared in that order.
    static func score(_ s: [OCRSymbol], expectedGlyphs: Int) -> (Int, Int, Double, Float) {
        let text = s.map(\.text).joined()
        let parsed = Money.parseUppercase(text)
        let complete = parsed.map { $0.complete && $0.consumedCount == text.count } ?? false
        let valid = complete ? (parsed.map { Money.uppercase($0.value) == text } == true ? 2 : 1) : 0
        let fin = Double(text.filter { financialNumerals.contains($0) }.count) / Double(max(1, text.count))
        let fits = text.count == expectedGlyphs ? 1 : 0
        return (valid, fits, fin, mean(s))
    }

    static func replacing(_ line: OCRLine, flat: [(OCRSymbol, Int)], range: Range<Int>, with new: [OCRSymbol]) -> OCRLine {
        // Callers replace each range once, from the end of the line back, so it is within `flat`;
        // a range past it (the line changed since) leaves the line as it is rather than trap.
        guard range.lowerBound >= 0, range.upperBound <= flat.count else { return line }
        var items: [(OCRSymbol, Int)] = Array(flat[..<range.lowerBound])
        items += new.map { ($0, -1) }
        items += flat[range.upperBound...]
        var words: [OCRWord] = []
        var cur: [OCRSymbol] = [], curID: Int?
        func flush() {
            guard !cur.isEmpty else { return }
            let box = boundingBox(cur.map(\.box)) ?? []
            words.append(OCRWord(symbols: cur, confidence: mean(cur), box: box)); cur = []
        }
        for (s, id) in items {
            if id != curID { flush(); curID = id }
            cur.append(s)
        }
        flush()
        var l = line
        l.words = words
        return l
    }
}
