import Foundation
import AccordModel
import AccordDiff
import Crypto

/// Copies of one indicator annex, whatever agreement they are attached to (the lots of one
/// project share their annex), compared row by row with `accord diff`'s alignment: rows shifted
/// onto another item, cells lost or cut, cells that read differently, targets that differ.
public enum AnnexReconciliation {
    /// An annex of fewer rows is not compared (a page with two rows matches anything).
    static let minimumRows = 3
    /// Two annexes whose rows' openings overlap this much (over the smaller one's) are copies of one annex.
    static let sameAnnex = 0.5
    /// Past this many distinct copies each is compared with the most trusted one only, not pairwise.
    static let pairwiseLimit = 12

    public struct Family: Sendable, Codable, Hashable {
        /// `A` and 8 hex digits of the members' paths' SHA-256.
        public var id: String
        public var members: [String]
    }

    public static func families(_ sources: [ReviewSource]) -> [Family] {
        let rows = sources.map(rowOpenings)
        var uf = UnionFind(sources.count)
        for a in sources.indices where rows[a].count >= minimumRows {
            for b in sources.indices where b > a && rows[b].count >= minimumRows {
                // Overlap over the smaller annex: a page of an annex (a scan of part of it) is a copy too.
                let inter = rows[a].intersection(rows[b]).count
                let smaller = min(rows[a].count, rows[b].count)
                if inter >= minimumRows, Double(inter) / Double(smaller) >= sameAnnex { uf.union(a, b) }
            }
        }
        var byRoot: [Int: [Int]] = [:]
        for i in sources.indices where rows[i].count >= minimumRows { byRoot[uf.find(i), default: []].append(i) }
        return byRoot.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }.map { m in
            var h = SHA256()
            for i in m { h.update(data: Data(sources[i].path.utf8)); h.update(data: [0]) }
            return Family(id: "A" + h.finalize().prefix(4).map { String(format: "%02x", $0) }.joined(), members: m.map { sources[$0].id })
        }
    }

    /// The first characters of each row's sub-item (or standard), labels and punctuation set aside.
    static func rowOpenings(_ s: ReviewSource) -> Set<String> {
        Set(FieldAccess.indicators(s.record).compactMap { i -> String? in
            let k = CopyComparison.key(i.subitem ?? i.standard)
            return k.count >= 4 ? String(k.prefix(8)) : nil
        })
    }

    /// The copies compared: members whose annexes read identically (cell by cell, labels aside)
    /// are one class, shown by its most trusted member; the classes are compared pairwise (past
    /// `pairwiseLimit` classes, each with the most trusted one only). A finding names the other
    /// members of a class in its message.
    public static func compare(_ family: Family, _ sources: [ReviewSource]) -> [GroupFinding] {
        let members = family.members.compactMap { id in sources.first { $0.id == id } }
        guard members.count > 1 else { return [] }
        var classes: [String: [ReviewSource]] = [:]
        var order: [String] = []
        for m in members {
            let k = contentKey(m)
            if classes[k] == nil { order.append(k) }
            classes[k, default: []].append(m)
        }
        let reps = order.compactMap { k -> (ReviewSource, [ReviewSource])? in
            guard let c = classes[k], let best = DocumentGrouping.mostTrusted(c) else { return nil }
            return (best, c.filter { $0.id != best.id })
        }
        var pairs: [(Int, Int)] = []
        if reps.count <= pairwiseLimit {
            for x in reps.indices { for y in reps.indices where y > x { pairs.append((x, y)) } }
        } else if let best = DocumentGrouping.mostTrusted(reps.map(\.0)), let ref = reps.firstIndex(where: { $0.0.id == best.id }) {
            for m in reps.indices where m != ref { pairs.append((min(ref, m), max(ref, m))) }
        }
        var out: [GroupFinding] = []
        for (x, y) in pairs {
            let (a, copiesA) = reps[x], (b, copiesB) = reps[y]
            var found = rows(family.id, a, b)
            let note = [(a, copiesA), (b, copiesB)].compactMap { s, copies -> String? in
                guard !copies.isEmpty else { return nil }
                let names = copies.prefix(3).map(\.path).joined(separator: ", ") + (copies.count > 3 ? " and \(copies.count - 3) more" : "")
                return "\(s.path)'s annex reads the same in \(names)"
            }
            if !note.isEmpty { for k in found.indices { found[k].message += " (" + note.joined(separator: "; ") + ")" } }
            out += found
        }
        return out
    }

    /// What identifies an annex's content: every row's cells, labels and punctuation aside.
    static func contentKey(_ s: ReviewSource) -> String {
        var h = SHA256()
        for i in FieldAccess.indicators(s.record) {
            for cell in [i.category, i.item, i.requirement, i.subitem, i.standard] {
                h.update(data: Data(AnnexText.key(cell ?? "").utf8)); h.update(data: [0x1F])
            }
            h.update(data: [0x1E])
        }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func rows(_ family: String, _ a: ReviewSource, _ b: ReviewSource) -> [GroupFinding] {
        let ia = FieldAccess.indicators(a.record), ib = FieldAccess.indicators(b.record)
        let gapsA = ItemNumbering(ia), gapsB = ItemNumbering(ib)
        var out: [GroupFinding] = []
        for p in CopyComparison.indicators(ia, ib) {
            let key = "@\(a.id)#\(p.indexA.map(String.init) ?? "-")~\(b.id)#\(p.indexB.map(String.init) ?? "-")"
            let va = p.before.map { reading(a, $0, p.indexA) }, vb = p.after.map { reading(b, $0, p.indexB) }
            let values = [va, vb].compactMap { $0 }
            switch p.change {
            case .added, .removed:
                let (has, lacks, row) = p.change == .added ? (b, a, p.after) : (a, b, p.before)
                let idx = (p.change == .added ? p.indexB : p.indexA) ?? 0
                out.append(GroupFinding(group: family, key: "annex.row_missing" + key, code: "annex.row_missing", severity: .info,
                    field: "indicators[\(idx)]",
                    message: "row \(label(row)) of \(has.path) has no counterpart in \(lacks.path)", values: values))
            case .moved, .targetChanged, .reworded, .unchanged:
                guard let x = p.before, let y = p.after, let i = p.indexA, let j = p.indexB else { continue }
                // A shift: the row stands under another item in each copy (both name one). A
                // category or item one copy lost (a dump) is not a shift.
                if let ix = x.item, let iy = y.item, !ix.isEmpty, !iy.isEmpty, case .different(let sim) = CopyComparison.texts(ix, iy), sim < 0.8 {
                    var likelier: String? = nil, why: String? = nil
                    if let gap = gapsA.skipsAfter(x.item), gapsB.number(y.item) == gap {
                        likelier = b.id; why = "\(a.path)'s items skip \(gap) (a row lost in its conversion) and \(b.path) puts this row under item \(gap)"
                    } else if let gap = gapsB.skipsAfter(y.item), gapsA.number(x.item) == gap {
                        likelier = a.id; why = "\(b.path)'s items skip \(gap) (a row lost in its conversion) and \(a.path) puts this row under item \(gap)"
                    }
                    out.append(GroupFinding(group: family, key: "annex.row_shifted" + key, code: "annex.row_shifted", severity: .warning,
                        field: "indicators[\(i)]",
                        message: "row \(label(x)) sits under \(place(x)) in \(a.path) (row \(i)) but under \(place(y)) in \(b.path) (row \(j))",
                        values: values, likelier: likelier, why: why))
                }
                var differing: [FieldPath.IndicatorCell] = []
                for c in [FieldPath.IndicatorCell.subitem, .standard, .requirement] {
                    let tx = FieldAccess.indicatorCell(x, c) ?? "", ty = FieldAccess.indicatorCell(y, c) ?? ""
                    let kx = AnnexText.key(tx), ky = AnnexText.key(ty)
                    if kx == ky { continue }
                    // Cut or lost on the shorter side — unless that side is the more trusted
                    // one (a typed cell is what the document says; a dump's or a recognizer's
                    // longer text there ran into the next cell).
                    let aShort = kx.count < ky.count
                    let cut = kx.isEmpty || ky.isEmpty || ky.hasPrefix(kx) || kx.hasPrefix(ky)
                    guard cut, (aShort ? a.family <= b.family : b.family <= a.family) else {
                        if !(kx.isEmpty || ky.isEmpty) || a.family != b.family { differing.append(c) }
                        continue
                    }
                    let (short, full) = aShort ? (a, b) : (b, a)
                    let (shortRow, fullRow) = aShort ? (i, j) : (j, i)
                    let (shortText, fullText) = aShort ? (tx, ty) : (ty, tx)
                    out.append(GroupFinding(group: family, key: "annex.cell_lost@\(c.rawValue)" + key, code: "annex.cell_lost", severity: .info,
                        field: "indicators[\(shortRow)].\(c.rawValue)",
                        message: "row \(label(x)): the \(c.rawValue) is " + (shortText.isEmpty ? "missing" : "cut short (\(DiffText.short(shortText, 40)))")
                            + " in \(short.path) (row \(shortRow)); \(full.path) (row \(fullRow)) has it whole: \(DiffText.short(fullText, 40))",
                        values: [reading(a, x, i, cell: c), reading(b, y, j, cell: c)], likelier: full.id,
                        why: "a whole cell over a " + (shortText.isEmpty ? "lost" : "cut") + " one",
                        proposal: Proposal(source: short.id, field: "indicators[\(shortRow)].\(c.rawValue)", replaces: shortText, value: fullText, from: full.id)))
                }
                guard !differing.isEmpty else { continue }
                let (l, w) = trust(a, b)
                if differing.contains(.standard), p.change == .targetChanged {
                    out.append(GroupFinding(group: family, key: "annex.target_differs" + key, code: "annex.target_differs", severity: .warning,
                        field: "indicators[\(i)].standard",
                        message: "row \(label(x)): the standard reads \(x.standard ?? "—") in \(a.path) (row \(i)) and \(y.standard ?? "—") in \(b.path) (row \(j))",
                        values: [reading(a, x, i, cell: .standard), reading(b, y, j, cell: .standard)], likelier: l, why: w))
                } else {
                    out.append(GroupFinding(group: family, key: "annex.cell_differs" + key, code: "annex.cell_differs", severity: .warning,
                        field: "indicators[\(i)]",
                        message: "row \(label(x)): the \(differing.map(\.rawValue).joined(separator: " and ")) "
                            + (differing.count == 1 ? "reads" : "read") + " differently: \(DiffText.short(texts(x, differing), 40)) in \(a.path) (row \(i)); \(DiffText.short(texts(y, differing), 40)) in \(b.path) (row \(j))",
                        values: values, likelier: l, why: w))
                }
            }
        }
        return out
    }

    static func trust(_ a: ReviewSource, _ b: ReviewSource) -> (String?, String?) {
        if a.family == b.family { return (nil, nil) }
        let (hi, lo) = a.family > b.family ? (a, b) : (b, a)
        return (hi.id, "a \(hi.family.label) source over the \(lo.family.label) one")
    }

    static func reading(_ s: ReviewSource, _ i: Indicator, _ index: Int?, cell: FieldPath.IndicatorCell? = nil) -> SourceReading {
        let value = cell.map { FieldAccess.indicatorCell(i, $0) ?? "" } ?? cells(i)
        return SourceReading(source: s.id, path: s.path, family: s.family, value: value, provenance: i.provenance,
                             doubt: FieldAccess.confidenceDoubt(i.provenance))
    }

    static func label(_ i: Indicator?) -> String {
        guard let i else { return "—" }
        return DiffText.short(i.subitem ?? i.standard ?? i.requirement ?? "", 24)
    }

    static func place(_ i: Indicator) -> String {
        [i.category, i.item].compactMap { $0 }.map { DiffText.short($0, 20) }.joined(separator: " / ")
    }

    /// The given cells' texts, `—` for an empty one.
    static func texts(_ i: Indicator, _ cells: [FieldPath.IndicatorCell]) -> String {
        cells.map { c in FieldAccess.indicatorCell(i, c).flatMap { $0.isEmpty ? nil : $0 } ?? "—" }.joined(separator: " | ")
    }

    static func cells(_ i: Indicator) -> String {
        [i.subitem, i.standard].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " | ")
    }
}

