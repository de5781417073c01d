import Testing
import Foundation
import AccordModel
import AccordPipeline
import TestSupport

/// Text typed out from a page, wrapped at the page's width (corpus/scans/*.txt are such texts):
/// a line that filled the width runs on into the next, so a figure split by the wrap
/// (252.72 | 73万元) is read whole, with its provenance spanning both lines.
@Suite struct HardWrapTests {
    static func doc(_ path: String) throws -> CanonicalDocument {
        try Pipeline().process(data: try Corpus.data(path), path: path)
    }

    @Test func aFigureSplitByTheWrapIsReadWhole() throws {
        let d = try Self.doc("corpus/scans/001-clean-p1.txt")
        let amended = try #require(d.contract?.amount?.amended)
        #expect(amended.value == 2527273)
        // The provenance spans the two lines the figure was wrapped over (lines 15 and 16).
        #expect(amended.provenance.locator.line == 15 && amended.provenance.locator.endLine == 16)
        #expect(amended.provenance.text == "252.72\n73万元")
        #expect(d.report.findings.filter { $0.severity == .error }.map(\.code) == [])
        let unwrapped = try #require(d.report.actions.first { $0.code == "text.unwrapped" })
        #expect(unwrapped.count == 17)
    }

    /// The whole two-page text reads like the scan it was typed from: every term, no error.
    @Test func theWholeWrappedTextReadsLikeTheScan() throws {
        let d = try Self.doc("corpus/scans/001-clean.txt")
        let c = try #require(d.contract)
        #expect(c.amount?.original?.value == 2690000 && c.amount?.amended?.value == 2527273)
        #expect(c.payments?.amended?.map(\.monthly) == [224166, 200920, 200923])
        #expect(c.budget.count == 6)
        #expect(d.report.findings.filter { $0.severity == .error }.map(\.code) == [])
    }

    /// One paragraph per line (a conversion) is not wrapped text: nothing is joined.
    @Test func paragraphsOfAConversionAreNotJoined() throws {
        let d = try Self.doc("corpus/seeds/001_08ce58bb254aa3f5.txt")
        #expect(!d.report.actions.contains { $0.code == "text.unwrapped" })
        let lines = (0..<8).map { i in String(repeating: "甲", count: 20 + i) + "。" }.joined(separator: "\n")
        let e = try Pipeline().process(data: Data(lines.utf8), path: "a.txt")
        #expect(!e.report.actions.contains { $0.code == "text.unwrapped" })
    }

    /// A wrapped line that closes a sentence, or a next line that opens a clause, is not joined.
    @Test func sentenceEndsAndClauseStartsStayApart() throws {
        let full = String(repeating: "乙", count: 24)
        let text = [full, full, full + "。", full, "二、" + String(repeating: "丙", count: 22), full, full, "短。"].joined(separator: "\n")
        let d = try Pipeline().process(data: Data(text.utf8), path: "w.txt")
        // Joined: 2→1, 3→2, 6→5 (the clause's own continuation), 7→6, 8→7; not 4 (3 closed a
        // sentence) nor 5 (it opens clause 二).
        #expect(d.report.actions.first { $0.code == "text.unwrapped" }?.count == 5)
        #expect(d.contract == nil || d.contract?.amendments.isEmpty == true)
        let blocks = try Pipeline().read(data: Data(text.utf8), path: "w.txt").blocks
        #expect(blocks.count == 3)
    }
}
