import Testing
import Foundation
@testable import AccordArchivePostgres
import AccordArchive
import TestSupport

/// The queue against a real server: workers killed in the middle of a job, leases that run out,
/// failures that repeat.
@Suite(.serialized, .enabled(if: PG.url != nil, PG.skipReason))
struct QueueTests {
    /// 300 files: two scans first (OCR takes seconds: the job a worker is killed in) then 298
    /// distinct text documents (the seeds, each copy with a line of its own).
    static func tree(_ dir: URL) throws -> [String] {
        let fm = FileManager.default
        let shelf = dir.appendingPathComponent("shelf")
        try fm.createDirectory(at: shelf, withIntermediateDirectories: true)
        try fm.copyItem(at: Corpus.url("corpus/scans/001-clean-p1.png"), to: shelf.appendingPathComponent("000-scan-a.png"))
        try fm.copyItem(at: Corpus.url("corpus/scans/001-degraded-p1.jpg"), to: shelf.appendingPathComponent("000-scan-b.jpg"))
        let seeds = try fm.contentsOfDirectory(atPath: Corpus.url("corpus/seeds").path).filter { $0.hasSuffix(".txt") }.sorted()
        let texts = try seeds.map { try String(contentsOf: Corpus.url("corpus/seeds/\($0)"), encoding: .utf8) }
        for i in 0..<298 {
            let text = texts[i % texts.count] + "\n备注:第\(i + 1)份副本。\n"
            try Data(text.utf8).write(to: shelf.appendingPathComponent(String(format: "doc-%03d.txt", i + 1)))
        }
        return try fm.contentsOfDirectory(atPath: shelf.path).sorted().map { "shelf/" + $0 }
    }

