import Foundation
import ArgumentParser
import AccordArchive
import AccordArchivePostgres

/// `--db FILE` or `--db postgres://…`, shared by every archive command.
struct ArchiveOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The archive: an SQLite file, or a PostgreSQL database as postgres://USER:PASSWORD@HOST:PORT/DB "
            + "(or postgresql://; ?sslmode=disable|prefer|require|verify-full, ?host=/socket/dir). Parts the URL "
            + "leaves out come from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE and PGSSLMODE as with psql "
            + "(postgres:// alone: all of them). Anything else is a file name.",
        valueName: "FILE|URL"))
    var db: String = "accord.sqlite"

    /// Whether --db names a PostgreSQL archive.
    var isPostgres: Bool { PostgresURL.isPostgres(db) }

    /// Opens the archive or ends the command with its one-line reason and exit status 2.
    func open(_ mode: SQLiteArchive.Mode) throws -> any ArchiveStore {
        do {
            if isPostgres { return try PostgresArchive.open(db, mode: mode == .readWrite ? .readWrite : .readOnly) }
            return try SQLiteArchive.open(db, mode: mode)
        } catch {
            InputFiles.stderr("accord: \(error.reason)")
            throw ExitCode(2)
        }
    }

    /// The PostgreSQL archive (and its queue) named by --db, or the command ends with exit status 2:
    /// `command` says which command needs it.
    func openPostgres(for command: String) throws -> PostgresArchive {
        guard isPostgres else {
            InputFiles.stderr("accord: \(command) needs a PostgreSQL archive: --db postgres://USER@HOST:PORT/DB (the queue lives in the database)")
            throw ExitCode(2)
        }
        do { return try PostgresArchive.open(db, mode: .readWrite) }
        catch {
            InputFiles.stderr("accord: \(error.reason)")
            throw ExitCode(2)
        }
    }
}

extension ArchiveOptions {
    /// The entry named (an id or a stored path) and its stored record, or the command ends with
    /// one line and exit status 2: `missing` says what to print when there is no such entry.
    func stored(_ name: String, in store: any ArchiveStore, missing: String) throws -> (ArchiveEntry, StoredContent) {
        let entry: ArchiveEntry?, content: StoredContent?
        do throws(ArchiveError) {
            entry = try store.entry(idOrPath: name)
            content = try entry.map { e throws(ArchiveError) in try store.content(of: e) } ?? nil
        } catch { throw archiveFailure(error) }
        guard let entry else {
            InputFiles.stderr("accord: \(name): \(missing)")
            throw ExitCode(2)
        }
        guard let content else {
            InputFiles.stderr("accord: \(entry.path): \(entry.error ?? "no record stored")")
            throw ExitCode(2)
        }
        return (entry, content)
    }
}

/// A failure of the archive in the middle of a command: one line, exit status 2.
func archiveFailure(_ error: ArchiveError) -> ExitCode {
    InputFiles.stderr("accord: \(error.reason)")
    return ExitCode(2)
}
