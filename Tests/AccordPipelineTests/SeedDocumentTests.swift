import Testing
import Foundation
import AccordModel
import AccordPipeline
import TestSupport

/// The seed documents' values, checked by hand against the sources (see corpus/REVIEW.md).
@Suite struct SeedDocumentTests {
    static func doc(_ name: String) throws -> CanonicalDocument {
        let path = "corpus/seeds/\(name)"
        return try Pipeline().process(data: try Corpus.data(path), path: path)
    }
    static func d(_ s: String) -> Decimal { Decimal(string: s)! }

    @Test func agreement001() throws {
        let doc = try Self.doc("001_08ce58bb254aa3f5.txt")
        #expect(doc.documentKind == .amendment)
        #expect(doc.source.format == "markdown")
        let c = try #require(doc.contract)
        #expect(c.projectCode?.value == "LGDL2025000084-A")
        #expect(c.lot?.value == "一标段")
        #expect(c.buyer?.value == "深圳市龙岗区平湖街道办事处")
        #expect(c.supplier?.value == "深圳市龙岗区正阳社会工作服务中心")
        #expect(c.projectName?.value == "平湖街道社区党群服务中心社会工作服务项目")
        #expect(c.originalSignedDate?.value == "2025-07-30")
        #expect(c.period?.start?.value == "2025-08-02")
        #expect(c.period?.end?.value == "2026-08-01")
        #expect(c.amount?.original?.value == 2690000)
        #expect(c.amount?.amended?.value == 2527273)
        #expect(c.amount?.original?.uppercase?.value == "贰佰陆拾玖万元整")
        #expect(c.amount?.amended?.uppercaseValue == 2527273)
        // Provenance points at the exact source text.
        #expect(c.amount?.amended?.provenance.text == "252.7273万元")
        #expect(c.amount?.amended?.provenance.locator.line == 15)

        let budget = Dictionary(uniqueKeysWithValues: c.budget.map { ($0.item, $0) })
        let expected: [(String, String?, String, String, String, String)] = [
            ("项目人力费用", nil, "2340384", "87", "2201616", "87.11"),
            ("持证社工经费", "项目人力费用", "1662624", "61.81", "1523856", "60.30"),
            ("辅助社工经费", "项目人力费用", "677760", "25.20", "677760", "26.82"),
            ("督导经费", nil, "50400", "1.87", "46200", "1.83"),
            ("业务活动费(含服务险)", nil, "79200", "2.94", "74400", "2.94"),
            ("管理费和税费、人员培训等", nil, "220016", "8.18", "205057", "8.11"),
        ]
        #expect(c.budget.count == expected.count)
        for (item, parent, oa, os, na, ns) in expected {
            let line = try #require(budget[item], "budget line \(item)")
            #expect(line.parent == parent)
            #expect(line.original?.amount?.value == Self.d(oa))
            #expect(line.original?.share?.value == Self.d(os))
            #expect(line.amended?.amount?.value == Self.d(na))
            #expect(line.amended?.share?.value == Self.d(ns))
        }
        let p = try #require(c.payments)
        #expect(p.original?.map { "\($0.from)..\($0.to)@\($0.monthly)" } == ["2025-08..2026-06@224166", "2026-07..2026-07@224174"])
        #expect(p.amended?.map { "\($0.from)..\($0.to)@\($0.monthly)" }
                == ["2025-08..2025-12@224166", "2026-01..2026-06@200920", "2026-07..2026-07@200923"])
        #expect(c.amendments.map(\.field) == ["indicators", "amount", "budget", "payments"])
        #expect(c.amendments.map { $0.clause ?? "" } == ["第八条", "第九条（一）款", "第九条（二）款", "第九条（三）款"])

