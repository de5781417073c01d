import Foundation
import Testing
@testable import AccordText

@Suite struct ChineseNumeralsTests {
    @Test(arguments: [
        ("一百零五", "105"), ("二十", "20"), ("十五", "15"), ("两千零三", "2003"), ("三万零五百", "30500"),
        ("一亿二千万", "120000000"), ("十", "10"), ("一", "1"), ("零", "0"), ("〇", "0"), ("九十九", "99"),
        ("一百", "100"), ("一千零一", "1001"), ("一万零一", "10001"), ("十万", "100000"), ("一百一十", "110"),
        ("二〇二五", "2025"), ("一九九八", "1998"), ("两", "2"), ("五零", "50"),
        ("壹拾万零伍佰", "100500"), ("贰佰陆拾玖万", "2690000"), ("贰佰伍拾贰万柒仟贰佰柒拾叁", "2527273"),
        ("拾", "10"), ("壹亿贰仟万", "120000000"), ("玖仟玖佰玖拾玖万玖仟玖佰玖拾玖", "99999999"),
        ("壹萬", "10000"), ("貳億", "200000000"), ("一万亿", "1000000000000"),
        ("3万", "30000"), ("1.2亿", "120000000"), ("268.48万", "2684800"), ("12", "12"), ("3千", "3000"),
        ("3万5千", "35000"), ("一亿零五", "100000005"),
        ("一百五", "150"), ("一万五", "15000"), ("三千五", "3500"),
        (" 十五 ", "15"),
    ])
    func parsesIntegers(_ input: String, _ expected: String) {
        #expect(ChineseNumerals.parseInteger(input) == Decimal(string: expected), "\(input)")
    }

    @Test(arguments: [
        "", "百", "万", "亿", "一二百", "百百", "一百二百", "一百五零", "一万二万", "十五个", "个", "三.", "1.5",
        "一亿二亿", "3万元", "abc", "一 二", "零万", "千百",
    ])
    func rejectsMalformed(_ input: String) {
        #expect(ChineseNumerals.parseInteger(input) == nil, "\(input)")
    }

    // MARK: lenient forms

    /// Forms as letters: T trailing digit, B 十 without 一, D digit by digit, M 零 left out, X 零 too many.
    static func forms(_ code: String) -> ChineseNumerals.LenientForms {
        var f: ChineseNumerals.LenientForms = []
        for c in code {
            switch c {
            case "T": f.insert(.trailingDigit)
            case "B": f.insert(.bareTen)
            case "D": f.insert(.digitByDigit)
            case "M": f.insert(.missingZero)
            case "X": f.insert(.extraZero)
            default: break
            }
        }
        return f
    }

    /// Lenient but real writings (issue 17 item 7, checked against cn2an's "normal" test vectors:
    /// 一千零十, 一百十一, 一百十六, 一千一十, 三万五, 十三万五, 两千六, 一百二, 一百二十万三, 一二三, 一七二零),
    /// each with the form it is reported as; standard writings report none.
    @Test(arguments: [
        ("一千零十", "1010", "B"), ("一千零十一", "1011", "B"), ("一百十一", "111", "B"), ("一百十六", "116", "B"),
        ("一百十", "110", "B"), ("壹仟零拾", "1010", "B"), ("壹佰拾壹", "111", "B"), ("一万十五", "10015", "BM"),
        ("一千十", "1010", "BM"), ("一千一十", "1010", "M"), ("一千二十", "1020", "M"), ("一万五十", "10050", "M"),
        ("一百二", "120", "T"), ("三万五", "35000", "T"), ("两千三", "2300", "T"), ("兩千六", "2600", "T"),
        ("十三万五", "135000", "T"), ("一百二十万三", "1203000", "T"), ("一亿五", "150000000", "T"),
        ("一万二千五", "12500", "T"), ("一二三", "123", "D"), ("二〇二五", "2025", "D"), ("一七二零", "1720", "D"),
        ("壹贰叁", "123", "D"), ("五零", "50", "D"),
        ("一百零五十", "150", "X"), ("一千零五百", "1500", "X"), ("一万零五千", "15000", "X"), ("一千零零五", "1005", "X"),
        // standard: no form
        ("一千零五十", "1050", ""), ("一千零一十", "1010", ""), ("一百一十一", "111", ""), ("十五", "15", ""),
        ("十万", "100000", ""), ("十万零五千", "105000", ""), ("十万零一千", "101000", ""), ("壹拾万零伍佰", "100500", ""),
        ("一百九十万零三千九百七十一", "1903971", ""), ("一亿五千万零六千三百五十五", "150006355", ""),
        ("一千零一万一千零一", "10011001", ""), ("一亿零一万", "100010000", ""), ("一亿零一千", "100001000", ""),
        ("两千零三", "2003", ""), ("一百零五", "105", ""), ("两", "2", ""), ("〇", "0", ""), ("2025", "2025", ""),
        ("3万5千", "35000", ""),
    ])
    func readsLenientForms(_ input: String, _ expected: String, _ form: String) {
        let r = ChineseNumerals.readInteger(input)
        #expect(r?.value == Decimal(string: expected), "\(input)")
        #expect(r?.lenient == Self.forms(form), "\(input): \(r?.lenient.description ?? "nil")")
        #expect(ChineseNumerals.parseInteger(input) == r?.value, "\(input)")
    }

