import Foundation
import AccordModel

/// An `Encoder` that writes UTF-8 JSON bytes straight into one buffer, in exactly the layout of
/// Foundation's `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]` (plus
/// `.prettyPrinted` when `pretty`) on Linux: keys sorted by their UTF-8 bytes, two-space indents,
/// `"key" : value` when pretty, `"`, `\` and control characters escaped (`\b \f \n \r \t`, else
/// `\u00XX`), everything else written as is; integers and `Decimal` as their `description`,
/// `Double`/`Float` as their `description` without a trailing `.0`; a value that encodes nothing
/// becomes an empty object.
///
/// Foundation builds a tree of every value, then sorts and writes it. Here each object's members
/// are written in the order the type encodes them, each as `,` + key + value, and the object's
/// members are put into key order in place when it closes (by rotations that buffer only the
/// smaller side), so the output is the only large allocation.
///
/// Encoders that the layout above does not cover (nested or super containers, duplicate keys,
/// non-finite numbers, `Date`, `Data`, `URL`) make `encode` throw `Unsupported`;
/// `JSONExport` then falls back to Foundation.
struct JSONBytesEncoder {
    let pretty: Bool

    struct Unsupported: Error {}

    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let w = try written(value)
        w.join()
        return w.out
    }

    /// The output as the buffers it was written in, in order (see `JSONByteWriter.done`).
    func encodeParts<T: Encodable>(_ value: T) throws -> [[UInt8]] {
        try written(value).parts
    }

    private func written<T: Encodable>(_ value: T) throws -> JSONByteWriter {
        let w = JSONByteWriter(pretty: pretty)
        try w.value(value, depth: 0)
        if w.unsupported { throw Unsupported() }
        return w
    }
}

/// The buffer and the writing rules shared by every container of one encoding.
final class JSONByteWriter {
    let pretty: Bool
    /// Every byte goes through `out`, so the dynamic exclusivity check each access costs (a
    /// thread-local lookup and two calls per append) is left out: a writer is used by one thread
    /// at a time and nothing holds an access to `out` across a call that could touch it again.
    @exclusivity(unchecked) var out: [UInt8] = []
    /// The output written before `out`, in order: the buffers a long array's pieces were written
    /// in are kept as they are instead of being copied into `out` (for a 22 MB document that copy
    /// was 22 MB of fresh memory, most of its cost page faults).
    private var done: [[UInt8]] = []
    /// The number of bytes in `done`.
    private var doneCount = 0
    /// Set when the value used a feature this writer does not reproduce.
    var unsupported = false
    /// Objects up to this size are reordered through `scratch`; larger ones by rotation in place.
    static let copyLimit = 1 << 16
    private var scratch: [UInt8] = []
    /// Arrays nested at most this deep are looked at for concurrent writing (the document's
    /// packages → indicators sit at depth 3).
    static let concurrentDepth = 3

    init(pretty: Bool) {
        self.pretty = pretty
        out.reserveCapacity(1 << 16)
    }

    /// Where the next byte goes, counted from the start of the output (`done`, then `out`).
    var position: Int { doneCount + out.count }

    /// The whole output, in order.
    var parts: [[UInt8]] { done + [out] }

    /// Ends `out` here and puts `more` after it, without copying either.
    func append(parts more: [[UInt8]]) {
        if !out.isEmpty {
            done.append(out); doneCount += out.count
            out = []
            out.reserveCapacity(1 << 16)
        }
        for part in more where !part.isEmpty { done.append(part); doneCount += part.count }
    }

    /// Copies `done` into `out`: for a change that spans them (an object to be put into key
    /// order), or for the output as one buffer.
    func join() {
        guard !done.isEmpty else { return }
        var all: [UInt8] = []
        all.reserveCapacity(doneCount + out.count)
        for part in done { all += part }
        all += out
        out = all
        done = []; doneCount = 0
    }

    /// Sets the byte at `position` (which may lie in `done`).
    private func set(_ byte: UInt8, at position: Int) {
        guard position < doneCount else { out[position - doneCount] = byte; return }
        var start = 0
        for k in done.indices {
            if position < start + done[k].count { done[k][position - start] = byte; return }
            start += done[k].count
        }
    }

