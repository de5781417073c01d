import Testing
import Foundation
import AccordModel
@testable import AccordReaders
import AccordPipeline
import TestSupport

/// The generated Word corpus (scripts/gen_docx_corpus.py → corpus/docx/) against the seeds' text.
@Suite struct DocxCorpusTests {
    static let seed001 = "corpus/seeds/001_08ce58bb254aa3f5.txt"
    static let seed003 = "corpus/seeds/003_fec90b3e624f4feb.txt"

    func read(_ path: String) throws -> IntermediateDocument {
        try Pipeline().read(data: try Corpus.data(path), path: path)
    }

    func tables(_ d: IntermediateDocument) -> [Table] {
        d.blocks.compactMap { if case .table(let t) = $0 { return t } else { return nil } }
    }

    /// Cell text without white space (paragraph breaks and spacing differ between a text dump and Word).
    func squeeze(_ s: String) -> String { String(s.filter { !$0.isWhitespace }) }

    @Test func docx001TableHasRealMergesEachCellOnce() throws {
        let d = try read("corpus/docx/001_agreement.docx")
        #expect(d.source.format == "docx")
        let ts = tables(d)
        try #require(ts.count == 1)
        let t = ts[0]
        #expect(t.construction == "native")
        #expect(t.columnCount == 5)
        #expect(t.rows[0].map(\.text) == ["服务类别", "服务大项", "服务要求", "服务细项", "专业服务量化标准"])
        // 社区党员服务 spans its six rows; every slot of the grid is covered by exactly one cell.
        #expect(t.rows[1][0].text == "社区党员服务" && t.rows[1][0].rowSpan == 6)
        var covered = Array(repeating: Array(repeating: 0, count: 5), count: t.rows.count)
        for (r, row) in t.rows.enumerated() {
            for c in row { for rr in r..<(r + c.rowSpan) { for cc in c.column..<(c.column + c.colSpan) { covered[rr][cc] += 1 } } }
        }
        #expect(covered.allSatisfy { $0.allSatisfy { $0 == 1 } })
        // No duplicated text: each sub-item paragraph of the annex appears once.
        let cellTexts = t.rows.flatMap { $0.flatMap { $0.paragraphs.map(\.text) } }
        let subItems = cellTexts.filter { $0.hasPrefix("(") }
        #expect(Set(subItems).count == subItems.count)
        // Several paragraphs in one cell, kept apart.
        #expect(t.rows.flatMap { $0 }.contains { $0.paragraphs.count >= 4 })
    }

    @Test func docx001NumberingComesFromNumberingXML() throws {
        let d = try read("corpus/docx/001_agreement.docx")
        let all = d.blocks.flatMap(\.paragraphs)
        let clauses = all.filter { $0.listLabel.map { ["一、", "二、", "三、", "四、", "五、", "六、"].contains($0) } ?? false }
        #expect(clauses.map(\.listLabel!) == ["一、", "二、", "三、", "四、", "五、", "六、"])
        #expect(clauses.first?.text.hasPrefix("一、原合同") == true)
        #expect(all.contains { $0.text == "1、党的政策宣传" && $0.listLabel == "1、" })
        #expect(all.contains { $0.text == "3、儿童青少年成长支持服务" })
        #expect(all.contains { $0.text.hasPrefix("2.走访覆盖率") && $0.listLabel == "2." })
        // The labels are not in the document text itself.
        let xml = try unzipDocumentXML("corpus/docx/001_agreement.docx")
        #expect(!xml.contains("一、原合同") && xml.contains("原合同"))
        #expect(!xml.contains("1、党的政策宣传") && xml.contains("党的政策宣传"))
    }

