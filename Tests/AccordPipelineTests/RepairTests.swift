import Testing
import Foundation
import AccordModel
import AccordChecks

/// Repairs by redundancy on recognized values, and the 大写 glyph alignment.
@Suite struct RepairTests {
    static func prov(_ text: String, confidence: Double, bbox: [Int]? = [10, 20, 200, 40]) -> Provenance {
        Provenance(source: String(repeating: "0", count: 64), locator: Locator(page: 1, bbox: bbox), text: text, confidence: confidence)
    }
    static func d(_ s: String) -> Decimal { Decimal(string: s)! }

    /// A scanned agreement: amount 2527273 with its 大写; budget and schedule as recognized.
    static func document(amount: String, upper: String = "贰佰伍拾贰万柒仟贰佰柒拾叁元整", lines: [(String, String, String)],
                         monthly: [(String, String, String)], confidence: Double = 0.7) -> CanonicalDocument {
        var c = Contract()
        c.amount = AmountChange(original: nil, amended: MoneyValue(
            value: d(amount), provenance: prov(amount, confidence: confidence),
            uppercase: Sourced(upper, prov(upper, confidence: confidence)), uppercaseValue: Money_uppercaseValue(upper)))
        c.budget = lines.map { (item, amount, share) in
            BudgetLine(item: item, amended: BudgetFigure(amount: Sourced(d(amount), prov(amount, confidence: confidence)),
                                                          share: Sourced(d(share), prov(share + "%", confidence: confidence))))
        }
        c.payments = Payments(original: nil, amended: monthly.map { PaymentSpan(from: $0.0, to: $0.1, monthly: d($0.2), provenance: prov($0.2, confidence: confidence)) })
        return CanonicalDocument(source: SourceInfo(path: "scan.png", sha256: String(repeating: "0", count: 64), format: "png", encoding: nil),
                                 documentKind: .amendment, contract: c, packages: [], report: Report())
    }

    static let lines = [("人力", "2201616", "87.11"), ("督导", "46200", "1.83"), ("业务", "74400", "2.94"), ("管理", "205057", "8.11")]
    static let schedule = [("2025-08", "2025-12", "224166"), ("2026-01", "2026-06", "200920"), ("2026-07", "2026-07", "200923")]

    @Test func misreadAmountIsRepairedByItsUppercase() {
        var doc = Self.document(amount: "2527278", lines: Self.lines, monthly: Self.schedule)   // 3 read as 8
        Repairer().repair(&doc)
        #expect(doc.contract?.amount?.amended?.value == 2527273)
        let f = doc.report.findings.first { $0.code == "repair.applied" }
        #expect(f?.message.contains("2527278") == true && f?.message.contains("2527273") == true)
        #expect(f?.provenance?.locator.bbox == [10, 20, 200, 40])
        #expect(Checker().check(doc).filter { $0.severity == .error }.isEmpty)
    }

    @Test func lastDigitMisreadThatSharesCannotPlaceIsLeftAlone() {
        // 0 read as 6 in the units: 人力 2201610 or 管理 205051 would fix the sum just as well,
        // and their two-decimal shares cannot tell them apart: ambiguous, nothing applied.
        var lines = Self.lines
        lines[1] = ("督导", "46206", "1.83")
        var doc = Self.document(amount: "2527273", lines: lines, monthly: Self.schedule)
        Repairer().repair(&doc)
        #expect(doc.contract?.budget[1].amended?.amount?.value == 46206)
        #expect(doc.report.findings.contains { $0.code == "repair.ambiguous" })
        #expect(Checker().check(doc).contains { $0.code == "budget.sum_mismatch" })
    }

    @Test func misreadBudgetLineIsRepairedWhenExactlyOneDigitFits() {
        var lines = Self.lines
        lines[1] = ("督导", "48200", "1.83")   // 6 read as 8; its share 1.83% points at it
        var doc = Self.document(amount: "2527273", lines: lines, monthly: Self.schedule)
        Repairer().repair(&doc)
        #expect(doc.contract?.budget[1].amended?.amount?.value == 46200)
        #expect(doc.report.findings.contains { $0.code == "repair.applied" && $0.message.contains("督导") })
        #expect(Checker().check(doc).filter { $0.severity == .error }.isEmpty)
    }

    @Test func misreadMonthlyFeeIsRepaired() {
        var schedule = Self.schedule
        schedule[1] = ("2026-01", "2026-06", "206920")   // 0 read as 6
        var doc = Self.document(amount: "2527273", lines: Self.lines, monthly: schedule)
        Repairer().repair(&doc)
        #expect(doc.contract?.payments?.amended?[1].monthly == 200920)
    }

    @Test func ambiguousMisreadIsFlaggedNotGuessed() {
        // Lines without shares, 1000 too many: 乙 or 丙 (3→2) could each be the misread one.
        let lines = [("甲", "2201616", "87.11"), ("乙", "3000", ""), ("丙", "3000", ""), ("丁", "320657", "")]
        var doc = Self.document(amount: "2527273", lines: lines.map { ($0.0, $0.1, $0.2.isEmpty ? "0" : $0.2) }, monthly: Self.schedule)
        for i in 1...3 { doc.contract?.budget[i].amended?.share = nil }
        Repairer().repair(&doc)
        #expect(doc.contract?.budget.map { $0.amended?.amount?.value } == [2201616, 3000, 3000, 320657])
        #expect(doc.report.findings.contains { $0.code == "repair.ambiguous" })
    }

    @Test func typedTextIsNeverRepaired() {
        var doc = Self.document(amount: "2527278", lines: Self.lines, monthly: Self.schedule, confidence: 1)
        Repairer().repair(&doc)
        #expect(doc.contract?.amount?.amended?.value == 2527278)
        #expect(Checker().check(doc).contains { $0.code == "amount.uppercase_mismatch" && $0.severity == .error })
    }

    @Test func alignmentNeverFailsOnAnyReading() {
        // Random readings of every length, numerals, place words and garbage mixed: always a verdict.
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> UInt64 { state &+= 0x9E3779B97F4A7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; return z ^ (z >> 31) }
        let glyphs = Array("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整起拥侍信项抬吉方类什染参") + ["a", "1", " "]
        for _ in 0..<2000 {
            let written = String((0..<Int(next() % 24)).map { _ in glyphs[Int(next() % UInt64(glyphs.count))] })
            let implied = Money.uppercase(Decimal(Int(next() % 100_000_000)))
            switch UppercaseAlignment.compare(written: written, implied: implied) {
            case .consistent: #expect(written.filter { !$0.isWhitespace } == implied)
            case .degraded(let n): #expect(n > 0)
            case .mismatch(let n): #expect(n > 0)
            }
        }
    }

    @Test(arguments: [
        ("贰佰陆拾捌万肆仟捌佰元整", UppercaseAlignment.Verdict.consistent),
        ("起佰陆拾拥万肆侍拥信", .degraded(unreadable: 7)),      // the OCR reading measured on a degraded page: 5 garbled, 元整 lost
        ("贰佰陆拾万肆仟捌佰元整", .degraded(unreadable: 1)),    // 捌 dropped by the recognizer
        ("贰佰陆拾玖万肆仟捌佰元整", .mismatch(disagreeing: 1)), // 玖 is readable and wrong
    ])
    func uppercaseAlignment(written: String, verdict: UppercaseAlignment.Verdict) {
        #expect(UppercaseAlignment.compare(written: written, implied: "贰佰陆拾捌万肆仟捌佰元整") == verdict)
    }
}

import AccordText
func Money_uppercaseValue(_ s: String) -> Decimal? { Money.parseUppercase(s)?.value }
