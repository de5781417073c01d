import Foundation

/// Money amounts in 元, exact (`Decimal`, never `Double`).
///
/// Conventions of `uppercase(_:)` (the canonical 大写 spelling):
/// - integers end in `元整`; amounts with 角 end in the last non-zero unit (`壹仟零伍元伍角`,
///   `壹拾元伍角叁分`), without a trailing 整;
/// - amounts below one 元 start with the 角/分 digit, without `零元` (0.53 → `伍角叁分`);
///   0 → `零元整`;
/// - a zero 角 between 元 and a non-zero 分 is written `零` (`壹元零伍分`); a zero 元 place
///   before a non-zero 角 gets no 零 (`壹拾元伍角`);
/// - one 零 for any run of zero places between non-zero places, none at the end of a section
///   (`壹佰万零壹元整`, `壹拾万零伍佰元整`, `壹亿零壹万元整`); 拾 always has its digit (`壹拾元整`).
/// `parseUppercase` and `isUppercasePrefix` also accept the other usual spellings
/// (`零元伍角叁分`, `壹拾元零伍角`, `…伍角整`, 圆 for 元, 正 for 整, traditional 萬/億/貳/參/陸).
public enum Money {

    // MARK: Arabic

    /// Reads an Arabic amount with an optional 万/亿 scale and 元: "269万元"→2690000,
    /// "252.7273 万元"→2527273, "2,340,384元"→2340384, "1.2亿元"→120000000, "224166"→224166.
    /// Also accepts a leading 人民币 / ¥ / ￥ and a trailing 整. The whole string must be read.
    public static func parseArabic(_ s: String) -> Decimal? {
        var chars = Array(s.filter { !$0.isWhitespace })
        chars = stripPrefix(chars, ["人民币", "RMB", "¥", "￥"])
        guard !chars.isEmpty else { return nil }
        var i = 0
        var digits: [Int] = []
        var frac = 0
        var seenPoint = false
        var lastWasComma = false
        while i < chars.count {
            let c = chars[i]
            if c.isASCII, c.isNumber, let d = c.wholeNumberValue {
                digits.append(d); if seenPoint { frac += 1 }
                lastWasComma = false
            } else if (c == "," || c == "，"), !seenPoint, !digits.isEmpty, !lastWasComma {
                // Thousands separator: must be followed by exactly three digits.
                guard i + 3 < chars.count + 0 || i + 3 == chars.count else { return nil }
                var k = 1
                while k <= 3, i + k < chars.count, chars[i + k].isASCII, chars[i + k].isNumber { k += 1 }
                guard k == 4 else { return nil }
                if i + 4 < chars.count, chars[i + 4].isASCII, chars[i + 4].isNumber { return nil }
                lastWasComma = true
            } else if c == ".", !seenPoint, !digits.isEmpty, i + 1 < chars.count,
                      chars[i + 1].isASCII, chars[i + 1].isNumber {
                seenPoint = true
                lastWasComma = false
            } else {
                break
            }
            i += 1
        }
        guard !digits.isEmpty, !lastWasComma else { return nil }
        var value = ChineseNumerals.decimalFromDigits(digits, fractionDigits: frac)
        let rest = String(chars[i...])
        switch rest {
        case "", "元", "圆", "元整", "圆整", "元正": break
        case "万", "万元", "萬", "萬元", "万元整": value *= 10_000
        case "亿", "亿元", "億", "億元", "亿元整": value *= 100_000_000
        default: return nil
        }
        return value
    }

    // MARK: Uppercase reading

    /// What `parseUppercase` read.
    public struct UppercaseReading: Sendable, Hashable {
        /// The value as far as it was read (万/亿 scaling applied as written).
        public var value: Decimal
        /// The amount ended with 整/正, or with a 角/分 unit, and no digit was left dangling.
        public var complete: Bool
        /// How many Characters of the input (prefix and white space included) the amount took.
        public var consumedCount: Int
        /// The lenient forms the amount was written in (`ChineseNumerals.LenientForms`); empty
        /// for a standard writing.
        public var lenient: ChineseNumerals.LenientForms
        public init(value: Decimal, complete: Bool, consumedCount: Int, lenient: ChineseNumerals.LenientForms = []) {
            self.value = value; self.complete = complete; self.consumedCount = consumedCount; self.lenient = lenient
        }
    }

