import Testing
import Foundation
import AccordModel
@testable import AccordReaders

/// WordprocessingML features, each on a small inline document.xml.
@Suite struct WordMLTests {
    static let ns = #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main""#

    func convert(_ body: String) throws -> (blocks: [Block], conv: WordConverter) {
        let xml = "<w:document \(Self.ns)><w:body>\(body)</w:body></w:document>"
        let part = try WordMLParser.parse(Data(xml.utf8), part: "word/document.xml", dialect: .ooxml)
        var conv = WordConverter(numbering: NumberingDefinitions(), styles: StyleSheet())
        let blocks = conv.body(part)
        return (blocks, conv)
    }

    func texts(_ blocks: [Block]) -> [String] { blocks.flatMap(\.paragraphs).map(\.text) }

    @Test func runsTabsBreaksSymbolsAndFields() throws {
        let (b, _) = try convert("""
        <w:p><w:r><w:t xml:space="preserve">甲方 </w:t></w:r><w:r><w:tab/><w:t>A</w:t><w:br/><w:t>B</w:t></w:r>\
        <w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>\
        <w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>\
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>DATE</w:instrText></w:r>\
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2025</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
        """)
        #expect(texts(b) == ["甲方A\nB✓72025"])
    }

    @Test func trackedChangesInsKeptDelDroppedBothCounted() throws {
        let (b, conv) = try convert("""
        <w:p><w:r><w:t>金额</w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>269</w:delText></w:r></w:del>\
        <w:ins w:id="2" w:author="x"><w:r><w:t>252.7273</w:t></w:r></w:ins><w:r><w:t>万元</w:t></w:r></w:p>
        """)
        #expect(texts(b) == ["金额252.7273万元"])
        let a = conv.log.actions
        #expect(a.first { $0.code == "docx.revision_insert_kept" }?.count == 1)
        #expect(a.first { $0.code == "docx.revision_delete_dropped" }?.examples == ["269"])
        #expect(conv.findings.contains { $0.code == "docx.tracked_changes" && $0.severity == .warning })
    }

    @Test func textBoxReadInPlaceOnceNotFromFallback() throws {
        let (b, _) = try convert("""
        <w:p><w:r><w:t>前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>\
        <w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>\
        <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>\
        </mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>后</w:t></w:r></w:p>
        """)
        #expect(texts(b) == ["前", "框内", "后"])
    }

    @Test func drawingMLTextIsNotBodyText() throws {
        let (b, _) = try convert("<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:drawing><a:t>图表</a:t></w:drawing></w:r></w:p>")
        #expect(texts(b) == ["正文"])
    }

    @Test func mergesGridBeforeAndSpans() throws {
        // Row 0: title spanning 3 columns. Row 1: A (restart) | B | C. Row 2: (continue) | D (gridSpan 2).
        // Row 3: gridBefore 1, E | F.
        let (b, _) = try convert("""
        <w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>标题</w:t></w:r></w:p></w:tc></w:tr>\
        <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p><w:p><w:r><w:t>A2</w:t></w:r></w:p></w:tc>\
        <w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc></w:tr>\
        <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>D</w:t></w:r></w:p></w:tc></w:tr>\
        <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>E</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>F</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
        """)
        guard case .table(let t) = b.first else { Issue.record("no table"); return }
        #expect(t.construction == "native")
        #expect(t.rows.map { $0.map(\.text) } == [["标题"], ["A\nA2", "B", "C"], ["D"], ["E", "F"]])
        #expect(t.rows[0][0].colSpan == 3)
        #expect(t.rows[1][0].rowSpan == 2)
        #expect(t.rows[2][0].column == 1 && t.rows[2][0].colSpan == 2)
        #expect(t.rows[3].map(\.column) == [1, 2])
        #expect(t.grid[2][0]?.text == "A\nA2")
        // Provenance: part, paragraph, table, row, column, cell paragraph.
        let a2 = t.rows[1][0].paragraphs[1].content.base
        #expect(a2.part == "word/document.xml" && a2.table == 0 && a2.row == 1 && a2.column == 0 && a2.cellParagraph == 1)
        #expect(a2.paragraph == 2)
    }

