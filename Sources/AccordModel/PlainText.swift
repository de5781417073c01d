/// Text whose characters are single scalars that no other character sequence is canonically
/// equivalent to: ASCII printables, tab and LF (not CR, which joins LF), CJK symbols
/// (U+3000-3029, U+3030-303F; not the combining tone marks U+302A-302F), CJK ideographs
/// (U+3400-4DBF, U+4E00-9FFF), full-width forms U+FF01-FF60 and U+FFE0-FFE6, and the quotes,
/// dash and ellipsis of Chinese text (U+2014, U+2018-201F, U+2026). In such text a character
/// offset is a scalar offset, and canonical (Foundation's default) and literal search agree.
public struct PlainText {
    public let scalars: [Unicode.Scalar]

    /// nil when `s` holds any other character.
    public init?(_ s: String) {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            guard Self.isPlain(u.value) else { return nil }
            out.append(u)
        }
        scalars = out
    }

    /// Whether every character of `s` is such a scalar (one pass over the scalars, no copy).
    public static func isPlain(_ s: String) -> Bool {
        if let n = s.utf8.withContiguousStorageIfAvailable(scalarCount) { return n != nil }
        return s.unicodeScalars.allSatisfy { isPlain($0.value) }
    }

    /// `Array(s)`, built from the scalars (no grapheme breaking) when `s` is plain text.
    public static func characters(_ s: String) -> [Character] {
        guard let count = s.utf8.withContiguousStorageIfAvailable(scalarCount) ?? (isPlain(s) ? s.unicodeScalars.count : nil) else {
            return Array(s)
        }
        // Sized once: mapping the scalar view grows the array as it goes (its count is not known up front).
        var out: [Character] = []
        out.reserveCapacity(count)
        for u in s.unicodeScalars { out.append(Character(u)) }
        return out
    }

    /// `s.count`, counted by scalars (no grapheme breaking) when `s` is plain text.
    public static func characterCount(_ s: String) -> Int {
        if let n = s.utf8.withContiguousStorageIfAvailable(scalarCount) { return n ?? s.count }
        var n = 0
        for u in s.unicodeScalars {
            guard isPlain(u.value) else { return s.count }
            n += 1
        }
        return n
    }

    /// The number of scalars in UTF-8 `bytes` when all are plain, else nil. Byte by byte: every
    /// plain scalar is ASCII (one byte) or in U+2014…U+FFE6 (three bytes), so anything else — a
    /// two- or four-byte sequence — is not plain without decoding it.
    public static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var b = 0, n = 0
        while b < bytes.count {
            guard let length = plainLength(bytes, at: b) else { return nil }
            b += length
            n += 1
        }
        return n
    }

    /// The length in bytes (1 or 3) of the scalar starting at `b` in UTF-8 `bytes`, nil when it is not plain.
    @inline(__always)
    public static func plainLength(_ bytes: UnsafeBufferPointer<UInt8>, at b: Int) -> Int? {
        var p = b
        return plainScalar(bytes, at: &p) == nil ? nil : p - b
    }

    /// The plain scalar starting at byte `p` of UTF-8 `bytes`, with `p` moved past it; nil (and
    /// `p` unspecified) when the scalar there is not plain. Plain scalars are ASCII or three bytes.
    @inlinable @inline(__always)
    public static func plainScalar(_ bytes: UnsafeBufferPointer<UInt8>, at p: inout Int) -> UInt32? {
        let lead = bytes[p]
        if lead < 0x80 {
            p += 1
            return isPlain(UInt32(lead)) ? UInt32(lead) : nil
        }
        // A valid string holds whole sequences: a three-byte lead has its two bytes.
        guard lead & 0xF0 == 0xE0, p + 2 < bytes.count else { return nil }
        let v = UInt32(lead & 0x0F) << 12 | UInt32(bytes[p + 1] & 0x3F) << 6 | UInt32(bytes[p + 2] & 0x3F)
        p += 3
        // Leads E5–E9 give U+5000–9FFF, all ideographs and most of a Chinese text: plain without
        // going through the ranges.
        if lead >= 0xE5 && lead <= 0xE9 { return v }
        return isPlain(v) ? v : nil
    }

    @inlinable
    public static func isPlain(_ v: UInt32) -> Bool {
        switch v {
        case 0x09, 0x0A, 0x20...0x7E, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x2014, 0x2018...0x201F, 0x2026:
            return true
        default:
            return false
        }
    }

    public var count: Int { scalars.count }

    /// Character offsets of the first occurrence of `needle` at or after offset `from`, as
    /// `String.range(of:range:)` finds it (nil for an empty needle, as there).
    public func range(of needle: PlainText, from: Int) -> Range<Int>? {
        let n = needle.scalars
        guard let first = n.first, n.count <= scalars.count else { return nil }
        var i = max(0, from)
        while i + n.count <= scalars.count {
            if scalars[i] == first {
                var k = 1
                while k < n.count && scalars[i + k] == n[k] { k += 1 }
                if k == n.count { return i..<(i + n.count) }
            }
            i += 1
        }
        return nil
    }
}
