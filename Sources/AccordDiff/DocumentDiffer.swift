import Foundation
import AccordModel

/// Compares canonical records: align, classify, and the money and schedule comparisons. Works on
/// records only, whatever files they were read from.
public struct DocumentDiffer: Sendable {
    public init() {}

    /// Document A's terms against B's: each side's amended terms where it amends, its original
    /// ones otherwise (an original contract against its supplementary agreement, one lot against
    /// another, one copy of a document against another).
    public func diff(_ a: CanonicalDocument, _ b: CanonicalDocument) -> DocumentDiff {
        let indicatorsA = a.packages.flatMap(\.indicators), indicatorsB = b.packages.flatMap(\.indicators)
        let keysA = indicatorsA.map(IndicatorKeys.init), keysB = indicatorsB.map(IndicatorKeys.init)
        let pairs = IndicatorAlignment.align(keysA, keysB).map {
            IndicatorClassification.classify($0, a: indicatorsA, b: indicatorsB, keysA: keysA, keysB: keysB)
        }
        let ca = a.contract, cb = b.contract
        // Money and payments are compared only where both sides state them: an indicator annex
        // (or a page of one) against an agreement has nothing to compare them with.
        let bothMoney = Self.hasMoney(ca) && Self.hasMoney(cb)
        let bothSchedules = !Self.schedule(ca, amended: true).isEmpty && !Self.schedule(cb, amended: true).isEmpty
        let money = !bothMoney ? MoneyDiff(amount: nil, budgetTotal: nil, budget: []) : MoneyDiff(
            amount: Self.present(Self.effective(ca?.amount?.original?.value, ca?.amount?.amended?.value),
                                 Self.effective(cb?.amount?.original?.value, cb?.amount?.amended?.value)),
            budgetTotal: Self.present(Self.effective(ca?.budgetTotal?.original?.value, ca?.budgetTotal?.amended?.value),
                                      Self.effective(cb?.budgetTotal?.original?.value, cb?.budgetTotal?.amended?.value)),
            budget: MoneyComparison.budget(Self.lines(ca, amended: true), Self.lines(cb, amended: true)))
        let payments = ScheduleComparison.compare(bothSchedules ? Self.schedule(ca, amended: true) : [],
                                                  bothSchedules ? Self.schedule(cb, amended: true) : [])
        var diff = DocumentDiff(mode: .documents, a: Self.side(a, terms: Self.amends(a) ? "amended" : "original"),
                                b: Self.side(b, terms: Self.amends(b) ? "amended" : "original"),
                                indicators: pairs, money: money, payments: payments, clauses: [], findings: [], summary: DiffSummary())
        diff.findings = Self.findings(diff, amountA: money.amount?.before, amountB: money.amount?.after)
        for (name, side, has) in [("A", a, Self.hasMoney(ca)), ("B", b, Self.hasMoney(cb))] where !has && (Self.hasMoney(ca) || Self.hasMoney(cb)) {
            diff.findings.append(DiffFinding(code: "money.not_compared", severity: .info,
                message: "\(name) (\(side.source.path), \(side.documentKind.rawValue)) states no amount or budget: money is not compared"))
        }
        if !bothSchedules, !Self.schedule(ca, amended: true).isEmpty || !Self.schedule(cb, amended: true).isEmpty {
            diff.findings.append(DiffFinding(code: "payments.not_compared", severity: .info,
                message: "only one side states a payment schedule: payments are not compared"))
        }
        diff.summary = Self.summary(diff)
        return diff
    }

    static func hasMoney(_ c: Contract?) -> Bool {
        guard let c else { return false }
        return c.amount?.original != nil || c.amount?.amended != nil || c.budgetTotal != nil || !c.budget.isEmpty
    }

