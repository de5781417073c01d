import Foundation
import AccordModel
import AccordDiff

/// One value of one record, as reconciliation compares it.
public struct FieldReading: Sendable, Hashable, Codable {
    public var field: String
    /// The value as shown (money in 元, shares in %, a schedule as `from~to fee; …`).
    public var display: String
    /// What equal values have in common (NFKC letters and digits for text, the exact decimal for money).
    public var key: String
    public var provenance: Provenance?
    /// Why this reading may be wrong (`recognized at confidence 0.85`, `unreadable glyphs 5?400`,
    /// `obtained by repair`), nil when it was read plainly.
    public var doubt: String?
    /// The document's own redundancy confirms it (a 大写 that spells the same amount).
    public var confirmed: Bool

    public init(field: String, display: String, key: String, provenance: Provenance?, doubt: String?, confirmed: Bool = false) {
        self.field = field; self.display = display; self.key = key; self.provenance = provenance
        self.doubt = doubt; self.confirmed = confirmed
    }
}

/// Reading the fields of a record, and setting them (corrections, merged views).
public enum FieldAccess {
    /// Below this recognition confidence a value is doubtful (as `party.doubtful_glyphs` says).
    public static let doubtfulConfidence = 0.9

    /// Every comparable value the record holds.
    public static func readings(_ d: CanonicalDocument) -> [FieldPath: FieldReading] {
        var out: [FieldPath: FieldReading] = [:]
        for f in FieldPath.TextField.allCases { if let r = reading(d, .text(f)) { out[.text(f)] = r } }
        for amended in [false, true] {
            for p in [FieldPath.amount(amended: amended), .budgetTotal(amended: amended), .schedule(amended: amended)] {
                if let r = reading(d, p) { out[p] = r }
            }
            for line in d.contract?.budget ?? [] {
                for share in [false, true] {
                    let p = FieldPath.budget(item: line.item, amended: amended, share: share)
                    if let r = reading(d, p) { out[p] = r }
                }
            }
        }
        return out
    }

    /// The indicators of a record in `accord diff`'s numbering (all packages, in order).
    public static func indicators(_ d: CanonicalDocument) -> [Indicator] { d.packages.flatMap(\.indicators) }

    public static func reading(_ d: CanonicalDocument, _ p: FieldPath) -> FieldReading? {
        guard var r = plainReading(d, p) else { return nil }
        if r.doubt == nil, let cut = clauseDoubt(d.contract, p) { r.doubt = cut; r.confirmed = false }
        return r
    }

    /// A term whose clause the source cut short (a dump's width) or holds only in part (a page
    /// file): what was read there may be incomplete.
    static func clauseDoubt(_ c: Contract?, _ p: FieldPath) -> String? {
        let term: String
        switch p {
        case .amount(let amended): term = "amount." + (amended ? "amended" : "original")
        case .budgetTotal(let amended), .budget(_, let amended, _): term = "budget." + (amended ? "amended" : "original")
        case .schedule(let amended): term = "payments." + (amended ? "amended" : "original")
        default: return nil
        }
        let base = String(term.prefix { $0 != "." })
        if let cut = c?.truncatedTerms, cut.contains(term) || cut.contains(base) { return "its clause is cut short in the source" }
        if let partial = c?.fragment?.partialTerms, partial.contains(term) || partial.contains(base) { return "its clause is only partly in this file" }
        return nil
    }

