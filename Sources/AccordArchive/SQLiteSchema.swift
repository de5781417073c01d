import GRDB

/// The embedded archive's schema, as GRDB migrations (never edit a shipped one: add the next).
enum SQLiteSchema {
    /// `PRAGMA application_id` of an Accord archive ("ACRD"): tells our file from another SQLite file.
    static let applicationID: Int32 = 0x4143_5244

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: readings, path versions, full-text search") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            // A reading: what one extractor version made of one content.
            try db.execute(sql: """
                CREATE TABLE reading (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL,
                    extractor TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
                    error TEXT,
                    read_from TEXT NOT NULL,
                    format TEXT,
                    document_kind TEXT,
                    project_code TEXT,
                    lot TEXT,
                    title TEXT,
                    buyer TEXT,
                    supplier TEXT,
                    amount_original TEXT,
                    amount_amended TEXT,
                    findings_error INTEGER NOT NULL DEFAULT 0,
                    findings_warning INTEGER NOT NULL DEFAULT 0,
                    findings_info INTEGER NOT NULL DEFAULT 0,
                    pages INTEGER NOT NULL DEFAULT 0,
                    record BLOB,
                    text TEXT,
                    indicators TEXT,
                    read_at TEXT NOT NULL,
                    UNIQUE (sha256, extractor)
                )
                """)
            // A stored path version: a path pointing at the reading of its content at that time.
            try db.execute(sql: """
                CREATE TABLE file (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    reading_id INTEGER NOT NULL REFERENCES reading(id),
                    ingested_at TEXT NOT NULL,
                    superseded_at TEXT,
                    UNIQUE (path, version)
                )
                """)
            try db.execute(sql: "CREATE UNIQUE INDEX file_current_path ON file(path) WHERE superseded_at IS NULL")
            try db.execute(sql: "CREATE INDEX file_reading ON file(reading_id)")
            try db.execute(sql: "CREATE INDEX reading_sha ON reading(sha256)")
            // Trigram full-text index over the cleaned text and the indicators (queries of 3 or more
            // characters); shorter queries scan with instr(), which trigram cannot answer.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE reading_fts USING fts5(
                    text, indicators, content='reading', content_rowid='id', tokenize='trigram')
                """)
        }
        m.registerMigration("v2: reading attempts") { db in
            // A reading that started and has not been stored yet: one row per content and
            // extractor, counting the starts (a process killed while reading leaves it behind).
            try db.execute(sql: """
                CREATE TABLE attempt (
                    sha256 TEXT NOT NULL,
                    extractor TEXT NOT NULL,
                    started INTEGER NOT NULL,
                    last_started_at TEXT NOT NULL,
                    PRIMARY KEY (sha256, extractor)
                )
                """)
        }
        m.registerMigration("v3: search index brought up to date in batches") { db in
            // 1: the reading's text is in reading_fts. Rows stored before this migration were
            // indexed as they were stored.
            try db.execute(sql: "ALTER TABLE reading ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1")
            try db.execute(sql: "CREATE INDEX reading_unindexed ON reading(id) WHERE indexed = 0")
        }
        m.registerMigration("v4: review corrections and decisions") { db in
            // A person's correction of a stored path's value: never part of a reading, so that it
            // survives re-ingest and --reextract; `was` is what the record read when it was made.
            try db.execute(sql: """
                CREATE TABLE correction (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    field TEXT NOT NULL,
                    value TEXT NOT NULL,
                    because TEXT NOT NULL,
                    who TEXT NOT NULL,
                    at TEXT NOT NULL,
                    was TEXT
                )
                """)
            try db.execute(sql: "CREATE INDEX correction_path ON correction(path)")
            // A proposed repair or finding accepted or rejected: by stored path or group id.
            try db.execute(sql: """
                CREATE TABLE decision (
                    target TEXT NOT NULL,
                    finding TEXT NOT NULL,
                    accepted INTEGER NOT NULL,
                    because TEXT NOT NULL,
                    who TEXT NOT NULL,
                    at TEXT NOT NULL,
                    PRIMARY KEY (target, finding)
                )
                """)
        }
        return m
    }
}
