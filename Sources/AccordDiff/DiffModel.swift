import Foundation
import AccordModel

/// What changed between two canonical records (or, for one supplementary agreement, between its
/// original and its amended terms): the result of align → classify, before any rendering.
/// Encoded as JSON it is what schemas/accord-diff.schema.json describes.
public struct DocumentDiff: Codable, Sendable {
    public enum Mode: String, Codable, Sendable {
        /// Two documents: A's terms (amended where A amends) against B's.
        case documents
        /// One supplementary agreement: its 原合同 values against its 现变更为 values.
        case amendment
    }
    public var mode: Mode
    public var a: Side
    public var b: Side
    public var indicators: [IndicatorPair]
    public var money: MoneyDiff
    public var payments: PaymentsDiff
    /// The amended clauses, for a supplementary agreement (mode `amendment`).
    public var clauses: [ClauseChange]
    public var findings: [DiffFinding]
    public var summary: DiffSummary

    public init(mode: Mode, a: Side, b: Side, indicators: [IndicatorPair], money: MoneyDiff, payments: PaymentsDiff, clauses: [ClauseChange], findings: [DiffFinding], summary: DiffSummary) {
        self.mode = mode; self.a = a; self.b = b; self.indicators = indicators; self.money = money; self.payments = payments; self.clauses = clauses; self.findings = findings; self.summary = summary
    }

    public struct Side: Codable, Sendable, Hashable {
        public var path: String
        public var sha256: String
        public var documentKind: String
        public var projectCode: String?
        public var lot: String?
        public var title: String?
        /// `original` or `amended`: which of the document's terms this side stands for.
        public var terms: String

    public init(path: String, sha256: String, documentKind: String, projectCode: String?, lot: String?, title: String?, terms: String) {
        self.path = path; self.sha256 = sha256; self.documentKind = documentKind; self.projectCode = projectCode; self.lot = lot; self.title = title; self.terms = terms
    }
    }
}

/// How one indicator pair changed.
public enum IndicatorChange: String, Codable, Sendable, CaseIterable {
    case added, removed, unchanged, reworded
    case targetChanged = "target_changed"
    case moved
}

/// Which way a target (or an indicator's targets together) moved, for the service provider's
/// obligation: `tightened` asks more of it, `loosened` less; `changed` when the two cannot be
/// compared (another unit, period or kind of bound); `mixed` when an indicator's targets went
/// both ways.
public enum Direction: String, Codable, Sendable {
    case tightened, loosened, changed, mixed, none
}

public struct IndicatorPair: Codable, Sendable {
    public var change: IndicatorChange
    public var direction: Direction
    /// How alike the two indicators' texts are, 0…1 (1 for added and removed: nothing to compare).
    public var similarity: Double
    /// Places in each document's indicator list (0-based, packages in order), null on the missing side.
    public var indexA: Int?
    public var indexB: Int?
    public var before: Indicator?
    public var after: Indicator?
    public var targets: [TargetChange]
    /// The category or item differs (the class is `moved` unless a target changed too).
    public var moved: Bool
    /// The text differs beyond white space, punctuation, numbering and cut cells.
    public var reworded: Bool
    /// Fields whose text one side has only in part (a cell cut short): compared as far as it goes.
    public var cutFields: [String]
    /// Other indicators of the other side that fit this one almost as well: the pairing may be wrong.
    public var ambiguousWith: [Alternative]

    public init(change: IndicatorChange, direction: Direction, similarity: Double, indexA: Int?, indexB: Int?, before: Indicator?, after: Indicator?, targets: [TargetChange], moved: Bool, reworded: Bool, cutFields: [String], ambiguousWith: [Alternative]) {
        self.change = change; self.direction = direction; self.similarity = similarity; self.indexA = indexA; self.indexB = indexB; self.before = before; self.after = after; self.targets = targets; self.moved = moved; self.reworded = reworded; self.cutFields = cutFields; self.ambiguousWith = ambiguousWith
    }

    private enum CodingKeys: String, CodingKey {
        case change, direction, similarity, indexA, indexB, before, after, targets, moved, reworded, cutFields, ambiguousWith
    }

    /// Every key written, null where a side has none (schemas/accord-diff.schema.json).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(change, forKey: .change); try c.encode(direction, forKey: .direction)
        try c.encode(similarity, forKey: .similarity); try c.encode(indexA, forKey: .indexA); try c.encode(indexB, forKey: .indexB)
        try c.encode(before, forKey: .before); try c.encode(after, forKey: .after); try c.encode(targets, forKey: .targets)
        try c.encode(moved, forKey: .moved); try c.encode(reworded, forKey: .reworded); try c.encode(cutFields, forKey: .cutFields)
        try c.encode(ambiguousWith, forKey: .ambiguousWith)
    }

    public struct Alternative: Codable, Sendable, Hashable {
        /// `a` or `b`: the document the other candidate is in.
        public var side: String
        public var index: Int
        public var similarity: Double

    public init(side: String, index: Int, similarity: Double) {
        self.side = side; self.index = index; self.similarity = similarity
    }
    }
}

public struct TargetChange: Codable, Sendable {
    public var before: Target?
    public var after: Target?
    public var direction: Direction
    /// (after − before) ÷ before, on the compared basis; null when not comparable.
    public var relative: Decimal?
    /// after ÷ before, on the compared basis.
    public var ratio: Decimal?
    /// What was compared when the periods differ: `per month`.
    public var basis: String?
    /// The target is missing on a side whose standard was cut short: not a change.
    public var cut: Bool

