import Foundation

/// A value a person set (`accord set`): kept apart from the readings, applied to the stored
/// record wherever it is shown, and re-applied after every re-ingest.
public struct Correction: Sendable, Codable, Hashable {
    public var id: Int64
    /// The stored path it belongs to (a path survives re-ingest; a reading id does not).
    public var path: String
    public var field: String
    public var value: String
    public var because: String
    public var who: String
    /// ISO 8601, UTC.
    public var at: String
    /// What the record read when the correction was made (nil: it had no value there).
    public var was: String?

    public init(id: Int64, path: String, field: String, value: String, because: String, who: String, at: String, was: String?) {
        self.id = id; self.path = path; self.field = field; self.value = value; self.because = because
        self.who = who; self.at = at; self.was = was
    }
}

/// A proposed repair or a finding settled by a person (`accord accept` / `accord reject`).
public struct Decision: Sendable, Codable, Hashable {
    /// The entry's path, or a group's or annex family's id.
    public var target: String
    /// The finding's key: `code#n` for a document's n-th finding of that code, a group finding's key.
    public var finding: String
    public var accepted: Bool
    public var because: String
    public var who: String
    public var at: String

    public init(target: String, finding: String, accepted: Bool, because: String, who: String, at: String) {
        self.target = target; self.finding = finding; self.accepted = accepted; self.because = because; self.who = who; self.at = at
    }
}
