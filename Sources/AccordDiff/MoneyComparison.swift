import Foundation
import AccordModel

/// The contract amount, the budget total and each budget line (paired by item name), before
/// and after: absolute and percent change, shares in percentage points.
enum MoneyComparison {
    static func change(_ before: Decimal?, _ after: Decimal?) -> MoneyChange {
        var c = MoneyChange(before: before, after: after, delta: nil, percent: nil)
        if let before, let after {
            c.delta = after - before
            if before != 0 { c.percent = TargetComparison.round((after - before) / before * 100, 2) }
        }
        return c
    }

    static func share(_ before: Decimal?, _ after: Decimal?) -> ShareChange {
        ShareChange(before: before, after: after, delta: before.flatMap { b in after.map { $0 - b } })
    }

    /// A budget line's figure on one side.
    typealias Line = (item: String, parent: String?, figure: BudgetFigure?)

    static func budget(_ a: [Line], _ b: [Line]) -> [BudgetLineChange] {
        let key = { (s: String) in TextKey(s) }
        var remaining = b.enumerated().map { ($0.offset, key($0.element.item)) }
        var out: [BudgetLineChange] = []
        var usedB = Set<Int>()
        for line in a {
            let k = key(line.item)
            let j = remaining.first { $0.1 == k }?.0
                ?? remaining.first { IndicatorClassification.sameName($0.1, k) }?.0
            let other = j.map { b[$0] }
            if let j { usedB.insert(j); remaining.removeAll { $0.0 == j } }
            out.append(lineChange(item: line.item, parent: line.parent ?? other?.parent, line.figure, other?.figure, present: (true, other != nil)))
        }
        for (j, line) in b.enumerated() where !usedB.contains(j) {
            out.append(lineChange(item: line.item, parent: line.parent, nil, line.figure, present: (false, true)))
        }
        return out
    }

    private static func lineChange(item: String, parent: String?, _ x: BudgetFigure?, _ y: BudgetFigure?, present: (Bool, Bool)) -> BudgetLineChange {
        let amount = change(x?.amount?.value, y?.amount?.value)
        let share = share(x?.share?.value, y?.share?.value)
        let kind: String
        if !present.0 { kind = "added" } else if !present.1 { kind = "removed" }
        else if amount.before != amount.after || share.before != share.after { kind = "changed" } else { kind = "unchanged" }
        return BudgetLineChange(item: item, parent: parent, amount: amount, share: share, change: kind)
    }
}

/// Payment schedules expanded month by month and compared.
enum ScheduleComparison {
    /// Month → amount paid, spans summed where they overlap.
    static func months(_ spans: [PaymentSpan]) -> [String: Decimal] {
        var out: [String: Decimal] = [:]
        for s in spans {
            guard let from = YearMonth(s.from), let to = YearMonth(s.to), from <= to else { continue }
            var m = from
            // A schedule longer than a century is a misreading; stop there.
            var guardMonths = 1200
            while m <= to && guardMonths > 0 {
                out[m.description, default: 0] += s.monthly
                m = m.next; guardMonths -= 1
            }
        }
        return out
    }

    static func compare(_ a: [PaymentSpan], _ b: [PaymentSpan]) -> PaymentsDiff {
        let x = months(a), y = months(b)
        var cumulative: Decimal = 0
        var rows: [MonthChange] = []
        var first: String?
        for month in Set(x.keys).union(y.keys).sorted() {
            let before = x[month] ?? 0, after = y[month] ?? 0
            cumulative += after - before
            if before != after && first == nil { first = month }
            rows.append(MonthChange(month: month, before: before, after: after, delta: after - before, cumulative: cumulative))
        }
        return PaymentsDiff(months: rows, firstDiffering: first, totalBefore: x.values.reduce(0, +),
                            totalAfter: y.values.reduce(0, +), cumulativeDelta: cumulative)
    }

    struct YearMonth: Comparable, CustomStringConvertible {
        let year: Int, month: Int
        init?(_ s: String) {
            let parts = s.split(separator: "-")
            guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), (1000...9999).contains(y) else { return nil }
            year = y; month = m
        }
        init(year: Int, month: Int) { self.year = year; self.month = month }
        var next: YearMonth { month == 12 ? YearMonth(year: year + 1, month: 1) : YearMonth(year: year, month: month + 1) }
        static func < (l: Self, r: Self) -> Bool { (l.year, l.month) < (r.year, r.month) }
        var description: String { String(format: "%04d-%02d", year, month) }
    }
}
