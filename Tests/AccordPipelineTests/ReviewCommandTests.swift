import Testing
import Foundation
import TestSupport

/// The archivist's review as a person runs it: ingest a shelf holding one agreement three times
/// (its DOCX, a page scan whose supplier name has a misread glyph, a 50-character dump), seeds
/// 000 and 001 (two copies of one annex) and a broken file; then list --groups, review, show
/// --group, set, accept / reject, ingest --reextract and report.
@Suite(.serialized) struct ReviewCommandTests {
    typealias CLI = CommandLineTests

    struct Shelf {
        let dir: URL
        let db: String
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-review-\(UUID().uuidString)")
            let fm = FileManager.default
            for sub in ["a", "b"] { try fm.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true) }
            for (from, to) in [("corpus/docx/001_agreement.docx", "a/agreement.docx"), ("corpus/scans/001-clean-p1.png", "a/scan-page1.png"),
                               ("corpus/review/001_agreement.dump50.txt", "a/dump.txt"),
                               ("corpus/seeds/000_77b86f38557a5dc6.txt", "b/000.txt"), ("corpus/seeds/001_08ce58bb254aa3f5.txt", "b/001.md"),
                               ("corpus/hostile/truncated.docx", "b/broken.docx")] {
                try Corpus.data(from).write(to: dir.appendingPathComponent(to))
            }
            db = dir.appendingPathComponent("archive.sqlite").path
            let r = try CLI.run(["ingest", "--db", db, "--quiet", dir.path])
            #expect(r.status == 1, "the broken file fails: \(r.stderr)")
        }

        func run(_ args: [String]) throws -> CommandLineTests.Result {
            let (command, rest) = (args[0], Array(args.dropFirst()))
            return try CLI.run([command, "--db", db] + rest, environment: ProcessInfo.processInfo.environment.merging(["ACCORD_USER": "tester"]) { $1 })
        }

        func json(_ args: [String]) throws -> Any {
            let r = try run(args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        }
    }

    static func groupOf(_ shelf: Shelf, containing name: String) throws -> [String: Any] {
        let listed = try #require(try shelf.json(["list", "--groups", "--format", "json"]) as? [String: Any])
        let groups = try #require(listed["groups"] as? [[String: Any]])
        return try #require(groups.first { g in ((g["members"] as? [[String: Any]]) ?? []).contains { ($0["path"] as? String) == shelf.path(name) } })
    }

    @Test func groupsReconciliationAndTheMergedView() throws {
        let shelf = try Shelf()
        let group = try Self.groupOf(shelf, containing: "a/agreement.docx")
        let members = Set(((group["members"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String })
        #expect(members == Set(["a/agreement.docx", "a/scan-page1.png", "a/dump.txt", "b/001.md"].map(shelf.path)))
        let gid = try #require(group["id"] as? String)
        #expect(gid.hasPrefix("G"))

        // The review queue: the failed file first; the scan's misread name proposed from the typed copies.
        // Every JSON review prints is described by its schema.
        try ArchiveCommandTests.expectValid(try shelf.run(["review", "--format", "json"]).stdout, "accord-review.schema.json")
        try ArchiveCommandTests.expectValid(try shelf.run(["list", "--groups", "--format", "json"]).stdout, "accord-groups.schema.json")
        try ArchiveCommandTests.expectValid(try shelf.run(["show", "--group", gid]).stdout, "accord-merged.schema.json")
        let items = try #require(try shelf.json(["review", "--format", "json"]) as? [[String: Any]])
        #expect(items.first?["kind"] as? String == "failed")
        #expect((items.first?["path"] as? String) == shelf.path("b/broken.docx"))
        let proposal = try #require(items.first { ($0["code"] as? String) == "group.repair_proposed" && ($0["message"] as? String ?? "").contains("supplier of \(shelf.path("a/scan-page1.png"))") })
        #expect((proposal["message"] as? String)?.contains("深圳市龙岗区正阳社会工作服务中心") == true)
        #expect(proposal["target"] as? String == gid)
        // Seed 001's shifted annex rows against seed 000's copy: one item per kind and pair, counted.
        // 001.md reads its annex as the DOCX does: the DOCX stands for both, and the message names 001.md.
        let shifted = try #require(items.first {
            ($0["code"] as? String) == "annex.row_shifted" && ($0["path"] as? String ?? "").contains("000.txt")
                && ($0["message"] as? String ?? "").contains("reads the same in") && ($0["message"] as? String ?? "").contains("001.md")
        })
        #expect((shifted["count"] as? Int ?? 0) >= 10)

        // The merged view has the right name; the scan's own record still has what it read.
        let merged = try #require(try shelf.json(["show", "--group", gid]) as? [String: Any])
        let record = try #require(merged["record"] as? [String: Any])
        #expect(((record["contract"] as? [String: Any])?["supplier"] as? [String: Any])?["value"] as? String == "深圳市龙岗区正阳社会工作服务中心")
        let scan = try #require(try shelf.json(["show", shelf.path("a/scan-page1.png")]) as? [String: Any])
        #expect(((scan["contract"] as? [String: Any])?["supplier"] as? [String: Any])?["value"] as? String == "深圳市龙岗区正了社会工作服务中心")

        // Rejected, the proposal leaves the queue; an unknown finding is refused.
        let key = try #require(proposal["finding"] as? String)
        let rejected = try shelf.run(["reject", gid, key, "--because", "checked on paper"])
        #expect(rejected.status == 0 && rejected.stdout == "rejected: \(gid) \(key)\n")
        let after = try #require(try shelf.json(["review", "--format", "json"]) as? [[String: Any]])
        #expect(!after.contains { ($0["finding"] as? String) == key })
        let unknown = try shelf.run(["accept", gid, "group.repair_proposed@nothing@0"])
        #expect(unknown.status == 2 && unknown.stderr.contains("no finding group.repair_proposed@nothing@0"))
    }

    @Test func aCorrectionSurvivesReextractAndIsFlaggedWhenTheSourceChanges() throws {
        let shelf = try Shelf()
        let md = shelf.path("b/001.md")
        let set = try shelf.run(["set", md, "supplier", "深圳市龙岗区正阳社工服务中心", "--because", "the signed original"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.hasPrefix("set: \(md): supplier 深圳市龙岗区正阳社会工作服务中心 → 深圳市龙岗区正阳社工服务中心"))
        func supplierAndFindings() throws -> (String?, [String]) {
            let doc = try #require(try shelf.json(["show", md]) as? [String: Any])
            let supplier = ((doc["contract"] as? [String: Any])?["supplier"] as? [String: Any])?["value"] as? String
            let codes = (((doc["report"] as? [String: Any])?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
            return (supplier, codes)
        }
        var (supplier, codes) = try supplierAndFindings()
        #expect(supplier == "深圳市龙岗区正阳社工服务中心")
        #expect(codes.contains("review.corrected") && !codes.contains("review.correction_disputed"))
        // Re-extracted: the correction is applied again, nothing disputed.
        let again = try shelf.run(["ingest", "--reextract", "--quiet", md])
        #expect(again.status == 0, "\(again.stderr)")
        (supplier, codes) = try supplierAndFindings()
        #expect(supplier == "深圳市龙岗区正阳社工服务中心" && !codes.contains("review.correction_disputed"))
        // The source changes under the correction: it is kept, and flagged for review.
        let text = try String(contentsOfFile: md, encoding: .utf8).replacingOccurrences(of: "正阳社会工作服务中心", with: "正隆社会工作服务中心")
        try text.write(toFile: md, atomically: true, encoding: .utf8)
        #expect(try shelf.run(["ingest", "--quiet", md]).status == 0)
        (supplier, codes) = try supplierAndFindings()
        #expect(supplier == "深圳市龙岗区正阳社工服务中心")
        #expect(codes.contains("review.correction_disputed"))
        let items = try #require(try shelf.json(["review", "--kind", "disputed", "--format", "json"]) as? [[String: Any]])
        #expect(items.count == 1 && (items.first?["message"] as? String)?.contains("正隆") == true)
        // The export carries the correction too.
        let export = try shelf.run(["export", "--format", "jsonl"])
        #expect(export.stdout.split(separator: "\n").contains { $0.contains("\"review.corrected\"") && $0.contains("正阳社工服务中心") })
        // Refused: a field that does not exist, money that is not a number, no reason given.
        #expect(try shelf.run(["set", md, "colour", "red", "--because", "x"]).status == 2)
        let money = try shelf.run(["set", md, "amount.amended", "两百万", "--because", "x"])
        #expect(money.status == 2 && money.stderr.contains("is not an amount"))
        #expect(try shelf.run(["set", md, "supplier", "x", "--because", " "]).status == 2)
    }

    @Test func theReportRendersInHeadlessChromiumWithARowPerFileAndACropPerScanValue() throws {
        let shelf = try Shelf()
        let site = shelf.dir.appendingPathComponent("report")
        let r = try shelf.run(["report", "--html", site.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("6 files"))
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!index.contains("http://") && !index.contains("https://"), "self-contained: no network resource")
        // The scan's page: one crop per value read from it, each a PNG beside the page.
        let listed = try #require(try shelf.json(["list", "--format", "json"]) as? [[String: Any]])
        let scanID = try #require(listed.first { ($0["path"] as? String) == shelf.path("a/scan-page1.png") }?["id"] as? Int)
        let scan = try #require(try shelf.json(["show", "\(scanID)"]) as? [String: Any])
        let boxes = Set(Self.provenances(scan).filter { ($0["locator"] as? [String: Any])?["bbox"] != nil }.map { "\($0["locator"] ?? "")" })
        #expect(boxes.count >= 10)
        let page = site.appendingPathComponent("documents/\(scanID).html")
        let crops = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("documents/\(scanID)").path).filter { $0.hasSuffix(".png") }
        #expect(crops.count >= 10)
        guard Chromium.available || Chromium.inCI else { return }
        try #require(Chromium.available, "chromium is not installed (apt-get install -y --no-install-recommends chromium)")
        let profile = shelf.dir.appendingPathComponent("profile")
        let dom = try Chromium.dumpDOM(site.appendingPathComponent("index.html"), profile: profile)
        #expect(dom.components(separatedBy: "<tr class=\"doc ").count - 1 == 6)
        #expect(dom.contains("data-path=\"\(shelf.path("b/broken.docx"))\""))
        #expect(dom.contains("class=\"doc status-failed\""))
        let doc = try Chromium.dumpDOM(page, profile: profile)
        let shownCrops = doc.components(separatedBy: "<img class=\"crop\"").count - 1
        #expect(shownCrops >= crops.count, "every crop file is shown")
        #expect(doc.contains("data-code=\"party.doubtful_glyphs\""))
        let gid = try #require(try Self.groupOf(shelf, containing: "a/agreement.docx")["id"] as? String)
        let group = try Chromium.dumpDOM(site.appendingPathComponent("groups/\(gid).html"), profile: profile)
        #expect(group.contains("data-code=\"group.repair_proposed\""))
        #expect(group.contains("<section id=\"merged\">"))
        // Findings in bulk: seed 000's shifted rows against the DOCX's copy are one line with their count.
        let counts = group.components(separatedBy: "data-code=\"annex.row_shifted\" data-count=\"").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(counts.contains { $0 >= 10 }, "\(counts)")
        let shot = FileManager.default.temporaryDirectory.appendingPathComponent("accord-report-screenshot.png")
        try? FileManager.default.removeItem(at: shot)
        _ = try Chromium.run(["--screenshot=\(shot.path)", "--window-size=1280,1600", page.absoluteString], profile: profile)
        #expect((try Data(contentsOf: shot)).count > 30_000, "a screenshot of the scan's page is not blank")
        print("ReviewCommandTests: screenshot at \(shot.path)")
    }

    /// Every provenance object in a record.
    static func provenances(_ v: Any) -> [[String: Any]] {
        if let d = v as? [String: Any] {
            return (d["provenance"] as? [String: Any]).map { [$0] } .map { $0 + d.filter { $0.key != "provenance" }.values.flatMap(provenances) }
                ?? d.values.flatMap(provenances)
        }
        if let a = v as? [Any] { return a.flatMap(provenances) }
        return []
    }
}
