import Foundation
import Testing
@testable import AccordText

private func dec(_ s: String) -> Decimal { Decimal(string: s) ?? Decimal.nan }

@Suite struct MoneyArabicTests {
    @Test(arguments: [
        ("269万元", "2690000"), ("252.7273万元", "2527273"), ("252.7273 万元", "2527273"), ("2340384 元", "2340384"),
        ("1.2亿元", "120000000"), ("2,340,384元", "2340384"), ("268.48万", "2684800"), ("224166", "224166"),
        ("人民币269万元", "2690000"), ("¥1,000.50", "1000.5"), ("0.53元", "0.53"), ("12元整", "12"),
        ("1,234", "1234"), ("3万", "30000"), ("10.01万元", "100100"),
    ])
    func parses(_ input: String, _ expected: String) {
        #expect(Money.parseArabic(input) == dec(expected), "\(input)")
    }

    @Test(arguments: ["", "元", "万元", "abc", "12美元", "1,23元", "1,2345元", "12,", "1..2", "1.2.3万", "贰佰元", "12万元整多"])
    func rejects(_ input: String) {
        #expect(Money.parseArabic(input) == nil, "\(input)")
    }

    @Test func exactDecimalNoBinaryRounding() {
        // 0.1 + 0.2 style errors must not appear.
        #expect(Money.parseArabic("0.3万") == 3000)
        #expect(Money.parseArabic("252.7273万元") == Decimal(2_527_273))
        #expect(Money.parseArabic("99999999999.99") == dec("99999999999.99"))
    }
}

@Suite struct MoneyUppercaseTests {
    @Test(arguments: [
        ("贰佰陆拾玖万元整", "2690000"), ("贰佰伍拾贰万柒仟贰佰柒拾叁元整", "2527273"), ("贰佰陆拾捌万肆仟捌佰元整", "2684800"),
        ("壹拾万零伍佰元整", "100500"), ("壹仟零伍元伍角", "1005.5"), ("零元伍角叁分", "0.53"), ("伍角叁分", "0.53"),
        ("壹亿贰仟万元整", "120000000"), ("人民币贰佰陆拾玖万元整", "2690000"), ("人民币：壹拾元整", "10"),
        ("贰佰陆拾玖万圆整", "2690000"), ("贰佰陆拾玖万元正", "2690000"), ("壹佰万零壹元整", "1000001"),
        ("壹元零伍分", "1.05"), ("壹拾元伍角", "10.5"), ("壹拾元零伍角", "10.5"), ("壹拾元伍角整", "10.5"),
        ("壹仟陆佰捌拾元零叁角贰分", "1680.32"), ("壹仟陆佰捌拾元叁角贰分", "1680.32"), ("零元整", "0"),
        ("伍分", "0.05"), ("零元零伍分", "0.05"), ("贰佰陆拾玖萬圓整", "2690000"), ("壹亿零壹万元整", "100010000"),
        ("大写：人民币壹拾元整", "10"), ("壹 拾 万 元 整", "100000"), ("壹万亿元整", "1000000000000"),
    ])
    func readsComplete(_ input: String, _ expected: String) {
        let r = Money.parseUppercase(input)
        #expect(r?.value == dec(expected), "\(input)")
        #expect(r?.complete == true, "\(input)")
        #expect(r?.consumedCount == input.count, "\(input)")
    }

    @Test(arguments: [
        ("贰佰陆拾捌万肆仟捌佰", "2684800", 10), ("贰佰陆拾捌万", "2680000", 6), ("贰佰陆拾捌万肆", "2680000", 7),
        ("贰佰伍拾贰万柒仟贰佰柒拾叁", "2527273", 13), ("贰佰陆拾玖万元", "2690000", 7), ("壹仟零伍元伍", "1005", 6),
        ("壹拾元零", "10", 4), ("人民币贰佰", "200", 5),
    ])
    func readsTruncated(_ input: String, _ expected: String, _ consumed: Int) {
        let r = Money.parseUppercase(input)
        #expect(r?.value == dec(expected), "\(input)")
        #expect(r?.complete == false, "\(input)")
        #expect(r?.consumedCount == consumed, "\(input)")
    }

