import Testing
import Foundation
import AccordModel
import AccordPipeline
import TestSupport

/// Pages scanned as files of their own, and texts cut off at either end: marked as fragments,
/// read with the original/amended split the surviving wording gives, and their sums reported as
/// unverified warnings instead of errors. A whole document is not a fragment, and a real defect
/// in a whole document is still an error.
@Suite struct FragmentTests {
    static func doc(_ path: String) throws -> CanonicalDocument {
        try Pipeline().process(data: try Corpus.data(path), path: path)
    }
    static func text(_ s: String) throws -> CanonicalDocument {
        try Pipeline().process(data: Data(s.utf8), path: "page.txt")
    }
    static func spans(_ p: [PaymentSpan]?) -> [String]? { p?.map { "\($0.from)..\($0.to)@\($0.monthly)" } }
    static let amended = ["2025-08..2025-12@224166", "2026-01..2026-06@200920", "2026-07..2026-07@200923"]

    /// Page 2 of agreement 001, alone: it begins inside clause 四's original part, so everything
    /// after its 现双方同意变更为 is the amended schedule, whose 合计金额 is the amended amount.
    @Test(arguments: ["corpus/scans/001-clean-p2.png", "corpus/scans/001-degraded-p2.jpg"])
    func secondPageAlone(_ path: String) throws {
        let d = try Self.doc(path)
        let c = try #require(d.contract)
        let f = try #require(c.fragment)
        #expect(f.beginsMidClause && !f.endsMidClause && f.pageNumber == nil)
        #expect(f.evidence == ["the text before the first numbered clause holds 现双方同意变更为: it continues an amended clause begun on a page not in this file"])
        #expect(Self.spans(c.payments?.amended) == Self.amended)
        #expect(c.payments?.original == nil)
        #expect(c.amount?.original == nil)
        #expect(c.amount?.amended?.value == 2527273)
        // The signature block's blank 甲方（盖章）：乙方（盖章）： names no party.
        #expect(c.buyer == nil && c.supplier == nil)
        #expect(d.report.findings.filter { $0.severity == .error }.map(\.code) == [])
        #expect(d.report.findings.contains { $0.code == "document.fragment" && $0.severity == .info })
        #expect(c.amendments.first?.clause == nil && c.amendments.first?.field == "payments")
    }

    /// Page 1 alone stops mid-sentence in clause 四 (…合计金额 269 万元）。乙): its terms are all
    /// there and consistent, so nothing is an error; the record says it ends mid-clause.
    @Test(arguments: ["corpus/scans/001-clean-p1.png", "corpus/scans/001-degraded-p1.jpg"])
    func firstPageAlone(_ path: String) throws {
        let d = try Self.doc(path)
        let c = try #require(d.contract)
        let f = try #require(c.fragment)
        #expect(!f.beginsMidClause && f.endsMidClause)
        #expect(f.evidence.count == 1 && f.evidence[0].hasPrefix("the text stops mid-sentence: …") && f.evidence[0].hasSuffix("。乙"))
        #expect(Self.spans(c.payments?.original) == ["2025-08..2026-06@224166", "2026-07..2026-07@224174"])
        #expect(c.payments?.amended == nil)
        #expect(c.amount?.original?.value == 2690000 && c.amount?.amended?.value == 2527273)
        #expect(d.report.findings.filter { $0.severity == .error }.map(\.code) == [])
    }

    /// The two pages in one file are one whole document: no fragment.
    @Test func wholeScanIsNotAFragment() throws {
        let d = try Self.doc("corpus/scans/001-clean.tif")
        #expect(d.contract?.fragment == nil)
        #expect(!d.report.findings.contains { $0.code == "document.fragment" })
    }

