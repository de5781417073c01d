import Foundation

/// Where the archive keeps what was read. The commands (`ingest`, `list`, `show`, `search`,
/// `export`) speak to this protocol only, so that another store (PostgreSQL for several machines,
/// with a work queue) can stand beside the embedded SQLite one without touching them.
///
/// Readings are keyed by (content sha256, extractor version); a stored path points to one reading.
/// A path whose content changes gets a new version; the old one is kept, superseded.
public protocol ArchiveStore: Sendable {
    /// Where the archive is, as the user named it (for messages).
    var location: String { get }

    /// What the archive already holds for `path` with content `sha256`, read before the file is
    /// extracted (so that unchanged files and copies are never read again). Only advice: `store`
    /// decides again inside its transaction.
    func lookup(path: String, sha256: String, policy: ReadingPolicy) throws(ArchiveError) -> Lookup

    /// Records that the reading of this content (by this extractor) starts now, in a transaction of
    /// its own, and returns how many earlier readings of it started and never finished (storing a
    /// reading of the content ends them).
    func beginReading(sha256: String, policy: ReadingPolicy) throws(ArchiveError) -> Int

    /// Adds the readings stored since the last call to the full-text index, in one transaction;
    /// returns how many. Until then `search` still finds them (by a scan).
    func indexPending() throws(ArchiveError) -> Int

    /// Stores one file: its reading (when it was read) and its path's version, in one transaction.
    func store(_ file: IngestedFile, policy: ReadingPolicy) throws(ArchiveError) -> StoreOutcome

    /// The current paths whose reading failed, sorted.
    func failedPaths() throws(ArchiveError) -> [String]

    /// One entry per stored path (its current version), in id order.
    func list(_ filter: ListFilter) throws(ArchiveError) -> [ArchiveEntry]

    /// The entry with this id (any version), or the current version of this path.
    func entry(idOrPath: String) throws(ArchiveError) -> ArchiveEntry?

    /// The stored record (compact JSON, as extract writes it for the path it was read from) and
    /// cleaned text of an entry; nil for a failed one.
    func content(of entry: ArchiveEntry) throws(ArchiveError) -> StoredContent?

    /// Current entries whose cleaned text or indicators contain `query` (any length, CJK included).
    func search(_ query: String, limit: Int?) throws(ArchiveError) -> [SearchHit]

    /// Every current `ok` entry with its record JSON, in id order, one at a time.
    func forEachRecord(_ body: (ArchiveEntry, [UInt8]) throws -> Void) throws
}

/// Which stored readings are good enough for a file, or whether it must be read (again).
public struct ReadingPolicy: Sendable, Hashable {
    /// The version of the extraction code: part of a reading's key.
    public var extractor: String
    /// Readings made by another extractor version do not count (`ingest --reextract`).
    public var requireCurrentExtractor: Bool
    /// Failed readings do not count (`ingest --retry-failed`).
    public var retryFailed: Bool

    public init(extractor: String, requireCurrentExtractor: Bool = false, retryFailed: Bool = false) {
        self.extractor = extractor; self.requireCurrentExtractor = requireCurrentExtractor; self.retryFailed = retryFailed
    }
}

public enum Lookup: Sendable, Equatable {
    /// The path's current version has this content and a reading the policy accepts.
    case unchanged
    /// This content was read before (another path, or an earlier version): link, do not read.
    case knownContent
    /// Not read yet (or the policy wants it read again).
    case unknown
}

/// One file as ingest hands it to the store.
public struct IngestedFile: Sendable {
    public var path: String
    public var size: Int64
    public var sha256: String
    /// What reading it gave; nil when `lookup` said the archive knows it (then it is linked).
    public var reading: Reading?

    public init(path: String, size: Int64, sha256: String, reading: Reading?) {
        self.path = path; self.size = size; self.sha256 = sha256; self.reading = reading
    }
}

/// The outcome of reading one file's content.
public struct Reading: Sendable {
    public enum Status: String, Sendable, Codable { case ok, failed }
    public var status: Status
    /// The one-line reason, when failed.
    public var error: String?
    /// The canonical record as compact JSON (what `accord extract` writes in a batch).
    public var record: [UInt8]?
    /// The cleaned reading-order text (what `accord extract -f text` writes).
    public var text: String?
    /// The columns a list needs, taken from the record.
    public var columns: DocumentColumns?
    /// Pages recognized by OCR (0 for text formats).
    public var pages: Int

    public static func ok(record: [UInt8], text: String, columns: DocumentColumns, pages: Int) -> Reading {
        Reading(status: .ok, error: nil, record: record, text: text, columns: columns, pages: pages)
    }
    public static func failed(_ reason: String) -> Reading {
        Reading(status: .failed, error: reason, record: nil, text: nil, columns: nil, pages: 0)
    }
}

