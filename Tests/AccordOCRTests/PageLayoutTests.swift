import Testing
import Foundation
import AccordModel
import AccordReaders
import AccordText
import TestSupport
@testable import AccordOCR

/// The per-page layout of an OCR'd document: lines and words with boxes and confidences that
/// point into the blocks' cleaned text.
@Suite struct PageLayoutTests {
    /// Checks every line and word of `doc`'s layout against the page and the blocks.
    static func expectConsistent(_ doc: IntermediateDocument, pages: Set<Int>) {
        #expect(Set(doc.layout.map(\.page)) == pages)
        for page in doc.layout {
            #expect(page.width > 0 && page.height > 0)
            #expect(!page.lines.isEmpty, "page \(page.page) has lines")
            for line in page.lines {
                #expect(inside(line.bbox, width: page.width, height: page.height), "line box \(line.bbox) on page \(page.page)")
                #expect((0...1).contains(line.confidence))
                #expect(!line.words.isEmpty, "\(line.text) has words")
                // The span names the line's text in its block, and the words spell the line.
                #expect(doc.text(at: line.span) == line.text)
                #expect(doc.paragraph(at: line.span)?.content.base.page == page.page)
                let spelled = line.words.map(\.text).joined().filter { !$0.isWhitespace }
                #expect(spelled == line.text.filter { !$0.isWhitespace }, "words \(line.words.map(\.text)) vs line \(line.text)")
                for word in line.words {
                    #expect(!word.text.isEmpty)
                    #expect(doc.text(at: word.span) == word.text)
                    #expect(word.span.start >= line.span.start && word.span.end <= line.span.end)
                    #expect((0...1).contains(word.confidence))
                    #expect(inside(word.bbox, width: page.width, height: page.height))
                    // A word is on its line: Tesseract's word boxes for Chinese may stand a little beyond
                    // the line's and overlap their neighbours, but a word's centre is inside its line.
                    let cx = (word.bbox[0] + word.bbox[2]) / 2, cy = (word.bbox[1] + word.bbox[3]) / 2
                    #expect(line.bbox[0] <= cx && cx <= line.bbox[2] && line.bbox[1] <= cy && cy <= line.bbox[3],
                            "word \(word.text) \(word.bbox) in line \(line.bbox)")
                }
            }
        }
    }

    static func inside(_ b: [Int], width: Int, height: Int) -> Bool {
        b.count == 4 && 0 <= b[0] && b[0] < b[2] && b[2] <= width && 0 <= b[1] && b[1] < b[3] && b[3] <= height
    }

    @Test func cleanScanHasLinesAndWordsWithBoxesAndConfidences() throws {
        let doc = try ImageReader().read(input(try scan("001-clean-p1.png"), "001-clean-p1.png"))
        let page = try #require(doc.layout.first)
        #expect(doc.layout.count == 1 && page.page == 1)
        #expect(page.width == 2480 && page.height == 3508)
        // Every OCR paragraph's text is covered by lines, in reading order.
        #expect(page.lines.count >= 25)
        let blocksWithLines = Set(page.lines.map(\.span.block))
        #expect(blocksWithLines == Set(doc.blocks.indices))
        #expect(page.lines.map(\.span.block) == page.lines.map(\.span.block).sorted())
        Self.expectConsistent(doc, pages: [1])
        // A line's words carry their own boxes: the buyer's line has several words, left to right.
        let buyer = try #require(page.lines.first { $0.text.contains("平湖街道办事处") })
        #expect(buyer.words.count > 1)
        #expect(zip(buyer.words, buyer.words.dropFirst()).allSatisfy { $0.bbox[0] < $1.bbox[0] })
        // The line's box agrees with the locator of the text it points at.
        let para = try #require(doc.paragraph(at: buyer.span))
        let loc = para.content.provenance(buyer.span.start..<buyer.span.end, source: "").locator
        let box = try #require(loc.bbox)
        #expect(abs(box[0] - buyer.bbox[0]) <= 12 && abs(box[2] - buyer.bbox[2]) <= 12)

        // Encoded in the intermediate JSON and valid against its schema.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(doc)
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-intermediate.schema.json"))
        let errors = try validator.validate(data)
        #expect(errors == [], "\(errors.prefix(5))")
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((object["layout"] as? [Any])?.count == 1)
        let decoded = try JSONDecoder().decode(IntermediateDocument.self, from: data)
        #expect(decoded.layout == doc.layout)
    }

    @Test func textDocumentsHaveNoLayoutKey() throws {
        let doc = IntermediateDocument(source: SourceInfo(path: "x.txt", sha256: "0", format: "markdown", encoding: "utf-8"),
                                       blocks: [.paragraph(Paragraph(content: SourceText(verbatim: "甲方", base: Locator(line: 1))))])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(doc), as: UTF8.self)
        #expect(!json.contains("layout"))
        #expect(try JSONDecoder().decode(IntermediateDocument.self, from: Data(json.utf8)).layout.isEmpty)
    }

    @Test func spansMapThroughCleaningToWords() {
        // Tesseract's words 金额 | 252.72 | 73 | 万元: the false space between the digits is removed,
        // and each word's span covers exactly its cleaned characters.
        func word(_ s: String, _ x: Int) -> OCRWord {
            let symbols = s.enumerated().map { i, c in OCRSymbol(text: String(c), confidence: 0.9, box: [x + 20 * i, 10, x + 20 * i + 18, 40]) }
            return OCRWord(symbols: symbols, confidence: 0.9, box: [x, 10, x + 20 * s.count - 2, 40])
        }
        let line = OCRLine(words: [word("金额", 100), word("252.72", 150), word("73", 272), word("万元", 320)],
                           box: [100, 10, 360, 40], block: 0, paragraph: 0, confidence: 0.8)
        let st = SourceText(verbatim: "金额 252.72 73 万元", base: Locator(page: 1))
        var log = ActionLog()
        let cleaned = TextCleaning.clean(st.original, base: st.base, log: &log)
        let lt = LineText(line: line, content: cleaned, wordRanges: [0..<2, 3..<9, 10..<12, 13..<15])
        let layout = PageLayoutBuilder.words(of: lt)
        #expect(cleaned.text == "金额252.72 73万元")
        #expect(layout.map(\.text) == ["金额", "252.72", "73", "万元"])
        #expect(layout.map(\.range) == [0..<2, 2..<8, 9..<11, 11..<13])
    }
}
