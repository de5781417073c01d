import Foundation
import AccordModel
import AccordText

/// Consistency checks over a canonical record. Each problem becomes a finding with the
/// provenance of the value at fault; a consistent document gets no error findings.
///
/// - `amount.uppercase_mismatch` (error): the 大写 spells another amount than the figures.
///   `amount.uppercase_truncated` (info): the 大写 is cut short, and what is left agrees.
/// - `budget.total_mismatch` (error): the stated budget total (经费总额) is not the contract amount.
/// - `budget.sum_mismatch` / `budget.subtotal_mismatch` (error): lines do not add up to the
///   total, or a line's parts do not add up to it.
/// - `budget.share_mismatch` (error): a share differs from amount ÷ total by more than one unit
///   of its last written digit (87% for 87.003% is fine; 87.11% must be within 0.01).
/// - `budget.shares_sum` (warning): top-level shares do not add to 100% within their rounding.
/// - `payments.sum_mismatch` (error): months × monthly fees miss the amount; `payments.stated_total_mismatch`.
/// - `payments.gap_or_overlap` (warning), `payments.outside_period` (warning), `dates.signed_after_start` (warning).
/// - `indicator.standard_unparsed` (info): a standard that names quantities no target was read from.
public struct Checker: Sendable {
    public init() {}

    public func check(_ doc: CanonicalDocument) -> [Finding] {
        var out: [Finding] = []
        if let c = doc.contract {
            amounts(c, &out)
            budget(c, &out)
            payments(c, &out)
            dates(c, &out)
        }
        indicators(doc.packages, &out)
        return out
    }

    // MARK: amounts

    func amounts(_ c: Contract, _ out: inout [Finding]) {
        for (label, u) in [("original", c.amount?.originalUnread), ("amended", c.amount?.amendedUnread)] {
            guard let u else { continue }
            out.append(Finding(code: "amount.reading_incomplete", severity: .warning,
                message: "\(label) amount: the figure could not be read (read as \(u.figure.value))"
                    + (u.uppercase.map { u.uppercaseValue == nil ? "; its 大写 \($0.value) could not be read either" : "; its 大写 \($0.value) spells \(u.uppercaseValue.map { "\($0)" } ?? "?") 元, which does not fit the digits read" } ?? ""),
                provenance: u.figure.provenance))
        }
        for (label, m) in [("original", c.amount?.original), ("amended", c.amount?.amended)] {
            guard let m, let upper = m.uppercase else { continue }
            let reading = Money.parseUppercase(upper.value)
            if let reading, reading.value == m.value && (reading.complete || upper.value.hasSuffix("元")) { continue }
            // Recognized text: compare glyph by glyph with the 大写 the figures imply; garbled glyphs
            // are OCR damage, a readable wrong one is a mismatch.
            if upper.provenance.confidence < 1 {
                switch UppercaseAlignment.compare(written: upper.value, implied: Money.uppercase(m.value)) {
                case .consistent: continue
                case .degraded(let n):
                    out.append(Finding(code: "amount.uppercase_degraded", severity: .info,
                        message: "\(label) amount: the 大写 \(upper.value) agrees with \(m.value) 元 in every readable glyph (\(n) garbled or missing): consistent, OCR-degraded",
                        provenance: upper.provenance))
                    continue
                case .mismatch(let n):
                    out.append(Finding(code: "amount.uppercase_mismatch", severity: .error,
                        message: "\(label) amount: \(n) readable glyph(s) of the 大写 \(upper.value) contradict \(m.value) 元 (\(Money.uppercase(m.value)))",
                        provenance: upper.provenance))
                    continue
                }
            }
            guard let reading else {
                out.append(Finding(code: "amount.uppercase_unreadable", severity: .warning,
                                   message: "\(label) amount: the 大写 \(upper.value) could not be read", provenance: upper.provenance))
                continue
            }
            if reading.complete {
                out.append(Finding(code: "amount.uppercase_mismatch", severity: .error,
                    message: "\(label) amount: figures say \(m.value) 元 but the 大写 \(upper.value) says \(reading.value) 元",
                    provenance: upper.provenance))
            } else if Money.isUppercasePrefix(upper.value, of: m.value) {
                out.append(Finding(code: "amount.uppercase_truncated", severity: .info,
                    message: "\(label) amount: the 大写 is cut short (\(upper.value)); what is left agrees with \(m.value) 元",
                    provenance: upper.provenance))
            } else {
                out.append(Finding(code: "amount.uppercase_mismatch", severity: .error,
                    message: "\(label) amount: the 大写 \(upper.value) is not the start of the spelling of \(m.value) 元 (\(Money.uppercase(m.value)))",
                    provenance: upper.provenance))
            }
        }
    }

