import Foundation
import AccordPipeline
import AccordReaders
import AccordArchive
import AccordArchivePostgres

/// The loop of `accord worker` (and of `accord ingest --db postgres://…`'s local worker): threads
/// that each claim a job, keep its lease alive while they read the file (in a reader process, as
/// ingest reads), and complete it — reading stored and job done in one transaction that checks the
/// lease is still theirs. A worker killed at any moment leaves its job leased until the lease
/// expires; another worker then claims and redoes it, and a completion that arrives after its
/// lease was lost stores nothing.
final class QueueWorker: @unchecked Sendable {
    // Unchecked: `tally`, `stopped`, `errorsInARow` are only touched under `lock`; the rest is immutable
    // or Sendable (the archive's pool guards its own connections; `reader` hands each thread a worker process).
    struct Settings {
        var name: String
        var threads: Int
        var lease: Double
        var poll: Double
        var untilEmpty: Bool
        var noExtract: Bool
        var quiet: Bool
        /// With `noExtract`: the reading stored for every job (a real document's, read once), so
        /// that each completion writes a real record, text and search index; nil: a "not read" reading.
        var sample: Reading? = nil
    }

    struct Tally: Sendable {
        var new = 0, unchanged = 0, linked = 0, superseded = 0, failedReadings = 0, withErrorFindings = 0
        /// Jobs given back after a failure that may pass (reader crashed, timed out…), or ended as failed.
        var released = 0
        /// Completions refused because the lease had expired and another worker had the job.
        var leaseLost = 0
        var pages = 0
        /// Seconds spent working jobs (claim to completion), and the part of it spent waiting for the database.
        var seconds = 0.0
        var databaseSeconds = 0.0
        var done: Int { new + unchanged + linked }
    }

    let archive: PostgresArchive
    let queue: PostgresQueue
    let settings: Settings
    let reader: FileReading
    private let lock = NSLock()
    private var tally = Tally()
    private var stopped = false
    private var errorsInARow = 0
    private let scratch: URL

    /// A database that keeps failing this many times in a row ends the worker (exit status 2).
    static let maxErrorsInARow = 20

    init(archive: PostgresArchive, settings: Settings, reader: FileReading) {
        self.archive = archive; self.queue = archive.queue; self.settings = settings; self.reader = reader
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("accord-worker-\(getpid())")
    }

