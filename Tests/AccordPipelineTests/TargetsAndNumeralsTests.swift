import Testing
import Foundation
import AccordModel
import AccordPipeline
@testable import AccordNormalize

/// Issue 17 item 7, end to end: a budget line cut after its amount in a 50-character dump, 大写
/// written in lenient forms, and target forms in an indicator table (a quantity in brackets, a list
/// label fused to the metric, a lenient numeral).
@Suite struct TargetsAndNumeralsTests {

    // MARK: a budget line cut after its amount

    /// A tab-indented dump cut at 50 characters (three lines reach the width, so it is detected);
    /// `budget` is the clause line, cut somewhere in its second budget line.
    static func dump(budget: String) -> Data {
        let lines = [
            "服务合同",
            "甲方：深圳市龙岗区平湖街道办事处",
            "乙方：深圳市龙岗区启航社会工作服务中心",
            "一、合同金额：本合同总金额为 847200 元（大写：捌拾肆万柒仟贰佰元整），含税价，由甲方按季度拨",
            budget,
            "三、付款方式：甲方按季度支付服务费用，每季度支付一次，具体以甲方财政拨付进度为准，乙方应按时提交服务",
        ]
        return Data(lines.map { "\t" + $0 }.joined(separator: "\n").appending("\n").utf8)
    }

    @Test func aCutBudgetLineKeepsItsAmount() throws {
        let line = "二、项目经费：督导经费为101664 元，占总额 12%，项目人力费用为 677760 元，占项目经"
        #expect(line.count == 50)
        let doc = try Pipeline().process(data: Self.dump(budget: line), path: "cut.txt")
        let c = try #require(doc.contract)
        #expect(c.amount?.original?.value == 847200)
        #expect(c.budget.map(\.item) == ["督导经费", "项目人力费用"])
        #expect(c.budget.first?.original?.share?.value == 12)
        let cut = try #require(c.budget.last?.original)
        #expect(cut.amount?.value == 677760)
        #expect(cut.share == nil, "the share was cut off: none is invented")
        #expect(cut.amount?.provenance.text == "677760 元")
        #expect(cut.amount?.provenance.locator.line == 5)
        // The cut is said, the sums are not checked, and nothing is an error.
        #expect(c.truncatedTerms?.contains("budget.original") == true)
        #expect(doc.report.findings.contains { $0.code == "budget.not_checked" })
        #expect(doc.report.findings.filter { $0.severity == .error }.isEmpty, "\(doc.report.findings.map(\.code))")
    }

    /// A line cut before the amount's unit (the figure may go on) or inside 万元 keeps nothing of that line.
    @Test(arguments: [
        "二、项目经费：督导经费为 101664 元，占项目经费总额的 12%，项目人力费用为 677760 ",
        "二、项目经费：督导经费为 101664 元，占项目经费总额 12%，项目人力费用为 677760 万",
        "二、项目经费：督导经费为 101664 元，占项目经费总额的 12%，项目人力费用为 6777600",
    ])
    func aLineCutInsideItsAmountIsNotKept(_ line: String) throws {
        #expect(line.count == 50)
        let doc = try Pipeline().process(data: Self.dump(budget: line), path: "cut.txt")
        let c = try #require(doc.contract)
        #expect(c.budget.map(\.item) == ["督导经费"])
    }

    /// A line that is not cut keeps requiring its share (an amount without one is no budget line).
    @Test func anUncutLineStillNeedsItsShare() throws {
        let text = "服务合同\n甲方：深圳市龙岗区平湖街道办事处\n一、本合同总金额为 847200 元（大写：捌拾肆万柒仟贰佰元整）。\n二、项目经费：督导经费为 101664 元，占总额 12%，项目人力费用为 677760 元。\n"
        let doc = try Pipeline().process(data: Data(text.utf8), path: "whole.txt")
        #expect(doc.contract?.budget.map(\.item) == ["督导经费"])
    }

    // MARK: 大写 in lenient forms

    static func contract(_ amount: String, _ upper: String) -> Data {
        Data("""
        # 服务合同

        甲方：深圳市龙岗区平湖街道办事处

        乙方：深圳市龙岗区启航社会工作服务中心

        一、本合同总金额为\(amount)元（大写：\(upper)），含税价。

        """.utf8)
    }

    /// Read, agreeing with the figures: no finding (before, 壹仟零拾元整 "could not be read").
    @Test(arguments: [("1010", "壹仟零拾元整", "十 without 一"), ("111", "壹佰拾壹元整", "十 without 一"),
                      ("1010", "壹仟壹拾元整", "零 left out"), ("123", "壹贰叁元整", "digit by digit")])
    func aLenientUppercaseAgrees(_ amount: String, _ upper: String, _ form: String) throws {
        let doc = try Pipeline().process(data: Self.contract(amount, upper), path: "lenient.md")
        let m = try #require(doc.contract?.amount?.original)
        #expect(m.value == Decimal(string: amount))
        #expect(m.uppercaseValue == Decimal(string: amount))
        #expect(!doc.report.findings.contains { $0.code.hasPrefix("amount.") }, "\(doc.report.findings.map(\.code))")
        // The normalizer's note, in the record's cleaning actions.
        let notes = doc.report.actions.filter { $0.code == "numeral.lenient" }
        #expect(notes.count == 1)
        #expect(notes.first?.examples == ["\(upper) read as \(amount) (\(form))"])
    }

    /// 壹佰贰元 is 102 with its 零 left out or 120 said the short way: not read, so the check says it
    /// could not be read (before, it was read as 102 and contradicted 120 as an error).
    @Test func anAmbiguousUppercaseIsNotRead() throws {
        let doc = try Pipeline().process(data: Self.contract("120", "壹佰贰元整"), path: "ambiguous.md")
        let m = try #require(doc.contract?.amount?.original)
        #expect(m.uppercaseValue == nil)
        #expect(doc.report.findings.map(\.code).contains("amount.uppercase_unreadable"))
        #expect(!doc.report.findings.contains { $0.severity == .error }, "\(doc.report.findings.map(\.code))")
    }

    // MARK: targets

    @Test func indicatorTableTargetForms() throws {
        let text = """
        # 服务指标

        服务类别\t服务大项\t服务要求\t专业服务量化标准
        志愿服务\t1、志愿服务\t开展志愿服务，培育社区志愿者队伍\t开展志愿服务活动（发展1支志愿者服务队）
        入户走访\t2、入户走访\t做好入户走访，建立基础信息台账\t402.走访履盖率100%
        社区活动\t3、社区活动\t开展社区活动，丰富居民文化生活\t服务一百十人次

        """
        let doc = try Pipeline().process(data: Data(text.utf8), path: "annex.md")
        let indicators = doc.packages.flatMap(\.indicators)
        let targets = indicators.map { $0.targets.map { "\($0.metric ?? "∅")|\($0.value)|\($0.unit)" } }
        #expect(targets == [["志愿者服务队|1|支"], ["走访履盖率|100|%"], ["服务|110|人次"]], "\(indicators.map(\.standard))")
        let lenient = doc.report.actions.first { $0.code == "numeral.lenient" }
        #expect(lenient?.count == 1)
        #expect(lenient?.examples == ["一百十 read as 110 (十 without 一)"])
        #expect(!doc.report.findings.contains { $0.code == "indicator.standard_unparsed" })
    }
}
