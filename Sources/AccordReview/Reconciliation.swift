import Foundation
import AccordModel
import AccordDiff

/// Every field of a group's sources compared (the align step is the field's name; budget lines
/// by their item): where the sources disagree, which reading is likelier right and why, and
/// where one source's doubtful, cut or unreadable value is clear and agreed in the others, a
/// repair proposed from them.
public enum Reconciliation {
    public static func fields(_ group: DocumentGroup, _ sources: [ReviewSource]) -> [GroupFinding] {
        let members = sources.filter { group.members.contains($0.id) }
        guard members.count > 1 else { return [] }
        let readings = members.map { FieldAccess.readings($0.record) }
        var paths = Set<FieldPath>()
        for r in readings { paths.formUnion(r.keys) }
        var out: [GroupFinding] = []
        for path in paths.sorted(by: { $0.description < $1.description }) {
            let held = members.indices.compactMap { i in readings[i][path].map { (source: members[i], reading: $0) } }
            guard held.count > 1 else { continue }
            out += compare(group: group.id, path: path, held)
        }
        return out
    }

    /// How much one reading counts for its value: typed text over a dump over OCR, a plain
    /// reading over a doubtful one, and a value the document's own 大写 confirms most.
    static func weight(_ s: ReviewSource, _ r: FieldReading) -> Int {
        let family = [SourceFamily.ocr: 1, .dump: 2, .typed: 4][s.family] ?? 1
        return family + (r.doubt == nil ? 2 : 0) + (r.confirmed ? 3 : 0)
    }

    static func compare(group: String, path: FieldPath, _ held: [(source: ReviewSource, reading: FieldReading)]) -> [GroupFinding] {
        let keys = Array(Set(held.map(\.reading.key))).sorted()
        guard keys.count > 1 else { return [] }
        // A text that is exactly the beginning of another (a cut cell) supports the longer one.
        func cutOf(_ k: String) -> String? {
            guard !path.isNumber, k.count >= 2 else { return nil }
            return keys.filter { $0 != k && $0.hasPrefix(k) }.max { $0.count < $1.count }
        }
        var support: [String: Int] = [:]
        for h in held {
            let k = h.reading.key.hasPrefix("?") ? nil : (cutOf(h.reading.key) ?? h.reading.key)
            if let k { support[k, default: 0] += weight(h.source, h.reading) }
        }
        let ranked = support.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard let top = ranked.first else { return [] }
        let decided = ranked.count == 1 || ranked[1].value < top.value
        let winners = held.filter { $0.reading.key == top.key }
        guard let best = winners.max(by: { weight($0.source, $0.reading) < weight($1.source, $1.reading) }) else { return [] }
        let values = held.map { SourceReading($0.source, $0.reading) }
        var out: [GroupFinding] = []
        for h in held where h.reading.key != top.key {
            let cut = cutOf(h.reading.key) == top.key
            let doubt = cut ? "cut short" : h.reading.doubt
            // A repair is proposed for a reading that is doubtful, cut or unreadable; a plain
            // reading that disagrees (even an OCR one against typed text: the scan may be another
            // version) is a conflict, with the likelier side named.
            if decided, let doubt {
                let reason = doubt
                let why = whyLikelier(best, winners.count, reason: reason)
                out.append(GroupFinding(
                    group: group, key: "group.repair_proposed@\(path)@\(h.source.id)", code: "group.repair_proposed", severity: .warning,
                    field: path.description,
                    message: "\(path) of \(h.source.path) reads \(h.reading.display) (\(reason)); \(best.source.path) reads \(best.reading.display): proposed \(best.reading.display) in the group's merged view",
                    values: values, likelier: best.source.id, why: why,
                    proposal: Proposal(source: h.source.id, field: path.description, replaces: h.reading.display, value: best.reading.display, from: best.source.id)))
            } else {
                out.append(GroupFinding(
                    group: group, key: "group.conflict@\(path)@\(h.source.id)", code: "group.conflict", severity: .warning,
                    field: path.description,
                    message: "\(path): \(h.source.path) reads \(h.reading.display), \(best.source.path) reads \(best.reading.display)"
                        + (decided ? "; the latter is likelier right" : "; nothing in the sources tells which is right"),
                    values: values, likelier: decided ? best.source.id : nil,
                    why: decided ? whyLikelier(best, winners.count, reason: nil) : nil))
            }
        }
        return out
    }

    static func whyLikelier(_ best: (source: ReviewSource, reading: FieldReading), _ agreeing: Int, reason: String?) -> String {
        var parts: [String] = []
        if best.reading.confirmed { parts.append("its 大写 spells the same amount") }
        parts.append("\(best.source.family.label) source" + (best.reading.doubt == nil ? ", read plainly" : ""))
        if agreeing > 1 { parts.append("\(agreeing) sources agree on it") }
        if let reason { parts.append("the other reading is \(reason)") }
        return parts.joined(separator: "; ")
    }
}
