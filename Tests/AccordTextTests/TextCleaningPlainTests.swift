import Testing
import AccordModel
@testable import AccordText

/// `cleanPlain` must agree with the character-by-character cleaning on every plain text: same
/// cleaned text, same offsets, same log (codes, order, counts, examples).
@Suite struct TextCleaningPlainTests {
    /// Plain characters the rules treat differently: spaces and tabs, U+3000, LF, full-width
    /// digits / letters / punctuation (and U+FF5F-FF60, plain but not mapped), Han, CJK
    /// punctuation and quotes, the ASCII brackets and stops of `dropsSpace`, other ASCII.
    static let alphabet: [Character] = [" ", " ", " ", "\t", "\u{3000}", "\n", "２", "５", "Ａ", "ｚ", "．", "（", "）", "％",
        "\u{FF5F}", "\u{FF60}", "￥", "年", "月", "〇", "〆", "，", "。", "、", "“", "”", "—", "…", "(", ")", "[", "<", "{",
        ".", ",", ";", ":", "%", "!", "?", "a", "Z", "7", "-", "_", "^", "`"]

    /// A fixed pseudo-random generator, so a failure names a reproducible input.
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    @Test func agreesWithCharacterPath() {
        var rng = LCG(state: 42)
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...14, using: &rng)
            let s = String((0..<n).map { _ in Self.alphabet.randomElement(using: &rng) ?? " " })
            let base = Locator(line: 3, startColumn: 2)
            var logA = ActionLog(), logB = ActionLog()
            logA.record("before", example: "x"); logB.record("before", example: "x")
            let a = TextCleaning.cleanCharacters(s, base: base, log: &logA)
            guard let b = TextCleaning.cleanPlain(s, base: base, log: &logB) else {
                Issue.record("plain text refused: \(s.debugDescription)"); return
            }
            #expect(a == b, "\(s.debugDescription)")
            #expect(logA.actions == logB.actions, "\(s.debugDescription)")
            #expect(TextCleaning.hasNonWhitespace(s) == s.contains { !$0.isWhitespace }, "\(s.debugDescription)")
        }
    }

    /// Many runs cleaned into one log (as a reader does): examples stop at three per code across
    /// calls, and codes keep the order they first reached the log in.
    @Test func sharedLogAgrees() {
        var rng = LCG(state: 7)
        var logA = ActionLog(), logB = ActionLog()
        for _ in 0..<2_000 {
            let n = Int.random(in: 0...10, using: &rng)
            let s = String((0..<n).map { _ in Self.alphabet.randomElement(using: &rng) ?? " " })
            let base = Locator(part: "word/document.xml", paragraph: 1)
            let a = TextCleaning.cleanCharacters(s, base: base, log: &logA)
            let b = TextCleaning.cleanPlain(s, base: base, log: &logB)
            #expect(a == b, "\(s.debugDescription)")
            #expect(logA.actions == logB.actions, "\(s.debugDescription)")
        }
    }

    @Test(arguments: ["a\u{301} b", "x\u{A0}y", "\u{200B}z", "e\u{0301}", "\r\n x", "Ω ;", "😀 a"])
    func refusesOtherText(_ s: String) {
        var log = ActionLog()
        #expect(TextCleaning.cleanPlain(s, base: Locator(line: 1, startColumn: 1), log: &log) == nil)
        #expect(log.actions.isEmpty)
    }

    @Test(arguments: [" \u{301}", "\u{3000}\u{301}x", " \n\t", "", "\u{A0}", "\u{301}"])
    func blankTestOnOtherText(_ s: String) {
        #expect(TextCleaning.hasNonWhitespace(s) == s.contains { !$0.isWhitespace })
    }

    /// Every scalar of the Basic Multilingual Plane (and a few beyond).
    static let allScalars = (0..<0x11000).compactMap(Unicode.Scalar.init) + [Unicode.Scalar(0x20000), Unicode.Scalar(0x2F800)].compactMap { $0 }

    /// `PlainText` decodes every scalar and calls it plain exactly when `isPlain` of its value
    /// says so (the ideographs U+5000–9FFF are let through without the range tests).
    @Test func plainScalarsAgreeWithIsPlain() {
        for u in Self.allScalars {
            let s = String(Character(u))
            #expect(PlainText.isPlain(s) == PlainText.isPlain(u.value), "U+\(String(u.value, radix: 16))")
            if PlainText.isPlain(u.value) { #expect(PlainText(s)?.scalars == [u]) }
        }
    }

    /// `TargetParser`'s scalar unit reads white space and Han-ness as the property table and
    /// `TextCleaning.isHan` do, for every scalar.
    @Test func clauseUnitShortcutsAgreeWithTables() {
        for u in Self.allScalars {
            #expect(u.isWhitespace == u.properties.isWhitespace, "U+\(String(u.value, radix: 16))")
            #expect(u.isHan == TextCleaning.isHan(Character(u)), "U+\(String(u.value, radix: 16))")
        }
    }
}
