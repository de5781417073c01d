import Testing
import Foundation
import AccordModel
import AccordPipeline
import AccordReaders
import AccordExport
import AccordText
import TestSupport

/// Pages scanned as files of their own: recognized as one document by their names (and formats),
/// checked against their own printed page numbers and run-on clauses, and read as one document
/// whose values name the file and page they come from.
@Suite struct PageSetTests {
    // MARK: names

    @Test(arguments: [
        ("x_p1.jpg", "x_p", "1", ".jpg"), ("x-p2.png", "x-p", "2", ".png"), ("x_page2.pdf", "x_page", "2", ".pdf"),
        ("x (1).pdf", "x (", "1", ").pdf"), ("scan001.jpg", "scan", "001", ".jpg"), ("第2页.png", "第", "2", "页.png"),
        ("001-degraded-p1.jpg", "001-degraded-p", "1", ".jpg"), ("12.tif", "", "12", ".tif"),
    ])
    func pageNames(_ name: String, _ head: String, _ digits: String, _ tail: String) {
        #expect(PageName.parse(name) == PageName(head: head, digits: digits, tail: tail))
    }

    /// Versions, dates, years, long serial numbers and names without a number are no pages.
    @Test(arguments: ["report-v2.pdf", "contract rev3.pdf", "2025-08-01.pdf", "contract2024.pdf", "photo.jpg",
                      "IMG12345.jpg", "x (1.pdf", "001-clean.tif"])
    func notPageNames(_ name: String) {
        #expect(PageName.parse(name) == nil)
    }

    static func sniffing(_ formats: [String: Sniff]) -> (String) -> Sniff? { { formats[$0] ?? .jpeg } }

    @Test func twoPageFilesAreOneSetInPageOrder() {
        let sets = PageSets.find(["s/x_p2.jpg", "s/other.jpg", "s/x_p1.jpg"], sniff: Self.sniffing([:]))
        #expect(sets == [PageSet(path: "s/x_p[1-2].jpg", members: ["s/x_p1.jpg", "s/x_p2.jpg"])])
    }

    @Test func numberedScansInOneFolder() {
        let files = ["d/scan001.png", "d/scan002.png", "d/scan003.png", "d/x (1).pdf", "d/x (2).pdf", "d/x_page3.tif", "d/x_page4.tif"]
        let sets = PageSets.find(files, sniff: { $0.hasSuffix("png") ? .png : $0.hasSuffix("pdf") ? .pdf : .tiff })
        #expect(sets.map(\.path) == ["d/scan[001-003].png", "d/x ([1-2]).pdf", "d/x_page[3-4].tif"])
        #expect(sets.map(\.members.count) == [3, 2, 2])
        // A set's name gives its files back (ingest --retry-failed).
        #expect(PageSets.members(ofSetNamed: "d/scan[001-003].png") == ["d/scan001.png", "d/scan002.png", "d/scan003.png"])
        #expect(PageSets.members(ofSetNamed: "d/x ([1-2]).pdf") == ["d/x (1).pdf", "d/x (2).pdf"])
        #expect(PageSets.members(ofSetNamed: "d/x_p[8-10].jpg") == ["d/x_p8.jpg", "d/x_p9.jpg", "d/x_p10.jpg"])
        #expect(PageSets.members(ofSetNamed: "d/notes[draft].jpg") == nil)
        #expect(PageSets.members(ofSetNamed: "d/x_p1.jpg") == nil)
    }

    @Test func unrelatedFilesAreNoSet() {
        #expect(PageSets.find(["a/contract.jpg", "a/annex_p1.jpg"], sniff: Self.sniffing([:])) == [])
        #expect(PageSets.find(["a/x_p1.jpg", "a/y_p2.jpg"], sniff: Self.sniffing([:])) == [])
        #expect(PageSets.find(["a/x_p1.jpg", "b/x_p2.jpg"], sniff: Self.sniffing([:])) == [], "two folders")
        #expect(PageSets.find(["a/x_p1.jpg"], sniff: Self.sniffing([:])) == [], "one page")
    }

