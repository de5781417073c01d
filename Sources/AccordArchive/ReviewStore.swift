import Foundation

/// What review keeps beside the readings: people's corrections and their decisions on proposed
/// repairs and findings. Kept by stored path (or group id), never inside a reading, so that a
/// re-ingest or `--reextract` replaces the reading and the corrections stay.
public protocol ReviewStore: ArchiveStore {
    /// Records a correction in a transaction of its own; returns its id.
    func addCorrection(_ c: StoredCorrection) throws(ArchiveError) -> Int64
    /// Every correction, or a path's, oldest first.
    func corrections(path: String?) throws(ArchiveError) -> [StoredCorrection]
    /// Records a decision (a later decision on the same finding replaces the earlier one).
    func addDecision(_ d: StoredDecision) throws(ArchiveError)
    func decisions() throws(ArchiveError) -> [StoredDecision]
}

public struct StoredCorrection: Sendable, Codable, Hashable {
    public var id: Int64
    public var path: String
    public var field: String
    public var value: String
    public var because: String
    public var who: String
    public var at: String
    /// What the record read when the correction was made.
    public var was: String?

    public init(id: Int64 = 0, path: String, field: String, value: String, because: String, who: String, at: String, was: String?) {
        self.id = id; self.path = path; self.field = field; self.value = value; self.because = because
        self.who = who; self.at = at; self.was = was
    }
}

public struct StoredDecision: Sendable, Codable, Hashable {
    /// A stored path, or a group's (`G…`) or annex family's (`A…`) id.
    public var target: String
    public var finding: String
    public var accepted: Bool
    public var because: String
    public var who: String
    public var at: String

    public init(target: String, finding: String, accepted: Bool, because: String, who: String, at: String) {
        self.target = target; self.finding = finding; self.accepted = accepted; self.because = because; self.who = who; self.at = at
    }
}
