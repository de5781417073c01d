import Foundation
import AccordText

/// The financial numerals (大写) the recognizer cannot return, inferred from what it returns instead
/// and from how an amount is spelled.
///
/// Debian's `chi_sim` (tesseract-ocr-chi-sim 4.1.0, the "fast" model) has no code for 叁 柒 捌 仟:
/// they are not in its character set (`combine_tessdata -u`, `lstm-unicharset`), so no reading, and
/// no re-read with a whitelist, can ever return them (a whitelisted re-read drops those glyphs). The
/// model reads them as look-alikes instead (柒 → 业 沫 染 类, 捌 → 抽 拥 揽, 叁 → 参 会 or 人参,
/// 仟 → 什 任), with high confidence; it also misreads some numerals it does know (壹 → 过 喜,
/// 佰 → 个 从, 贰 → 融 下 起, 肆 → 峙 健).
///
/// Inside a 大写 amount (the glyphs after 大写：) a glyph that is not a financial numeral is wrong.
/// `confusions` lists, for each glyph the model returns in place of a numeral, the numerals it was
/// returned for; every spelling the stretch can then take is tried, and a glyph is replaced only
/// when every spelling that is a well-formed amount (`Money.parseUppercase` reads all of it, and it
/// is the canonical spelling of its value, or the start of one) agrees on it. A glyph that is not
/// in the table may be any numeral when a numeral or a listed glyph follows it (奏 in 伍奏肆元整
/// can only be 拾); a digit such a glyph may stand for is left alone unless the spelling fixes it.
///
/// The table was counted on synthetic pages (random amounts, both WenQuanYi fonts, clean 300 dpi
/// and degraded 200 dpi renders; `scripts/experiments/uppercase_confusions.py`), not on the pages
/// it is evaluated on; a pairing seen once is left out.
public enum UppercaseGlyphs {
    /// Glyph the model returned → numerals it stood for, with how often (synthetic pages).
    static let confusions: [String: [Character: Int]] = [
        // 仟 (not in the model)
        "什": ["仟": 259], "任": ["仟": 57], "仔": ["仟": 7], "仁": ["仟": 6], "作": ["仟": 6], "侍": ["仟": 6], "件": ["仟": 3],
        // 柒 (not in the model)
        "业": ["柒": 149], "沫": ["柒": 80], "类": ["柒": 29], "染": ["柒": 27], "尖": ["柒": 2], "娄": ["柒": 2],
        // 捌 (not in the model)
        "抽": ["捌": 133], "拥": ["捌": 66], "揽": ["捌": 36], "制": ["捌": 11], "提": ["捌": 9], "撞": ["捌": 8],
        "担": ["捌": 8], "击": ["捌": 3],
        // 叁 (not in the model; also read as the two glyphs 人参, see `merged`)
        "参": ["叁": 207], "会": ["叁": 17], "傅": ["叁": 12], "僚": ["叁": 3],
        // Numerals the model has but misreads.
        "过": ["壹": 109], "喜": ["壹": 42], "索": ["壹": 21], "吉": ["壹": 8, "贰": 9],
        "个": ["佰": 58], "从": ["佰": 13], "介": ["佰": 12], "信": ["佰": 10], "伯": ["佰": 6], "鸽": ["佰": 6],
        "合": ["佰": 6], "人": ["佰": 5],
        "融": ["贰": 65], "下": ["贰": 14], "起": ["贰": 5], "寺": ["贰": 4], "直": ["贰": 4], "款": ["贰": 2], "于": ["贰": 2],
        "峙": ["肆": 24], "健": ["肆": 9], "持": ["肆": 4], "振": ["肆": 3], "哇": ["肆": 3], "搜": ["肆": 2],
        "律": ["肆": 2], "硅": ["肆": 2],
    ]
    /// Two glyphs the model returns for one numeral.
    static let merged: [String: Character] = ["人参": "叁"]

    /// Financial numerals (the characters of a 大写 amount).
    static let numerals = Set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
    static let digits = Set("壹贰叁肆伍陆柒捌玖")

    /// One glyph of a stretch (or two merged): where it came from in the caller's list, its reading.
    struct Token { var range: Range<Int>; var text: String }

