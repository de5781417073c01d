import Foundation
/// Markdown report (to be written).
public struct MarkdownDiff { public var showUnchanged: Bool; public init(showUnchanged: Bool = false) { self.showUnchanged = showUnchanged }; public func render(_ d: DocumentDiff) -> String { "" } }
