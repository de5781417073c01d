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
