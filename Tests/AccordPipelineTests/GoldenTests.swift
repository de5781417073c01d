import Testing
import Foundation
import AccordModel
import AccordPipeline
import AccordExport
import AccordText
import AccordOCR
import TestSupport

/// Every file under corpus/ with a reviewed expected output must reproduce it exactly, and every
/// output of `extract` must validate against schemas/accord-document.schema.json.
///
/// Scan goldens (inputs under corpus/scans/) record what one Tesseract/chi_sim build reads:
/// - they are compared only on that build (`OCRBuild`, the `# ocr-build` line of
///   corpus/expected/INDEX.tsv), and skipped with the reason on another;
/// - the values a person reviewed as misread are listed in corpus/REVIEW.md ("Known misreads"):
///   the golden comparison leaves exactly those paths out, and `knownMisreadsAreStillRead`
///   asserts each one separately, so that a recognition fix reads "now reads as the true value:
///   accept it" instead of a golden that merely differs;
/// - the `ocr.engine` action's note ", OMP_THREAD_LIMIT not 1 (slow)" is left out of the
///   comparison: a test process started without OMP_THREAD_LIMIT=1 (plain `swift test`) cannot
///   limit OpenMP afterwards, and the recognized text is the same either way (checked: see
///   corpus/REVIEW.md, "Scans"); only the note and the time differ.
@Suite struct GoldenTests {
    /// (input path, expected path) for every corpus/expected/*.json whose input exists.
    static func cases() -> [(String, String)] {
        let expectedDir = Corpus.url("corpus/expected")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: expectedDir.path)) ?? []
        let index = (try? String(contentsOf: Corpus.url("corpus/expected/INDEX.tsv"), encoding: .utf8)) ?? ""
        var map: [String: String] = [:]
        for line in index.split(separator: "\n") where !line.hasPrefix("#") {
            let cols = line.split(separator: "\t").map(String.init)
            if cols.count == 2 { map[cols[1]] = cols[0] }
        }
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            guard let input = map[name] else { return nil }
            return (input, "corpus/expected/\(name)")
        }
    }

    static func isScan(_ input: String) -> Bool { input.hasPrefix("corpus/scans/") }
    static func textCases() -> [(String, String)] { cases().filter { !isScan($0.0) } }
    static func scanCases() -> [(String, String)] { cases().filter { isScan($0.0) } }

    @Test func everyExpectedFileHasAnInput() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Corpus.url("corpus/expected").path).filter { $0.hasSuffix(".json") }
        #expect(names.count == Self.cases().count, "corpus/expected/INDEX.tsv must list every expected file")
        #expect(names.count >= 11)
        let scans = Set(Self.scanCases().map(\.1))
        #expect(scans.isSuperset(of: ["corpus/expected/scan-001-annex-table.json", "corpus/expected/scan-001-clean.json"]))
    }

    @Test(arguments: GoldenTests.textCases())
    func reproducesGolden(input: String, expected: String) throws {
        let json = try JSONExport.string(try Readings.record(input), pretty: true) + "\n"
        let golden = String(decoding: try Corpus.data(expected), as: UTF8.self)
        if json != golden {
            let a = json.split(separator: "\n", omittingEmptySubsequences: false), b = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("\(input) differs from \(expected) at line \(i + 1):\n  got:      \(i < a.count ? a[i] : "<end>")\n  expected: \(i < b.count ? b[i] : "<end>")")
        }
    }

    /// A scan golden on the build it was made with: every value as recorded except the known
    /// misreads (asserted by `knownMisreadsAreStillRead`) and the thread-limit note.
    @Test(.enabled(if: OCRBuild.matchesGoldens, OCRBuild.skipComment), arguments: GoldenTests.scanCases())
    func reproducesScanGolden(input: String, expected: String) throws {
        let name = (expected as NSString).lastPathComponent
        var got = try JSONSerialization.jsonObject(with: try JSONExport.encoder(pretty: false).encode(try Readings.record(input)))
        var want = try JSONSerialization.jsonObject(with: try Corpus.data(expected))
        // The note is there exactly when this process runs OpenMP unlimited; the text is the same.
        let engine = GoldenJSON.value(at: "report.actions", in: got).flatMap { $0 as? [[String: Any]] }?
            .first { $0["code"] as? String == "ocr.engine" }?["examples"] as? [String]
        let note = OMPThreadLimit.isLimited ? "" : ", OMP_THREAD_LIMIT not 1 (slow)"
        #expect(engine == ["tesseract \(OCRLibraries.tesseractVersion) chi_sim\(note)"], "\(input): the ocr.engine action")
        got = GoldenJSON.withoutThreadNote(got)
        for m in KnownMisread.all where m.golden == name {
            // Left out on both sides: the golden's value is checked against the table by
            // `knownMisreadsTableStatesTheGoldens`, the fresh reading by `knownMisreadsAreStillRead`.
            want = GoldenJSON.removing(m.path, from: want)
            got = GoldenJSON.removing(m.path, from: got)
        }
        if let difference = GoldenJSON.firstDifference(got, want) {
            Issue.record("\(input) differs from \(expected) (known misreads of corpus/REVIEW.md left out) at \(difference)")
        }
    }

    /// The known-misreads table of corpus/REVIEW.md states what each scan golden holds: the path
    /// exists (or is absent when the misread is an absent value) and holds the misread value.
    @Test func knownMisreadsTableStatesTheGoldens() throws {
        let rows = KnownMisread.all
        #expect(rows.count == 11, "corpus/REVIEW.md lists 11 known misreads of scan-001-clean.json")
        let scanGoldens = Set(Self.scanCases().map { ($0.1 as NSString).lastPathComponent })
        for m in rows {
            #expect(scanGoldens.contains(m.golden), "\(m.golden) is not a scan golden of INDEX.tsv")
            #expect(!GoldenJSON.equal(m.misread, m.truth), "\(m): the misread and the true value are the same")
            let golden = try JSONSerialization.jsonObject(with: try Corpus.data("corpus/expected/\(m.golden)"))
            #expect(GoldenJSON.equal(GoldenJSON.value(at: m.path, in: golden), m.misread),
                    "\(m.golden) \(m.path) is \(GoldenJSON.describe(GoldenJSON.value(at: m.path, in: golden))), not the misread \(GoldenJSON.describe(m.misread)) listed in corpus/REVIEW.md")
        }
    }

    /// Each known misread is still what the recognizer reads. When it reads the true value, the
    /// recognition improved: accept it (regenerate the golden, re-review, drop the row).
    @Test(.enabled(if: OCRBuild.matchesGoldens, OCRBuild.skipComment), arguments: KnownMisread.all)
    func knownMisreadsAreStillRead(_ m: KnownMisread) throws {
        let input = try #require(Self.cases().first { ($0.1 as NSString).lastPathComponent == m.golden }?.0)
        let doc = try JSONSerialization.jsonObject(with: try JSONExport.encoder(pretty: false).encode(try Readings.record(input)))
        let now = GoldenJSON.value(at: m.path, in: doc)
        if GoldenJSON.equal(now, m.misread) { return }
        if GoldenJSON.equal(now, m.truth) {
            Issue.record("""
                known misread \(GoldenJSON.describe(m.misread)) at \(m.path) of \(m.golden) now reads as the true value \(GoldenJSON.describe(m.truth)): \
                accept it — regenerate the golden (scripts/update-expected.sh), review the diff and remove the row from \
                corpus/REVIEW.md's known misreads
                """)
        } else {
            Issue.record("""
                known misread \(GoldenJSON.describe(m.misread)) at \(m.path) of \(m.golden) now reads \(GoldenJSON.describe(now)), \
                neither the misread nor the true value \(GoldenJSON.describe(m.truth)): review it and update corpus/REVIEW.md
                """)
        }
    }

    /// The build line of INDEX.tsv is the one the scan goldens name in their `ocr.engine` action.
    @Test func ocrBuildLineAgreesWithTheScanGoldens() throws {
        let expected = try #require(OCRBuild.expected, "corpus/expected/INDEX.tsv has a # ocr-build line")
        for (_, golden) in Self.scanCases() {
            let json = try JSONSerialization.jsonObject(with: try Corpus.data(golden))
            let actions = try #require(GoldenJSON.value(at: "report.actions", in: json) as? [[String: Any]])
            let engine = actions.first { $0["code"] as? String == "ocr.engine" }?["examples"] as? [String]
            #expect(engine == ["tesseract \(expected.tesseract) chi_sim"], "\(golden)")
        }
    }

    @Test(arguments: GoldenTests.cases())
    func validatesAgainstSchema(input: String, expected: String) throws {
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-document.schema.json"))
        let errors = try validator.validate(try JSONExport.encoder(pretty: false).encode(try Readings.record(input)))
        #expect(errors == [], "\(input): \(errors.prefix(5))")
        // The intermediate document (`extract -f intermediate`) against its own schema.
        let intermediate = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-intermediate.schema.json"))
        let ierrors = try intermediate.validate(try JSONExport.encoder(pretty: false).encode(try Readings.intermediate(input)))
        #expect(ierrors == [], "\(input): \(ierrors.prefix(5))")
    }

    /// An indicator's provenance cites each place of its row once: no snippet of its text appears
    /// twice (a standard cell starting in the row used to be merged in a second time).
    @Test(arguments: GoldenTests.cases())
    func indicatorProvenanceCitesEachSnippetOnce(input: String, expected: String) throws {
        let doc = try Readings.record(input)
        for ind in doc.packages.flatMap(\.indicators) {
            let parts = ind.provenance.text.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(Set(parts).count == parts.count, "\(input): \(ind.provenance.text.prefix(80))")
        }
    }

    @Test func validatorRejectsBrokenDocuments() throws {
        let validator = try JSONSchemaValidator(schemaData: try Corpus.data("schemas/accord-document.schema.json"))
        let input = "corpus/seeds/001_08ce58bb254aa3f5.txt"
        let doc = try Pipeline().process(data: try Corpus.data(input), path: input)
        var obj = try #require(try JSONSerialization.jsonObject(with: try JSONExport.encoder(pretty: false).encode(doc)) as? [String: Any])
        obj["documentKind"] = "letter"
        var contract = try #require(obj["contract"] as? [String: Any])
        contract["amount"] = ["original": ["value": "2690000"]]
        obj["contract"] = contract
        let errors = try validator.validate(try JSONSerialization.data(withJSONObject: obj))
        #expect(errors.contains { $0.contains("documentKind") })
        #expect(errors.contains { $0.contains("amount.original.value") })
        #expect(errors.contains { $0.contains("missing required provenance") })
    }

    /// The comparison's own rules: a known misread's path is left out and nothing else; the
    /// thread-limit note is the only part of an action example that is normalized.
    @Test func comparisonLeavesOutExactlyTheListedPaths() throws {
        let a: Any = ["contract": ["supplier": ["value": "正了", "provenance": ["text": "正了"]], "lot": ["value": "一标段"]],
                      "list": [["x": 1], ["x": 2]]]
        var b: Any = ["contract": ["supplier": ["value": "正阳", "provenance": ["text": "正了"]], "lot": ["value": "一标段"]],
                      "list": [["x": 1], ["x": 2]]]
        #expect(GoldenJSON.firstDifference(a, b) == "contract.supplier.value: got \"正了\", expected \"正阳\"")
        #expect(GoldenJSON.firstDifference(GoldenJSON.removing("contract.supplier.value", from: a),
                                           GoldenJSON.removing("contract.supplier.value", from: b)) == nil)
        b = GoldenJSON.removing("list[1].x", from: b)
        #expect(GoldenJSON.firstDifference(a, b) == "contract.supplier.value: got \"正了\", expected \"正阳\"")
        #expect(GoldenJSON.firstDifference(GoldenJSON.removing("contract.supplier.value", from: a),
                                           GoldenJSON.removing("contract.supplier.value", from: b)) == "list[1].x: got 2, expected <absent>")
        let note: Any = ["report": ["actions": [["code": "ocr.engine", "count": 1, "examples": ["tesseract 5.3.0 chi_sim, OMP_THREAD_LIMIT not 1 (slow)"]],
                                                ["code": "ocr.page", "count": 1, "examples": ["OMP_THREAD_LIMIT not 1 (slow)"]]]]]
        let cleaned = GoldenJSON.withoutThreadNote(note)
        #expect(GoldenJSON.value(at: "report.actions[0].examples[0]", in: cleaned) as? String == "tesseract 5.3.0 chi_sim")
        #expect(GoldenJSON.value(at: "report.actions[1].examples[0]", in: cleaned) as? String == "OMP_THREAD_LIMIT not 1 (slow)")
    }
}