    /// Ambiguous or malformed: refused, never guessed.
    @Test(arguments: [
        "一百二三", "万万", "十十", "一千百", "二五万", "一二万", "百十一", "十一十二", "十七十八", "一万零百一十一",
        "两五", "二两", "两〇二五", "二0二五", "1万600", "3万5", "一百5", "一千零万", "一亿零亿", "零亿", "千百十",
        "一百二三四", "三五百", "十一百", "一千一千",
    ])
    func refusesAmbiguousForms(_ input: String) {
        #expect(ChineseNumerals.readInteger(input) == nil, "\(input)")
    }

    /// Targets refuse digit by digit (三五次 is "three to five times"); a single digit still reads.
    @Test func digitByDigitCanBeRefused() {
        #expect(ChineseNumerals.readInteger("三五", digitByDigit: false) == nil)
        #expect(ChineseNumerals.readInteger("一两", digitByDigit: false) == nil)
        #expect(ChineseNumerals.readInteger("五", digitByDigit: false)?.value == 5)
        #expect(ChineseNumerals.readInteger("十五", digitByDigit: false)?.value == 15)
        #expect(ChineseNumerals.readInteger("一百二", digitByDigit: false)?.value == 120)
    }

    /// Every standard spelling (the 大写 of 0…20000 and of larger round and gapped values, and the
    /// same in ordinary numerals) reads back exactly, with no lenient form reported.
    @Test func standardSpellingsReportNoForm() {
        var values = Array(0...20_000).map { Decimal($0) }
        for v in [100_000, 105_000, 100_500, 1_000_001, 10_010_000, 100_010_000, 100_001_000, 120_000_000,
                  1_000_500_000, 99_999_999_999, 1_000_000_000_001, 1_203_000, 2_684_800, 2_527_273] {
            values.append(Decimal(v))
        }
        let ordinary: [Character: Character] = ["壹": "一", "贰": "二", "叁": "三", "肆": "四", "伍": "五", "陆": "六",
                                                "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百", "仟": "千"]
        for v in values {
            let upper = String(Money.uppercase(v).dropLast(2))      // 元整
            for written in [upper, String(upper.map { ordinary[$0] ?? $0 })] {
                let r = ChineseNumerals.readInteger(written)
                #expect(r?.value == v, "\(written)")
                #expect(r?.lenient == [], "\(written): \(r?.lenient.description ?? "nil")")
            }
        }
    }

    @Test func lenientExampleNamesTheForm() {
        #expect(ChineseNumerals.LenientForms.example("一百二", 120, .trailingDigit) == "一百二 read as 120 (trailing digit after the last unit)")
        #expect(ChineseNumerals.LenientForms([.bareTen, .missingZero]).description == "十 without 一; 零 left out")
    }

    @Test func digitAndUnitValues() {
        #expect(ChineseNumerals.digitValue("壹") == 1)
        #expect(ChineseNumerals.digitValue("两") == 2)
        #expect(ChineseNumerals.digitValue("〇") == 0)
        #expect(ChineseNumerals.digitValue("7") == 7)
        #expect(ChineseNumerals.digitValue("十") == nil)
        #expect(ChineseNumerals.digitValue("a") == nil)
        #expect(ChineseNumerals.unitValue("佰") == 100)
        #expect(ChineseNumerals.unitValue("萬") == 10_000)
        #expect(ChineseNumerals.unitValue("亿") == 100_000_000)
        #expect(ChineseNumerals.unitValue("五") == nil)
        // Characters match as Character equality does, by canonical equivalence: the compatibility
        // ideographs U+F9D1 (六) and U+F978 (兩) are those digits; a digit with a mark is not.
        #expect(ChineseNumerals.digitValue("\u{F9D1}") == 6)
        #expect(ChineseNumerals.digitValue("\u{F978}") == 2)
        #expect(ChineseNumerals.digitValue("六\u{0300}") == nil)
        #expect(ChineseNumerals.unitValue("十\u{0301}") == nil)
        #expect(ChineseNumerals.isHanNumeralCharacter("三"))
        #expect(!ChineseNumerals.isHanNumeralCharacter("3"))
        #expect(ChineseNumerals.isFinancialCharacter("陆"))
        #expect(!ChineseNumerals.isFinancialCharacter("六"))
    }

    /// `decimalFromDigits` builds short numbers through a UInt64: the same Decimal as the digit
    /// by digit arithmetic, to the byte (its description, which the JSON writes, follows the
    /// representation: 1.50 and 1.5 are equal but print differently).
    @Test func decimalFromDigitsMatchesArithmetic() {
        func reference(_ digits: [Int], _ frac: Int) -> Decimal {
            var v = Decimal(0)
            for d in digits { v = v * 10 + Decimal(d) }
            return frac == 0 ? v : Decimal(sign: .plus, exponent: -frac, significand: v)
        }
        func bytes(_ d: Decimal) -> [UInt8] { withUnsafeBytes(of: d) { Array($0) } }
        var cases: [[Int]] = (0..<3000).map { n in String(n).map { Int(String($0)) ?? 0 } }
        var seed: UInt64 = 0x9E3779B97F4A7C15
        for length in 1...20 {
            for _ in 0..<200 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                var digits = (0..<length).map { k in Int((seed >> UInt64(k % 60)) % 10) }
                if seed % 3 == 0 { for k in 0..<Int(seed % UInt64(length + 1)) { digits[length - 1 - k] = 0 } }
                if seed % 5 == 0 { digits[0] = 0 }
                cases.append(digits)
            }
        }
        for digits in cases {
            for frac in [0, 1, 2, min(digits.count, 6)] {
                let got = ChineseNumerals.decimalFromDigits(digits, fractionDigits: frac)
                #expect(bytes(got) == bytes(reference(digits, frac)), "\(digits) \(frac)")
                #expect(got.description == reference(digits, frac).description)
            }
        }
    }
}
