import Foundation

/// An indicator field reduced to what identifies it: NFKC, lower case, letters and digits only
/// (white space, punctuation, brackets and full-width forms gone), leading list labels removed
/// (1、 (1) （一） 1. 一、), as an array of characters ready to compare.
struct TextKey: Hashable, Sendable {
    let chars: [Character]

    init(_ text: String?) {
        guard let text, !text.isEmpty else { chars = []; return }
        let folded = text.precomposedStringWithCompatibilityMapping.lowercased()
        chars = Array(Self.dropLeadingLabels(folded).filter { $0.isLetter || $0.isNumber })
    }

    var isEmpty: Bool { chars.isEmpty }
    var string: String { String(chars) }

    private static let numerals: Set<Character> = Set("0123456789零〇一二三四五六七八九十百")

    /// `(1)`, `（一）`, `1、`, `1.`, `一、`, `1)` at the start, repeatedly.
    static func dropLeadingLabels(_ s: String) -> Substring {
        var rest = Substring(s)
        while true {
            let trimmed = rest.drop { $0.isWhitespace }
            var i = trimmed.startIndex
            var opened = false
            if i < trimmed.endIndex, trimmed[i] == "(" || trimmed[i] == "[" { opened = true; i = trimmed.index(after: i) }
            let digitsStart = i
            while i < trimmed.endIndex, numerals.contains(trimmed[i]), trimmed.distance(from: digitsStart, to: i) < 4 {
                i = trimmed.index(after: i)
            }
            guard i > digitsStart, i < trimmed.endIndex else { return trimmed }
            let mark = trimmed[i]
            if opened ? (mark == ")" || mark == "]") : (mark == "、" || mark == "." || mark == ")" || mark == "," ) {
                rest = trimmed[trimmed.index(after: i)...]
                // `1.5` is a number, not a label.
                if mark == ".", let next = rest.first, next.isNumber { return trimmed }
            } else {
                return trimmed
            }
        }
    }
}

/// How alike two field texts are.
enum Similarity {
    /// Dice's coefficient over character bigrams (a multiset): robust to a few wrong, missing or
    /// extra characters (OCR noise), 1 for equal texts, 0 when none of the bigrams are shared.
    static func dice(_ a: [Character], _ b: [Character]) -> Double {
        if a == b { return 1 }
        if a.count < 2 || b.count < 2 { return a.isEmpty || b.isEmpty ? 0 : (Set(a).isDisjoint(with: b) ? 0 : 0.5) }
        var counts: [Bigram: Int] = [:]
        counts.reserveCapacity(a.count)
        for i in 0..<(a.count - 1) { counts[Bigram(a[i], a[i + 1]), default: 0] += 1 }
        var shared = 0
        for i in 0..<(b.count - 1) {
            let g = Bigram(b[i], b[i + 1])
            if let n = counts[g], n > 0 { shared += 1; counts[g] = n - 1 }
        }
        return 2 * Double(shared) / Double(a.count - 1 + b.count - 1)
    }

    struct Bigram: Hashable { let x: Character, y: Character; init(_ x: Character, _ y: Character) { self.x = x; self.y = y } }

    /// The shortest text taken for a cut copy of a longer one: shorter than this, a prefix is
    /// too likely to be a coincidence.
    static let minimumCut = 6

    /// Two fields compared: equal texts score 1; a text that is the beginning of the other
    /// (a cell cut short, allowing OCR noise) scores as its prefix does and says `cut`.
    static func field(_ x: TextKey, _ y: TextKey) -> (score: Double, cut: Bool) {
        if x == y { return (1, false) }
        let (s, l) = x.chars.count <= y.chars.count ? (x.chars, y.chars) : (y.chars, x.chars)
        if s.count >= minimumCut, s.count < l.count {
            let prefix = Array(l.prefix(s.count))
            let d = dice(s, prefix)
            if d >= 0.85 { return (d, true) }
        }
        return (dice(x.chars, y.chars), false)
    }
}
