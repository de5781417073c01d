import Foundation
import AccordModel

/// Consistency checks over a canonical record; each problem becomes a finding.
public struct Checker: Sendable {
    public init() {}
    public func check(_ doc: CanonicalDocument) -> [Finding] { [] }
}