    static func plainReading(_ d: CanonicalDocument, _ p: FieldPath) -> FieldReading? {
        let c = d.contract
        switch p {
        case .text(let f):
            guard let s = textField(c, f) else { return nil }
            return FieldReading(field: p.description, display: s.value, key: CopyComparison.key(s.value), provenance: s.provenance,
                                doubt: confidenceDoubt(s.provenance))
        case .amount(let amended):
            let unread = amended ? c?.amount?.amendedUnread : c?.amount?.originalUnread
            guard let m = amended ? c?.amount?.amended : c?.amount?.original else {
                guard let unread else { return nil }
                return FieldReading(field: p.description, display: unread.figure.value, key: "?" + unread.figure.value,
                                    provenance: unread.figure.provenance, doubt: "unreadable glyphs in \(unread.figure.value)")
            }
            let doubt = m.basis.map { "obtained by \($0)" } ?? confidenceDoubt(m.provenance)
            return FieldReading(field: p.description, display: DiffText.number(m.value), key: DiffText.number(m.value), provenance: m.provenance,
                                doubt: doubt, confirmed: m.uppercaseValue == m.value)
        case .budgetTotal(let amended):
            guard let s = amended ? c?.budgetTotal?.amended : c?.budgetTotal?.original else { return nil }
            return FieldReading(field: p.description, display: DiffText.number(s.value), key: DiffText.number(s.value), provenance: s.provenance,
                                doubt: confidenceDoubt(s.provenance))
        case .budget(let item, let amended, let share):
            guard let line = budgetLine(c, item), let fig = amended ? line.amended : line.original else { return nil }
            if share {
                guard let s = fig.share else { return nil }
                return FieldReading(field: p.description, display: DiffText.number(s.value) + "%", key: DiffText.number(s.value), provenance: s.provenance,
                                    doubt: confidenceDoubt(s.provenance))
            }
            guard let a = fig.amount else {
                guard let u = fig.unreadable else { return nil }
                return FieldReading(field: p.description, display: u.value, key: "?" + u.value, provenance: u.provenance,
                                    doubt: "unreadable glyphs in \(u.value)")
            }
            return FieldReading(field: p.description, display: DiffText.number(a.value), key: DiffText.number(a.value), provenance: a.provenance,
                                doubt: fig.basis.map { "obtained by \($0)" } ?? confidenceDoubt(a.provenance))
        case .schedule(let amended):
            guard let spans = amended ? c?.payments?.amended : c?.payments?.original, !spans.isEmpty else { return nil }
            let text = spans.map { ($0.from == $0.to ? $0.from : "\($0.from)~\($0.to)") + " " + DiffText.number($0.monthly) }.joined(separator: "; ")
            let unread = (amended ? c?.payments?.amendedUnread : c?.payments?.originalUnread) ?? []
            let doubt = !unread.isEmpty ? "fees with unreadable glyphs" : spans.compactMap(\.basis).first.map { "a fee obtained by \($0)" }
                ?? spans.lazy.compactMap { confidenceDoubt($0.provenance) }.first
            return FieldReading(field: p.description, display: text, key: text, provenance: spans.first?.provenance, doubt: doubt)
        case .indicator(let i, let cell):
            let all = indicators(d)
            guard i < all.count, let text = indicatorCell(all[i], cell), !text.isEmpty else { return nil }
            return FieldReading(field: p.description, display: text, key: CopyComparison.key(text), provenance: all[i].provenance,
                                doubt: confidenceDoubt(all[i].provenance))
        }
    }

    public static func confidenceDoubt(_ p: Provenance) -> String? {
        p.confidence < doubtfulConfidence ? "recognized at confidence " + String(format: "%.2f", p.confidence) : nil
    }

    static func textField(_ c: Contract?, _ f: FieldPath.TextField) -> SourcedString? {
        guard let c else { return nil }
        switch f {
        case .title: return c.title
        case .projectName: return c.projectName
        case .projectCode: return c.projectCode
        case .lot: return c.lot
        case .buyer: return c.buyer
        case .supplier: return c.supplier
        case .originalSignedDate: return c.originalSignedDate
        case .periodStart: return c.period?.start
        case .periodEnd: return c.period?.end
        }
    }

    static func budgetLine(_ c: Contract?, _ item: String) -> BudgetLine? {
        let key = CopyComparison.key(item)
        return c?.budget.first { CopyComparison.key($0.item) == key }
    }

    static func indicatorCell(_ i: Indicator, _ cell: FieldPath.IndicatorCell) -> String? {
        switch cell {
        case .category: i.category
        case .item: i.item
        case .requirement: i.requirement
        case .subitem: i.subitem
        case .standard: i.standard
        }
    }

}
