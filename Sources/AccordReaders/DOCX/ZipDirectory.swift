import Foundation

/// The ZIP central directory read by hand, bounds-checked at every step, before ZIPFoundation
/// iterates it: ZIPFoundation trusts an entry's local-header offset and traps (a range with its
/// lower bound above its upper) when it points past the end of the file.
struct ZipDirectory {
    struct Entry {
        var name: String
        var flags: Int
        /// Where the entry's local header starts; nil for a ZIP64 entry (the offset is in an extra field).
        var localHeader: Int?
        /// The compressed size the directory gives (from its ZIP64 extra field when it has one);
        /// nil when it cannot be read.
        var compressedSize: Int?
        /// The compression method (0 stored, 8 deflated).
        var method: Int = -1
    }

    /// The entries, or nil when no end record or central directory can be walked (left to
    /// ZIPFoundation, which says the archive is damaged).
    let entries: [Entry]?
    /// Why ZIPFoundation must not be given these bytes (it traps, or leaks the whole input, on
    /// them), as one line; nil when the end record and the directory it names fit in the file.
    let problem: String?

    init(_ data: Data) {
        let n = data.count, s0 = data.startIndex
        func byte(_ i: Int) -> Int { Int(data[s0 + i]) }
        func u16(_ i: Int) -> Int { i >= 0 && i + 1 < n ? byte(i) | byte(i + 1) << 8 : -1 }
        func u32(_ i: Int) -> Int { i >= 0 && i + 3 < n ? byte(i) | byte(i + 1) << 8 | byte(i + 2) << 16 | byte(i + 3) << 24 : -1 }
        // Without an end record ZIPFoundation throws but leaks its copy of the input (0.9.20).
        let noEnd = "damaged or truncated ZIP archive (no readable central directory)"
        guard n >= 22 else { entries = nil; problem = noEnd; return }
        var e = n - 22
        let lowest = max(0, n - 65_557)
        while e >= lowest, !(byte(e) == 0x50 && byte(e + 1) == 0x4B && byte(e + 2) == 0x05 && byte(e + 3) == 0x06) { e -= 1 }
        guard e >= lowest else { entries = nil; problem = noEnd; return }
        let count = u16(e + 10), cdSize = u32(e + 12), cdOffset = u32(e + 16)
        // The archive comment runs to the end of the file: an end record that says otherwise is
        // a stray one (ZIPFoundation looks for it elsewhere and throws, leaking its copy).
        guard e + 22 + u16(e + 20) == n else {
            entries = nil
            problem = "damaged ZIP archive: its end record (at byte \(e)) is not at the end of the file"
            return
        }
        // A ZIP64 archive keeps the real figures elsewhere (0xFFFF / 0xFFFFFFFF here): left to ZIPFoundation.
        let zip64 = count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF
        // …which a real ZIP64 archive locates just before this record (PK 6 7).
        // (The locator names the ZIP64 end record, PK 6 6, which must be in the file.)
        let z64 = e >= 20 ? u32(e - 20 + 8) : -1
        if zip64, !(e >= 20 && byte(e - 20) == 0x50 && byte(e - 19) == 0x4B && byte(e - 18) == 0x06 && byte(e - 17) == 0x07
                    && z64 >= 0 && z64 + 56 <= e - 20 && byte(z64) == 0x50 && byte(z64 + 1) == 0x4B && byte(z64 + 2) == 0x06 && byte(z64 + 3) == 0x06) {
            entries = nil
            problem = "damaged ZIP archive: its end record announces ZIP64 figures but no ZIP64 locator precedes it"
            return
        }
        // A directory reaching past the end made ZIPFoundation's iterator trap (a negative length).
        if !zip64, cdOffset + cdSize > e {
            entries = nil
            problem = "damaged ZIP archive: its central directory (\(cdSize) bytes at byte \(cdOffset)) lies past the end of the file (\(n) bytes)"
            return
        }
        guard count > 0, cdOffset >= 0, cdOffset < n else { entries = nil; problem = nil; return }
        var p = cdOffset
        var out: [Entry] = []
        out.reserveCapacity(min(count, 1 << 16))
        for _ in 0..<count {
            guard p + 46 <= n, byte(p) == 0x50, byte(p + 1) == 0x4B, byte(p + 2) == 0x01, byte(p + 3) == 0x02 else { break }
            let nameLength = u16(p + 28)
            let nameEnd = min(n, p + 46 + nameLength)
            let name = String(decoding: data[(s0 + p + 46)..<(s0 + nameEnd)], as: UTF8.self)
            var offset: Int? = u32(p + 42), compressed: Int? = u32(p + 20)
            let uncompressed = u32(p + 24)
            if offset == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF {
                // The ZIP64 extended information (extra field 0x0001) holds, in this order, the
                // uncompressed size, the compressed size and the local header's offset — each only
                // when its 32-bit field says 0xFFFFFFFF.
                let z = Self.zip64Fields(data, extraStart: p + 46 + nameLength, extraLength: u16(p + 30),
                                         want: (uncompressed == 0xFFFF_FFFF, compressed == 0xFFFF_FFFF, offset == 0xFFFF_FFFF))
                if compressed == 0xFFFF_FFFF { compressed = z.compressed }
                if offset == 0xFFFF_FFFF { offset = z.offset }
            }
            out.append(Entry(name: name, flags: u16(p + 8), localHeader: offset, compressedSize: compressed, method: u16(p + 10)))
            p += 46 + nameLength + u16(p + 30) + u16(p + 32)
        }
        entries = out
        // A directory whose records are not all there and well formed: ZIPFoundation throws on it
        // after taking its copy of the input, which it then leaks (0.9.20).
        problem = zip64 || out.count == count ? nil
            : "damaged ZIP archive: its central directory is unreadable (entry \(out.count + 1) of \(count) is not a directory record)"
    }

