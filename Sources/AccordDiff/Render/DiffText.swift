import Foundation
import AccordModel

/// Small text pieces every renderer shares: numbers written plainly, signed deltas, an
/// indicator's label and its targets as written.
public enum DiffText {
    public static func number(_ d: Decimal?) -> String {
        guard let d else { return "—" }
        return NSDecimalNumber(decimal: d).stringValue
    }

    /// `+1.5` / `−23246` (a true minus sign), `0` for no change.
    public static func signed(_ d: Decimal?) -> String {
        guard let d else { return "—" }
        if d == 0 { return "0" }
        let s = NSDecimalNumber(decimal: d < 0 ? -d : d).stringValue
        return (d < 0 ? "−" : "+") + s
    }

    public static func percent(_ d: Decimal?) -> String {
        guard let d else { return "" }
        return signed(d) + " %"
    }

    /// The relative change of a target as a person reads it: `−50 %`, or `×4.33` when the ratio
    /// is over 2 or the basis is per month.
    public static func size(_ t: TargetChange) -> String {
        guard let relative = t.relative, let ratio = t.ratio else { return "" }
        let basis = t.basis.map { " \($0)" } ?? ""
        if t.basis != nil || ratio >= 2 {
            return "×" + number(TargetComparisonRounding.round(ratio, 2)) + basis
        }
        return percent(TargetComparisonRounding.round(relative * 100, 1)) + basis
    }

    /// Category / item / number sub-item, shortened to `limit` characters per part.
    public static func label(_ i: Indicator?, limit: Int = 18) -> String {
        guard let i else { return "" }
        let parts = [i.category, i.item, [i.number, i.subitem].compactMap { $0 }.joined(separator: " ")]
            .compactMap { $0 }.filter { !$0.isEmpty }.map { short($0, limit) }
        return parts.joined(separator: " / ")
    }

    public static func short(_ s: String, _ limit: Int) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + "…"
    }

    /// A target as written in the document (its text), or — without one — rebuilt.
    public static func target(_ t: Target?) -> String {
        guard let t else { return "—" }
        if !t.text.isEmpty { return t.text }
        let op = [">=": "≥", "<=": "≤", "=": "", "range": ""][t.op.rawValue] ?? ""
        return (t.per.map { "每\($0)" } ?? "") + (t.metric ?? "") + op + number(t.value) + (t.max.map { "–" + number($0) } ?? "") + t.unit
    }

    /// The text fields of a pair that differ as text (not only by white space, punctuation or
    /// numbering, and not cut): (name, before, after).
    public static func rewordedFields(_ p: IndicatorPair) -> [(String, String, String)] {
        guard let a = p.before, let b = p.after else { return [] }
        return [("subitem", a.subitem, b.subitem), ("requirement", a.requirement, b.requirement), ("standard", a.standard, b.standard)]
            .compactMap { name, x, y in
                guard let x, let y, !p.cutFields.contains(name), TextKey(x) != TextKey(y) else { return nil }
                return (name, x, y)
            }
    }

    /// Consecutive months with the same before, after and delta, as ranges.
    public static func monthRuns(_ months: [MonthChange]) -> [(from: String, to: String, before: Decimal, after: Decimal, delta: Decimal, cumulative: Decimal)] {
        var runs: [(from: String, to: String, before: Decimal, after: Decimal, delta: Decimal, cumulative: Decimal)] = []
        for m in months {
            if var last = runs.last, last.before == m.before, last.after == m.after, last.delta == m.delta,
               ScheduleComparison.YearMonth(last.to)?.next.description == m.month {
                last.to = m.month; last.cumulative = m.cumulative
                runs[runs.count - 1] = last
            } else {
                runs.append((m.month, m.month, m.before, m.after, m.delta, m.cumulative))
            }
        }
        return runs
    }
}

enum TargetComparisonRounding {
    static func round(_ d: Decimal, _ places: Int) -> Decimal { TargetComparison.round(d, places) }
}
