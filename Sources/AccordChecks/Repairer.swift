import Foundation
import AccordModel
import AccordText

/// Repairs misread digits in recognized (OCR) values by the contract's own redundancy: the 大写
/// beside an amount, the budget lines beside their total and shares, the schedule beside the amount.
///
/// For a value that breaks one of these equalities, every reading that differs from the one
/// read by a single digit is tried, known OCR confusions first (0/6/8, 1/7, 5/6, 3/8…); a repair
/// is applied only when exactly one such reading restores the equality (and keeps every other
/// check it takes part in), and it is reported with both readings and the box. Values read from
/// clean text are never repaired: there a broken equality is a defect of the document itself.
/// An ambiguous case is reported, never guessed.
public struct Repairer: Sendable {
    /// Provenance confidence below which a value counts as recognized, not typed.
    public var recognizedBelow: Double = 0.999

    public init() {}

    static let confusions: [Character: [Character]] = [
        "0": ["6", "8", "9"], "6": ["0", "8", "5", "5"], "8": ["0", "6", "3", "9"], "9": ["0", "8"],
        "1": ["7", "4"], "7": ["1"], "5": ["6", "3"], "3": ["8", "5"], "4": ["1"], "2": ["7"],
    ]

    /// Every reading of `value` that differs in one digit; confusions first.
    static func oneDigitVariants(_ value: Decimal) -> [(Decimal, String)] {
        let s = "\(value)"
        let chars = Array(s)
        var out: [(Decimal, String)] = []
        var seen = Set<String>()
        for likelyFirst in [true, false] {
            for (i, c) in chars.enumerated() where c.isNumber {
                let alternatives: [Character] = likelyFirst ? (confusions[c] ?? []) : Array("0123456789").filter { $0 != c }
                for alt in alternatives {
                    if i == 0 && alt == "0" && chars.count > 1 && chars[1] != "." { continue }
                    var t = chars; t[i] = alt
                    let str = String(t)
                    guard !seen.contains(str), let d = Decimal(string: str) else { continue }
                    seen.insert(str)
                    out.append((d, "\(c)→\(alt) at digit \(i + 1)"))
                }
            }
        }
        return out
    }

    public func repair(_ doc: inout CanonicalDocument) {
        guard var c = doc.contract else { return }
        var findings: [Finding] = []
        completeAmounts(&c, &findings)
        repairAmounts(&c, &findings)
        BudgetCompletion.complete(&c, &findings)
        repairBudget(&c, &findings)
        repairShares(&c, &findings)
        ScheduleCompletion.complete(&c, &findings)
        repairPayments(&c, &findings)
        doc.contract = c
        doc.report.findings += findings
        // A repair changes a value: it is listed with the cleaning actions too (what was changed),
        // beside its finding (what a person should look at, with the provenance).
        var log = ActionLog()
        log.merge(doc.report.actions)
        for f in findings where ["repair.applied", "repair.completed", "repair.inferred"].contains(f.code) {
            log.record(f.code, example: f.message.components(separatedBy: ": the only").first?.components(separatedBy: ", which its share").first)
        }
        doc.report.actions = log.actions
    }

    /// The confidence a repaired value keeps: it was inferred, not read.
    static let repairedConfidence = 0.6

    static func repaired(_ a: SourcedDecimal?, to value: Decimal) -> SourcedDecimal? {
        guard var a else { return nil }
        a.value = value
        a.provenance.confidence = min(a.provenance.confidence, repairedConfidence)
        return a
    }

    func recognized(_ p: Provenance) -> Bool { p.confidence < recognizedBelow }

    // MARK: amount ↔ 大写

    /// An amount whose figure has unreadable glyphs takes the value its 大写 spells (read whole)
    /// when that value fits the digits read: `repair.completed`, the value's basis `completed`.
    func completeAmounts(_ c: inout Contract, _ out: inout [Finding]) {
        for version in ["original", "amended"] {
            guard let u = version == "original" ? c.amount?.originalUnread : c.amount?.amendedUnread,
                  (version == "original" ? c.amount?.original : c.amount?.amended) == nil,
                  recognized(u.figure.provenance), let upper = u.uppercase, let value = u.uppercaseValue,
                  BudgetCompletion.fits(value, u.figure.value) else { continue }
            var p = u.figure.provenance
            p.confidence = min(p.confidence, Self.repairedConfidence)
            let m = MoneyValue(value: value, provenance: p, uppercase: upper, uppercaseValue: value, basis: "completed")
            if version == "original" { c.amount?.original = m; c.amount?.originalUnread = nil }
            else { c.amount?.amended = m; c.amount?.amendedUnread = nil }
            out.append(Finding(code: "repair.completed", severity: .warning,
                message: "\(version) amount read as \(u.figure.value) completed to \(value) 元: the amount its 大写 \(upper.value) spells, which fits the digits read",
                provenance: u.figure.provenance, related: [upper.provenance]))
        }
    }

