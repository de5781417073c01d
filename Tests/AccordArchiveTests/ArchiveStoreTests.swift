import Foundation
import Synchronization
import Testing
import GRDB
@testable import AccordArchive
import AccordModel

/// The SQLite store's own rules: what a path, a content and a reading become, version by version.
@Suite struct ArchiveStoreTests {
    static func tempArchive() throws -> (SQLiteArchive, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-archive-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("a.sqlite").path
        return (try SQLiteArchive.open(path, mode: .readWrite), path)
    }

    static func record(_ path: String, sha: String, code: String, text: String = "") -> CanonicalDocument {
        var c = Contract()
        let p = Provenance(source: sha, locator: Locator(line: 1), text: code, confidence: 1)
        c.projectCode = Sourced(code, p)
        c.buyer = Sourced("深圳市龙岗区平湖街道办事处", p)
        return CanonicalDocument(source: SourceInfo(path: path, sha256: sha, format: "markdown", encoding: "utf-8"),
                                 documentKind: .contract, contract: c, packages: [],
                                 report: Report(findings: [Finding(code: "x", severity: .error, message: "m"),
                                                           Finding(code: "y", severity: .info, message: "n")]))
    }

    static func ok(_ path: String, sha: String, code: String = "LG-1", text: String = "督导经费为50400元") throws -> Reading {
        let r = record(path, sha: sha, code: code)
        return .ok(record: Array(try JSONEncoder().encode(r)), text: text, columns: DocumentColumns(r), pages: 0)
    }

    let v1 = ReadingPolicy(extractor: "x/1")

    @Test func newThenUnchangedThenLinkedThenSuperseded() throws {
        let (a, _) = try Self.tempArchive()
        #expect(try a.lookup(path: "d/a.txt", sha256: "s1", policy: v1) == .unknown)
        let first = try a.store(IngestedFile(path: "d/a.txt", size: 10, sha256: "s1", reading: try Self.ok("d/a.txt", sha: "s1")), policy: v1)
        #expect(first.kind == .new && !first.supersededPrevious && first.status == .ok)
        #expect(first.findings == FindingCounts(error: 1, warning: 0, info: 1))
        #expect(try a.lookup(path: "d/a.txt", sha256: "s1", policy: v1) == .unchanged)
        let again = try a.store(IngestedFile(path: "d/a.txt", size: 10, sha256: "s1", reading: nil), policy: v1)
        #expect(again.kind == .unchanged && again.id == first.id)

        // The same content under another name: linked to the same reading, not read.
        #expect(try a.lookup(path: "e/copy.txt", sha256: "s1", policy: v1) == .knownContent)
        let copy = try a.store(IngestedFile(path: "e/copy.txt", size: 10, sha256: "s1", reading: nil), policy: v1)
        #expect(copy.kind == .linked && copy.id != first.id && !copy.needsReading)
        #expect(try a.entry(idOrPath: "e/copy.txt")?.readFrom == "d/a.txt")

        // Changed content at a known path: a new version, the old one kept and marked superseded.
        let changed = try a.store(IngestedFile(path: "d/a.txt", size: 11, sha256: "s2", reading: try Self.ok("d/a.txt", sha: "s2", code: "LG-2")), policy: v1)
        #expect(changed.kind == .new && changed.supersededPrevious)
        let old = try #require(try a.entry(idOrPath: "\(first.id)"))
        #expect(old.supersededAt != nil && old.version == 1 && old.projectCode == "LG-1")
        let current = try #require(try a.entry(idOrPath: "d/a.txt"))
        #expect(current.id == changed.id && current.version == 2 && current.supersededAt == nil && current.projectCode == "LG-2")
        #expect(try a.list(ListFilter()).map(\.path) == ["d/a.txt", "e/copy.txt"])
        #expect(try a.list(ListFilter(code: "LG-1")).map(\.path) == ["e/copy.txt"])
    }

    @Test func unknownContentWithoutAReadingAsksToReadIt() throws {
        let (a, _) = try Self.tempArchive()
        let o = try a.store(IngestedFile(path: "x", size: 1, sha256: "nope", reading: nil), policy: v1)
        #expect(o.needsReading)
        #expect(try a.list(ListFilter()).isEmpty)
    }

