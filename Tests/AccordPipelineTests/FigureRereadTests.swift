import Testing
import Foundation
import AccordModel
import AccordPipeline
import AccordReaders
import AccordOCR
import TestSupport

/// Digits-only re-reads of amount and date figures on a degraded scan: they run, they are reported,
/// and no contract term the scan tests check gets worse for them.
@Suite struct FigureRereadTests {
    static let path = "corpus/scans/001-degraded-p1.jpg"

    /// With `figureReread`, every figure is read again (not only doubtful ones): since specks are
    /// painted out, no figure on this page is doubtful, and the test is of the re-read itself.
    static func process(figureReread: Bool) throws -> CanonicalDocument {
        var options = OCROptions()
        options.figureReread = figureReread
        options.figureDoubtfulBelow = 1
        options.workers = 1
        let pipeline = Pipeline(registry: ReaderRegistry.standard.addingOCR(options: options))
        return try pipeline.process(data: try Corpus.data(path), path: path)
    }

    /// The page-1 terms ScanDocumentTests asserts, as text, with their true values (the page's text,
    /// corpus/scans/001-degraded-p1.txt).
    static func terms(_ doc: CanonicalDocument) -> [String: String] {
        guard let c = doc.contract else { return [:] }
        var t: [String: String] = [
            "code": c.projectCode?.value ?? "", "lot": c.lot?.value ?? "", "buyer": c.buyer?.value ?? "",
            "supplier": c.supplier?.value ?? "", "signed": c.originalSignedDate?.value ?? "",
            "period": "\(c.period?.start?.value ?? "")..\(c.period?.end?.value ?? "")",
            "amount": "\(c.amount?.original?.value.description ?? "")→\(c.amount?.amended?.value.description ?? "")",
            "payments.original": c.payments?.original?.map { "\($0.from)..\($0.to)@\($0.monthly)" }.joined(separator: ",") ?? "",
        ]
        for b in c.budget {
            t["budget \(b.item)"] = "\(b.original?.amount?.value.description ?? "")→\(b.amended?.amount?.value.description ?? "")"
        }
        return t
    }

    static let truth: [String: String] = [
        "code": "LGDL2025000084-A", "lot": "一标段", "buyer": "深圳市龙岗区平湖街道办事处",
        "supplier": "深圳市龙岗区正阳社会工作服务中心", "signed": "2025-07-30", "period": "2025-08-02..2026-08-01",
        "amount": "2690000→2527273",
        "payments.original": "2025-08..2026-06@224166,2026-07..2026-07@224174",
        "budget 项目人力费用": "2340384→2201616", "budget 持证社工经费": "1662624→1523856",
        "budget 辅助社工经费": "677760→677760", "budget 督导经费": "50400→46200",
        "budget 业务活动费(含服务险)": "79200→74400", "budget 管理费和税费、人员培训等": "220016→205057",
    ]

    static func count(_ code: String, _ doc: CanonicalDocument) -> Int {
        doc.report.actions.first { $0.code == code }?.count ?? 0
    }

    @Test func degradedScanFiguresAreReadAgainWithoutRegression() throws {
        let with = try Self.process(figureReread: true)
        let without = try Self.process(figureReread: false)
        // The re-read ran and is in the report: more re-reads counted (kept + rejected) than without it,
        // and every kept one is a finding with its page, its box and a well-formed figure.
        let rereads = { (d: CanonicalDocument) in Self.count("ocr.reread_kept", d) + Self.count("ocr.reread_rejected", d) }
        #expect(rereads(with) > rereads(without))
        let kept = with.report.findings.filter { $0.code == "ocr.reread" && $0.message.contains("figures") }
        #expect(kept.count == Self.count("ocr.reread_kept", with) - Self.count("ocr.reread_kept", without))
        for f in kept {
            #expect(f.severity == .info && f.provenance?.locator.page == 1 && f.provenance?.locator.bbox?.count == 4)
            #expect(f.provenance?.text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") } == true)
        }
        // No regression: every term right without the re-read is right with it, and no term it
        // changes goes wrong.
        let a = Self.terms(without), b = Self.terms(with)
        for (name, value) in Self.truth where a[name] == value {
            #expect(b[name] == value, "\(name): \(b[name] ?? "nil") with the re-read, \(value) without")
        }
        let right = { (t: [String: String]) in Self.truth.filter { t[$0.key] == $0.value }.count }
        #expect(right(b) >= right(a))
        #expect(with.report.findings.filter { $0.severity == .error }.count <= without.report.findings.filter { $0.severity == .error }.count)
    }
}
