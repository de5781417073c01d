import Foundation
import ArgumentParser
import AccordModel
import AccordPipeline
import AccordReaders
import AccordOCR
import AccordExport
import AccordArchive
import AccordArchivePostgres
import AccordText

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read documents into the archive, each once.",
        discussion: """
        Walks the folders (recursively, sorted, hidden files skipped), sniffs each file by content, \
        reads it with the same pipeline as extract (files side by side, one per core) and stores, \
        per file: its path, size, sha256, status (ok, or failed with its one-line reason) and, when \
        ok, the canonical record, its cleaning report, the cleaned text and the columns that list \
        shows. Each file is stored in one transaction: a run killed at any moment leaves every file \
        either wholly in or not in, and the same command again finishes the job.

        A reading is keyed by the content's sha256 and the extractor version:
          unchanged   the path holds this content already: not read again
          linked      the same content is in under another path (or was read before): linked to
                      that reading, not read again
          new         read now
          superseded  the path held other content before: that version is kept, marked superseded
        A newer Accord whose extraction differs re-reads files only with --reextract. Files whose \
        reading failed are tried again only with --retry-failed (with no PATH: every failed path in \
        the archive).

        Several ingests may run on one archive at once (each waits for the other's transaction).

        Pages scanned as files of their own are also stored as one document: files in one folder \
        whose names differ only by a page number (x_p1.jpg x_p2.jpg, x-page1.png, x (1).pdf, \
        scan001.tif scan002.tif), numbered without a gap, all of one image or PDF format (sniffed). \
        Each file is stored as read alone, as always, and the set once more as an entry of its own \
        named like its files with the page range in brackets (scans/x_p[1-2].jpg), keyed by a \
        sha256 derived from its files' (sha256 of "accord-page-set/1" and each file's sha256, one \
        per line, in page order). Its record's source.parts lists the files and their pages; each \
        value's provenance names the sha256 of the file its page is in. Pages whose own printed \
        page numbers contradict the names' order, or a later page that reads as a document of its \
        own, make that entry failed with the reason.

        With --db postgres://… ingest is accord enqueue followed by one local accord worker (--jobs \
        threads) that runs until the queue is empty: workers on other machines may help meanwhile. \
        Its summary counts what this worker stored.

        Files are read in worker processes: a file that crashes the reader, or is still being read \
        after --timeout seconds, is stored as failed with that reason and the batch goes on. With \
        --in-process (no workers), a file that was being read when an earlier run died is read in \
        a worker of its own, and one whose reading started twice and never finished is stored as \
        failed instead of being tried again and again.

        Progress: on a terminal, one live line (files done/total, pages recognized, files per \
        second, ETA, failures); when standard error is not a terminal, a plain line every few \
        seconds. Each failed file is one line on standard error: accord: PATH: reason. \
        --events jsonl writes one JSON object per file to standard output instead (and the summary \
        as a last object; with --db postgres://… only the summary, of what this worker stored). \
        Otherwise standard output gets one summary line.

        Exit status: 0 when every file is in and none has an error finding; 1 when a file failed or \
        has error findings; 2 for usage errors or an archive that cannot be opened.
        """)

    enum Events: String, ExpressibleByArgument { case jsonl }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .long, help: "Files read side by side (default: one per core).")
    var jobs: Int?

    @Flag(name: .long, help: "Read again the files whose reading failed.")
    var retryFailed = false

    @Flag(name: .long, help: "Read again files read by another extractor version.")
    var reextract = false

    @Flag(name: .shortAndLong, help: "No progress on standard error (failures are still reported).")
    var quiet = false

    @Option(name: .long, help: "Machine-readable progress on standard output: jsonl (one JSON object per file done).")
    var events: Events?

    @OptionGroup var reading: ReadingOptions

    @Argument(help: "Files or directories to ingest.", completion: .file())
    var paths: [String] = []

    /// New readings added to the search index together (one commit for many documents' trigrams).
    /// Small enough that the readers, a few files ahead, do not wait for it; large enough that
    /// the index is flushed once per batch instead of once per document.
    static let indexBatch = 32

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.isEmpty && !retryFailed { throw ValidationError("no input files (name files or folders, or use --retry-failed)") }
    }

    /// The absolute path with symbolic links resolved, to tell one file under two names.
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    func run() throws {
        if archive.isPostgres { return try runQueued() }
        let store = try archive.open(.readWrite)
        var unlisted: [String] = []
        var files = InputFiles.expand(paths, unlisted: &unlisted).map(SQLiteArchive.normalize)
        let unreadable = InputFiles.reportUnlisted(unlisted)
        if paths.isEmpty {
            do { files = InputFiles.expandingPageSetNames(try store.failedPaths()) } catch { throw archiveFailure(error) }
        }
        // A path named twice (a file and its folder) is ingested once; the archive itself (and
        // its -wal and -shm files), when it lies in the tree being ingested, is not a document.
        var seen = Set<String>()
        let ownNames = ["", "-wal", "-shm", "-journal"].map { (archive.db as NSString).lastPathComponent + $0 }
        let own = Set(["", "-wal", "-shm", "-journal"].map { Self.resolved(archive.db + $0) })
        files = files.filter { f in
            // Only a file named like the archive's parts is resolved (symbolic links, ..) to compare.
            let named = ownNames.contains((f as NSString).lastPathComponent)
            return !(named && own.contains(Self.resolved(f))) && seen.insert(f).inserted
        }
        guard !files.isEmpty || paths.isEmpty else { throw ValidationError("no input files") }
        reading.prepareProcess(reading: files, batch: true)
        let policy = ReadingPolicy(extractor: Pipeline.extractorVersion, requireCurrentExtractor: reextract, retryFailed: retryFailed)
        let ingestor = Ingestor(store: store, policy: policy, reader: reading.reading(batch: true), timeout: reading.timeout)
        // Page files of one scanned document: each stored as read alone, and the set as one document.
        let (items, pageSets) = InputFiles.withPageSets(files, replacingMembers: false)
        var progress = IngestProgress(total: items.count, mode: quiet ? .quiet : (isatty(STDERR_FILENO) == 1 ? .live : .log),
                                      events: events == .jsonl)
        var storeFailure: ArchiveError?
        var sinceIndexed = 0
        // Two files more in flight than there are readers: while the writer stores a file or
        // indexes a batch, every reader has the next one.
        let window = (jobs ?? ProcessInfo.processInfo.activeProcessorCount) + 2
        _ = InputFiles.sideBySide(items, progress: false, window: window, { path throws(ReadError) in
            pageSets[path].map(ingestor.prepare) ?? ingestor.prepare(path)
        }) { path, prepared in
            guard storeFailure == nil else { return }
            do throws(ArchiveError) {
                let outcome = try ingestor.store(prepared)
                progress.done(path: path, prepared: prepared, outcome: outcome)
                if outcome?.kind == .new { sinceIndexed += 1 }
                if sinceIndexed >= Self.indexBatch { _ = try store.indexPending(); sinceIndexed = 0 }
            } catch {
                storeFailure = error
            }
        }
        // The search index is brought up to date in batches, and at the end (a killed run's
        // last batch is indexed by the next run; search scans it meanwhile).
        if storeFailure == nil {
            do throws(ArchiveError) { _ = try store.indexPending() } catch { storeFailure = error }
        }
        if let storeFailure { progress.finish(store.location); throw archiveFailure(storeFailure) }
        progress.finish(store.location)
        if progress.summary.failed > 0 || progress.summary.withErrorFindings > 0 || unreadable > 0 { throw ExitCode(1) }
    }
}