    /// A replacement: the glyphs `range` of the stretch become the one numeral `numeral`.
    public struct Fix: Sendable, Hashable { public var range: Range<Int>; public var numeral: Character }

    /// The glyphs of a stretch that starts a 大写 amount (`glyphs`: the recognizer's glyphs in
    /// order), and the numerals they must be. Empty when nothing is fixed.
    public static func fixes(_ glyphs: [String]) -> [Fix] {
        // Tokens: merge pairs the model splits one numeral into.
        var tokens: [Token] = []
        var i = 0
        while i < glyphs.count {
            if i + 1 < glyphs.count, merged[glyphs[i] + glyphs[i + 1]] != nil {
                tokens.append(Token(range: i..<(i + 2), text: glyphs[i] + glyphs[i + 1])); i += 2
            } else {
                tokens.append(Token(range: i..<(i + 1), text: glyphs[i])); i += 1
            }
        }
        // The amount's part: numerals and listed glyphs, and an unlisted glyph when one of those
        // follows it (at most three: each may be any numeral).
        func known(_ t: Token) -> Bool { isNumeral(t.text) || options(t.text) != nil }
        var n = 0, unlisted = 0
        while n < tokens.count {
            if known(tokens[n]) { n += 1; continue }
            if unlisted < 3, n + 1 < tokens.count, known(tokens[n + 1]) { n += 1; unlisted += 1; continue }
            break
        }
        var stretch = Array(tokens[..<n])
        while let last = stretch.last, !known(last) { stretch.removeLast() }
        guard stretch.contains(where: { !isNumeral($0.text) }) else { return [] }
        // Every spelling the stretch may take; the longest start of it with a well-formed one decides.
        let choices = stretch.map { t -> [Character] in
            if isNumeral(t.text), let c = t.text.first { return [c] }
            if let o = options(t.text) { return o }
            return Array("零壹贰叁肆伍陆柒捌玖拾佰仟万")
        }
        // A bounded number of spellings tried in all.
        var budget = 20_000
        var end = stretch.count
        while end >= 2 {
            let part = Array(choices[..<end])
            let spellings = part.map(\.count).reduce(1, *)
            guard spellings <= budget else { end -= 1; continue }
            budget -= spellings
            if let fixed = determined(part) {
                var out: [Fix] = []
                for k in 0..<end where !isNumeral(stretch[k].text) {
                    if let c = fixed[k] { out.append(Fix(range: stretch[k].range, numeral: c)) }
                }
                return out
            }
            end -= 1
        }
        return []
    }

    static func isNumeral(_ s: String) -> Bool { s.count == 1 && s.first.map(numerals.contains) == true }

    static func options(_ s: String) -> [Character]? {
        if let m = merged[s] { return [m] }
        return confusions[s].map { $0.keys.sorted() }
    }

    /// For each position, the numeral every well-formed spelling has there (nil where they differ);
    /// nil when no spelling is well-formed.
    static func determined(_ choices: [[Character]]) -> [Character?]? {
        var agreed: [Character?]? = nil
        var differs = Array(repeating: false, count: choices.count)
        var pick = Array(repeating: 0, count: choices.count)
        while true {
            let s = (0..<choices.count).map { choices[$0][pick[$0]] }
            if isWellFormed(String(s)) {
                if var a = agreed {
                    for k in s.indices where !differs[k] && a[k] != s[k] { differs[k] = true; a[k] = nil }
                    agreed = a
                } else {
                    agreed = s.map { Optional($0) }
                }
            }
            // Next combination.
            var k = choices.count - 1
            while k >= 0 {
                pick[k] += 1
                if pick[k] < choices[k].count { break }
                pick[k] = 0; k -= 1
            }
            if k < 0 { break }
        }
        return agreed
    }

    /// An amount read whole that is the canonical 大写 spelling of its value, or the start of it.
    static func isWellFormed(_ s: String) -> Bool {
        guard let r = Money.parseUppercase(s), r.consumedCount == s.count, r.lenient.isEmpty else { return false }
        return Money.isUppercasePrefix(s, of: r.value)
    }
}

extension UppercaseGlyphs {
    static let constraint = "大写 glyphs inferred (financial numerals the model misreads or cannot return)"