    @Test func failedReadingsAreRetriedOnlyWhenAsked() throws {
        let (a, _) = try Self.tempArchive()
        let f = try a.store(IngestedFile(path: "bad.docx", size: 3, sha256: "b", reading: .failed("damaged ZIP archive")), policy: v1)
        #expect(f.kind == .new && f.status == .failed && f.error == "damaged ZIP archive")
        #expect(try a.failedPaths() == ["bad.docx"])
        #expect(try a.lookup(path: "bad.docx", sha256: "b", policy: v1) == .unchanged)
        let retry = ReadingPolicy(extractor: "x/1", retryFailed: true)
        #expect(try a.lookup(path: "bad.docx", sha256: "b", policy: retry) == .unknown)
        let fixed = try a.store(IngestedFile(path: "bad.docx", size: 3, sha256: "b", reading: try Self.ok("bad.docx", sha: "b")), policy: retry)
        #expect(fixed.kind == .new && fixed.status == .ok && fixed.id == f.id && !fixed.supersededPrevious)
        #expect(try a.failedPaths().isEmpty)
        #expect(try a.list(ListFilter(status: .ok)).count == 1)
        #expect(try a.search("督导", limit: nil).map(\.path) == ["bad.docx"])
    }

    @Test func anotherExtractorVersionIsReadAgainOnlyWithReextract() throws {
        let (a, _) = try Self.tempArchive()
        _ = try a.store(IngestedFile(path: "a.txt", size: 1, sha256: "s", reading: try Self.ok("a.txt", sha: "s")), policy: v1)
        let v2 = ReadingPolicy(extractor: "x/2")
        #expect(try a.lookup(path: "a.txt", sha256: "s", policy: v2) == .unchanged)
        let re = ReadingPolicy(extractor: "x/2", requireCurrentExtractor: true)
        #expect(try a.lookup(path: "a.txt", sha256: "s", policy: re) == .unknown)
        let o = try a.store(IngestedFile(path: "a.txt", size: 1, sha256: "s", reading: try Self.ok("a.txt", sha: "s", code: "LG-9")), policy: re)
        #expect(o.kind == .new)
        let e = try #require(try a.entry(idOrPath: "a.txt"))
        #expect(e.extractor == "x/2" && e.projectCode == "LG-9" && e.version == 1)
        #expect(try a.lookup(path: "a.txt", sha256: "s", policy: re) == .unchanged)
    }

