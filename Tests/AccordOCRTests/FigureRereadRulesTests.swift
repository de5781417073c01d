import Testing
import Foundation
@testable import AccordOCR

/// Which figures are read again, and when a re-read is kept.
@Suite struct FigureRereadRulesTests {
    /// One line of one-glyph words 40 px apart, each glyph with the given confidence (default 0.99).
    static func line(_ s: String, y: Int = 100, low: [Int: Float] = [:]) -> OCRLine {
        let words = s.enumerated().map { i, c in
            let box = [100 + 40 * i, y, 136 + 40 * i, y + 40]
            return OCRWord(symbols: [OCRSymbol(text: String(c), confidence: low[i] ?? 0.99, box: box)], confidence: low[i] ?? 0.99, box: box)
        }
        return OCRLine(words: words, box: [100, y, 100 + 40 * s.count, y + 40], block: 0, paragraph: 0)
    }

    static func symbols(_ s: String, _ confidences: [Float]) -> [OCRSymbol] {
        zip(s, confidences).map { OCRSymbol(text: String($0), confidence: $1, box: []) }
    }

    @Test func wellFormedFigures() {
        for s in ["2340384", "2,340,384", "252.7273", "0.5"] { #expect(FigureReread.isWellFormed(s, as: .amount), "\(s)") }
        for s in ["2340,384", "25.27.73", "0400", "2O25", "", "252."] { #expect(!FigureReread.isWellFormed(s, as: .amount), "\(s)") }
        #expect(FigureReread.isWellFormed("2025", as: .year) && !FigureReread.isWellFormed("205", as: .year))
        #expect(FigureReread.isWellFormed("7", as: .month) && FigureReread.isWellFormed("12", as: .month) && !FigureReread.isWellFormed("13", as: .month))
        #expect(FigureReread.isWellFormed("31", as: .day) && !FigureReread.isWellFormed("32", as: .day) && !FigureReread.isWellFormed("0", as: .day))
    }

    @Test func keptOnlyWhenWellFormedMoreConfidentAndNoOtherGlyphLost() {
        let misread = Self.symbols("50490", [0.99, 0.99, 0.99, 0.92, 0.99])
        #expect(FigureReread.keeps(before: misread, after: Self.symbols("50400", [0.99, 0.99, 0.99, 0.98, 0.99]), kind: .amount))
        // Not more confident than the first reading's weakest glyph.
        #expect(!FigureReread.keeps(before: misread, after: Self.symbols("50400", [0.99, 0.99, 0.99, 0.90, 0.99]), kind: .amount))
        // A digit dropped that was not the doubtful one.
        #expect(!FigureReread.keeps(before: misread, after: Self.symbols("0490", [0.99, 0.99, 0.99, 0.99]), kind: .amount))
        // A doubled digit: the re-read drops exactly the least confident glyph.
        let doubled = Self.symbols("2244166", [0.99, 0.99, 0.99, 0.90, 0.99, 0.99, 0.99])
        #expect(FigureReread.keeps(before: doubled, after: Self.symbols("224166", [0.99, 0.99, 0.99, 0.99, 0.99, 0.99]), kind: .amount))
        #expect(!FigureReread.keeps(before: doubled, after: Self.symbols("224416", [0.99, 0.99, 0.99, 0.99, 0.99, 0.99]), kind: .amount))
        // Not well-formed, or a longer reading.
        #expect(!FigureReread.keeps(before: Self.symbols("13", [0.6, 0.6]), after: Self.symbols("38", [0.9, 0.9]), kind: .day))
        #expect(!FigureReread.keeps(before: Self.symbols("7", [0.6]), after: Self.symbols("71", [0.9, 0.9]), kind: .month))
    }

    @Test func figuresAreFoundByTheirWording() {
        let date = FigureReread.figures(in: [Self.line("于2025年7月30日签订，服务期3年，占87%")])
        #expect(date.map(\.kind) == [.year, .month, .day])
        #expect(date.map { FigureReread.text($0.symbols) } == ["2025", "7", "30"])
        #expect(date[0].segments[0].left == "于" && date[0].segments[0].right == "年")
        // An amount wrapped onto the next line is one figure of two stretches, found once.
        let wrapped = FigureReread.figures(in: [Self.line("本合同期按金额252.72"), Self.line("73万元(大写", y: 160)])
        #expect(wrapped.count == 1)
        #expect(wrapped.first?.kind == .amount && wrapped.first.map { FigureReread.text($0.symbols) } == "252.7273")
        #expect(wrapped.first?.segments.map(\.glyphs.line) == [0, 1])
        // A date part starting a line is not glued to a number ending the line above.
        let dated = FigureReread.figures(in: [Self.line("见第3"), Self.line("2025年", y: 160)])
        #expect(dated.map { FigureReread.text($0.symbols) } == ["2025"] && dated.first?.segments.count == 1)
        // Markers before the figure: 人民币, ¥, 金额为.
        let marked = FigureReread.figures(in: [Self.line("人民币2690000，¥12.5，金额为30，编号2025")])
        #expect(marked.map { FigureReread.text($0.symbols) } == ["2690000", "12.5", "30"])
        // A Latin letter the recognizer put for a digit is part of the figure only between digits.
        let letters = FigureReread.figures(in: [Self.line("为B2O25元")])
        #expect(letters.map { FigureReread.text($0.symbols) } == ["2O25"])
    }

    @Test func figureIsTakenBetweenItsAnchors() {
        let reading = Self.symbols("50400元,", Array(repeating: 0.99, count: 7))
        #expect(FigureReread.figureGlyphs(in: reading, kind: .amount, right: "元").map(FigureReread.text) == "50400")
        #expect(FigureReread.figureGlyphs(in: reading, kind: .amount, right: "年") == nil)
        #expect(FigureReread.figureGlyphs(in: Self.symbols("用224166元", Array(repeating: 0.9, count: 8)), kind: .amount, right: "元").map(FigureReread.text) == "224166")
    }
}
