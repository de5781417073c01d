import Foundation
import AccordModel

/// Reads quantitative targets out of an indicator's standard text.
///
/// The text is split into numbered parts (`Numbering.splitNumbered`), then into clauses at
/// ，,；;。 outside brackets. Parenthesised asides are dropped before reading (so
/// "活跃志愿者60人（服务8小时或4次以上）" gives only 活跃志愿者 = 60 人) unless the numbered part
/// gives no target outside them (开展志愿服务活动（发展1支志愿者服务队）: read inside), and white
/// space is removed except between two ASCII letters/digits; `Target.text` is that cleaned clause
/// fragment.
///
/// A quantity is a number (Arabic, or Chinese numerals such as 一/两/十五, also in the lenient
/// forms `ChineseNumerals.readInteger` accepts, but not digit by digit: 三五次 is a span) followed
/// by a known unit. Its operator comes from the words right before it (不少于/至少/不低于/≥/达到 → `>=`,
/// 不超过/不多于/≤ → `<=`) or after it (以上 → `>=`, 以下/以内 → `<=`), a range (2-3次, 2至3次,
/// 2~3场) gives `range`, otherwise `=`. Strict comparisons (超过, 多于, 少于, 低于, >, <) are not
/// read at all: no `>`/`<` operator exists and rewriting them would guess. Periods come from
/// 每年/每季度/每月/每个月/每周/全年/一年/一季度/一个月/一周 before the quantity or /月, /季度… after
/// the unit (`per` is 年, 季度, 月, 周, or 半年 for 每半年). Bare 时 as a unit becomes 小时.
/// `metric` is the phrase before the quantity with a list label (4、, or 402. fused by OCR),
/// periods, 每人/每户, a leading 根据…实际(情况)/要求 and trailing ：/达到/累计 removed; when nothing
/// is left, or only a verb of making (发展, 组建…), the noun right after the unit (不少于2场活动 →
/// 活动, 1次年中报告 → 年中报告, 发展1支志愿者服务队 → 志愿者服务队); otherwise nil. Numbers without a unit, ordinals
/// (第1次), dates and set phrases (一次性, 一人一档) are not quantities.
public enum TargetParser {
    /// The longest run of Chinese numerals read as one number: 九千九百九十九亿九千九百九十九万
    /// 九千九百九十九 is 25; a longer run is read from its start only.
    static let maxHanNumeralLength = 32


    public static func parse(_ standard: String) -> [Target] {
        var notes: [String] = []
        return parse(standard, lenient: &notes)
    }

    /// `parse`, noting each quantity written as a numeral in a lenient form
    /// (`ChineseNumerals.LenientForms`) in `lenient`, as a `numeral.lenient` example
    /// ("一百二 read as 120 (trailing digit after the last unit)").
    ///
    /// A numbered part that gives no target outside its brackets is read inside them: 开展志愿服务
    /// 活动（发展1支志愿者服务队） gives 志愿者服务队 = 1 支, while 活跃志愿者60人（服务8小时或4次
    /// 以上） keeps only its 60 人 and 进行4次培训。（一季度一次） only its 4 次 (there the aside is a
    /// condition on, or a restatement of, the target read outside it).
    public static func parse(_ standard: String, lenient: inout [String]) -> [Target] {
        var out: [Target] = []
        for part in Numbering.splitNumbered(standard) {
            let text = stripLeadingNumber(part.text)
            var ts: [Target] = []
            if let plain = PlainText(text) {
                // Plain text: read as scalars (ClauseUnit), the same clauses and targets.
                let clauses = splitClausesKeepingAsides(plain.scalars)
                for clause in clauses { ts += parseClause(clause.text, notes: &lenient) }
                if ts.isEmpty {
                    for aside in clauses.flatMap(\.asides) { for c in splitClauses(aside) { ts += parseClause(c, notes: &lenient) } }
                }
            } else {
                let clauses = splitClausesKeepingAsides(Array(text))
                for clause in clauses { ts += parseClause(PlainText.characters(clause.text), notes: &lenient) }
                if ts.isEmpty {
                    for aside in clauses.flatMap(\.asides) {
                        for c in splitClauses(aside) { ts += parseClause(PlainText.characters(c), notes: &lenient) }
                    }
                }
            }
            out += ts
        }
        return out
    }

