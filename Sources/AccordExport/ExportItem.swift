import AccordModel

/// One archived document as the exporters see it: the archive's id and path, and its record.
public struct ExportItem: Sendable {
    public var id: Int64
    public var path: String
    public var record: CanonicalDocument

    public init(id: Int64, path: String, record: CanonicalDocument) {
        self.id = id; self.path = path; self.record = record
    }
}
