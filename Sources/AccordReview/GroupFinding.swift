import Foundation
import AccordModel

/// What reconciliation says about a group: a value its sources disagree on, a repair proposed
/// from one source to another, an annex row that differs between copies.
public struct GroupFinding: Sendable, Codable, Hashable {
    /// The group (`G…`) or annex family (`A…`) it is about.
    public var group: String
    /// Names the finding within its group, for `accord accept` / `accord reject`: the code, `@`,
    /// and the field or row (`group.repair_proposed@supplier@12`).
    public var key: String
    /// `group.conflict`, `group.repair_proposed`, `annex.row_shifted`, `annex.cell_lost`,
    /// `annex.cell_differs`, `annex.target_differs`, `annex.row_missing`.
    public var code: String
    public var severity: Severity
    public var field: String
    public var message: String
    /// Each source's reading, with its provenance.
    public var values: [SourceReading]
    /// The source whose reading is likelier right, and why; nil when nothing tells them apart.
    public var likelier: String?
    public var why: String?
    /// For a proposed repair: whose value is to be replaced, and by what.
    public var proposal: Proposal?

    public init(group: String, key: String, code: String, severity: Severity, field: String, message: String,
                values: [SourceReading], likelier: String? = nil, why: String? = nil, proposal: Proposal? = nil) {
        self.group = group; self.key = key; self.code = code; self.severity = severity; self.field = field
        self.message = message; self.values = values; self.likelier = likelier; self.why = why; self.proposal = proposal
    }
}

/// One source's reading of a value.
public struct SourceReading: Sendable, Codable, Hashable {
    public var source: String
    public var path: String
    public var family: SourceFamily
    public var value: String
    public var provenance: Provenance?
    public var doubt: String?

    public init(_ s: ReviewSource, _ r: FieldReading) {
        source = s.id; path = s.path; family = s.family; value = r.display; provenance = r.provenance; doubt = r.doubt
    }

    public init(source: String, path: String, family: SourceFamily, value: String, provenance: Provenance?, doubt: String? = nil) {
        self.source = source; self.path = path; self.family = family; self.value = value; self.provenance = provenance; self.doubt = doubt
    }

    /// `value (path [family], place)` for messages.
    public var cited: String {
        "\(value) (\(path) [\(family.label)]" + (provenance.map { ", " + $0.locator.description } ?? "") + ")"
    }
}

/// A repair proposed across sources: `source`'s reading of `field` is to be replaced by `value`,
/// which `from` reads clearly.
public struct Proposal: Sendable, Codable, Hashable {
    public var source: String
    public var field: String
    public var replaces: String
    public var value: String
    public var from: String
}
