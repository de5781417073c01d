import Foundation
/// daff's highlighter CSV (to be written).
public enum DaffCSV { public static func render(_ d: DocumentDiff) -> String { "" } }