    @Test func stopsAtTheEndOfTheAmount() {
        let r = Money.parseUppercase("贰佰陆拾玖万元整，含税价）进行拨付")
        #expect(r?.value == 2_690_000)
        #expect(r?.complete == true)
        #expect(r?.consumedCount == 8)
    }

    @Test(arguments: ["", "人民币", "元整", "整", "abc", "269万元", "贰贰佰元", "佰佰元", "，壹元整"])
    func rejectsGarbage(_ input: String) {
        #expect(Money.parseUppercase(input) == nil, "\(input)")
    }

    /// Lenient 大写 (issue 17 item 7): read, with the form named (letters as in ChineseNumeralsTests).
    @Test(arguments: [
        ("壹仟零拾元整", "1010", "B", true), ("壹佰拾壹元整", "111", "B", true), ("一千零十元整", "1010", "B", true),
        ("壹仟零拾元伍角", "1010.5", "B", true), ("壹仟壹拾元整", "1010", "M", true), ("壹万零伍仟元整", "15000", "X", true),
        ("壹贰叁元整", "123", "D", true), ("贰零贰伍元", "2025", "D", false), ("一二三元", "123", "D", false),
        // standard
        ("壹拾万零伍仟元整", "105000", "", true), ("壹仟零壹拾元整", "1010", "", true), ("壹佰零伍元整", "105", "", true),
    ])
    func readsLenientForms(_ input: String, _ expected: String, _ form: String, _ complete: Bool) {
        let r = Money.parseUppercase(input)
        #expect(r?.value == dec(expected), "\(input)")
        #expect(r?.lenient == ChineseNumeralsTests.forms(form), "\(input): \(r?.lenient.description ?? "nil")")
        #expect(r?.complete == complete, "\(input)")
        #expect(r?.consumedCount == input.count, "\(input)")
    }

    /// Refused, not guessed: a digit right before 元 after 佰/仟/万 (壹佰贰元: 102 with its 零 left
    /// out, or 120 said the short way), 两 among digits one by one, digits one by one without 元
    /// (a cut amount?), 零 right before 万.
    @Test(arguments: ["壹佰贰元整", "叁万伍元整", "壹仟贰元", "一百二元", "两贰元整", "壹贰", "壹仟零万元整", "壹佰贰叁元整", "贰伍万元整"])
    func refusesAmbiguousForms(_ input: String) {
        #expect(Money.parseUppercase(input) == nil, "\(input)")
    }

    /// The canonical spelling of any amount reads back with no lenient form.
    @Test func canonicalSpellingsReportNoForm() {
        for n in Array(0...3000) + [10010, 100500, 105000, 1000001, 100010000, 100001000, 1000500000, 2684800] {
            for v in [Decimal(n), Decimal(n) + Decimal(string: "0.05")!, Decimal(n) + Decimal(string: "0.5")!] {
                let r = Money.parseUppercase(Money.uppercase(v))
                #expect(r?.value == v && r?.lenient == [], "\(Money.uppercase(v))")
            }
        }
    }

