import Foundation
import Testing
import AccordModel
import AccordDiff
import TestSupport

/// `accord diff`'s promises on real corpus documents and known edits of them.
@Suite struct DocumentDiffTests {
    /// A document against itself: nothing changes, whatever its format.
    @Test(arguments: [DiffFixtures.seed001, DiffFixtures.seed000, "corpus/seeds/003_fec90b3e624f4feb.txt",
                      "corpus/docx/001_agreement.docx", "corpus/docx/003_requirements.2003.xml", "corpus/variants/v07_md_budget_line.txt"])
    func aDocumentAgainstItselfChangesNothing(_ file: String) throws {
        let r = try DiffFixtures.record(file)
        let d = DocumentDiffer().diff(r, r)
        let n = r.packages.flatMap(\.indicators).count
        #expect(d.summary.unchanged == n && d.indicators.count == n)
        #expect(d.indicators.allSatisfy { $0.change == .unchanged && $0.direction == .none && $0.similarity == 1 && $0.indexA == $0.indexB })
        #expect(d.summary.moneyChanged == 0 && d.summary.monthsChanged == 0 && d.payments.firstDiffering == nil)
        #expect(d.money.budget.allSatisfy { $0.change == "unchanged" })
        try DiffFixtures.expectSchemaValid(d)
    }

