import Foundation
import AccordModel
import AccordArchive
import AccordExport

/// A stored record as `accord extract` would print it for the entry's own path.
enum StoredRecord {
    /// The record decoded, its `source.path` set to the entry's path (a linked copy was read
    /// under another name).
    static func document(_ entry: ArchiveEntry, _ record: [UInt8]) throws -> CanonicalDocument {
        var doc = try JSONDecoder().decode(CanonicalDocument.self, from: Data(record))
        doc.source.path = entry.path
        return doc
    }

    /// The JSON: compact as stored when it was read from this very path, otherwise re-encoded.
    static func json(_ entry: ArchiveEntry, _ record: [UInt8], pretty: Bool) throws -> [UInt8] {
        if !pretty, entry.readFrom == nil || entry.readFrom == entry.path { return record }
        return try JSONExport.bytes(try document(entry, record), pretty: pretty)
    }
}