    private static let leadingNumberRegex = try? NSRegularExpression(pattern:
        "^\\s*(?:[0-9]{1,2}[.、．](?![0-9])|[(（]\\s*[0-9]{1,2}(?:\\.[0-9]{1,2})?\\s*[)）])\\s*")

    /// Removes a numbering label left at the start of a part (a cell starting "2." or "(4.1)").
    static func stripLeadingNumber(_ s: String) -> String {
        // The pattern needs an ASCII digit.
        guard let re = leadingNumberRegex, UTF8Search.hasDigitRun(s, length: 1) else { return s }
        // Nor can it match when the text opens with anything but white space, a digit or a bracket.
        if let first = s.unicodeScalars.first, !first.properties.isWhitespace, !(0x30...0x39).contains(first.value),
           first != "(", first != "（" { return s }
        return re.stringByReplacingMatches(in: s, range: NSRange(location: 0, length: (s as NSString).length), withTemplate: "")
    }

    /// True when the standard states no quantity that can be read.
    /// A standard that names no quantity at all ("根据社区实际情况协助"): nothing to read, nothing lost.
    /// One that writes a number (or a Chinese numeral with a measure word) but yields no target is
    /// not qualitative: it is unparsed, and the checks report it.
    public static func isQualitative(_ standard: String) -> Bool {
        parse(standard).isEmpty && !namesQuantity(standard)
    }

    /// Whether the text writes a quantity at all: an Arabic number that is not part of a date
    /// (2025年7月30日) or an ordinal (第1次), or a Chinese numeral with a measure word (三场) — but
    /// not the idioms 一次性, 一人一档, 一对一. A standard that names one and yields no target is
    /// unparsed, not qualitative.
    public static func namesQuantity(_ standard: String) -> Bool {
        var hasDigit = false, hasNumeral = false
        if PlainText.isPlain(standard) {
            // One scalar per character: by value, without hashing each character.
            for u in standard.unicodeScalars {
                if (0x30...0x39).contains(u.value) { hasDigit = true } else if quantityNumeralScalars.contains(u) { hasNumeral = true }
            }
        } else {
            hasDigit = standard.contains { $0.isASCII && $0.isNumber }
            hasNumeral = standard.contains { quantityNumerals.contains($0) }
        }
        guard hasDigit || hasNumeral else { return false }
        let stripped = hasDigit
            ? dateOrOrdinal.stringByReplacingMatches(in: standard, range: NSRange(location: 0, length: (standard as NSString).length), withTemplate: "")
            : standard
        if stripped.contains(where: { $0.isASCII && $0.isNumber }) { return true }
        return hanQuantity.firstMatch(in: stripped, range: NSRange(location: 0, length: (stripped as NSString).length)) != nil
    }

    /// A set, not a string searched per character (Character equality, so the same members).
    private static let quantityNumerals = Set("一二两三四五六七八九十百千")
    private static let quantityNumeralScalars = Array("一二两三四五六七八九十百千".unicodeScalars)