    // MARK: budget

    func budget(_ c: Contract, _ out: inout [Finding]) {
        guard !c.budget.isEmpty else { return }
        for version in ["original", "amended"] {
            func fig(_ l: BudgetLine) -> BudgetFigure? { version == "original" ? l.original : l.amended }
            let lines = c.budget.filter { fig($0)?.amount != nil }
            guard !lines.isEmpty else { continue }
            if c.truncatedTerms?.contains("budget.\(version)") == true {
                out.append(Finding(code: "budget.not_checked", severity: .info,
                    message: "\(version) budget: its text is cut short in the source, so its lines are incomplete and their sums are not checked",
                    provenance: fig(lines[0])?.amount?.provenance))
                continue
            }
            let total = (version == "original" ? c.budgetTotal?.original : c.budgetTotal?.amended)?.value
                ?? (version == "original" ? c.amount?.original?.value : c.amount?.amended?.value)
            let stated = (version == "original" ? c.budgetTotal?.original : c.budgetTotal?.amended)
            let contractAmount = version == "original" ? c.amount?.original?.value : c.amount?.amended?.value
            if let stated, let contractAmount, stated.value != contractAmount {
                out.append(Finding(code: "budget.total_mismatch", severity: .error,
                    message: "\(version) budget total \(stated.value) 元 differs from the contract amount \(contractAmount) 元",
                    provenance: stated.provenance))
            }
            let top = lines.filter { $0.parent == nil }
            let topSum = top.reduce(Decimal(0)) { $0 + (fig($1)?.amount?.value ?? 0) }
            // Lines whose amount could not be read (an unreadable figure, or a share without one):
            // the sums over them say nothing about the document.
            let open = c.budget.filter { BudgetCompletion.isOpen($0, version) }
            for l in open {
                let f = fig(l)
                out.append(Finding(code: "budget.reading_incomplete", severity: .warning,
                    message: "\(version) budget: the amount of \(l.item) could not be read"
                        + (f?.unreadable.map { " (read as \($0.value))" } ?? "")
                        + "; the sums it belongs to are not checked",
                    provenance: f?.unreadable?.provenance ?? f?.share?.provenance))
            }
            let openParents = Set(open.compactMap(\.parent))
            if let total, topSum != total, open.contains(where: { $0.parent == nil }) {
                // Reported above as an incomplete reading.
            } else if let total, topSum != total {
                if let partial = Self.partial(c, "budget") {
                    out.append(Finding(code: "budget.sum_unverified", severity: .warning,
                        message: "\(version) budget: the lines read add up to \(topSum) 元, not the total \(total) 元; \(partial)",
                        provenance: top.first.flatMap { fig($0)?.amount?.provenance }))
                } else {
                    out.append(Finding(code: "budget.sum_mismatch", severity: .error,
                        message: "\(version) budget: the lines add up to \(topSum) 元, not the total \(total) 元",
                        provenance: top.first.flatMap { fig($0)?.amount?.provenance }))
                }
            }
            // The parts' sum per parent name, added up once (filtering and summing all lines for
            // each parent was quadratic: thousands of lines may share one name).
            var partsSum: [String: Decimal] = [:]
            for l in lines { if let p = l.parent { partsSum[p, default: 0] += fig(l)?.amount?.value ?? 0 } }
            for parent in lines where !openParents.contains(parent.item) {
                guard let sum = partsSum[parent.item] else { continue }
                if let v = fig(parent)?.amount?.value, sum != v {
                    out.append(Finding(code: "budget.subtotal_mismatch", severity: .error,
                        message: "\(version) budget: the parts of \(parent.item) add up to \(sum) 元, not \(v) 元",
                        provenance: fig(parent)?.amount?.provenance))
                }
            }
            guard let total, total > 0 else { continue }
            var shareSum = Decimal(0), tolerance = Decimal(0), haveAll = true
            for l in lines {
                guard let f = fig(l), let a = f.amount?.value, let share = f.share else { if l.parent == nil { haveAll = false }; continue }
                let unit = Self.unit(of: share.provenance.text, value: share.value)
                let computed = a / total * 100
                if abs(computed - share.value) > unit {
                    out.append(Finding(code: "budget.share_mismatch", severity: .error,
                        message: "\(version) budget: \(l.item) is \(a) 元 = \(Self.rounded(computed, 3))% of \(total) 元, but its share is written \(share.value)%",
                        provenance: share.provenance))
                }
                if l.parent == nil { shareSum += share.value; tolerance += unit / 2 }
            }
            // An unread line's share still counts towards 100%.
            for l in open where l.parent == nil {
                if let share = fig(l)?.share {
                    shareSum += share.value; tolerance += Self.unit(of: share.provenance.text, value: share.value) / 2
                } else { haveAll = false }
            }
            if haveAll, abs(shareSum - 100) > max(tolerance, Self.hundredth) {
                out.append(Finding(code: "budget.shares_sum", severity: .warning,
                    message: "\(version) budget: the top-level shares add up to \(shareSum)%, not 100%",
                    provenance: top.first.flatMap { fig($0)?.share?.provenance }))
            }
        }
    }

