import Testing
import Foundation
import AccordModel
import AccordPipeline
import TestSupport

/// Generated documents of two more families (scripts/gen_variants_ocr_req.py → corpus/variants2/):
/// - `ocr`: agreements like seed 002, scanned and OCR'd with the wrong language model (Han became
///   Latin garbage, digits survived with realistic damage), followed by a dump of the annex;
/// - `req`: service requirements like seed 003 (DOCX text extract, one table per 采购包).
/// Every expected value in manifest.json was computed by the generator from its parameters, never
/// read back from Accord (see corpus/REVIEW.md, "variants2").
@Suite struct VariantFamiliesTests {
    enum Expect<T: Decodable & Sendable & Equatable>: Sendable, Equatable {
        case unchecked, none, some(T)
        var value: T? { if case .some(let v) = self { return v }; return nil }
    }

    struct TargetSpec: Decodable, Sendable, Equatable {
        var metric: String?
        var op: String
        var value: String
        var unit: String
        var per: String?
    }
    struct Sample: Decodable, Sendable, Equatable {
        var index: Int
        var number: String?
        var standardStart: String
        var firstTarget: TargetSpec?
    }
    struct PackageSpec: Decodable, Sendable, Equatable {
        var name: String?
        var nameFrom: String
        var place: String
        var indicatorCount: Int
        var samples: [Sample]
    }

    struct Entry: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var family: String
        var defect: String?
        var encoding: String
        var documentKind: String
        var requiredFindings: [String]
        var errorFindings: [String]
        // ocr
        var projectCode: Expect<String>
        var amountOriginal: Expect<String>
        var amountAmended: Expect<String>
        var maxConfidence: Double?
        // req
        var crlf: Bool?
        var headings: String?
        var packages: [PackageSpec]?

        var testDescription: String { (file as NSString).lastPathComponent }

