import Foundation
import AccordModel

/// A value of a canonical record that review compares, merges and corrects, named as the user
/// types it: `supplier`, `amount.amended`, `budget[督导经费].original.amount`, `indicators[12].standard`.
public enum FieldPath: Hashable, Sendable, CustomStringConvertible {
    /// A text field of the contract: title, projectName, projectCode, lot, buyer, supplier,
    /// originalSignedDate, period.start, period.end.
    case text(TextField)
    /// `amount.original` / `amount.amended` (元).
    case amount(amended: Bool)
    /// `budgetTotal.original` / `budgetTotal.amended` (元).
    case budgetTotal(amended: Bool)
    /// A budget line's amount (元) or share (%), by the line's item name.
    case budget(item: String, amended: Bool, share: Bool)
    /// A payment schedule as a whole (compared, not corrected).
    case schedule(amended: Bool)
    /// A text cell of the n-th indicator (0-based over all packages, as `accord diff` numbers them).
    case indicator(index: Int, cell: IndicatorCell)

    public enum TextField: String, CaseIterable, Sendable {
        case title, projectName, projectCode, lot, buyer, supplier, originalSignedDate
        case periodStart = "period.start", periodEnd = "period.end"
    }

    public enum IndicatorCell: String, CaseIterable, Sendable {
        case category, item, requirement, subitem, standard
    }

    public var description: String {
        switch self {
        case .text(let f): f.rawValue
        case .amount(let amended): "amount." + (amended ? "amended" : "original")
        case .budgetTotal(let amended): "budgetTotal." + (amended ? "amended" : "original")
        case .budget(let item, let amended, let share): "budget[\(item)]." + (amended ? "amended" : "original") + (share ? ".share" : ".amount")
        case .schedule(let amended): "payments." + (amended ? "amended" : "original")
        case .indicator(let i, let cell): "indicators[\(i)].\(cell.rawValue)"
        }
    }

    /// Whether the value is money or a share (a decimal), rather than text.
    public var isNumber: Bool {
        switch self {
        case .amount, .budgetTotal, .budget: true
        default: false
        }
    }

    /// Reads a path as typed (a leading `contract.` is allowed); nil when it names no field.
    public init?(parsing raw: String) {
        var s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("contract.") { s.removeFirst("contract.".count) }
        if let f = TextField(rawValue: s) { self = .text(f); return }
        switch s {
        case "amount.original": self = .amount(amended: false); return
        case "amount.amended": self = .amount(amended: true); return
        case "budgetTotal.original": self = .budgetTotal(amended: false); return
        case "budgetTotal.amended": self = .budgetTotal(amended: true); return
        case "payments.original": self = .schedule(amended: false); return
        case "payments.amended": self = .schedule(amended: true); return
        default: break
        }
        if s.hasPrefix("budget["), let close = s.lastIndex(of: "]") {
            let item = String(s[s.index(s.startIndex, offsetBy: 7)..<close])
            let rest = s[s.index(after: close)...]
            let parts = rest.split(separator: ".").map(String.init)
            guard !item.isEmpty, parts.count == 2, ["original", "amended"].contains(parts[0]), ["amount", "share"].contains(parts[1]) else { return nil }
            self = .budget(item: item, amended: parts[0] == "amended", share: parts[1] == "share"); return
        }
        if s.hasPrefix("indicators["), let close = s.firstIndex(of: "]") {
            let number = s[s.index(s.startIndex, offsetBy: 11)..<close]
            let rest = s[s.index(after: close)...]
            guard let i = Int(number), i >= 0, rest.hasPrefix("."), let cell = IndicatorCell(rawValue: String(rest.dropFirst())) else { return nil }
            self = .indicator(index: i, cell: cell); return
        }
        return nil
    }

    /// The forms `init(parsing:)` accepts, for help texts and error messages.
    public static let forms = "title, projectName, projectCode, lot, buyer, supplier, originalSignedDate, period.start, "
        + "period.end, amount.original, amount.amended, budgetTotal.original, budgetTotal.amended, "
        + "budget[ITEM].original.amount (or .share, or amended), indicators[N].standard (or .subitem, "
        + ".requirement, .item, .category; N as accord diff numbers the rows, from 0)"
}