/// What `store` did with one file.
public struct StoreOutcome: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// The file's reading was stored now.
        case new
        /// The path already held this content with an acceptable reading.
        case unchanged
        /// Linked to a reading the archive already had (a copy, or content read before).
        case linked
    }
    public var kind: Kind
    /// The path had another content before: that version is kept, marked superseded.
    public var supersededPrevious: Bool
    /// The entry (path version) id.
    public var id: Int64
    public var status: Reading.Status
    public var error: String?
    public var findings: FindingCounts
    /// `store` found no acceptable reading to link to (it was not given one): read the file and store again.
    public var needsReading: Bool

    public init(kind: Kind, supersededPrevious: Bool, id: Int64, status: Reading.Status, error: String?,
                findings: FindingCounts, needsReading: Bool = false) {
        self.kind = kind; self.supersededPrevious = supersededPrevious; self.id = id; self.status = status
        self.error = error; self.findings = findings; self.needsReading = needsReading
    }

    static let readFirst = StoreOutcome(kind: .unchanged, supersededPrevious: false, id: 0, status: .failed,
                                        error: nil, findings: FindingCounts(), needsReading: true)
}

public struct FindingCounts: Sendable, Hashable, Codable {
    public var error: Int
    public var warning: Int
    public var info: Int
    public init(error: Int = 0, warning: Int = 0, info: Int = 0) { self.error = error; self.warning = warning; self.info = info }
}

public struct ListFilter: Sendable {
    public var status: Reading.Status?
    public var kind: String?
    public var code: String?
    public init(status: Reading.Status? = nil, kind: String? = nil, code: String? = nil) {
        self.status = status; self.kind = kind; self.code = code
    }
}

/// One stored path version and the columns of its reading. Encoded with every key present
/// (null where there is no value), so that other programs see one shape
/// (schemas/accord-list.schema.json).
public struct ArchiveEntry: Sendable, Codable, Hashable {
    public var id: Int64
    public var path: String
    public var version: Int
    public var sha256: String
    public var size: Int64
    public var status: Reading.Status
    /// The one-line reason (null when ok).
    public var error: String?
    public var extractor: String
    public var format: String?
    public var documentKind: String?
    public var projectCode: String?
    public var lot: String?
    public var title: String?
    public var buyer: String?
    public var supplier: String?
    /// Decimal amounts in 元, as text (exact).
    public var amountOriginal: String?
    public var amountAmended: String?
    public var findings: FindingCounts
    public var pages: Int
    /// When this path version was stored (ISO 8601, UTC).
    public var ingestedAt: String
    /// When a later version replaced it (null for the current one).
    public var supersededAt: String?
    /// The path the reading was made from (differs for a linked copy).
    public var readFrom: String?

    /// Every field, for stores outside this module (the PostgreSQL archive).
    public init(id: Int64, path: String, version: Int, sha256: String, size: Int64, status: Reading.Status, error: String?,
                extractor: String, format: String?, documentKind: String?, projectCode: String?, lot: String?, title: String?,
                buyer: String?, supplier: String?, amountOriginal: String?, amountAmended: String?, findings: FindingCounts,
                pages: Int, ingestedAt: String, supersededAt: String?, readFrom: String?) {
        self.id = id; self.path = path; self.version = version; self.sha256 = sha256; self.size = size; self.status = status
        self.error = error; self.extractor = extractor; self.format = format; self.documentKind = documentKind
        self.projectCode = projectCode; self.lot = lot; self.title = title; self.buyer = buyer; self.supplier = supplier
        self.amountOriginal = amountOriginal; self.amountAmended = amountAmended; self.findings = findings; self.pages = pages
        self.ingestedAt = ingestedAt; self.supersededAt = supersededAt; self.readFrom = readFrom
    }

    private enum CodingKeys: String, CodingKey {
        case id, path, version, sha256, size, status, error, extractor, format, documentKind, projectCode, lot, title,
             buyer, supplier, amountOriginal, amountAmended, findings, pages, ingestedAt, supersededAt, readFrom
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(path, forKey: .path); try c.encode(version, forKey: .version)
        try c.encode(sha256, forKey: .sha256); try c.encode(size, forKey: .size); try c.encode(status, forKey: .status)
        try c.encode(error, forKey: .error); try c.encode(extractor, forKey: .extractor); try c.encode(format, forKey: .format)
        try c.encode(documentKind, forKey: .documentKind); try c.encode(projectCode, forKey: .projectCode)
        try c.encode(lot, forKey: .lot); try c.encode(title, forKey: .title); try c.encode(buyer, forKey: .buyer)
        try c.encode(supplier, forKey: .supplier); try c.encode(amountOriginal, forKey: .amountOriginal)
        try c.encode(amountAmended, forKey: .amountAmended); try c.encode(findings, forKey: .findings)
        try c.encode(pages, forKey: .pages); try c.encode(ingestedAt, forKey: .ingestedAt)
        try c.encode(supersededAt, forKey: .supersededAt); try c.encode(readFrom, forKey: .readFrom)
    }
}

public struct StoredContent: Sendable {
    public var record: [UInt8]
    public var text: String
    public init(record: [UInt8], text: String) { self.record = record; self.text = text }
}

public struct SearchHit: Sendable, Codable, Hashable {
    public var id: Int64
    public var path: String
    /// Text around the first match, the match between « and ».
    public var snippet: String
    public init(id: Int64, path: String, snippet: String) { self.id = id; self.path = path; self.snippet = snippet }
}