    func repairAmounts(_ c: inout Contract, _ out: inout [Finding]) {
        for version in ["original", "amended"] {
            guard var m = version == "original" ? c.amount?.original : c.amount?.amended,
                  let upperValue = m.uppercaseValue, upperValue != m.value, recognized(m.provenance),
                  let upper = m.uppercase, Money.parseUppercase(upper.value)?.complete == true else { continue }
            let fits = Self.oneDigitVariants(m.value).filter { $0.0 == upperValue }
            guard fits.count == 1 else { continue }
            out.append(Finding(code: "repair.applied", severity: .warning,
                message: "\(version) amount read as \(m.value) repaired to \(fits[0].0) (\(fits[0].1)): the only one-digit reading its 大写 \(upper.value) agrees with",
                provenance: m.provenance))
            m.value = fits[0].0
            m.provenance.confidence = min(m.provenance.confidence, Self.repairedConfidence)
            if version == "original" { c.amount?.original = m } else { c.amount?.amended = m }
        }
    }

    // MARK: shares ↔ amounts

    /// A recognized share that disagrees with its line's amount over the total (87.17% for
    /// 2201616 of 2527273 = 87.11%) is repaired when exactly one one-digit reading of it agrees,
    /// the amount and total having been read (or repaired) consistently first.
    func repairShares(_ c: inout Contract, _ out: inout [Finding]) {
        for version in ["original", "amended"] {
            let total = (version == "original" ? c.budgetTotal?.original : c.budgetTotal?.amended)?.value
                ?? (version == "original" ? c.amount?.original?.value : c.amount?.amended?.value)
            guard let total, total > 0 else { continue }
            for i in c.budget.indices {
                guard let f = version == "original" ? c.budget[i].original : c.budget[i].amended,
                      let a = f.amount?.value, let share = f.share, recognized(share.provenance),
                      !Self.shareAgrees(amount: a, total: total, share: share) else { continue }
                // The reading must be the share rounded (within half a unit of its last digit): the
                // checker's one-unit tolerance would let two neighbouring digits both agree.
                let computed = a / total * 100
                let half = Checker.unit(of: share.provenance.text, value: share.value) / 2
                let fits = Self.oneDigitVariants(share.value).filter {
                    let d = computed - $0.0
                    return (d < 0 ? -d : d) <= half
                }
                guard fits.count == 1 else { continue }
                var fixed = share
                fixed.value = fits[0].0
                fixed.provenance.confidence = min(fixed.provenance.confidence, Self.repairedConfidence)
                out.append(Finding(code: "repair.applied", severity: .warning,
                    message: "\(version) budget: the share of \(c.budget[i].item) read as \(share.value)% repaired to \(fits[0].0)% (\(fits[0].1)): the only one-digit reading that agrees with \(a) 元 of \(total) 元",
                    provenance: share.provenance))
                if version == "original" { c.budget[i].original?.share = fixed } else { c.budget[i].amended?.share = fixed }
            }
        }
    }

    // MARK: budget lines ↔ total and shares

