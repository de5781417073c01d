import AccordModel
import AccordText

/// The cells of one indicator-table row by role, filled down from merges, and whether each
/// starts in this row. Five inline slots instead of two dictionaries per row: a row is read
/// for every body row of every indicator table, and the dictionaries cost a hash of the role,
/// an allocation and retains per cell.
struct IndicatorRow {
    private var category, item, requirement, subitem, standard: Cell?
    /// Bit `ordinal(role)` set: that role's cell starts in this row.
    private var starting: UInt8 = 0

    subscript(_ role: IndicatorRole) -> Cell? {
        switch role {
        case .category: category
        case .item: item
        case .requirement: requirement
        case .subitem: subitem
        case .standard: standard
        }
    }

    /// Sets the cell of `role` (a later column with the same role replaces an earlier one).
    mutating func set(_ role: IndicatorRole, _ cell: Cell, startsHere: Bool) {
        switch role {
        case .category: category = cell
        case .item: item = cell
        case .requirement: requirement = cell
        case .subitem: subitem = cell
        case .standard: standard = cell
        }
        let bit = UInt8(1) << Self.ordinal(role)
        if startsHere { starting |= bit } else { starting &= ~bit }
    }

    func startsHere(_ role: IndicatorRole) -> Bool { starting & (UInt8(1) << Self.ordinal(role)) != 0 }

    /// The roles that have a cell, in `IndicatorRole.allCases` order.
    var filled: [IndicatorRole] { IndicatorRole.allCases.filter { self[$0] != nil } }

    /// Whether the cells that start in this row hold only white space (a row of merged
    /// continuations, or an empty one). Paragraph by paragraph, without joining the texts.
    var ownTextIsBlank: Bool {
        for role in IndicatorRole.allCases where startsHere(role) {
            guard let cell = self[role] else { continue }
            for p in cell.paragraphs where !p.text.allSatisfy(\.isWhitespace) { return false }
        }
        return true
    }

    /// Whether there are several cells and all hold the category cell's text (one merged
    /// heading across the row, such as a section title).
    var isRepeatedCategory: Bool {
        guard let cat = category else { return false }
        var count = 0
        for role in IndicatorRole.allCases {
            guard let cell = self[role] else { continue }
            count += 1
            if !Self.sameText(cell, cat) { return false }
        }
        return count > 1
    }

    /// `a.text == b.text` without joining the paragraphs when each cell has one.
    static func sameText(_ a: Cell, _ b: Cell) -> Bool {
        if a.paragraphs.count == 1, b.paragraphs.count == 1 { return a.paragraphs[0].text == b.paragraphs[0].text }
        return a.text == b.text
    }

    private static func ordinal(_ role: IndicatorRole) -> Int {
        switch role {
        case .category: 0
        case .item: 1
        case .requirement: 2
        case .subitem: 3
        case .standard: 4
        }
    }
}