    /// Reads a financial-uppercase amount at the start of `s` (an optional 人民币 / 大写： prefix first):
    /// 贰佰陆拾玖万元整=2690000, 壹仟零伍元伍角=1005.5, 零元伍角叁分 / 伍角叁分=0.53.
    ///
    /// Reading stops at the first character that cannot continue the amount (so "…元整，含税价"
    /// reads the amount and reports `consumedCount`). A truncated amount ("贰佰陆拾捌万肆仟捌佰")
    /// gives the value read so far with `complete == false`; a final digit whose unit was cut off
    /// is not counted. Returns nil when no amount starts the string.
    ///
    /// Lenient forms (reported in `lenient`): 拾 without 壹 inside the amount (壹佰拾壹元 = 111,
    /// 壹仟零拾元 = 1010), a skipped place without its 零 (壹仟壹拾元 = 1010), a 零 too many, and
    /// digits one by one before 元 (壹贰叁元 = 123). A digit right before 元 after a unit above 拾
    /// (壹佰贰元) is refused: it is 102 with its 零 left out or 120 said the short way, and which
    /// one cannot be told.
    public static func parseUppercase(_ s: String) -> UppercaseReading? {
        let chars = Array(s)
        var i = 0
        func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }
        skipSpace()
        // Optional prefixes: 大写 [:：] 人民币 [:：]
        for p in ["大写", "人民币"] {
            let pc = Array(p)
            if chars.count - i >= pc.count, Array(chars[i..<i + pc.count]) == pc {
                i += pc.count; skipSpace()
                if i < chars.count, chars[i] == ":" || chars[i] == "：" { i += 1; skipSpace() }
            }
        }
        // Work on a compacted copy (no white space) with a map back to input indices.
        var compact: [Character] = []
        var back: [Int] = []
        var k = i
        while k < chars.count {
            if !chars[k].isWhitespace { compact.append(chars[k]); back.append(k) }
            k += 1
        }
        back.append(chars.count)
        func consumed(_ j: Int) -> Int { j == 0 ? i : back[j - 1] + 1 }

        // The integer part: the run of numeral characters at the start.
        var run = 0
        while run < compact.count, isUppercaseNumeral(compact[run]) { run += 1 }
        var j = 0
        var integer = Decimal(0)
        var sawYuan = false
        var dangling = false
        var fracDigit: Decimal? = nil        // set when the run's last digit belongs to 角/分 (伍角叁分)
        var lenient: ChineseNumerals.LenientForms = []
        if run > 0 {
            let runChars = Array(compact[0..<run])
            let next: Character? = run < compact.count ? compact[run] : nil
            if let sc = ChineseNumerals.scan(runChars, from: 0), sc.end == run {
                j = run
                integer = sc.value
                lenient = sc.lenient
                if let n = next, isYuan(n) {
                    if let p = sc.pending {
                        // 伍元, 壹佰零伍元: the 元 names the digit's place. 壹佰贰元 is refused (see above).
                        guard sc.zeroBeforePending || sc.lastUnit <= 10 else { return nil }
                        integer += p
                    }
                    sawYuan = true
                    j += 1
                } else if let n = next, n == "角" || n == "分", let p = sc.pending, integer == 0, p < 10, run <= 2 {
                    fracDigit = p                               // 伍角叁分, 零伍分 (no 元)
                } else if let p = sc.pending {
                    if sc.zeroBeforePending || sc.lastUnit <= 10 { integer += p } else { dangling = true }
                }
            } else {
                // Digits one by one, then 元 (壹贰叁元).
                guard run > 1, let n = next, isYuan(n), let r = ChineseNumerals.readInteger(String(runChars)),
                      r.lenient.contains(.digitByDigit) else { return nil }
                integer = r.value
                lenient = r.lenient
                sawYuan = true
                j = run + 1
            }
        } else {
            return nil
        }

