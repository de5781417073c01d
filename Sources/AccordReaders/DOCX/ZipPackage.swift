import Foundation
import ZIPFoundation
import CZlibChecksum

/// An OPC package (a ZIP) read in memory, with caps against zip bombs.
///
/// Nothing is ever written to disk. ZIPFoundation lists the entries; each part is inflated by
/// `EntryInflater` from exactly its stored bytes (ZIPFoundation's own inflater loops for ever on a
/// deflate stream that runs to the end of the file), with a running byte count, and aborted as
/// soon as it passes either cap: `maxTotalBytes` over all parts read, or `maxRatio` times the
/// entry's compressed size.
/// Entries whose names are absolute or climb out with `..` are never resolved as parts and are
/// reported as findings.
public struct ZipLimits: Sendable {
    public var maxTotalBytes: Int = 256 << 20
    public var maxRatio: Int = 200
    /// A part smaller than this is never refused for its ratio (tiny XML compresses very well).
    public var ratioFloorBytes: Int = 1 << 20
    public var maxEntries: Int = 20_000
    public init() {}
}

final class ZipPackage {
    private let archive: Archive
    private let data: Data
    /// Each entry's stored bytes and method, by ZIPFoundation's entry path.
    private var stored: [String: (range: Range<Int>, method: Int)] = [:]
    let limits: ZipLimits
    private(set) var entries: [String: Entry] = [:]
    /// Names in archive order.
    private(set) var names: [String] = []
    /// Entry names that were refused (absolute, `..`, backslashes into parents).
    private(set) var unsafeNames: [String] = []
    private var inflated = 0

    init(_ data: Data, limits: ZipLimits = ZipLimits()) throws(ReadError) {
        self.limits = limits
        let directory = ZipDirectory(data)
        if let problem = directory.problem ?? directory.misplacedLocalHeader(in: data) { throw ReadError(problem) }
        do { archive = try Archive(data: data, accessMode: .read) }
        catch { throw ReadError("damaged or truncated ZIP archive (no readable central directory)") }
        self.data = data
        let records = directory.entries ?? []
        var count = 0
        for entry in archive {
            count += 1
            if count > limits.maxEntries { throw ReadError("ZIP archive has more than \(limits.maxEntries) entries") }
            // ZIPFoundation walks the central directory in the order ZipDirectory read it.
            if count <= records.count, let r = directory.dataRange(of: records[count - 1], in: data),
               UInt64(r.count) == entry.compressedSize {
                stored[entry.path] = (r, records[count - 1].method)
            }
            let name = entry.path
            if Self.isUnsafe(name) { unsafeNames.append(name); continue }
            let key = Self.normalize(name)
            if entries[key] == nil { names.append(key) }
            entries[key] = entry
        }
        if directory.hasEncryptedEntries {
            // ZIPFoundation stops at the first encrypted entry; say why instead of "no document".
            throw ReadError("password-protected ZIP (encrypted entries): decrypt it first")
        }
        if count == 0 {
            // A truncated file can still end in a valid-looking end record; an archive with no entry is no package.
            throw ReadError("damaged or truncated ZIP archive (no entries)")
        }
    }

