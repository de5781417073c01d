import Testing
import Foundation
@testable import AccordArchivePostgres
import AccordArchive
import TestSupport

/// The same tree ingested into SQLite and into PostgreSQL gives the same archive: export, list,
/// show and search answer alike but for ids and times.
@Suite(.serialized, .enabled(if: PG.url != nil, PG.skipReason))
struct ArchiveParityTests {
    /// A small tree: the seeds, a DOCX, an HTML file, a copy (linked) and a file no reader takes (failed).
    static func tree() throws -> URL {
        let dir = try CLI.tempDir("parity")
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("shelf/a"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("shelf/b"), withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: Corpus.url("corpus/seeds").path) where name.hasSuffix(".txt") {
            try fm.copyItem(at: Corpus.url("corpus/seeds/\(name)"), to: dir.appendingPathComponent("shelf/a/\(name)"))
        }
        try fm.copyItem(at: Corpus.url("corpus/docx/001_agreement.docx"), to: dir.appendingPathComponent("shelf/b/agreement.docx"))
        try fm.copyItem(at: Corpus.url("corpus/docx/001_agreement.html"), to: dir.appendingPathComponent("shelf/b/agreement.html"))
        try fm.copyItem(at: Corpus.url("corpus/docx/001_agreement.docx"), to: dir.appendingPathComponent("shelf/b/copy-of-agreement.docx"))
        try Data([0x00, 0xFF, 0x13, 0x37, 0x00, 0x01]).write(to: dir.appendingPathComponent("shelf/b/noise.bin"))
        return dir
    }

