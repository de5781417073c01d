import Testing
import Foundation
import TestSupport

/// A batch outlives a file that crashes or hangs the reader (issue 15): files are read in worker
/// processes, and a test-only switch (ACCORD_TEST_FAULT) makes the reading of chosen files trap or
/// never return.
@Suite struct IsolationTests {
    typealias CLI = CommandLineTests
    static let files = ["corpus/seeds/000_77b86f38557a5dc6.txt", "corpus/seeds/001_08ce58bb254aa3f5.txt",
                        "corpus/seeds/002_b89b15cc7f74b3ec.txt", "corpus/seeds/003_fec90b3e624f4feb.txt",
                        "corpus/docx/001_agreement.docx"]

    static func faulty() -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["ACCORD_TEST_FAULT"] = "crash:001_08ce,hang:003_fec9"
        return env
    }

    @Test func extractWritesTheGoodFilesAndReportsTheCrashAndTheHang() throws {
        let started = Date()
        let r = try CLI.run(["extract", "--timeout", "3"] + Self.files, environment: Self.faulty())
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(r.status == 2)
        #expect(r.stderr == "accord: corpus/seeds/001_08ce58bb254aa3f5.txt: crashed while reading (signal 11)\n"
                + "accord: corpus/seeds/003_fec90b3e624f4feb.txt: timed out after 3 s (the reader was stopped)\n")
        // The good files' records, each the one it gives alone, in order.
        let good = [Self.files[0], Self.files[2], Self.files[4]]
        let expected = try CLI.run(["extract"] + good)
        #expect(expected.status == 0 && r.stdout == expected.stdout)
    }

    @Test func checkAndIngestGoOnToo() throws {
        let check = try CLI.run(["check", "--timeout", "3"] + Self.files, environment: Self.faulty())
        #expect(check.status == 2)
        #expect(check.stderr.split(separator: "\n").count == 2 && check.stderr.contains("crashed while reading"))
        #expect(check.stdout == (try CLI.run(["check", Self.files[0], Self.files[2], Self.files[4]]).stdout))

        let db = FileManager.default.temporaryDirectory.appendingPathComponent("accord-iso-\(UUID().uuidString).sqlite").path
        let ingest = try CLI.run(["ingest", "--db", db, "--quiet", "--timeout", "3"] + Self.files, environment: Self.faulty())
        #expect(ingest.status == 1)
        #expect(ingest.stdout.hasPrefix("ingest: 5 files into \(db): 3 new, 0 unchanged, 0 linked, 0 superseded, 2 failed, 0 with error findings"))
        let list = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["list", "--db", db, "--status", "failed", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(list.compactMap { $0["error"] as? String } == ["crashed while reading (signal 11)", "timed out after 3 s (the reader was stopped)"])
    }

    /// Read in the ingest's own process, the crashing file takes the ingest down; the next run
    /// reads the files that were being read in a worker of their own, and stores the culprit as failed.
    @Test func inProcessACrashEndsTheRunAndTheNextOneIsolatesTheSuspects() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("accord-iso-\(UUID().uuidString).sqlite").path
        var env = Self.faulty()
        env["ACCORD_TEST_FAULT"] = "crash:002_b89b"
        env["SWIFT_BACKTRACE"] = "enable=no"
        let first = try CLI.run(["ingest", "--db", db, "--quiet", "--in-process"] + Self.files, environment: env)
        #expect(first.status != 0 && first.status != 1 && first.status != 2, "the ingest itself crashed")
        let second = try CLI.run(["ingest", "--db", db, "--quiet", "--in-process"] + Self.files, environment: env)
        #expect(second.status == 1)
        #expect(second.stderr == "accord: corpus/seeds/002_b89b15cc7f74b3ec.txt: crashed while reading (signal 11)\n")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["list", "--db", db, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 5)
        #expect(list.filter { $0["status"] as? String == "failed" }.compactMap { $0["path"] as? String } == ["corpus/seeds/002_b89b15cc7f74b3ec.txt"])
    }

    /// Worker processes and threads of this process give the same output, byte for byte.
    @Test func workersReadAsThisProcessDoes() throws {
        for args in [["extract"], ["extract", "-f", "summary"], ["extract", "-f", "text"], ["check"]] {
            let workers = try CLI.run(args + ["corpus/seeds", "corpus/docx", "corpus/hostile/truncated.docx"])
            let threads = try CLI.run(args + ["--in-process", "corpus/seeds", "corpus/docx", "corpus/hostile/truncated.docx"])
            #expect(workers.status == threads.status && workers.stdout == threads.stdout && workers.stderr == threads.stderr, "\(args)")
        }
        #expect(try CLI.run(["extract", "--timeout", "0", "corpus/seeds"]).status == 2)
    }
}
