import Testing
import Foundation
import AccordModel
import AccordReaders
@testable import AccordOCR

// Table cells read as images of their own (`CellReader`), list labels and quantities read again
// under a whitelist (`LabelReread`, `QuantityReread`). The held-out measurements behind them:
// scripts/render_holdout_annex.py and scripts/experiments/eval_holdout.py.

@Suite struct ListLabels {
    @Test func parsesTheForms() {
        #expect(ListLabel.parse("(1)") == ListLabel(path: [1], style: .paren))
        #expect(ListLabel.parse("（4.1）") == ListLabel(path: [4, 1], style: .paren))
        #expect(ListLabel.parse("2、") == ListLabel(path: [2], style: .dunhao))
        #expect(ListLabel.parse("12.") == ListLabel(path: [12], style: .dot))
        for bad in ["\\)", "GD)", "《2)", "(\\)", "(1", "(3.14", "(21", "()", "(2…1)", "1", "8,", "(1.2.3)", "(01)", "123."] {
            #expect(ListLabel.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func sequenceOfAColumn() throws {
        let l = { (s: String) in try #require(ListLabel.parse(s)) }
        #expect(try l("(2)").mayFollow(l("(1)")))
        #expect(try l("(4.1)").mayFollow(l("(4)")))
        #expect(try l("(4.2)").mayFollow(l("(4.1)")))
        #expect(try l("(5)").mayFollow(l("(4.3)")))
        #expect(try l("(1)").mayFollow(l("(6)")))      // a new 服务大项 starts again
        #expect(try l("(3)").mayFollow(nil))            // anything opens a column
        #expect(try !l("(21)").mayFollow(l("(2)")))     // (2.1) with its point lost
        #expect(try !l("(4)").mayFollow(l("(1)")))
        #expect(try !l("41.").mayFollow(l("9.")))
        #expect(try !l("2、").mayFollow(l("(1)")))      // another style continues no sequence
    }
}

/// A line of glyphs 40 px high: Han glyphs 40 px wide, others 14 px, as written.
func line(_ glyphs: [String]) -> OCRLine {
    var x = 0
    let symbols = glyphs.map { g -> OCRSymbol in
        let w = g.unicodeScalars.first.map { $0.value >= 0x4E00 } == true ? 40 : 14
        defer { x += w + 2 }
        return OCRSymbol(text: g, confidence: 0.9, box: [x, 0, x + w, 40])
    }
    return OCRLine(words: symbols.map { OCRWord(symbols: [$0], confidence: 0.9, box: $0.box) }, box: [0, 0, x, 40], block: 0, paragraph: 0)
}

@Suite struct Sites {
    @Test func labelSites() {
        // An unclosed parenthesis: the label is what lies before the first Han glyph 0.8 line heights on
        // (了 is a misread 1), the anchor that glyph.
        let s = LabelReread.site(in: line(["(", "了", "建", "立"]), at: 0, lineStart: true, cellStart: true)
        #expect(s?.range == 0..<2)
        #expect(s?.anchor == 2)
        // A closed one holding no Han.
        #expect(LabelReread.site(in: line(["(", "2", "1", ")", "为"]), at: 0, lineStart: true, cellStart: true)?.range == 0..<4)
        // (协助) is no label.
        #expect(LabelReread.site(in: line(["开", "(", "协", "助", ")"]), at: 1, lineStart: false, cellStart: false) == nil)
        // 8个案: the digit, anchored on 个.
        let d = LabelReread.site(in: line(["8", "个", "案"]), at: 0, lineStart: true, cellStart: true)
        #expect(d?.range == 0..<1)
        #expect(d?.anchor == 1)
    }

    @Test func numberedItemsInsideACell() {
        let first = ListLabel(path: [1], style: .dot)
        // …以上)2,义工: the item after 1.
        let l = line([")", "2", ",", "义", "工"])
        #expect(LabelReread.markedNumber(in: l, at: 1, lineStart: false, cellStart: false, inCell: first)?.range == 1..<3)
        // A figure with its unit is no item: 不少于2场.
        #expect(LabelReread.markedNumber(in: line(["于", "2", "场"]), at: 1, lineStart: false, cellStart: false, inCell: first) == nil)
        // Not the next number: 8小时.
        #expect(LabelReread.markedNumber(in: line(["务", "8", "小", "时"]), at: 1, lineStart: false, cellStart: false, inCell: first) == nil)
        // At a cell's start a mark after the digits is needed (4次评估 is a figure).
        #expect(LabelReread.markedNumber(in: line(["4", "次", "评"]), at: 0, lineStart: true, cellStart: true, inCell: nil) == nil)
        #expect(LabelReread.markedNumber(in: line(["1", ":", "建"]), at: 0, lineStart: true, cellStart: true, inCell: nil)?.range == 0..<2)
    }

    @Test func quantitySites() {
        #expect(QuantityReread.site(in: line(["不", "少", "于", "1", "声"]), from: 0)?.value == 3..<5)
        #expect(QuantityReread.site(in: line(["不", "少", "于", "工", "场"]), from: 0)?.value == 3..<5)
        #expect(QuantityReread.site(in: line(["不", "少", "于", "2", "场"]), from: 0) == nil)
        #expect(QuantityReread.site(in: line(["不", "少", "于", "一", "次"]), from: 0) == nil)
        #expect(QuantityReread.site(in: line(["至", "少", "更", "新", "1"]), from: 0) == nil)
        #expect(QuantityReread.site(in: line(["达", "到", "1", "0", "0", "%"]), from: 0) == nil)
        // The unit on the next line.
        #expect(QuantityReread.site(in: line(["不", "少", "于", "2"]), from: 0) == nil)
    }
}

@Test func annexTableReadCellByCell() throws {
    // corpus/scans/001-annex-table.png: every cell as its ground truth (001-annex-table.cells.tsv),
    // after NFKC with white space removed, each cell recognized as an image of its own. (Quote marks
    // compared as one: Tesseract returns ASCII " for “ ”, which OCRDocumentBuilder pairs back.)
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let tsv = try String(contentsOf: root.appendingPathComponent("corpus/scans/001-annex-table.cells.tsv"), encoding: .utf8)
    let norm = { (s: String) in
        String(s.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace }.map { "“”".contains($0) ? "\"" : $0 })
    }
    var truth: [[Int]: String] = [:]
    for row in tsv.split(separator: "\n").dropFirst() {
        let f = row.split(separator: "\t", omittingEmptySubsequences: false)
        truth[[Int(f[0])!, Int(f[1])!]] = norm(String(f[3]))
    }
    let pages = try ImageDecoding.pages([UInt8](scan("001-annex-table.png")), kind: "png")
    var options = OCROptions()
    options.workers = 1
    let read = try PageRecognizer.recognize(PageSource(pages), options: options)
    let table = try #require(read.first?.tables.first)
    #expect(table.cells.count == truth.count)
    for cell in table.cells {
        let text = norm(cell.lines.map(\.text).joined())
        #expect(text == truth[[cell.row, cell.column]], "cell (\(cell.row), \(cell.column))")
        // Boxes in page pixels, inside the cell.
        for s in cell.lines.flatMap({ $0.words.flatMap(\.symbols) }) where s.box.count == 4 {
            #expect(s.box[0] >= cell.box[0] - 2 && s.box[2] <= cell.box[2] + 2, "\(s.text) \(s.box) in \(cell.box)")
        }
    }
}