    @Test func threeWorkersDrainThreeHundredFilesThoughOneIsKilledMidJob() throws {
        let dir = try CLI.tempDir("sigkill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try Self.tree(dir)
        #expect(paths.count == 300)
        let url = try PG.freshDatabase("sigkill")
        let enqueued = try CLI.run(["enqueue", "--db", url, "shelf"], in: dir)
        #expect(enqueued.status == 0 && enqueued.stdout.contains("300 files into") && enqueued.stdout.contains("300 queued"), "\(enqueued.stdout)\(enqueued.stderr)")

        let lease = 4.0
        var workers: [String: Process] = [:]
        for name in ["w1", "w2", "w3"] {
            let log = dir.appendingPathComponent("\(name).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            workers[name] = try CLI.start(["worker", "--db", url, "--jobs", "1", "--lease-seconds", "\(Int(lease))", "--poll", "0.3",
                                           "--until-empty", "--name", name], in: dir, out: handle, err: handle)
        }
        defer { for p in workers.values where p.isRunning { kill(p.processIdentifier, SIGKILL) } }

        // Wait until a worker holds a scan (its OCR takes seconds), then kill that worker outright.
        var victim: (name: String, job: Int64)?
        let deadline = Date().addingTimeInterval(60)
        while victim == nil, Date() < deadline {
            victim = try PG.session(url) { s in
                try s.query("SELECT id, leased_by FROM job WHERE state = 'leased' AND path LIKE 'shelf/000-scan-%' ORDER BY id LIMIT 1").first.map {
                    (try $0["leased_by"].get(String.self), try $0["id"].get(Int64.self))
                }
            }
            if victim == nil { usleep(50_000) }
        }
        let killed = try #require(victim, "a worker claimed a scan")
        let process = try #require(workers[killed.name])
        // Still reading it (nothing stored for it yet): the kill lands in the middle of the job.
        #expect(try PG.count(url, "SELECT count(*) AS n FROM job WHERE id = \(killed.job) AND state = 'leased'") == 1)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)

        // The other two drain the queue, the killed worker's job included once its lease runs out.
        for (name, p) in workers where name != killed.name {
            p.waitUntilExit()
            let log = (try? String(contentsOf: dir.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
            #expect(p.terminationStatus == 0, "\(name): \(log.suffix(2000))")
        }

        // Every job done exactly once; no job pending, leased or failed.
        #expect(try PG.count(url, "SELECT count(*) AS n FROM job") == 300)
        #expect(try PG.count(url, "SELECT count(*) AS n FROM job WHERE state = 'done'") == 300)
        // One path version per file, each pointing at the reading of its own content; one reading per content.
        #expect(try PG.count(url, "SELECT count(*) AS n FROM file") == 300)
        #expect(try PG.count(url, "SELECT count(DISTINCT path) AS n FROM file WHERE superseded_at IS NULL AND version = 1") == 300)
        #expect(try PG.count(url, "SELECT count(*) AS n FROM reading") == 300)
        #expect(try PG.count(url, "SELECT count(*) AS n FROM file f JOIN reading r ON r.id = f.reading_id AND r.sha256 = f.sha256") == 300)
        #expect(try PG.count(url, "SELECT count(*) AS n FROM job j JOIN file f ON f.path = j.path AND f.sha256 = j.sha256") == 300)
        // Nothing partial: every reading ok and whole (record, text, search grams), no reading started and left.
        #expect(try PG.count(url, """
            SELECT count(*) AS n FROM reading WHERE status = 'ok' AND record IS NOT NULL AND length(record) > 0
              AND text IS NOT NULL AND cardinality(grams) > 0
            """) == 300)
        #expect(try PG.count(url, "SELECT count(*) AS n FROM attempt") == 0)
        // The killed worker's job was redone by another worker after its lease expired.
        let redone = try PG.session(url) { s in try #require(try s.query("""
            SELECT attempts, finished_by, outcome, extract(epoch FROM finished_at - leased_at) AS took FROM job WHERE id = $1
            """, [.int(killed.job)]).first) }
        #expect(try redone["attempts"].get(Int32.self) >= 2)
        let finisher = try redone["finished_by"].get(String?.self) ?? ""
        #expect(finisher != killed.name && ["w1", "w2", "w3"].contains(finisher))
        #expect(try redone["outcome"].get(String?.self) == "new")
        #expect(try PG.count(url, "SELECT count(*) AS n FROM job WHERE finished_by = '\(killed.name)' AND id = \(killed.job)") == 0)
        // Each path once in the export.
        let export = try CLI.run(["export", "--db", url, "-f", "jsonl"], in: dir)
        #expect(export.stdout.split(separator: "\n").count == 300)
    }

    /// A worker whose lease ran out and whose job another worker claimed stores nothing when it
    /// finally completes; the new holder's completion counts.
    @Test func aCompletionAfterTheLeaseWasLostStoresNothing() throws {
        let url = try PG.freshDatabase("lease")
        let archive = try PostgresArchive.open(url, mode: .readWrite)
        let q = archive.queue
        let policy = ReadingPolicy(extractor: "test/1")
        let bytes = Array("合同\n甲方:深圳市龙岗区平湖街道办事处\n".utf8)
        #expect(try q.enqueue(path: "a.txt", sha256: "aa", bytes: { bytes }, size: Int64(bytes.count), policy: policy) == .queued)
        #expect(try q.enqueue(path: "a.txt", sha256: "aa", bytes: { bytes }, size: Int64(bytes.count), policy: policy) == .alreadyQueued)
        let first = try #require(try q.claim(worker: "slow", lease: 1, extractor: "test/1"))
        #expect(try q.claim(worker: "other", lease: 1, extractor: "test/1") == nil)
        Thread.sleep(forTimeInterval: 1.3)
        let second = try #require(try q.claim(worker: "fast", lease: 30, extractor: "test/1"))
        #expect(second.id == first.id && second.attempt == 2 && second.token != first.token)
        #expect(try !q.renew(first, lease: 30))
        let reading = Reading.failed("placeholder")
        let file = IngestedFile(path: "a.txt", size: Int64(bytes.count), sha256: "aa", reading: reading)
        guard case .leaseLost = try q.complete(first, file: file, policy: policy, worker: "slow") else {
            Issue.record("the lost lease's completion was accepted"); return
        }
        #expect(try PG.count(url, "SELECT count(*) AS n FROM file") == 0)
        guard case .done(let o) = try q.complete(second, file: file, policy: policy, worker: "fast") else {
            Issue.record("the holder's completion was refused"); return
        }
        #expect(o.kind == .new)
        #expect(try PG.count(url, "SELECT count(*) AS n FROM job WHERE state = 'done' AND finished_by = 'fast'") == 1)
        #expect(try q.status().done == 1)
    }

    /// The same failure three times in a row (here: a lease that runs out, as when the reader
    /// kills its worker each time) ends the job as failed, the reason stored as the file's reading.
    @Test func theSameFailureThreeTimesEndsTheJobFailed() throws {
        let url = try PG.freshDatabase("fail")
        let archive = try PostgresArchive.open(url, mode: .readWrite)
        let q = archive.queue
        let policy = ReadingPolicy(extractor: "test/1")
        let bytes = Array("x".utf8)
        _ = try q.enqueue(path: "crash.txt", sha256: "cc", bytes: { bytes }, size: 1, policy: policy)
        // Given back twice with the same reason, then a third time: failed.
        for i in 1...3 {
            let job = try #require(try q.claim(worker: "w", lease: 30, extractor: "test/1"), "attempt \(i)")
            #expect(try q.release(job, reason: "crashed while reading (signal 11)", policy: policy, worker: "w"))
        }
        #expect(try q.claim(worker: "w", lease: 30, extractor: "test/1") == nil)
        let status = try q.status()
        #expect(status.failed == 1 && status.pending == 0 && status.failures.first?.error == "crashed while reading (signal 11) (3 times)")
        let entry = try #require(try archive.entry(idOrPath: "crash.txt"))
        #expect(entry.status == .failed && entry.error == "crashed while reading (signal 11) (3 times)")
        // Expired leases count alike.
        _ = try q.enqueue(path: "hang.txt", sha256: "dd", bytes: { bytes }, size: 1, policy: policy)
        for _ in 1...3 {
            _ = try #require(try q.claim(worker: "w", lease: 1, extractor: "test/1"))
            Thread.sleep(forTimeInterval: 1.1)
        }
        #expect(try q.claim(worker: "w", lease: 1, extractor: "test/1") == nil)
        #expect(try archive.entry(idOrPath: "hang.txt")?.error == PostgresQueue.leaseExpired + " (3 times)")
    }
}
