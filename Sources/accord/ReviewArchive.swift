import Foundation
import ArgumentParser
import AccordModel
import AccordArchive
import AccordReview

/// The archive as review sees it: every current document with its corrections applied, the
/// groups and their reconciliation, the failed files, and the decisions people made.
struct ReviewArchive {
    let store: any ReviewStore
    let entries: [ArchiveEntry]
    let review: Review
    let failed: [ReviewQueue.Failed]

    /// Reads the whole archive (one pass over the records; texts for grouping by near-identical text).
    static func load(_ options: ArchiveOptions, mode: SQLiteArchive.Mode = .readOnly, progress: Bool = false) throws -> ReviewArchive {
        let opened = try options.open(mode)
        guard let store = opened as? any ReviewStore else {
            InputFiles.stderr("accord: archive \(opened.location): review is not available on this kind of archive")
            throw ExitCode(2)
        }
        do throws(ArchiveError) {
            let entries = try store.list(ListFilter())
            var sources: [ReviewSource] = []
            var done = 0
            for e in entries where e.status == .ok {
                guard let content = try store.content(of: e) else { continue }
                let doc: CanonicalDocument
                do { doc = try StoredRecord.document(e, content.record) } catch {
                    InputFiles.stderr("accord: \(e.path): the stored record cannot be decoded: \(error)")
                    continue
                }
                sources.append(ReviewSource(id: "\(e.id)", path: e.path, record: doc, text: content.text))
                done += 1
                if progress, done % 200 == 0 { InputFiles.stderr("review: \(done)/\(entries.count) documents loaded") }
            }
            let corrections = try store.corrections(path: nil)
            let decisions = try store.decisions()
            let failed = entries.filter { $0.status == .failed }.map {
                ReviewQueue.Failed(id: "\($0.id)", path: $0.path, reason: $0.error ?? "could not be read")
            }
            return ReviewArchive(store: store, entries: entries,
                                 review: Review(sources: sources, corrections: corrections, decisions: decisions), failed: failed)
        } catch {
            throw archiveFailure(error)
        }
    }

    /// The stored path an id or path names, or a group's or annex family's id as given.
    func target(_ name: String) throws -> String {
        if let g = review.groups.first(where: { $0.id == name }) { return g.id }
        if let f = review.annexFamilies.first(where: { $0.id == name }) { return f.id }
        if let e = entries.first(where: { "\($0.id)" == name || $0.path == name || $0.path == SQLiteArchive.normalize(name) }) { return e.path }
        InputFiles.stderr("accord: \(name): no such document or group in the archive \(store.location) (see accord list, accord list --groups)")
        throw ExitCode(2)
    }

    /// Who is making a correction or decision: --who, else the login name.
    static func who(_ given: String?) -> String {
        if let given, !given.isEmpty { return given }
        let env = ProcessInfo.processInfo.environment
        return env["ACCORD_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? "unknown"
    }

    /// The time now, as the archive writes its times (ISO 8601, UTC).
    static func now() -> String { SQLiteArchive.now() }
}

/// Corrections applied to stored records (show, export): the records as review shows them.
/// Read once, before any walk over the records (the archive's reads are not reentrant).
struct CorrectedRecords {
    let byPath: [String: [Correction]]

    init(_ store: any ArchiveStore) throws(ArchiveError) {
        guard let review = store as? any ReviewStore else { byPath = [:]; return }
        byPath = Dictionary(grouping: try review.corrections(path: nil), by: \.path)
    }

    func has(_ entry: ArchiveEntry) -> Bool { byPath[entry.path] != nil }

    func apply(_ entry: ArchiveEntry, _ doc: inout CanonicalDocument) {
        guard let cs = byPath[entry.path] else { return }
        Corrections.apply(cs, to: &doc)
    }
}