    public init(before: Target?, after: Target?, direction: Direction, relative: Decimal?, ratio: Decimal?, basis: String?, cut: Bool) {
        self.before = before; self.after = after; self.direction = direction; self.relative = relative; self.ratio = ratio; self.basis = basis; self.cut = cut
    }

    private enum CodingKeys: String, CodingKey { case before, after, direction, relative, ratio, basis, cut }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(before, forKey: .before); try c.encode(after, forKey: .after); try c.encode(direction, forKey: .direction)
        try c.encode(relative, forKey: .relative); try c.encode(ratio, forKey: .ratio); try c.encode(basis, forKey: .basis)
        try c.encode(cut, forKey: .cut)
    }
}

public struct MoneyChange: Codable, Sendable, Hashable {
    public var before: Decimal?
    public var after: Decimal?
    public var delta: Decimal?
    /// delta ÷ before × 100, to two decimals.
    public var percent: Decimal?

    public init(before: Decimal?, after: Decimal?, delta: Decimal?, percent: Decimal?) {
        self.before = before; self.after = after; self.delta = delta; self.percent = percent
    }

    private enum CodingKeys: String, CodingKey { case before, after, delta, percent }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(before, forKey: .before); try c.encode(after, forKey: .after)
        try c.encode(delta, forKey: .delta); try c.encode(percent, forKey: .percent)
    }
}

public struct ShareChange: Codable, Sendable, Hashable {
    public var before: Decimal?
    public var after: Decimal?
    /// In percentage points.
    public var delta: Decimal?

    public init(before: Decimal?, after: Decimal?, delta: Decimal?) {
        self.before = before; self.after = after; self.delta = delta
    }

    private enum CodingKeys: String, CodingKey { case before, after, delta }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(before, forKey: .before); try c.encode(after, forKey: .after); try c.encode(delta, forKey: .delta)
    }
}

public struct BudgetLineChange: Codable, Sendable {
    public var item: String
    public var parent: String?
    public var amount: MoneyChange
    public var share: ShareChange
    /// `added`, `removed`, `changed` or `unchanged`.
    public var change: String

    public init(item: String, parent: String?, amount: MoneyChange, share: ShareChange, change: String) {
        self.item = item; self.parent = parent; self.amount = amount; self.share = share; self.change = change
    }
}

public struct MoneyDiff: Codable, Sendable {
    public var amount: MoneyChange?
    public var budgetTotal: MoneyChange?
    public var budget: [BudgetLineChange]

    public init(amount: MoneyChange?, budgetTotal: MoneyChange?, budget: [BudgetLineChange]) {
        self.amount = amount; self.budgetTotal = budgetTotal; self.budget = budget
    }

    private enum CodingKeys: String, CodingKey { case amount, budgetTotal, budget }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(amount, forKey: .amount); try c.encode(budgetTotal, forKey: .budgetTotal); try c.encode(budget, forKey: .budget)
    }
}

public struct MonthChange: Codable, Sendable, Hashable {
    /// YYYY-MM
    public var month: String
    public var before: Decimal
    public var after: Decimal
    public var delta: Decimal
    /// Σ delta up to and including this month.
    public var cumulative: Decimal

    public init(month: String, before: Decimal, after: Decimal, delta: Decimal, cumulative: Decimal) {
        self.month = month; self.before = before; self.after = after; self.delta = delta; self.cumulative = cumulative
    }
}

public struct PaymentsDiff: Codable, Sendable {
    public var months: [MonthChange]
    /// The first month whose payment differs, null when none does.
    public var firstDiffering: String?
    public var totalBefore: Decimal
    public var totalAfter: Decimal
    public var cumulativeDelta: Decimal

    public init(months: [MonthChange], firstDiffering: String?, totalBefore: Decimal, totalAfter: Decimal, cumulativeDelta: Decimal) {
        self.months = months; self.firstDiffering = firstDiffering; self.totalBefore = totalBefore; self.totalAfter = totalAfter; self.cumulativeDelta = cumulativeDelta
    }

    private enum CodingKeys: String, CodingKey { case months, firstDiffering, totalBefore, totalAfter, cumulativeDelta }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(months, forKey: .months); try c.encode(firstDiffering, forKey: .firstDiffering)
        try c.encode(totalBefore, forKey: .totalBefore); try c.encode(totalAfter, forKey: .totalAfter)
        try c.encode(cumulativeDelta, forKey: .cumulativeDelta)
    }
}

public struct ClauseChange: Codable, Sendable {
    public var clause: String?
    public var field: String
    public var before: String
    public var after: String?

    public init(clause: String?, field: String, before: String, after: String?) {
        self.clause = clause; self.field = field; self.before = before; self.after = after
    }
}

public struct DiffFinding: Codable, Sendable, Hashable {
    public var code: String
    public var severity: Severity
    public var message: String

    public init(code: String, severity: Severity, message: String) {
        self.code = code; self.severity = severity; self.message = message
    }
}

public struct DiffSummary: Codable, Sendable, Hashable {
    public var added = 0, removed = 0, unchanged = 0, reworded = 0, targetChanged = 0, moved = 0
    public var ambiguous = 0
    public var tightened = 0, loosened = 0, mixed = 0, changed = 0
    /// Money lines (amount, total, budget lines) whose amount or share changed.
    public var moneyChanged = 0
    public var monthsChanged = 0

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case added, removed, unchanged, reworded, targetChanged = "target_changed", moved, ambiguous,
             tightened, loosened, mixed, changed, moneyChanged, monthsChanged
    }
}