        // Fraction: [零] d角 [零] d分 [整]
        var jiao: Decimal = 0, fen: Decimal = 0
        var lastFracUnit: Character? = nil
        var complete = false
        if sawYuan || fracDigit != nil {
            var pendingDigit = fracDigit
            while j < compact.count {
                let c = compact[j]
                if c == "零" || c == "〇" {
                    if pendingDigit != nil { break }
                    j += 1; continue
                }
                if let d = ChineseNumerals.digitValue(c), d != 0, isUppercaseNumeral(c) {
                    if pendingDigit != nil { break }
                    pendingDigit = Decimal(d); j += 1; continue
                }
                if c == "角", let d = pendingDigit, lastFracUnit == nil {
                    jiao = d; pendingDigit = nil; lastFracUnit = "角"; j += 1; continue
                }
                if c == "分", let d = pendingDigit, lastFracUnit != "分" {
                    fen = d; pendingDigit = nil; lastFracUnit = "分"; j += 1; continue
                }
                break
            }
            if pendingDigit != nil { dangling = true }      // a digit whose 角/分 was cut off
            if !dangling, j < compact.count, compact[j] == "整" || compact[j] == "正" {
                j += 1
                complete = true
            } else if lastFracUnit != nil, !dangling {
                complete = true
            }
        }
        let value = integer + jiao / 10 + fen / 100
        return UppercaseReading(value: value, complete: complete, consumedCount: consumed(j), lenient: lenient)
    }

    static func isYuan(_ c: Character) -> Bool { c == "元" || c == "圆" || c == "圓" }

    /// Digits and units allowed in an uppercase amount (financial and, leniently, ordinary forms).
    static func isUppercaseNumeral(_ c: Character) -> Bool {
        !c.isASCII && (ChineseNumerals.digitValue(c) != nil || ChineseNumerals.unitValue(c) != nil)
    }

    // MARK: Uppercase spelling

    private static let digitChars: [Character] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"]

    /// The canonical 大写 spelling of an amount (see the type's conventions). Amounts are rounded
    /// to 分; a negative amount is spelled with a leading 负.
    public static func uppercase(_ value: Decimal) -> String {
        spellings(value).first ?? ""
    }

    /// True when `written` (possibly cut short) is a prefix of the 大写 spelling of `value`, after
    /// removing 人民币 / 大写： and white space and folding 圆→元, 正→整 and traditional forms.
    /// Any of the usual spellings counts (`零元伍角` and `伍角` for 0.5). An empty `written` is false.
    public static func isUppercasePrefix(_ written: String, of value: Decimal) -> Bool {
        let w = normalizeUppercase(written)
        guard !w.isEmpty else { return false }
        return spellings(value).contains { $0.hasPrefix(w) }
    }

    /// Folds a written uppercase amount to the alphabet `uppercase` uses.
    static func normalizeUppercase(_ s: String) -> String {
        var chars = Array(s.filter { !$0.isWhitespace })
        for _ in 0..<2 { chars = stripPrefix(chars, ["大写", ":", "：", "人民币", ":", "："]) }
        return String(chars.map { c -> Character in
            switch c {
            case "圆", "圓": return "元"
            case "正": return "整"
            case "萬": return "万"
            case "億": return "亿"
            case "貳": return "贰"
            case "參", "叄": return "叁"
            case "陸": return "陆"
            case "〇": return "零"
            default: return c
            }
        })
    }

    /// All accepted spellings, canonical first.
    static func spellings(_ value: Decimal) -> [String] {
        var v = value
        var sign = ""
        if v < 0 { v = -v; sign = "负" }
        var cents = v * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &cents, 0, .plain)
        let total = integerDigits(rounded)
        // split into yuan digits and jiao/fen
        let jiao: Int, fen: Int
        let yuanDigits: [Int]
        if total.count >= 2 {
            jiao = total[total.count - 2]; fen = total[total.count - 1]
            yuanDigits = Array(total.dropLast(2))
        } else {
            jiao = 0; fen = total.last ?? 0; yuanDigits = []
        }
        let yuan = spellInteger(yuanDigits.drop { $0 == 0 }.map { $0 })
        if jiao == 0 && fen == 0 {
            let base = (yuan.isEmpty ? "零" : yuan) + "元整"
            return [sign + base]
        }
        let j = String(digitChars[jiao]), f = String(digitChars[fen])
        var results: [String] = []
        if yuan.isEmpty {
            // below one 元
            var tails: [String] = []
            if jiao != 0 && fen != 0 { tails = [j + "角" + f + "分"] }
            else if jiao != 0 { tails = [j + "角", j + "角整"] }
            else { tails = [f + "分"] }
            for t in tails { results.append(sign + t) }
            for t in tails { results.append(sign + "零元" + t) }
            if jiao == 0 { results.append(sign + "零元零" + f + "分") }
            return results
        }
        let yuanEndsInZero = (yuanDigits.last ?? 0) == 0
        if jiao != 0 {
            let tail = fen != 0 ? j + "角" + f + "分" : j + "角"
            var heads = [yuan + "元"]
            if yuanEndsInZero { heads.append(yuan + "元零") }
            for h in heads {
                results.append(sign + h + tail)
                if fen == 0 { results.append(sign + h + tail + "整") }
            }
        } else {
            results.append(sign + yuan + "元零" + f + "分")
            results.append(sign + yuan + "元" + f + "分")
        }
        return results
    }

    /// Decimal digits of a non-negative integral Decimal, most significant first ([] for 0).
    static func integerDigits(_ v: Decimal) -> [Int] {
        var x = v
        var out: [Int] = []
        let ten = Decimal(10)
        var guardCount = 0
        while x > 0, guardCount < 40 {
            var q = x / ten
            var fq = Decimal()
            NSDecimalRound(&fq, &q, 0, .down)
            let r = x - fq * ten
            // The remainder of an integral Decimal by 10 is 0...9; kept there so that no Decimal
            // rounding on a huge amount read from a file could index past `digitChars`.
            out.append(max(0, min(9, NSDecimalNumber(decimal: r).intValue)))
            x = fq
            guardCount += 1
        }
        return out.reversed()
    }

    /// Spells a positive integer given as digits (no leading zeros); "" for zero.
    static func spellInteger(_ digits: [Int]) -> String {
        guard !digits.isEmpty else { return "" }
        // groups of four from the right
        var groups: [[Int]] = []
        var end = digits.count
        while end > 0 {
            let start = max(0, end - 4)
            var g = Array(digits[start..<end])
            while g.count < 4 { g.insert(0, at: 0) }
            groups.insert(g, at: 0)
            end = start
        }
        // group units from the right: "", 万, 亿, 万亿(=万 then 亿 handled by nesting)
        func groupUnit(_ indexFromRight: Int) -> String {
            switch indexFromRight {
            case 0: return ""
            case 1: return "万"
            case 2: return "亿"
            case 3: return "万"   // 万亿: the 亿 is written after the next group
            default: return ""
            }
        }
        var out = ""
        var zeroRun = false     // zero places seen since the last non-zero digit
        var started = false
        let n = groups.count
        for (gi, g) in groups.enumerated() {
            let fromRight = n - 1 - gi
            var groupHasDigit = false
            for (pi, d) in g.enumerated() {
                let place = 3 - pi
                if d == 0 {
                    if started { zeroRun = true }
                    continue
                }
                if zeroRun { out += "零"; zeroRun = false }
                out.append(digitChars[d])
                switch place { case 3: out += "仟"; case 2: out += "佰"; case 1: out += "拾"; default: break }
                started = true
                groupHasDigit = true
            }
            if groupHasDigit { out += groupUnit(fromRight) }
            if fromRight == 2, !groupHasDigit, n == 4, started {
                // 万亿 group present, 亿 group empty: the 亿 still has to be written
                out += "亿"
            }
        }
        return out
    }

    static func stripPrefix(_ chars: [Character], _ prefixes: [String]) -> [Character] {
        var c = chars
        for p in prefixes {
            let pc = Array(p)
            if c.count >= pc.count, Array(c[0..<pc.count]) == pc { c.removeFirst(pc.count) }
        }
        return c
    }
}
