/// Finding pieces of a text in order, in time linear in the text and the pieces (Knuth–Morris–
/// Pratt): a naive search for a piece that almost matches everywhere (a tidied line whose spaces
/// no longer match the cell's, in a cell of `a a a a …`) costs the product of the two lengths.
public enum TextSearch {
    /// The first occurrence of `needle` in `haystack[from..<min(haystack.count, limit)]`.
    public static func find<T: Equatable>(_ needle: [T], in haystack: [T], from: Int, limit: Int = .max) -> Range<Int>? {
        let m = needle.count, end = min(haystack.count, limit)
        guard m > 0, from >= 0, from + m <= end else { return nil }
        // failure[k]: the length of the longest proper prefix of needle[0...k] that is also its suffix.
        var failure = [Int](repeating: 0, count: m)
        var k = 0
        for i in 1..<max(1, m) where m > 1 {
            while k > 0 && needle[i] != needle[k] { k = failure[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            failure[i] = k
        }
        var q = 0
        var i = from
        while i < end {
            while q > 0 && haystack[i] != needle[q] { q = failure[q - 1] }
            if haystack[i] == needle[q] { q += 1 }
            if q == m { return (i - m + 1)..<(i + 1) }
            i += 1
        }
        return nil
    }

    /// Where each piece is, searching on from the end of the one before, each within `slack`
    /// characters past where it could start at the earliest plus its own length (pieces cut from
    /// one text in order lie next to each other, a label or separator apart). A piece not found
    /// is nil, and the search goes on past the length it would have had.
    public static func locateInOrder<T: Equatable>(_ pieces: [[T]], in text: [T], slack: Int = 64) -> [Range<Int>?] {
        var cursor = 0
        return pieces.map { piece in
            let limit = cursor + 2 * piece.count + slack
            if let r = find(piece, in: text, from: cursor, limit: limit) {
                cursor = r.upperBound
                return r
            }
            cursor = min(text.count, cursor + piece.count)
            return nil
        }
    }
}
