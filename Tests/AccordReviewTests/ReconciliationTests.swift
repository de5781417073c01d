import Testing
import Foundation
import TestSupport
import AccordModel
import AccordPipeline
@testable import AccordReview

/// Grouping, reconciliation and merged views on the corpus's reviewed records (corpus/expected:
/// the real files' outputs, checked by hand in corpus/REVIEW.md) and on a 50-character dump of
/// agreement 001 (corpus/review, scripts/gen_review_fixtures.py) read by the pipeline.
@Suite struct ReconciliationTests {
    static func golden(_ name: String, path: String) throws -> ReviewSource {
        let doc = try JSONDecoder().decode(CanonicalDocument.self, from: Corpus.data("corpus/expected/\(name).json"))
        return ReviewSource(id: name, path: path, record: doc)
    }

    static func read(_ relative: String, id: String) throws -> ReviewSource {
        let doc = try Pipeline(registry: .standard).process(fileAt: Corpus.url(relative).path)
        return ReviewSource(id: id, path: relative, record: doc)
    }

    /// Every reviewed record of the corpus, and the dump of 001.
    static func shelf() throws -> [ReviewSource] {
        var s = try [
            ("seed-000", "corpus/seeds/000_77b86f38557a5dc6.txt"), ("seed-001", "corpus/seeds/001_08ce58bb254aa3f5.txt"),
            ("seed-002", "corpus/seeds/002_b89b15cc7f74b3ec.txt"), ("seed-003", "corpus/seeds/003_fec90b3e624f4feb.txt"),
            ("docx-001", "corpus/docx/001_agreement.docx"), ("flatopc-001", "corpus/docx/001_agreement.flat.xml"),
            ("html-001", "corpus/docx/001_agreement.html"), ("docx-003", "corpus/docx/003_requirements.docx"),
            ("word2003-003", "corpus/docx/003_requirements.2003.xml"), ("scan-001-clean", "corpus/scans/001-clean.tif"),
            ("scan-001-annex-table", "corpus/scans/001-annex-table.png"),
        ].map { try golden($0.0, path: $0.1) }
        s.append(try read("corpus/review/001_agreement.dump50.txt", id: "dump-001"))
        return s
    }

    @Test func copiesOfOneAgreementAreGroupedAndOtherLotsAreNot() throws {
        let review = Review(sources: try Self.shelf())
        let agreement = try #require(review.group(of: "docx-001"))
        #expect(Set(agreement.members) == ["seed-001", "docx-001", "flatopc-001", "html-001", "scan-001-clean", "dump-001"])
        #expect(agreement.kind == "agreement")
        #expect(agreement.key == "LGDL2025000084-A 一标段")
        // The dump lost the project code at its cut: it joins by title, parties and amounts.
        #expect(agreement.basis.contains("project code and lot") && agreement.basis.contains("title, parties and amounts"))
        // Seed 000 (another lot, no code) and seed 002 (lot C) are other agreements.
        #expect(review.group(of: "seed-000")?.members.contains("docx-001") != true)
        #expect(review.group(of: "seed-002")?.members.contains("docx-001") != true)
        let requirements = try #require(review.group(of: "docx-003"))
        #expect(Set(requirements.members) == ["seed-003", "docx-003", "word2003-003"])
        #expect(requirements.kind == "requirements")
    }

    @Test func theScansMisreadSupplierIsProposedFromTheTypedCopiesWithBothProvenances() throws {
        let review = Review(sources: try Self.shelf())
        let group = try #require(review.group(of: "docx-001"))
        let f = try #require(review.findings(of: group).first { $0.code == "group.repair_proposed" && $0.field == "supplier" })
        let proposal = try #require(f.proposal)
        #expect(proposal.source == "scan-001-clean")
        #expect(proposal.replaces == "深圳市龙岗区正了社会工作服务中心")
        #expect(proposal.value == "深圳市龙岗区正阳社会工作服务中心")
        #expect(f.message.contains("recognized at confidence 0.85"))
        let scan = try #require(f.values.first { $0.source == "scan-001-clean" })
        #expect(scan.provenance?.locator.page == 1 && scan.provenance?.locator.bbox != nil)
        let typed = try #require(f.values.first { $0.source == f.likelier })
        #expect(typed.family == .typed && typed.provenance?.locator.bbox == nil)
        // The copies that agree are not findings.
        #expect(!review.findings(of: group).contains { $0.field == "buyer" })
    }

