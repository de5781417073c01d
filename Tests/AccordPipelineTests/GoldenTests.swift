import Testing
import Foundation
import AccordModel
import AccordPipeline
import AccordExport
import TestSupport

/// Every file under corpus/ with a reviewed expected output must reproduce it exactly, and every
/// output of `extract` must validate against schemas/accord-document.schema.json.
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

    @Test func everyExpectedFileHasAnInput() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Corpus.url("corpus/expected").path).filter { $0.hasSuffix(".json") }
        #expect(names.count == Self.cases().count, "corpus/expected/INDEX.tsv must list every expected file")
        #expect(names.count >= 4)
    }

    @Test(arguments: GoldenTests.cases())
    func reproducesGolden(input: String, expected: String) throws {
        let doc = try Pipeline().process(data: try Corpus.data(input), path: input)
        let json = try JSONExport.string(doc, pretty: true) + "\n"
        let golden = String(decoding: try Corpus.data(expected), as: UTF8.self)
        if json != golden {
            let a = json.split(separator: "\n", omittingEmptySubsequences: false), b = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let i = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("\(input) differs from \(expected) at line \(i + 1):\n  got:      \(i < a.count ? a[i] : "<end>")\n  expected: \(i < b.count ? b[i] : "<end>")")
        }
    }

    @Test(arguments: GoldenTests.cases())
    func validatesAgainstSchema(input: String, expected: String) throws {
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-document.schema.json"))
        let doc = try Pipeline().process(data: try Corpus.data(input), path: input)
        let errors = try validator.validate(try JSONExport.encoder(pretty: false).encode(doc))
        #expect(errors == [], "\(input): \(errors.prefix(5))")
        // The intermediate document (`extract -f intermediate`) against its own schema.
        let intermediate = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-intermediate.schema.json"))
        let idoc = try Pipeline().read(data: try Corpus.data(input), path: input)
        let ierrors = try intermediate.validate(try JSONExport.encoder(pretty: false).encode(idoc))
        #expect(ierrors == [], "\(input): \(ierrors.prefix(5))")
    }

    /// An indicator's provenance cites each place of its row once: no snippet of its text appears
    /// twice (a standard cell starting in the row used to be merged in a second time).
    @Test(arguments: GoldenTests.cases())
    func indicatorProvenanceCitesEachSnippetOnce(input: String, expected: String) throws {
        let doc = try Pipeline().process(data: try Corpus.data(input), path: input)
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
}
