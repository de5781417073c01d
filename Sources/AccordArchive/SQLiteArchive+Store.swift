import Foundation
import GRDB

extension SQLiteArchive {
    private struct ReadingRow {
        var id: Int64, status: Reading.Status, extractor: String, error: String?, findings: FindingCounts
    }
    private struct CurrentFile {
        var id: Int64, version: Int, sha256: String, readingID: Int64
    }

    public func lookup(path: String, sha256: String, policy: ReadingPolicy) throws(ArchiveError) -> Lookup {
        try reading { db in
            if let current = try Self.currentFile(db, path: path), current.sha256 == sha256,
               let r = try Self.reading(db, id: current.readingID), Self.accepts(policy, r) {
                return .unchanged
            }
            return try Self.acceptableReading(db, sha256: sha256, policy: policy) == nil ? .unknown : .knownContent
        }
    }

    public func indexPending() throws(ArchiveError) -> Int {
        try writing { db in
            // The cleaned text holds the indicator tables too (as TSV): it alone is indexed.
            try db.execute(sql: """
                INSERT INTO reading_fts (rowid, text, indicators)
                SELECT id, coalesce(text, ''), '' FROM reading WHERE indexed = 0 AND status = 'ok'
                """)
            try db.execute(sql: "UPDATE reading SET indexed = 1 WHERE indexed = 0")
            return db.changesCount
        }
    }

    public func beginReading(sha256: String, policy: ReadingPolicy) throws(ArchiveError) -> Int {
        try writing { db in
            let before = try Int.fetchOne(db, sql: "SELECT started FROM attempt WHERE sha256 = ? AND extractor = ?",
                                          arguments: [sha256, policy.extractor]) ?? 0
            try db.execute(sql: """
                INSERT INTO attempt (sha256, extractor, started, last_started_at) VALUES (?, ?, 1, ?)
                ON CONFLICT (sha256, extractor) DO UPDATE SET started = started + 1, last_started_at = excluded.last_started_at
                """, arguments: [sha256, policy.extractor, Self.now()])
            return before
        }
    }

