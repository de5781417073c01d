import Foundation
import PostgresNIO
import AccordArchive

extension PostgresArchive {
    static let entryColumns = """
        f.id, f.path, f.version, f.sha256, f.size, f.ingested_at, f.superseded_at, r.status, r.error, r.extractor,
        r.format, r.document_kind, r.project_code, r.lot, r.title, r.buyer, r.supplier, r.amount_original,
        r.amount_amended, r.findings_error, r.findings_warning, r.findings_info, r.pages, r.read_from
        """

    static func entry(_ row: PostgresRandomAccessRow) throws -> ArchiveEntry {
        func int(_ name: String) throws -> Int { Int(try row[name].get(Int32.self)) }
        return ArchiveEntry(
            id: try row["id"].get(), path: try row["path"].get(), version: try int("version"), sha256: try row["sha256"].get(),
            size: try row["size"].get(), status: Reading.Status(rawValue: try row["status"].get()) ?? .failed,
            error: try row["error"].get(), extractor: try row["extractor"].get(), format: try row["format"].get(),
            documentKind: try row["document_kind"].get(), projectCode: try row["project_code"].get(), lot: try row["lot"].get(),
            title: try row["title"].get(), buyer: try row["buyer"].get(), supplier: try row["supplier"].get(),
            amountOriginal: try row["amount_original"].get(), amountAmended: try row["amount_amended"].get(),
            findings: FindingCounts(error: try int("findings_error"), warning: try int("findings_warning"), info: try int("findings_info")),
            pages: try int("pages"), ingestedAt: try row["ingested_at"].get(), supersededAt: try row["superseded_at"].get(),
            readFrom: try row["read_from"].get())
    }

    public func failedPaths() throws(ArchiveError) -> [String] {
        try archiveCall {
            try pool.with { s in
                try s.query("""
                    SELECT f.path FROM file f JOIN reading r ON r.id = f.reading_id
                    WHERE f.superseded_at IS NULL AND r.status = 'failed' ORDER BY f.path COLLATE "C"
                    """).map { try $0["path"].get(String.self) }
            }
        }
    }

    public func list(_ filter: ListFilter) throws(ArchiveError) -> [ArchiveEntry] {
        var sql = "SELECT \(Self.entryColumns) FROM file f JOIN reading r ON r.id = f.reading_id WHERE f.superseded_at IS NULL"
        var args: [SQLValue] = []
        if let st = filter.status { args.append(.text(st.rawValue)); sql += " AND r.status = $\(args.count)" }
        if let k = filter.kind { args.append(.text(k)); sql += " AND r.document_kind = $\(args.count)" }
        if let c = filter.code { args.append(.text(c)); sql += " AND r.project_code = $\(args.count)" }
        // Byte order, as SQLite sorts text (the database's collation may be a language's).
        sql += " ORDER BY f.path COLLATE \"C\""
        let query = sql, values = args
        return try archiveCall { try pool.with { s in try s.query(query, values).map(Self.entry) } }
    }

    public func entry(idOrPath: String) throws(ArchiveError) -> ArchiveEntry? {
        let path = Self.normalize(idOrPath)
        return try archiveCall {
            try pool.with { s in
                if let id = Int64(idOrPath),
                   let row = try s.query("SELECT \(Self.entryColumns) FROM file f JOIN reading r ON r.id = f.reading_id WHERE f.id = $1", [.int(id)]).first {
                    return try Self.entry(row)
                }
                return try s.query("""
                    SELECT \(Self.entryColumns) FROM file f JOIN reading r ON r.id = f.reading_id
                    WHERE f.path = $1 AND f.superseded_at IS NULL
                    """, [.text(path)]).first.map(Self.entry)
            }
        }
    }

    /// Paths as the SQLite archive stores them (without `.` components, doubled or trailing slashes).
    public static func normalize(_ path: String) -> String { SQLiteArchive.normalize(path) }

    public func content(of entry: ArchiveEntry) throws(ArchiveError) -> StoredContent? {
        try archiveCall {
            try pool.with { s in
                guard let row = try s.query("""
                    SELECT r.record, r.text FROM file f JOIN reading r ON r.id = f.reading_id WHERE f.id = $1 AND r.status = 'ok'
                    """, [.int(entry.id)]).first,
                      let record = try row["record"].get(ByteBuffer?.self) else { return nil }
                return StoredContent(record: Array(buffer: record), text: try row["text"].get(String?.self) ?? "")
            }
        }
    }

    public func search(_ query: String, limit: Int?) throws(ArchiveError) -> [SearchHit] {
        let q = SearchText.normalize(query)
        guard !q.isEmpty else { throw ArchiveError("search: empty query") }
        let grams = SearchGrams.query(q)
        let tail = " ORDER BY f.path COLLATE \"C\"" + (limit.map { " LIMIT \($0)" } ?? "")
        // The GIN index narrows to the readings holding every character and pair of the query;
        // the substring test (as the SQLite archive's) decides.
        // A query without cased letters is tested on the text as stored (lower() of every
        // candidate's whole text cost more than the rest of the query).
        let test = SearchGrams.isCaseless(q) ? "(strpos(r.text, $2) > 0 OR strpos(r.indicators, $2) > 0)"
                                             : "(strpos(lower(r.text), $2) > 0 OR strpos(lower(r.indicators), $2) > 0)"
        let rows = try archiveCall {
            try pool.with { s in
                try s.query("""
                    SELECT f.id, f.path, r.text, r.indicators FROM reading r
                    JOIN file f ON f.reading_id = r.id AND f.superseded_at IS NULL
                    WHERE r.status = 'ok' AND r.grams @> $1::bigint[] AND \(test)
                    """ + tail, [.ints(grams), .text(q.lowercased())])
            }
        }
        return try archiveCall {
            try rows.map { row in
                let text = try row["text"].get(String?.self) ?? "", indicators = try row["indicators"].get(String?.self) ?? ""
                let snippet = SearchText.snippet(text, q) ?? SearchText.snippet(indicators, q) ?? ""
                return SearchHit(id: try row["id"].get(), path: try row["path"].get(), snippet: snippet)
            }
        }
    }

    public func forEachRecord(_ body: (ArchiveEntry, [UInt8]) throws -> Void) throws {
        // In pages of ids (a whole archive's records do not fit in memory at once), in path order.
        let ids: [Int64] = try archiveCall {
            try pool.with { s in
                try s.query("""
                    SELECT f.id FROM file f JOIN reading r ON r.id = f.reading_id
                    WHERE f.superseded_at IS NULL AND r.status = 'ok' ORDER BY f.path COLLATE "C"
                    """).map { try $0["id"].get(Int64.self) }
            }
        }
        var start = 0
        while start < ids.count {
            let page = Array(ids[start..<min(ids.count, start + 64)])
            start += page.count
            let rows = try archiveCall {
                try pool.with { s in
                    try s.query("""
                        SELECT \(Self.entryColumns), r.record FROM file f JOIN reading r ON r.id = f.reading_id
                        WHERE f.id = ANY($1::bigint[]) ORDER BY f.path COLLATE "C"
                        """, [.ints(page)])
                }
            }
            for row in rows {
                let entry = try archiveCall { try Self.entry(row) }
                guard let record = try archiveCall({ try row["record"].get(ByteBuffer?.self) }) else { continue }
                try body(entry, Array(buffer: record))
            }
        }
    }
}