    func repairBudget(_ c: inout Contract, _ out: inout [Finding]) {
        for version in ["original", "amended"] {
            let total = (version == "original" ? c.budgetTotal?.original : c.budgetTotal?.amended)?.value
                ?? (version == "original" ? c.amount?.original?.value : c.amount?.amended?.value)
            guard let total, total > 0 else { continue }
            func fig(_ l: BudgetLine) -> BudgetFigure? { version == "original" ? l.original : l.amended }
            // A line still unread leaves the sum short for a reason no one-digit change explains.
            guard !c.budget.contains(where: { BudgetCompletion.isOpen($0, version) }) else { continue }
            let top = c.budget.indices.filter { c.budget[$0].parent == nil && fig(c.budget[$0])?.amount != nil }
            let sum = top.reduce(Decimal(0)) { $0 + (fig(c.budget[$1])?.amount?.value ?? 0) }
            guard sum != total else { continue }
            // Candidates: one recognized line, one digit, making the lines add up and keeping its share.
            var candidates: [(line: Int, value: Decimal, how: String)] = []
            for i in top {
                guard let f = fig(c.budget[i]), let a = f.amount, recognized(a.provenance) else { continue }
                for (v, how) in Self.oneDigitVariants(a.value) where sum - a.value + v == total {
                    if let share = f.share, !Self.shareAgrees(amount: v, total: total, share: share) { continue }
                    candidates.append((i, v, how))
                }
            }
            report(candidates.map { (c.budget[$0.line].item, $0.value, $0.how, fig(c.budget[$0.line])?.amount) },
                   what: "\(version) budget", out: &out) { k in
                let cand = candidates[k]
                let line = c.budget[cand.line]
                if version == "original" {
                    c.budget[cand.line].original?.amount = Self.repaired(line.original?.amount, to: cand.value)
                } else {
                    c.budget[cand.line].amended?.amount = Self.repaired(line.amended?.amount, to: cand.value)
                }
            }
        }
    }

    static func shareAgrees(amount: Decimal, total: Decimal, share: SourcedDecimal) -> Bool {
        let unit = Checker.unit(of: share.provenance.text, value: share.value)
        let d = amount / total * 100 - share.value
        return (d < 0 ? -d : d) <= unit
    }

    // MARK: schedule ↔ amount

    func repairPayments(_ c: inout Contract, _ out: inout [Finding]) {
        for version in ["original", "amended"] {
            // A fee still unread leaves the sum off for a reason no one-digit change explains.
            guard ((version == "original" ? c.payments?.originalUnread : c.payments?.amendedUnread) ?? []).isEmpty else { continue }
            guard let spans = version == "original" ? c.payments?.original : c.payments?.amended,
                  let amount = version == "original" ? c.amount?.original?.value : c.amount?.amended?.value else { continue }
            let months = spans.map { s -> Int in
                guard let a = Checker.monthIndex(s.from), let b = Checker.monthIndex(s.to), b >= a else { return 0 }
                return b - a + 1
            }
            let sum = zip(spans, months).reduce(Decimal(0)) { $0 + $1.0.monthly * Decimal($1.1) }
            guard sum != amount else { continue }
            var candidates: [(span: Int, value: Decimal, how: String)] = []
            for (i, s) in spans.enumerated() where recognized(s.provenance) && months[i] > 0 {
                for (v, how) in Self.oneDigitVariants(s.monthly) where sum + (v - s.monthly) * Decimal(months[i]) == amount {
                    candidates.append((i, v, how))
                }
            }
            report(candidates.map { ("\(spans[$0.span].from)..\(spans[$0.span].to)", $0.value, $0.how,
                                     Sourced(spans[$0.span].monthly, spans[$0.span].provenance)) },
                   what: "\(version) schedule", out: &out) { k in
                let cand = candidates[k]
                if version == "original" { c.payments?.original?[cand.span].monthly = cand.value; c.payments?.original?[cand.span].provenance.confidence = min(spans[cand.span].provenance.confidence, Self.repairedConfidence) }
                else { c.payments?.amended?[cand.span].monthly = cand.value; c.payments?.amended?[cand.span].provenance.confidence = min(spans[cand.span].provenance.confidence, Self.repairedConfidence) }
            }
        }
    }

    /// Applies the one candidate, or reports that several fit.
    func report(_ candidates: [(String, Decimal, String, SourcedDecimal?)], what: String, out: inout [Finding], apply: (Int) -> Void) {
        if candidates.count == 1 {
            let (name, value, how, old) = candidates[0]
            out.append(Finding(code: "repair.applied", severity: .warning,
                message: "\(what): \(name) read as \(old.map { "\($0.value)" } ?? "?") repaired to \(value) (\(how)): the only one-digit reading that makes the figures agree",
                provenance: old?.provenance))
            apply(0)
        } else if candidates.count > 1 {
            out.append(Finding(code: "repair.ambiguous", severity: .warning,
                message: "\(what) does not add up; \(candidates.count) one-digit readings would fix it ("
                    + candidates.prefix(4).map { "\($0.0) → \($0.1)" }.joined(separator: ", ") + "): none applied",
                provenance: candidates[0].3?.provenance))
        }
    }
}