    /// Makes room for `count` more bytes in one step, with an eighth more for what follows.
    /// Appended piece by piece, a long array doubled the buffer (copying all written so far)
    /// once per piece and once more for the few bytes after it: for a 22 MB document, ≈30 MB
    /// copied and ≈20 MB more at the peak.
    func reserve(adding count: Int) {
        let needed = out.count + count
        guard needed > out.capacity else { return }
        out.reserveCapacity(needed + needed / 8)
    }

    // MARK: values

    func value<T: Encodable>(_ v: T, depth: Int) throws {
        if let s = Self.cast(v, String.self) { string(s); return }
        if let n = Self.cast(v, Int.self) { integer(n); return }
        if let d = Self.cast(v, Decimal.self) { ascii(d.description); return }
        if let d = Self.cast(v, Double.self) { try floating(d); return }
        if let f = Self.cast(v, Float.self) { try floating(f); return }
        if let b = Self.cast(v, Bool.self) { bool(b); return }
        // The types written by the thousand, without the `Encoder` protocols (JSONModelWriters.swift).
        if let x = Self.cast(v, Indicator.self) { try write(x, depth: depth); return }
        if let x = Self.cast(v, CanonicalDocument.self) { try write(x, depth: depth); return }
        if let x = Self.cast(v, IndicatorPackage.self) { try write(x, depth: depth); return }
        if let x = Self.cast(v, Provenance.self) { try write(x, depth: depth); return }
        if let x = Self.cast(v, Locator.self) { try write(x, depth: depth); return }
        if let x = Self.cast(v, Target.self) { write(x, depth: depth); return }
        // Foundation applies its date/data strategies and URL-as-string to these (no dynamic cast
        // per value here: they are compared as types).
        if T.self == Date.self || T.self == Data.self || T.self == URL.self { throw JSONBytesEncoder.Unsupported() }
        // A long array near the top (the indicators, the findings) is written in pieces, concurrently.
        if depth <= Self.concurrentDepth, let array = v as? any JSONConcurrentArray, try array.writeConcurrently(to: self, depth: depth) { return }
        let e = JSONValueEncoder(writer: self, depth: depth)
        try v.encode(to: e)
        e.finish()
    }

    /// `v` as `U` when `T` is exactly `U` (a metadata comparison, no dynamic cast).
    @inline(__always)
    static func cast<T, U>(_ v: T, _: U.Type) -> U? {
        T.self == U.self ? unsafeBitCast(v, to: U.self) : nil
    }

