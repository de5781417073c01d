import Foundation
import ArgumentParser
import AccordArchive

/// `--db FILE`, shared by every archive command.
struct ArchiveOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The archive file (SQLite).", valueName: "FILE"))
    var db: String = "accord.sqlite"

    /// Opens the archive or ends the command with its one-line reason and exit status 2.
    func open(_ mode: SQLiteArchive.Mode) throws -> any ArchiveStore {
        do { return try SQLiteArchive.open(db, mode: mode) }
        catch {
            InputFiles.stderr("accord: \(error.reason)")
            throw ExitCode(2)
        }
    }
}

/// A failure of the archive in the middle of a command: one line, exit status 2.
func archiveFailure(_ error: ArchiveError) -> ExitCode {
    InputFiles.stderr("accord: \(error.reason)")
    return ExitCode(2)
}