/// One reading per corpus input for the whole test process: each scan is recognized once for
/// all the golden tests (the record is made from the cached intermediate document, exactly as
/// `Pipeline.process(data:path:)` makes it).
enum Readings {
    private final class Slot: @unchecked Sendable {
        // Unchecked: `value` is only touched under `lock`.
        let lock = NSLock()
        var value: Result<IntermediateDocument, any Error>?
    }
    private final class Table: @unchecked Sendable {
        // Unchecked: `slots` is only touched under `lock`.
        let lock = NSLock()
        var slots: [String: Slot] = [:]
    }
    private static let table = Table()

    static func intermediate(_ input: String) throws -> IntermediateDocument {
        let slot = table.lock.withLock {
            if let s = table.slots[input] { return s }
            let s = Slot(); table.slots[input] = s; return s
        }
        return try slot.lock.withLock {
            if slot.value == nil {
                slot.value = Result { () throws -> IntermediateDocument in try Pipeline().read(data: try Corpus.data(input), path: input) }
            }
            return try slot.value!.get()
        }
    }

    static func record(_ input: String) throws -> CanonicalDocument {
        Pipeline().process(try intermediate(input))
    }
}

/// The Tesseract library and chi_sim model the scan goldens were made with (the `# ocr-build`
/// line of corpus/expected/INDEX.tsv) against this machine's.
struct OCRBuild: Equatable, Sendable {
    var tesseract: String
    var traineddataSize: Int
    var traineddataSHA256: String