    /// The decimal digits of `n`, as `description` writes them, without making the string
    /// (locators write several small integers per indicator).
    func integer<I: FixedWidthInteger>(_ n: I) {
        guard n >= 0, let v = UInt64(exactly: n) else { ascii(n.description); return }
        if v < 10 { out.append(UInt8(truncatingIfNeeded: v) &+ 0x30); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var i = buf.count, x = v
            while x > 0 { i -= 1; buf[i] = UInt8(truncatingIfNeeded: x % 10) &+ 0x30; x /= 10 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i...]))
        }
    }

    func bool(_ b: Bool) { ascii(b ? "true" : "false") }

    func null() { ascii("null") }

    func floating<F: BinaryFloatingPoint & CustomStringConvertible>(_ f: F) throws {
        // Nearly every confidence is 1 ("1.0" without its ".0"): no string made for it.
        if f == 1 { out.append(UInt8(ascii: "1")); return }
        guard f.isFinite else { throw JSONBytesEncoder.Unsupported() }
        var s = f.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        ascii(s)
    }

    func ascii(_ s: String) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    func string(_ s: String) {
        var s = s
        let clean = s.withUTF8 { buf -> Bool in
            // Nearly every string needs no escape: look eight bytes at a time, then copy it whole,
            // with its quotes, in one append when short (most are).
            guard !Self.needsEscape(buf), buf.count <= 1024 else { return false }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: buf.count + 2) { quoted in
                quoted[0] = 0x22
                if let from = buf.baseAddress, let to = quoted.baseAddress { (to + 1).initialize(from: from, count: buf.count) }
                quoted[buf.count + 1] = 0x22
                out.append(contentsOf: UnsafeBufferPointer(quoted))
            }
            return true
        }
        if clean { return }
        out.append(0x22)
        s.withUTF8 { buf in
            if !Self.needsEscape(buf) { out.append(contentsOf: buf); return }
            var mark = 0
            for (i, byte) in buf.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                if i > mark { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[mark..<i])) }
                out.append(0x5C)
                switch byte {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
                mark = i + 1
            }
            if buf.count > mark { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[mark...])) }
        }
        out.append(0x22)
    }

    /// Whether `buf` holds a byte below 0x20, `"` or `\`. A word of eight bytes is tested at once
    /// (the zero-byte test of the word XOR the byte, and of the word minus 0x20 for the controls:
    /// exact as to whether such a byte is there).
    static func needsEscape(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        if let base = UnsafeRawPointer(buf.baseAddress) {
            while i + 8 <= buf.count {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let control = (w &- ones &* 0x20) & ~w & highs
                let q = w ^ (ones &* 0x22), quote = (q &- ones) & ~q & highs
                let b = w ^ (ones &* 0x5C), backslash = (b &- ones) & ~b & highs
                if control | quote | backslash != 0 { return true }
                i += 8
            }
        }
        while i < buf.count {
            let byte = buf[i]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
            i += 1
        }
        return false
    }

    /// The line feed and indent (two spaces per level) put together first and appended at once:
    /// every append to `out` checks exclusive access, uniqueness and capacity.
    func newline(indent depth: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1 + 2 * depth) { buf in
            buf.initialize(repeating: 0x20)
            buf[0] = 0x0A
            out.append(contentsOf: UnsafeBufferPointer(buf))
        }
    }

    // MARK: containers

    /// Writes the separator and key of an object member at `depth` (the object's own depth);
    /// returns where the member starts (a `position`).
    func beginMember(_ key: String, depth: Int) -> Int {
        let start = position
        out.append(UInt8(ascii: ","))
        if pretty { newline(indent: depth + 1) }
        string(key)
        if pretty { out.append(contentsOf: [0x20, UInt8(ascii: ":"), 0x20]) } else { out.append(UInt8(ascii: ":")) }
        return start
    }

    /// Closes an object whose members start at `members` (key, `position`), in written order.
    func endObject(_ members: [(key: String, start: Int)], depth: Int) {
        guard let first = members.first else {
            out.append(UInt8(ascii: "{"))
            if pretty { out.append(0x0A); newline(indent: depth) }
            out.append(UInt8(ascii: "}"))
            return
        }
        let inOrder = zip(members, members.dropFirst()).allSatisfy { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        if inOrder {
            set(UInt8(ascii: "{"), at: first.start)
        } else {
            // Reordered within `out`: the object must lie in it.
            if first.start < doneCount { join() }
            sort(doneCount == 0 ? members : members.map { ($0.key, $0.start - doneCount) })
        }
        if pretty { newline(indent: depth) }
        out.append(UInt8(ascii: "}"))
    }

    /// Puts the members of an object (offsets in `out`, the last running to its end) into key
    /// order and writes the object's opening brace.
    private func sort(_ members: [(key: String, start: Int)]) {
        let first = members[0]
        let end = out.count
        if end - first.start <= Self.copyLimit {
            // A small object: through a scratch copy (cheaper than several rotations).
            let sorted = members.indices.sorted { members[$0].key.utf8.lexicographicallyPrecedes(members[$1].key.utf8) }
            for k in sorted.indices.dropFirst() where members[sorted[k - 1]].key == members[sorted[k]].key {
                unsupported = true   // a key written twice: Foundation keeps the last value
            }
            scratch.removeAll(keepingCapacity: true)
            for m in sorted {
                scratch.append(contentsOf: out[members[m].start..<(m + 1 < members.count ? members[m + 1].start : end)])
            }
            out.replaceSubrange(first.start..<end, with: scratch)
        } else {
            reorder(members, end: end)
        }
        out[first.start] = UInt8(ascii: "{")
    }

    /// Puts the members (written from `members[0].start` to `end`) into key order in place:
    /// each member in turn is rotated to its place, through a buffer the size of the smaller
    /// side of the rotation, so a large member (the document's packages) is moved once and
    /// never copied whole.
    private func reorder(_ members: [(key: String, start: Int)], end: Int) {
        var segments = members.indices.map { k in
            (key: members[k].key, length: (k + 1 < members.count ? members[k + 1].start : end) - members[k].start)
        }
        let keys = segments.map(\.key).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for k in keys.indices.dropFirst() where keys[k - 1] == keys[k] {
            unsupported = true   // a key written twice: Foundation keeps the last value
            return
        }
        var lo = members[0].start
        for (t, key) in keys.enumerated() {
            guard let j = segments[t...].firstIndex(where: { $0.key == key }) else { continue }
            if j > t {
                let mid = lo + segments[t..<j].reduce(0) { $0 + $1.length }
                rotate(lo, mid, mid + segments[j].length)
                segments.insert(segments.remove(at: j), at: t)
            }
            lo += segments[t].length
        }
    }

    /// Swaps the adjacent byte ranges `lo..<mid` and `mid..<hi` of `out`.
    private func rotate(_ lo: Int, _ mid: Int, _ hi: Int) {
        out.withUnsafeMutableBufferPointer { buf in
            guard let p = buf.baseAddress else { return }
            if mid - lo <= hi - mid {
                let moved = Array(buf[lo..<mid])
                memmove(p + lo, p + mid, hi - mid)
                moved.withUnsafeBufferPointer { m in if let mp = m.baseAddress { (p + lo + (hi - mid)).update(from: mp, count: m.count) } }
            } else {
                let moved = Array(buf[mid..<hi])
                memmove(p + lo + (hi - mid), p + lo, mid - lo)
                moved.withUnsafeBufferPointer { m in if let mp = m.baseAddress { (p + lo).update(from: mp, count: m.count) } }
            }
        }
    }

    /// Writes what goes before element `index` of an array at `depth`.
    func beginElement(_ index: Int, depth: Int) {
        out.append(index == 0 ? UInt8(ascii: "[") : UInt8(ascii: ","))
        if pretty { newline(indent: depth + 1) }
    }

    func endArray(count: Int, depth: Int) {
        if count == 0 {
            out.append(UInt8(ascii: "["))
            if pretty { out.append(0x0A) }
        }
        if pretty { newline(indent: depth) }
        out.append(UInt8(ascii: "]"))
    }
}

