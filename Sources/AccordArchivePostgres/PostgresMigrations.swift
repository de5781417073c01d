import Foundation
import AccordArchive

/// The PostgreSQL archive's schema, as numbered migrations recorded in `accord_schema` (never edit
/// a shipped one: add the next). Applied under an advisory lock, each in a transaction of its
/// own, so that many workers starting at once against a new database apply each exactly once.
enum PostgresMigrations {
    struct Migration { var version: Int; var name: String; var sql: [String] }

    /// The key of the advisory lock taken while migrating ("ACRD").
    static let lockKey: Int64 = 0x4143_5244

    static let all: [Migration] = [
        Migration(version: 1, name: "readings, path versions, attempts, search grams", sql: [
            // A reading: what one extractor version made of one content (as the SQLite archive).
            """
            CREATE TABLE reading (
                id bigserial PRIMARY KEY,
                sha256 text NOT NULL,
                extractor text NOT NULL,
                size bigint NOT NULL,
                status text NOT NULL CHECK (status IN ('ok', 'failed')),
                error text,
                read_from text NOT NULL,
                format text,
                document_kind text,
                project_code text,
                lot text,
                title text,
                buyer text,
                supplier text,
                amount_original text,
                amount_amended text,
                findings_error integer NOT NULL DEFAULT 0,
                findings_warning integer NOT NULL DEFAULT 0,
                findings_info integer NOT NULL DEFAULT 0,
                pages integer NOT NULL DEFAULT 0,
                record bytea,
                text text,
                indicators text,
                -- The search index: every character and every pair of neighbouring characters of
                -- the text and indicators (SearchGrams), as numbers; GIN answers "contains all of".
                grams bigint[] NOT NULL DEFAULT '{}',
                read_at text NOT NULL,
                UNIQUE (sha256, extractor)
            )
            """,
            """
            CREATE TABLE file (
                id bigserial PRIMARY KEY,
                path text NOT NULL,
                version integer NOT NULL,
                sha256 text NOT NULL,
                size bigint NOT NULL,
                reading_id bigint NOT NULL REFERENCES reading(id),
                ingested_at text NOT NULL,
                superseded_at text,
                UNIQUE (path, version)
            )
            """,
            "CREATE UNIQUE INDEX file_current_path ON file(path) WHERE superseded_at IS NULL",
            "CREATE INDEX file_reading ON file(reading_id)",
            "CREATE INDEX reading_sha ON reading(sha256)",
            "CREATE INDEX reading_grams ON reading USING gin (grams)",
            """
            CREATE TABLE attempt (
                sha256 text NOT NULL,
                extractor text NOT NULL,
                started integer NOT NULL,
                last_started_at text NOT NULL,
                PRIMARY KEY (sha256, extractor)
            )
            """,
        ]),
        Migration(version: 2, name: "work queue: file contents and jobs with leases", sql: [
            // The files' bytes, once per content: workers need no shared file system.
            """
            CREATE TABLE blob (
                sha256 text PRIMARY KEY,
                size bigint NOT NULL,
                content bytea NOT NULL,
                stored_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // One file to read and store. pending → leased (a worker holds it until lease_expires,
            // renewing it while it works) → done, or failed after the same failure three times. A
            // lease that expired is claimed again as if pending.
            """
            CREATE TABLE job (
                id bigserial PRIMARY KEY,
                path text NOT NULL,
                sha256 text NOT NULL REFERENCES blob(sha256),
                size bigint NOT NULL,
                reextract boolean NOT NULL DEFAULT false,
                retry_failed boolean NOT NULL DEFAULT false,
                state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'leased', 'done', 'failed')),
                enqueued_at timestamptz NOT NULL DEFAULT now(),
                attempts integer NOT NULL DEFAULT 0,
                lease_token text,
                leased_by text,
                leased_at timestamptz,
                lease_expires timestamptz,
                last_error text,
                same_errors integer NOT NULL DEFAULT 0,
                finished_at timestamptz,
                finished_by text,
                outcome text,
                error text
            )
            """,
            "CREATE INDEX job_open ON job(id) WHERE state IN ('pending', 'leased')",
            // A path with this content waits in the queue once.
            "CREATE UNIQUE INDEX job_open_path ON job(path, sha256) WHERE state IN ('pending', 'leased')",
            "CREATE INDEX job_state ON job(state)",
        ]),
        Migration(version: 3, name: "review corrections and decisions", sql: [
            // As the SQLite archive's v4: kept by path beside the readings, so re-ingest keeps them.
            """
            CREATE TABLE correction (
                id bigserial PRIMARY KEY,
                path text NOT NULL,
                field text NOT NULL,
                value text NOT NULL,
                because text NOT NULL,
                who text NOT NULL,
                at text NOT NULL,
                was text
            )
            """,
            "CREATE INDEX correction_path ON correction(path)",
            """
            CREATE TABLE decision (
                target text NOT NULL,
                finding text NOT NULL,
                accepted boolean NOT NULL,
                because text NOT NULL,
                who text NOT NULL,
                at text NOT NULL,
                PRIMARY KEY (target, finding)
            )
            """,
        ]),
    ]

    static var latest: Int { all.map(\.version).max() ?? 0 }

    /// Checks the database is an Accord archive this version can read, and (when `migrate`)
    /// brings it to the current schema.
    static func prepare(_ pool: PostgresConnections, migrate: Bool) throws {
        let applied = try pool.with { s in try appliedVersions(s) }
        if let newest = applied.max(), newest > latest {
            throw PGError("archive \(pool.location): written by a newer Accord (schema \(newest)); upgrade Accord to read it")
        }
        if applied.isEmpty, !migrate {
            let tables = try pool.with { s in
                try s.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('reading', 'file')")
                    .first?["n"].get(Int64.self) ?? 0
            }
            throw PGError(tables > 0 ? "archive \(pool.location): not an Accord archive (another program's tables)"
                                     : "archive \(pool.location): no such archive (create it with accord ingest or accord enqueue)")
        }
        guard applied.count < all.count else { return }
        guard migrate else {
            throw PGError("archive \(pool.location): an older schema, and read-only here (run accord ingest or accord worker on it once to upgrade it)")
        }
        try pool.with { s in
            // A session lock, held across the migrations' own transactions.
            try s.execute("SELECT pg_advisory_lock($1)", [.int(lockKey)])
            defer { _ = try? s.execute("SELECT pg_advisory_unlock($1)", [.int(lockKey)]) }
            try s.execute("""
                CREATE TABLE IF NOT EXISTS accord_schema (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let done = try appliedVersions(s)
            if done.isEmpty {
                let foreign = try s.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename IN ('reading', 'file', 'job')")
                    .first?["n"].get(Int64.self) ?? 0
                if foreign > 0 { throw PGError("archive \(pool.location): not an Accord archive (another program's tables)") }
            }
            for m in all where !done.contains(m.version) {
                try s.execute("BEGIN")
                do {
                    for statement in m.sql { try s.execute(statement) }
                    try s.execute("INSERT INTO accord_schema (version, name) VALUES ($1, $2)", [.int(Int64(m.version)), .text(m.name)])
                    try s.execute("COMMIT")
                } catch {
                    _ = try? s.execute("ROLLBACK")
                    throw PGError("archive \(pool.location): cannot prepare its schema (migration \(m.version)): \(error)")
                }
            }
        }
    }

    private static func appliedVersions(_ s: PostgresSession) throws -> Set<Int> {
        let exists = try s.query("SELECT to_regclass('accord_schema') IS NOT NULL AS e").first?["e"].get(Bool.self) ?? false
        guard exists else { return [] }
        return Set(try s.query("SELECT version FROM accord_schema").map { Int(try $0["version"].get(Int32.self)) })
    }
}
