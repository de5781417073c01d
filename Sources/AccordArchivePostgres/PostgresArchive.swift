import Foundation
import PostgresNIO
import AccordArchive

/// The archive in PostgreSQL: the same readings and path versions as the embedded SQLite archive,
/// for archives filled by `accord worker` processes on many machines (PostgresQueue). Every
/// document is stored in one transaction; concurrent writers of one path or one content wait
/// for each other on transaction-scoped advisory locks (path first, then content: no cycles).
public final class PostgresArchive: ArchiveStore, @unchecked Sendable {
    // Unchecked: the only state is the connection pool, which guards its own.
    let pool: PostgresConnections

    public enum Mode: Sendable { case readWrite, readOnly }

    public var location: String { pool.location }

    /// Connects to the archive at `url` (postgres://…, PG* variables for the parts it leaves
    /// out) and, with `.readWrite`, creates or upgrades its schema.
    public static func open(_ url: String, mode: Mode, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ArchiveError) -> PostgresArchive {
        let parsed = try PostgresURL(url, environment: environment)
        let archive = PostgresArchive(pool: try PostgresConnections(parsed))
        try archiveCall { try PostgresMigrations.prepare(archive.pool, migrate: mode == .readWrite) }
        return archive
    }

    init(pool: PostgresConnections) { self.pool = pool }

    /// The queue of this archive (`accord enqueue`, `accord worker`).
    public var queue: PostgresQueue { PostgresQueue(archive: self) }

    // MARK: ArchiveStore: writing

    public func lookup(path: String, sha256: String, policy: ReadingPolicy) throws(ArchiveError) -> Lookup {
        try archiveCall {
            try pool.with { s in
                if let current = try Self.currentFile(s, path: path), current.sha256 == sha256,
                   let r = try Self.reading(s, id: current.readingID), Self.accepts(policy, r) {
                    return .unchanged
                }
                return try Self.acceptableReading(s, sha256: sha256, policy: policy) == nil ? .unknown : .knownContent
            }
        }
    }

    public func beginReading(sha256: String, policy: ReadingPolicy) throws(ArchiveError) -> Int {
        try archiveCall {
            try pool.transaction { s in
                try s.execute("SELECT pg_advisory_xact_lock(2, hashtext($1))", [.text(sha256)])
                let before = try s.query("SELECT started FROM attempt WHERE sha256 = $1 AND extractor = $2",
                                         [.text(sha256), .text(policy.extractor)]).first?["started"].get(Int32.self) ?? 0
                try s.execute("""
                    INSERT INTO attempt (sha256, extractor, started, last_started_at) VALUES ($1, $2, 1, $3)
                    ON CONFLICT (sha256, extractor) DO UPDATE SET started = attempt.started + 1, last_started_at = excluded.last_started_at
                    """, [.text(sha256), .text(policy.extractor), .text(Self.now())])
                return Int(before)
            }
        }
    }

    /// Readings are indexed (their search grams written) in the transaction that stores them: nothing waits.
    public func indexPending() throws(ArchiveError) -> Int { 0 }

    public func store(_ file: IngestedFile, policy: ReadingPolicy) throws(ArchiveError) -> StoreOutcome {
        try archiveCall {
            if file.reading == nil, let unchanged = try pool.with({ s in try Self.unchanged(s, file, policy, current: nil) }) {
                return unchanged
            }
            return try pool.transaction { s in try Self.store(s, file, policy: policy) }
        }
    }

    // MARK: Storing, inside a transaction

    struct ReadingRow {
        var id: Int64, status: Reading.Status, extractor: String, error: String?, findings: FindingCounts
    }
    struct CurrentFile {
        var id: Int64, version: Int, sha256: String, readingID: Int64
    }

