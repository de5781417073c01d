import Foundation
import AccordModel

/// A group's merged view: its most trusted source's record, with each value the reconciliation
/// found likelier right in another source taken from there and cited. The sources' own records
/// are never changed.
public struct MergedView: Sendable, Codable {
    public var group: DocumentGroup
    /// The source the merged record starts from.
    public var base: String
    public var record: CanonicalDocument
    /// The repairs across sources the view rests on (proposed and not rejected), each cited.
    public var repairs: [GroupFinding]
}

public enum GroupMerge {
    /// - Parameters:
    ///   - findings: the group's reconciliation, and the annex findings of its members.
    ///   - rejected: keys of findings a person rejected: their repairs are not applied.
    public static func merge(_ group: DocumentGroup, _ sources: [ReviewSource], findings: [GroupFinding], rejected: Set<String> = []) -> MergedView? {
        let members = sources.filter { group.members.contains($0.id) }
        guard let base = DocumentGrouping.mostTrusted(members) else { return nil }
        var record = base.record
        var repairs: [GroupFinding] = []
        let ids = Set(group.members)
        let baseReadings = FieldAccess.readings(base.record)
        for f in findings where !rejected.contains(f.key) {
            if f.code == "group.repair_proposed" || f.code == "group.conflict" {
                guard f.group == group.id, let likelier = f.likelier, let path = FieldPath(parsing: f.field),
                      let from = members.first(where: { $0.id == likelier }) else { continue }
                if f.code == "group.repair_proposed" { repairs.append(f) }
                guard from.id != base.id, let theirs = FieldAccess.reading(from.record, path),
                      baseReadings[path]?.key != theirs.key else { continue }
                if FieldEdit.copy(path, from: from.record, into: &record) {
                    if f.code == "group.conflict" { repairs.append(f) }
                    record.report.findings.append(Finding(code: "group.repair_applied", severity: .warning,
                        message: "\(path) taken from \(from.path) (\(theirs.display)) over \(base.path) (\(baseReadings[path]?.display ?? "—")): \(f.why ?? "")",
                        provenance: theirs.provenance, related: baseReadings[path]?.provenance.map { [$0] }))
                }
            } else if f.code == "annex.cell_lost", let p = f.proposal, ids.contains(p.source), ids.contains(p.from) {
                repairs.append(f)
                guard p.source == base.id, let path = FieldPath(parsing: p.field), case .indicator = path else { continue }
                let donor = f.values.first { $0.source == p.from }?.provenance
                do throws(FieldEditError) {
                    try FieldEdit.set(&record, path, value: p.value, provenance: donor ?? Provenance(source: "", locator: Locator(), text: p.value, confidence: 1))
                    record.report.findings.append(Finding(code: "group.repair_applied", severity: .warning,
                        message: "\(p.field) completed from \(sources.first { $0.id == p.from }?.path ?? p.from): \(p.replaces.isEmpty ? "—" : p.replaces) → \(p.value)",
                        provenance: donor, related: f.values.first { $0.source == p.source }?.provenance.map { [$0] }))
                } catch { continue }
            }
        }
        // Values the base lacks that another member reads plainly.
        for m in members where m.id != base.id {
            for (path, r) in FieldAccess.readings(m.record).sorted(by: { $0.key.description < $1.key.description })
            where r.doubt == nil && FieldAccess.reading(record, path) == nil {
                if FieldEdit.copy(path, from: m.record, into: &record) {
                    record.report.findings.append(Finding(code: "group.value_filled", severity: .info,
                        message: "\(path) is not in \(base.path): taken from \(m.path) (\(r.display))", provenance: r.provenance))
                }
            }
        }
        return MergedView(group: group, base: base.id, record: record, repairs: repairs)
    }
}
