import Foundation
import Testing
import AccordModel
import AccordPipeline
import AccordExport
import AccordDiff
import TestSupport

/// Records read from corpus files (and edited copies of them) through the real pipeline, and
/// the diff JSON checked against its schema.
enum DiffFixtures {
    static let seed001 = "corpus/seeds/001_08ce58bb254aa3f5.txt"
    static let seed000 = "corpus/seeds/000_77b86f38557a5dc6.txt"

    static func record(_ relative: String) throws -> CanonicalDocument {
        try Pipeline(registry: .standard).process(data: try Corpus.data(relative), path: relative)
    }

    static func record(text: String, path: String) throws -> CanonicalDocument {
        try Pipeline(registry: .standard).process(data: Data(text.utf8), path: path)
    }

    static func seedText() throws -> String { String(decoding: try Corpus.data(seed001), as: UTF8.self) }

    /// The diff as JSON, validated against schemas/accord-diff.schema.json.
    static func expectSchemaValid(_ d: DocumentDiff, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-diff.schema.json"))
        let errors = try validator.validate(try JSONExport.encoder(pretty: false).encode(d))
        #expect(errors == [], "\(errors.prefix(5))", sourceLocation: sourceLocation)
    }
}