    /// Compiled once (the String regular-expression methods look the pattern up on every call);
    /// the same patterns and options as those methods use.
    // try!: literal patterns, independent of any input, compiled once on first use; every golden
    // test runs them (a bad pattern would fail all of them, never a particular file).
    private static let dateOrOrdinal = try! NSRegularExpression(pattern: #"\d{4}\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?|第\s*\d+"#)
    private static let hanQuantity = try! NSRegularExpression(pattern:
        "(?<![第每])[一二两三四五六七八九十百千]+\\s*(次|场|个|人|节|小时|户|篇|支|例|份|名|项|期|套|天)(?![性一])")

    // MARK: - Clauses

    /// Splits at ，,；;。 outside brackets, drops bracketed asides, removes white space.
    static func splitClauses(_ s: String) -> [String] {
        splitUnits(Array(s)).map { String(despace($0)).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// `splitClauses` of plain text's scalars, each clause as scalars: what
    /// `PlainText.characters` gives of the clause `splitClauses` gives.
    static func splitClauses(_ s: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        splitUnits(s).map { trimmed(despace($0)) }.filter { !$0.isEmpty }
    }

    /// The text between separators outside brackets, bracketed asides left out.
    private static func splitUnits<Unit: ClauseUnit>(_ s: [Unit]) -> [[Unit]] {
        splitUnitsKeepingAsides(s, keepAsides: false).map(\.text)
    }

    /// `splitUnits`, each clause with the text of its bracketed asides (outermost brackets
    /// removed, inner ones kept) when `keepAsides`.
    private static func splitUnitsKeepingAsides<Unit: ClauseUnit>(_ s: [Unit], keepAsides: Bool) -> [(text: [Unit], asides: [[Unit]])] {
        let v = Unit.vocabulary
        var clauses: [(text: [Unit], asides: [[Unit]])] = []
        var cur: [Unit] = []
        var asides: [[Unit]] = []
        var aside: [Unit] = []
        var depth = 0
        for c in s {
            // A CJK unified ideograph is none of the brackets and separators below.
            if c.isUnifiedIdeograph {
                if depth == 0 { cur.append(c) } else if keepAsides { aside.append(c) }
                continue
            }
            if v.openBrackets.contains(c) {
                if keepAsides, depth > 0 { aside.append(c) }
                depth += 1
            } else if v.closeBrackets.contains(c) {
                if depth == 1, keepAsides { asides.append(aside); aside = [] }
                else if depth > 1, keepAsides { aside.append(c) }
                depth = max(0, depth - 1)
            } else if depth == 0, v.clauseSeparators.contains(c) {
                clauses.append((cur, asides)); cur = []; asides = []
            } else if depth == 0 {
                cur.append(c)
            } else if keepAsides {
                aside.append(c)
            }
        }
        // An aside left open at the end is kept as written so far.
        if keepAsides, depth > 0, !aside.isEmpty { asides.append(aside) }
        clauses.append((cur, asides))
        return clauses
    }

    /// `splitClauses` with each clause's asides (`splitUnitsKeepingAsides`); a clause is kept when
    /// it or an aside holds anything.
    private static func splitClausesKeepingAsides(_ s: [Character]) -> [(text: String, asides: [String])] {
        splitUnitsKeepingAsides(s, keepAsides: true).compactMap { unit in
            let text = String(despace(unit.text)).trimmingCharacters(in: .whitespaces)
            let asides = unit.asides.map { String($0) }.filter { !$0.allSatisfy(\.isWhitespace) }
            return text.isEmpty && asides.isEmpty ? nil : (text, asides)
        }
    }

    /// `splitClausesKeepingAsides` of plain text's scalars.
    private static func splitClausesKeepingAsides(_ s: [Unicode.Scalar]) -> [(text: [Unicode.Scalar], asides: [[Unicode.Scalar]])] {
        splitUnitsKeepingAsides(s, keepAsides: true).compactMap { unit in
            let text = trimmed(despace(unit.text))
            let asides = unit.asides.filter { !$0.allSatisfy(\.isWhitespace) }
            return text.isEmpty && asides.isEmpty ? nil : (text, asides)
        }
    }

    private static func despace<Unit: ClauseUnit>(_ chars: [Unit]) -> [Unit] {
        var out: [Unit] = []
        let space = Unit(" ")
        for (k, c) in chars.enumerated() {
            if c.isWhitespace {
                guard let prev = out.last, k + 1 < chars.count else { continue }
                let next = chars[k + 1]
                if prev.isASCIIAlnum, next.isASCIIAlnum, prev != space { out.append(space) }
                continue
            }
            out.append(c)
        }
        return out
    }

    /// `trimmingCharacters(in: .whitespaces)` for plain scalars: of those, tab, space and U+3000
    /// are in that set (general category Zs, and tab).
    private static func trimmed(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        func blank(_ u: Unicode.Scalar) -> Bool { u == "\t" || u == " " || u == "\u{3000}" }
        guard let first = s.firstIndex(where: { !blank($0) }), let last = s.lastIndex(where: { !blank($0) }) else { return [] }
        return first == 0 && last == s.count - 1 ? s : Array(s[first...last])
    }

    // MARK: - Vocabulary

    static let units: [String] = [
        "人次", "场次", "户次", "学时", "课时", "小时", "个月", "%", "％",
        "场", "次", "个", "人", "节", "时", "篇", "支", "例", "份", "名", "户", "项", "期", "家", "天",
        "组", "批", "条", "件", "册", "位", "队", "堂", "元",
    ]
    /// A unit followed by one of these is the start of a word, not a unit (家庭, 时间, 组织…).
    static let unitNotBefore: [String: String] = [
        "家": "庭属长人居园", "时": "间候段期", "组": "织建成", "条": "件例", "期": "间限末中望", "项": "目",
        "个": "性体案人", "人": "员员群口民", "名": "单称义", "天": "然", "份": "额子", "元": "素旦",
        "位": "置于", "件": "事", "次": "性", "场": "所地景",
    ]
    static let periodWords: [String] = ["季度", "个月", "星期", "半年", "季", "年", "月", "周"]

    static let geOps = ["大于或等于", "大于等于", "不得少于", "不应少于", "不能少于", "不少于", "不得低于", "不低于",
                        "不小于", "至少", "最少", "最低", "达到", "≥", ">=", "≧", "达"]
    static let leOps = ["小于或等于", "小于等于", "不得超过", "不超过", "不多于", "不高于", "不大于", "最多", "最高",
                        "≤", "<=", "≦"]
    static let strictOps = ["超过", "多于", "大于", "高于", "少于", "低于", "小于", ">", "<"]
    static let rangeSeps: Set<Character> = ["-", "~", "～", "至", "到", "—", "–", "－", "〜"]

    // The word lists as units: `ClauseVocabulary`, built once per kind of unit.

    // MARK: - Reading one clause

    private struct Number {
        var value: Decimal; var start: Int; var end: Int; var han: Bool
        /// How a Chinese numeral was written, when not the standard way.
        var lenient: ChineseNumerals.LenientForms = []
    }

    /// Verbs of making something (发展1支志愿者服务队): what is counted is the noun after the unit.
    static let makingVerbs: Set<String> = ["发展", "组建", "成立", "培育", "孵化", "建立", "招募"]

    static func parseClause<Unit: ClauseUnit>(_ c: [Unit]) -> [Target] {
        var notes: [String] = []
        return parseClause(c, notes: &notes)
    }

    static func parseClause<Unit: ClauseUnit>(_ c: [Unit], notes: inout [String]) -> [Target] {
        let v = Unit.vocabulary
        var targets: [Target] = []
        let dateSpans = ChineseDates.findAll(in: Unit.string(c[...])).map(\.range)
        var segStart = 0
        var i = 0
        while i < c.count {
            guard let num = number(in: c, at: i) else { i += 1; continue }
            if dateSpans.contains(where: { $0.contains(num.start) }) { i = num.end; continue }
            if num.start > 0, c[num.start - 1] == Unit("第") { i = num.end; continue }

            // Operator right before the number.
            var opStart = num.start
            var op: Target.Op = .eq
            var explicitOp = false
            var between = ""
            if let (o, len) = suffixOp(c, before: num.start, from: segStart) {
                guard let o else { i = num.end; continue }   // strict comparison: not read
                op = o; explicitOp = true; opStart = num.start - len
            } else {
                // 至少建立1个清单: the operator may stand before a short verb (up to 4 Han characters).
                var k = num.start
                while k > segStart, num.start - k < 4, c[k - 1].isHan, !c[k - 1].isHanNumeral {
                    k -= 1
                    if let (o, len) = suffixOp(c, before: k, from: segStart), let o, o != .eq, len > 1 {
                        op = o; explicitOp = true; opStart = k - len
                        between = Unit.string(c[k..<num.start])
                        break
                    }
                }
            }

            // Unit (with an optional range "2-3次", "2至3次").
            var j = num.end
            var maxValue: Decimal? = nil
            if j < c.count, v.rangeSeparators.contains(c[j]), let second = number(in: c, at: j + 1), second.start == j + 1,
               !(c[j] == Unit("至") && second.han == false && second.value > 1900) {
                maxValue = second.value
                j = second.end
            }
            // A number followed by a period word (一季度一次, 一年每人…) is a period, not a quantity,
            // unless an operator asks for a duration (不少于6个月).
            if !explicitOp, maxValue == nil, periodWord(c, at: j) != nil { i = j; continue }
            guard let unitWord = unit(c, at: j) else { i = num.end; continue }
            if num.han, unitWord == "%" { i = num.end; continue }
            // 一次性, 一人一档, 一户一策: set phrases, not quantities.
            // Unit words are single-scalar characters (TargetParser.units), so a word's count is the
            // number of units `unit(_:at:)` matched at j: afterUnit ≤ c.count.
            let afterUnit = j + unitWord.count
            if num.han, num.value == 1, afterUnit < c.count, c[afterUnit].digitValue == 1 {
                i = afterUnit; continue
            }
            j = afterUnit
            var unitOut = unitWord
            // 20个学时, 3个小时: 个 before a time unit.
            if unitWord == "个", let next = unit(c, at: j), ["学时", "小时", "课时"].contains(next) {
                unitOut = next; j += next.count
            }
            var per: String? = nil
            if j + 1 < c.count, v.slashes.contains(c[j]), let (p, len) = periodWord(c, at: j + 1) {
                per = p; j += 1 + len
            }
            if j + 2 <= c.count {
                let two = Unit.string(c[j..<min(c.count, j + 3)])
                for (word, o) in [("及以上", Target.Op.ge), ("或以上", .ge), ("以上", .ge), ("及以下", .le), ("以下", .le), ("以内", .le)]
                where two.hasPrefix(word) {
                    if maxValue == nil, op == .eq || op == o { op = o }
                    j += word.count
                    break
                }
            }
            if maxValue != nil { op = .range }

            // Metric and period from the phrase before the operator (a list label at its start,
            // 4、 or an OCR-fused 402., is not part of it).
            let phraseStart = afterListLabels(c, from: segStart, to: opStart)
            var before = Unit.string(c[phraseStart..<opStart])
            if per == nil, let p = extractPeriod(&before) { per = p } else { _ = extractPeriod(&before) }
            var metric = cleanMetric(before)
            var end = j
            if metric == nil {
                let (noun, nounEnd) = nounAfter(c, at: j)
                if let noun { metric = noun; end = nounEnd } else if !between.isEmpty { metric = between }
            } else if !between.isEmpty, let m = metric {
                metric = m + between
            } else if let m = metric, makingVerbs.contains(m) {
                // 发展1支志愿者服务队: the team is what is counted, not 发展.
                let (noun, nounEnd) = nounAfter(c, at: j)
                if let noun { metric = noun; end = nounEnd }
            }
            if num.han, !num.lenient.isEmpty {
                notes.append(ChineseNumerals.LenientForms.example(Unit.string(c[num.start..<num.end]), num.value, num.lenient))
            }
            let textStart = skipLeading(c, phraseStart, end)
            let text = Unit.string(c[textStart..<end])
            var u = unitOut == "％" ? "%" : unitOut
            if u == "时" { u = "小时" }
            targets.append(Target(metric: metric, op: op, value: num.value, max: maxValue, unit: u, per: per, text: text))
            segStart = end
            i = end
        }
        return targets
    }

    /// A number starting exactly at `i` (not inside a longer one).
    private static func number<Unit: ClauseUnit>(in c: [Unit], at i: Int) -> Number? {
        guard i < c.count else { return nil }
        let point = Unit("."), widePoint = Unit("．")
        if let _ = c[i].asciiDigit {
            if i > 0, c[i - 1].asciiDigit != nil || ((c[i - 1] == point || c[i - 1] == widePoint) && i > 1 && c[i - 2].asciiDigit != nil) { return nil }
            var j = i
            var digits: [Int] = []
            var frac = 0, seenPoint = false
            while j < c.count {
                if let d = c[j].asciiDigit { digits.append(d); if seenPoint { frac += 1 }; j += 1 }
                else if (c[j] == point || c[j] == widePoint), !seenPoint, j + 1 < c.count, c[j + 1].asciiDigit != nil { seenPoint = true; j += 1 }
                else { break }
            }
            var v = ChineseNumerals.decimalFromDigits(digits, fractionDigits: frac)
            let wan = Unit("万")
            if j < c.count, c[j] == wan || c[j] == Unit("千"), unit(c, at: j + 1) != nil {
                v *= c[j] == wan ? 10_000 : 1_000; j += 1
            }
            return Number(value: v, start: i, end: j, han: false)
        }
        let hanNum = Unit.vocabulary.hanNumerals
        guard hanNum.contains(c[i]) else { return nil }
        if i > 0, hanNum.contains(c[i - 1]) { return nil }
        var j = i
        while j < c.count, hanNum.contains(c[j]) { j += 1 }
        // No real quantity is written with more numerals than this: a longer run is taken from
        // its start only (each shorter prefix is parsed again below, so an unbounded run — a
        // hostile cell of 十十十… — cost the square of its length).
        j = min(j, i + Self.maxHanNumeralLength)
        // Take the longest run that reads as a number.
        while j > i {
            // Not digit by digit: 三五次 is "three to five times", not 35.
            if let r = ChineseNumerals.readInteger(Unit.string(c[i..<j]), digitByDigit: false) {
                return Number(value: r.value, start: i, end: j, han: true, lenient: r.lenient)
            }
            j -= 1
        }
        return nil
    }

    private static func matches<Unit: ClauseUnit>(_ c: [Unit], at i: Int, _ w: [Unit]) -> Bool {
        guard i >= 0, i + w.count <= c.count else { return false }
        for k in w.indices where c[i + k] != w[k] { return false }
        return true
    }

    private static func unit<Unit: ClauseUnit>(_ c: [Unit], at i: Int) -> String? {
        for (u, chars, bad) in Unit.vocabulary.units where matches(c, at: i, chars) {
            let after = i + chars.count
            if chars.count == 1, after < c.count, bad.contains(c[after]) { return nil }
            return u
        }
        return nil
    }

    private static func periodWord<Unit: ClauseUnit>(_ c: [Unit], at i: Int) -> (String, Int)? {
        for (p, chars) in Unit.vocabulary.periods where matches(c, at: i, chars) { return (normalizePeriod(p), chars.count) }
        return nil
    }

    static func normalizePeriod(_ p: String) -> String {
        switch p {
        case "季": return "季度"
        case "个月": return "月"
        case "星期": return "周"
        default: return p
        }
    }

    /// The operator ending right before `end` (nil op = a strict comparison), and its length.
    private static func suffixOp<Unit: ClauseUnit>(_ c: [Unit], before end: Int, from start: Int) -> (Target.Op?, Int)? {
        let v = Unit.vocabulary
        for (list, op) in [(v.ge, Target.Op.ge), (v.le, .le)] {
            for w in list where end - w.count >= start && matches(c, at: end - w.count, w) { return (op, w.count) }
        }
        for w in v.strict where end - w.count >= start && matches(c, at: end - w.count, w) {
            // "不少于" etc. were matched above, so this is a real strict comparison.
            return (nil, w.count)
        }
        return nil
    }

    private static let periodRegex = try? NSRegularExpression(pattern:
        "(?:每个?|全|一个?|1个?)(季度|星期|半年|季|年|月|周)(?:度)?")

    /// Removes period phrases from `s`; returns the period (the first one found).
    private static func extractPeriod(_ s: inout String) -> String? {
        // Every period word holds one of these.
        guard let re = periodRegex, UTF8Search.containsAny(s, periodMarks) else { return nil }
        let ns = s as NSString
        let ms = re.matches(in: s, range: NSRange(location: 0, length: ns.length))
        guard !ms.isEmpty else { return nil }
        var found: String? = nil
        var out = s
        for m in ms.reversed() {
            let word = ns.substring(with: m.range(at: 1))
            let whole = ns.substring(with: m.range)
            // 一月 / 1月 may be January; only 一个月 counts, 一年/一季度/一周 are fine.
            if (whole.hasPrefix("一") || whole.hasPrefix("1")) && word == "月" && !whole.contains("个") { continue }
            found = normalizePeriod(word)
            if let r = Range(m.range, in: out) { out.replaceSubrange(r, with: "") }
        }
        s = out
        return found
    }

    private static let periodMarks = UTF8Search.bytes(["季", "星", "年", "月", "周"])
    private static let leadingWords = UTF8Search.bytes(["根据", "按照", "结合"])
    private static let perWord = UTF8Search.bytes(["每"])

    private static let leadingRegex = try? NSRegularExpression(pattern:
        "^(?:根据|按照|结合)[^，,；;]*?(?:实际情况|实际需要|实际需求|实际|要求|需要|需求)")
    private static let perPersonRegex = try? NSRegularExpression(pattern: "每(?:人|户|名|位|个)")

    private static let metricJunk: Set<Character> = [":", "：", "/", "／", "、", " ", "，", ",", "；", ";", "。", "-"]

    static func cleanMetric(_ raw: String) -> String? {
        var s = raw
        // Each pattern runs only where it can match (a leading 根据/按照/结合; a 每).
        let applicable = [(leadingRegex, UTF8Search.hasPrefix(s, anyOf: leadingWords)), (perPersonRegex, UTF8Search.containsAny(s, perWord))]
        for case let (re?, true) in applicable {
            s = re.stringByReplacingMatches(in: s, range: NSRange(location: 0, length: (s as NSString).length), withTemplate: "")
        }
        if let plain = PlainText(s) { return cleanMetric(plain.scalars) }
        var changed = true
        while changed {
            changed = false
            while let f = s.first, metricJunk.contains(f) { s.removeFirst(); changed = true }
            while let l = s.last, metricJunk.contains(l) { s.removeLast(); changed = true }
            for w in ["达到", "累计", "共计", "合计", "总计", "达"] where s.hasSuffix(w) && s.count > w.count {
                s.removeLast(w.count); changed = true; break
            }
        }
        guard s.contains(where: { TextCleaning.isHan($0) || $0.isLetter }) else { return nil }
        return s
    }

    private static let metricJunkScalars = metricJunk.flatMap(\.unicodeScalars)
    private static let metricTail = ["达到", "累计", "共计", "合计", "总计", "达"].map { Array($0.unicodeScalars) }

    /// The end of `cleanMetric` for plain text, by scalars (each a character equal only to itself).
    private static func cleanMetric(_ scalars: [Unicode.Scalar]) -> String? {
        var s = scalars[...]
        var changed = true
        while changed {
            changed = false
            while let f = s.first, metricJunkScalars.contains(f) { s.removeFirst(); changed = true }
            while let l = s.last, metricJunkScalars.contains(l) { s.removeLast(); changed = true }
            for w in metricTail where s.count > w.count && s.suffix(w.count).elementsEqual(w) {
                s.removeLast(w.count); changed = true; break
            }
        }
        guard s.contains(where: { $0.isHan || Character($0).isLetter }) else { return nil }
        return Unicode.Scalar.string(s)
    }

    /// The noun right after a unit: Han characters up to punctuation, a digit, 每, or an operator.
    private static func nounAfter<Unit: ClauseUnit>(_ c: [Unit], at start: Int) -> (String?, Int) {
        let v = Unit.vocabulary
        let per = Unit("每")
        var j = start
        while j < c.count {
            let ch = c[j]
            guard ch.isHan else { break }
            if ch == per { break }
            if v.ge.contains(where: { matches(c, at: j, $0) }) || v.le.contains(where: { matches(c, at: j, $0) }) { break }
            if ch.isHanNumeral, let n = number(in: c, at: j), unit(c, at: n.end) != nil { break }
            j += 1
        }
        guard j > start else { return (nil, start) }
        return (Unit.string(c[start..<j]), j)
    }

    /// Past the list labels at the start of `c[from..<to]` (after leading junk): one to three
    /// ASCII digits and 、 . or ．, followed by a Han character — 4、走访覆盖率, and 402.走访覆盖率
    /// where OCR fused a label into the next — or 、 followed by the next label (4、2.走访…; at most
    /// two labels). A number followed by anything else (a unit, a decimal point and digit, a space)
    /// is left alone.
    static func afterListLabels<Unit: ClauseUnit>(_ c: [Unit], from: Int, to: Int) -> Int {
        let seps = Unit.vocabulary.labelSeparators
        let comma = Unit("、")
        var start = from
        for _ in 0..<2 {
            let k = skipLeading(c, start, to)
            var d = k
            while d < to, d - k < 4, c[d].asciiDigit != nil { d += 1 }
            guard d > k, d - k <= 3, d + 1 < to, seps.contains(c[d]),
                  c[d + 1].isHan || (c[d] == comma && c[d + 1].asciiDigit != nil) else { break }
            start = d + 1
        }
        return start
    }

    private static func skipLeading<Unit: ClauseUnit>(_ c: [Unit], _ from: Int, _ to: Int) -> Int {
        let junk = Unit.vocabulary.leadingJunk
        var k = from
        while k < to, junk.contains(c[k]) { k += 1 }
        return k
    }
}