    static let hundredth = Decimal(1) / Decimal(100)

    /// One unit of the last written digit of a percentage: "87" → 1, "61.81" → 0.01, "60.30" → 0.01.
    static func unit(of written: String, value: Decimal) -> Decimal {
        let digits = written.filter { $0.isNumber || $0 == "." }
        if let dot = digits.firstIndex(of: ".") {
            let decimals = digits[digits.index(after: dot)...].count
            return decimals == 0 ? 1 : pow(Decimal(10), -decimals)
        }
        return digits.isEmpty ? hundredth : 1
    }

    static func rounded(_ d: Decimal, _ scale: Int) -> Decimal {
        var v = d, r = Decimal()
        NSDecimalRound(&r, &v, scale, .plain)
        return r
    }

    // MARK: payments

    func payments(_ c: Contract, _ out: inout [Finding]) {
        guard let p = c.payments else { return }
        for (version, spans, stated, amount) in [("original", p.original, p.originalStatedTotal, c.amount?.original?.value),
                                                  ("amended", p.amended, p.amendedStatedTotal, c.amount?.amended?.value)] {
            let unread = (version == "original" ? p.originalUnread : p.amendedUnread) ?? []
            if !unread.isEmpty {
                // Part of the reading is missing: the schedule's sum and continuity say nothing.
                for u in unread {
                    out.append(Finding(code: "payments.reading_incomplete", severity: .warning,
                        message: "\(version) schedule: the fee for \(u.from)..\(u.to) could not be read (read as \(u.fee.value)); the schedule's sum is not checked",
                        provenance: u.fee.provenance))
                }
                continue
            }
            guard let spans, !spans.isEmpty else { continue }
            if c.truncatedTerms?.contains("payments.\(version)") == true {
                out.append(Finding(code: "payments.not_checked", severity: .info,
                    message: "\(version) schedule: its text is cut short in the source, so it is incomplete and its sum is not checked",
                    provenance: spans[0].provenance))
                continue
            }
            var sum = Decimal(0)
            var months: [Int] = []
            for s in spans {
                guard let a = Self.monthIndex(s.from), let b = Self.monthIndex(s.to), b >= a else {
                    out.append(Finding(code: "payments.bad_span", severity: .warning,
                                       message: "\(version) schedule: \(s.from)..\(s.to) is not a forward range of months", provenance: s.provenance))
                    continue
                }
                sum += s.monthly * Decimal(b - a + 1)
                months += Array(a...b)
            }
            let target = amount ?? stated?.value
            if let target, sum != target {
                if let partial = Self.partial(c, "payments") {
                    out.append(Finding(code: "payments.sum_unverified", severity: .warning,
                        message: "\(version) schedule read adds up to \(sum) 元 over \(months.count) months, not \(target) 元; \(partial)",
                        provenance: spans[0].provenance))
                } else {
                    out.append(Finding(code: "payments.sum_mismatch", severity: .error,
                        message: "\(version) schedule adds up to \(sum) 元 over \(months.count) months, not \(target) 元",
                        provenance: spans[0].provenance))
                }
            }
            if let stated, let amount, stated.value != amount {
                out.append(Finding(code: "payments.stated_total_mismatch", severity: .error,
                    message: "\(version) schedule states a total of \(stated.value) 元 but the amount is \(amount) 元",
                    provenance: stated.provenance))
            }
            let sorted = months.sorted()
            if Set(sorted).count != sorted.count || (sorted.last.map { $0 - sorted[0] + 1 } ?? 0) != sorted.count {
                out.append(Finding(code: "payments.gap_or_overlap", severity: .warning,
                    message: "\(version) schedule has a gap or an overlap between its month ranges", provenance: spans[0].provenance))
            }
            if let period = c.period, let start = period.start.flatMap({ Self.monthIndex(String($0.value.prefix(7))) }),
               let end = period.end.flatMap({ Self.monthIndex(String($0.value.prefix(7))) }),
               let first = sorted.first, let last = sorted.last, first < start || last > end {
                out.append(Finding(code: "payments.outside_period", severity: .warning,
                    message: "\(version) schedule runs outside the contract period \(period.start?.value ?? "?")–\(period.end?.value ?? "?")",
                    provenance: spans[0].provenance))
            }
        }
    }