    static func isUnsafe(_ name: String) -> Bool {
        let n = name.replacingOccurrences(of: "\\", with: "/")
        if n.hasPrefix("/") || n.hasPrefix("~") { return true }
        if n.count >= 2, n.dropFirst().first == ":" { return true } // C:...
        return n.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    static func normalize(_ name: String) -> String {
        var n = name.replacingOccurrences(of: "\\", with: "/")
        while n.hasPrefix("./") { n.removeFirst(2) }
        return n
    }

    func contains(_ name: String) -> Bool { entries[name] != nil || entries.keys.contains { $0.caseInsensitiveCompare(name) == .orderedSame } }

    /// Inflates one part, or nil if there is none by that name (names compare case-insensitively,
    /// as OPC requires).
    func part(_ name: String) throws(ReadError) -> Data? {
        guard let (entry, declared, cap) = try checkedEntry(name) else { return nil }
        return try inflateWhole(entry, name: name, declared: declared, cap: cap)
    }

    /// A checked entry inflated into memory (`part`'s work once `checkedEntry` has found it).
    private func inflateWhole(_ entry: Entry, name: String, declared: Int, cap: Int) throws(ReadError) -> Data {
        var out = Data()
        out.reserveCapacity(min(declared, cap))
        let running = try Self.inflate(data, stored[entry.path], entry, name: name, declared: declared, perEntryCap: cap,
                                       totalSoFar: inflated, limits: limits) { chunk in out.append(chunk); return true }.get()
        inflated += running
        return out
    }

    /// A part of `streamFrom` bytes or more (as its entry declares them) is inflated on a thread
    /// of its own while it is parsed: `part`'s checks, failures and messages, the bytes handed
    /// over as they come. A smaller part is inflated here, as `part` does. The size from which
    /// libxml2 parses on a thread of its own: a part parsed on the reader's thread would only
    /// wait there for the inflater.
    static let streamFrom = SAXStream.threadedFrom

    /// One part's bytes, or nil if there is none by that name. Until the returned bytes are
    /// cancelled or have ended, nothing else may read from this package.
    func streamPart(_ name: String) throws(ReadError) -> PartBytes? {
        guard let (entry, declared, cap) = try checkedEntry(name) else { return nil }
        guard declared >= Self.streamFrom else { return PartBytes(data: try inflateWhole(entry, name: name, declared: declared, cap: cap)) }
        let bytes = PartBytes(streamingUpTo: declared)
        let handoff = Handoff(data: data, stored: stored[entry.path], entry: entry)
        let limits = self.limits, totalSoFar = inflated
        // A part that inflates to anything but its declared size fails, so this is its share.
        inflated += declared
        let thread = Thread {
            let result = Self.inflate(handoff.data, handoff.stored, handoff.entry, name: name, declared: declared, perEntryCap: cap,
                                      totalSoFar: totalSoFar, limits: limits) { bytes.append($0) }
            if case .failure(let e) = result { bytes.end(e) } else { bytes.end(nil) }
        }
        thread.start()
        return bytes
    }

    /// The bytes and entry, lent to the inflater thread. Unchecked: while it inflates, nothing
    /// else reads the package (see `streamPart`).
    private struct Handoff: @unchecked Sendable {
        let data: Data
        let stored: (range: Range<Int>, method: Int)?
        let entry: Entry
    }

    /// The entry by that name (or nil), its declared size and its size cap, refused up front when
    /// its declared size passes either cap.
    private func checkedEntry(_ name: String) throws(ReadError) -> (Entry, declared: Int, cap: Int)? {
        let entry: Entry
        if let e = entries[name] { entry = e }
        else if let k = entries.keys.first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }), let e = entries[k] { entry = e }
        else { return nil }
        guard entry.type == .file else { return nil }
        let declared = Int(clamping: entry.uncompressedSize)
        let compressed = max(1, Int(clamping: entry.compressedSize))
        let perEntryCap = max(limits.ratioFloorBytes, compressed.multipliedReportingOverflow(by: limits.maxRatio).overflow ? Int.max : compressed * limits.maxRatio)
        if declared > perEntryCap {
            throw ReadError("zip bomb refused: \(name) declares \(declared) bytes from \(compressed) compressed (ratio over \(limits.maxRatio):1)")
        }
        if inflated + declared > limits.maxTotalBytes {
            throw ReadError("zip bomb refused: parts would inflate past \(limits.maxTotalBytes >> 20) MiB")
        }
        return (entry, declared, perEntryCap)
    }

    /// Inflates `entry`, handing each chunk to `consume` (which returns false to stop), under the
    /// caps, then checks its size and CRC-32; the number of bytes it inflated to.
    private static func inflate(_ data: Data, _ stored: (range: Range<Int>, method: Int)?, _ entry: Entry, name: String, declared: Int, perEntryCap: Int,
                                totalSoFar: Int, limits: ZipLimits, _ consume: (Data) -> Bool) -> Result<Int, ReadError> {
        guard let stored else {
            return .failure(ReadError("damaged ZIP archive: the stored bytes of \(name) cannot be located (its directory record and local header disagree)"))
        }
        var running = 0
        let maxTotal = limits.maxTotalBytes
        var overflow: String?
        var stopped = false
        // The CRC-32 is checked here with zlib's, as each chunk arrives: ZIPFoundation's
        // `extract(_:consumer:)` only returns the CRC it computes (a byte at a time in Swift on
        // Linux, ≈6% of reading a large DOCX) and never compares it, so it is skipped there.
        var crc = crc32(0, nil, 0)
        do {
            try EntryInflater.inflate(data, stored.range, method: stored.method) { (chunk: Data) throws -> Void in
                running += chunk.count
                if running > perEntryCap {
                    overflow = "zip bomb refused: \(name) inflates past \(limits.maxRatio):1 of its compressed size"
                    throw ArchiveError.cancelledOperation
                }
                if totalSoFar + running > maxTotal {
                    overflow = "zip bomb refused: parts inflate past \(maxTotal >> 20) MiB"
                    throw ArchiveError.cancelledOperation
                }
                crc = chunk.withUnsafeBytes { raw in
                    crc32(crc, raw.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(raw.count))
                }
                if !consume(chunk) { stopped = true; throw ArchiveError.cancelledOperation }
            }
        } catch {
            if let overflow { return .failure(ReadError(overflow)) }
            if stopped { return .failure(ReadError("\(name): reading stopped")) }
            switch error {
            case .truncated: return .failure(ReadError("damaged or truncated ZIP archive: \(name)'s compressed data ends before its deflate stream does"))
            case .unsupportedMethod(let m): return .failure(ReadError("unsupported ZIP compression method \(m) for \(name) (only stored and deflated are read)"))
            case .damaged, .stopped: return .failure(ReadError("damaged or truncated ZIP archive: \(name) cannot be inflated"))
            }
        }
        if running != declared && declared > 0 {
            return .failure(ReadError("damaged ZIP archive: \(name) inflates to \(running) bytes, not the \(declared) declared"))
        }
        if UInt32(truncatingIfNeeded: crc) != entry.checksum {
            return .failure(ReadError("damaged ZIP archive: \(name) fails its CRC-32 check (the inflated bytes are not the ones stored)"))
        }
        return .success(running)
    }
}

private typealias ArchiveError = Archive.ArchiveError
