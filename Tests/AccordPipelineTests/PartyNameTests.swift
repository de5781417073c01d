import Testing
import Foundation
import AccordModel
import AccordPipeline
import TestSupport

/// A recognized party name is checked against the recognizer's own doubt and against its other
/// occurrences in the document; typed names are not (their glyphs are what the file holds).
@Suite struct PartyNameTests {
    static let sha = String(repeating: "a", count: 64)

    /// A page of recognized lines: each line's glyphs at confidence 0.99 except those listed.
    static func page(_ lines: [(String, [Int: Float])]) -> IntermediateDocument {
        let blocks = lines.enumerated().map { (i, line) -> Block in
            let (text, low) = line
            let n = text.count
            let conf = (0..<n).map { low[$0] ?? 0.99 }
            let content = SourceText(text: text, original: text, offsets: Array(0...n),
                                     base: Locator(page: 1, bbox: [100, 100 + 60 * i, 2000, 150 + 60 * i]),
                                     confidences: conf, boxes: (0..<n).map { [100 + 40 * $0, 100 + 60 * i, 140 + 40 * $0, 150 + 60 * i] })
            return .paragraph(Paragraph(content: content, origin: .ocr))
        }
        return IntermediateDocument(source: SourceInfo(path: "scan.png", sha256: sha, format: "png", encoding: nil), blocks: blocks)
    }

    @Test func doubtfulGlyphOfARecognizedNameIsReported() {
        let doc = Pipeline().process(Self.page([("甲方：深圳市某某街道办事处", [:]), ("乙方：深圳市龙岗区正了社会工作服务中心", [10: 0.62])]))
        let f = doc.report.findings.filter { $0.code.hasPrefix("party.") }
        #expect(f.map(\.code) == ["party.doubtful_glyphs"])
        #expect(f.first?.severity == .warning)
        #expect(f.first?.message == "supplier 深圳市龙岗区正了社会工作服务中心: the recognizer was unsure of 了 (glyph 8, confidence 0.62); check the name against the source")
        #expect(f.first?.provenance?.locator.page == 1)
    }

    @Test func anotherOccurrenceReadDifferentlyIsReportedWithBothPlaces() throws {
        let doc = Pipeline().process(Self.page([
            ("乙方：深圳市龙岗区正了社会工作服务中心", [:]),
            ("本项目由深圳市龙岗区正阳社会工作服务中心承接。", [:]),
        ]))
        let f = doc.report.findings.filter { $0.code == "party.name_disagrees" }
        #expect(f.count == 1)
        let finding = try #require(f.first)
        #expect(finding.severity == .warning)
        #expect(finding.message == "supplier read as 深圳市龙岗区正了社会工作服务中心 here and as 深圳市龙岗区正阳社会工作服务中心 elsewhere in the document (了↔阳; confidence 0.99 against 0.99): one of them is misread")
        // Both places: the name's own box, and the other occurrence's (line 2).
        #expect(finding.provenance?.locator.bbox?[1] == 100)
        #expect(finding.related?.count == 1 && finding.related?.first?.text == "深圳市龙岗区正阳社会工作服务中心")
        #expect(finding.related?.first?.locator.bbox?[1] == 160)
    }

    @Test func agreeingOccurrencesAndConfidentGlyphsSayNothing() {
        let doc = Pipeline().process(Self.page([
            ("乙方：深圳市龙岗区正阳社会工作服务中心", [:]),
            ("本项目由深圳市龙岗区正阳社会工作服务中心承接。", [:]),
            // Another organisation sharing most glyphs but not both ends is another name.
            ("协办：深圳市龙岗区正阳社会工作服务中心站点", [:]),
        ]))
        #expect(!doc.report.findings.contains { $0.code.hasPrefix("party.") })
    }

    @Test func typedNamesAreNotChecked() throws {
        let doc = try Pipeline().process(data: Data("乙方：深圳市龙岗区正了社会工作服务中心\n本项目由深圳市龙岗区正阳社会工作服务中心承接。\n".utf8), path: "a.txt")
        #expect(!doc.report.findings.contains { $0.code.hasPrefix("party.") })
    }

    /// On the rendered clean page 1 the supplier 正阳 is read 正了; Tesseract's doubt (0.85) falls
    /// on the next glyph, 社, and the finding quotes it as given.
    @Test func cleanScanSupplierIsFlagged() throws {
        let path = "corpus/scans/001-clean-p1.png"
        let doc = try Pipeline().process(data: try Corpus.data(path), path: path)
        let f = doc.report.findings.filter { $0.code.hasPrefix("party.") }
        #expect(f.map(\.code) == ["party.doubtful_glyphs"])
        #expect(f.first?.message.hasPrefix("supplier 深圳市龙岗区正了社会工作服务中心: the recognizer was unsure of 社 (glyph 9, confidence 0.8") == true)
    }
}