    /// Stores one file in the caller's transaction (the store's own, or a job's completion).
    static func store(_ s: PostgresSession, _ file: IngestedFile, policy: ReadingPolicy) throws -> StoreOutcome {
        // Writers of the same path, or of the same content, one at a time.
        try s.execute("SELECT pg_advisory_xact_lock(1, hashtext($1)), pg_advisory_xact_lock(2, hashtext($2))",
                      [.text(file.path), .text(file.sha256)])
        let current = try currentFile(s, path: file.path)
        if let unchanged = try unchanged(s, file, policy, current: .some(current)) { return unchanged }
        let kind: StoreOutcome.Kind
        let readingRow: ReadingRow
        if let fresh = file.reading {
            (kind, readingRow) = try put(s, fresh, file: file, extractor: policy.extractor)
            try s.execute("DELETE FROM attempt WHERE sha256 = $1 AND extractor = $2", [.text(file.sha256), .text(policy.extractor)])
        } else if let known = try acceptableReading(s, sha256: file.sha256, policy: policy) {
            (kind, readingRow) = (.linked, known)
        } else {
            return StoreOutcome(kind: .unchanged, supersededPrevious: false, id: 0, status: .failed, error: nil,
                                findings: FindingCounts(), needsReading: true)
        }
        let now = Self.now()
        var superseded = false
        let id: Int64
        if let current, current.sha256 == file.sha256 {
            // The same content read again (--reextract, --retry-failed): the path keeps its version.
            try s.execute("UPDATE file SET reading_id = $1, ingested_at = $2 WHERE id = $3",
                          [.int(readingRow.id), .text(now), .int(current.id)])
            id = current.id
        } else {
            var version = 1
            if let current {
                try s.execute("UPDATE file SET superseded_at = $1 WHERE id = $2", [.text(now), .int(current.id)])
                superseded = true
                let max = try s.query("SELECT max(version) AS v FROM file WHERE path = $1", [.text(file.path)]).first?["v"].get(Int32?.self) ?? nil
                version = Int(max ?? Int32(current.version)) + 1
            }
            id = try s.query("""
                INSERT INTO file (path, version, sha256, size, reading_id, ingested_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
                """, [.text(file.path), .int(Int64(version)), .text(file.sha256), .int(file.size), .int(readingRow.id), .text(now)])
                .first?["id"].get(Int64.self) ?? 0
        }
        return StoreOutcome(kind: kind, supersededPrevious: superseded, id: id, status: readingRow.status,
                            error: readingRow.error, findings: readingRow.findings)
    }

    /// Stores a fresh reading under (sha256, extractor): inserted, or replacing a failed one (a
    /// retry); when an `ok` one is there already, that one is kept and linked.
    private static func put(_ s: PostgresSession, _ r: Reading, file: IngestedFile, extractor: String) throws -> (StoreOutcome.Kind, ReadingRow) {
        let existing = try s.query("SELECT id, status FROM reading WHERE sha256 = $1 AND extractor = $2",
                                   [.text(file.sha256), .text(extractor)]).first
        if let existing, try existing["status"].get(String.self) == Reading.Status.ok.rawValue {
            guard let row = try reading(s, id: try existing["id"].get(Int64.self)) else { throw PGError("reading vanished") }
            return (.linked, row)
        }
        let c = r.columns
        let grams = r.status == .ok ? SearchGrams.document([r.text, c?.indicatorText]) : []
        let values: [(String, SQLValue)] = [
            ("sha256", .text(file.sha256)), ("extractor", .text(extractor)), ("size", .int(file.size)),
            ("status", .text(r.status.rawValue)), ("error", .text(r.error)), ("read_from", .text(file.path)),
            ("format", .text(c?.format)), ("document_kind", .text(c?.documentKind)), ("project_code", .text(c?.projectCode)),
            ("lot", .text(c?.lot)), ("title", .text(c?.title)), ("buyer", .text(c?.buyer)), ("supplier", .text(c?.supplier)),
            ("amount_original", .text(c?.amountOriginal.map { "\($0)" })), ("amount_amended", .text(c?.amountAmended.map { "\($0)" })),
            ("findings_error", .int(Int64(c?.findings.error ?? 0))), ("findings_warning", .int(Int64(c?.findings.warning ?? 0))),
            ("findings_info", .int(Int64(c?.findings.info ?? 0))), ("pages", .int(Int64(r.pages))), ("record", .bytes(r.record)),
            ("text", .text(r.text)), ("indicators", .text(c?.indicatorText)), ("grams", .ints(grams)), ("read_at", .text(now())),
        ]
        let id: Int64
        if let existing {
            id = try existing["id"].get(Int64.self)
            try s.execute("UPDATE reading SET " + values.enumerated().map { "\($1.0) = $\($0 + 1)" }.joined(separator: ", ")
                          + " WHERE id = $\(values.count + 1)", values.map(\.1) + [.int(id)])
        } else {
            id = try s.query("INSERT INTO reading (" + values.map(\.0).joined(separator: ", ") + ") VALUES ("
                             + (1...values.count).map { "$\($0)" }.joined(separator: ", ") + ") RETURNING id", values.map(\.1))
                .first?["id"].get(Int64.self) ?? 0
        }
        return (.new, ReadingRow(id: id, status: r.status, extractor: extractor, error: r.error, findings: c?.findings ?? FindingCounts()))
    }