    /// One supplementary agreement: its original (原合同) terms against its amended (现变更为) ones,
    /// and each amended clause.
    public func diff(amendment d: CanonicalDocument) -> DocumentDiff {
        let c = d.contract
        let amount = c?.amount.map { Self.present($0.original?.value, $0.amended?.value ?? $0.original?.value) } ?? nil
        let total = c?.budgetTotal.map { Self.present($0.original?.value, $0.amended?.value ?? $0.original?.value) } ?? nil
        let budgetAmended = c?.budget.contains { $0.amended != nil } ?? false
        let money = MoneyDiff(amount: amount, budgetTotal: total,
                              budget: MoneyComparison.budget(Self.lines(c, amended: false), Self.lines(c, amended: budgetAmended)))
        let payments = ScheduleComparison.compare(Self.schedule(c, amended: false), Self.schedule(c, amended: true))
        let clauses = (c?.amendments ?? []).map { ClauseChange(clause: $0.clause, field: $0.field, before: $0.before.value, after: $0.after?.value) }
        var diff = DocumentDiff(mode: .amendment, a: Self.side(d, terms: "original"), b: Self.side(d, terms: "amended"),
                                indicators: [], money: money, payments: payments, clauses: clauses, findings: [], summary: DiffSummary())
        diff.findings = Self.findings(diff, amountA: amount?.before, amountB: amount?.after)
        if d.documentKind != .amendment {
            diff.findings.insert(DiffFinding(code: "diff.not_an_amendment", severity: .warning,
                                             message: "\(d.source.path) is not a supplementary agreement (\(d.documentKind.rawValue)): it has no amended terms to compare"), at: 0)
        }
        diff.summary = Self.summary(diff)
        return diff
    }

    static func amends(_ d: CanonicalDocument) -> Bool {
        guard let c = d.contract else { return false }
        return c.amount?.amended != nil || c.payments?.amended != nil || c.budget.contains { $0.amended != nil }
    }

    static func effective(_ original: Decimal?, _ amended: Decimal?) -> Decimal? { amended ?? original }

    static func present(_ before: Decimal?, _ after: Decimal?) -> MoneyChange? {
        before == nil && after == nil ? nil : MoneyComparison.change(before, after)
    }

    static func lines(_ c: Contract?, amended: Bool) -> [MoneyComparison.Line] {
        (c?.budget ?? []).compactMap { line in
            let figure = amended ? (line.amended ?? line.original) : line.original
            return figure == nil && !amended ? nil : (line.item, line.parent, figure)
        }
    }

    static func schedule(_ c: Contract?, amended: Bool) -> [PaymentSpan] {
        amended ? (c?.payments?.amended ?? c?.payments?.original ?? []) : (c?.payments?.original ?? [])
    }

    static func side(_ d: CanonicalDocument, terms: String) -> DocumentDiff.Side {
        DocumentDiff.Side(path: d.source.path, sha256: d.source.sha256, documentKind: d.documentKind.rawValue,
                          projectCode: d.contract?.projectCode?.value, lot: d.contract?.lot?.value,
                          title: d.contract?.title?.value, terms: terms)
    }

    static func findings(_ d: DocumentDiff, amountA: Decimal?, amountB: Decimal?) -> [DiffFinding] {
        var out: [DiffFinding] = []
        for (side, total, amount) in [("A", d.payments.totalBefore, amountA), ("B", d.payments.totalAfter, amountB)] {
            guard let amount, total != 0, total != amount else { continue }
            let which = d.mode == .amendment ? (side == "A" ? "the original" : "the amended") : "\(side)'s"
            out.append(DiffFinding(code: "payments.sum_mismatch", severity: .warning,
                                   message: "\(which) payment schedule sums to \(total), not to \(which == "A's" || which == "B's" ? "its" : "the") amount \(amount) (off by \(total - amount))"))
        }
        let ambiguous = d.indicators.filter { !$0.ambiguousWith.isEmpty }.count
        if ambiguous > 0 {
            out.append(DiffFinding(code: "indicators.ambiguous", severity: .info,
                                   message: "\(ambiguous) indicator pairing(s) have another candidate almost as similar: check them (ambiguousWith)"))
        }
        return out
    }

    static func summary(_ d: DocumentDiff) -> DiffSummary {
        var s = DiffSummary()
        for p in d.indicators {
            switch p.change {
            case .added: s.added += 1
            case .removed: s.removed += 1
            case .unchanged: s.unchanged += 1
            case .reworded: s.reworded += 1
            case .targetChanged: s.targetChanged += 1
            case .moved: s.moved += 1
            }
            if !p.ambiguousWith.isEmpty { s.ambiguous += 1 }
            switch p.direction {
            case .tightened: s.tightened += 1
            case .loosened: s.loosened += 1
            case .mixed: s.mixed += 1
            case .changed: s.changed += 1
            case .none: break
            }
        }
        let money = [d.money.amount, d.money.budgetTotal].compactMap { $0 }
        s.moneyChanged = money.filter { $0.before != $0.after }.count + d.money.budget.filter { $0.change != "unchanged" }.count
        s.monthsChanged = d.payments.months.filter { $0.delta != 0 }.count
        return s
    }
}