    @Test func nestedTableReadIntoItsCell() throws {
        let (b, conv) = try convert("""
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p>\
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>内1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>内2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
        <w:p/></w:tc></w:tr></w:tbl><w:p><w:r><w:t>后</w:t></w:r></w:p>
        """)
        guard case .table(let t) = b.first else { Issue.record("no table"); return }
        #expect(t.rows[0][0].paragraphs.map(\.text) == ["外", "内1", "内2"])
        #expect(texts(b) == ["外", "内1", "内2", "后"])
        #expect(conv.log.actions.contains { $0.code == "docx.nested_table_read_into_cell" })
    }

    /// A large table (parsed on libxml2's own thread, converted row by row as it is read) reads
    /// as one table: list labels numbered through it in reading order, merged cells filled once,
    /// cleaning actions counted once each with the first examples; and the row-by-row conversion
    /// gives exactly what converting the parsed part gives.
    @Test func largeTableNumberedAndMergedThroughout() throws {
        let numbering = try NumberingDefinitions.parse(Data("""
        <w:numbering \(Self.ns)><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>\
        <w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>\
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>
        """.utf8), part: "word/numbering.xml")
        let rows = 3000
        var xml = "<w:tbl>"
        for r in 0..<rows {
            // Column 0 merges down over three rows; its continuations hold text of their own.
            let merge = r % 3 == 0 ? #"<w:vMerge w:val="restart"/>"# : "<w:vMerge/>"
            let first = r % 3 == 0 ? "类别\(r / 3)" : "续\(r)"
            xml += "<w:tr><w:tc><w:tcPr>\(merge)</w:tcPr><w:p><w:r><w:t>\(first)</w:t></w:r></w:p></w:tc>"
            xml += #"<w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>"#
            xml += "第\(r)项，全角ＡＢ</w:t></w:r></w:p><w:p><w:r><w:t>说明\(r)</w:t></w:r></w:p></w:tc></w:tr>"
        }
        xml += "</w:tbl>"
        let doc = Data("<w:document \(Self.ns)><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:p>\(xml)</w:body></w:document>".utf8)
        #expect(doc.count >= SAXStream.threadedFrom)
        let part = try WordMLParser.parse(doc, part: "word/document.xml", dialect: .ooxml)
        var conv = WordConverter(numbering: numbering, styles: StyleSheet())
        let blocks = conv.body(part)
        var streamed = WordBodyConverter(WordConverter(numbering: numbering, styles: StyleSheet()), part: "word/document.xml")
        let counts = try WordMLParser.parse(doc, part: "word/document.xml", dialect: .ooxml, into: &streamed)
        #expect(streamed.finish(counts) == blocks)
        #expect(streamed.converter.log.actions == conv.log.actions && streamed.converter.findings == conv.findings)
        guard case .table(let t) = blocks.first else { Issue.record("no table"); return }
        #expect(t.rows.count == rows)
        // Labels 1. … 3000. in reading order, each cell's paragraphs with their own coordinates.
        let labelled = t.rows.map { $0.last?.paragraphs.first?.text ?? "" }
        // An empty numbered paragraph before the table takes label 1 (Word counts it too).
        let firstWrong = labelled.indices.first { labelled[$0] != "\($0 + 2).第\($0)项,全角AB" }
        #expect(firstWrong == nil, "row \(firstWrong ?? -1): \(firstWrong.map { labelled[$0] } ?? "")")
        #expect(t.rows.allSatisfy { $0.last?.paragraphs.map(\.content.base.cellParagraph) == [0, 1] })
        // One w:p before the table, three a row: the last row's unlabelled paragraph is w:p 1 + 3 × 2999 + 2.
        #expect(t.rows[2999].last?.paragraphs[1].content.base == Locator(part: "word/document.xml", paragraph: 9000, table: 0, row: 2999, column: 1, cellParagraph: 1))
        // Merged cells: every third row starts one, holding its two continuations' text once.
        let merged = t.rows.compactMap { $0.first { $0.column == 0 } }
        #expect(merged.count == rows / 3)
        #expect(merged.allSatisfy { $0.rowSpan == 3 && $0.paragraphs.count == 3 })
        #expect(merged[999].text == "类别999\n续2998\n续2999")
        let actions = Dictionary(uniqueKeysWithValues: conv.log.actions.map { ($0.code, $0) })
        #expect(actions["docx.list_label_rendered"]?.count == rows)
        #expect(actions["docx.list_label_rendered"]?.examples == ["2.", "3.", "4."])
        #expect(actions["docx.vmerge_continuation_text_kept"]?.count == 2 * rows / 3)
    }

