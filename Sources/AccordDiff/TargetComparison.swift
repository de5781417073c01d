import Foundation
import AccordModel

/// Targets of one indicator pair: paired by metric, unit and period (then by unit, in order),
/// each pair given its direction and size.
enum TargetComparison {
    /// A period as a fraction of months per period's count: a rate per period times
    /// `perMonth.numerator ÷ perMonth.denominator` is the rate per month (每周 is 52 ÷ 12 a month).
    /// Kept as whole numbers so that 12 a year and 1 a month compare equal exactly.
    static let perMonthFraction: [String: (numerator: Decimal, denominator: Decimal)] = [
        "年": (1, 12), "半年": (1, 6), "季度": (1, 3), "月": (1, 1), "周": (52, 12),
    ]

    /// `cutSide`: the side ("a" or "b") whose standard is a cut copy of the other's; its missing
    /// targets are not changes.
    static func compare(_ a: [Target], _ b: [Target], cutSide: String?) -> [TargetChange] {
        var usedB = Set<Int>()
        var pairs: [(Int?, Int?)] = []
        var pairedA = [Int?](repeating: nil, count: a.count)
        for (i, t) in a.enumerated() {
            if let j = b.indices.first(where: { !usedB.contains($0) && sameMeasure(t, b[$0]) }) {
                usedB.insert(j); pairedA[i] = j
            }
        }
        for (i, t) in a.enumerated() where pairedA[i] == nil {
            if let j = b.indices.first(where: { !usedB.contains($0) && b[$0].unit == t.unit && (b[$0].metric == nil || t.metric == nil || b[$0].metric == t.metric) }) {
                usedB.insert(j); pairedA[i] = j
            }
        }
        // In A's order, B's unpaired targets after the A target before them.
        for i in a.indices { pairs.append((i, pairedA[i])) }
        for j in b.indices where !usedB.contains(j) { pairs.append((nil, j)) }
        return pairs.map { i, j in
            let before = i.map { a[$0] }, after = j.map { b[$0] }
            switch (before, after) {
            case let (x?, y?): return compare(x, y)
            case let (x?, nil):
                let cut = cutSide == "b"
                return TargetChange(before: x, after: nil, direction: cut ? .none : .loosened, relative: nil, ratio: nil, basis: nil, cut: cut)
            case let (nil, y?):
                let cut = cutSide == "a"
                return TargetChange(before: nil, after: y, direction: cut ? .none : .tightened, relative: nil, ratio: nil, basis: nil, cut: cut)
            case (nil, nil):
                return TargetChange(before: nil, after: nil, direction: .none, relative: nil, ratio: nil, basis: nil, cut: false)
            }
        }
    }

    static func sameMeasure(_ x: Target, _ y: Target) -> Bool {
        x.unit == y.unit && x.metric == y.metric && x.per == y.per
    }

    /// The direction and size of one target's change. A larger minimum (不少于, 达到, an exact
    /// count) asks more; a larger maximum (不超过) asks less. Periods are compared per month.
    static func compare(_ x: Target, _ y: Target) -> TargetChange {
        var change = TargetChange(before: x, after: y, direction: .none, relative: nil, ratio: nil, basis: nil, cut: false)
        if x.op == y.op && x.value == y.value && x.max == y.max && x.unit == y.unit && x.per == y.per { return change }
        guard x.unit == y.unit, kind(x.op) == kind(y.op) else { change.direction = .changed; return change }
        var before = x.value, after = y.value
        if x.per != y.per {
            guard let px = x.per.flatMap({ perMonthFraction[$0] }), let py = y.per.flatMap({ perMonthFraction[$0] }) else {
                change.direction = .changed; return change
            }
            // Both over the common denominator: rates per month × (dx × dy), exact.
            before *= px.numerator * py.denominator; after *= py.numerator * px.denominator
            change.basis = "per month"
        }
        if before == after, x.op == .range, let mx = x.max, let my = y.max { before = mx; after = my }
        guard before != after else {
            // Same size on the compared basis (e.g. 不少于 ↔ 达到): another wording, not a change of size.
            change.direction = x.op == y.op ? .none : .changed
            return change
        }
        let more = after > before
        change.direction = (kind(x.op) == .atMost) == more ? .loosened : .tightened
        if before != 0 {
            change.relative = round((after - before) / before, 4)
            change.ratio = round(after / before, 4)
        }
        return change
    }

    enum Bound { case atLeast, atMost }

    static func kind(_ op: Target.Op) -> Bound { op == .le ? .atMost : .atLeast }

    static func round(_ d: Decimal, _ places: Int) -> Decimal {
        var x = d, r = Decimal()
        NSDecimalRound(&r, &x, places, .plain)
        return r
    }

    /// An indicator's direction over its targets' directions.
    static func direction(of changes: [TargetChange]) -> Direction {
        let ds = Set(changes.map(\.direction)).subtracting([.none])
        if ds.isEmpty { return .none }
        if ds.count == 1, let d = ds.first { return d }
        return .mixed
    }
}