    @Test func theMergedViewHasTheRightNameAndWholeCellsAndTheSourcesAreUnchanged() throws {
        let shelf = try Self.shelf()
        let three = shelf.filter { ["docx-001", "scan-001-clean", "dump-001"].contains($0.id) }
        let review = Review(sources: three)
        let group = try #require(review.groups.first)
        #expect(group.members.count == 3)
        let merged = try #require(review.merged(group))
        #expect(merged.base == "docx-001")
        #expect(merged.record.contract?.supplier?.value == "深圳市龙岗区正阳社会工作服务中心")
        // Each repair cited: the scan's name, and the dump's cut cells, each with both sources.
        let proposals = merged.repairs.compactMap(\.proposal)
        #expect(proposals.contains { $0.source == "scan-001-clean" && $0.field == "supplier" })
        let cells = merged.repairs.filter { $0.code == "annex.cell_lost" }
        #expect(!cells.isEmpty)
        #expect(cells.allSatisfy { $0.proposal?.source == "dump-001" && $0.values.count == 2 })
        // The merged indicators are the DOCX's whole cells, none cut.
        let docx = try #require(three.first { $0.id == "docx-001" })
        #expect(FieldAccess.indicators(merged.record).map(\.standard) == FieldAccess.indicators(docx.record).map(\.standard))
        // The sources' own records are untouched.
        #expect(review.sources.first { $0.id == "scan-001-clean" }?.record.contract?.supplier?.value == "深圳市龙岗区正了社会工作服务中心")
        #expect(try Self.read("corpus/review/001_agreement.dump50.txt", id: "x").record.contract?.projectCode == nil)
    }

    @Test func aMergedViewStartingFromTheDumpTakesTheCellsItLostFromTheScan() throws {
        // Without the DOCX, the dump (cut) is the base over the scan (OCR): the name stays the
        // dump's, and the clauses the dump cut come from the scan where the scan reads them plainly.
        let shelf = try Self.shelf()
        let two = shelf.filter { ["scan-001-clean", "dump-001"].contains($0.id) }
        let review = Review(sources: two)
        let group = try #require(review.groups.first)
        let merged = try #require(review.merged(group))
        #expect(merged.base == "dump-001")
        #expect(merged.record.contract?.supplier?.value == "深圳市龙岗区正阳社会工作服务中心")
        #expect(merged.record.contract?.projectCode?.value == "LGDL2025000084-A")
        #expect(merged.record.report.findings.contains { $0.code == "group.value_filled" && $0.message.hasPrefix("projectCode") })
        // The dump's original schedule is in a clause it cut short; the scan reads the whole of it.
        let scan = try #require(two.first { $0.id == "scan-001-clean" })
        #expect(merged.record.contract?.payments?.original?.map(\.monthly) == scan.record.contract?.payments?.original?.map(\.monthly))
        #expect(merged.record.report.findings.contains { $0.code == "group.repair_applied" && $0.message.hasPrefix("payments.original taken from") })
    }

    /// A scan that reads plainly another figure than the typed copies (the printed page may be
    /// another version, as corpus/scans/001-defect-p1.png prints 60500 for 50400) is a conflict
    /// with the typed copy named likelier right, never a repair proposed as if the scan misread it.
    @Test func aPlainReadingThatDisagreesIsAConflictNotARepair() throws {
        var scan = try Self.golden("scan-001-clean", path: "scan.tif")
        let docx = try Self.golden("docx-001", path: "agreement.docx")
        let i = try #require(scan.record.contract?.budget.firstIndex { $0.item == "督导经费" })
        scan.record.contract?.budget[i].original?.amount?.value = 60500
        let review = Review(sources: [scan, docx])
        let group = try #require(review.groups.first)
        let fs = review.findings(of: group).filter { $0.field == "budget[督导经费].original.amount" }
        #expect(fs.count == 1)
        #expect(fs.first?.code == "group.conflict")
        #expect(fs.first?.proposal == nil)
        #expect(fs.first?.likelier == "docx-001")
        // The scan's doubtful supplier is still a proposed repair.
        #expect(review.findings(of: group).contains { $0.code == "group.repair_proposed" && $0.field == "supplier" })
    }

    @Test func seed001sShiftedAnnexRowsAreReportedAgainstSeed000sCopyRowByRow() throws {
        let review = Review(sources: try Self.shelf())
        let family = try #require(review.annexFamilies.first { $0.members.contains("seed-000") && $0.members.contains("seed-001") })
        #expect(family.members.contains("seed-002"))
        // A scan of part of the annex (7 of its rows) is a copy too.
        #expect(family.members.contains("scan-001-annex-table"))
        let shifted = review.findings.filter {
            $0.code == "annex.row_shifted" && Set($0.values.map(\.source)) == ["seed-000", "seed-001"]
        }
        #expect(shifted.count >= 10)
        for f in shifted {
            #expect(f.values.count == 2)
            #expect(f.values.allSatisfy { $0.provenance?.locator.line != nil }, "both provenances, with their lines")
        }
        // 001's items go 1, 3: the rows it puts under item 1 belong to item 2, as 000 has them.
        let first = try #require(shifted.first)
        #expect(first.likelier == "seed-000")
        #expect(first.why?.contains("skip 2") == true)
    }

