import Testing
import Foundation
import AccordModel
import AccordChecks
import AccordPipeline

/// Budget lines whose amount was not read: completed from the glyphs read and the total, or
/// inferred from the total and the share — reported, never silent — and, when neither fits, a
/// reading reported as incomplete instead of a document reported as inconsistent.
@Suite struct BudgetCompletionTests {
    typealias R = RepairTests
    static func d(_ s: String) -> Decimal { Decimal(string: s)! }

    /// The amended budget of 001 (total 2527273), 督导 as given.
    static func document(supervision: BudgetFigure) -> CanonicalDocument {
        var doc = R.document(amount: "2527273", lines: R.lines, monthly: R.schedule)
        doc.contract?.budget[1].amended = supervision
        return doc
    }
    static func share(_ s: String) -> SourcedDecimal { Sourced(d(s), R.prov(s + "%", confidence: 0.9, bbox: [500, 20, 560, 40])) }
    static func unreadable(_ s: String) -> SourcedString { Sourced(s, R.prov(s, confidence: 0.5, bbox: [300, 20, 420, 40])) }

    static func run(_ doc: CanonicalDocument) -> (CanonicalDocument, [Finding]) {
        var d = doc
        Repairer().repair(&d)
        return (d, d.report.findings + Checker().check(d))
    }

    @Test func unreadableGlyphIsCompletedWhenOneAmountFits() throws {
        let (doc, findings) = Self.run(Self.document(supervision: BudgetFigure(amount: nil, share: Self.share("1.83"), unreadable: Self.unreadable("4允200 元"))))
        let f = try #require(doc.contract?.budget[1].amended)
        #expect(f.amount?.value == 46200 && f.basis == "completed")
        #expect(f.amount?.provenance.confidence == 0.5 && f.amount?.provenance.text == "4允200 元")
        let repair = try #require(findings.first { $0.code == "repair.completed" })
        #expect(repair.severity == .warning)
        #expect(repair.message == "amended budget: 督导 read as 4允200 元 completed to 46200 元: the only amount that fits the digits read and makes the lines add up to the total 2527273 元 (share 1.83% agrees)")
        #expect(repair.provenance?.locator.bbox == [300, 20, 420, 40])
        // Both places it rests on: the total (the amount's) and the share.
        #expect(repair.related?.map(\.locator.bbox) == [[10, 20, 200, 40], [500, 20, 560, 40]])
        #expect(findings.filter { $0.severity == .error }.isEmpty)
        #expect(!findings.contains { $0.code.hasPrefix("budget.") })
        #expect(doc.report.actions.map(\.code) == ["repair.completed"])
    }

    @Test func leadingUnreadableGlyphAndTenThousandsUnit() {
        #expect(BudgetCompletion.fits(72000, "?2000元"))
        #expect(BudgetCompletion.fits(46200, "4允200 元"))
        #expect(BudgetCompletion.fits(2527273, "252.72?3万元"))
        #expect(!BudgetCompletion.fits(46200, "5允200 元"))      // a readable digit disagrees
        #expect(!BudgetCompletion.fits(146200, "4允200 元"))     // one glyph stands for one digit
        #expect(!BudgetCompletion.fits(46200, "46200 元"))       // nothing to complete
        #expect(!BudgetCompletion.fits(2527273, "252.7?万元"))    // 252.7273万 needs four decimals
        #expect(!BudgetCompletion.fits(46200, "????? 元"))       // more unreadable glyphs than allowed
    }

    @Test func completionThatContradictsTheDigitsReadIsLeftOpenAndReportedAsIncomplete() throws {
        // 5允200 cannot be 46200: the reading stays open; the sum is not an error.
        let (doc, findings) = Self.run(Self.document(supervision: BudgetFigure(amount: nil, share: Self.share("1.83"), unreadable: Self.unreadable("5允200 元"))))
        #expect(doc.contract?.budget[1].amended?.amount == nil)
        #expect(!findings.contains { $0.code.hasPrefix("repair.") })
        let incomplete = findings.filter { $0.code == "budget.reading_incomplete" }
        #expect(incomplete.map(\.message) == ["amended budget: the amount of 督导 could not be read (read as 5允200 元); the sums it belongs to are not checked"])
        #expect(incomplete.first?.severity == .warning)
        #expect(findings.filter { $0.severity == .error }.isEmpty)
        // Its share still counts towards 100%.
        #expect(!findings.contains { $0.code == "budget.shares_sum" })
    }

