import Testing
import Foundation
import AccordModel
import AccordReaders
import AccordText
@testable import AccordOCR

@Test func multiPageTIFFDecodesEveryPage() throws {
    let pages = try ImageDecoding.pages([UInt8](scan("001-clean.tif")), kind: "tiff")
    #expect(pages.count == 2)
    #expect(pages[0].width == 2480 && pages[0].height == 3508)
    #expect(pages[0].xResolution == 300)
}

@Test func annexScanBecomesATableWithMergedCells() throws {
    let data = try scan("001-annex-table.png")
    let doc = try ImageReader().read(input(data, "001-annex-table.png"))
    let tables = doc.blocks.compactMap { if case .table(let t) = $0 { return t } else { return nil } }
    let table = try #require(tables.first)
    #expect(table.construction == "ocr-grid")
    #expect(table.rows.count == 7)
    #expect(table.columnCount == 5)
    #expect(table.locator.page == 1 && table.locator.bbox?.count == 4)
    let grid = table.grid
    #expect(grid[0][0]?.text == "服务类别")
    #expect(grid[1][0]?.text == "社区党员服务" && grid[1][0]?.rowSpan == 6)
    #expect(grid[4][1]?.text == "3、党员教育管理")
    #expect(grid[6][3]?.text.hasPrefix("(4)协助开展党史党建宣传片") == true)
    // Provenance: every OCR paragraph has per-character confidences and boxes, and a page/bbox.
    let para = try #require(grid[1][0]?.paragraphs.first)
    #expect(para.origin == .ocr)
    #expect(para.content.confidences?.count == para.content.original.count)
    #expect(para.content.boxes?.count == para.content.original.count)
    let prov = para.content.provenance(0..<2, source: doc.source.sha256)
    #expect(prov.locator.page == 1 && prov.locator.bbox?.count == 4)
    #expect(prov.confidence > 0.5 && prov.confidence <= 1)
    #expect(doc.actions.contains { $0.code == "ocr.table_grid" })
    #expect(doc.findings.allSatisfy { $0.code != "ocr.wrong_language" })
    // The layout's lines inside cells point at the cell's paragraph.
    PageLayoutTests.expectConsistent(doc, pages: [1])
    let cellLines = doc.layout.first?.lines.filter { $0.span.row == 1 && $0.span.column == 0 } ?? []
    #expect(cellLines.count == 2 && cellLines.map(\.text).joined() == grid[1][0]?.text)
}

@Test func imageOnlyPDFIsRasterizedAndRecognized() throws {
    let data = try scan("001-scan.pdf")
    let doc = try PDFReader().read(input(data, "001-scan.pdf"))
    #expect(Set(doc.blocks.compactMap(\.page)) == [1, 2])
    #expect(doc.actions.contains { $0.code == "pdf.rasterized" })
    #expect(doc.actions.contains { $0.code == "ocr.deskew" })
    let text = doc.blocks.flatMap(\.paragraphs).map(\.text).joined()
    #expect(text.contains("深圳市龙岗区平湖街道办事处"))
    #expect(text.contains("LGDL2025000084-A"))
    #expect(doc.blocks.flatMap(\.paragraphs).allSatisfy { $0.origin == .ocr })
    PageLayoutTests.expectConsistent(doc, pages: [1, 2])
    // Pages are rendered grey at a known 300 dpi: nothing to convert, no resolution to guess.
    #expect(!doc.actions.contains { $0.code == "ocr.grayscale" || $0.code == "ocr.resolution_assumed" })
}

@Test func aPDFPageThatCannotBeRasterizedNamesThePageAndPopplersReason() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let pdf = root.appendingPathComponent("corpus/scans/001-scan.pdf").path
    let page = try PDFReader.rasterize(page: 1, of: pdf, timeout: 60)
    #expect(page.width == 2480 && page.depth == 8 && page.xResolution == 300)
    do {
        _ = try PDFReader.rasterize(page: 9, of: pdf, timeout: 60)
        Issue.record("expected page 9 of a 2-page PDF to fail")
    } catch {
        #expect(error.reason.hasPrefix("PDF page 9 cannot be rasterized: Wrong page range"))
    }
}

