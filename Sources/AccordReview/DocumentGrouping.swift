import Foundation
import AccordModel
import Crypto
import AccordDiff

/// Documents recognised as the same agreement (or the same requirements document).
public struct DocumentGroup: Sendable, Codable, Hashable {
    /// `G` and the first 8 hex digits of the key's SHA-256: stable across runs and archives.
    public var id: String
    /// What the members share, as shown: `LGDL2025000084-A 一标段`, a title, package names.
    public var key: String
    /// Why they were grouped: `project code and lot`, `title, parties and amounts`, `near-identical text`…
    public var basis: String
    /// `agreement` or `requirements`.
    public var kind: String
    /// The members' source ids, in the order the sources were given.
    public var members: [String]
}

/// Groups documents that are copies of one agreement: the scan, the DOCX it was printed from, a
/// text dump of either. Pure: the same sources give the same groups.
public enum DocumentGrouping {
    /// Two name readings this alike are the same name (one misread glyph in twelve).
    static let nameSimilarity = 0.85
    /// Texts whose bigram sketches agree this much are the same document.
    static let textSimilarity = 0.9

    public static func groups(_ sources: [ReviewSource]) -> [DocumentGroup] {
        let n = sources.count
        var uf = UnionFind(n)
        var basis = [Int: String]()  // root → why (first reason that joined it)
        func join(_ a: Int, _ b: Int, _ why: String) {
            let (ra, rb) = (uf.find(a), uf.find(b))
            guard ra != rb else { return }
            uf.union(ra, rb)
            let r = uf.find(a)
            var reasons = Set([basis[ra], basis[rb]].compactMap { $0 }.flatMap { $0.components(separatedBy: "; ") })
            reasons.insert(why)
            basis[r] = reasons.sorted().joined(separator: "; ")
        }
        let sigs = sources.map(Signature.init)

        // 0. Pages scanned as files of their own and the document composed of them.
        let indexOfPath = Dictionary(sources.enumerated().map { ($0.element.path, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for (i, s) in sources.enumerated() {
            for part in s.record.source.parts ?? [] { if let j = indexOfPath[part.path] { join(i, j, "page files of one document") } }
        }

        // 1. Project code and lot (a lot missing on one side does not separate them).
        var byCode: [String: [Int]] = [:]
        for (i, s) in sigs.enumerated() where s.isAgreement { if let c = s.code { byCode[c, default: []].append(i) } }
        for (_, members) in byCode.sorted(by: { $0.key < $1.key }) {
            for x in members.indices { for y in members.indices where y > x {
                let (a, b) = (members[x], members[y])
                if let la = sigs[a].lot, let lb = sigs[b].lot, la != lb { continue }
                join(a, b, "project code and lot")
            } }
        }
        // 2. Without a code on one side: title, parties and amounts, two at least agreeing and none against.
        for a in 0..<n where sigs[a].isAgreement {
            for b in (a + 1)..<max(a + 1, n) where sigs[b].isAgreement && (sigs[a].code == nil || sigs[b].code == nil) {
                if uf.find(a) == uf.find(b) { continue }
                if agree(sigs[a], sigs[b]) { join(a, b, "title, parties and amounts") }
            }
        }
        // 3. Requirements documents: the same package names (and title where both have one).
        var byPackages: [String: [Int]] = [:]
        for (i, s) in sigs.enumerated() where !s.isAgreement && !s.packages.isEmpty { byPackages[s.packages, default: []].append(i) }
        for (_, members) in byPackages.sorted(by: { $0.key < $1.key }) {
            for m in members.dropFirst() { join(members[0], m, "title and packages") }
        }
        // 4. Near-identical text, for documents none of the above placed with another.
        var size: [Int: Int] = [:]
        for i in 0..<n { size[uf.find(i), default: 0] += 1 }
        let alone = (0..<n).filter { size[uf.find($0)] == 1 }
        let sketches = Dictionary(uniqueKeysWithValues: alone.compactMap { i in sources[i].text.map { (i, Sketch($0)) } })
        for (x, a) in alone.enumerated() {
            for b in alone[(x + 1)...] {
                guard let sa = sketches[a], let sb = sketches[b], sigs[a].isAgreement == sigs[b].isAgreement else { continue }
                // Agreements made from one template share most of their text: near-identical
                // text groups only where nothing that identifies them disagrees.
                if sa.similarity(sb) >= textSimilarity, tally(sigs[a], sigs[b]).against == 0 { join(a, b, "near-identical text") }
            }
        }

        var membersOf: [Int: [Int]] = [:]
        for i in 0..<n { membersOf[uf.find(i), default: []].append(i) }
        return membersOf.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }.map { m in
            let root = uf.find(m[0])
            let best = mostTrusted(m.map { sources[$0] }).flatMap { b in m.first { sources[$0].id == b.id } } ?? m[0]
            let key = sigs[best].display
            var h = SHA256()
            h.update(data: Data(key.utf8))
            for i in m { h.update(data: Data(sources[i].path.utf8)) }
            let id = "G" + h.finalize().prefix(4).map { String(format: "%02x", $0) }.joined()
            return DocumentGroup(id: id, key: key, basis: basis[root] ?? "", kind: sigs[best].isAgreement ? "agreement" : "requirements",
                                 members: m.map { sources[$0].id })
        }
    }

    /// How much a source is to be trusted as a group's reference: typed text over a dump over an
    /// OCR reading, then the fewer doubtful values, then the more indicators.
    static func rank(_ s: ReviewSource) -> (Int, Int, Int) {
        let doubtful = FieldAccess.readings(s.record).values.filter { $0.doubt != nil }.count
        return (s.family.trust, -doubtful, FieldAccess.indicators(s.record).count)
    }

    /// The most trusted of `candidates` (`rank`, each ranked once; the first of equals).
    static func mostTrusted(_ candidates: [ReviewSource]) -> ReviewSource? {
        candidates.map { ($0, rank($0)) }.max { $0.1 < $1.1 }?.0
    }

    static func agree(_ a: Signature, _ b: Signature) -> Bool {
        let t = tally(a, b)
        return t.agreeing >= 2 && t.against == 0
    }

    /// How many identifying fields two documents both state alike, and how many they state differently.
    static func tally(_ a: Signature, _ b: Signature) -> (agreeing: Int, against: Int) {
        var agreeing = 0, against = 0
        func names(_ x: String?, _ y: String?) {
            guard let x, let y, !x.isEmpty, !y.isEmpty else { return }
            if x == y || similarity(x, y) >= nameSimilarity { agreeing += 1 } else { against += 1 }
        }
        func amounts(_ x: String?, _ y: String?) {
            guard let x, let y else { return }
            if x == y { agreeing += 1 } else { against += 1 }
        }
        names(a.title, b.title); names(a.buyer, b.buyer); names(a.supplier, b.supplier)
        amounts(a.original, b.original); amounts(a.amended, b.amended)
        if let la = a.lot, let lb = b.lot, la != lb { against += 1 }
        if let ca = a.code, let cb = b.code, ca != cb { against += 1 }
        return (agreeing, against)
    }

    static func similarity(_ x: String, _ y: String) -> Double {
        switch CopyComparison.texts(x, y) {
        case .equal, .cut: 1
        case .different(let s): s
        }
    }

    /// What identifies a document, normalized.
    struct Signature {
        var isAgreement: Bool
        var code, lot, title, buyer, supplier, original, amended: String?
        var packages: String
        var display: String

        init(_ s: ReviewSource) {
            let d = s.record, c = d.contract
            isAgreement = d.documentKind == .contract || d.documentKind == .amendment || (d.documentKind == .unknown && c != nil)
            let rawCode = c?.projectCode?.value
            code = rawCode.map { CopyComparison.key($0).uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
            lot = c?.lot.map { CopyComparison.key($0.value) }
            title = c?.title.map { CopyComparison.key($0.value) }
            buyer = c?.buyer.map { CopyComparison.key($0.value) }
            supplier = c?.supplier.map { CopyComparison.key($0.value) }
            original = c?.amount?.original.map { DiffText.number($0.value) }
            amended = c?.amount?.amended.map { DiffText.number($0.value) }
            let names = d.packages.compactMap { $0.name.map { CopyComparison.key($0.value) } }.filter { !$0.isEmpty }
            packages = names.sorted().joined(separator: "|")
            let shown = [rawCode, c?.lot?.value].compactMap { $0 }.joined(separator: " ")
            display = !shown.isEmpty ? shown : c?.title?.value
                ?? (d.packages.compactMap { $0.name?.value }.joined(separator: " / ")).nonEmpty ?? s.path
        }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// Disjoint sets over 0..<n.
struct UnionFind {
    private var parent: [Int]
    init(_ n: Int) { parent = Array(0..<n) }
    mutating func find(_ x: Int) -> Int {
        var r = x
        while parent[r] != r { r = parent[r] }
        var y = x
        while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
        return r
    }
    mutating func union(_ a: Int, _ b: Int) {
        let (ra, rb) = (find(a), find(b))
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}

/// A bottom-k sketch of a text's character bigrams: estimates how much two texts share in
/// time proportional to k, whatever their length.
struct Sketch {
    static let k = 128
    let hashes: [UInt64]

    init(_ text: String) {
        let chars = Array(CopyComparison.key(text).unicodeScalars.map(\.value))
        var set = Set<UInt64>()
        if chars.count >= 2 {
            for i in 0..<(chars.count - 1) {
                var h = (UInt64(chars[i]) << 32 | UInt64(chars[i + 1])) &* 0x9E37_79B9_7F4A_7C15
                h ^= h >> 29
                set.insert(h)
            }
        }
        hashes = Array(set.sorted().prefix(Self.k))
    }

    /// The share of the union's k smallest hashes that both sketches hold (a Jaccard estimate).
    func similarity(_ o: Sketch) -> Double {
        guard !hashes.isEmpty, !o.hashes.isEmpty else { return 0 }
        let a = Set(hashes), b = Set(o.hashes)
        let union = Array(a.union(b).sorted().prefix(Self.k))
        let both = union.filter { a.contains($0) && b.contains($0) }.count
        return Double(both) / Double(union.count)
    }
}
