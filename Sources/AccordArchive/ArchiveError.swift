/// Why the archive cannot do what was asked, as one line.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