/// An array whose elements can be written by several writers at once.
protocol JSONConcurrentArray {
    /// Writes the array at `depth` into `writer` when it is long enough to be worth splitting
    /// (elements written concurrently into buffers of their own, then appended in order, byte for
    /// byte what writing them one by one gives); returns false, writing nothing, when it is not.
    func writeConcurrently(to writer: JSONByteWriter, depth: Int) throws -> Bool
}

/// An element type of the long arrays worth writing concurrently.
protocol JSONConcurrentElement: Encodable, Sendable {
    /// Writes this element, as `writer.value(self, depth:)` does.
    func write(to writer: JSONByteWriter, depth: Int) throws
}

extension JSONConcurrentElement {
    func write(to writer: JSONByteWriter, depth: Int) throws { try writer.value(self, depth: depth) }
}

/// Written in place: through `value`, each indicator was copied twice on the way (taken out of
/// the array, then cast to its type), a retain and a release of each of its dozen strings and
/// arrays per copy.
extension Indicator: JSONConcurrentElement {
    func write(to writer: JSONByteWriter, depth: Int) throws { try writer.write(self, depth: depth) }
}
extension Finding: JSONConcurrentElement {}

extension Array: JSONConcurrentArray where Element: JSONConcurrentElement {
    func writeConcurrently(to writer: JSONByteWriter, depth: Int) throws -> Bool {
        let pieces = Concurrent.pieces(count, minimum: 256, perCore: 4)
        guard pieces > 1 else { return false }
        let pretty = writer.pretty
        let parts = Concurrent.map(pieces) { k -> Result<(bytes: [[UInt8]], unsupported: Bool), any Error> in
            let part = JSONByteWriter(pretty: pretty)
            let range = (k * count / pieces)..<((k + 1) * count / pieces)
            do {
                // Elements borrowed from the buffer, not copied out of the array one by one.
                try withUnsafeBufferPointer { elements in
                    for i in range {
                        // Room for the rest at once, by the size of the first elements with a
                        // quarter more (room not written to is never touched): grown by doubling,
                        // each step copied all so far into fresh memory.
                        if i == range.lowerBound + 64 { part.reserve(adding: part.out.count / 64 * (range.upperBound - i) * 5 / 4) }
                        part.beginElement(i, depth: depth)
                        try elements[i].write(to: part, depth: depth + 1)
                    }
                }
            } catch { return .failure(error) }
            return .success((part.parts, part.unsupported))
        }
        var written: [[UInt8]] = []
        for part in parts {
            let (bytes, unsupported) = try part.get()
            written += bytes
            if unsupported { writer.unsupported = true }
        }
        writer.append(parts: written)
        writer.endArray(count: count, depth: depth)
        return true
    }
}