@Test func punctuationConfusionsAreFixedInTextOnly() {
    var log = ActionLog()
    let st = SourceText(verbatim: "简称\"原合同\")为2340384.元,金额252.7273万元`〈含税〉", base: Locator(page: 1))
    let fixed = OCRDocumentBuilder.fixPunctuation(st, page: 1, log: &log)
    #expect(fixed.text == "简称“原合同”)为2340384元,金额252.7273万元(含税)")
    #expect(fixed.original == st.original)
    #expect(fixed.offsets.count == fixed.text.count + 1)
    #expect(log.actions.contains { $0.code == "ocr.stray_mark_dropped" && $0.count == 2 })
}

@Test func rereadScoringPrefersExactSpellingWithTheSameGlyphCount() {
    func syms(_ s: String, _ c: Float = 0.9) -> [OCRSymbol] { s.map { OCRSymbol(text: String($0), confidence: c, box: []) } }
    let misread = ConstrainedReread.score(syms("项佰陆抬玖万元整", 0.95), expectedGlyphs: 8)
    let right = ConstrainedReread.score(syms("贰佰陆拾玖万元整", 0.8), expectedGlyphs: 8)
    let dropped = ConstrainedReread.score(syms("贰陆拾玖万元整", 0.8), expectedGlyphs: 8)
    #expect(right > misread)
    #expect(right.0 == 2 && right.1 == 1)
    #expect(dropped.1 == 0)
}

@Test func linesGroupIntoParagraphsByGapIndentAndShortLines() {
    func line(_ y: Int, _ x0: Int, _ x1: Int) -> OCRLine {
        OCRLine(words: [OCRWord(symbols: [OCRSymbol(text: "字", confidence: 1, box: [x0, y, x0 + 40, y + 40])], confidence: 1, box: [x0, y, x1, y + 40])],
                box: [x0, y, x1, y + 40], block: 0, paragraph: 0)
    }
    // Indented first line, two full lines, a short last line; then a gap and a new indented paragraph.
    let lines = [line(100, 180, 2000), line(160, 100, 2000), line(220, 100, 900),
                 line(340, 180, 2000), line(400, 100, 1500)]
    let groups = OCRDocumentBuilder.paragraphGroups(lines)
    #expect(groups.map(\.count) == [3, 2])
}

@Test func wrongLanguageTextLayerIsFlaggedAndReOCRd() throws {
    let data = try scan("001-eng-layer.pdf")
    let doc = try PDFReader().read(input(data, "001-eng-layer.pdf"))
    let finding = try #require(doc.findings.first { $0.code == "ocr.wrong_language" })
    #expect(finding.severity == .warning && finding.provenance?.locator.page == 1)
    #expect(doc.actions.contains { $0.code == "ocr.text_layer_replaced" })
    let paragraphs = doc.blocks.flatMap(\.paragraphs)
    #expect(!paragraphs.isEmpty && paragraphs.allSatisfy { $0.origin == .ocr })
    #expect(paragraphs.map(\.text).joined().contains("乙方银行账户信息不变"))
    PageLayoutTests.expectConsistent(doc, pages: [1])
}

@Test func listNumbersAndApostrophesInChineseText() {
    var log = ActionLog()
    let st = SourceText(verbatim: "运行。1.合理使用;12.会同;费用224166.元;61.81%';don't", base: Locator(page: 1))
    let fixed = OCRDocumentBuilder.fixPunctuation(st, page: 1, log: &log)
    #expect(fixed.text == "运行。1.合理使用;12.会同;费用224166元;61.81%;don't")
    #expect(fixed.offsets.count == fixed.text.count + 1)
}