    @Test func aMissingOrRepeatedPageIsNoSet() {
        #expect(PageSets.find(["a/x_p1.jpg", "a/x_p3.jpg"], sniff: Self.sniffing([:])) == [])
        #expect(PageSets.find(["a/x_p1.jpg", "a/x_p2.jpg", "a/x_p4.jpg"], sniff: Self.sniffing([:])) == [])
        #expect(PageSets.find(["a/scan1.jpg", "a/scan01.jpg"], sniff: Self.sniffing([:])) == [], "page 1 twice")
        // Pages 3 and 4 without 1 and 2: a set all the same (the content says what is missing).
        #expect(PageSets.find(["a/x_p3.jpg", "a/x_p4.jpg"], sniff: Self.sniffing([:])).map(\.path) == ["a/x_p[3-4].jpg"])
    }

    /// The format is the content's, not the extension's: a text file named like a page, pages of
    /// two formats, or documents that are not images or PDFs make no set.
    @Test func mixedOrNonImageFormatsAreNoSet() {
        #expect(PageSets.find(["a/x_p1.jpg", "a/x_p2.jpg"], sniff: Self.sniffing(["a/x_p2.jpg": .text])) == [])
        #expect(PageSets.find(["a/x_p1.jpg", "a/x_p2.jpg"], sniff: Self.sniffing(["a/x_p2.jpg": .png])) == [])
        #expect(PageSets.find(["a/x_p1.jpg", "a/x_p2.png"], sniff: Self.sniffing([:])) == [])
        #expect(PageSets.find(["a/x_p1.txt", "a/x_p2.txt"], sniff: { _ in .text }) == [])
        #expect(PageSets.find(["a/x_p1.jpg", "a/x_p2.jpg"], sniff: Self.sniffing(["a/x_p1.jpg": .empty])) == [])
    }

    /// corpus/scans holds two page sets (sniffed from the files themselves) and single pages.
    @Test func theCorpusScansHoldTwoSets() throws {
        let dir = Corpus.url("corpus/scans").path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted().map { dir + "/" + $0 }
        #expect(PageSets.find(files).map { ($0.path as NSString).lastPathComponent } == ["001-clean-p[1-2].png", "001-degraded-p[1-2].jpg"])
    }

    @Test func theSetsSHA256IsDerivedFromItsFilesInOrder() {
        let a = String(repeating: "a", count: 64), b = String(repeating: "b", count: 64)
        #expect(PageSets.sha256(of: [a, b]) == ContentHash.hex(Data("accord-page-set/1\n\(a)\n\(b)\n".utf8)))
        #expect(PageSets.sha256(of: [a, b]) != PageSets.sha256(of: [b, a]))
    }

    // MARK: composing (text pages: no OCR)

    /// The two pages' printed text (ground truth of the scans), each with a printed page number
    /// at its head (the text reader joins a line after a full-width last line to it, as wrapped).
    static func textPage(_ n: Int, footer: String) throws -> PageComposition.Page {
        let text = footer + "\n\n" + String(decoding: try Corpus.data("corpus/scans/001-degraded-p\(n).txt"), as: UTF8.self)
        let doc = try Pipeline().read(data: Data(text.utf8), path: "pages/p\(n).txt")
        return PageComposition.Page(document: doc, alone: Pipeline().process(doc))
    }

    /// A clause that runs on from page 1 to page 2 (the amended schedule of clause 四) is read
    /// whole; the page numbers printed between them are furniture, not body text.
    @Test func composedTextPagesReadAsOneDocument() throws {
        let pages = [try Self.textPage(1, footer: "- 1 -"), try Self.textPage(2, footer: "- 2 -")]
        #expect(pages[0].fragment?.endsMidClause == true && pages[1].fragment?.beginsMidClause == true)
        let doc = try PageComposition.compose(pages, path: "pages/p[1-2].txt")
        #expect(doc.furniture.map(\.text) == ["- 1 -", "- 2 -"])
        #expect(doc.source.parts?.map(\.pages) == [[1], [2]])
        #expect(doc.source.sha256 == PageSets.sha256(of: pages.map(\.document.source.sha256)))
        let composed = doc.findings.first { $0.code == "document.composed" }
        #expect(composed?.message.contains("the pages print page numbers 1, 2 in the order of their names") == true)
        #expect(composed?.message.contains("p1.txt stops inside a clause and p2.txt begins inside one") == true)
        let record = Pipeline().process(doc).attributingPagesToParts()
        let c = try #require(record.contract)
        #expect(c.fragment == nil)
        #expect(c.amount?.original?.value == 2690000 && c.amount?.amended?.value == 2527273)
        #expect(FragmentTests.spans(c.payments?.amended) == FragmentTests.amended)
        #expect(FragmentTests.spans(c.payments?.original) == ["2025-08..2026-06@224166", "2026-07..2026-07@224174"])
        #expect(record.report.findings.filter { $0.severity == .error }.map(\.code) == [])
    }

