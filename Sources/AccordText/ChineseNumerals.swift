import Foundation

/// Chinese numerals: ordinary (一二三…十百千万亿), financial (壹贰叁…拾佰仟), and Arabic digits
/// mixed with 万/亿 ("3万", "268.48万").
///
/// Everything here is a pure function over its input; values are exact `Decimal`s.
public enum ChineseNumerals {

    /// The digit a character stands for: ASCII 0–9, 零〇○, 一…九, 两/兩, 壹…玖 (and traditional forms).
    public static func digitValue(_ c: Character) -> Int? { value(of: c, digitValue(scalar:)) }

    /// The place value of a unit character: 十拾=10, 百佰=100, 千仟=1000, 万萬=10⁴, 亿億=10⁸.
    public static func unitValue(_ c: Character) -> Int? { value(of: c, unitValue(scalar:)) }

    /// A character looked up in a scalar table as `Character` equality would match it: by canonical
    /// equivalence. A single scalar outside the CJK compatibility ideographs is its own canonical
    /// form for every entry of these tables; a compatibility ideograph (U+F9D1 is canonically 六)
    /// or a character of several scalars is looked up by its NFC form.
    private static func value(of c: Character, _ table: (Unicode.Scalar) -> Int?) -> Int? {
        let scalars = c.unicodeScalars
        if scalars.count == 1, let s = scalars.first, !(0xF900...0xFAFF).contains(s.value), !(0x2F800...0x2FA1F).contains(s.value) {
            return table(s)
        }
        let nfc = String(c).precomposedStringWithCanonicalMapping.unicodeScalars
        guard nfc.count == 1, let s = nfc.first else { return nil }
        return table(s)
    }

    /// The digit one scalar stands for (compared by value; `digitValue(_:)` for characters).
    static func digitValue(scalar c: Unicode.Scalar) -> Int? {
        switch c {
        case "0", "零", "〇", "○": return 0
        case "1", "一", "壹", "弌": return 1
        case "2", "二", "两", "兩", "贰", "貳", "弍": return 2
        case "3", "三", "叁", "參", "叄", "弎": return 3
        case "4", "四", "肆": return 4
        case "5", "五", "伍": return 5
        case "6", "六", "陆", "陸": return 6
        case "7", "七", "柒": return 7
        case "8", "八", "捌": return 8
        case "9", "九", "玖": return 9
        default: return nil
        }
    }

    /// The place value of one unit scalar (compared by value; `unitValue(_:)` for characters).
    static func unitValue(scalar c: Unicode.Scalar) -> Int? {
        switch c {
        case "十", "拾": return 10
        case "百", "佰": return 100
        case "千", "仟": return 1000
        case "万", "萬": return 10_000
        case "亿", "億": return 100_000_000
        default: return nil
        }
    }

    /// True for characters that can be part of a Chinese numeral (digits incl. 零/〇, units), not ASCII digits.
    public static func isHanNumeralCharacter(_ c: Character) -> Bool {
        if c.isASCII { return false }
        return digitValue(c) != nil || unitValue(c) != nil
    }

    /// True for the financial (大写) digit and unit characters 零壹贰叁肆伍陆柒捌玖拾佰仟万亿 (and traditional forms).
    public static func isFinancialCharacter(_ c: Character) -> Bool {
        switch c {
        case "零", "壹", "贰", "貳", "叁", "參", "叄", "肆", "伍", "陆", "陸", "柒", "捌", "玖",
             "拾", "佰", "仟", "万", "萬", "亿", "億": return true
        default: return false
        }
    }

    /// Lenient but unambiguous ways of writing a numeral that the parsers accept, each named so that
    /// a reading can say how it was read (cleaning action `numeral.lenient`).
    public struct LenientForms: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// 一百二 = 120, 三万五 = 35000: a digit after the last unit, without its own unit, stands
        /// for the next lower place.
        public static let trailingDigit = LenientForms(rawValue: 1)
        /// 一百十一 = 111, 一千零十 = 1010: 十 without its 一 inside a number (十五 at the start is standard).
        public static let bareTen = LenientForms(rawValue: 2)
        /// 一二三 = 123, 二〇二五 = 2025: digits one by one, no units.
        public static let digitByDigit = LenientForms(rawValue: 4)
        /// 一千一十 = 1010: a skipped place without the 零 that marks it.
        public static let missingZero = LenientForms(rawValue: 8)
        /// 一百零五十 = 150: a 零 where no place is skipped (or 零 twice).
        public static let extraZero = LenientForms(rawValue: 16)

        /// What each form is, in words, for a cleaning action's example ("; " between forms).
        public var description: String {
            var parts: [String] = []
            if contains(.trailingDigit) { parts.append("trailing digit after the last unit") }
            if contains(.bareTen) { parts.append("十 without 一") }
            if contains(.digitByDigit) { parts.append("digit by digit") }
            if contains(.missingZero) { parts.append("零 left out") }
            if contains(.extraZero) { parts.append("零 where no place is skipped") }
            return parts.joined(separator: "; ")
        }

