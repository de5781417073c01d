import Foundation
import AccordModel

/// A batch under review: the sources with their corrections applied, their groups, the
/// reconciliation of each group and of each annex family, and what people decided.
public struct Review: Sendable {
    public var sources: [ReviewSource]
    public var groups: [DocumentGroup]
    public var annexFamilies: [AnnexReconciliation.Family]
    /// Group findings (fields) and annex findings (rows), groups first.
    public var findings: [GroupFinding]
    public var decisions: [Decision]

    /// - Parameter corrections: by stored path; applied before anything is compared, so that a
    ///   corrected value is what reconciliation sees.
    public init(sources raw: [ReviewSource], corrections: [Correction] = [], decisions: [Decision] = []) {
        let byPath = Dictionary(grouping: corrections, by: \.path)
        let rejectedRepairs = Dictionary(grouping: decisions.filter { !$0.accepted && $0.finding.hasPrefix("repair.") }, by: \.target)
        let sources = raw.map { s in
            var t = s
            if let cs = byPath[s.path] { Corrections.apply(cs, to: &t.record) }
            for d in rejectedRepairs[s.path] ?? [] {
                t.record.report.findings.append(Finding(code: "review.repair_rejected", severity: .warning,
                    message: "\(d.finding) rejected by \(d.who) at \(d.at)" + (d.because.isEmpty ? "" : " because \(d.because)")
                        + ": the repaired value is not confirmed; set the right one with accord set"))
            }
            return t
        }
        let groups = DocumentGrouping.groups(sources)
        let families = AnnexReconciliation.families(sources)
        self.sources = sources
        self.groups = groups
        self.annexFamilies = families
        self.decisions = decisions
        findings = groups.flatMap { Reconciliation.fields($0, sources) } + families.flatMap { AnnexReconciliation.compare($0, sources) }
    }

    public func group(of sourceID: String) -> DocumentGroup? { groups.first { $0.members.contains(sourceID) } }

    /// The keys of the findings people rejected (their repairs are not applied).
    public var rejected: Set<String> { Set(decisions.filter { !$0.accepted }.map(\.finding)) }

    public func findings(of group: DocumentGroup) -> [GroupFinding] {
        let ids = Set(group.members)
        return findings.filter { $0.group == group.id || ($0.group.hasPrefix("A") && $0.values.contains { ids.contains($0.source) }) }
    }

    public func merged(_ group: DocumentGroup) -> MergedView? {
        GroupMerge.merge(group, sources, findings: findings(of: group), rejected: rejected)
    }

    public func queue(failed: [ReviewQueue.Failed], threshold: Double) -> [ReviewItem] {
        ReviewQueue.build(sources: sources, failed: failed, groupFindings: findings, groups: groups, decisions: decisions, threshold: threshold)
    }
}
