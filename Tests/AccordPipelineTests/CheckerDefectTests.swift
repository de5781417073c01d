import Testing
import Foundation
import AccordModel
import AccordPipeline
import TestSupport

/// One deliberate defect at a time in the consistent agreement 001: each is found, as an error
/// where it breaks the contract's arithmetic, with the provenance of the value at fault.
@Suite struct CheckerDefectTests {
    static let seed = "corpus/seeds/001_08ce58bb254aa3f5.txt"

    @Test(arguments: [
        ("贰佰伍拾贰万柒仟贰佰柒拾叁元整", "贰佰伍拾贰万柒仟贰佰柒拾肆元整", "amount.uppercase_mismatch", 15),
        ("人员培训等为 205057 元", "人员培训等为 205058 元", "budget.sum_mismatch", 19),
        ("占项目经费总额 60.30%", "占项目经费总额 62.30%", "budget.share_mismatch", 19),
        ("持证社工经费为 1662624 元", "持证社工经费为 1662634 元", "budget.subtotal_mismatch", 19),
        ("本项目经费总额为269万元", "本项目经费总额为279万元", "budget.total_mismatch", 17),
        ("2026年7月项目服务费用200923元", "2026年7月项目服务费用200933元", "payments.sum_mismatch", 21),
        ("合计金额252.7273万元", "合计金额252.7373万元", "payments.stated_total_mismatch", 23),
        ("至2026年8月1日", "至2024年8月1日", "dates.period_reversed", 11),
    ])
    func defectIsFound(original: String, replacement: String, code: String, line: Int) throws {
        let text = String(decoding: try Corpus.data(Self.seed), as: UTF8.self)
        #expect(text.contains(original), "the seed holds \(original)")
        let doc = try Pipeline().process(data: Data(text.replacingOccurrences(of: original, with: replacement).utf8), path: "defect.md")
        let hits = doc.report.findings.filter { $0.code == code }
        // Exactly one finding, an error, on the one line the defect was put on.
        #expect(hits.count == 1, "\(code) among \(doc.report.findings.map(\.code))")
        #expect(hits.allSatisfy { $0.severity == .error })
        #expect(hits.map { $0.provenance?.locator.line } == [line], "\(code) points at \(hits.map { $0.provenance?.locator.description ?? "-" })")
        #expect(hits.allSatisfy { $0.provenance?.locator.endLine == nil }, "a one-line locator")
    }

    @Test func theSeedItselfHasNoErrorFinding() throws {
        let doc = try Pipeline().process(data: try Corpus.data(Self.seed), path: Self.seed)
        #expect(doc.report.findings.filter { $0.severity == .error }.isEmpty)
    }
}