    static let pageText = """
    用 224166 元，2026 年 7 月项目服务费用 224174 元，合计金额 269 万元）。乙方需提供甲方该部分费用的合法税票。现双方同意变更为，项目服务费用以逐月支付为原则。2025 年 8 月至 2025 年 12 月的服务费用按每月 224166 元执行；2026 年 1 月至 2026年6月每月项目服务费用200920元，2026年7月项目服务费用200923元，合计金额252.7273万元。
    五、本补充协议生效后，即成为原合同不可分割的组成部分。
    甲方（盖章）：
    乙方（盖章）：
    - 2 -

    """

    /// The held-out case: a page that begins inside the original schedule. Its one surviving
    /// original span cannot add up to the original amount — a warning that says why, not an
    /// error; the amended schedule and amount are read after 现双方同意变更为.
    @Test func pageBeginningInsideTheOriginalSchedule() throws {
        let d = try Self.text(Self.pageText)
        let c = try #require(d.contract)
        let f = try #require(c.fragment)
        #expect(f.beginsMidClause && !f.endsMidClause && f.pageNumber == 2)
        #expect(f.evidence.first == "the text prints page number 2 and no page before it")
        #expect(Self.spans(c.payments?.original) == ["2026-07..2026-07@224174"])
        #expect(Self.spans(c.payments?.amended) == Self.amended)
        #expect(c.amount?.original?.value == 2690000)
        #expect(c.amount?.amended?.value == 2527273)
        #expect(d.report.findings.filter { $0.severity == .error }.map(\.code) == [])
        let unverified = d.report.findings.filter { $0.code == "payments.sum_unverified" }
        #expect(unverified.map(\.severity) == [.warning])
        #expect(unverified.first?.message == "original schedule read adds up to 224174 元 over 1 months, not 2690000 元; this text is a fragment (it begins after the document's start), so the rest may be on pages not read: not checked as an error")
    }

    /// The same text as a whole document (its first page's clause 四 and a title before it):
    /// the same broken sum is an error there.
    @Test func theSameSumInAWholeDocumentIsAnError() throws {
        let whole = """
        补充协议
        甲方：深圳市某某街道办事处
        四、原合同第九条第（三）款约定，项目服务费用以逐月支付为原则，2026 年 7 月项目服务费用 224174 元，合计金额 269 万元。现双方同意变更为，2025 年 8 月至 2025 年 12 月的服务费用按每月 224166 元执行；2026 年 1 月至 2026年6月每月项目服务费用200920元，2026年7月项目服务费用200923元，合计金额252.7273万元。
        五、本补充协议生效后，即成为原合同不可分割的组成部分。
        甲方（盖章）：

        """
        let d = try Self.text(whole)
        #expect(d.contract?.fragment == nil)
        #expect(d.report.findings.filter { $0.severity == .error }.map(\.code) == ["payments.sum_mismatch"])
    }

    /// Clause 四 first, with nothing before it, is a fragment; clause 一 first is not.
    @Test func laterClauseFirstIsAFragment() throws {
        let later = try Self.text("四、原合同第九条第（三）款约定，每月支付 1000 元。现双方同意变更为，每月支付 900 元。\n五、其余条款不变。\n")
        #expect(later.contract?.fragment?.evidence == ["the text opens with clause 四、 and no clause before it"])
        let first = try Self.text("一、原合同第九条第（三）款约定，每月支付 1000 元。现双方同意变更为，每月支付 900 元。\n二、其余条款不变。\n")
        #expect(first.contract?.fragment == nil)
    }

    /// Page numbers: `- 1 -` … is a whole document's footer; 第3页 alone is a later page.
    @Test func printedPageNumbers() throws {
        let one = try Self.text("补充协议\n一、原合同约定金额100元。现双方同意变更为，金额90元。\n- 1 -\n二、其余条款不变。\n- 2 -\n")
        #expect(one.contract?.fragment == nil)
        let third = try Self.text("补充协议\n一、原合同约定金额100元。现双方同意变更为，金额90元。\n第 3 页 共 4 页\n")
        #expect(third.contract?.fragment?.pageNumber == 3)
        #expect(third.contract?.fragment?.beginsMidClause == true)
    }
}