    @Test func docx001ProvenanceAndFurniture() throws {
        let d = try read("corpus/docx/001_agreement.docx")
        for b in d.blocks {
            for p in b.paragraphs {
                #expect(p.content.base.part == "word/document.xml")
                #expect(p.content.base.paragraph != nil)
                if case .table = b {
                    let l = p.content.base
                    #expect(l.table == 0 && l.row != nil && l.column != nil && l.cellParagraph != nil)
                }
            }
        }
        #expect(d.furniture.map(\.text).contains("平湖街道社区党群服务中心社会工作服务项目补充协议"))
        #expect(d.furniture.allSatisfy { $0.content.base.part?.hasPrefix("word/header") == true || $0.content.base.part?.hasPrefix("word/footer") == true })
        #expect(!d.blocks.flatMap(\.paragraphs).contains { $0.text == "第1页" || $0.text == "第 1 页" })
        if case .heading(let h, let level) = d.blocks[0] { #expect(h.text == "平湖街道社区党群服务中心社会工作服务项目" && level == 1) }
        else { Issue.record("first block is not a heading") }
    }

    /// The DOCX and the seed's text describe the same annex grid, cell by cell.
    @Test func docx001GridMatchesTheTextReading() throws {
        let docx = try read("corpus/docx/001_agreement.docx")
        let text = try read(Self.seed001)
        guard let a = tables(docx).first, let b = tables(text).first else { Issue.record("no table"); return }
        let ga = a.grid.map { $0.map { squeeze($0?.text ?? "") } }
        let gb = b.grid.map { $0.map { squeeze(($0?.text ?? "").replacingOccurrences(of: "<p>", with: "").replacingOccurrences(of: "</p>", with: "")) } }
        #expect(ga.count == gb.count)
        var diffs: [String] = []
        for r in 0..<min(ga.count, gb.count) {
            for c in 0..<5 where ga[r][c] != gb[r][c] { diffs.append("r\(r) c\(c): docx «\(ga[r][c].prefix(20))» text «\(gb[r][c].prefix(20))»") }
        }
        #expect(diffs.isEmpty, "\(diffs.count) differing slots: \(diffs.prefix(6).joined(separator: "; "))")
    }

    /// Provenance aside, the canonical indicators and contract values are the same from the DOCX as from the text.
    @Test func docx001CanonicalEqualsText() throws {
        let a = try Pipeline().process(data: try Corpus.data("corpus/docx/001_agreement.docx"), path: "a")
        let b = try Pipeline().process(data: try Corpus.data(Self.seed001), path: "b")
        let (pa, pb) = (try strip(a.packages), try strip(b.packages))
        let (ca, cb) = (try strip(a.contract), try strip(b.contract))
        #expect(pa == pb, "packages differ at: \(Self.firstDifference(pa, pb))")
        #expect(ca == cb, "contract differs at: \(Self.firstDifference(ca, cb))")
        #expect(a.documentKind == b.documentKind)
        #expect(!b.packages.flatMap(\.indicators).isEmpty && b.contract?.amount != nil, "the comparison is not vacuous")
    }

    @Test(arguments: ["corpus/docx/001_agreement.flat.xml", "corpus/docx/001_agreement.html"])
    func exportsReadLikeTheDocx(_ path: String) throws {
        let docx = try read("corpus/docx/001_agreement.docx")
        let other = try read(path)
        #expect(other.source.format == (path.hasSuffix(".html") ? "html" : "flat-opc"))
        guard let a = tables(docx).first, let b = tables(other).first else { Issue.record("no table"); return }
        #expect(a.rows.map { $0.map { squeeze($0.text) } } == b.rows.map { $0.map { squeeze($0.text) } })
        #expect(a.rows.map { $0.map(\.rowSpan) } == b.rows.map { $0.map(\.rowSpan) })
        let pa = docx.blocks.flatMap(\.paragraphs).map(\.text), pb = other.blocks.flatMap(\.paragraphs).map(\.text)
        #expect(pa == pb)
        if path.hasSuffix(".html") { #expect(other.source.encoding == "gb18030") }
    }

    @Test(arguments: ["corpus/docx/003_requirements.docx", "corpus/docx/003_requirements.2003.xml"])
    func requirements003BothPackagesEveryNumberedLine(_ path: String) throws {
        let d = try read(path)
        let ts = tables(d)
        try #require(ts.count == 2)
        let paras = d.blocks.compactMap { if case .paragraph(let p) = $0 { return p.text } else { return nil } }
        #expect(paras.prefix(2) == ["服务要求", "采购包2.乐至县天池街道仙鹤观社区"])
        #expect(ts.allSatisfy { $0.rows.count == 11 && $0.columnCount == 3 })
        #expect(ts[0].rows[0].map(\.text) == ["服务类别", "具体服务内容", "服务指标"])
        // Every numbered line of the seed is a paragraph with its label.
        let seed = String(decoding: try Corpus.data(Self.seed003), as: UTF8.self)
        let numbered = seed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.range(of: #"^\d+\."#, options: .regularExpression) != nil }
        let cells = ts.flatMap { $0.rows.flatMap { $0.flatMap(\.paragraphs) } }
        let labelled = cells.filter { $0.listLabel != nil }
        #expect(labelled.count == numbered.count)
        #expect(labelled.map { squeeze($0.text) } == numbered.map { squeeze(normalizeWidth($0)) })
        #expect(ts[1].rows[1][2].paragraphs[2].text.contains("南塔街道三里社区"))
        // Canonically: both packages, one indicator per numbered line, the same as from the text.
        let a = try Pipeline().process(data: try Corpus.data(path), path: path)
        let b = try Pipeline().process(data: try Corpus.data(Self.seed003), path: Self.seed003)
        #expect(a.packages.count == 2)
        #expect(a.packages.map { $0.indicators.count }.reduce(0, +) == numbered.count + 2, "43 per package: the numbered lines plus the two unnumbered 链接社会资源 rows")
        #expect(try strip(a.packages) == strip(b.packages))
        if path.hasSuffix(".docx") {
            let xml = try unzipDocumentXML(path)
            #expect(!xml.contains("1.合理使用") && xml.contains("合理使用"))
        }
    }

    // MARK: helpers

    static func firstDifference(_ a: String, _ b: String) -> String {
        let x = Array(a), y = Array(b)
        var i = 0
        while i < min(x.count, y.count), x[i] == y[i] { i += 1 }
        let lo = max(0, i - 80)
        return "docx «\(String(x[lo..<min(x.count, i + 120)]))» vs text «\(String(y[lo..<min(y.count, i + 120)]))»"
    }

    func normalizeWidth(_ s: String) -> String {
        String(s.map { c -> Character in
            guard let u = c.unicodeScalars.first, (0xFF01...0xFF5E).contains(u.value), let a = Unicode.Scalar(u.value - 0xFEE0) else { return c }
            return Character(a)
        })
    }

    func unzipDocumentXML(_ path: String) throws -> String {
        let data = try Corpus.data(path)
        let pkg = try ZipPackage(data)
        return String(decoding: try pkg.part("word/document.xml") ?? Data(), as: UTF8.self)
    }

    /// JSON of a value with every `provenance` (and `source`) removed, and white space taken out of strings.
    func strip<T: Encodable>(_ v: T) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let obj = try JSONSerialization.jsonObject(with: enc.encode(v), options: [.fragmentsAllowed])
        func clean(_ o: Any) -> Any {
            if let d = o as? [String: Any] {
                var out: [String: Any] = [:]
                for (k, v) in d where k != "provenance" && k != "source" { out[k] = clean(v) }
                return out
            }
            if let a = o as? [Any] { return a.map(clean) }
            // Paragraph breaks in a Word cell vs spaces in a text line: white space is layout, not value.
            if let s = o as? String { return String(s.filter { !$0.isWhitespace }) }
            return o
        }
        let data = try JSONSerialization.data(withJSONObject: clean(obj), options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }
}