    /// Agreements made from one template share nearly all their text but are other agreements:
    /// near-identical text does not group two documents whose parties or amounts disagree.
    @Test func agreementsFromOneTemplateAreNotGroupedByTheirText() throws {
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: Corpus.url("corpus/variants").path).first { $0.hasPrefix("v24") })
        let text = try String(contentsOf: Corpus.url("corpus/variants/\(file)"), encoding: .utf8)
        var v24 = try Self.read("corpus/variants/\(file)", id: "v24")
        v24.text = text
        let supplier = try #require(v24.record.contract?.supplier?.value)
        // The same template filled for another supplier: the text differs in the name only.
        var other = try Self.read("corpus/variants/\(file)", id: "other")
        let otherName = String(supplier.dropLast(3)) + "社工站"
        other.path = "elsewhere/other.txt"
        other.text = text.replacingOccurrences(of: supplier, with: otherName)
        other.record.contract?.supplier?.value = otherName
        other.record.contract?.projectCode = nil
        other.record.contract?.amount = nil
        #expect(Sketch(v24.text ?? "").similarity(Sketch(other.text ?? "")) >= DocumentGrouping.textSimilarity,
                "their texts alone would group them")
        #expect(Review(sources: [v24, other]).groups.isEmpty)
        // A copy under another name (no code left, the same text and parties) is grouped.
        var copy = v24
        copy.id = "copy"; copy.path = "elsewhere/copy.txt"
        copy.record.contract?.projectCode = nil
        copy.record.contract?.amount = nil
        #expect(Review(sources: [v24, other, copy]).group(of: "copy")?.members.sorted() == ["copy", "v24"])
    }

    @Test func aCorrectionIsAppliedCitedAndDisputedWhenTheSourceChanges() throws {
        let scan = try Self.golden("scan-001-clean", path: "scan.tif")
        var doc = scan.record
        let c = Correction(id: 1, path: "scan.tif", field: "supplier", value: "深圳市龙岗区正阳社会工作服务中心", because: "the DOCX",
                           who: "archivist", at: "2026-12-07T08:00:00Z", was: "深圳市龙岗区正了社会工作服务中心")
        Corrections.apply([c], to: &doc)
        #expect(doc.contract?.supplier?.value == "深圳市龙岗区正阳社会工作服务中心")
        #expect(doc.contract?.supplier?.provenance.confidence == 1)
        #expect(doc.contract?.supplier?.provenance.locator.page == 1)
        #expect(doc.report.findings.contains { $0.code == "review.corrected" && $0.message.contains("by archivist") })
        #expect(!doc.report.findings.contains { $0.code == "review.correction_disputed" })
        // Re-read, the source now says something else than when the correction was made.
        var changed = scan.record
        changed.contract?.supplier?.value = "深圳市龙岗区正旧社会工作服务中心"
        Corrections.apply([c], to: &changed)
        #expect(changed.contract?.supplier?.value == "深圳市龙岗区正阳社会工作服务中心")
        #expect(changed.report.findings.contains { $0.code == "review.correction_disputed" && $0.message.contains("正旧") })
    }

    @Test func fieldPathsParseAndMoneyIsExact() throws {
        #expect(FieldPath(parsing: "contract.supplier") == .text(.supplier))
        #expect(FieldPath(parsing: "budget[督导经费].amended.amount") == .budget(item: "督导经费", amended: true, share: false))
        #expect(FieldPath(parsing: "indicators[12].standard") == .indicator(index: 12, cell: .standard))
        #expect(FieldPath(parsing: "budget[].original.amount") == nil)
        #expect(FieldPath(parsing: "nonsense") == nil)
        var doc = try Self.golden("seed-001", path: "x").record
        let p = Provenance(source: "s", locator: Locator(), text: "", confidence: 1)
        try FieldEdit.set(&doc, .amount(amended: true), value: "252.7273万元", provenance: p)
        #expect(doc.contract?.amount?.amended?.value == Decimal(string: "2527273"))
        #expect(throws: FieldEditError.self) { try FieldEdit.set(&doc, .amount(amended: true), value: "二百万", provenance: p) }
        #expect(throws: FieldEditError.self) { try FieldEdit.set(&doc, .budget(item: "没有这一项", amended: false, share: false), value: "1", provenance: p) }
    }

    @Test func repeatedFindingsAreOneLineWithTheCountAndPlaces() throws {
        let dump = try Self.read("corpus/review/001_agreement.dump50.txt", id: "d")
        let cut = dump.record.report.findings.filter { $0.code == "text.truncated" }
        #expect(cut.count > 10)
        let lines = FindingDigest.digest(dump.record.report.findings)
        let line = try #require(lines.first { $0.code == "text.truncated" })
        #expect(line.count == cut.count)
        #expect(line.places.count == cut.count)
        #expect(line.line().hasPrefix("\(cut.count)× — "))
        #expect(lines.filter { $0.code == "text.truncated" }.count == 1)
    }
}