    @Test func orphanContinuationBecomesItsOwnCell() throws {
        let (b, conv) = try convert("<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>X</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
        guard case .table(let t) = b.first else { Issue.record("no table"); return }
        #expect(t.rows[0].map(\.text) == ["X"])
        #expect(conv.findings.contains { $0.code == "docx.vmerge_orphan" })
    }

    @Test func bareDocumentXMLThroughThePipeline() throws {
        let xml = "<?xml version=\"1.0\"?><w:document \(Self.ns)><w:body><w:p><w:r><w:t>乙方：某中心</w:t></w:r></w:p></w:body></w:document>"
        let reader = WordXMLReader()
        let doc = try reader.read(ReaderInput(data: Data(xml.utf8), path: "d.xml", sha256: "s", sniff: .xml))
        #expect(doc.blocks.flatMap(\.paragraphs).map(\.text) == ["乙方:某中心"])
    }

    @Test func unknownXMLVocabulary() {
        let input = ReaderInput(data: Data("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8), path: "x", sha256: "s", sniff: .xml)
        #expect(throws: ReadError.self) { try WordXMLReader().read(input) }
    }

    @Test func htmlSpans() throws {
        let html = """
        <html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
        <h1>附件</h1><table><tr><td rowspan="2">类别</td><td colspan="2">标题</td></tr><tr><td>甲</td><td><p>乙1</p><p>乙2</p></td></tr>
        <tr><td>丙</td><td>丁</td><td rowspan="99999">戊</td></tr></table><p>完</p></body></html>
        """
        let data = Data(html.utf8)
        let doc = try HTMLReader().read(ReaderInput(data: data, path: "x.html", sha256: "s", sniff: .html))
        guard doc.blocks.count == 3, case .heading(let h, 1) = doc.blocks[0], case .table(let t) = doc.blocks[1] else { Issue.record("\(doc.blocks)"); return }
        #expect(h.text == "附件")
        #expect(t.rows.map { $0.map(\.text) } == [["类别", "标题"], ["甲", "乙1\n乙2"], ["丙", "丁", "戊"]])
        #expect(t.rows[0][0].rowSpan == 2 && t.rows[0][1].colSpan == 2)
        #expect(t.rows[1].map(\.column) == [1, 2])
        #expect(t.rows[2][2].rowSpan == 1, "a hostile rowspan is capped at the table's end")
        #expect(t.rows[1][1].paragraphs[1].content.base.cellParagraph == 1)
    }

    @Test func tooWideWordTableIsCappedWithoutLosingText() throws {
        let cells = (0..<300).map { "<w:tc><w:tcPr><w:gridSpan w:val=\"64\"/></w:tcPr><w:p><w:r><w:t>c\($0)</w:t></w:r></w:p></w:tc>" }.joined()
        let (b, conv) = try convert("<w:tbl><w:tr>\(cells)</w:tr></w:tbl>")
        guard case .table(let t) = b.first else { Issue.record("no table"); return }
        #expect(t.columnCount <= WordConverter.maxColumns)
        #expect(t.rows[0].flatMap(\.paragraphs).count == 300, "no text lost")
        #expect(conv.findings.contains { $0.code == "docx.table_too_wide" })
    }

    @Test func tooWideHTMLTableIsCappedWithoutLosingText() throws {
        let row = (0..<3000).map { "<td colspan=100>x\($0)</td>" }.joined()
        let html = "<html><body><table><tr>\(row)</tr>" + String(repeating: "<tr><td>y</td></tr>", count: 500) + "</table></body></html>"
        let doc = try HTMLReader().read(ReaderInput(data: Data(html.utf8), path: "w.html", sha256: "s", sniff: .html))
        guard case .table(let t) = doc.blocks.first else { Issue.record("no table"); return }
        #expect(t.columnCount <= HTMLReader.maxColumns)
        #expect(t.rows[0].flatMap(\.paragraphs).count == 3000)
        #expect(doc.findings.contains { $0.code == "html.table_too_wide" })
    }

    @Test func deeplyNestedHTMLDoesNotCrash() throws {
        let html = "<html><body>" + String(repeating: "<div>", count: 50_000) + "x" + String(repeating: "</div>", count: 50_000) + "<p>after</p></body></html>"
        let doc = try HTMLReader().read(ReaderInput(data: Data(html.utf8), path: "d.html", sha256: "s", sniff: .html))
        #expect(doc.findings.contains { $0.code == "html.parse_stopped" && $0.message.contains("depth") })
    }
}
