import Foundation
import AccordModel

/// One thing that needs a person.
public struct ReviewItem: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A file that could not be read.
        case failed
        /// An error finding: the document contradicts itself.
        case error
        /// Sources of one agreement disagree and nothing tells which is right.
        case conflict
        /// A repair (within a document, or across a group's sources) to accept or reject.
        case repair
        /// A value read below the confidence threshold.
        case lowConfidence = "low_confidence"
        /// A correction whose source now reads something else.
        case disputed

        /// Most important first.
        var rank: Int {
            switch self {
            case .failed: 0
            case .error: 1
            case .disputed: 2
            case .conflict: 3
            case .repair: 4
            case .lowConfidence: 5
            }
        }
    }

    public var kind: Kind
    /// The entry's id, or the group's (`G…`) or annex family's (`A…`).
    public var target: String
    /// The entry's path (or the group's key).
    public var path: String
    /// What `accord accept` / `accord reject` name it by (empty for failed files and low confidence values).
    public var finding: String
    public var code: String
    public var message: String
    /// Where in the source (a locator), when known.
    public var place: String?
    /// Findings of one code in one document shown as one item.
    public var count: Int
}

public enum ReviewQueue {
    public struct Failed: Sendable {
        public var id: String, path: String, reason: String
        public init(id: String, path: String, reason: String) { self.id = id; self.path = path; self.reason = reason }
    }

    /// The review queue, most important first (failed files, errors, disputed corrections,
    /// conflicts, repairs, low-confidence values), then by path. Settled findings (accepted or
    /// rejected) are left out; repeated findings of one code in one document are one item.
    public static func build(sources: [ReviewSource], failed: [Failed], groupFindings: [GroupFinding],
                             groups: [DocumentGroup], decisions: [Decision], threshold: Double) -> [ReviewItem] {
        let settled = Set(decisions.map { $0.target + "\u{1F}" + $0.finding })
        func isSettled(_ target: String, _ key: String) -> Bool { settled.contains(target + "\u{1F}" + key) }
        var items: [ReviewItem] = failed.map {
            ReviewItem(kind: .failed, target: $0.id, path: $0.path, finding: "", code: "file.failed", message: $0.reason, place: nil, count: 1)
        }
        for s in sources {
            let keys = FindingDigest.keys(s.record.report.findings)
            var open: [Finding] = []
            var openKeys: [String] = []
            for (f, k) in zip(s.record.report.findings, keys) where !isSettled(s.path, k) && !isSettled(s.id, k) {
                open.append(f); openKeys.append(k)
            }
            for line in FindingDigest.digest(open) {
                let kind: ReviewItem.Kind?
                if line.code == "review.correction_disputed" { kind = .disputed }
                else if line.severity == .error { kind = .error }
                else if line.code.hasPrefix("repair.") || line.code == "group.repair_applied" { kind = .repair }
                else { kind = nil }
                guard let kind else { continue }
                items.append(ReviewItem(kind: kind, target: s.id, path: s.path, finding: line.keys.first ?? line.code, code: line.code,
                                        message: line.line(), place: line.count == 1 ? line.places.first : nil, count: line.count))
            }
            let low = FieldAccess.readings(s.record).values.filter { ($0.provenance?.confidence ?? 1) < threshold }
                .sorted { $0.field < $1.field }
            if !low.isEmpty {
                let shown = low.prefix(6).map { "\($0.field) \($0.display) (" + String(format: "%.2f", $0.provenance?.confidence ?? 0) + ")" }
                items.append(ReviewItem(kind: .lowConfidence, target: s.id, path: s.path, finding: "", code: "value.low_confidence",
                    message: "\(low.count) value\(low.count == 1 ? "" : "s") read below confidence " + String(format: "%.2f", threshold) + ": "
                        + shown.joined(separator: "; ") + (low.count > 6 ? "; …" : ""),
                    place: low.count == 1 ? low.first?.provenance?.locator.description : nil, count: low.count))
            }
        }
        let keyOf = Dictionary(groups.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
        // Group findings: conflicts and proposed repairs one by one; annex rows one item per code and pair of copies.
        var annex: [String: (GroupFinding, Int)] = [:]
        var annexOrder: [String] = []
        for f in groupFindings where !isSettled(f.group, f.key) {
            switch f.code {
            case "group.conflict", "group.repair_proposed":
                items.append(ReviewItem(kind: f.code == "group.conflict" ? .conflict : .repair, target: f.group, path: keyOf[f.group] ?? f.group,
                                        finding: f.key, code: f.code, message: f.message, place: f.values.first?.provenance?.locator.description, count: 1))
            case "annex.row_shifted", "annex.cell_differs", "annex.target_differs":
                let pair = f.values.map(\.path).joined(separator: "\u{1F}")
                let k = f.group + "\u{1F}" + f.code + "\u{1F}" + pair
                if let (first, n) = annex[k] { annex[k] = (first, n + 1) } else { annex[k] = (f, 1); annexOrder.append(k) }
            default:
                continue
            }
        }
        for k in annexOrder {
            guard let (f, n) = annex[k] else { continue }
            let copies = Array(Set(f.values.map(\.path))).sorted().joined(separator: " and ")
            items.append(ReviewItem(kind: .conflict, target: f.group, path: copies, finding: f.key, code: f.code,
                                    message: n > 1 ? "\(n) rows — first: \(f.message)" : f.message,
                                    place: f.values.first?.provenance?.locator.description, count: n))
        }
        return items.enumerated().sorted { x, y in
            let (a, b) = (x.element, y.element)
            if a.kind.rank != b.kind.rank { return a.kind.rank < b.kind.rank }
            if a.path != b.path { return a.path < b.path }
            return x.offset < y.offset
        }.map(\.element)
    }
}