    public func store(_ file: IngestedFile, policy: ReadingPolicy) throws(ArchiveError) -> StoreOutcome {
        // Unchanged (the common case of a re-run): answered by a read, with no write transaction.
        // Nothing is written for it, so a later change by another process is no race: a path
        // that is no longer unchanged goes through the write transaction, which decides again.
        if file.reading == nil, let unchanged = try reading({ db in try Self.unchanged(db, file, policy) }) {
            return unchanged
        }
        return try writing { db in
            let current = try Self.currentFile(db, path: file.path)
            if let unchanged = try Self.unchanged(db, file, policy, current: current) { return unchanged }
            let kind: StoreOutcome.Kind
            let readingRow: ReadingRow
            if let fresh = file.reading {
                (kind, readingRow) = try Self.put(db, fresh, file: file, extractor: policy.extractor)
                try db.execute(sql: "DELETE FROM attempt WHERE sha256 = ? AND extractor = ?", arguments: [file.sha256, policy.extractor])
            } else if let known = try Self.acceptableReading(db, sha256: file.sha256, policy: policy) {
                (kind, readingRow) = (.linked, known)
            } else {
                return .readFirst
            }
            let now = Self.now()
            var superseded = false
            let id: Int64
            if let current, current.sha256 == file.sha256 {
                // The same content read again (--reextract, --retry-failed): the path keeps its version.
                try db.execute(sql: "UPDATE file SET reading_id = ?, ingested_at = ? WHERE id = ?",
                               arguments: [readingRow.id, now, current.id])
                id = current.id
            } else {
                var version = 1
                if let current {
                    try db.execute(sql: "UPDATE file SET superseded_at = ? WHERE id = ?", arguments: [now, current.id])
                    superseded = true
                    version = (try Int.fetchOne(db, sql: "SELECT max(version) FROM file WHERE path = ?", arguments: [file.path]) ?? current.version) + 1
                }
                try db.execute(sql: """
                    INSERT INTO file (path, version, sha256, size, reading_id, ingested_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [file.path, version, file.sha256, file.size, readingRow.id, now])
                id = db.lastInsertedRowID
            }
            return StoreOutcome(kind: kind, supersededPrevious: superseded, id: id, status: readingRow.status,
                                error: readingRow.error, findings: readingRow.findings)
        }
    }

    /// Stores a fresh reading under (sha256, extractor): inserted, or replacing a failed one (a
    /// retry); when another process stored an `ok` one meanwhile, that one is kept and linked.
    private static func put(_ db: Database, _ r: Reading, file: IngestedFile, extractor: String) throws -> (StoreOutcome.Kind, ReadingRow) {
        let existing = try Row.fetchOne(db, sql: "SELECT id, status FROM reading WHERE sha256 = ? AND extractor = ?",
                                        arguments: [file.sha256, extractor])
        if let existing, existing["status"] as String? == Reading.Status.ok.rawValue {
            guard let row = try reading(db, id: existing["id"]) else { throw ArchiveError("reading vanished") }
            return (.linked, row)
        }
        let c = r.columns
        let values: [(String, (any DatabaseValueConvertible)?)] = [
            ("sha256", file.sha256), ("extractor", extractor), ("size", file.size), ("status", r.status.rawValue),
            ("error", r.error), ("read_from", file.path), ("format", c?.format), ("document_kind", c?.documentKind),
            ("project_code", c?.projectCode), ("lot", c?.lot), ("title", c?.title), ("buyer", c?.buyer),
            ("supplier", c?.supplier), ("amount_original", c?.amountOriginal.map { "\($0)" }),
            ("amount_amended", c?.amountAmended.map { "\($0)" }), ("findings_error", c?.findings.error ?? 0),
            ("findings_warning", c?.findings.warning ?? 0), ("findings_info", c?.findings.info ?? 0),
            ("pages", r.pages), ("record", r.record.map { Data($0) }), ("text", r.text),
            ("indicators", c?.indicatorText), ("read_at", now()),
        ]
        let id: Int64
        if let existing {
            id = existing["id"]
            try db.execute(sql: "UPDATE reading SET " + values.map { "\($0.0) = ?" }.joined(separator: ", ") + " WHERE id = ?",
                           arguments: StatementArguments(values.map { $0.1 } + [id]))
        } else {
            try db.execute(sql: "INSERT INTO reading (" + values.map(\.0).joined(separator: ", ") + ") VALUES ("
                           + Array(repeating: "?", count: values.count).joined(separator: ", ") + ")",
                           arguments: StatementArguments(values.map { $0.1 }))
            id = db.lastInsertedRowID
        }
        // The search index is brought up to date in batches (`indexPending`): a trigram index
        // flushed at every one-document commit cost more than the rest of storing it.
        try db.execute(sql: "UPDATE reading SET indexed = 0 WHERE id = ?", arguments: [id])
        return (.new, ReadingRow(id: id, status: r.status, extractor: extractor, error: r.error, findings: c?.findings ?? FindingCounts()))
    }

    /// The outcome for a path that already holds this content with an acceptable reading, or nil.
    private static func unchanged(_ db: Database, _ file: IngestedFile, _ policy: ReadingPolicy,
                                  current known: CurrentFile?? = nil) throws -> StoreOutcome? {
        let current = try known ?? currentFile(db, path: file.path)
        guard let current, current.sha256 == file.sha256,
              let r = try reading(db, id: current.readingID), accepts(policy, r) else { return nil }
        return StoreOutcome(kind: .unchanged, supersededPrevious: false, id: current.id, status: r.status,
                            error: r.error, findings: r.findings)
    }

    private static func currentFile(_ db: Database, path: String) throws -> CurrentFile? {
        try Row.fetchOne(db, sql: "SELECT id, version, sha256, reading_id FROM file WHERE path = ? AND superseded_at IS NULL",
                         arguments: [path]).map { CurrentFile(id: $0["id"], version: $0["version"], sha256: $0["sha256"], readingID: $0["reading_id"]) }
    }

    private static let readingColumns = "id, status, extractor, error, findings_error, findings_warning, findings_info"

    private static func readingRow(_ row: Row) -> ReadingRow {
        ReadingRow(id: row["id"], status: Reading.Status(rawValue: row["status"]) ?? .failed, extractor: row["extractor"],
                   error: row["error"], findings: FindingCounts(error: row["findings_error"], warning: row["findings_warning"], info: row["findings_info"]))
    }

    private static func reading(_ db: Database, id: Int64) throws -> ReadingRow? {
        try Row.fetchOne(db, sql: "SELECT \(readingColumns) FROM reading WHERE id = ?", arguments: [id]).map(readingRow)
    }

    /// The reading of this content that the policy accepts, the current extractor's first.
    private static func acceptableReading(_ db: Database, sha256: String, policy: ReadingPolicy) throws -> ReadingRow? {
        try Row.fetchAll(db, sql: "SELECT \(readingColumns) FROM reading WHERE sha256 = ? ORDER BY (extractor = ?) DESC, id DESC",
                         arguments: [sha256, policy.extractor])
            .lazy.map(readingRow).first { accepts(policy, $0) }
    }

    private static func accepts(_ policy: ReadingPolicy, _ r: ReadingRow) -> Bool {
        if policy.requireCurrentExtractor && r.extractor != policy.extractor { return false }
        if policy.retryFailed && r.status == .failed { return false }
        return true
    }
}