        /// The example of a `numeral.lenient` action: "一百二 read as 120 (trailing digit after the last unit)".
        public static func example(_ written: String, _ value: Decimal, _ forms: LenientForms) -> String {
            "\(written) read as \(value) (\(forms.description))"
        }
    }

    /// The cleaning-action code for a numeral read in a lenient form.
    public static let lenientActionCode = "numeral.lenient"

    /// Parses a whole string as an integer numeral, or returns nil.
    ///
    /// Accepts ordinary and financial numerals with units (一百零五=105, 十五=15, 两千零三=2003,
    /// 一亿二千万=120000000, 壹拾万零伍佰=100500), Arabic digits with units ("3万"=30000,
    /// "1.2亿"=120000000 — a decimal part is allowed only when the result is whole), and
    /// digit-by-digit readings made of digits only (二〇二五=2025). A trailing digit without its
    /// unit is read the colloquial way (一百五=150, 一万五=15000, 三千五=3500).
    /// Leading/trailing white space is ignored; anything else unparsed gives nil.
    /// `readInteger` also says which lenient forms the reading took.
    public static func parseInteger(_ s: String) -> Decimal? {
        readInteger(s)?.value
    }

    /// `parseInteger`, with the lenient forms the numeral was written in (empty for a standard
    /// writing). `digitByDigit: false` refuses digit-by-digit runs of more than one digit (in a
    /// target, 三五次 is "three to five times", not 35).
    ///
    /// Refused (nil), never guessed: two digits in a row before a unit or after the last one
    /// (一百二三, 二五万), units out of order or repeated (十十, 一千百, 万万), a unit without its
    /// digit other than 十 (百十一), 两 among digits read one by one (两五), Han and Arabic
    /// digits mixed one by one (二0二五), an Arabic number after a unit without a unit of its
    /// own (1万600, 3万5).
    public static func readInteger(_ s: String, digitByDigit: Bool = true) -> (value: Decimal, lenient: LenientForms)? {
        let chars = Array(s.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !chars.isEmpty else { return nil }
        // Digit-by-digit (二〇二五, 2025).
        if chars.allSatisfy({ digitValue($0) != nil }) {
            if chars.count == 1 { return (Decimal(digitValue(chars[0]) ?? 0), []) }
            let ascii = chars.allSatisfy(\.isASCII)
            if !ascii {
                // Han digits only (no Arabic mixed in), and no 两: 两 is said for a count, never
                // for a digit read out (两五 is no number).
                guard digitByDigit, chars.allSatisfy({ !$0.isASCII && $0 != "两" && $0 != "兩" && $0 != "\u{F978}" }) else { return nil }
            }
            var v = Decimal(0)
            for c in chars { v = v * 10 + Decimal(digitValue(c) ?? 0) }
            return (v, ascii ? [] : .digitByDigit)
        }
        guard let scan = scan(chars, from: 0), scan.end == chars.count else { return nil }
        var value = scan.value
        var forms = scan.lenient
        if let d = scan.pending {
            if scan.lastUnit > 1, scan.pendingIsArabic {
                return nil                                  // 1万600, 3万5: which place?
            } else if scan.zeroBeforePending || scan.lastUnit <= 10 {
                value += d
            } else {
                value += d * Decimal(scan.lastUnit) / 10    // 一百二 = 120
                forms.insert(.trailingDigit)
            }
        }
        guard isWhole(value) else { return nil }
        return (value, forms)
    }

    // MARK: - Scanner shared with Money

    /// The result of scanning a numeral run.
    struct Scan {
        /// The value of every complete place read (a final digit without its unit is in `pending`).
        var value: Decimal
        /// A final digit (or Arabic number) not yet followed by a unit.
        var pending: Decimal?
        /// A 零 came right before the pending digit (so it is a units digit: 一百零五).
        var zeroBeforePending: Bool
        /// The last unit read (1 when none).
        var lastUnit: Int
        /// Index just past the last character consumed.
        var end: Int
        /// Any character was read.
        var consumedAny: Bool
        /// The pending number was written in Arabic digits.
        var pendingIsArabic: Bool = false
        /// Lenient forms met among the places read (not the pending digit's: its reader decides).
        var lenient: LenientForms = []
    }

    /// Scans a numeral run starting at `from`, stopping at the first character that is not a digit,
    /// unit or 零. Returns nil when the run is malformed (e.g. 一二百, 百百, 五零) or empty.
    static func scan(_ chars: [Character], from start: Int) -> Scan? {
        var i = start
        var yi = Decimal(0)         // everything scaled by 亿
        var wan = Decimal(0)        // the 万 section of the current 亿 group, already scaled
        var cur = Decimal(0)        // below 万
        var pending: Decimal? = nil
        var pendingIsArabic = false
        var zeroPending = false
        var zeros = 0               // 零 read since the last unit
        var lastSmall = 10_000      // units inside a section must decrease
        var sawWan = false, sawYi = false
        var lastUnit = 1
        var consumed = false
        var lenient: LenientForms = []
        // The section before the last 万/亿 ended in a zero place (十万, 二十万): a 零 right after
        // that unit marks it, so 十万零五千 is standard and 一万零五千 has a 零 too many.
        var sectionEndsInZero = false

        while i < chars.count {
            let c = chars[i]
            if c.isASCII, c.isNumber {
                // Arabic number, possibly with a decimal part.
                guard pending == nil else { return nil }
                var j = i
                var digits: [Int] = []
                var frac = 0
                var seenPoint = false
                while j < chars.count {
                    let cj = chars[j]
                    if cj.isASCII, cj.isNumber, let d = cj.wholeNumberValue {
                        digits.append(d); if seenPoint { frac += 1 }
                        j += 1
                    } else if (cj == "." || cj == "．"), !seenPoint, j + 1 < chars.count,
                              chars[j + 1].isASCII, chars[j + 1].isNumber {
                        seenPoint = true; j += 1
                    } else { break }
                }
                pending = decimalFromDigits(digits, fractionDigits: frac)
                pendingIsArabic = true
                zeroPending = false
                consumed = true
                i = j
                continue
            }
            if let d = digitValue(c) {
                if d == 0 {
                    if pending != nil { return nil }   // 五零
                    zeroPending = true
                    zeros += 1
                } else {
                    if pending != nil { return nil }   // 一二
                    pending = Decimal(d)
                    pendingIsArabic = false
                }
                consumed = true
                i += 1
                continue
            }
            guard let u = unitValue(c) else { break }
            switch u {
            case 10, 100, 1000:
                var d: Decimal
                if let p = pending { d = p }
                else if u == 10, lastSmall > 10 {
                    // 十 without its 一: standard at the very start (十五, 十万), lenient inside a
                    // number (一百十一, 一千零十, 一万十五). 十十 is refused by the order check below.
                    d = 1
                    if consumed { lenient.insert(.bareTen) }
                }
                else { return nil }
                guard u < lastSmall else { return nil }
                if consumed {
                    // The places between the previous unit and this one: a 零 marks a skipped
                    // place, and only a skipped place.
                    let sectionStart = lastSmall == 10_000
                    let next = sectionStart ? 1000 : lastSmall / 10
                    if zeros > 1 { lenient.insert(.extraZero) }
                    if zeros > 0 {
                        // Right after 亿 the 零 may stand for a whole skipped 万 section (一亿零一千).
                        let stray = sectionStart ? sawWan && !sectionEndsInZero : true
                        if u == next && stray { lenient.insert(.extraZero) }
                    } else if u < next, cur != 0 || sawWan || sawYi {
                        lenient.insert(.missingZero)
                    }
                }
                cur += d * Decimal(u)
                lastSmall = u
            case 10_000:
                guard !sawWan else { return nil }
                let v = cur + (pending ?? 0)
                // 零 right before 万 (一千零万): a digit is missing, or the 零 is stray.
                guard v != 0, !(zeroPending && pending == nil) else { return nil }
                if zeros > 1 { lenient.insert(.extraZero) }
                wan = v * 10_000
                sectionEndsInZero = pending == nil
                cur = 0; lastSmall = 10_000; sawWan = true
            default: // 亿
                guard !sawYi else { return nil }
                let v = wan + cur + (pending ?? 0)
                guard v != 0, !(zeroPending && pending == nil) else { return nil }
                if zeros > 1 { lenient.insert(.extraZero) }
                yi = v * 100_000_000
                sectionEndsInZero = pending == nil
                wan = 0; cur = 0; lastSmall = 10_000; sawWan = false; sawYi = true
            }
            pending = nil
            pendingIsArabic = false
            zeroPending = false
            zeros = 0
            lastUnit = u
            consumed = true
            i += 1
        }
        guard consumed else { return nil }
        if zeros > 1 { lenient.insert(.extraZero) }
        return Scan(value: yi + wan + cur, pending: pending, zeroBeforePending: zeroPending,
                    lastUnit: lastUnit, end: i, consumedAny: consumed, pendingIsArabic: pendingIsArabic,
                    lenient: lenient)
    }

    /// An exact Decimal from digits, with the last `fractionDigits` of them after the point.
    static func decimalFromDigits(_ digits: [Int], fractionDigits: Int) -> Decimal {
        var v = Decimal(0)
        if digits.count <= 18, digits.allSatisfy({ (0...9).contains($0) }) {
            // Up to 18 digits fit in a UInt64: one conversion instead of a Decimal multiply and
            // add per digit (≈3,000 instructions each), giving the same Decimal, representation
            // included (ChineseNumeralsTests compares the bytes). Every target's number is read here.
            var x: UInt64 = 0
            for d in digits { x = x * 10 + UInt64(d) }
            v = Decimal(x)
        } else {
            for d in digits { v = v * 10 + Decimal(d) }
        }
        if fractionDigits == 0 { return v }
        return Decimal(sign: .plus, exponent: -fractionDigits, significand: v)
    }

    static func isWhole(_ v: Decimal) -> Bool {
        var x = v, r = Decimal()
        NSDecimalRound(&r, &x, 0, .plain)
        return r == v
    }
}
