import Testing
import Foundation
import TestSupport
import AccordText

/// The archive commands as a person uses them: `accord ingest` into a fresh archive, then list,
/// show, search and export, run as processes on real corpus files, checking stdout, stderr and
/// exit status.
@Suite struct ArchiveCommandTests {
    typealias CLI = CommandLineTests

    /// A shelf: the four seeds, the DOCX of seed 001, a copy of seed 001 under another name, a
    /// truncated DOCX, an empty file, and a hidden file that must be skipped.
    struct Shelf {
        let dir: URL
        let db: String
        var path: (String) -> String { { dir.appendingPathComponent($0).path } }
        static let seeds = ["000_77b86f38557a5dc6.txt", "001_08ce58bb254aa3f5.txt", "002_b89b15cc7f74b3ec.txt", "003_fec90b3e624f4feb.txt"]

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-shelf-\(UUID().uuidString)")
            let fm = FileManager.default
            for sub in ["a", "b/c", "b/.git"] { try fm.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true) }
            for s in Self.seeds { try Corpus.data("corpus/seeds/\(s)").write(to: dir.appendingPathComponent("a/\(s)")) }
            try Corpus.data("corpus/docx/001_agreement.docx").write(to: dir.appendingPathComponent("b/agreement.docx"))
            try Corpus.data("corpus/seeds/001_08ce58bb254aa3f5.txt").write(to: dir.appendingPathComponent("b/c/copy of 001.md"))
            try Corpus.data("corpus/hostile/truncated.docx").write(to: dir.appendingPathComponent("b/c/truncated.docx"))
            try Data().write(to: dir.appendingPathComponent("b/empty.txt"))
            try Data("# hidden".utf8).write(to: dir.appendingPathComponent("b/.hidden.md"))
            try Data("# in a hidden folder".utf8).write(to: dir.appendingPathComponent("b/.git/x.md"))
            db = dir.appendingPathComponent("archive.sqlite").path
        }

        /// The files ingest must take, in its sorted order.
        var files: [String] {
            (Self.seeds.map { "a/\($0)" } + ["b/agreement.docx", "b/c/copy of 001.md", "b/c/truncated.docx", "b/empty.txt"]).map(path).sorted()
        }
    }

    static func json(_ s: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(s.utf8)) }

    /// The JSON a command printed, checked against its schema under schemas/.
    static func expectValid(_ json: String, _ schema: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/\(schema)"))
        let errors = try validator.validate(Data(json.utf8))
        #expect(errors == [], "\(schema): \(errors.prefix(5))", sourceLocation: sourceLocation)
    }

    /// The archive lies inside the shelf it stores (as with `accord ingest .`): it and its -wal
    /// and -shm files are never taken for documents.
    @Test func ingestStoresEveryFileOnceAndListShowExportGiveItBack() throws {
        let shelf = try Shelf()
        let first = try CLI.run(["ingest", "--db", shelf.db, "--quiet", shelf.dir.appendingPathComponent("a").path, shelf.dir.appendingPathComponent("b").path])
        #expect(first.status == 1, "two files fail")
        #expect(first.stdout.hasPrefix("ingest: 8 files into \(shelf.db): 5 new, 0 unchanged, 1 linked, 0 superseded, 2 failed, 0 with error findings ("))
        #expect(first.stderr.split(separator: "\n").sorted() == [
            "accord: \(shelf.path("b/c/truncated.docx")): damaged or truncated ZIP archive (no readable central directory)",
            "accord: \(shelf.path("b/empty.txt")): empty file",
        ])

        let list = try CLI.run(["list", "--db", shelf.db, "--format", "json"])
        #expect(list.status == 0)
        try Self.expectValid(list.stdout, "accord-list.schema.json")
        let entries = try #require(try Self.json(list.stdout) as? [[String: Any]])
        #expect(entries.map { $0["path"] as? String } == shelf.files)
        for e in entries {
            let path = try #require(e["path"] as? String)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(e["sha256"] as? String == ContentHash.hex(data))
            let extract = try CLI.run(["extract", path])
            if path.hasSuffix("truncated.docx") || path.hasSuffix("empty.txt") {
                #expect(e["status"] as? String == "failed")
                #expect(extract.stderr == "accord: \(path): \(e["error"] as? String ?? "?")\n", "the stored reason is extract's")
                let show = try CLI.run(["show", "--db", shelf.db, path])
                #expect(show.status == 2 && show.stdout.isEmpty && show.stderr == extract.stderr)
            } else {
                #expect(e["status"] as? String == "ok")
                #expect(e["error"] is NSNull, "error is null when ok")
                // show prints exactly what extract prints for that file, in all three forms.
                for format in ["json", "summary", "text"] {
                    let show = try CLI.run(["show", "--db", shelf.db, "-f", format, path])
                    let own = try CLI.run(["extract", "-f", format, path])
                    #expect(show.status == 0)
                    #expect(show.stdout == own.stdout, "\(path) -f \(format)")
                }
                let id = try #require(e["id"] as? Int)
                #expect(try CLI.run(["show", "--db", shelf.db, "\(id)"]).stdout == extract.stdout)
            }
        }
        let kinds = Dictionary(uniqueKeysWithValues: entries.map { (($0["path"] as? String) ?? "", $0["documentKind"] as? String) })
        #expect(kinds[shelf.path("a/001_08ce58bb254aa3f5.txt")] == "amendment")
        #expect(kinds[shelf.path("a/003_fec90b3e624f4feb.txt")] == "requirements")
        let copy = try #require(entries.first { $0["path"] as? String == shelf.path("b/c/copy of 001.md") })
        #expect(copy["readFrom"] as? String == shelf.path("a/001_08ce58bb254aa3f5.txt"), "the copy is linked, not read")
        #expect(copy["projectCode"] as? String == "LGDL2025000084-A" && copy["lot"] as? String == "一标段")
        #expect((copy["findings"] as? [String: Int]) == ["error": 0, "warning": 0, "info": 3])

        // export jsonl: one record per stored ok file, as extract writes each in a batch.
        let export = try CLI.run(["export", "--db", shelf.db, "--format", "jsonl"])
        #expect(export.status == 0)
        let ok = shelf.files.filter { !$0.hasSuffix("truncated.docx") && !$0.hasSuffix("empty.txt") }
        let batch = try CLI.run(["extract"] + ok)
        #expect(export.stdout == batch.stdout)

        // The unchanged shelf again: nothing read.
        let again = try CLI.run(["ingest", "--db", shelf.db, shelf.dir.path])
        #expect(again.status == 1)
        #expect(again.stdout.hasPrefix("ingest: 8 files into \(shelf.db): 0 new, 6 unchanged, 0 linked, 0 superseded, 2 failed (2 as before: --retry-failed reads them again), 0 with error findings ("))

        // A changed file: a new version; the old one kept, superseded, still shown by its id.
        let changed = shelf.path("a/003_fec90b3e624f4feb.txt")
        let oldID = try #require(entries.first { $0["path"] as? String == changed }?["id"] as? Int)
        let oldRecord = try CLI.run(["show", "--db", shelf.db, "\(oldID)"]).stdout
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: changed))
        try handle.seekToEnd(); try handle.write(contentsOf: Data("\n补充说明。\n".utf8)); try handle.close()
        let third = try CLI.run(["ingest", "--db", shelf.db, "--quiet", shelf.dir.path])
        #expect(third.stdout.hasPrefix("ingest: 8 files into \(shelf.db): 1 new, 5 unchanged, 0 linked, 1 superseded, 2 failed"))
        let after = try #require(try Self.json(try CLI.run(["list", "--db", shelf.db, "--format", "json"]).stdout) as? [[String: Any]])
        #expect(after.count == 8)
        let now = try #require(after.first { $0["path"] as? String == changed })
        #expect(now["version"] as? Int == 2 && (now["id"] as? Int) != oldID)
        #expect(try CLI.run(["show", "--db", shelf.db, "\(oldID)"]).stdout == oldRecord)
        #expect(try CLI.run(["show", "--db", shelf.db, changed]).stdout == (try CLI.run(["extract", changed]).stdout))
    }

    @Test func listFiltersAndTable() throws {
        let shelf = try Shelf()
        _ = try CLI.run(["ingest", "--db", shelf.db, "--quiet", shelf.dir.path])
        let failed = try Self.json(try CLI.run(["list", "--db", shelf.db, "--status", "failed", "--format", "json"]).stdout) as? [[String: Any]]
        #expect(failed?.map { $0["path"] as? String } == [shelf.path("b/c/truncated.docx"), shelf.path("b/empty.txt")])
        let amendments = try Self.json(try CLI.run(["list", "--db", shelf.db, "--kind", "amendment", "--format", "json"]).stdout) as? [[String: Any]]
        // Seeds 000 and 002 are the same supplementary agreement as a cut dump and an OCR layer.
        #expect(amendments?.compactMap { $0["path"] as? String } == ["a/000_77b86f38557a5dc6.txt", "a/001_08ce58bb254aa3f5.txt", "a/002_b89b15cc7f74b3ec.txt", "b/agreement.docx", "b/c/copy of 001.md"].map(shelf.path))
        let code = try Self.json(try CLI.run(["list", "--db", shelf.db, "--code", "LGDL2025000084-A", "--format", "json"]).stdout) as? [[String: Any]]
        #expect(code?.count == 3)
        let table = try CLI.run(["list", "--db", shelf.db])
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines[0].hasPrefix("id") && lines[0].hasSuffix("path"))
        #expect(lines.contains { $0.contains("failed") && $0.hasSuffix("empty.txt  (empty file)") })
        #expect(try CLI.run(["list", "--db", shelf.db, "--kind", "letter"]).status == 2)
        #expect(try CLI.run(["list", "--db", shelf.db, "--status", "maybe"]).status == 2)
    }

    @Test func searchFindsShortAndLongChineseQueries() throws {
        let shelf = try Shelf()
        _ = try CLI.run(["ingest", "--db", shelf.db, "--quiet", shelf.dir.path])
        for query in ["督导", "社区党群服务中心"] {
            let r = try CLI.run(["search", "--db", shelf.db, "--format", "json", query])
            #expect(r.status == 0)
            let hits = try #require(try Self.json(r.stdout) as? [[String: Any]])
            try Self.expectValid(r.stdout, "accord-search.schema.json")
            let paths = Set(hits.compactMap { $0["path"] as? String })
            for seed in ["a/000_77b86f38557a5dc6.txt", "a/001_08ce58bb254aa3f5.txt", "a/002_b89b15cc7f74b3ec.txt", "b/agreement.docx", "b/c/copy of 001.md"] {
                #expect(paths.contains(shelf.path(seed)), "\(query) finds \(seed)")
            }
            for h in hits { #expect((h["snippet"] as? String)?.contains("«\(query)»") == true) }
        }
        let table = try CLI.run(["search", "--db", shelf.db, "社工"])
        #expect(table.status == 0 && table.stdout.contains("«社工»"))
        let none = try CLI.run(["search", "--db", shelf.db, "火星基地"])
        #expect(none.status == 1 && none.stdout.isEmpty)
        #expect(try CLI.run(["search", "--db", shelf.db, "  "]).status == 2)
    }

    @Test func eventsAreOneJSONObjectPerFileAndASummary() throws {
        let shelf = try Shelf()
        let r = try CLI.run(["ingest", "--db", shelf.db, "--events", "jsonl", shelf.dir.path])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        let objects = try lines.map { try #require(try Self.json($0) as? [String: Any]) }
        for line in lines { try Self.expectValid(line, "accord-ingest-events.schema.json") }
        #expect(objects.dropLast().compactMap { $0["path"] as? String } == shelf.files)
        #expect(objects.dropLast().allSatisfy { $0["event"] as? String == "file" })
        let outcomes = objects.dropLast().compactMap { $0["outcome"] as? String }
        #expect(outcomes.sorted() == ["linked", "new", "new", "new", "new", "new", "new", "new"])
        let summary = try #require(objects.last)
        #expect(summary["event"] as? String == "summary")
        #expect(summary["new"] as? Int == 5 && summary["linked"] as? Int == 1 && summary["failed"] as? Int == 2 && summary["files"] as? Int == 8)
        // The copy is linked to its twin's reading (whether or not it was read beside it, a few
        // files ahead of the writer, it is stored as a link to the one reading).
        #expect(objects.first { $0["path"] as? String == shelf.path("b/c/copy of 001.md") }?["outcome"] as? String == "linked")

        // The unchanged shelf again: no file is read.
        let again = try CLI.run(["ingest", "--db", shelf.db, "--events", "jsonl", shelf.dir.path])
        let second = try again.stdout.split(separator: "\n").map { try #require(try Self.json(String($0)) as? [String: Any]) }
        #expect(second.count == 9)
        #expect(second.dropLast().allSatisfy { $0["read"] as? Bool == false && $0["outcome"] as? String == "unchanged" })
    }

    @Test func retryFailedReadsTheFailedFilesAgain() throws {
        let shelf = try Shelf()
        _ = try CLI.run(["ingest", "--db", shelf.db, "--quiet", shelf.dir.path])
        let retry = try CLI.run(["ingest", "--db", shelf.db, "--retry-failed", "--quiet"])
        #expect(retry.status == 1)
        #expect(retry.stdout.hasPrefix("ingest: 2 files into \(shelf.db): 0 new, 0 unchanged, 0 linked, 0 superseded, 2 failed, 0 with error findings"))
        #expect(retry.stderr.split(separator: "\n").count == 2)
    }

    @Test func archiveAndUsageErrorsAreOneLineAndExitTwo() throws {
        let notDB = try CLI.temp("notes.sqlite", Data("这不是数据库".utf8))
        for args in [["ingest", "--db", notDB, "corpus/seeds"], ["list", "--db", notDB], ["show", "--db", notDB, "1"],
                     ["search", "--db", notDB, "督导"], ["export", "--db", notDB, "--format", "jsonl"]] {
            let r = try CLI.run(args)
            #expect(r.status == 2, "\(args[0])")
            #expect(r.stderr == "accord: archive \(notDB): not a SQLite database\n", "\(args[0])")
        }
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID().uuidString).sqlite").path
        let list = try CLI.run(["list", "--db", missing])
        #expect(list.status == 2 && list.stderr == "accord: archive \(missing): no such archive (create it with accord ingest)\n")
        #expect(!FileManager.default.fileExists(atPath: missing))
        for args in [["ingest", "--db", missing], ["ingest", "--db", missing, "--jobs", "0", "corpus/seeds"],
                     ["export", "--db", missing, "--format", "xml"], ["search", "--db", missing, "--limit", "0", "督导"]] {
            let r = try CLI.run(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.hasPrefix("Error: "), "\(args)")
        }
        let shelf = try Shelf()
        _ = try CLI.run(["ingest", "--db", shelf.db, "--quiet", shelf.dir.appendingPathComponent("a").path])
        let show = try CLI.run(["show", "--db", shelf.db, "9999"])
        #expect(show.status == 2 && show.stderr == "accord: 9999: not in the archive \(shelf.db)\n")
    }
}

