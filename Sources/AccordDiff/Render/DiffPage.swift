import Foundation
import AccordModel
/// The side-by-side HTML page (to be written).
public enum DiffPage { public static func render(_ d: DocumentDiff, records: [CanonicalDocument]) -> String { "" } }
