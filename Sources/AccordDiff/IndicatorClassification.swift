import Foundation
import AccordModel

/// Gives each aligned pair its class (the classify step): `added`, `removed`, `target_changed`
/// (a target's value, bound, unit or period differs), `moved` (same indicator under another
/// category or item), `reworded` (text differs, targets equal), `unchanged`. A text that is the
/// beginning of the other (a cut cell), or a cell one side lacks altogether (lost in a dump),
/// is not a change; nor are white space, punctuation, full-width forms or list numbering.
enum IndicatorClassification {
    /// Item and category names this alike are the same (OCR noise, a cut cell).
    static let sameNameSimilarity = 0.8

    static func classify(_ m: IndicatorAlignment.Match, a: [Indicator], b: [Indicator],
                         keysA: [IndicatorKeys], keysB: [IndicatorKeys]) -> IndicatorPair {
        guard let i = m.a, let j = m.b else {
            let added = m.a == nil
            let ind = added ? m.b.map { b[$0] } : m.a.map { a[$0] }
            let targets = (ind?.targets ?? []).map {
                TargetChange(before: added ? nil : $0, after: added ? $0 : nil, direction: .none, relative: nil, ratio: nil, basis: nil, cut: false)
            }
            return IndicatorPair(change: added ? .added : .removed, direction: .none, similarity: m.similarity,
                                 indexA: m.a, indexB: m.b, before: added ? nil : ind, after: added ? ind : nil,
                                 targets: targets, moved: false, reworded: false, cutFields: [], ambiguousWith: [])
        }
        let x = keysA[i], y = keysB[j]
        var cutFields: [String] = []
        var reworded = false
        var cutSide: String? = nil
        for (name, p, q) in [("subitem", x.subitem, y.subitem), ("requirement", x.requirement, y.requirement), ("standard", x.standard, y.standard)] {
            if p == q { continue }
            if p.isEmpty || q.isEmpty {
                // A cell lost altogether on one side (a dump that dropped it) is not a rewording,
                // and the targets only the other side states are not changes.
                cutFields.append(name)
                if name == "standard" { cutSide = p.isEmpty ? "a" : "b" }
                continue
            }
            let f = Similarity.field(p, q)
            if f.cut {
                cutFields.append(name)
                if name == "standard" { cutSide = p.chars.count < q.chars.count ? "a" : "b" }
            } else {
                reworded = true
            }
        }
        let moved = !sameName(x.category, y.category) || !sameName(x.item, y.item)
        let targets = TargetComparison.compare(a[i].targets, b[j].targets, cutSide: cutSide)
        let direction = TargetComparison.direction(of: targets)
        let targetChanged = targets.contains { $0.direction != .none }
        let change: IndicatorChange = targetChanged ? .targetChanged : moved ? .moved : reworded ? .reworded : .unchanged
        return IndicatorPair(change: change, direction: direction, similarity: m.similarity, indexA: i, indexB: j,
                             before: a[i], after: b[j], targets: targets, moved: moved, reworded: reworded,
                             cutFields: cutFields, ambiguousWith: m.ambiguousWith)
    }

    static func sameName(_ p: TextKey, _ q: TextKey) -> Bool {
        if p == q || p.isEmpty || q.isEmpty { return true }
        return Similarity.field(p, q).score >= sameNameSimilarity
    }
}