    @Test func lineWithoutAFigureIsInferredFromTheTotalAndItsShare() throws {
        let (doc, findings) = Self.run(Self.document(supervision: BudgetFigure(amount: nil, share: Self.share("1.83"))))
        let f = try #require(doc.contract?.budget[1].amended)
        #expect(f.amount?.value == 46200 && f.basis == "inferred")
        let inferred = try #require(findings.first { $0.code == "repair.inferred" })
        #expect(inferred.message == "amended budget: 督导 has no amount in the source; inferred as 46200 元, the total 2527273 元 less the other lines, which its share 1.83% agrees with")
        #expect(inferred.related?.count == 2)
        #expect(findings.filter { $0.severity == .error }.isEmpty)
    }

    @Test func inferenceTheShareContradictsIsNotMade() {
        let (doc, findings) = Self.run(Self.document(supervision: BudgetFigure(amount: nil, share: Self.share("3.50"))))
        #expect(doc.contract?.budget[1].amended?.amount == nil)
        #expect(findings.contains { $0.code == "budget.reading_incomplete" })
        #expect(!findings.contains { $0.code.hasPrefix("repair.") })
    }

    @Test func twoOpenLinesUnderOneTotalAreNotGuessed() {
        var doc = Self.document(supervision: BudgetFigure(amount: nil, share: Self.share("1.83"), unreadable: Self.unreadable("4允200 元")))
        doc.contract?.budget[2].amended = BudgetFigure(amount: nil, share: Self.share("2.94"), unreadable: Self.unreadable("7?400 元"))
        let (after, findings) = Self.run(doc)
        #expect(after.contract?.budget[1].amended?.amount == nil && after.contract?.budget[2].amended?.amount == nil)
        #expect(findings.filter { $0.code == "budget.reading_incomplete" }.count == 2)
        #expect(findings.filter { $0.severity == .error }.isEmpty)
    }

    /// A real defect with every figure read is still an error.
    @Test func consistentReadingOfAnInconsistentBudgetIsStillAnError() {
        var lines = R.lines
        lines[1] = ("督导", "56200", "1.83")   // 10000 too many, and typed: no repair
        var doc = R.document(amount: "2527273", lines: lines, monthly: R.schedule, confidence: 1)
        doc.contract?.amount?.amended?.provenance.confidence = 1
        let (_, findings) = Self.run(doc)
        #expect(findings.filter { $0.severity == .error }.map(\.code).sorted() == ["budget.share_mismatch", "budget.sum_mismatch"])
    }

    // MARK: schedules

    static func scheduleWithUnread(_ fees: [(String, String, String)]) -> CanonicalDocument {
        var doc = R.document(amount: "2527273", lines: R.lines, monthly: R.schedule)
        let unreadFrom = Set(fees.map(\.0))
        let kept = doc.contract?.payments?.amended?.filter { !unreadFrom.contains($0.from) }
        doc.contract?.payments?.amended = kept
        doc.contract?.payments?.amendedUnread = fees.map { UnreadSpan(from: $0.0, to: $0.1, fee: Self.unreadable($0.2)) }
        return doc
    }

    @Test func unreadableMonthlyFeeIsCompletedFromTheAmount() throws {
        let (doc, findings) = Self.run(Self.scheduleWithUnread([("2026-01", "2026-06", "2O0?20元")]))
        let spans = try #require(doc.contract?.payments?.amended)
        #expect(spans.map { "\($0.from)..\($0.to)@\($0.monthly)" } == ["2025-08..2025-12@224166", "2026-01..2026-06@200920", "2026-07..2026-07@200923"])
        #expect(spans[1].basis == "completed" && spans[1].provenance.confidence == 0.5)
        #expect(doc.contract?.payments?.amendedUnread == nil)
        let f = try #require(findings.first { $0.code == "repair.completed" })
        #expect(f.message == "amended schedule: 2026-01..2026-06 read as 2O0?20元 completed to 200920 元 a month: the only fee that fits the digits read and makes the schedule add up to the amount 2527273 元")
        #expect(f.related?.count == 1)
        #expect(findings.filter { $0.severity == .error }.isEmpty)
        #expect(!findings.contains { $0.code.hasPrefix("payments.") })
    }