    /// A list entry without what differs by nature (ids, times).
    static func comparable(_ json: String) throws -> [NSDictionary] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        return array.map { e in
            var e = e
            for k in ["id", "ingestedAt", "supersededAt"] { e.removeValue(forKey: k) }
            return e as NSDictionary
        }
    }

    @Test func exportListAndSearchMatchTheEmbeddedArchive() throws {
        let dir = try Self.tree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try PG.freshDatabase("parity")
        let sqlite = dir.appendingPathComponent("archive.sqlite").path
        let a = try CLI.run(["ingest", "--db", sqlite, "--quiet", "shelf"], in: dir)
        let b = try CLI.run(["ingest", "--db", url, "--quiet", "shelf"], in: dir)
        #expect(a.status == 1 && b.status == 1, "one file fails in both: \(a.stderr) | \(b.stderr)")
        #expect(b.stdout.contains("8 files into") && b.stdout.contains("this worker stored 7 new, 0 unchanged, 1 linked, 1 failed"), "\(b.stdout)")

        let exportA = try CLI.run(["export", "--db", sqlite, "-f", "jsonl"], in: dir)
        let exportB = try CLI.run(["export", "--db", url, "-f", "jsonl"], in: dir)
        #expect(exportA.status == 0 && exportB.status == 0, "\(exportB.stderr)")
        #expect(exportA.stdout.split(separator: "\n").count == 7)
        // The records carry no ids nor times: byte for byte the same.
        #expect(exportA.stdout == exportB.stdout)

        let listA = try CLI.run(["list", "--db", sqlite, "-f", "json"], in: dir)
        let listB = try CLI.run(["list", "--db", url, "-f", "json"], in: dir)
        #expect(try Self.comparable(listA.stdout) == Self.comparable(listB.stdout))

        for q in ["龙", "龙岗", "社区党群服务中心", "深圳市龙岗区平湖街道办事处", "服务费用以逐月支付", "lgdl", "不在任何文件里的句子"] {
            let sa = try CLI.run(["search", "--db", sqlite, "-f", "json", q], in: dir)
            let sb = try CLI.run(["search", "--db", url, "-f", "json", q], in: dir)
            #expect(sa.status == sb.status, "\(q)")
            let strip: (String) throws -> [NSDictionary] = { json in
                let array = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]) ?? []
                return array.map { var h = $0; h.removeValue(forKey: "id"); return h as NSDictionary }
            }
            #expect(try strip(sa.stdout) == strip(sb.stdout), "search \(q)")
        }

        let showA = try CLI.run(["show", "--db", sqlite, "shelf/b/copy-of-agreement.docx"], in: dir)
        let showB = try CLI.run(["show", "--db", url, "shelf/b/copy-of-agreement.docx"], in: dir)
        #expect(showA.status == 0 && showA.stdout == showB.stdout)

        // A second run changes nothing; the queue holds 8 finished jobs and no open one.
        let again = try CLI.run(["ingest", "--db", url, "--quiet", "shelf"], in: dir)
        #expect(again.stdout.contains("0 queued (0 already queued, 8 unchanged)"), "\(again.stdout)")
        let status = try CLI.run(["queue", "status", "--db", url, "-f", "json"], in: dir)
        let s = try JSONDecoder().decode(PostgresQueue.Status.self, from: Data(status.stdout.utf8))
        #expect(s.pending == 0 && s.leased == 0 && s.done == 8 && s.failed == 0)
        #expect(try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-queue-status.schema.json")).validate(Data(status.stdout.utf8)) == [])
        // ingest --events jsonl on PostgreSQL: the summary event of the ingest events schema.
        let events = try CLI.run(["ingest", "--db", url, "--events", "jsonl", "shelf"], in: dir)
        let lines = events.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(events.stdout)")
        let eventSchema = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-ingest-events.schema.json"))
        for line in lines { #expect(try eventSchema.validate(Data(line.utf8)) == [], "\(line)") }
        #expect(lines.first?.contains("\"unchanged\":8") == true, "\(events.stdout)")
    }

    /// The review works on PostgreSQL as on SQLite: the same groups and queue, corrections kept
    /// beside the readings and applied by show and export, decisions settling findings.
    @Test func reviewCommandsAnswerAsOnTheEmbeddedArchive() throws {
        let dir = try Self.tree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try PG.freshDatabase("review")
        let sqlite = dir.appendingPathComponent("archive.sqlite").path
        _ = try CLI.run(["ingest", "--db", sqlite, "--quiet", "shelf"], in: dir)
        _ = try CLI.run(["ingest", "--db", url, "--quiet", "shelf"], in: dir)
        let groupsA = try CLI.run(["list", "--db", sqlite, "--groups"], in: dir)
        let groupsB = try CLI.run(["list", "--db", url, "--groups"], in: dir)
        #expect(groupsB.status == 0, "\(groupsB.stderr)")
        // Entry ids may differ; the groups' ids, keys and members' paths do not.
        func withoutIDs(_ s: String) -> String {
            s.split(separator: "\n").map { $0.hasPrefix("    ") ? String($0.split(separator: "\t").dropFirst().joined(separator: "\t")) : String($0) }.joined(separator: "\n")
        }
        #expect(withoutIDs(groupsA.stdout) == withoutIDs(groupsB.stdout))
        #expect(groupsB.stdout.contains("LGDL2025000084-A"))

        let path = "shelf/b/agreement.html"
        let set = try CLI.run(["set", "--db", url, path, "supplier", "深圳市龙岗区正阳社工服务中心", "--because", "the signed original", "--who", "tester"], in: dir)
        #expect(set.status == 0, "\(set.stderr)")
        let shown = try CLI.run(["show", "--db", url, path], in: dir)
        #expect(shown.stdout.contains("深圳市龙岗区正阳社工服务中心") && shown.stdout.contains("review.corrected"))
        let exported = try CLI.run(["export", "--db", url, "-f", "jsonl"], in: dir)
        #expect(exported.stdout.split(separator: "\n").contains { $0.contains("review.corrected") })
        // Re-ingested (re-extracted) through the queue, the correction is still applied.
        _ = try CLI.run(["ingest", "--db", url, "--quiet", "--reextract", "shelf/b"], in: dir)
        #expect(try CLI.run(["show", "--db", url, path], in: dir).stdout.contains("深圳市龙岗区正阳社工服务中心"))

        let queue = try CLI.run(["review", "--db", url, "--format", "json"], in: dir)
        #expect(queue.status == 0, "\(queue.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [[String: Any]])
        #expect(items.first?["kind"] as? String == "failed")
        let conflict = try #require(items.first { ($0["kind"] as? String) == "conflict" || ($0["kind"] as? String) == "repair" })
        let target = try #require(conflict["target"] as? String), finding = try #require(conflict["finding"] as? String)
        #expect(try CLI.run(["accept", "--db", url, target, finding, "--who", "tester"], in: dir).status == 0)
        let after = try CLI.run(["review", "--db", url, "--format", "json"], in: dir)
        #expect(!after.stdout.contains("\"finding\" : \"\(finding)\""))
    }

    /// Pages scanned as files of their own: the queue composes the set as ingest into SQLite does
    /// (its content a manifest of its page files' contents), and the exports are the same.
    @Test func pageFilesAreOneDocumentOnBothArchives() throws {
        let dir = try CLI.tempDir("pages")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("shelf"), withIntermediateDirectories: true)
        for n in [1, 2] {
            try fm.copyItem(at: Corpus.url("corpus/scans/001-clean-p\(n).png"), to: dir.appendingPathComponent("shelf/scan_p\(n).png"))
        }
        let url = try PG.freshDatabase("pages")
        let sqlite = dir.appendingPathComponent("archive.sqlite").path
        let a = try CLI.run(["ingest", "--db", sqlite, "--quiet", "shelf"], in: dir)
        let b = try CLI.run(["ingest", "--db", url, "--quiet", "shelf"], in: dir)
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) | \(b.stderr)")
        #expect(b.stdout.contains("3 files into"), "\(b.stdout)")
        let exportA = try CLI.run(["export", "--db", sqlite, "-f", "jsonl"], in: dir)
        let exportB = try CLI.run(["export", "--db", url, "-f", "jsonl"], in: dir)
        #expect(exportA.stdout.split(separator: "\n").count == 3)
        #expect(exportA.stdout == exportB.stdout)
        let set = try CLI.run(["show", "--db", url, "shelf/scan_p[1-2].png"], in: dir)
        #expect(set.status == 0, "\(set.stderr)")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(set.stdout.utf8)) as? [String: Any])
        let parts = ((record["source"] as? [String: Any])?["parts"] as? [[String: Any]]) ?? []
        #expect(parts.compactMap { $0["path"] as? String } == ["shelf/scan_p1.png", "shelf/scan_p2.png"])
        #expect((record["contract"] as? [String: Any])?["fragment"] == nil)
    }
}
