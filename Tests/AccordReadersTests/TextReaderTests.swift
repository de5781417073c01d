import Testing
import Foundation
import AccordModel
import AccordText
@testable import AccordReaders
import TestSupport

@Suite struct TextReaderTests {
    static func read(_ text: String) throws -> IntermediateDocument {
        try read(Data(text.utf8))
    }
    static func read(_ data: Data) throws -> IntermediateDocument {
        try TextReader().read(ReaderInput(data: data, path: "t.txt", sha256: ContentHash.hex(data), sniff: Sniff.of(data)))
    }
    static func tables(_ doc: IntermediateDocument) -> [Table] {
        doc.blocks.compactMap { if case .table(let t) = $0 { return t } else { return nil } }
    }

    // MARK: encodings

    static let seed = "corpus/seeds/001_08ce58bb254aa3f5.txt"

    @Test(arguments: ["utf-8-bom", "utf-16le", "utf-16be", "gb18030", "utf-8+crlf", "gb18030+crlf"])
    func everyEncodingReadsTheSame(variant: String) throws {
        let text = String(decoding: try Corpus.data(Self.seed), as: UTF8.self)
        let reference = try Self.read(text)
        let crlf = variant.hasSuffix("+crlf")
        let body = crlf ? text.replacingOccurrences(of: "\n", with: "\r\n") : text
        let data: Data
        switch variant.replacingOccurrences(of: "+crlf", with: "") {
        case "utf-8-bom": data = Data([0xEF, 0xBB, 0xBF]) + Data(body.utf8)
        case "utf-16le": data = Data([0xFF, 0xFE]) + (Transcode.encode(body, as: "UTF-16LE") ?? Data())
        case "utf-16be": data = Data([0xFE, 0xFF]) + (Transcode.encode(body, as: "UTF-16BE") ?? Data())
        case "gb18030": data = try #require(Transcode.encode(body, as: "GB18030"))
        default: data = Data(body.utf8)
        }
        let doc = try Self.read(data)
        let expectedEncoding = ["utf-8-bom": "utf-8-bom", "utf-16le": "utf-16le", "utf-16be": "utf-16be", "gb18030": "gb18030", "utf-8": "utf-8"][variant.replacingOccurrences(of: "+crlf", with: "")]
        #expect(doc.source.encoding == expectedEncoding)
        #expect(doc.blocks.count == reference.blocks.count)
        // Same cleaned text, same locators, block by block.
        for (a, b) in zip(doc.blocks, reference.blocks) {
            #expect(a.paragraphs.map(\.text) == b.paragraphs.map(\.text))
            #expect(a.paragraphs.map(\.content.base) == b.paragraphs.map(\.content.base))
        }
        if crlf { #expect(doc.actions.contains { $0.code == "text.crlf_normalized" && $0.count == text.filter { $0 == "\n" }.count }) }
        if variant != "utf-8+crlf" { #expect(doc.actions.contains { $0.code == "text.decoded" }) }
    }

    @Test func invalidBytesAreRejectedNotGuessed() throws {
        // Lone continuation bytes and an invalid GB18030 sequence: not UTF-8, UTF-16 or GB18030.
        let data = Data([0x80, 0x80, 0xFF, 0x30, 0x81, 0x20, 0x0A, 0xFF])
        #expect(throws: ReadError.self) { _ = try Self.read(data) }
    }

    // MARK: cleaning

    @Test(arguments: [
        ("２５２．７２７３万元", "252.7273万元"),
        ("（大写：贰佰元整）", "(大写:贰佰元整)"),
        ("2025 年 8 月至 2026 年 6 月", "2025年8月至2026年6月"),
        ("( 3.2 ) 深化 “双工联动” , 发展", "(3.2)深化“双工联动”,发展"),
        ("根据社区党委要求 协助开展活动", "根据社区党委要求协助开展活动"),
        ("ＬＧＤＬ２０２５００００８４－Ａ", "LGDL2025000084-A"),
        ("1. 建档覆盖率 100% 2. 走访覆盖率 100%", "1.建档覆盖率100% 2.走访覆盖率100%"),
        ("  Service  level   agreement ", "Service level agreement"),
        ("甲方\u{3000}：\u{200B}深圳", "甲方:深圳"),
    ])
    func cleaning(raw: String, cleaned: String) {
        var log = ActionLog()
        let st = TextCleaning.clean(raw, base: Locator(line: 1, startColumn: 1), log: &log)
        #expect(st.text == cleaned)
        #expect(st.offsets.count == st.text.count + 1)
        // Every cleaned character maps back to a source character that cleans to it.
        for (i, ch) in st.text.enumerated() where ch != " " {
            let o = st.offsets[i]
            let src = Array(raw)[o]
            #expect(String(src).precomposedStringWithCompatibilityMapping == String(ch) || src == ch, "\(ch) ← \(src)")
        }
        #expect(!log.actions.isEmpty || raw == cleaned)
    }

    @Test func provenanceGivesTheExactSourceSnippet() {
        var log = ActionLog()
        let raw = "合同金额２６９ 万元（大写）"
        let st = TextCleaning.clean(raw, base: Locator(line: 7, startColumn: 3), log: &log)
        #expect(st.text == "合同金额269万元(大写)")
        let p = st.provenance(4..<9, source: "x")
        #expect(p.text == "２６９ 万元")
        #expect(p.locator.line == 7 && p.locator.startColumn == 7 && p.locator.endColumn == 13)
        #expect(log.actions.first { $0.code == "nfkc.fullwidth_digit" }?.count == 3)
    }

    // MARK: Markdown and TSV

    @Test func tsvRowsWithDroppedCellsAreRealignedAndMerged() throws {
        let text = """
        # 标题

        服务类别\t服务大项\t服务要求\t服务细项\t专业服务量化标准
        社区服务类\t1、社区助老服务\t为社区老人提供生活照顾、精神慰藉等服务\t(1) 做好入户走访，建立人员档案。\t1. 建档覆盖率 100% 2. 走访覆盖率 100%
        \t\t(2) 做好跟踪服务，建立良好关系。\t根据社区实际每个月不少于一次
        2、儿童成长支持服务\t促进儿童青少年身心健康成长\t(1) 做好社会心理关爱服务。\t活动不少于1场
        \t\t\t<p>(2) 提供心理支持。</p> <p>(3) 开展能力建设。</p>\t不少于 1 次\t
        备注：以上服务指标量可调整。
        """
        let doc = try Self.read(text)
        #expect(doc.source.format == "markdown")
        let t = try #require(Self.tables(doc).first)
        #expect(t.construction == "tsv")
        let g = t.grid
        #expect(g.count == 5)
        // Row 2 dropped two empty cells: its sub-item goes to 服务细项, not 服务要求.
        #expect(g[2][3]?.text == "(2)做好跟踪服务,建立良好关系。")
        #expect(g[2][4]?.text == "根据社区实际每个月不少于一次")
        #expect(g[2][0]?.text == "社区服务类" && g[2][2]?.text == "为社区老人提供生活照顾、精神慰藉等服务")
        // Row 3 starts at 服务大项: the category continues from above, the rest is its own.
        #expect(g[3][0]?.text == "社区服务类")
        #expect(g[3][1]?.text == "2、儿童成长支持服务")
        #expect(g[3][2]?.text == "促进儿童青少年身心健康成长")
        // <p> fragments are separate paragraphs of one cell.
        #expect(g[4][3]?.paragraphs.map(\.text) == ["(2)提供心理支持。", "(3)开展能力建设。"])
        #expect(g[4][1]?.text == "2、儿童成长支持服务")
        #expect(doc.actions.contains { $0.code == "html.p_tag_removed" })
    }

    @Test func pipeTable() throws {
        let doc = try Self.read("| 服务类别 | 服务指标 |\n|---|---|\n| 收集群众需求 | 排查户次：200户以上 |\n")
        let t = try #require(Self.tables(doc).first)
        #expect(t.construction == "pipe")
        #expect(t.grid[1].map { $0?.text } == ["收集群众需求", "排查户次:200户以上"])
    }

    // MARK: dumps

    @Test func dumpWithoutRowSeparatorsIsRebuilt() throws {
        func cut(_ s: String) -> String { String(s.prefix(50)) }
        let requirement = cut("为社区内特困人员分散供养、低保低边经济生活困难、孤寡、失能失智、残疾人、独居、空巢、高龄、计划生育特殊家庭的老年人提供服务")
        let clause = cut("二、原合同约定的金额为100万元（大写：壹佰万元整），现双方同意变更为90万元（大写：玖拾万元整），含税价。")
        #expect(requirement.count == 50 && clause.count == 50)
        let lines = [
            clause,
            "服务", "类别", "服务大项", "服务要求", "服务细项", "专业服务量化标准",
            "社区服务类", "1、社区助老服务",
            requirement,
            "（1）做好入户走访，建立人员档案。", "1.建档覆盖率100%", "2.走访覆盖率100%",
            "（2）做好跟踪服务，建立良好关系。", "根据社区实际每个月不少于一次",
            "社", "区", "治", "理类", "1、扩大社区参与渠道和途径", "（1）开展邻里关系协调。", "1、活动不少于2场", "（发展1支志愿者服务队）", "2、志愿时长不少于40时",
            requirement,
            "备注：以上服务指标量可调整。",
        ]
        let doc = try Self.read(lines.map { "\t" + $0 }.joined(separator: "\n") + "\n")
        #expect(doc.source.format == "text-dump")
        let t = try #require(Self.tables(doc).first)
        let g = t.grid
        #expect(g[0].map { $0?.text } == ["服务类别", "服务大项", "服务要求", "服务细项", "专业服务量化标准"])
        #expect(g[1][4]?.paragraphs.map(\.text) == ["1.建档覆盖率100%", "2.走访覆盖率100%"])
        #expect(g[2][3]?.text == "(2)做好跟踪服务,建立良好关系。")
        #expect(g[2][1]?.text == "1、社区助老服务")              // merged from above
        #expect(g[3][0]?.text == "社区治理类")                     // vertical text joined
        #expect(g[3][2] == nil)                                    // a new 大项 does not inherit the old 要求
        #expect(g[3][4]?.paragraphs.map(\.text) == ["1、活动不少于2场", "(发展1支志愿者服务队)", "2、志愿时长不少于40时"])
        // The 50-character lines (the first paragraph and the two requirement cells) are flagged.
        let flagged = doc.findings.filter { $0.code == "text.truncated" }.compactMap { $0.provenance?.locator.line }
        #expect(flagged == [1, 10, 25])
        #expect(doc.findings.contains { $0.code == "table.rebuilt_from_dump" })
    }

    @Test func dumpWithBlankLineRowsAndContinuationLines() throws {
        let text = "采购包1.某县某街道某某社区\n\t服务类别\n\t具体服务内容\n\t服务指标\n\n\t收集群众需求\n\t发现、收集、梳理居民群众需求。\n\t1.排查户次：200户以上；\n2.服务人次：200人次以上；\n\n\t做好宣传工作\n\t宣传报道项目推进成效。\n\t1.县级媒体宣传报道：≥1次/月；\n"
        let doc = try Self.read(text)
        let t = try #require(Self.tables(doc).first)
        #expect(t.construction == "rebuilt")
        #expect(t.rows.count == 3)
        #expect(t.grid[1][2]?.paragraphs.map(\.text) == ["1.排查户次:200户以上;", "2.服务人次:200人次以上;"])
        #expect(t.grid[2][0]?.text == "做好宣传工作")
        #expect(doc.findings.filter { $0.code == "text.truncated" }.isEmpty)
    }

    @Test func latinGarbageIsAnOCRLayerButEnglishWordsInChineseAreNot() throws {
        let garbage = "Pl EAE X SEREIR S5O A ARG D H\nB (=ZhrEE) #hsEbpi\nW7 BRI A X e AL\n77 W F b KARRAE T RS0\n"
        let doc = try Self.read(garbage + "\n\n\n甲方：深圳市某某街道办事处\n")
        #expect(doc.findings.contains { $0.code == "ocr.wrong_language" })
        #expect(doc.blocks.first?.paragraphs.first?.origin == .ocrLayer)
        let clean = try Self.read("本项目采用 OCR 和 PDF 格式归档，项目编号：LGDL2025000084-A。\n甲方：深圳市某某街道办事处\n")
        #expect(!clean.findings.contains { $0.code == "ocr.wrong_language" })
    }
}