    @Test(arguments: [
        ("2527273", "贰佰伍拾贰万柒仟贰佰柒拾叁元整"), ("100500", "壹拾万零伍佰元整"), ("1005.5", "壹仟零伍元伍角"),
        ("0.53", "伍角叁分"), ("10", "壹拾元整"), ("120000000", "壹亿贰仟万元整"), ("1000001", "壹佰万零壹元整"),
        ("2690000", "贰佰陆拾玖万元整"), ("2684800", "贰佰陆拾捌万肆仟捌佰元整"), ("0", "零元整"), ("1", "壹元整"),
        ("100", "壹佰元整"), ("101", "壹佰零壹元整"), ("110", "壹佰壹拾元整"), ("1010", "壹仟零壹拾元整"),
        ("1001", "壹仟零壹元整"), ("10000", "壹万元整"), ("10001", "壹万零壹元整"), ("10010", "壹万零壹拾元整"),
        ("100010000", "壹亿零壹万元整"), ("100000000", "壹亿元整"), ("1000500000", "壹拾亿零伍拾万元整"),
        ("99999999999", "玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"), ("1000000000000", "壹万亿元整"),
        ("1200000000000", "壹万贰仟亿元整"), ("1000000000001", "壹万亿零壹元整"),
        ("1.05", "壹元零伍分"), ("10.5", "壹拾元伍角"), ("1680.32", "壹仟陆佰捌拾元叁角贰分"), ("0.5", "伍角"),
        ("0.05", "伍分"), ("15", "壹拾伍元整"), ("105000", "壹拾万零伍仟元整"), ("1.999", "贰元整"),
    ])
    func spells(_ value: String, _ expected: String) {
        #expect(Money.uppercase(dec(value)) == expected, "\(value)")
    }

    @Test(arguments: [
        ("贰佰陆拾捌万肆仟捌佰", "2684800", true), ("人民币 贰佰陆拾捌万", "2684800", true), ("贰佰陆拾捌万肆仟捌佰元整", "2684800", true),
        ("贰佰陆拾捌万肆仟捌佰圆正", "2684800", true), ("贰佰陆拾玖万", "2684800", false), ("", "2684800", false),
        ("零元伍角", "0.53", true), ("伍角", "0.53", true), ("壹仟零伍元伍角整", "1005.5", true), ("叁元整", "2", false),
        ("大写：壹拾", "10", true),
    ])
    func prefixes(_ written: String, _ value: String, _ expected: Bool) {
        #expect(Money.isUppercasePrefix(written, of: dec(value)) == expected, "\(written) / \(value)")
    }
}

/// SplitMix64: a small seeded generator so the property test is deterministic.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct MoneyPropertyTests {
    /// Amounts of every shape: uniform integers, integers with many zero places, and 角/分 amounts.
    static func amounts() -> [Decimal] {
        var g = SplitMix64(seed: 0xACC0_2D)
        var out: [Decimal] = []
        for k in 0..<2400 {
            let n: UInt64
            switch k % 3 {
            case 0: n = UInt64.random(in: 0...99_999_999_999, using: &g)
            case 1:
                // sparse digits: exercises the 零 rules
                var x: UInt64 = 0
                for _ in 0..<11 { x = x * 10 + (UInt64.random(in: 0..<4, using: &g) == 0 ? UInt64.random(in: 1...9, using: &g) : 0) }
                n = x
            default: n = UInt64.random(in: 0...99_999_999, using: &g)
            }
            let cents = k % 2 == 0 ? 0 : UInt64.random(in: 0...99, using: &g)
            out.append(Decimal(n) + Decimal(cents) / 100)
        }
        return out
    }

    @Test func uppercaseRoundTripsAndPrefixesAreAccepted() {
        var checked = 0
        for v in Self.amounts() {
            let up = Money.uppercase(v)
            let r = Money.parseUppercase(up)
            #expect(r?.value == v, "\(v) → \(up)")
            #expect(r?.complete == true, "\(v) → \(up)")
            #expect(r?.consumedCount == up.count, "\(v) → \(up)")
            // Every spelling we accept reads back to the same value.
            for alt in Money.spellings(v) { #expect(Money.parseUppercase(alt)?.value == v, "\(v) alt \(alt)") }
            // Truncations are prefixes of the value's spelling, and read no more than the value.
            let chars = Array(up)
            for cut in 1...chars.count {
                let t = String(chars[0..<cut])
                #expect(Money.isUppercasePrefix(t, of: v), "\(t) of \(v)")
                if v >= 10, let tr = Money.parseUppercase(t) { #expect(tr.value <= v, "\(t)") }
            }
            // …and not prefixes of a different amount's spelling when they are whole.
            #expect(!Money.isUppercasePrefix(up, of: v + 1), "\(up) vs \(v + 1)")
            checked += 1
        }
        #expect(checked == 2400)
    }
}
