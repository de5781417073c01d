import Foundation
import ArgumentParser
import AccordPipeline
import AccordArchive
import AccordArchivePostgres
import AccordText

struct EnqueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enqueue",
        abstract: "Record files in a PostgreSQL archive's queue, for accord worker processes to read.",
        discussion: """
        Walks the folders as ingest does (recursively, sorted, hidden files skipped) and records, per \
        file: its path (as named here; it names the file in the archive), size, sha256 and the bytes \
        themselves, each content once however many paths hold it, so that workers on other machines \
        need no shared file system. A file the archive holds already with this content (and a \
        reading that counts, see --reextract and --retry-failed) is not queued; nor is a path with \
        this content that waits in the queue already. Nothing is read here: accord worker reads.

        Needs --db postgres://USER@HOST:PORT/DB (PGHOST, PGUSER… fill what the URL leaves out). The \
        schema is created or upgraded on first use.

        Standard output gets one summary line (files, queued, already queued, unchanged, contents \
        sent). Exit status: 0; 1 when a file could not be opened (one line on standard error each); \
        2 for usage errors or an archive that cannot be reached.
        """)

    @OptionGroup var archive: ArchiveOptions

    @Flag(name: .long, help: "Queue files read by another extractor version too (the worker reads them again).")
    var reextract = false

    @Flag(name: .long, help: "Queue files whose reading failed too (the worker reads them again).")
    var retryFailed = false

    @Flag(name: .shortAndLong, help: "No summary line.")
    var quiet = false

    @Argument(help: "Files or directories to queue.", completion: .file())
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("no input files") }
    }

    func run() throws {
        let store = try archive.openPostgres(for: "accord enqueue")
        let policy = ReadingPolicy(extractor: Pipeline.extractorVersion, requireCurrentExtractor: reextract, retryFailed: retryFailed)
        let summary = try Self.enqueue(paths, into: store, policy: policy)
        if !quiet { InputFiles.stdout(summary.line(store.location) + "\n") }
        if summary.unopened > 0 { throw ExitCode(1) }
    }

    struct Summary {
        var files = 0, queued = 0, alreadyQueued = 0, unchanged = 0, unopened = 0
        var bytesSent: Int64 = 0, contentsSent = 0

        func line(_ location: String) -> String {
            "enqueue: \(files) files into \(location): \(queued) queued, \(alreadyQueued) already queued, \(unchanged) unchanged"
                + (unopened > 0 ? ", \(unopened) could not be opened" : "")
                + " (\(contentsSent) contents sent, \(String(format: "%.1f", Double(bytesSent) / 1_048_576)) MB)"
        }
    }

    /// Queues the files under `paths` (each path named once); a file that cannot be opened is one
    /// line on standard error. Ends the command (exit status 2) when the archive fails.
    static func enqueue(_ paths: [String], into store: PostgresArchive, policy: ReadingPolicy) throws -> Summary {
        var unlisted: [String] = []
        var seen = Set<String>()
        let files = InputFiles.expand(paths, unlisted: &unlisted).map(SQLiteArchive.normalize).filter { seen.insert($0).inserted }
        var summary = Summary()
        summary.unopened = InputFiles.reportUnlisted(unlisted)
        let queue = store.queue
        for path in files {
            summary.files += 1
            let data: Data
            do { data = try Pipeline.load(path) } catch {
                InputFiles.stderr("accord: \(path): \(error.reason)")
                summary.unopened += 1
                continue
            }
            var sent = false
            do {
                let result = try queue.enqueue(path: path, sha256: ContentHash.hex(data), bytes: { sent = true; return [UInt8](data) },
                                               size: Int64(data.count), policy: policy)
                switch result {
                case .queued: summary.queued += 1
                case .alreadyQueued: summary.alreadyQueued += 1
                case .unchanged: summary.unchanged += 1
                }
            } catch { throw archiveFailure(error) }
            if sent { summary.contentsSent += 1; summary.bytesSent += Int64(data.count) }
        }
        return summary
    }
}
