import Testing
import Foundation
import TestSupport

/// A repair end to end: a scan rendered by scripts/render_scans.py (`001-misread-p1.png`: page 1
/// of seed 001 with the original supervision line 督导经费 printed as 56400 instead of 50400, what
/// the recognizer hands on when it misreads a 0 as a 6), read by the built `accord` as a user
/// runs it. The page's own redundancy (the lines against the total, the line's share 1.87 %)
/// allows exactly one one-digit reading back: the record must carry 50400, say so in a finding
/// with the box the figure was read from, list the change among the cleaning actions, and no
/// longer report the sum or the share as broken.
@Suite struct ScanRepairTests {
    typealias CLI = CommandLineTests
    static let scan = "corpus/scans/001-misread-p1.png"
    static let message = "original budget: 督导经费 read as 56400 repaired to 50400 (6→0 at digit 2): the only one-digit reading that makes the figures agree"

    @Test func misreadBudgetFigureIsRepairedThroughExtract() throws {
        let r = try CLI.run(["extract", "--format", "json", Self.scan])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let contract = try #require(doc["contract"] as? [String: Any])
        let budget = try #require(contract["budget"] as? [[String: Any]])
        let line = try #require(budget.first { $0["item"] as? String == "督导经费" })
        let original = try #require((line["original"] as? [String: Any])?["amount"] as? [String: Any])
        #expect((original["value"] as? NSNumber)?.intValue == 50400)
        let prov = try #require(original["provenance"] as? [String: Any])
        // The provenance still shows what was read, and the value counts as inferred, not read.
        #expect(prov["text"] as? String == "56400 元 ")
        #expect(prov["confidence"] as? Double == 0.6)
        // The amended figure of the same line was read right and is left alone.
        #expect((((line["amended"] as? [String: Any])?["amount"] as? [String: Any])?["value"] as? NSNumber)?.intValue == 46200)

        let report = try #require(doc["report"] as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let repairs = findings.filter { ($0["code"] as? String)?.hasPrefix("repair.") == true }
        #expect(repairs.count == 1)
        let repair = try #require(repairs.first)
        #expect(repair["code"] as? String == "repair.applied")
        #expect(repair["severity"] as? String == "warning")
        #expect(repair["message"] as? String == Self.message)
        let locator = (repair["provenance"] as? [String: Any])?["locator"] as? [String: Any]
        #expect(locator?["page"] as? Int == 1)
        #expect((locator?["bbox"] as? [Int])?.count == 4)
        // Nothing is left broken: no error, and no share or sum finding on the budget.
        #expect(!findings.contains { $0["severity"] as? String == "error" })
        #expect(!findings.contains { ($0["code"] as? String)?.hasPrefix("budget.") == true })

        let actions = try #require(report["actions"] as? [[String: Any]])
        let action = try #require(actions.first { $0["code"] as? String == "repair.applied" })
        #expect(action["count"] as? Int == 1)
        #expect(action["examples"] as? [String] == ["original budget: 督导经费 read as 56400 repaired to 50400 (6→0 at digit 2)"])
    }

    /// `accord check` prints the repair as a warning naming the file and the box, and exits 0: a
    /// repaired document has no error left.
    @Test func checkReportsTheRepairAsAWarning() throws {
        let r = try CLI.run(["check", Self.scan])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first { $0.contains("repair.") }?.hasPrefix("\(Self.scan): warning repair.applied: \(Self.message) @ page 1 [") == true)
        #expect(lines.filter { $0.contains("repair.") }.count == 1)
        #expect(!lines.contains { $0.contains(": error ") })
    }

    /// An unreadable glyph end to end: `001-smudged-p1.png` has an ink blot over the leading 5 of
    /// the original 督导经费 50400 (Tesseract reads `@0400`). The record must carry 50400 as a
    /// completed figure citing what was read, the total and the share, and no error or budget
    /// finding may remain: the document is consistent.
    @Test func unreadableGlyphIsCompletedThroughExtract() throws {
        let r = try CLI.run(["extract", "--format", "json", "corpus/scans/001-smudged-p1.png"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let budget = try #require((doc["contract"] as? [String: Any])?["budget"] as? [[String: Any]])
        let line = try #require(budget.first { $0["item"] as? String == "督导经费" })
        let original = try #require(line["original"] as? [String: Any])
        #expect(original["basis"] as? String == "completed")
        #expect(((original["amount"] as? [String: Any])?["value"] as? NSNumber)?.intValue == 50400)
        let unreadable = try #require(original["unreadable"] as? [String: Any])
        #expect((unreadable["value"] as? String)?.hasSuffix("0400元") == true)
        let findings = try #require((doc["report"] as? [String: Any])?["findings"] as? [[String: Any]])
        let completed = findings.filter { $0["code"] as? String == "repair.completed" }
        #expect(completed.count == 1)
        #expect((completed.first?["message"] as? String)?.hasSuffix("completed to 50400 元: the only amount that fits the digits read and makes the lines add up to the total 2690000 元 (share 1.87% agrees)") == true)
        #expect((completed.first?["related"] as? [Any])?.count == 2)
        #expect(!findings.contains { $0["severity"] as? String == "error" })
        #expect(!findings.contains { ($0["code"] as? String)?.hasPrefix("budget.") == true })
    }

    /// A real defect still gets its error: `001-defect-p1.png` prints the original 督导经费 60500
    /// for 50400 (two digits off, share left at 1.87%): no one-digit reading explains it, so
    /// nothing is repaired, and the sum and the share are errors — the page stops mid-clause in
    /// clause 四, but the budget clause is whole on it, so its sum is checked.
    @Test func aRealDefectInAScanIsStillAnError() throws {
        let r = try CLI.run(["check", "corpus/scans/001-defect-p1.png"])
        #expect(r.status == 1 && r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.contains(": error ") }
        #expect(errors.count == 2)
        #expect(errors.contains { $0.hasPrefix("corpus/scans/001-defect-p1.png: error budget.sum_mismatch: original budget: the lines add up to 2700100 元, not the total 2690000 元") })
        #expect(errors.contains { $0.hasPrefix("corpus/scans/001-defect-p1.png: error budget.share_mismatch: original budget: 督导经费 is 60500 元 = 2.249% of 2690000 元") })
        #expect(!lines.contains { $0.contains("repair.") || $0.contains("unverified") })
    }
}