    /// The Markdown seed 001 against its DOCX (and the other formats made from it): the same
    /// document, so no indicator and no money change (white space inside a standard differs).
    @Test(arguments: ["corpus/docx/001_agreement.docx", "corpus/docx/001_agreement.flat.xml", "corpus/docx/001_agreement.html"])
    func theSameDocumentInAnotherFormatChangesNothing(_ other: String) throws {
        let d = DocumentDiffer().diff(try DiffFixtures.record(DiffFixtures.seed001), try DiffFixtures.record(other))
        #expect(d.indicators.count == 67)
        #expect(d.summary == {
            var s = DiffSummary(); s.unchanged = 67; return s
        }(), "\(d.indicators.filter { $0.change != .unchanged }.map { "\($0.change) a#\($0.indexA ?? -1)" })")
        #expect(d.money.amount == MoneyChange(before: 2527273, after: 2527273, delta: 0, percent: 0))
        try DiffFixtures.expectSchemaValid(d)
    }

    /// Seed 001 alone: the supplementary agreement's original terms against its amended ones
    /// (values read by hand from the seed's clauses 第九条（一）（二）（三）款).
    @Test func oneSupplementaryAgreementOriginalAgainstAmended() throws {
        let d = DocumentDiffer().diff(amendment: try DiffFixtures.record(DiffFixtures.seed001))
        #expect(d.mode == .amendment && d.indicators.isEmpty)
        #expect(d.money.amount == MoneyChange(before: 2690000, after: 2527273, delta: -162727, percent: Decimal(string: "-6.05")))
        #expect(d.money.budgetTotal == MoneyChange(before: 2690000, after: 2527273, delta: -162727, percent: Decimal(string: "-6.05")))
        let lines = d.money.budget.map { [$0.item, DiffText.number($0.amount.before), DiffText.number($0.amount.after),
                                          DiffText.number($0.share.before), DiffText.number($0.share.after), $0.change] }
        #expect(lines == [
            ["项目人力费用", "2340384", "2201616", "87", "87.11", "changed"],
            ["持证社工经费", "1662624", "1523856", "61.81", "60.3", "changed"],
            ["辅助社工经费", "677760", "677760", "25.2", "26.82", "changed"],
            ["督导经费", "50400", "46200", "1.87", "1.83", "changed"],
            ["业务活动费(含服务险)", "79200", "74400", "2.94", "2.94", "changed"],
            ["管理费和税费、人员培训等", "220016", "205057", "8.18", "8.11", "changed"],
        ])
        #expect(d.money.budget[1].parent == "项目人力费用" && d.money.budget[0].parent == nil)
        #expect(d.money.budget[3].amount.percent == Decimal(string: "-8.33"))
        #expect(d.money.budget[2].share.delta == Decimal(string: "1.62"))
        // Payments: equal through 2025-12, then 23246 less a month, the last month 23251 less.
        let p = d.payments
        #expect(p.firstDiffering == "2026-01")
        #expect(p.months.map(\.month) == ["2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02",
                                          "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"])
        #expect(p.months.prefix(5).allSatisfy { $0.delta == 0 && $0.before == 224166 })
        #expect(p.months[5...10].allSatisfy { $0.delta == -23246 && $0.before == 224166 && $0.after == 200920 })
        #expect(p.months[11].delta == -23251)
        #expect(p.totalBefore == 2690000 && p.totalAfter == 2527273)
        #expect(p.cumulativeDelta == -162727 && p.months.last?.cumulative == d.money.amount?.delta)
        #expect(d.clauses.map(\.field) == ["indicators", "amount", "budget", "payments"])
        #expect(d.clauses[1].clause == "第九条（一）款" && d.clauses[1].after?.contains("252.7273万元") == true)
        #expect(d.findings.isEmpty)
        try DiffFixtures.expectSchemaValid(d)
    }

    /// A variant of seed 001 with known edits: a standard loosened (不少于4次评估 → 2次) and one
    /// tightened (不少于4次辅导 → 6次), a row removed, a row added, a row reworded without touching
    /// its targets, and a row moved under another item. Exactly those come out, each with its
    /// class, direction and size; the other 62 rows are unchanged.
    @Test func aVariantWithKnownEditsYieldsExactlyThem() throws {
        let seed = try DiffFixtures.seedText()
        var lines = seed.components(separatedBy: "\n")
        let moved = try #require(lines.first { $0.contains("(2) 协助开展党员远程教育") })
        lines.removeAll { $0 == moved || $0.contains("(4) 协助开展党史党建宣传片") }
        var out: [String] = []
        for var l in lines {
            l = l.replacingOccurrences(of: "不少于4次评估", with: "不少于2次评估")
                .replacingOccurrences(of: "不少于4次辅导", with: "不少于6次辅导")
                .replacingOccurrences(of: "(3) 协助开展党课等党员教育", with: "(3) 协助组织开展党课等党员教育活动")
            out.append(l)
            if l.contains("\t2、党员服务\t") { out.append(moved) }
            if l.contains("(3) 协助组织开展党课等党员教育活动") { out.append("\t\t\t(5) 协助建立党员志愿积分管理制度\t每季度不少于1次") }
        }
        let variant = try DiffFixtures.record(text: out.joined(separator: "\n"), path: "variant.md")
        let d = DocumentDiffer().diff(try DiffFixtures.record(DiffFixtures.seed001), variant)
        let changed = d.indicators.filter { $0.change != .unchanged }
        let seen = changed.map { "\($0.change.rawValue) \($0.direction.rawValue) \(($0.after ?? $0.before)?.subitem?.prefix(12) ?? "")" }
        #expect(seen == [
            "moved none 协助开展党员远程教育",
            "reworded none 协助组织开展党课等党员教",
            "removed none 协助开展党史党建宣传片、",
            "added none 协助建立党员志愿积分管理",
            "target_changed loosened 协助开展心理健康综合评估",
            "target_changed tightened 开展心理辅导。协助安心驿",
        ])
        #expect(d.summary.unchanged == 62 && d.summary.targetChanged == 2 && d.summary.loosened == 1 && d.summary.tightened == 1)
        let movedPair = try #require(changed.first)
        #expect(movedPair.before?.item == "3、党员教育管理" && movedPair.after?.item == "2、党员服务" && movedPair.moved)
        let loosened = try #require(changed.first { $0.direction == .loosened }?.targets.first)
        #expect(loosened.before?.value == 4 && loosened.after?.value == 2 && loosened.relative == Decimal(string: "-0.5") && loosened.ratio == Decimal(string: "0.5"))
        let tightened = try #require(changed.first { $0.direction == .tightened }?.targets.first)
        #expect(tightened.relative == Decimal(string: "0.5") && tightened.after?.value == 6)
        // The added and removed rows stand where they are in B and in A.
        #expect(changed[2].indexA == 6 && changed[2].indexB == nil && changed[3].indexB == 6 && changed[3].indexA == nil)
        #expect(d.summary.moneyChanged == 0 && d.summary.monthsChanged == 0)
        try DiffFixtures.expectSchemaValid(d)
    }

    /// Seed 001 against seed 000, the same annex as a 50-character dump: every dump row that kept
    /// its sub-item pairs with the full row it begins, and no cut or lost cell counts as a change
    /// (no rewording, no target change). Item labels that disagree between the two damaged
    /// sources (the Markdown seed put rows under the wrong item) are reported as moved.
    @Test func aCutDumpOfTheSameAnnexReportsNoCutCellAsAChange() throws {
        let a = try DiffFixtures.record(DiffFixtures.seed001), b = try DiffFixtures.record(DiffFixtures.seed000)
        let d = DocumentDiffer().diff(a, b)
        let ia = a.packages.flatMap(\.indicators), ib = b.packages.flatMap(\.indicators)
        #expect(d.summary.reworded == 0 && d.summary.targetChanged == 0 && d.summary.added == 0)
        func key(_ s: String?) -> String { (s ?? "").filter { $0.isLetter || $0.isNumber } }
        for (j, row) in ib.enumerated() where !(row.subitem ?? "").isEmpty {
            let pair = try #require(d.indicators.first { $0.indexB == j }, "dump row \(j) is paired")
            let i = try #require(pair.indexA, "dump row \(j) (\(row.subitem ?? "")) pairs with a row of 001")
            #expect(key(ia[i].subitem).hasPrefix(key(row.subitem)), "dump row \(j) pairs with the full row its sub-item begins")
        }
        #expect(d.indicators.filter { $0.indexB != nil }.count == ib.count)
        #expect(d.indicators.contains { !$0.cutFields.isEmpty })
        try DiffFixtures.expectSchemaValid(d)
    }
}
