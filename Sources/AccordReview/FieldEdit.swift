import Foundation
import AccordModel
import AccordDiff

/// Why a value cannot be set.
public struct FieldEditError: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// Setting a record's fields: a person's correction, or a value taken from another source of the
/// same agreement into the group's merged view.
public enum FieldEdit {
    /// Sets `p` to `value` as typed (text; money in 元, or with 万/万元; a share in %), with the
    /// provenance given. A budget line or indicator must exist; a contract is made when missing.
    public static func set(_ d: inout CanonicalDocument, _ p: FieldPath, value raw: String, provenance: Provenance) throws(FieldEditError) {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw FieldEditError("\(p): the value is empty") }
        switch p {
        case .text(let f):
            var c = d.contract ?? Contract()
            setText(&c, f, Sourced(value, provenance))
            d.contract = c
        case .amount(let amended):
            let n = try number(value, p)
            var c = d.contract ?? Contract()
            var a = c.amount ?? AmountChange(original: nil, amended: nil)
            let m = MoneyValue(value: n, provenance: provenance)
            if amended { a.amended = m; a.amendedUnread = nil } else { a.original = m; a.originalUnread = nil }
            c.amount = a
            d.contract = c
        case .budgetTotal(let amended):
            let n = try number(value, p)
            var c = d.contract ?? Contract()
            var t = c.budgetTotal ?? BudgetTotal(original: nil, amended: nil)
            if amended { t.amended = Sourced(n, provenance) } else { t.original = Sourced(n, provenance) }
            c.budgetTotal = t
            d.contract = c
        case .budget(let item, let amended, let share):
            let n = try number(value.hasSuffix("%") ? String(value.dropLast()) : value, p)
            guard var c = d.contract, let i = lineIndex(c, item) else { throw FieldEditError("\(p): the record has no budget line \(item)") }
            var fig = (amended ? c.budget[i].amended : c.budget[i].original) ?? BudgetFigure(amount: nil, share: nil)
            if share { fig.share = Sourced(n, provenance) } else { fig.amount = Sourced(n, provenance); fig.unreadable = nil; fig.basis = nil }
            if amended { c.budget[i].amended = fig } else { c.budget[i].original = fig }
            d.contract = c
        case .schedule:
            throw FieldEditError("\(p): a payment schedule is not corrected as one value; correct the amounts it follows from")
        case .indicator(let index, let cell):
            guard let (pk, k) = indicatorPlace(d, index) else {
                throw FieldEditError("\(p): the record has \(FieldAccess.indicators(d).count) indicators (numbered from 0)")
            }
            setCell(&d.packages[pk].indicators[k], cell, value)
        }
    }

    /// Takes `p`'s value, with its provenance, from `source` into `d`; false when `source` has no
    /// such value or `d` no such place (a budget line or indicator it lacks).
    @discardableResult
    public static func copy(_ p: FieldPath, from source: CanonicalDocument, into d: inout CanonicalDocument) -> Bool {
        let sc = source.contract
        switch p {
        case .text(let f):
            guard let v = FieldAccess.textField(sc, f) else { return false }
            var c = d.contract ?? Contract()
            setText(&c, f, v)
            d.contract = c
        case .amount(let amended):
            guard let m = amended ? sc?.amount?.amended : sc?.amount?.original else { return false }
            var c = d.contract ?? Contract()
            var a = c.amount ?? AmountChange(original: nil, amended: nil)
            if amended { a.amended = m; a.amendedUnread = nil } else { a.original = m; a.originalUnread = nil }
            c.amount = a
            d.contract = c
        case .budgetTotal(let amended):
            guard let t = amended ? sc?.budgetTotal?.amended : sc?.budgetTotal?.original else { return false }
            var c = d.contract ?? Contract()
            var total = c.budgetTotal ?? BudgetTotal(original: nil, amended: nil)
            if amended { total.amended = t } else { total.original = t }
            c.budgetTotal = total
            d.contract = c
        case .budget(let item, let amended, let share):
            guard let line = FieldAccess.budgetLine(sc, item), let from = amended ? line.amended : line.original else { return false }
            var c = d.contract ?? Contract()
            var fig: BudgetFigure
            if let i = lineIndex(c, item) {
                fig = (amended ? c.budget[i].amended : c.budget[i].original) ?? BudgetFigure(amount: nil, share: nil)
            } else {
                c.budget.append(BudgetLine(item: line.item, parent: line.parent))
                fig = BudgetFigure(amount: nil, share: nil)
            }
            if share { guard let s = from.share else { return false }; fig.share = s }
            else { guard let a = from.amount else { return false }; fig.amount = a; fig.unreadable = nil; fig.basis = from.basis }
            guard let i = lineIndex(c, item) else { return false }
            if amended { c.budget[i].amended = fig } else { c.budget[i].original = fig }
            d.contract = c
        case .schedule(let amended):
            guard let p = sc?.payments, let spans = amended ? p.amended : p.original else { return false }
            var c = d.contract ?? Contract()
            var pay = c.payments ?? Payments()
            if amended { pay.amended = spans; pay.amendedUnread = nil; pay.amendedStatedTotal = p.amendedStatedTotal }
            else { pay.original = spans; pay.originalUnread = nil; pay.originalStatedTotal = p.originalStatedTotal }
            c.payments = pay
            d.contract = c
        case .indicator:
            return false  // indicators are merged row by row (see GroupMerge), not by number
        }
        return true
    }

    static func setText(_ c: inout Contract, _ f: FieldPath.TextField, _ v: SourcedString) {
        switch f {
        case .title: c.title = v
        case .projectName: c.projectName = v
        case .projectCode: c.projectCode = v
        case .lot: c.lot = v
        case .buyer: c.buyer = v
        case .supplier: c.supplier = v
        case .originalSignedDate: c.originalSignedDate = v
        case .periodStart: c.period = Period(start: v, end: c.period?.end)
        case .periodEnd: c.period = Period(start: c.period?.start, end: v)
        }
    }

    static func setCell(_ i: inout Indicator, _ cell: FieldPath.IndicatorCell, _ v: String) {
        switch cell {
        case .category: i.category = v
        case .item: i.item = v
        case .requirement: i.requirement = v
        case .subitem: i.subitem = v
        case .standard: i.standard = v
        }
    }

    static func lineIndex(_ c: Contract, _ item: String) -> Int? {
        let key = CopyComparison.key(item)
        return c.budget.firstIndex { CopyComparison.key($0.item) == key }
    }

    /// The package and the place in it of the n-th indicator.
    static func indicatorPlace(_ d: CanonicalDocument, _ n: Int) -> (Int, Int)? {
        var rest = n
        for (pk, p) in d.packages.enumerated() {
            if rest < p.indicators.count { return (pk, rest) }
            rest -= p.indicators.count
        }
        return nil
    }

    /// A number as a person types money or a share: `2527273`, `2,527,273`, `252.7273万`, `252.7273万元`, `61.81`.
    static func number(_ raw: String, _ p: FieldPath) throws(FieldEditError) -> Decimal {
        var s = raw.precomposedStringWithCompatibilityMapping.replacingOccurrences(of: ",", with: "")
            .trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("元") { s.removeLast() }
        var scale: Decimal = 1
        if s.hasSuffix("万") { s.removeLast(); scale = 10_000 }
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), s.filter({ $0 == "." }).count <= 1,
              let n = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) else {
            throw FieldEditError("\(p): \(raw) is not an amount (digits, optionally with 万 or 元)")
        }
        return n * scale
    }
}
