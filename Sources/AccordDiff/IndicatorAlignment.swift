import Foundation
import AccordModel

/// Pairs the indicators of two documents (the align step). Rows equal in every field pair up
/// first, in order; the rest are scored on their texts (sub-item, standard, requirement, item,
/// category: see `IndicatorKeys.similarity`) against candidates that share character bigrams or
/// stand at the same relative place, and the best pairs are taken greedily above a threshold.
/// An indicator that another one fits almost as well is said to be ambiguous.
struct IndicatorAlignment {
    struct Match: Sendable {
        var a: Int?
        var b: Int?
        var similarity: Double
        var ambiguousWith: [IndicatorPair.Alternative]
    }

    /// Below this text similarity two indicators are not taken for the same one.
    static let threshold = 0.55
    /// A competitor this close to the chosen pair's similarity makes the pairing ambiguous.
    static let ambiguityMargin = 0.03
    /// How much the place in the list counts, to choose between equally similar candidates.
    static let placeWeight = 0.05
    /// Candidates scored per indicator (besides the ones at the same relative place).
    static let candidatesPerRow = 8

    static func align(_ a: [IndicatorKeys], _ b: [IndicatorKeys]) -> [Match] {
        var matchOfA = [Int?](repeating: nil, count: a.count)
        var matchOfB = [Int?](repeating: nil, count: b.count)
        var similarity: [Int: Double] = [:]
        var ambiguous: [Int: [IndicatorPair.Alternative]] = [:]

        // 1. Identical rows, in order.
        var byKey: [IndicatorKeys.Whole: [Int]] = [:]
        for (j, k) in b.enumerated() { byKey[k.whole, default: []].append(j) }
        for (i, k) in a.enumerated() {
            guard var js = byKey[k.whole], !js.isEmpty else { continue }
            let j = js.removeFirst()
            byKey[k.whole] = js
            matchOfA[i] = j; matchOfB[j] = i; similarity[i] = 1
        }

        // 2. The rest, scored against candidates.
        let restA = a.indices.filter { matchOfA[$0] == nil }
        let restB = b.indices.filter { matchOfB[$0] == nil }
        if !restA.isEmpty && !restB.isEmpty {
            let index = BigramIndex(restB.map { b[$0] }, ids: restB)
            var scored: [(i: Int, j: Int, text: Double, rank: Double)] = []
            var candidatesOfA: [Int: [(j: Int, text: Double)]] = [:]
            for i in restA {
                var js = index.candidates(for: a[i], limit: candidatesPerRow)
                let expected = min(b.count - 1, Int((Double(i) + 0.5) * Double(b.count) / Double(max(a.count, 1))))
                for j in max(0, expected - 2)...min(b.count - 1, expected + 2) where matchOfB[j] == nil && !js.contains(j) { js.append(j) }
                for j in js {
                    let text = IndicatorKeys.similarity(a[i], b[j])
                    guard text >= threshold else { continue }
                    let place = 1 - abs(Double(i) / Double(max(a.count, 1)) - Double(j) / Double(max(b.count, 1)))
                    scored.append((i, j, text, text + placeWeight * place))
                    candidatesOfA[i, default: []].append((j, text))
                }
            }
            scored.sort { $0.rank != $1.rank ? $0.rank > $1.rank : ($0.i, $0.j) < ($1.i, $1.j) }
            for s in scored where matchOfA[s.i] == nil && matchOfB[s.j] == nil {
                matchOfA[s.i] = s.j; matchOfB[s.j] = s.i; similarity[s.i] = s.text
            }
            // 3. Say where another candidate fits almost as well.
            var candidatesOfB: [Int: [(i: Int, text: Double)]] = [:]
            for s in scored { candidatesOfB[s.j, default: []].append((s.i, s.text)) }
            for i in restA {
                guard let j = matchOfA[i], let s = similarity[i] else { continue }
                var alts: [IndicatorPair.Alternative] = []
                for c in candidatesOfA[i] ?? [] where c.j != j && c.text >= s - ambiguityMargin {
                    alts.append(.init(side: "b", index: c.j, similarity: round4(c.text)))
                }
                for c in candidatesOfB[j] ?? [] where c.i != i && c.text >= s - ambiguityMargin {
                    alts.append(.init(side: "a", index: c.i, similarity: round4(c.text)))
                }
                if !alts.isEmpty { ambiguous[i] = alts }
            }
        }

        // In B's order; a removed row follows the pair of the nearest earlier row of A that has one.
        var out: [(key: (Int, Int, Int), match: Match)] = []
        for j in b.indices {
            if let i = matchOfB[j] {
                out.append(((j, 0, i), Match(a: i, b: j, similarity: round4(similarity[i] ?? 0), ambiguousWith: ambiguous[i] ?? [])))
            } else {
                out.append(((j, 0, -1), Match(a: nil, b: j, similarity: 1, ambiguousWith: [])))
            }
        }
        var lastMatched = -1
        for i in a.indices {
            if let j = matchOfA[i] { lastMatched = j; continue }
            out.append(((lastMatched, 1, i), Match(a: i, b: nil, similarity: 1, ambiguousWith: [])))
        }
        return out.sorted { $0.key < $1.key }.map(\.match)
    }

