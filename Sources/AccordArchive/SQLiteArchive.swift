import Foundation
import GRDB

/// The embedded archive: one SQLite file (WAL), schema by migrations, one transaction per
/// document, one writer connection per process (GRDB's `DatabasePool`: readers run beside it).
/// Several processes may ingest into one file at once: writers wait for each other (busy timeout)
/// and each takes the write lock before it reads what it decides on (`BEGIN IMMEDIATE`).
public final class SQLiteArchive: ArchiveStore, @unchecked Sendable {
    // @unchecked: the only stored state is `pool`, which GRDB documents as safe to share
    // between threads, and immutable strings.
    public let location: String
    let pool: DatabasePool

    public enum Mode: Sendable { case readWrite, readOnly }

    /// How long a writer waits for another process's transaction before it gives up.
    static let busyTimeout: TimeInterval = 120

    /// Opens (with `.readWrite`, creates) the archive at `path`. Every way it can fail is one line:
    /// no such archive, not a SQLite file, another program's database, a newer schema, read-only.
    public static func open(_ path: String, mode: Mode) throws(ArchiveError) -> SQLiteArchive {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDir)
        let dir = (path as NSString).deletingLastPathComponent
        let folder = dir.isEmpty ? "." : dir
        if isDir.boolValue { throw ArchiveError("archive \(path): is a directory") }
        if exists {
            guard fm.isReadableFile(atPath: path) else { throw ArchiveError("archive \(path): permission denied") }
            try checkHeader(path)
            if mode == .readWrite, !fm.isWritableFile(atPath: path) {
                throw ArchiveError("archive \(path): read-only (ingest needs to write it)")
            }
        } else {
            if mode == .readOnly { throw ArchiveError("archive \(path): no such archive (create it with accord ingest)") }
            guard fm.fileExists(atPath: folder) else { throw ArchiveError("archive \(path): folder \(folder) does not exist") }
            guard fm.isWritableFile(atPath: folder) else { throw ArchiveError("archive \(path): cannot create it: folder \(folder) is read-only") }
        }
        // A WAL archive opened read-only needs its -shm file writable, or the folder to create it.
        let writable = mode == .readWrite || (fm.isWritableFile(atPath: path) && fm.isWritableFile(atPath: folder))
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.readonly = !writable
        config.label = "accord-archive"
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                // WAL with NORMAL sync: a commit survives the process being killed (the WAL is in
                // the OS's hands); only a power cut may lose the last commits, never corrupt.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        let pool: DatabasePool
        do { pool = try DatabasePool(path: path, configuration: config) }
        catch { throw ArchiveError("archive \(path): cannot open: \(describe(error))") }
        let archive = SQLiteArchive(location: path, pool: pool)
        try archive.prepare(migrate: writable)
        return archive
    }

    init(location: String, pool: DatabasePool) { self.location = location; self.pool = pool }

    /// A file that is not empty and does not start with SQLite's magic is no archive.
    private static func checkHeader(_ path: String) throws(ArchiveError) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw ArchiveError("archive \(path): cannot open") }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: 16)) ?? Data()
        if head.isEmpty { return }
        guard head == Data("SQLite format 3\0".utf8) else { throw ArchiveError("archive \(path): not a SQLite database") }
    }

    /// Checks the file is an Accord archive of a schema this version knows, and brings it to the
    /// current schema when it may write.
    private func prepare(migrate: Bool) throws(ArchiveError) {
        let migrator = SQLiteSchema.migrator
        do {
            try pool.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                if appID != SQLiteSchema.applicationID && (appID != 0 || tables > 0) {
                    throw ArchiveError("archive \(location): not an Accord archive (another program's SQLite database)")
                }
                if try migrator.hasBeenSuperseded(db) {
                    throw ArchiveError("archive \(location): written by a newer Accord (schema \(try migrator.appliedIdentifiers(db).sorted().last ?? "?")); upgrade Accord to read it")
                }
                if !migrate, try !migrator.hasCompletedMigrations(db) {
                    throw ArchiveError("archive \(location): an older schema, and read-only here (run accord ingest on it once to upgrade it)")
                }
            }
        } catch let e as ArchiveError {
            throw e
        } catch {
            throw ArchiveError("archive \(location): \(Self.describe(error))")
        }
        guard migrate else { return }
        // Two processes may open a new archive at once: the one that loses the race finds the
        // migrations applied by the other when it looks again.
        var lastError: (any Error)?
        for _ in 0..<3 {
            do { try migrator.migrate(pool); return } catch { lastError = error }
            if (try? pool.read({ try migrator.hasCompletedMigrations($0) })) == true { return }
        }
        throw ArchiveError("archive \(location): cannot prepare its schema: \(lastError.map(Self.describe) ?? "unknown error")")
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_NOTADB: return "not a SQLite database"
            case .SQLITE_CORRUPT: return "the database file is corrupt"
            case .SQLITE_READONLY: return "read-only"
            case .SQLITE_BUSY: return "locked by another process for longer than \(Int(busyTimeout)) s"
            case .SQLITE_FULL: return "the disk is full"
            case .SQLITE_CANTOPEN: return "cannot open the database file"
            default: return e.message ?? "\(e.resultCode)"
            }
        }
        if let e = error as? ArchiveError { return e.reason }
        return "\(error)"
    }

    /// Runs a read, mapping any failure to a one-line `ArchiveError`.
    func reading<T>(_ body: (Database) throws -> T) throws(ArchiveError) -> T {
        do { return try pool.read(body) }
        catch let e as ArchiveError { throw e }
        catch { throw ArchiveError("archive \(location): \(Self.describe(error))") }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: the write lock is taken before anything
    /// is read, so what it decides on cannot change under it (another process waits).
    func writing<T>(_ body: (Database) throws -> T) throws(ArchiveError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw ArchiveError("transaction returned nothing") }
                return result
            }
        } catch let e as ArchiveError { throw e }
        catch { throw ArchiveError("archive \(location): \(Self.describe(error))") }
    }

    /// The time now, ISO 8601 in UTC with milliseconds (`2026-12-07T02:41:07.123Z`), written
    /// directly: an ISO8601DateFormatter made per call cost a tenth of storing a file.
    public static func now() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var t = tm()
        var seconds = ts.tv_sec
        gmtime_r(&seconds, &t)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday),
                      Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec), Int(ts.tv_nsec / 1_000_000))
    }
}
