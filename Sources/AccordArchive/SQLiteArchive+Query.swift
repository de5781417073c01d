import Foundation
import GRDB

extension SQLiteArchive {
    private static let entryColumns = """
        f.id, f.path, f.version, f.sha256, f.size, f.ingested_at, f.superseded_at, r.status, r.error, r.extractor,
        r.format, r.document_kind, r.project_code, r.lot, r.title, r.buyer, r.supplier, r.amount_original,
        r.amount_amended, r.findings_error, r.findings_warning, r.findings_info, r.pages, r.read_from
        """

    private static func entry(_ row: Row) -> ArchiveEntry {
        ArchiveEntry(id: row["id"], path: row["path"], version: row["version"], sha256: row["sha256"], size: row["size"],
                     status: Reading.Status(rawValue: row["status"]) ?? .failed, error: row["error"], extractor: row["extractor"],
                     format: row["format"], documentKind: row["document_kind"], projectCode: row["project_code"], lot: row["lot"],
                     title: row["title"], buyer: row["buyer"], supplier: row["supplier"], amountOriginal: row["amount_original"],
                     amountAmended: row["amount_amended"],
                     findings: FindingCounts(error: row["findings_error"], warning: row["findings_warning"], info: row["findings_info"]),
                     pages: row["pages"], ingestedAt: row["ingested_at"], supersededAt: row["superseded_at"], readFrom: row["read_from"])
    }

    public func failedPaths() throws(ArchiveError) -> [String] {
        try reading { db in
            try String.fetchAll(db, sql: """
                SELECT f.path FROM file f JOIN reading r ON r.id = f.reading_id
                WHERE f.superseded_at IS NULL AND r.status = 'failed' ORDER BY f.path
                """)
        }
    }

    public func list(_ filter: ListFilter) throws(ArchiveError) -> [ArchiveEntry] {
        var sql = "SELECT \(Self.entryColumns) FROM file f JOIN reading r ON r.id = f.reading_id WHERE f.superseded_at IS NULL"
        var args: [(any DatabaseValueConvertible)?] = []
        if let s = filter.status { sql += " AND r.status = ?"; args.append(s.rawValue) }
        if let k = filter.kind { sql += " AND r.document_kind = ?"; args.append(k) }
        if let c = filter.code { sql += " AND r.project_code = ?"; args.append(c) }
        sql += " ORDER BY f.path"
        let arguments = StatementArguments(args)
        return try reading { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.entry) }
    }

    public func entry(idOrPath: String) throws(ArchiveError) -> ArchiveEntry? {
        let path = Self.normalize(idOrPath)
        return try reading { db in
            if let id = Int64(idOrPath),
               let row = try Row.fetchOne(db, sql: "SELECT \(Self.entryColumns) FROM file f JOIN reading r ON r.id = f.reading_id WHERE f.id = ?", arguments: [id]) {
                return Self.entry(row)
            }
            return try Row.fetchOne(db, sql: """
                SELECT \(Self.entryColumns) FROM file f JOIN reading r ON r.id = f.reading_id
                WHERE f.path = ? AND f.superseded_at IS NULL
                """, arguments: [path]).map(Self.entry)
        }
    }

    /// Paths are stored as named on the command line, without `.` components, doubled slashes
    /// or a trailing slash (by the text alone: Foundation's standardizingPath asked the file
    /// system about links, a fifth of an unchanged re-run).
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        if joined.isEmpty { return absolute ? "/" : (path.isEmpty ? path : ".") }
        return absolute ? "/" + joined : joined
    }

    public func content(of entry: ArchiveEntry) throws(ArchiveError) -> StoredContent? {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.record, r.text FROM file f JOIN reading r ON r.id = f.reading_id WHERE f.id = ? AND r.status = 'ok'
                """, arguments: [entry.id]),
                  let record = row["record"] as Data? else { return nil }
            return StoredContent(record: [UInt8](record), text: row["text"] ?? "")
        }
    }

    public func search(_ query: String, limit: Int?) throws(ArchiveError) -> [SearchHit] {
        let q = SearchText.normalize(query)
        guard !q.isEmpty else { throw ArchiveError("search: empty query") }
        let tail = " ORDER BY f.path" + (limit.map { " LIMIT \($0)" } ?? "")
        let rows: [Row] = try reading { db in
            if q.count >= 3 {
                // Trigram FTS5: a phrase of the query's characters, matched as a substring; the
                // readings not indexed yet (a run that ended before its last batch) are scanned.
                return try Row.fetchAll(db, sql: """
                    SELECT f.id, f.path, r.text, r.indicators FROM reading r
                    JOIN file f ON f.reading_id = r.id AND f.superseded_at IS NULL
                    WHERE r.status = 'ok' AND (
                        (r.indexed = 1 AND r.id IN (SELECT rowid FROM reading_fts WHERE reading_fts MATCH ?1))
                        OR (r.indexed = 0 AND (instr(lower(r.text), ?2) > 0 OR instr(lower(r.indicators), ?2) > 0)))
                    """ + tail, arguments: ["\"" + q.replacingOccurrences(of: "\"", with: "\"\"") + "\"", q.lowercased()])
            }
            // 1 or 2 characters: trigram cannot answer (ENGINEERING-NOTES); scan the columns.
            return try Row.fetchAll(db, sql: """
                SELECT f.id, f.path, r.text, r.indicators FROM reading r
                JOIN file f ON f.reading_id = r.id AND f.superseded_at IS NULL
                WHERE r.status = 'ok' AND (instr(lower(r.text), ?1) > 0 OR instr(lower(r.indicators), ?1) > 0)
                """ + tail, arguments: [q.lowercased()])
        }
        return rows.map { row in
            let text: String = row["text"] ?? "", indicators: String = row["indicators"] ?? ""
            let snippet = SearchText.snippet(text, q) ?? SearchText.snippet(indicators, q) ?? ""
            return SearchHit(id: row["id"], path: row["path"], snippet: snippet)
        }
    }

    public func forEachRecord(_ body: (ArchiveEntry, [UInt8]) throws -> Void) throws {
        try pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT \(Self.entryColumns), r.record FROM file f JOIN reading r ON r.id = f.reading_id
                WHERE f.superseded_at IS NULL AND r.status = 'ok' ORDER BY f.path
                """)
            while let row = try cursor.next() {
                guard let record = row["record"] as Data? else { continue }
                try body(Self.entry(row), [UInt8](record))
            }
        }
    }
}