        enum K: String, CodingKey {
            case file, family, defect, encoding, documentKind, requiredFindings, errorFindings, projectCode,
                 amountOriginal, amountAmended, maxConfidence, crlf, headings, packages
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: K.self)
            func f<T: Decodable & Sendable & Equatable>(_ k: K) throws -> Expect<T> {
                guard c.contains(k) else { return .unchecked }
                if try c.decodeNil(forKey: k) { return .none }
                return .some(try c.decode(T.self, forKey: k))
            }
            file = try c.decode(String.self, forKey: .file)
            family = try c.decode(String.self, forKey: .family)
            defect = try c.decodeIfPresent(String.self, forKey: .defect)
            encoding = try c.decode(String.self, forKey: .encoding)
            documentKind = try c.decode(String.self, forKey: .documentKind)
            requiredFindings = try c.decode([String].self, forKey: .requiredFindings)
            errorFindings = try c.decode([String].self, forKey: .errorFindings)
            projectCode = try f(.projectCode)
            amountOriginal = try f(.amountOriginal)
            amountAmended = try f(.amountAmended)
            maxConfidence = try c.decodeIfPresent(Double.self, forKey: .maxConfidence)
            crlf = try c.decodeIfPresent(Bool.self, forKey: .crlf)
            headings = try c.decodeIfPresent(String.self, forKey: .headings)
            packages = try c.decodeIfPresent([PackageSpec].self, forKey: .packages)
        }
    }

    static let manifestPath = "corpus/variants2/manifest.json"

    static func loadManifest() throws -> [Entry] { try Manifest.entries(manifestPath) }

    static let all: [Entry] = (try? loadManifest()) ?? []

    static func d(_ s: String) -> Decimal? { Manifest.decimal(s) }

    // MARK: the manifest itself

    /// The parameterised test runs over the manifest: it must be there and cover both families and
    /// every defect, so that an empty or broken manifest cannot pass.
    @Test func manifestCoversFamiliesAndDefects() throws {
        let entries = try Self.loadManifest()
        #expect(entries.count == 22)
        #expect(Set(entries.map(\.family)) == ["ocr", "req"])
        let ocr = entries.filter { $0.family == "ocr" }
        let req = entries.filter { $0.family == "req" }
        #expect(Set(ocr.compactMap(\.defect)) == ["no_confirm", "one_amount", "code_last_letter"])
        #expect(Set(req.compactMap(\.defect)) == ["gap", "unparsed"])
        #expect(ocr.filter { $0.defect == nil }.count == 4)
        #expect(req.filter { $0.defect == nil }.count == 8)
        #expect(req.contains { $0.encoding == "gb18030" && $0.crlf == true })
        #expect(Set(req.compactMap(\.headings)) == ["all", "first", "none"])
        #expect(Set(req.map { $0.packages?.count ?? 0 }) == [1, 2, 3])
        for e in entries {
            #expect(FileManager.default.fileExists(atPath: Corpus.url(e.file).path), "\(e.file) exists")
            #expect(e.errorFindings.isEmpty, "\(e.file): no error expected in these families")
            if e.defect == "gap" { #expect(e.requiredFindings.contains("indicator.numbering_gap")) }
            if e.defect == "unparsed" { #expect(e.requiredFindings.contains("indicator.standard_unparsed")) }
            if e.family == "ocr" {
                #expect(e.requiredFindings.contains("ocr.wrong_language") && e.requiredFindings.contains("ocr.salvaged"))
                #expect(e.projectCode != .unchecked && e.amountOriginal != .unchecked && e.amountAmended != .unchecked)
                #expect((e.maxConfidence ?? 1) < 1)
            } else {
                let pkgs = try #require(e.packages, "\(e.file): packages")
                #expect(!pkgs.isEmpty)
                for p in pkgs { #expect(p.indicatorCount > 0 && !p.samples.isEmpty, "\(e.file): samples") }
            }
        }
        #expect(ocr.contains { $0.amountOriginal == .none && $0.amountAmended == .none })
        #expect(Self.all.count == entries.count)
    }

    // MARK: every file

    @Test(arguments: all)
    func variant(_ e: Entry) throws {
        try Self.check(e)
    }

    static func check(_ e: Entry) throws {
        let name = e.testDescription
        let data = try Corpus.data(e.file)
        if e.crlf == true { #expect(data.contains(0x0D), "\(name): the file has CRLF line ends") }
        let doc = try Pipeline().process(data: data, path: e.file)
        #expect(doc.source.encoding == e.encoding, "\(name): encoding")
        #expect(doc.documentKind.rawValue == e.documentKind, "\(name): kind")

        let codes = Set(doc.report.findings.map(\.code))
        for code in e.requiredFindings {
            #expect(codes.contains(code), "\(name): expected finding \(code)")
        }
        let errors = Set(doc.report.findings.filter { $0.severity == .error }.map(\.code))
        #expect(errors == Set(e.errorFindings), "\(name): error findings")

        if e.family == "ocr" { checkOCR(e, doc) } else { try checkRequirements(e, doc) }
    }

    static func checkOCR(_ e: Entry, _ doc: CanonicalDocument) {
        let name = e.testDescription
        let c = doc.contract
        let maxConf = e.maxConfidence ?? 1
        if e.projectCode != .unchecked {
            #expect(c?.projectCode?.value == e.projectCode.value, "\(name): projectCode")
        }
        if let p = c?.projectCode?.provenance { #expect(p.confidence < maxConf, "\(name): confidence of the salvaged code") }
        for (label, got, want) in [("amount.original", c?.amount?.original, e.amountOriginal),
                                   ("amount.amended", c?.amount?.amended, e.amountAmended)] where want != .unchecked {
            #expect(got?.value == want.value.flatMap(d), "\(name): \(label)")
            if let p = got?.provenance { #expect(p.confidence < maxConf, "\(name): confidence of the salvaged \(label)") }
        }
        // Salvage reports each value it took as a warning, never more than it took.
        let salvaged = doc.report.findings.filter { $0.code == "ocr.salvaged" }
        #expect(salvaged.allSatisfy { $0.severity == .warning }, "\(name): ocr.salvaged is a warning")
    }

    static func norm(_ s: String) -> String {
        s.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace }
    }

    static func checkRequirements(_ e: Entry, _ doc: CanonicalDocument) throws {
        let name = e.testDescription
        let want = try #require(e.packages)
        #expect(doc.packages.map { $0.name?.value } == want.map(\.name), "\(name): package names")
        #expect(doc.packages.count == want.count, "\(name): package count")
        for (k, (got, spec)) in zip(doc.packages, want).enumerated() {
            #expect(got.indicators.count == spec.indicatorCount, "\(name): indicators in package \(k + 1) (\(spec.place))")
            for s in spec.samples {
                guard s.index < got.indicators.count else {
                    Issue.record("\(name): package \(k + 1) has no indicator \(s.index)"); continue
                }
                let ind = got.indicators[s.index]
                let at = "\(name): package \(k + 1) indicator \(s.index)"
                #expect(ind.number == s.number, "\(at): number")
                #expect(norm(ind.standard ?? "").hasPrefix(norm(s.standardStart)), "\(at): standard starts \(s.standardStart)")
                if let t = s.firstTarget {
                    let first = ind.targets.first
                    #expect(first?.metric == t.metric, "\(at): metric")
                    #expect(first?.op.rawValue == t.op, "\(at): op")
                    #expect(first?.value == d(t.value), "\(at): value")
                    #expect(first?.unit == t.unit, "\(at): unit")
                    #expect(first?.per == t.per, "\(at): per")
                } else {
                    #expect(ind.targets.isEmpty, "\(at): no target")
                }
            }
        }
    }
}
