import Foundation

/// The full-text index of the PostgreSQL archive: each reading's text as the set of its characters
/// and of its pairs of neighbouring characters, each a number (a pair is the two code points side
/// by side in 42 bits, a single character is flagged by bit 42), kept in a `bigint[]` column
/// with a GIN index. A query of any length — one Chinese character, 龙岗, a whole clause — is
/// answered by the rows whose set contains all of the query's numbers (GIN), then checked as a
/// substring. pg_trgm cannot do this for Chinese: it splits words at spaces and punctuation and
/// builds trigrams within them, so a one- or two-character query has no trigram to look up and a
/// longer one's trigrams depend on where the words were cut (README: "Search").
/// White space is left out on both sides (a query with a space still finds its other pairs),
/// ASCII letters are folded to lower case as the search folds them.
enum SearchGrams {
    static let singleFlag: Int64 = 1 << 42

    /// The numbers of every character and neighbouring pair in `texts`, distinct, sorted.
    static func document(_ texts: [String?]) -> [Int64] {
        var set = Set<Int64>()
        for case let text? in texts { add(text, to: &set) }
        return set.sorted()
    }

    /// The numbers a document must hold to contain `query` (the query as normalized for search):
    /// its pairs, and a character alone only where it has no neighbour in the query (one
    /// character, or one between spaces). Fewer keys than every character and pair, each more
    /// selective: measured 2–3× faster on long queries that most documents match.
    static func query(_ query: String) -> [Int64] {
        var all = Set<Int64>()
        add(query, to: &all)
        let pairs = all.filter { $0 & singleFlag == 0 }
        let covered = Set(pairs.flatMap { [singleFlag | ($0 >> 21), singleFlag | ($0 & 0x1F_FFFF)] })
        return all.filter { $0 & singleFlag == 0 || !covered.contains($0) }.sorted()
    }

    /// Whether `query` has no character with a case (Chinese, digits, punctuation): then the
    /// substring test needs no lower() of the whole text.
    static func isCaseless(_ query: String) -> Bool { query.lowercased() == query && query.uppercased() == query }

    private static func add(_ text: String, to set: inout Set<Int64>) {
        var previous: UInt32?
        for scalar in text.unicodeScalars {
            let v = fold(scalar)
            if scalar.properties.isWhitespace { previous = nil; continue }
            set.insert(singleFlag | Int64(v))
            if let p = previous { set.insert(Int64(p) << 21 | Int64(v)) }
            previous = v
        }
    }

    private static func fold(_ s: Unicode.Scalar) -> UInt32 {
        (0x41...0x5A).contains(s.value) ? s.value + 0x20 : s.value
    }
}
