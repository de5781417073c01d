import Testing
import Foundation
import TestSupport

/// `accord diff` run as a person runs it: files or archive entries, formats, exit status.
@Suite struct DiffCommandTests {
    typealias CLI = CommandLineTests
    static let seed = "corpus/seeds/001_08ce58bb254aa3f5.txt"

    @Test func exitStatusSaysWhetherAnythingDiffers() throws {
        let same = try CLI.run(["diff", Self.seed, "corpus/docx/001_agreement.docx"])
        #expect(same.status == 0 && same.stderr.isEmpty)
        #expect(same.stdout.contains("Indicators: 0 target_changed, 0 moved, 0 reworded, 0 added, 0 removed, 67 unchanged"))
        #expect(same.stdout.contains("amount        2527273   unchanged"))
        #expect(!same.stdout.contains("\u{1B}["), "no colour when standard output is not a terminal")
        let alone = try CLI.run(["diff", Self.seed])
        #expect(alone.status == 1)
        #expect(alone.stdout.contains("2690000 → 2527273   −162727 (−6.05 %)"))
        #expect(alone.stdout.contains("2026-01..2026-06  224166 → 200920   −23246 a month, cumulative −139476"))
        #expect(alone.stdout.contains("equal 2025-08 through 2025-12"))
        let coloured = try CLI.run(["diff", "--color", "always", Self.seed])
        #expect(coloured.stdout.contains("\u{1B}[33m2690000 → 2527273\u{1B}[0m"))
    }

    @Test func jsonIsTheSchemasAndTheSameWhateverTheFormat() throws {
        let r = try CLI.run(["diff", "-f", "json", Self.seed, "corpus/seeds/000_77b86f38557a5dc6.txt"])
        #expect(r.status == 1)
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-diff.schema.json"))
        #expect(try validator.validate(Data(r.stdout.utf8)) == [])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((obj["a"] as? [String: Any])?["path"] as? String == Self.seed)
        #expect((obj["summary"] as? [String: Any])?["reworded"] as? Int == 0)
    }

    @Test func archiveEntriesByIdOrPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("a.sqlite").path
        _ = try CLI.run(["ingest", "--db", db, "--quiet", Self.seed, "corpus/docx/001_agreement.docx"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["list", "--db", db, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        let docxID = try #require(list.first { ($0["path"] as? String)?.hasSuffix(".docx") == true }?["id"] as? Int)
        // A stored path that is also a file is read from the file; an id comes from the archive.
        let fromArchive = try CLI.run(["diff", "--db", db, "-f", "json", Self.seed, "\(docxID)"])
        let fromFiles = try CLI.run(["diff", "-f", "json", Self.seed, "corpus/docx/001_agreement.docx"])
        #expect(fromArchive.status == 0 && fromArchive.stdout == fromFiles.stdout)
        let missing = try CLI.run(["diff", "--db", db, Self.seed, "9999"])
        #expect(missing.status == 2 && missing.stderr == "accord: 9999: no such file, nor an id or path in the archive \(db)\n")
        let noArchive = try CLI.run(["diff", "--db", dir.appendingPathComponent("none.sqlite").path, Self.seed, "42"])
        #expect(noArchive.status == 2 && noArchive.stderr.hasPrefix("accord: 42: no such file (and no archive at "))
    }

    @Test func unreadableDocumentsAndUsage() throws {
        let empty = try CLI.temp("empty.txt", Data())
        let r = try CLI.run(["diff", Self.seed, empty])
        #expect(r.status == 2 && r.stdout.isEmpty && r.stderr == "accord: \(empty): empty file\n")
        #expect(try CLI.run(["diff"]).status == 2)
        #expect(try CLI.run(["diff", Self.seed, Self.seed, Self.seed]).status == 2)
        #expect(try CLI.run(["diff", "-f", "xml", Self.seed]).status == 2)
    }
}
