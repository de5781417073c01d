import Foundation
import AccordModel

/// What review keeps beside the readings: people's corrections and their decisions on proposed
/// repairs and findings. Kept by stored path (or group id), never inside a reading, so that a
/// re-ingest or `--reextract` replaces the reading and the corrections stay.
public protocol ReviewStore: ArchiveStore {
    /// Records a correction in a transaction of its own (its `id` is ignored); returns its id.
    func addCorrection(_ c: Correction) throws(ArchiveError) -> Int64
    /// Every correction, or a path's, oldest first.
    func corrections(path: String?) throws(ArchiveError) -> [Correction]
    /// Records a decision (a later decision on the same finding replaces the earlier one).
    func addDecision(_ d: Decision) throws(ArchiveError)
    func decisions() throws(ArchiveError) -> [Decision]
}
