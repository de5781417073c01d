import Testing
import Foundation
import AccordModel
import AccordPipeline
import TestSupport

/// Generated agreements of seed 001's family (scripts/gen_variants.py → corpus/variants/):
/// other names, lots, dates and totals, four formats, one deliberate defect per defective file.
/// Every expected value in manifest.json was computed by the generator from its parameters,
/// never read back from Accord (see corpus/REVIEW.md, "variants").
@Suite struct VariantCorpusTests {
    /// A manifest field: not checked (key absent), expected absent (null), or expected to be this value.
    enum Expect<T: Decodable & Sendable & Equatable>: Sendable, Equatable {
        case unchecked, none, some(T)
        var value: T? { if case .some(let v) = self { return v }; return nil }
    }

    /// A share null: the line's share was cut off in a dump, its amount kept.
    struct Figure: Decodable, Sendable, Equatable { var amount: String; var share: String? }
    struct Line: Decodable, Sendable, Equatable {
        var item: String
        var parent: String?
        var original: Figure?
        var amended: Figure?
    }

    struct Entry: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var format: String
        var sourceFormat: String
        var sourceEncoding: String
        var defect: String?
        var projectCode, lot, buyer, supplier, projectName, originalSignedDate, periodStart, periodEnd: Expect<String>
        var amountOriginal, amountAmended, uppercaseOriginal, uppercaseAmended: Expect<String>
        var statedTotalOriginal, statedTotalAmended: Expect<String>
        var paymentsOriginal, paymentsAmended: Expect<[String]>
        var budget: [Line]
        var requiredFindings: [String]
        var errorFindings: [String]
        var truncatedLines: [Int]?

        var testDescription: String { (file as NSString).lastPathComponent }