/// The numbers of an annex's items (1、社区助老服务 → 1) per category, to see where a
/// conversion lost an item: a list that goes 1, 3 skips 2.
struct ItemNumbering {
    private var sequence: [String: [Int]] = [:]  // category → item numbers in order of appearance
    private var categoryOf: [String: String] = [:]

    init(_ indicators: [Indicator]) {
        for i in indicators {
            guard let item = i.item, let n = Self.leadingNumber(item) else { continue }
            let cat = i.category ?? ""
            categoryOf[item] = cat
            if sequence[cat]?.last != n { sequence[cat, default: []].append(n) }
        }
    }

    func number(_ item: String?) -> Int? { item.flatMap(Self.leadingNumber) }

    /// The number the list skips right after this item's (1 then 3: 2), or nil.
    func skipsAfter(_ item: String?) -> Int? {
        guard let item, let n = Self.leadingNumber(item), let seq = sequence[categoryOf[item] ?? ""],
              let at = seq.firstIndex(of: n), at + 1 < seq.count, seq[at + 1] > n + 1 else { return nil }
        return n + 1
    }

    static func leadingNumber(_ s: String) -> Int? {
        let t = s.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        let digits = t.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let next = t.dropFirst(digits.count).first, "、.．)".contains(next) else { return nil }
        return Int(digits)
    }
}