@Test func quotesPairWithinAParagraph() {
    var log = ActionLog()
    let swapped = SourceText(verbatim: "原合同”第八条服务指标“约定", base: Locator(page: 1))
    #expect(QuotePairing.pair(swapped, page: 1, log: &log).text == "原合同“第八条服务指标”约定")
    #expect(log.actions.contains { $0.code == "ocr.punctuation" && $0.count == 2 })
    let odd = SourceText(verbatim: "简称“原合同“及”附件", base: Locator(page: 1))
    #expect(QuotePairing.pair(odd, page: 1, log: &log).text == odd.text)
}

@Test func marksShapedLikeSpecksAreDropped() {
    var log = ActionLog()
    func sym(_ t: String, _ b: [Int]) -> OCRSymbol { OCRSymbol(text: t, confidence: 0.9, box: b) }
    let line = OCRLine(words: [
        OCRWord(symbols: [sym("至", [0, 0, 44, 56])], confidence: 0.9, box: [0, 0, 44, 56]),
        OCRWord(symbols: [sym(":", [50, 25, 58, 33])], confidence: 0.9, box: [50, 25, 58, 33]),   // one dot
        OCRWord(symbols: [sym(":", [70, 15, 77, 42])], confidence: 0.9, box: [70, 15, 77, 42]),   // two dots
        OCRWord(symbols: [sym("-", [90, 25, 95, 30]), sym("-", [100, 27, 115, 30])], confidence: 0.9, box: [90, 25, 115, 30]),
        OCRWord(symbols: [sym("，", [120, 0, 160, 56])], confidence: 0.9, box: [120, 0, 160, 56]),  // a whole-line box: not judged
    ], box: [0, 0, 160, 56], block: 0, paragraph: 0)
    let kept = MarkGeometry.dropSpeckMarks(line, page: 1, log: &log)
    #expect(kept.text == "至 : - ，")
    #expect(log.actions.contains { $0.code == "ocr.speck_mark_dropped" && $0.count == 2 })
}

@Test func doubledMarksKeepOne() {
    var log = ActionLog()
    let st = SourceText(verbatim: "意变更为,,本项目;年月日::", base: Locator(page: 1))
    #expect(OCRDocumentBuilder.fixPunctuation(st, page: 1, log: &log).text == "意变更为,本项目;年月日:")
    #expect(log.actions.contains { $0.code == "ocr.stray_mark_dropped" && $0.count == 2 })
}

@Test func aPointWhoseInkIsARingIsAFullStop() throws {
    // 80×60 1-bit page: a filled dot at x 10…23 and a ring at x 40…53, both 14 px across, on the baseline.
    var bits = Array(repeating: Array(repeating: "0", count: 80), count: 60)
    for y in 40..<54 { for x in 0..<14 {
        let d = (Double(x) - 6.5) * (Double(x) - 6.5) + (Double(y - 40) - 6.5) * (Double(y - 40) - 6.5)
        if d <= 49 { bits[y][10 + x] = "1" }
        if d <= 49, d >= 16 { bits[y][40 + x] = "1" }
    } }
    let pbm = "P1\n80 60\n" + bits.map { $0.joined(separator: " ") }.joined(separator: "\n") + "\n"
    let page = try #require(try ImageDecoding.pages(Array(pbm.utf8), kind: "pnm").first)
    func sym(_ x: Int) -> OCRSymbol { OCRSymbol(text: ".", confidence: 0.9, box: [x, 0, x + 14, 60]) }
    let line = OCRLine(words: [OCRWord(symbols: [OCRSymbol(text: "票", confidence: 0.9, box: [0, 0, 8, 60]), sym(10), sym(40)], confidence: 0.9, box: [0, 0, 80, 60])],
                       box: [0, 0, 80, 60], block: 0, paragraph: 0)
    var log = ActionLog()
    #expect(FullStopRing.restore(line, binary: page, page: 1, log: &log).text == "票.。")
}
