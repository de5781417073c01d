import Testing
import Foundation
import AccordModel
import AccordReaders
import CLeptonica
@testable import AccordOCR

/// The stretch `read` with `UppercaseGlyphs.fixes` applied.
private func fixed(_ read: String) -> String {
    let glyphs = read.map(String.init)
    var out = glyphs
    for f in UppercaseGlyphs.fixes(glyphs).reversed() { out.replaceSubrange(f.range, with: [String(f.numeral)]) }
    return out.joined()
}

/// Readings of real pages (Debian's chi_sim has no 叁 柒 捌 仟): each numeral the spelling fixes is
/// inferred, the rest is left as read.
@Test func uppercaseGlyphsTheModelCannotReturnAreInferredFromTheSpelling() {
    // corpus/scans/001-degraded-p1.jpg: 方 and 他 are no listed look-alikes, but only 万 and 仟 fit there.
    #expect(fixed("起佰伍拾贰方沫他于佰染拾参元整") == "贰佰伍拾贰万柒仟贰佰柒拾叁元整")
    #expect(fixed("沫佰壹拾沫万伍什沫佰伍奏肆元整") == "柒佰壹拾柒万伍仟柒佰伍拾肆元整")
    // An amount cut off by the end of the stretch, and glyphs after it that are not numerals.
    #expect(fixed("贰佰陆拾抽万肆什揽佰项目服务费") == "贰佰陆拾捌万肆仟捌佰项目服务费")
    // 叁 read as the two glyphs 人参.
    #expect(fixed("人参什元整") == "叁仟元整")
    // 址 stands where any digit could: not guessed; the rest is still inferred.
    #expect(fixed("贰佰伍拾贰万类仔址佰类拾会元整") == "贰佰伍拾贰万柒仟址佰柒拾叁元整")
    // Nothing to fix, or no amount.
    #expect(UppercaseGlyphs.fixes("贰佰陆拾玖万元整".map(String.init)).isEmpty)
    #expect(UppercaseGlyphs.fixes("项目服务费用".map(String.init)).isEmpty)
    // Look-alikes that would spell no amount stay.
    #expect(fixed("沫业") == "沫业")
}

@Test func aCountBesideAnotherCountOfTheSameMeasureIsADigit() {
    let line = "本补充协议一式玖份，甲方执沫份，乙方执沫份。".map(String.init)
    let fixes = UppercaseGlyphs.parallelCountFixes(line)
    #expect(fixes.map(\.numeral) == ["柒", "柒"])
    #expect(fixes.map(\.range.lowerBound) == [13, 19])
    // Without a 大写 count beside it, a look-alike is a word: left alone.
    #expect(UppercaseGlyphs.parallelCountFixes("甲方执沫份，乙方执业务".map(String.init)).isEmpty)
}

/// The whole OCR path on a real degraded scan: the 大写 amount comes out spelled right (before this
/// it read 起佰伍拾贰方沫他于佰染拾参元整: the model cannot return 柒 仟 叁), and the amount in figures and
/// the finding say what was inferred.
@Test func aDegradedScansUppercaseAmountIsReadWhole() throws {
    let doc = try ImageReader().read(input(try scan("001-degraded-p1.jpg"), "001-degraded-p1.jpg"))
    let text = doc.blocks.map { b -> String in
        if case .paragraph(let p) = b { return p.text }
        return ""
    }.joined().filter { !$0.isWhitespace }
    #expect(text.contains("贰佰伍拾贰万柒仟贰佰柒拾叁元整"))
    #expect(text.contains("贰佰陆拾玖万元整"))
    #expect(doc.findings.contains { $0.code == "ocr.reread" && $0.message.contains("inferred") && $0.provenance?.text == "贰佰伍拾贰万柒仟贰佰柒拾叁元整" })
}

/// Dust dots beside text lines (`StrayDots`): found on a degraded scan, none on the clean render of
/// the same page; on the degraded page 2 the dot read as a comma in 支，付 is gone.
@Test func dustDotsBesideTextLinesAreRemovedAndPunctuationStays() throws {
    func dots(_ name: String, _ kind: String) throws -> [String] {
        let page = try #require(try ImageDecoding.pages([UInt8](scan(name)), kind: kind).first)
        let prepared = try #require(Preprocessor.prepare(page))
        return prepared.steps.filter { $0.code == "ocr.stray_dots" }.map(\.detail)
    }
    #expect(try dots("001-clean-p1.png", "png").isEmpty)
    #expect(try dots("001-clean-p2.png", "png").isEmpty)
    #expect(try dots("001-degraded-p2.jpg", "jpeg").count == 1)
    let doc = try ImageReader().read(input(try scan("001-degraded-p2.jpg"), "001-degraded-p2.jpg"))
    let text = doc.blocks.map { b -> String in
        if case .paragraph(let p) = b { return p.text }
        return ""
    }.joined().filter { !$0.isWhitespace }.precomposedStringWithCompatibilityMapping
    #expect(text.contains("审批流程支付"))
    // The punctuation of the page is all still there (，。；： counted against the ground truth).
    let truth = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../corpus/scans/001-degraded-p2.txt").standardized, encoding: .utf8).precomposedStringWithCompatibilityMapping
    for mark in [",", "。", ";", ":"] as [Character] {
        #expect(text.filter { $0 == mark }.count >= truth.filter { $0 == mark }.count, "\(mark)")
    }
}
