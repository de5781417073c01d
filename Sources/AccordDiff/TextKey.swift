import Foundation

/// An indicator field reduced to what identifies it: NFKC, lower case, letters and digits only
/// (white space, punctuation, brackets and full-width forms gone), leading list labels removed
/// (1、 (1) （一） 1. 一、), as Unicode scalar values ready to compare. Scalars, not Characters:
/// after NFKC a Han character, letter or digit is one scalar, and comparing and hashing numbers is
/// what keeps a 1,000-indicator diff in tens of milliseconds.
struct TextKey: Hashable, Sendable {
    let chars: [UInt32]

    init(_ text: String?) {
        guard let text, !text.isEmpty else { chars = []; return }
        let scalars = Array(text.precomposedStringWithCompatibilityMapping.unicodeScalars)
        let start = Self.labelsEnd(scalars)
        var out: [UInt32] = []
        out.reserveCapacity(scalars.count - start)
        for u in scalars[start...] {
            let v = u.value
            if v < 0x80 {
                // ASCII: digits and letters (lowered) only.
                if (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) { out.append(v) }
                else if (0x41...0x5A).contains(v) { out.append(v + 0x20) }
            } else if (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) {
                out.append(v)  // CJK ideographs, the common case, without a property look-up
            } else {
                let p = u.properties
                if p.isAlphabetic || p.numericType != nil {
                    out.append(p.lowercaseMapping.unicodeScalars.first?.value ?? v)
                }
            }
        }
        chars = out
    }

    var isEmpty: Bool { chars.isEmpty }
    var string: String { String(String.UnicodeScalarView(chars.compactMap(Unicode.Scalar.init))) }

    private static let numerals: Set<UInt32> = Set("0123456789零〇一二三四五六七八九十百".unicodeScalars.map(\.value))
    private static func isSpace(_ u: Unicode.Scalar) -> Bool { u.properties.isWhitespace }

    /// Where the text starts past `(1)`, `（一）`, `1、`, `1.`, `一、`, `1)` at its start, repeatedly
    /// (`1.5` is a number, not a label).
    static func labelsEnd(_ s: [Unicode.Scalar]) -> Int {
        var rest = 0
        while true {
            var i = rest
            while i < s.count, isSpace(s[i]) { i += 1 }
            let trimmed = i
            var opened = false
            if i < s.count, s[i] == "(" || s[i] == "[" { opened = true; i += 1 }
            let digitsStart = i
            while i < s.count, numerals.contains(s[i].value), i - digitsStart < 4 { i += 1 }
            guard i > digitsStart, i < s.count else { return trimmed }
            let mark = s[i]
            let closes = opened ? (mark == ")" || mark == "]") : (mark == "、" || mark == "." || mark == ")" || mark == ",")
            guard closes else { return trimmed }
            if mark == ".", i + 1 < s.count, s[i + 1].properties.numericType != nil { return trimmed }
            rest = i + 1
        }
    }
}

/// How alike two field texts are.
enum Similarity {
    /// A character bigram as one number.
    typealias Bigram = UInt64
    static func bigram(_ x: UInt32, _ y: UInt32) -> Bigram { UInt64(x) << 32 | UInt64(y) }

    /// Dice's coefficient over character bigrams (a multiset): robust to a few wrong, missing or
    /// extra characters (OCR noise), 1 for equal texts, 0 when none of the bigrams are shared.
    static func dice(_ a: ArraySlice<UInt32>, _ b: ArraySlice<UInt32>) -> Double {
        if a.elementsEqual(b) { return 1 }
        if a.count < 2 || b.count < 2 { return a.isEmpty || b.isEmpty ? 0 : (Set(a).isDisjoint(with: b) ? 0 : 0.5) }
        var counts: [Bigram: Int] = [:]
        counts.reserveCapacity(a.count)
        var i = a.startIndex
        while i + 1 < a.endIndex { counts[bigram(a[i], a[i + 1]), default: 0] += 1; i += 1 }
        var shared = 0
        var j = b.startIndex
        while j + 1 < b.endIndex {
            let g = bigram(b[j], b[j + 1])
            if let n = counts[g], n > 0 { shared += 1; counts[g] = n - 1 }
            j += 1
        }
        return 2 * Double(shared) / Double(a.count - 1 + b.count - 1)
    }

    static func dice(_ a: [UInt32], _ b: [UInt32]) -> Double { dice(a[...], b[...]) }

    /// The shortest text taken for a cut copy of a longer one: shorter than this, a prefix is
    /// too likely to be a coincidence.
    static let minimumCut = 6

    /// Two fields compared: equal texts score 1; a text that is exactly the beginning of the other
    /// (a cell cut short, as a 50-character dump cuts it) scores 1 and says `cut`. Only an exact
    /// beginning is a cut: 策划实施 against 策划并实施 is a rewording, not a cut.
    static func field(_ x: TextKey, _ y: TextKey) -> (score: Double, cut: Bool) {
        if x == y { return (1, false) }
        let (s, l) = x.chars.count <= y.chars.count ? (x.chars, y.chars) : (y.chars, x.chars)
        if s.count >= minimumCut, s.count < l.count, l.starts(with: s) { return (1, true) }
        return (dice(x.chars, y.chars), false)
    }
}
