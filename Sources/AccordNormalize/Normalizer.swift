import Foundation
import AccordModel

/// Intermediate document → canonical record. Never looks at file formats.
public struct Normalizer: Sendable {
    public init() {}
    public func normalize(_ doc: IntermediateDocument) -> CanonicalDocument {
        CanonicalDocument(source: doc.source, documentKind: .unknown, contract: nil, packages: [],
                          report: Report(actions: doc.actions, findings: doc.findings))
    }
}