    @Test func searchAnswersShortAndLongChineseQueriesWithMarkedSnippets() throws {
        let (a, _) = try Self.tempArchive()
        _ = try a.store(IngestedFile(path: "p.txt", size: 1, sha256: "p", reading: try Self.ok("p.txt", sha: "p", text: "附件:社区党群服务中心服务指标\n督导经费为50400元(含税)")), policy: v1)
        _ = try a.store(IngestedFile(path: "q.txt", size: 1, sha256: "q", reading: try Self.ok("q.txt", sha: "q", text: "社工服务 Phase ONE")), policy: v1)
        // Found before the readings are in the full-text index (a scan) and after (the index).
        for round in 0..<2 {
            if round == 1 { #expect(try a.indexPending() == 2); #expect(try a.indexPending() == 0) }
            #expect(try a.search("社区党群服务中心", limit: nil).map(\.path) == ["p.txt"])
            #expect(try a.search("(含税)", limit: nil).map(\.path) == ["p.txt"])
            #expect(try a.search("不存在的词", limit: nil).isEmpty)
        }
        let indexed = try a.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM reading_fts WHERE reading_fts MATCH '\"服务中心\"'") }
        #expect(indexed == 1, "the index itself answers")
        #expect(try a.search("督导", limit: nil).map(\.snippet) == ["附件:社区党群服务中心服务指标 «督导»经费为50400元(含税)"])
        #expect(try a.search("社", limit: nil).map(\.path) == ["p.txt", "q.txt"])
        #expect(try a.search("社区党群服务中心", limit: nil).map(\.path) == ["p.txt"])
        // Full-width forms fold as the stored text did; Latin letters in any case.
        #expect(try a.search("（含税）", limit: nil).map(\.path) == ["p.txt"])
        #expect(try a.search("phase one", limit: nil).map(\.snippet) == ["社工服务 «Phase ONE»"])
        #expect(try a.search("不存在的词", limit: nil).isEmpty)
        #expect(try a.search("社", limit: 1).count == 1)
    }

    @Test func theWrongFilesAreRefusedWithOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = dir.appendingPathComponent("notes.txt").path
        try Data("这不是数据库".utf8).write(to: URL(fileURLWithPath: text))
        #expect(throws: ArchiveError.self) { try SQLiteArchive.open(text, mode: .readWrite) }
        do { _ = try SQLiteArchive.open(text, mode: .readWrite) } catch { #expect(error.reason == "archive \(text): not a SQLite database") }

        let other = dir.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        do { _ = try SQLiteArchive.open(other, mode: .readWrite); Issue.record("opened another program's database") }
        catch { #expect(error.reason.hasSuffix("not an Accord archive (another program's SQLite database)")) }

        let missing = dir.appendingPathComponent("none.sqlite").path
        do { _ = try SQLiteArchive.open(missing, mode: .readOnly); Issue.record("opened a missing archive") }
        catch { #expect(error.reason == "archive \(missing): no such archive (create it with accord ingest)") }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let nowhere = dir.appendingPathComponent("no/such/folder/a.sqlite").path
        do { _ = try SQLiteArchive.open(nowhere, mode: .readWrite); Issue.record("created an archive in a missing folder") }
        catch { #expect(error.reason.contains("does not exist")) }

        do { _ = try SQLiteArchive.open(dir.path, mode: .readWrite); Issue.record("opened a folder") }
        catch { #expect(error.reason == "archive \(dir.path): is a directory") }
    }

    @Test func anArchiveOfANewerSchemaIsRefused() throws {
        let (_, path) = try Self.tempArchive()
        try DatabaseQueue(path: path).write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99: from the future')") }
        do { _ = try SQLiteArchive.open(path, mode: .readWrite); Issue.record("opened a newer schema") }
        catch { #expect(error.reason.contains("written by a newer Accord")) }
        do { _ = try SQLiteArchive.open(path, mode: .readOnly); Issue.record("opened a newer schema read-only") }
        catch { #expect(error.reason.contains("written by a newer Accord")) }
    }

    /// Two stores on one file (as two processes would be), storing overlapping paths from two
    /// threads at once: every path once, no lock error.
    @Test func twoWritersOnOneArchiveStoreEveryPathOnce() throws {
        let (_, path) = try Self.tempArchive()
        let one = try SQLiteArchive.open(path, mode: .readWrite), two = try SQLiteArchive.open(path, mode: .readWrite)
        let paths = (0..<120).map { "f\($0).txt" }
        let errors = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            let store = w == 0 ? one : two
            let mine = w == 0 ? Array(paths[0..<80]) : Array(paths[40..<120])
            for p in mine {
                do {
                    let r = try Self.ok(p, sha: "sha-" + p)
                    let o = try store.store(IngestedFile(path: p, size: 1, sha256: "sha-" + p, reading: r), policy: v1)
                    if o.needsReading { errors.withLock { $0.append("\(p): needs reading") } }
                } catch { errors.withLock { $0.append("\(p): \(error)") } }
            }
        }
        #expect(errors.withLock { $0 } == [])
        let listed = try one.list(ListFilter()).map(\.path)
        #expect(listed == paths.sorted())
        let readings = try one.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM reading") }
        #expect(readings == 120)
    }

    /// Starts of a reading are counted until a reading of that content is stored.
    @Test func unfinishedReadingsAreCountedUntilOneIsStored() throws {
        let (a, _) = try Self.tempArchive()
        #expect(try a.beginReading(sha256: "s", policy: v1) == 0)
        #expect(try a.beginReading(sha256: "s", policy: v1) == 1)
        #expect(try a.beginReading(sha256: "s", policy: ReadingPolicy(extractor: "x/2")) == 0, "counted per extractor")
        _ = try a.store(IngestedFile(path: "s.txt", size: 1, sha256: "s", reading: try Self.ok("s.txt", sha: "s")), policy: v1)
        #expect(try a.beginReading(sha256: "s", policy: v1) == 0)
    }
}