        // Every annex row has its category and item filled down.
        #expect(doc.packages.count == 1)
        let inds = doc.packages[0].indicators
        // 67 numbered sub-items ((1)…(5.2)) in the annex of the source, counted by hand.
        #expect(inds.count == 67)
        for ind in inds {
            #expect(ind.category != nil && ind.item != nil, "row without category/item: \(ind.subitem ?? "")")
        }
        let first = try #require(inds.first { $0.number == "(4.1)" })
        #expect(first.targets.first.map { "\($0.op.rawValue)\($0.value)\($0.unit)" } == ">=1次")
        // The document is consistent: no error findings.
        #expect(doc.report.findings.filter { $0.severity == .error }.map(\.code) == [])
    }

    @Test func dump000() throws {
        let doc = try Self.doc("000_77b86f38557a5dc6.txt")
        #expect(doc.source.format == "text-dump")
        #expect(doc.contract?.amount?.original?.value == 2684800)
        #expect(doc.contract?.amount?.original?.provenance.text == "268.48万元")
        // Every line cut at the dump's 50-character width is flagged with its line.
        let source = String(decoding: try Corpus.data("corpus/seeds/000_77b86f38557a5dc6.txt"), as: UTF8.self)
        let lines: [Substring] = source.split(separator: "\n", omittingEmptySubsequences: false)
        let cutLines = lines.enumerated()
            .filter { (_, line) in line.drop(while: { $0 == " " || $0 == "\t" }).count == 50 }.map { $0.offset + 1 }
        let flagged = doc.report.findings.filter { $0.code == "text.truncated" }.compactMap { $0.provenance?.locator.line }
        #expect(!cutLines.isEmpty)
        #expect(flagged == cutLines)
        #expect(doc.report.findings.contains { $0.code == "amount.uppercase_truncated" && $0.severity == .info })
        #expect(doc.report.findings.filter { $0.severity == .error }.isEmpty)
        // The annex is rebuilt with the vertical category text joined.
        let cats = Set(doc.packages.flatMap(\.indicators).compactMap(\.category))
        #expect(cats.isSuperset(of: ["社区党员服务", "社区服务类", "社区治理类", "专项服务类", "特色公共服务"]))
    }

    @Test func wrongLanguageOCR002() throws {
        let doc = try Self.doc("002_b89b15cc7f74b3ec.txt")
        #expect(doc.report.findings.contains { $0.code == "ocr.wrong_language" })
        let c = try #require(doc.contract)
        #expect(c.projectCode?.value == "LGDL2025000084-C")
        #expect(c.amount?.original?.value == 2696000)
        #expect(c.amount?.amended?.value == 2532911)
        for v in [c.projectCode?.provenance.confidence, c.amount?.original?.provenance.confidence, c.amount?.amended?.provenance.confidence] {
            #expect((v ?? 1) < 0.6, "salvaged values carry low confidence")
        }
        #expect(doc.report.findings.filter { $0.code == "ocr.salvaged" }.count == 3)
        // The annex comes from the dump part of the file.
        // 51 rows: the 47 dump lines that start with a sub-item number, and 4 rows whose sub-item cell
        // the dump lost but whose standard it kept (counted by hand in the source).
        #expect(doc.packages.first?.indicators.count == 51)
    }

    @Test func requirements003() throws {
        let doc = try Self.doc("003_fec90b3e624f4feb.txt")
        #expect(doc.documentKind == .requirements)
        #expect(doc.packages.map { $0.name?.value } == ["仙鹤观社区", "三里社区"])
        for pkg in doc.packages {
            let check = try #require(pkg.indicators.first { $0.standard?.hasPrefix("排查户次") == true })
            #expect(check.number == "1.")
            #expect(check.targets.map { "\($0.metric ?? "")\($0.op.rawValue)\($0.value)\($0.unit)" } == ["排查户次>=200户"])
            // Every numbered line of every 服务指标 cell is an indicator: 43 in each package.
            #expect(pkg.indicators.count == 43)
            #expect(pkg.indicators.filter { $0.category == "收集群众需求" }.map { $0.number ?? "" } == ["1.", "2.", "3.", "4."])
        }
        #expect(doc.report.actions.contains { $0.code == "artifact.bookmark_removed" })
    }
}

/// The same agreement with its annex as a pipe table instead of TSV reads to the same indicators.
@Suite struct PipeTableEquivalenceTests {
    @Test func pipeTableAnnexEqualsTSVAnnex() throws {
        let path = "corpus/seeds/001_08ce58bb254aa3f5.txt"
        let text = String(decoding: try Corpus.data(path), as: UTF8.self)
        var out: [String] = []
        var headerDone = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.contains("\t") else { out.append(String(line)); continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "|", with: "/") }
            out.append("| " + cells.joined(separator: " | ") + " |")
            if !headerDone { out.append("|" + String(repeating: "---|", count: cells.count)); headerDone = true }
        }
        let piped = out.joined(separator: "\n")
        #expect(!piped.contains("\t"))
        let a = try Pipeline().process(data: Data(text.utf8), path: "tsv.md")
        let b = try Pipeline().process(data: Data(piped.utf8), path: "pipe.md")
        func rows(_ d: CanonicalDocument) -> [String] {
            d.packages.flatMap(\.indicators).map { i in
                [i.category, i.item, i.requirement, i.number, i.subitem, i.standard].map { $0 ?? "∅" }.joined(separator: "|")
                    + "|" + i.targets.map { "\($0.op.rawValue)\($0.value)\($0.unit)" }.joined(separator: ",")
            }
        }
        #expect(rows(a).count == 67)
        #expect(rows(b) == rows(a))
        #expect(b.contract?.amount?.amended?.value == a.contract?.amount?.amended?.value)
    }
}