    @Test func unreadFeesThatCannotBeCompletedAreAnIncompleteReadingNotAnError() {
        // The glyphs read contradict the only fee that would fit (3 where 200920 has 9).
        let (doc, findings) = Self.run(Self.scheduleWithUnread([("2026-01", "2026-06", "2O0?23元")]))
        #expect(doc.contract?.payments?.amendedUnread?.count == 1)
        #expect(findings.filter { $0.code == "payments.reading_incomplete" }.map(\.message)
                == ["amended schedule: the fee for 2026-01..2026-06 could not be read (read as 2O0?23元); the schedule's sum is not checked"])
        #expect(findings.filter { $0.severity == .error }.isEmpty)
        // Two unread fees under one amount are not guessed.
        let (two, twoFindings) = Self.run(Self.scheduleWithUnread([("2026-01", "2026-06", "2O0?20元"), ("2026-07", "2026-07", "2?0923元")]))
        #expect(two.contract?.payments?.amendedUnread?.count == 2)
        #expect(twoFindings.filter { $0.code == "payments.reading_incomplete" }.count == 2)
        #expect(!twoFindings.contains { $0.code.hasPrefix("repair.") })
    }

    // MARK: reading (the normalizer keeps what was read)

    /// In typed text a figure with a glyph that is not a digit is kept as read and reported, never
    /// completed (the repairer only fills in recognized readings), and no sum is called broken.
    @Test func typedFiguresWithStrayGlyphsAreKeptAndReportedNotCompleted() throws {
        let text = """
        三、原合同第九条第（二）款约定，本项目经费总额为269万元，项目人力费用为2340384元，占项目经费总额87%。督导经费为5O400元，占项目经费总额1.87%；业务活动费为79200元，占项目经费总额2.94%；管理费为220016元，占项目经费总额8.18%。
        四、原合同第九条第（三）款约定，项目服务费用以逐月支付。现双方同意变更为，2025年8月至2025年12月的服务费用按每月224166元执行；2026年1月至2026年6月每月项目服务费用2O0?20元，2026年7月项目服务费用200923元，合计金额252.7273万元。

        """
        let doc = try Pipeline().process(data: Data(text.utf8), path: "typed.txt")
        let c = try #require(doc.contract)
        let line = try #require(c.budget.first { $0.item == "督导经费" })
        #expect(line.original?.amount == nil && line.original?.unreadable?.value == "5O400元" && line.original?.share?.value == Self.d("1.87"))
        #expect(c.payments?.amendedUnread?.map { "\($0.from)..\($0.to) \($0.fee.value)" } == ["2026-01..2026-06 2O0?20元"])
        #expect(c.payments?.amended?.map(\.monthly) == [224166, 200923])
        let codes = doc.report.findings.map(\.code)
        #expect(!codes.contains { $0.hasPrefix("repair.") })
        #expect(codes.contains("budget.reading_incomplete") && codes.contains("payments.reading_incomplete"))
        #expect(!codes.contains("budget.sum_mismatch") && !codes.contains("payments.sum_mismatch") && !codes.contains("budget.shares_sum"))
    }

    /// Words before a figure are not unreadable glyphs of it (约2000元 is not a broken figure).
    @Test func wordsBeforeAFigureAreNotGlyphs() throws {
        let doc = try Pipeline().process(data: Data("督导经费为约2000元，占项目经费总额1.87%。".utf8), path: "a.txt")
        #expect(doc.contract?.budget.isEmpty ?? true)
    }

    // MARK: amounts

    static func unreadAmount(_ figure: String, upper: String, confidence: Double) -> CanonicalDocument {
        var doc = R.document(amount: "2527273", lines: R.lines, monthly: R.schedule)
        doc.contract?.amount?.amended = nil
        doc.contract?.amount?.amendedUnread = UnreadAmount(
            figure: Sourced(figure, R.prov(figure, confidence: confidence, bbox: [300, 60, 520, 90])),
            uppercase: Sourced(upper, R.prov(upper, confidence: confidence, bbox: [530, 60, 900, 90])),
            uppercaseValue: Money_uppercaseValue(upper))
        return doc
    }

    @Test func unreadableAmountIsCompletedByItsUppercase() throws {
        let (doc, findings) = Self.run(Self.unreadAmount("252.72?3万元", upper: "贰佰伍拾贰万柒仟贰佰柒拾叁元整", confidence: 0.8))
        let m = try #require(doc.contract?.amount?.amended)
        #expect(m.value == 2527273 && m.basis == "completed" && m.provenance.confidence == 0.6)
        #expect(doc.contract?.amount?.amendedUnread == nil)
        let f = try #require(findings.first { $0.code == "repair.completed" })
        #expect(f.message == "amended amount read as 252.72?3万元 completed to 2527273 元: the amount its 大写 贰佰伍拾贰万柒仟贰佰柒拾叁元整 spells, which fits the digits read")
        #expect(f.related?.first?.locator.bbox == [530, 60, 900, 90])
        #expect(findings.filter { $0.severity == .error }.isEmpty)
    }

    @Test func unreadableAmountThe大写DoesNotFitStaysUnread() throws {
        // 252.73?3万 cannot be 2527273: left as read, a reading gap (warning), never a guess.
        let (doc, findings) = Self.run(Self.unreadAmount("252.73?3万元", upper: "贰佰伍拾贰万柒仟贰佰柒拾叁元整", confidence: 0.8))
        #expect(doc.contract?.amount?.amended == nil)
        #expect(findings.filter { $0.code == "amount.reading_incomplete" }.map(\.message)
                == ["amended amount: the figure could not be read (read as 252.73?3万元); its 大写 贰佰伍拾贰万柒仟贰佰柒拾叁元整 spells 2527273 元, which does not fit the digits read"])
        #expect(!findings.contains { $0.code.hasPrefix("repair.") })
        // Typed text is never completed.
        let (typed, _) = Self.run(Self.unreadAmount("252.72?3万元", upper: "贰佰伍拾贰万柒仟贰佰柒拾叁元整", confidence: 1))
        #expect(typed.contract?.amount?.amended == nil)
    }

    @Test func theNormalizerKeepsAnUnreadAmountWithIts大写() throws {
        let text = "二、原合同第九条（一）款约定，本合同期按金额2?9万元（大写：贰佰陆拾玖万元整，含税价）进行拨付。现双方同意变更为：本合同期按金额252.7273万元（大写：贰佰伍拾贰万柒仟贰佰柒拾叁元整，含税价）进行拨付。\n"
        let doc = try Pipeline().process(data: Data(text.utf8), path: "a.txt")
        let a = try #require(doc.contract?.amount)
        #expect(a.original == nil && a.originalUnread?.figure.value == "2?9万元" && a.originalUnread?.uppercaseValue == 2690000)
        #expect(a.amended?.value == 2527273)
        #expect(doc.report.findings.map(\.code).contains("amount.reading_incomplete"))
    }

    // MARK: shares

    @Test func misreadShareIsRepairedWhenOneDigitAgrees() throws {
        var doc = R.document(amount: "2527273", lines: R.lines, monthly: R.schedule)
        doc.contract?.budget[0].amended?.share = Sourced(Self.d("87.17"), R.prov("87.17%", confidence: 0.8))   // 1 read as 7
        let (after, findings) = Self.run(doc)
        #expect(after.contract?.budget[0].amended?.share?.value == Self.d("87.11"))
        #expect(after.contract?.budget[0].amended?.share?.provenance.confidence == 0.6)
        #expect(findings.filter { $0.code == "repair.applied" }.map(\.message)
                == ["amended budget: the share of 人力 read as 87.17% repaired to 87.11% (7→1 at digit 5): the only one-digit reading that agrees with 2201616 元 of 2527273 元"])
        #expect(findings.filter { $0.severity == .error }.isEmpty)
    }

    @Test func typedOrFarOffSharesAreLeftForTheChecker() {
        var typed = R.document(amount: "2527273", lines: R.lines, monthly: R.schedule)
        typed.contract?.budget[0].amended?.share = Sourced(Self.d("87.17"), R.prov("87.17%", confidence: 1))
        #expect(Self.run(typed).1.map(\.code).contains("budget.share_mismatch"))
        var far = R.document(amount: "2527273", lines: R.lines, monthly: R.schedule)
        far.contract?.budget[0].amended?.share = Sourced(Self.d("80.00"), R.prov("80.00%", confidence: 0.8))
        let (_, findings) = Self.run(far)
        #expect(findings.map(\.code).contains("budget.share_mismatch") && !findings.contains { $0.code.hasPrefix("repair.") })
    }
}