    /// The default name of a worker: this machine and process.
    static var defaultName: String {
        var buf = [CChar](repeating: 0, count: 256)
        gethostname(&buf, buf.count - 1)
        let host = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host.isEmpty ? "localhost" : host):\(getpid())"
    }

    /// Runs the threads until stopped (or, with `untilEmpty`, until no job is pending or leased);
    /// the tally, or the last database error when the database kept failing.
    func run() -> (Tally, ArchiveError?) {
        Self.removeStaleScratch()
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let finished = DispatchSemaphore(value: 0)
        let lastError = LockedBox<ArchiveError?>(nil)
        for i in 1...settings.threads {
            let thread = Thread { [self] in
                if let e = loop(thread: i) { lastError.set(e) }
                finished.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 1...settings.threads { finished.wait() }
        lock.lock(); defer { lock.unlock() }
        return (tally, lastError.get())
    }

    /// The scratch folders of workers killed on this machine (their process is gone): removed.
    static func removeStaleScratch() {
        let tmp = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] where name.hasPrefix("accord-worker-") {
            guard let pid = Int32(name.dropFirst("accord-worker-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
        }
    }

    private func loop(thread: Int) -> ArchiveError? {
        let me = settings.threads > 1 ? "\(settings.name)/\(thread)" : settings.name
        while !isStopped {
            do throws(ArchiveError) {
                var db = 0.0
                guard let job = try timed(&db, { () throws(ArchiveError) in
                    try queue.claim(worker: me, lease: settings.lease, extractor: Pipeline.extractorVersion)
                }) else {
                    if settings.untilEmpty, try !queue.hasOpenJobs() { return nil }
                    succeeded()
                    Thread.sleep(forTimeInterval: settings.poll)
                    continue
                }
                try work(job, as: me, database: db)
                succeeded()
            } catch {
                InputFiles.stderr("accord: worker \(me): \(error.reason)")
                if failedAgain() { stop(); return error }
                Thread.sleep(forTimeInterval: settings.poll)
            }
        }
        return nil
    }

    /// Reads and stores one claimed job.
    private func work(_ job: PostgresQueue.Job, as me: String, database claimed: Double) throws(ArchiveError) {
        var db = claimed
        let policy = ReadingPolicy(extractor: Pipeline.extractorVersion, requireCurrentExtractor: job.reextract, retryFailed: job.retryFailed)
        let keeper = LeaseKeeper(queue: queue, job: job, lease: settings.lease)
        keeper.start()
        defer { keeper.stop() }
        let t0 = DispatchTime.now().uptimeNanoseconds
        var file = IngestedFile(path: job.path, size: job.size, sha256: job.sha256, reading: nil)
        if settings.noExtract {
            // The queue's own cost (claim, fetch, store, complete) without reading: `--no-extract`.
            _ = try timed(&db) { () throws(ArchiveError) in try queue.content(job) }
            file.reading = settings.sample ?? .failed("not read (accord worker --no-extract)")
        } else if timed(&db, { (try? archive.lookup(path: job.path, sha256: job.sha256, policy: policy)) ?? .unknown }) == .unknown {
            file.reading = try read(job, database: &db)
        }
        if let reading = file.reading, reading.status == .failed, let reason = reading.error, Self.mayPass(reason) {
            let kept = try timed(&db) { () throws(ArchiveError) in try queue.release(job, reason: reason, policy: policy, worker: me) }
            record(job, as: me, outcome: kept ? "given back: \(reason)" : "lease lost", seconds: Self.since(t0), database: db) { t in
                if kept { t.released += 1 } else { t.leaseLost += 1 }
            }
            return
        }
        let policyCopy = policy, fileCopy = file
        var completion = try timed(&db) { () throws(ArchiveError) in try queue.complete(job, file: fileCopy, policy: policyCopy, worker: me) }
        if case .done(let o) = completion, o.needsReading {
            // The archive lost the reading the lookup counted on: read it now.
            file.reading = try read(job, database: &db)
            let again = file
            completion = try timed(&db) { () throws(ArchiveError) in try queue.complete(job, file: again, policy: policyCopy, worker: me) }
        }
        let seconds = Self.since(t0)
        switch completion {
        case .leaseLost:
            record(job, as: me, outcome: "lease lost (expired and claimed by another worker): not stored", seconds: seconds, database: db) { $0.leaseLost += 1 }
        case .done(let o):
            let pages = file.reading?.pages ?? 0
            record(job, as: me, outcome: o.kind.rawValue + (o.status == .failed ? " failed: \(o.error ?? "")" : ""), seconds: seconds, database: db) { t in
                switch o.kind {
                case .new: t.new += 1
                case .unchanged: t.unchanged += 1
                case .linked: t.linked += 1
                }
                if o.status == .failed { t.failedReadings += 1 }
                if o.supersededPrevious { t.superseded += 1 }
                if o.findings.error > 0 { t.withErrorFindings += 1 }
                t.pages += pages
            }
        }
    }

    /// Reads the job's content (fetched from the database into a scratch file) as ingest reads a file.
    private func read(_ job: PostgresQueue.Job, database db: inout Double) throws(ArchiveError) -> Reading {
        let bytes = try timed(&db) { () throws(ArchiveError) in try queue.content(job) }
        let local = scratch.appendingPathComponent("job-\(job.id)-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: local.path, contents: Data(bytes)) else {
            return .failed("cannot write the content to \(local.path)")
        }
        defer { try? FileManager.default.removeItem(at: local) }
        if let pages = PageSetManifest.parse(bytes, path: job.path) { return try readPages(job, pages, database: &db) }
        return Ingestor.reading(reader.perform(ReadRequest(job: .ingest, path: job.path, sha256: job.sha256, contentPath: local.path)))
    }

    /// A page set's job: its page files' contents fetched into scratch files, read as one document.
    private func readPages(_ job: PostgresQueue.Job, _ pages: [(sha256: String, path: String)], database db: inout Double) throws(ArchiveError) -> Reading {
        var locals: [URL] = []
        defer { for l in locals { try? FileManager.default.removeItem(at: l) } }
        for (n, page) in pages.enumerated() {
            let bytes = try timed(&db) { () throws(ArchiveError) in try queue.content(sha256: page.sha256, of: page.path) }
            let local = scratch.appendingPathComponent("job-\(job.id)-\(n + 1)-\(UUID().uuidString)")
            guard FileManager.default.createFile(atPath: local.path, contents: Data(bytes)) else {
                return .failed("cannot write the content to \(local.path)")
            }
            locals.append(local)
        }
        return Ingestor.reading(reader.perform(ReadRequest(job: .ingest, path: job.path, sha256: job.sha256,
                                                           members: pages.map(\.path), memberContents: locals.map(\.path))))
    }

    /// A failure of the reading machinery rather than of the file's content (the reader process
    /// crashed, hung or vanished, or the content could not be written here): the job is tried
    /// again, on this worker or another, and ends failed only after the same failure three times.
    static func mayPass(_ reason: String) -> Bool {
        ["crashed while reading", "timed out after", "the reader process ended", "cannot start a reader process",
         "the reader's answer is incomplete", "cannot write the content"].contains { reason.hasPrefix($0) }
    }

    private func record(_ job: PostgresQueue.Job, as me: String, outcome: String, seconds: Double, database: Double, _ update: (inout Tally) -> Void) {
        lock.lock()
        update(&tally)
        tally.seconds += seconds
        tally.databaseSeconds += database
        lock.unlock()
        if !settings.quiet {
            InputFiles.stderr("worker \(me): job \(job.id) \(job.path): \(outcome) (\(String(format: "%.2f", seconds)) s)")
        }
    }

    /// `body`, its wall time added to `total`.
    private func timed<T>(_ total: inout Double, _ body: () throws(ArchiveError) -> T) throws(ArchiveError) -> T {
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { total += Self.since(t0) }
        return try body()
    }

    private func timed<T>(_ total: inout Double, _ body: () -> T) -> T {
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { total += Self.since(t0) }
        return body()
    }

    private static func since(_ t0: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }
    /// No job is claimed after this; the jobs in progress are finished (SIGTERM, SIGINT).
    func stop() { lock.lock(); stopped = true; lock.unlock() }
    private func succeeded() { lock.lock(); errorsInARow = 0; lock.unlock() }
    private func failedAgain() -> Bool { lock.lock(); defer { lock.unlock() }; errorsInARow += 1; return errorsInARow >= Self.maxErrorsInARow }
}

/// Renews one job's lease every third of its length while the job is worked on.
final class LeaseKeeper: @unchecked Sendable {
    // Unchecked: `timer` is set in `start` and cancelled in `stop`, on the one thread that works the job.
    private let queue: PostgresQueue
    private let job: PostgresQueue.Job
    private let lease: Double
    private let dispatch = DispatchQueue(label: "accord.lease")
    private var timer: (any DispatchSourceTimer)?

    init(queue: PostgresQueue, job: PostgresQueue.Job, lease: Double) { self.queue = queue; self.job = job; self.lease = lease }

    func start() {
        let t = DispatchSource.makeTimerSource(queue: dispatch)
        let every = max(0.2, lease / 3)
        t.schedule(deadline: .now() + every, repeating: every)
        t.setEventHandler { [queue, job, lease] in
            // A failed renewal is not fatal here: the completion checks the lease, and stores nothing if it was lost.
            _ = try? queue.renew(job, lease: lease)
        }
        t.resume()
        timer = t
    }

    func stop() {
        timer?.cancel()
        // Wait for a renewal in flight, so that none runs after the job is completed.
        dispatch.sync {}
        timer = nil
    }
}

/// A value shared between threads.
final class LockedBox<T>: @unchecked Sendable {
    // Unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
}