    /// The outcome for a path that already holds this content with an acceptable reading, or nil.
    /// `current`: the path's current version when the caller has read it already.
    static func unchanged(_ s: PostgresSession, _ file: IngestedFile, _ policy: ReadingPolicy, current known: CurrentFile??) throws -> StoreOutcome? {
        let current = try known ?? currentFile(s, path: file.path)
        guard let current, current.sha256 == file.sha256,
              let r = try reading(s, id: current.readingID), accepts(policy, r) else { return nil }
        return StoreOutcome(kind: .unchanged, supersededPrevious: false, id: current.id, status: r.status,
                            error: r.error, findings: r.findings)
    }

    static func currentFile(_ s: PostgresSession, path: String) throws -> CurrentFile? {
        guard let row = try s.query("SELECT id, version, sha256, reading_id FROM file WHERE path = $1 AND superseded_at IS NULL",
                                    [.text(path)]).first else { return nil }
        return CurrentFile(id: try row["id"].get(), version: Int(try row["version"].get(Int32.self)),
                           sha256: try row["sha256"].get(), readingID: try row["reading_id"].get())
    }

    private static let readingColumns = "id, status, extractor, error, findings_error, findings_warning, findings_info"

    private static func readingRow(_ row: PostgresRandomAccessRow) throws -> ReadingRow {
        ReadingRow(id: try row["id"].get(), status: Reading.Status(rawValue: try row["status"].get()) ?? .failed,
                   extractor: try row["extractor"].get(), error: try row["error"].get(),
                   findings: FindingCounts(error: Int(try row["findings_error"].get(Int32.self)),
                                           warning: Int(try row["findings_warning"].get(Int32.self)),
                                           info: Int(try row["findings_info"].get(Int32.self))))
    }

    private static func reading(_ s: PostgresSession, id: Int64) throws -> ReadingRow? {
        try s.query("SELECT \(readingColumns) FROM reading WHERE id = $1", [.int(id)]).first.map(readingRow)
    }

    /// The reading of this content that the policy accepts, the current extractor's first.
    private static func acceptableReading(_ s: PostgresSession, sha256: String, policy: ReadingPolicy) throws -> ReadingRow? {
        try s.query("SELECT \(readingColumns) FROM reading WHERE sha256 = $1 ORDER BY (extractor = $2) DESC, id DESC",
                    [.text(sha256), .text(policy.extractor)])
            .map(readingRow).first { accepts(policy, $0) }
    }

    private static func accepts(_ policy: ReadingPolicy, _ r: ReadingRow) -> Bool {
        if policy.requireCurrentExtractor && r.extractor != policy.extractor { return false }
        if policy.retryFailed && r.status == .failed { return false }
        return true
    }

    /// The time now, ISO 8601 in UTC with milliseconds, as the SQLite archive writes it.
    static func now() -> String { SQLiteArchive.now() }
}