    /// The compressed size and local header offset of a ZIP64 entry, from its extra field (nil
    /// where the field is missing, short, or holds a figure past `Int.max`).
    static func zip64Fields(_ data: Data, extraStart: Int, extraLength: Int, want: (Bool, Bool, Bool)) -> (compressed: Int?, offset: Int?) {
        let n = data.count, s0 = data.startIndex
        func u16(_ i: Int) -> Int { i >= 0 && i + 1 < n ? Int(data[s0 + i]) | Int(data[s0 + i + 1]) << 8 : -1 }
        func u64(_ i: Int) -> Int? {
            guard i >= 0, i + 7 < n else { return nil }
            var v: UInt64 = 0
            for k in (0..<8).reversed() { v = v << 8 | UInt64(data[s0 + i + k]) }
            return v <= UInt64(Int.max) ? Int(v) : nil
        }
        var q = extraStart
        let end = min(n, extraStart + max(0, extraLength))
        while q + 4 <= end {
            let id = u16(q), size = u16(q + 2)
            guard size >= 0 else { break }
            if id == 0x0001 {
                var f = q + 4
                let fieldEnd = min(end, q + 4 + size)
                func next() -> Int? { defer { f += 8 }; return f + 8 <= fieldEnd ? u64(f) : nil }
                if want.0 { _ = next() }
                let compressed = want.1 ? next() : nil
                let offset = want.2 ? next() : nil
                return (compressed, offset)
            }
            q += 4 + size
        }
        return (nil, nil)
    }

    /// Where an entry's stored (compressed) bytes lie in the file, once its local header has been
    /// checked (`misplacedLocalHeader`); nil when the directory could not say.
    func dataRange(of e: Entry, in data: Data) -> Range<Int>? {
        let n = data.count, s0 = data.startIndex
        guard let at = e.localHeader, let size = e.compressedSize, at >= 0, at + 30 <= n, size >= 0 else { return nil }
        let nameLength = Int(data[s0 + at + 26]) | Int(data[s0 + at + 27]) << 8
        let extraLength = Int(data[s0 + at + 28]) | Int(data[s0 + at + 29]) << 8
        let start = at + 30 + nameLength + extraLength
        guard start <= n, size <= n - start else { return nil }
        return start..<(start + size)
    }

    /// Whether any entry has the "encrypted" flag (general purpose bit 0).
    var hasEncryptedEntries: Bool { entries?.contains { $0.flags & 1 == 1 } ?? false }

    /// The first entry whose local header is not where the directory says (past the end, or
    /// without its signature), as a one-line reason.
    func misplacedLocalHeader(in data: Data) -> String? {
        let n = data.count, s0 = data.startIndex
        for e in entries ?? [] {
            guard let at = e.localHeader else { continue }
            guard at >= 0, at + 30 <= n else {
                return "damaged ZIP archive: the entry \(e.name) has its local header at byte \(at), past the end of the file (\(n) bytes)"
            }
            if !(data[s0 + at] == 0x50 && data[s0 + at + 1] == 0x4B && data[s0 + at + 2] == 0x03 && data[s0 + at + 3] == 0x04) {
                return "damaged ZIP archive: the entry \(e.name) has no local header at byte \(at)"
            }
            // Its data must end inside the file too (ZIPFoundation trapped reading past the end).
            let nameLength = Int(data[s0 + at + 26]) | Int(data[s0 + at + 27]) << 8
            let extraLength = Int(data[s0 + at + 28]) | Int(data[s0 + at + 29]) << 8
            if let size = e.compressedSize, at + 30 + nameLength + extraLength + size > n {
                return "damaged ZIP archive: the entry \(e.name) declares \(size) compressed bytes, past the end of the file (\(n) bytes)"
            }
        }
        return nil
    }
}
