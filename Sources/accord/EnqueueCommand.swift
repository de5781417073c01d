import Foundation
import ArgumentParser
import AccordPipeline
import AccordReaders
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

        Pages scanned as files of their own (see accord ingest) are queued each as itself and, as \
        ingest stores them, once more as one document: a job named like the set (x_p[1-2].jpg) whose \
        content lists its files' contents; a worker reads them as one.

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
        // Page files of one scanned document: each queued as itself, and the set once more, right
        // after its last file, as a job whose content is the list of its files' contents.
        let (items, pageSets) = InputFiles.withPageSets(files, replacingMembers: false)
        for path in items {
            summary.files += 1
            let data: Data, sha: String
            do throws(ReadError) {
                if let set = pageSets[path] {
                    (data, sha) = try PageSetManifest.make(set)
                } else {
                    data = try Pipeline.load(path)
                    sha = ContentHash.hex(data)
                }
            } catch {
                InputFiles.stderr("accord: \(path): \(error.reason)")
                summary.unopened += 1
                continue
            }
            var sent = false
            do {
                let result = try queue.enqueue(path: path, sha256: sha, bytes: { sent = true; return [UInt8](data) },
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

/// A page set as the queue holds it: a job keyed by the set's derived sha256 (as ingest keys it)
/// whose content is a manifest — `accord-page-set/1`, then per page file its sha256, a tab and its
/// path — naming the page files' own contents, which are queued beside it.
enum PageSetManifest {
    static let magic = "accord-page-set/1\n"

    /// The manifest and the set's sha256; a page file that cannot be opened is the set's error.
    static func make(_ set: PageSet) throws(ReadError) -> (Data, String) {
        var shas: [String] = []
        for m in set.members {
            do { shas.append(ContentHash.hex(try Pipeline.load(m))) }
            catch { throw ReadError("page file \(m): \(error.reason)") }
        }
        let text = magic + zip(shas, set.members).map { "\($0)\t\($1)\n" }.joined()
        return (Data(text.utf8), PageSets.sha256(of: shas))
    }

    /// The page files (sha256, path) a job's content lists, or nil when it is no manifest of a set
    /// named `path`.
    static func parse(_ bytes: [UInt8], path: String) -> [(sha256: String, path: String)]? {
        guard PageSets.members(ofSetNamed: path) != nil, bytes.starts(with: Array(magic.utf8)) else { return nil }
        let lines = String(decoding: bytes.dropFirst(magic.utf8.count), as: UTF8.self).split(separator: "\n")
        var out: [(String, String)] = []
        for line in lines {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0].count == 64 else { return nil }
            out.append((parts[0], parts[1]))
        }
        return out.count >= 2 ? out : nil
    }
}