    @Test func printedNumbersAgainstTheNamesOrderAreNotOneDocument() throws {
        let swapped = [try Self.textPage(1, footer: "- 3 -"), try Self.textPage(2, footer: "- 2 -")]
        #expect(throws: ReadError.self) { try PageComposition.compose(swapped, path: "pages/p[1-2].txt") }
        do { _ = try PageComposition.compose(swapped, path: "pages/p[1-2].txt") } catch {
            #expect(error.reason == "not one document in this order: the page files print page numbers 3 (p1.txt), 2 (p2.txt) against the order of their names")
        }
        let restart = [try Self.textPage(1, footer: ""), try Self.textPage(2, footer: "第1页")]
        do { _ = try PageComposition.compose(restart, path: "pages/p[1-2].txt"); Issue.record("composed") } catch {
            #expect(error.reason == "not one document: p2.txt prints page number 1 (it begins a document of its own)")
        }
    }

    /// Two whole agreements named like pages are two documents.
    @Test func aWholeDocumentIsNoLaterPage() throws {
        let data = try Corpus.data("corpus/seeds/001_08ce58bb254aa3f5.txt")
        let pages = try ["a/x_p1.md", "a/x_p2.md"].map { path in
            let doc = try Pipeline().read(data: data, path: path)
            return PageComposition.Page(document: doc, alone: Pipeline().process(doc))
        }
        do { _ = try PageComposition.compose(pages, path: "a/x_p[1-2].md"); Issue.record("composed") } catch {
            #expect(error.reason.hasPrefix("not one document: x_p2.md reads as a document of its own (not a fragment; it names its title "))
        }
    }

    // MARK: the scanned pages (OCR)

    /// Every provenance of a record, as JSON objects.
    static func provenances(_ json: Any) -> [[String: Any]] {
        if let o = json as? [String: Any] {
            let own = (o["locator"] != nil && o["source"] is String && o["confidence"] != nil) ? [o] : []
            return own + o.values.flatMap(provenances)
        }
        if let a = json as? [Any] { return a.flatMap(provenances) }
        return []
    }

    /// The two page files of one scanned agreement read side by side are one document: the
    /// amounts, the original schedule from page 1 and the amended one that runs on to page 2, no
    /// error, no fragment; each value names its page and that page's file.
    @Test(arguments: ["001-degraded-p%d.jpg", "001-clean-p%d.png"])
    func scannedPagesReadAsOneDocument(_ pattern: String) throws {
        let members = [1, 2].map { Corpus.url("corpus/scans/" + String(format: pattern, $0)).path }
        let shas = try members.map { ContentHash.hex(try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let set = try #require(PageSets.find(members).first)
        #expect(set.members == members)
        let record = try Pipeline().processPages(set.members, as: set.path)
        #expect(record.source.path == set.path && record.source.sha256 == PageSets.sha256(of: shas))
        #expect(record.source.parts == [SourcePart(path: members[0], sha256: shas[0], pages: [1]),
                                        SourcePart(path: members[1], sha256: shas[1], pages: [2])])
        let c = try #require(record.contract)
        #expect(c.fragment == nil)
        #expect(!record.report.findings.contains { $0.code == "document.fragment" })
        #expect(record.report.findings.filter { $0.severity == .error }.map(\.code) == [])
        #expect(record.report.findings.contains { $0.code == "document.composed" && $0.severity == .info })
        #expect(c.amount?.original?.value == 2690000 && c.amount?.amended?.value == 2527273)
        #expect(FragmentTests.spans(c.payments?.amended) == FragmentTests.amended)
        #expect(FragmentTests.spans(c.payments?.original) == ["2025-08..2026-06@224166", "2026-07..2026-07@224174"])
        // A value read on page 2 names page 2 and page 2's file; one read on page 1, page 1's.
        let last = try #require(c.payments?.amended?.last)
        #expect(last.provenance.locator.page == 2 && last.provenance.source == shas[1])
        let original = try #require(c.amount?.original)
        #expect(original.provenance.locator.page == 1 && original.provenance.source == shas[0])
        // Every provenance of the record: the file of its page.
        let bytes = try JSONExport.bytes(record, pretty: false)
        let json = try JSONSerialization.jsonObject(with: Data(bytes))
        let all = Self.provenances(json)
        #expect(all.count > 20)
        for p in all {
            guard let page = (p["locator"] as? [String: Any])?["page"] as? Int else { continue }
            #expect([1, 2].contains(page) && p["source"] as? String == shas[page - 1], "\(p)")
        }
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-document.schema.json"))
        #expect(try validator.validate(Data(bytes)) == [])
    }

