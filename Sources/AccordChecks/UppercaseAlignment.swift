import Foundation
import AccordText

/// Compares a 大写 as read (possibly by OCR) with the 大写 the figures imply, glyph by glyph.
///
/// The two are aligned by edit distance, with the place words (拾 佰 仟 万 亿 元 角 分 整) as
/// anchors: a glyph that is not a financial numeral at all (起 for 贰, 拥 for 捌) is unreadable, not
/// a contradiction; a readable numeral that differs from the implied one is a real mismatch.
public enum UppercaseAlignment {
    public enum Verdict: Equatable, Sendable {
        /// Every glyph agrees.
        case consistent
        /// Every readable glyph agrees; `unreadable` glyphs are garbled or missing.
        case degraded(unreadable: Int)
        /// At least one readable glyph spells something else.
        case mismatch(disagreeing: Int)
    }

    static let digits = Set("零壹贰叁肆伍陆柒捌玖")
    static let places = Set("拾佰仟万萬亿億元圆角分整正")

    public static func compare(written: String, implied: String) -> Verdict {
        let w = Array(written.filter { !$0.isWhitespace && !"人民币".contains($0) })
        let v = Array(implied)
        guard !w.isEmpty else { return .degraded(unreadable: v.count) }
        // Integer costs (exact comparisons on the way back): match 0; an unreadable glyph for an
        // expected one 10; a gap 12; a readable but different glyph 80.
        let gap = 12, garbled = 10, wrong = 80
        func readable(_ c: Character) -> Bool { digits.contains(c) || places.contains(c) }
        func cost(_ a: Character, _ b: Character) -> Int {
            if a == b || (a == "萬" && b == "万") || (a == "圆" && b == "元") || (a == "正" && b == "整") { return 0 }
            return readable(a) ? wrong : garbled
        }
        let n = w.count, m = v.count
        var d = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in 0...n { d[i][0] = i * gap }
        for j in 0...m { d[0][j] = j * gap }
        if n > 0 && m > 0 {
            for i in 1...n { for j in 1...m {
                d[i][j] = min(d[i - 1][j - 1] + cost(w[i - 1], v[j - 1]), d[i - 1][j] + gap, d[i][j - 1] + gap)
            } }
        }
        // Walk back and count.
        var i = n, j = m, unreadable = 0, disagreeing = 0
        while i > 0 || j > 0 {
            if i > 0, j > 0, d[i][j] == d[i - 1][j - 1] + cost(w[i - 1], v[j - 1]) {
                let c = cost(w[i - 1], v[j - 1])
                if c == wrong { disagreeing += 1 } else if c > 0 { unreadable += 1 }
                i -= 1; j -= 1
            } else if i > 0, j == 0 || d[i][j] == d[i - 1][j] + gap {
                // An extra written glyph: readable extra numerals contradict, garbage does not.
                if digits.contains(w[i - 1]) { disagreeing += 1 } else { unreadable += 1 }
                i -= 1
            } else {
                unreadable += 1; j -= 1
            }
        }
        if disagreeing > 0 { return .mismatch(disagreeing: disagreeing) }
        return unreadable == 0 ? .consistent : .degraded(unreadable: unreadable)
    }
}