    /// Why a sum over the whole document cannot be held against this text, when it is a fragment.
    static func partial(_ c: Contract, _ term: String) -> String? {
        guard let f = c.fragment, f.partialTerms?.contains(term) == true else { return nil }
        let where_ = f.beginsMidClause && f.endsMidClause ? "begins and ends mid-clause"
            : f.beginsMidClause ? "begins after the document's start" : "stops before the document's end"
        return "this text is a fragment (it \(where_)), so the rest may be on pages not read: not checked as an error"
    }

    static func monthIndex(_ ym: String) -> Int? {
        let parts = ym.split(separator: "-")
        // Years are four digits as the normalizer writes them (%04d); one outside 0…9999 is no month
        // (and could overflow `y * 12`, or make a span of billions of months).
        guard parts.count >= 2, let y = Int(parts[0]), (0...9999).contains(y), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        return y * 12 + m - 1
    }

    // MARK: dates

    func dates(_ c: Contract, _ out: inout [Finding]) {
        if let signed = c.originalSignedDate, let start = c.period?.start, signed.value > start.value {
            out.append(Finding(code: "dates.signed_after_start", severity: .warning,
                message: "signed \(signed.value), after the contract period starts (\(start.value))", provenance: signed.provenance))
        }
        if let s = c.period?.start, let e = c.period?.end, s.value > e.value {
            out.append(Finding(code: "dates.period_reversed", severity: .error,
                message: "the contract period ends (\(e.value)) before it starts (\(s.value))", provenance: e.provenance))
        }
    }

    // MARK: indicators

    func indicators(_ packages: [IndicatorPackage], _ out: inout [Finding]) {
        for pkg in packages {
            for ind in pkg.indicators {
                guard let std = ind.standard, ind.targets.isEmpty, TargetParser.namesQuantity(std) else { continue }
                out.append(Finding(code: "indicator.standard_unparsed", severity: .info,
                    message: "no target could be read from the standard \(std)", provenance: ind.provenance))
            }
        }
    }
}

private func abs(_ d: Decimal) -> Decimal { d < 0 ? -d : d }