    static func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}

/// The text keys of one indicator, computed once.
struct IndicatorKeys: Sendable {
    let category, item, requirement, subitem, standard: TextKey
    /// Every field together: rows equal here are the same row.
    let whole: Whole
    /// Character bigrams of the distinctive fields, to find candidates.
    let bigrams: Set<Similarity.Bigram>

    struct Whole: Hashable, Sendable { let fields: [TextKey] }

    init(_ i: Indicator) {
        category = TextKey(i.category); item = TextKey(i.item); requirement = TextKey(i.requirement)
        subitem = TextKey(i.subitem); standard = TextKey(i.standard)
        whole = Whole(fields: [category, item, requirement, subitem, standard])
        var g = Set<Similarity.Bigram>()
        for k in [subitem, standard, requirement] where k.chars.count >= 2 {
            for x in 0..<(k.chars.count - 1) { g.insert(Similarity.bigram(k.chars[x], k.chars[x + 1])) }
        }
        bigrams = g
    }

    /// Field weights: the sub-item names the service, the standard its measure, the requirement
    /// is shared by the sub-items of one item, item and category by many rows.
    static let weights = (subitem: 0.45, standard: 0.25, requirement: 0.2, item: 0.05, category: 0.05)

    /// The weighted similarity over the fields both rows have (a field one side lacks, such as a
    /// sub-item lost in a dump, neither helps nor hurts).
    static func similarity(_ x: IndicatorKeys, _ y: IndicatorKeys) -> Double {
        var total = 0.0, weight = 0.0
        var distinctive = 0.0, distinctiveWeight = 0.0
        let w = weights
        for (p, q, w, own) in [(x.subitem, y.subitem, w.subitem, true), (x.standard, y.standard, w.standard, true),
                               (x.requirement, y.requirement, w.requirement, false), (x.item, y.item, w.item, false),
                               (x.category, y.category, w.category, false)] {
            guard !p.isEmpty, !q.isEmpty else { continue }
            let score = Similarity.field(p, q).score
            total += w * score
            weight += w
            if own { distinctive += w * score; distinctiveWeight += w }
        }
        // The fields an item's rows share (requirement, item, category) never make a pair alone:
        // the row's own texts (sub-item, standard) must be alike too.
        guard distinctiveWeight > 0, distinctive / distinctiveWeight >= minimumDistinctive else { return 0 }
        return total / weight
    }

    /// How alike a pair's own texts (sub-item and standard, where both have them) must be at least.
    static let minimumDistinctive = 0.5
}

/// Which rows of B share character bigrams with a row of A, the rarest bigrams counting.
struct BigramIndex {
    private var postings: [Similarity.Bigram: [Int]] = [:]
    private let rows: Int

    init(_ keys: [IndicatorKeys], ids: [Int]) {
        rows = keys.count
        for (k, id) in zip(keys, ids) { for g in k.bigrams { postings[g, default: []].append(id) } }
    }

    func candidates(for k: IndicatorKeys, limit: Int) -> [Int] {
        // A bigram in most rows (服务, 社区) tells nothing and costs the most.
        let common = max(32, rows / 4)
        var hits: [Int: Int] = [:]
        for g in k.bigrams {
            guard let ids = postings[g], ids.count <= common else { continue }
            for id in ids { hits[id, default: 0] += 1 }
        }
        return hits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map(\.key)
    }
}