    var description: String { "tesseract \(tesseract), chi_sim.traineddata \(traineddataSize) bytes sha256 \(traineddataSHA256)" }

    /// `#ocr-build<TAB>5.3.0<TAB>chi_sim.traineddata<TAB>size<TAB>sha256`.
    static let expected: OCRBuild? = {
        let index = (try? String(contentsOf: Corpus.url("corpus/expected/INDEX.tsv"), encoding: .utf8)) ?? ""
        for line in index.split(separator: "\n") where line.hasPrefix("#ocr-build\t") {
            let cols = line.split(separator: "\t").map(String.init)
            guard cols.count == 5, cols[2] == "chi_sim.traineddata", let size = Int(cols[3]) else { return nil }
            return OCRBuild(tesseract: cols[1], traineddataSize: size, traineddataSHA256: cols[4])
        }
        return nil
    }()

    /// Where libtesseract finds chi_sim (Accord passes no data path): TESSDATA_PREFIX, or Debian's.
    static var traineddataPath: String {
        let dir = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] ?? "/usr/share/tesseract-ocr/5/tessdata"
        return (dir as NSString).appendingPathComponent("chi_sim.traineddata")
    }

    static let current: OCRBuild? = {
        guard let data = FileManager.default.contents(atPath: traineddataPath) else { return nil }
        return OCRBuild(tesseract: OCRLibraries.tesseractVersion, traineddataSize: data.count, traineddataSHA256: ContentHash.hex(data))
    }()

    static var matchesGoldens: Bool { expected != nil && expected == current }

    static var skipComment: Comment {
        guard let expected else { return "corpus/expected/INDEX.tsv has no valid #ocr-build line: the scan goldens cannot be checked" }
        guard let current else { return Comment(rawValue: "no chi_sim.traineddata at \(traineddataPath): the scan goldens (made with \(expected.description)) are skipped") }
        return Comment(rawValue: """
            the scan goldens were made with \(expected.description); this machine has \(current.description): \
            skipped (on a new build: scripts/update-expected.sh, review the diff, update the #ocr-build line of INDEX.tsv and corpus/REVIEW.md)
            """)
    }
}