        enum K: String, CodingKey {
            case file, format, sourceFormat, sourceEncoding, defect, projectCode, lot, buyer, supplier, projectName,
                 originalSignedDate, periodStart, periodEnd, amountOriginal, amountAmended, uppercaseOriginal,
                 uppercaseAmended, statedTotalOriginal, statedTotalAmended, paymentsOriginal, paymentsAmended,
                 budget, requiredFindings, errorFindings, truncatedLines
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: K.self)
            func f<T: Decodable & Sendable & Equatable>(_ k: K) throws -> Expect<T> {
                guard c.contains(k) else { return .unchecked }
                if try c.decodeNil(forKey: k) { return .none }
                return .some(try c.decode(T.self, forKey: k))
            }
            file = try c.decode(String.self, forKey: .file)
            format = try c.decode(String.self, forKey: .format)
            sourceFormat = try c.decode(String.self, forKey: .sourceFormat)
            sourceEncoding = try c.decode(String.self, forKey: .sourceEncoding)
            defect = try c.decodeIfPresent(String.self, forKey: .defect)
            projectCode = try f(.projectCode); lot = try f(.lot); buyer = try f(.buyer); supplier = try f(.supplier)
            projectName = try f(.projectName); originalSignedDate = try f(.originalSignedDate)
            periodStart = try f(.periodStart); periodEnd = try f(.periodEnd)
            amountOriginal = try f(.amountOriginal); amountAmended = try f(.amountAmended)
            uppercaseOriginal = try f(.uppercaseOriginal); uppercaseAmended = try f(.uppercaseAmended)
            statedTotalOriginal = try f(.statedTotalOriginal); statedTotalAmended = try f(.statedTotalAmended)
            paymentsOriginal = try f(.paymentsOriginal); paymentsAmended = try f(.paymentsAmended)
            budget = try c.decode([Line].self, forKey: .budget)
            requiredFindings = try c.decode([String].self, forKey: .requiredFindings)
            errorFindings = try c.decode([String].self, forKey: .errorFindings)
            truncatedLines = try c.decodeIfPresent([Int].self, forKey: .truncatedLines)
        }
    }

    static let manifestPath = "corpus/variants/manifest.json"

    static func loadManifest() throws -> [Entry] { try Manifest.entries(manifestPath) }

    static let all: [Entry] = (try? loadManifest()) ?? []

    static func d(_ s: String) -> Decimal? { Manifest.decimal(s) }

    // MARK: the manifest itself

    /// The parameterised test below runs over the manifest: it must be there and cover every
    /// format and every defect, so that an empty or broken manifest cannot pass silently.
    @Test func manifestCoversFormatsAndDefects() throws {
        let entries = try Self.loadManifest()
        #expect(entries.count == 32)
        #expect(Set(entries.map(\.format)) == ["md", "gb", "u16", "dump"])
        #expect(Set(entries.compactMap(\.defect)) ==
                ["uppercase", "budget_line", "share", "schedule_fee", "stated_total", "period"])
        #expect(entries.filter { $0.defect == nil }.count == 20)
        for e in entries {
            #expect(FileManager.default.fileExists(atPath: Corpus.url(e.file).path), "\(e.file) exists")
            if e.defect == nil { #expect(e.errorFindings.isEmpty, "\(e.file): a clean file expects no error") }
            else { #expect(!e.requiredFindings.isEmpty, "\(e.file): a defect expects its finding") }
        }
        #expect(Self.all.count == entries.count)
    }

    // MARK: every file

    @Test(arguments: all)
    func variant(_ e: Entry) throws {
        try Self.check(e)
    }

    static func check(_ e: Entry) throws {
        let name = e.testDescription
        let doc = try Pipeline().process(data: try Corpus.data(e.file), path: e.file)
        #expect(doc.source.format == e.sourceFormat, "\(name): format")
        #expect(doc.source.encoding == e.sourceEncoding, "\(name): encoding")
        #expect(doc.documentKind == .amendment, "\(name): kind")
        let c = try #require(doc.contract, "\(name): contract")

        func eq(_ got: String?, _ want: Expect<String>, _ field: String) {
            guard want != .unchecked else { return }
            #expect(got == want.value, "\(name): \(field)")
        }
        func money(_ got: Decimal?, _ want: Expect<String>, _ field: String) {
            guard want != .unchecked else { return }
            #expect(got == want.value.flatMap(d), "\(name): \(field)")
        }
        func spans(_ got: [PaymentSpan]?, _ want: Expect<[String]>, _ field: String) {
            guard want != .unchecked else { return }
            #expect(got?.map { "\($0.from)..\($0.to)@\($0.monthly)" } == want.value, "\(name): \(field)")
        }

        eq(c.projectCode?.value, e.projectCode, "projectCode")
        eq(c.lot?.value, e.lot, "lot")
        eq(c.buyer?.value, e.buyer, "buyer")
        eq(c.supplier?.value, e.supplier, "supplier")
        eq(c.projectName?.value, e.projectName, "projectName")
        eq(c.originalSignedDate?.value, e.originalSignedDate, "originalSignedDate")
        eq(c.period?.start?.value, e.periodStart, "period.start")
        eq(c.period?.end?.value, e.periodEnd, "period.end")
        money(c.amount?.original?.value, e.amountOriginal, "amount.original")
        money(c.amount?.amended?.value, e.amountAmended, "amount.amended")
        eq(c.amount?.original?.uppercase?.value, e.uppercaseOriginal, "amount.original.uppercase")
        eq(c.amount?.amended?.uppercase?.value, e.uppercaseAmended, "amount.amended.uppercase")
        spans(c.payments?.original, e.paymentsOriginal, "payments.original")
        spans(c.payments?.amended, e.paymentsAmended, "payments.amended")
        money(c.payments?.originalStatedTotal?.value, e.statedTotalOriginal, "payments.originalStatedTotal")
        money(c.payments?.amendedStatedTotal?.value, e.statedTotalAmended, "payments.amendedStatedTotal")

        // Budget: exactly the expected lines, each with its parent, amounts and shares.
        #expect(c.budget.map(\.item) == e.budget.map(\.item), "\(name): budget items")
        for want in e.budget {
            guard let line = c.budget.first(where: { $0.item == want.item }) else { continue }
            #expect(line.parent == want.parent, "\(name): parent of \(want.item)")
            for (label, got, fig) in [("original", line.original, want.original), ("amended", line.amended, want.amended)] {
                #expect(got?.amount?.value == fig.flatMap { d($0.amount) }, "\(name): \(label) amount of \(want.item)")
                #expect(got?.share?.value == fig.flatMap { $0.share.flatMap(d) }, "\(name): \(label) share of \(want.item)")
            }
        }

        // Findings: the defect's own code, and exactly the expected error codes.
        let codes = Set(doc.report.findings.map(\.code))
        for code in e.requiredFindings {
            #expect(codes.contains(code), "\(name): expected finding \(code)")
        }
        let errors = Set(doc.report.findings.filter { $0.severity == .error }.map(\.code))
        #expect(errors == Set(e.errorFindings), "\(name): error findings")

        // Dumps: every line cut at the width is reported, with its line.
        if let lines = e.truncatedLines {
            let flagged = doc.report.findings.filter { $0.code == "text.truncated" }.compactMap { $0.provenance?.locator.line }
            #expect(flagged == lines, "\(name): truncated lines")
        }
    }
}