/// The `Encoder` handed to one value's `encode(to:)`: it remembers which container the value
/// opened and closes it in `finish`.
final class JSONValueEncoder: Encoder {
    enum State { case none, keyed, unkeyed, single }

    let writer: JSONByteWriter
    let depth: Int
    var state = State.none
    var members: [(key: String, start: Int)] = []
    var count = 0

    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(writer: JSONByteWriter, depth: Int) { self.writer = writer; self.depth = depth }

    private func open(_ s: State) {
        if state != .none && state != s { writer.unsupported = true }
        state = s
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        open(.keyed)
        return KeyedEncodingContainer(JSONKeyedWriter<Key>(encoder: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        open(.unkeyed)
        return JSONUnkeyedWriter(encoder: self)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        open(.single)
        return JSONSingleWriter(encoder: self)
    }

    func finish() {
        switch state {
        case .none: writer.endObject([], depth: depth)
        case .keyed: writer.endObject(members, depth: depth)
        case .unkeyed: writer.endArray(count: count, depth: depth)
        case .single: if count == 0 { writer.unsupported = true }
        }
    }

    /// Any container this writer cannot reproduce: marks the encoding unsupported.
    func unsupportedEncoder() -> Encoder {
        writer.unsupported = true
        return JSONValueEncoder(writer: JSONByteWriter(pretty: writer.pretty), depth: depth)
    }
}

struct JSONKeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONValueEncoder
    var codingPath: [CodingKey] { [] }

    private func member(_ key: Key) {
        let start = encoder.writer.beginMember(key.stringValue, depth: encoder.depth)
        encoder.members.append((key.stringValue, start))
    }

    mutating func encodeNil(forKey key: Key) throws { member(key); encoder.writer.null() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { member(key); encoder.writer.bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { member(key); encoder.writer.string(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { member(key); encoder.writer.integer(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { member(key); try encoder.writer.floating(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { member(key); try encoder.writer.floating(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        member(key); try encoder.writer.value(value, depth: encoder.depth + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.unsupportedEncoder().container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { encoder.unsupportedEncoder().unkeyedContainer() }
    mutating func superEncoder() -> Encoder { encoder.unsupportedEncoder() }
    mutating func superEncoder(forKey key: Key) -> Encoder { encoder.unsupportedEncoder() }
}

struct JSONUnkeyedWriter: UnkeyedEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [CodingKey] { [] }
    var count: Int { encoder.count }

    private func element() {
        encoder.writer.beginElement(encoder.count, depth: encoder.depth)
        encoder.count += 1
    }

    mutating func encodeNil() throws { element(); encoder.writer.null() }
    mutating func encode(_ value: Bool) throws { element(); encoder.writer.bool(value) }
    mutating func encode(_ value: String) throws { element(); encoder.writer.string(value) }
    mutating func encode(_ value: Int) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: Int8) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: Int16) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: Int32) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: Int64) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt8) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt16) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt32) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt64) throws { element(); encoder.writer.integer(value) }
    mutating func encode(_ value: Double) throws { element(); try encoder.writer.floating(value) }
    mutating func encode(_ value: Float) throws { element(); try encoder.writer.floating(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        element(); try encoder.writer.value(value, depth: encoder.depth + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder.unsupportedEncoder().container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { encoder.unsupportedEncoder().unkeyedContainer() }
    mutating func superEncoder() -> Encoder { encoder.unsupportedEncoder() }
}

struct JSONSingleWriter: SingleValueEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [CodingKey] { [] }

    private func single() {
        if encoder.count > 0 { encoder.writer.unsupported = true }
        encoder.count += 1
    }

    mutating func encodeNil() throws { single(); encoder.writer.null() }
    mutating func encode(_ value: Bool) throws { single(); encoder.writer.bool(value) }
    mutating func encode(_ value: String) throws { single(); encoder.writer.string(value) }
    mutating func encode(_ value: Int) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: Int8) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: Int16) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: Int32) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: Int64) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt8) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt16) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt32) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: UInt64) throws { single(); encoder.writer.integer(value) }
    mutating func encode(_ value: Double) throws { single(); try encoder.writer.floating(value) }
    mutating func encode(_ value: Float) throws { single(); try encoder.writer.floating(value) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        single(); try encoder.writer.value(value, depth: encoder.depth)
    }
}