/// A value of a scan golden that a person reviewed as misread: a row of the "Known misreads"
/// table of corpus/REVIEW.md (golden | path | misread | true value, the values as JSON in
/// backquotes; `null` for an absent value).
struct KnownMisread: Sendable, CustomTestStringConvertible, CustomStringConvertible {
    var golden: String
    var path: String
    var misreadJSON: String
    var truthJSON: String

    var misread: Any? { GoldenJSON.parse(misreadJSON) }
    var truth: Any? { GoldenJSON.parse(truthJSON) }
    var description: String { "\(golden) \(path)" }
    var testDescription: String { description }

    static let all: [KnownMisread] = {
        let review = (try? String(contentsOf: Corpus.url("corpus/REVIEW.md"), encoding: .utf8)) ?? ""
        var rows: [KnownMisread] = []
        var inTable = false
        for line in review.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") || line.hasPrefix("### ") { inTable = line.contains("Known misreads") ; continue }
            guard inTable, line.hasPrefix("|") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, cells[0].hasSuffix(".json") else { continue }
            func code(_ s: String) -> String { s.hasPrefix("`") && s.hasSuffix("`") && s.count >= 2 ? String(s.dropFirst().dropLast()) : s }
            rows.append(KnownMisread(golden: cells[0], path: code(cells[1]), misreadJSON: code(cells[2]), truthJSON: code(cells[3])))
        }
        return rows
    }()
}