    /// The stretches of a 大写 amount (one per line it spans) with the glyphs `fixes` finds replaced:
    /// a replaced glyph keeps its box and confidence; two glyphs merged into one take their union box
    /// and their mean confidence. A leading colon or 人民币 is skipped.
    static func repair(_ segments: [[OCRSymbol]]) -> [[OCRSymbol]] {
        let all = segments.flatMap { $0 }
        var skip = 0
        let texts = all.map(\.text)
        if skip < texts.count, texts[skip] == ":" || texts[skip] == "：" { skip += 1 }
        if texts.count >= skip + 3, Array(texts[skip..<(skip + 3)]) == ["人", "民", "币"] {
            skip += 3
            if skip < texts.count, texts[skip] == ":" || texts[skip] == "：" { skip += 1 }
        }
        let found = fixes(Array(texts[skip...]))
        guard !found.isEmpty else { return segments }
        // Segment of each glyph of `all`.
        var owner: [Int] = []
        for (si, s) in segments.enumerated() { owner += Array(repeating: si, count: s.count) }
        var out = segments.map { _ in [OCRSymbol]() }
        var fixAt: [Int: Fix] = [:]
        for f in found { fixAt[f.range.lowerBound + skip] = f }
        var i = 0
        while i < all.count {
            if let f = fixAt[i] {
                let r = (f.range.lowerBound + skip)..<(f.range.upperBound + skip)
                if Set(r.map { owner[$0] }).count == 1 {
                    let glyphs = Array(all[r])
                    out[owner[i]].append(OCRSymbol(text: String(f.numeral), confidence: ConstrainedReread.mean(glyphs),
                                                   box: ConstrainedReread.union(glyphs.map(\.box))))
                    i = r.upperBound
                    continue
                }
            }
            out[owner[i]].append(all[i])
            i += 1
        }
        return out
    }

    /// A count written as one 大写 digit before a measure word, beside another such count on the line
    /// (一式玖份，甲方执沫份 → 柒份): a glyph that stands only for digits (`confusions`), not after a numeral,
    /// before the glyph that follows a 大写 digit elsewhere on the line, is that digit.
    public static func parallelCountFixes(_ glyphs: [String]) -> [Fix] {
        func isDigit(_ k: Int) -> Bool { k >= 0 && k < glyphs.count && glyphs[k].count == 1 && digits.contains(glyphs[k].first!) }
        func isNumeralAt(_ k: Int) -> Bool { k >= 0 && k < glyphs.count && isNumeral(glyphs[k]) }
        var measures = Set<String>()
        for k in glyphs.indices where isDigit(k) && !isNumeralAt(k - 1) && k + 1 < glyphs.count && !isNumeralAt(k + 1) {
            if let c = glyphs[k + 1].first, TextCleaning.isHan(c) { measures.insert(glyphs[k + 1]) }
        }
        guard !measures.isEmpty else { return [] }
        var out: [Fix] = []
        for k in glyphs.indices where k + 1 < glyphs.count && measures.contains(glyphs[k + 1]) && !isNumeralAt(k) && !isNumeralAt(k - 1) {
            guard let o = confusions[glyphs[k]], o.count == 1, let d = o.keys.first, digits.contains(d) else { continue }
            out.append(Fix(range: k..<(k + 1), numeral: d))
        }
        return out
    }

    /// `parallelCountFixes` applied to every line.
    static func parallelCounts(in lines: inout [OCRLine], page: Int) -> [Reread] {
        var out: [Reread] = []
        for li in lines.indices {
            let flat = ConstrainedReread.flat(lines[li])
            let found = parallelCountFixes(flat.map(\.0.text))
            for f in found.reversed() {
                let old = flat[f.range.lowerBound].0
                var new = old
                new.text = String(f.numeral)
                out.append(Reread(page: page, constraint: constraint, before: old.text, after: new.text,
                                  beforeConfidence: old.confidence, afterConfidence: new.confidence, box: old.box, kept: true))
                lines[li] = ConstrainedReread.replacing(lines[li], flat: ConstrainedReread.flat(lines[li]), range: f.range, with: [new])
            }
        }
        return out
    }
}
