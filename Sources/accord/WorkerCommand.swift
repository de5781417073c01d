import Foundation
import ArgumentParser
import AccordArchive
import AccordArchivePostgres
import AccordOCR

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Read the files queued in a PostgreSQL archive and store them, on any number of machines.",
        discussion: """
        Claims jobs from the queue (accord enqueue) with SELECT … FOR UPDATE SKIP LOCKED, so that any \
        number of workers on any number of machines take different jobs without waiting for each \
        other; fetches the file's bytes from the database, reads it as ingest does (in a reader \
        process: a crash or a hang is the job's failure, not the worker's) and stores the reading and \
        marks the job done in one transaction that first checks the worker still holds the job's \
        lease. The lease lasts --lease-seconds and is renewed every third of that while the job is \
        read. A worker killed at any moment (SIGKILL, a machine gone) leaves nothing half stored: its \
        lease expires and another worker claims the job and reads it again. A job whose reader \
        crashed, timed out or vanished is given back and tried again; the same failure three times \
        in a row (an expired lease counts as one) ends it as failed, the reason stored as the file's \
        reading (accord list --status failed, accord queue status).

        Runs until stopped, looking for new jobs every --poll seconds when the queue is empty; with \
        --until-empty it ends when no job is pending or leased by anyone. Each job is one line on \
        standard error (worker NAME: job ID PATH: new|unchanged|linked|given back… (seconds)) unless \
        --quiet; standard output gets one summary line at the end.

        --no-extract measures the queue itself: each job is claimed, its bytes fetched, a reading \
        "not read" stored and the job completed, with no reading (scripts/bench_queue.sh); with \
        --sample FILE, FILE's reading (read once) is stored as every job's instead, so that each \
        completion writes a real record, text and search index.

        SIGTERM or SIGINT (Ctrl-C) stops claiming and lets the jobs in progress finish; a second one \
        stops at once (those jobs' leases then expire and other workers redo them).

        Exit status: 0; 2 for usage errors, or when the archive cannot be reached (or fails 20 times in a row).
        """)

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .long, help: "Jobs worked side by side, each on a thread with its own reader process (default: one per core).")
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp("How long a claimed job stays this worker's without a renewal.", valueName: "SECONDS"))
    var leaseSeconds: Double = 60

    @Option(name: .long, help: ArgumentHelp("How often to look for jobs when none is claimable.", valueName: "SECONDS"))
    var poll: Double = 1

    @Flag(name: .long, help: "End when no job is pending or leased (instead of waiting for new ones).")
    var untilEmpty = false

    @Option(name: .long, help: "This worker's name in the queue (default HOST:PID).")
    var name: String?

    @Flag(name: .long, help: "Do not read the files: claim, fetch, store \"not read\" and complete (measures the queue).")
    var noExtract = false

    @Option(name: .long, help: ArgumentHelp("With --no-extract: store FILE's reading (read once) as every job's, a real record's weight.", valueName: "FILE"))
    var sample: String?

    @Flag(name: .shortAndLong, help: "No line per job on standard error.")
    var quiet = false

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if leaseSeconds < 1 { throw ValidationError("--lease-seconds must be at least 1") }
        if poll <= 0 { throw ValidationError("--poll must be more than 0 seconds") }
        if sample != nil && !noExtract { throw ValidationError("--sample goes with --no-extract") }
    }

    func run() throws {
        let store = try archive.openPostgres(for: "accord worker")
        // Reader processes start single-threaded for Tesseract; --in-process re-executes this one so.
        if reading.inProcess { OMPThreadLimit.reexecIfNeeded() }
        var settings = QueueWorker.Settings(name: name ?? QueueWorker.defaultName, threads: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                            lease: leaseSeconds, poll: poll, untilEmpty: untilEmpty, noExtract: noExtract, quiet: quiet)
        let reader = reading.reading(batch: true)
        if let sample {
            let r = Ingestor.reading(reader.perform(ReadRequest(job: .ingest, path: sample)))
            guard r.status == .ok else {
                InputFiles.stderr("accord: \(sample): \(r.error ?? "cannot be read")")
                throw ExitCode(2)
            }
            settings.sample = r
        }
        let worker = QueueWorker(archive: store, settings: settings, reader: reader)
        // SIGTERM or SIGINT: claim nothing more, finish the jobs in progress, print the summary; a
        // second one ends the process at once (its leases then expire and other workers redo the jobs).
        var signals: [any DispatchSourceSignal] = []
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            let count = LockedBox(0)
            source.setEventHandler {
                count.set(count.get() + 1)
                if count.get() > 1 { _exit(128 + sig) }
                InputFiles.stderr("accord: worker \(settings.name): stopping after the jobs in progress (again to stop now)")
                worker.stop()
            }
            source.resume()
            signals.append(source)
        }
        defer { for s in signals { s.cancel() } }
        let t0 = Date()
        let (tally, failure) = worker.run()
        InputFiles.stdout(Self.summary(settings.name, tally, seconds: Date().timeIntervalSince(t0)) + "\n")
        if let failure { throw archiveFailure(failure) }
    }

    static func summary(_ name: String, _ t: QueueWorker.Tally, seconds: Double) -> String {
        "worker \(name): \(t.done) jobs done (\(t.new) new, \(t.unchanged) unchanged, \(t.linked) linked, \(t.failedReadings) failed), "
            + "\(t.released) given back, \(t.leaseLost) lease lost, \(t.pages) pages, in \(String(format: "%.1f", seconds)) s "
            + "(jobs \(String(format: "%.1f", t.seconds)) s, of which waiting for the database \(String(format: "%.1f", t.databaseSeconds)) s)"
    }
}