/// JSON trees (JSONSerialization's) compared, read and cut by paths like `contract.amendments[3].clause`.
enum GoldenJSON {
    static func parse(_ json: String) -> Any? {
        guard let v = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed), !(v is NSNull) else { return nil }
        return v
    }

    enum Step { case key(String), index(Int) }

    static func steps(_ path: String) -> [Step] {
        var out: [Step] = []
        for part in path.split(separator: ".") {
            var rest = Substring(part)
            if let open = rest.firstIndex(of: "[") {
                if open > rest.startIndex { out.append(.key(String(rest[..<open]))) }
                rest = rest[open...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]"), let i = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                    out.append(.index(i))
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                out.append(.key(String(rest)))
            }
        }
        return out
    }

    static func value(at path: String, in tree: Any) -> Any? {
        var node: Any? = tree
        for step in steps(path) {
            switch step {
            case .key(let k): node = (node as? [String: Any])?[k]
            case .index(let i): node = (node as? [Any]).flatMap { i < $0.count ? $0[i] : nil }
            }
        }
        return node is NSNull ? nil : node
    }

    /// The tree without the value at `path` (a key removed; an array element kept as null, so
    /// that the other elements keep their indexes).
    static func removing(_ path: String, from tree: Any) -> Any {
        func go(_ node: Any, _ steps: ArraySlice<Step>) -> Any {
            guard let step = steps.first else { return node }
            switch step {
            case .key(let k):
                guard var d = node as? [String: Any], let child = d[k] else { return node }
                if steps.count == 1 { d[k] = nil } else { d[k] = go(child, steps.dropFirst()) }
                return d
            case .index(let i):
                guard var a = node as? [Any], i < a.count else { return node }
                a[i] = steps.count == 1 ? NSNull() : go(a[i], steps.dropFirst())
                return a
            }
        }
        return go(tree, steps(path)[...])
    }

    /// The `ocr.engine` action's examples without the note a process started without
    /// OMP_THREAD_LIMIT=1 adds.
    static func withoutThreadNote(_ tree: Any) -> Any {
        guard var root = tree as? [String: Any], var report = root["report"] as? [String: Any],
              let actions = report["actions"] as? [[String: Any]] else { return tree }
        report["actions"] = actions.map { action -> [String: Any] in
            guard action["code"] as? String == "ocr.engine", let examples = action["examples"] as? [String] else { return action }
            var a = action
            a["examples"] = examples.map { $0.replacingOccurrences(of: ", OMP_THREAD_LIMIT not 1 (slow)", with: "") }
            return a
        }
        root["report"] = report
        return root
    }

    static func equal(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        // As canonical JSON text (sorted keys): Foundation on Linux has no `isEqual` on `Any`.
        case (let x?, let y?): return describe(x) == describe(y)
        default: return false
        }
    }

    static func describe(_ v: Any?) -> String {
        guard let v else { return "<absent>" }
        if let data = try? JSONSerialization.data(withJSONObject: v, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(v)"
    }

    /// The first path (keys sorted, elements in order) where the trees differ, with both values.
    static func firstDifference(_ got: Any?, _ want: Any?, at path: String = "") -> String? {
        let gotValue = got is NSNull ? nil : got, wantValue = want is NSNull ? nil : want
        if let g = gotValue as? [String: Any], let w = wantValue as? [String: Any] {
            for k in Set(g.keys).union(w.keys).sorted() {
                if let d = firstDifference(g[k], w[k], at: path.isEmpty ? k : "\(path).\(k)") { return d }
            }
            return nil
        }
        if let g = gotValue as? [Any], let w = wantValue as? [Any] {
            for i in 0..<max(g.count, w.count) {
                if let d = firstDifference(i < g.count ? g[i] : nil, i < w.count ? w[i] : nil, at: "\(path)[\(i)]") { return d }
            }
            return nil
        }
        return equal(gotValue, wantValue) ? nil : "\(path): got \(describe(gotValue)), expected \(describe(wantValue))"
    }
}