extension IngestCommand {
    /// `ingest --db postgres://…`: enqueue the files, then work the queue here until it is empty.
    func runQueued() throws {
        let store = try archive.openPostgres(for: "accord ingest")
        let policy = ReadingPolicy(extractor: Pipeline.extractorVersion, requireCurrentExtractor: reextract, retryFailed: retryFailed)
        var files = paths
        if files.isEmpty {
            do { files = try store.failedPaths() } catch { throw archiveFailure(error) }
        }
        let queued = try EnqueueCommand.enqueue(files, into: store, policy: policy)
        if reading.inProcess { OMPThreadLimit.reexecIfNeeded() }
        let settings = QueueWorker.Settings(name: QueueWorker.defaultName, threads: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                            lease: 60, poll: 1, untilEmpty: true, noExtract: false, quiet: true)
        let t0 = Date()
        let (t, failure) = QueueWorker(archive: store, settings: settings, reader: reading.reading(batch: true)).run()
        if let failure { throw archiveFailure(failure) }
        let seconds = Date().timeIntervalSince(t0)
        let line = "ingest: \(queued.files) files into \(store.location): \(queued.queued) queued (\(queued.alreadyQueued) already queued, "
            + "\(queued.unchanged) unchanged); this worker stored \(t.new) new, \(t.unchanged) unchanged, \(t.linked) linked, "
            + "\(t.failedReadings) failed, \(t.withErrorFindings) with error findings, \(t.released) given back (\(String(format: "%.1f", seconds)) s)"
        if events == .jsonl {
            // The summary event of accord-ingest-events.schema.json, of what this worker stored
            // (files are done by whichever worker claims them: no per-file events here).
            // Paths already in with this content were not queued: they count as unchanged.
            InputFiles.stdout(json: IngestProgress.Summary(archive: store.location, files: queued.files, new: t.new,
                                                           unchanged: t.unchanged + queued.unchanged, linked: t.linked,
                                                           superseded: t.superseded, failed: t.failedReadings, failedBefore: 0,
                                                           withErrorFindings: t.withErrorFindings, pages: t.pages, seconds: seconds),
                              pretty: false)
        } else {
            InputFiles.stdout(line + "\n")
        }
        if queued.unopened > 0 || t.failedReadings > 0 || t.withErrorFindings > 0 { throw ExitCode(1) }
    }
}