/// Annex cell text as copies are compared: list labels inside the text (`1.` `2、` `(3)`) set
/// aside, as one conversion keeps them and another drops them, then letters and digits only.
enum AnnexText {
    static func key(_ s: String) -> String {
        let chars = Array(s.precomposedStringWithCompatibilityMapping)
        var out: [Character] = []
        var k = 0
        while k < chars.count {
            // (3) or (12)
            if chars[k] == "(", k + 2 < chars.count, chars[k + 1].isASCII, chars[k + 1].isNumber {
                var e = k + 1
                while e < chars.count, e - k <= 3, chars[e].isASCII, chars[e].isNumber { e += 1 }
                if e < chars.count, chars[e] == ")" { k = e + 1; continue }
            }
            // 1. or 2、 not inside a number (1.5) and not after a digit (100.)
            if chars[k].isASCII, chars[k].isNumber, k == 0 || !(chars[k - 1].isASCII && chars[k - 1].isNumber) {
                var e = k
                while e < chars.count, e - k < 2, chars[e].isASCII, chars[e].isNumber { e += 1 }
                if e < chars.count, chars[e] == "." || chars[e] == "、", !(e + 1 < chars.count && chars[e + 1].isASCII && chars[e + 1].isNumber) {
                    k = e + 1; continue
                }
            }
            out.append(chars[k])
            k += 1
        }
        return CopyComparison.key(String(out))
    }
}