    /// `accord extract --page-sets` prints one record for the two page files, named for the set;
    /// without it, one per file (each page a fragment).
    @Test func extractPagesPrintsTheSetsRecord() throws {
        typealias CLI = CommandLineTests
        let members = ["corpus/scans/001-clean-p1.png", "corpus/scans/001-clean-p2.png"]
        var env = ProcessInfo.processInfo.environment
        env["OMP_THREAD_LIMIT"] = "1"
        let r = try CLI.run(["extract", "--page-sets"] + members, environment: env)
        #expect(r.status == 0 && r.stderr == "")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let source = try #require(record["source"] as? [String: Any])
        #expect(source["path"] as? String == "corpus/scans/001-clean-p[1-2].png")
        #expect((source["parts"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == members)
        #expect((record["contract"] as? [String: Any])?["fragment"] == nil)
        #expect(try CLI.run(["extract", "--help"]).stdout.contains("--page-sets"))
    }

    /// `accord ingest` of two page files stores each as read alone and the set as an entry of its
    /// own, named `…-p[1-2].jpg`, keyed by the sha256 derived from the files', with the values of
    /// both pages; `list` shows it and `show` gives its record by that name. Again: nothing new.
    @Test func ingestStoresTheSetAsADocumentOfItsOwn() throws {
        typealias CLI = CommandLineTests
        let members = ["corpus/scans/001-degraded-p1.jpg", "corpus/scans/001-degraded-p2.jpg"]
        let shas = try members.map { ContentHash.hex(try Corpus.data($0)) }
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("accord-pages-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + s) } }
        var env = ProcessInfo.processInfo.environment
        env["OMP_THREAD_LIMIT"] = "1"
        let first = try CLI.run(["ingest", "--db", db, "--quiet"] + members, environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("ingest: 3 files into \(db): 3 new, 0 unchanged, 0 linked, 0 superseded, 0 failed, 0 with error findings"), "\(first.stdout)")

        let list = try CLI.run(["list", "--db", db, "--format", "json"])
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(entries.compactMap { $0["path"] as? String } == members + ["corpus/scans/001-degraded-p[1-2].jpg"])
        let set = try #require(entries.last)
        #expect(set["sha256"] as? String == PageSets.sha256(of: shas))
        #expect(set["status"] as? String == "ok" && set["documentKind"] as? String == "amendment")
        #expect(set["amountOriginal"] as? String == "2690000" && set["amountAmended"] as? String == "2527273")
        #expect(set["pages"] as? Int == 2)
        #expect((set["findings"] as? [String: Any])?["error"] as? Int == 0)

        let show = try CLI.run(["show", "--db", db, "corpus/scans/001-degraded-p[1-2].jpg"])
        #expect(show.status == 0)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let source = try #require(record["source"] as? [String: Any])
        #expect((source["parts"] as? [[String: Any]])?.compactMap { $0["sha256"] as? String } == shas)
        let contract = try #require(record["contract"] as? [String: Any])
        #expect(contract["fragment"] == nil)
        let amended = try #require((contract["payments"] as? [String: Any])?["amended"] as? [[String: Any]])
        #expect(amended.map { "\($0["from"] ?? "")..\($0["to"] ?? "")@\($0["monthly"] ?? "")" } == FragmentTests.amended)
        #expect((amended.last?["provenance"] as? [String: Any])?["source"] as? String == shas[1])
        // Each page file alone is still the fragment it was.
        let page2 = try CLI.run(["show", "--db", db, members[1]])
        let alone = try #require(try JSONSerialization.jsonObject(with: Data(page2.stdout.utf8)) as? [String: Any])
        #expect((alone["contract"] as? [String: Any])?["fragment"] != nil)
        #expect((alone["source"] as? [String: Any])?["parts"] == nil)

        let again = try CLI.run(["ingest", "--db", db, "--quiet"] + members, environment: env)
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("ingest: 3 files into \(db): 0 new, 3 unchanged"), "\(again.stdout)")
    }
}
