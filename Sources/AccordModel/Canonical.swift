import Foundation

/// The canonical record of one document (schemas/accord-document.schema.json).
public struct CanonicalDocument: Codable, Sendable {
    public static let currentSchemaVersion = "1.0"

    public var schemaVersion: String
    public var source: SourceInfo
    public var documentKind: DocumentKind
    public var contract: Contract?
    public var packages: [IndicatorPackage]
    public var report: Report

    public init(schemaVersion: String = CanonicalDocument.currentSchemaVersion, source: SourceInfo,
                documentKind: DocumentKind, contract: Contract?, packages: [IndicatorPackage], report: Report) {
        self.schemaVersion = schemaVersion; self.source = source; self.documentKind = documentKind
        self.contract = contract; self.packages = packages; self.report = report
    }
}

public enum DocumentKind: String, Codable, Sendable { case amendment, contract, requirements, unknown }

public typealias SourcedString = Sourced<String>
public typealias SourcedDecimal = Sourced<Decimal>

public struct Contract: Codable, Sendable {
    public var title: SourcedString?
    public var projectName: SourcedString?
    public var projectCode: SourcedString?
    public var lot: SourcedString?
    public var buyer: SourcedString?
    public var supplier: SourcedString?
    public var originalSignedDate: SourcedString?
    public var period: Period?
    public var amount: AmountChange?
    public var budget: [BudgetLine]
    /// The budget's stated total (经费总额), before and after.
    public var budgetTotal: BudgetTotal?
    public var payments: Payments?
    public var amendments: [Amendment]
    /// Terms whose source text was cut short (`budget.original`, `payments.amended`…): what was
    /// read is kept, but sums over them cannot be checked.
    public var truncatedTerms: [String]?
    /// Set when the text is part of a document only (a page scanned as a file of its own, a
    /// document cut off): checks that need the whole document then warn instead of erring.
    public var fragment: Fragment?

    public init() { budget = []; amendments = [] }
}

/// What shows that a text is a fragment of a document.
public struct Fragment: Codable, Hashable, Sendable {
    /// The text begins inside a clause, or at a later clause, whose start is not in it.
    public var beginsMidClause: Bool
    /// The text stops inside a clause.
    public var endsMidClause: Bool
    /// The page number the text prints itself (a footer such as `- 2 -` or 第2页), when one was read.
    public var pageNumber: Int?
    /// The evidence, one sentence each, with the text it rests on.
    public var evidence: [String]
    /// The terms (`amount`, `budget`, `payments`, or another clause field) whose clause is not
    /// wholly in the text: sums over them may miss what is on pages not read.
    public var partialTerms: [String]?

    public init(beginsMidClause: Bool, endsMidClause: Bool, pageNumber: Int? = nil, evidence: [String]) {
        self.beginsMidClause = beginsMidClause; self.endsMidClause = endsMidClause
        self.pageNumber = pageNumber; self.evidence = evidence
    }
}

public struct Period: Codable, Sendable {
    public var start: SourcedString?
    public var end: SourcedString?
    public init(start: SourcedString?, end: SourcedString?) { self.start = start; self.end = end }
}

/// An amount before and after an amendment (a contract that is not amended fills `original` only).
public struct AmountChange: Codable, Sendable {
    public var original: MoneyValue?
    public var amended: MoneyValue?
    /// An amount whose figure was recognized with unreadable glyphs, per version, kept as read
    /// (with its 大写) until a repair completes it into `original` / `amended`.
    public var originalUnread: UnreadAmount?
    public var amendedUnread: UnreadAmount?
    public init(original: MoneyValue?, amended: MoneyValue?) { self.original = original; self.amended = amended }
}

/// A contract amount recognized with unreadable glyphs in its figure (`2?9万元（大写：贰佰陆拾玖万元整）`).
public struct UnreadAmount: Codable, Sendable {
    /// The figure as recognized, with its unit, and its place.
    public var figure: SourcedString
    public var uppercase: SourcedString?
    public var uppercaseValue: Decimal?
    public init(figure: SourcedString, uppercase: SourcedString? = nil, uppercaseValue: Decimal? = nil) {
        self.figure = figure; self.uppercase = uppercase; self.uppercaseValue = uppercaseValue
    }
}

/// Money in 元 (exact), with the 大写 written beside it when there was one.
public struct MoneyValue: Codable, Sendable {
    public var value: Decimal
    public var provenance: Provenance
    /// The financial-uppercase form as written (cleaned), and its own provenance.
    public var uppercase: SourcedString?
    /// The value the 大写 spells, when it could be read.
    public var uppercaseValue: Decimal?
    /// `completed` when the figure was recognized with unreadable glyphs and the 大写 gave the
    /// value (see `BudgetFigure.basis`); nil when read.
    public var basis: String?

    public init(value: Decimal, provenance: Provenance, uppercase: SourcedString? = nil, uppercaseValue: Decimal? = nil, basis: String? = nil) {
        self.value = value; self.provenance = provenance; self.uppercase = uppercase; self.uppercaseValue = uppercaseValue
        self.basis = basis
    }
}

public struct BudgetLine: Codable, Sendable {
    public var item: String
    /// The item this line is part of (e.g. 持证社工经费 is part of 项目人力费用), if any.
    public var parent: String?
    public var original: BudgetFigure?
    public var amended: BudgetFigure?
    public init(item: String, parent: String? = nil, original: BudgetFigure? = nil, amended: BudgetFigure? = nil) {
        self.item = item; self.parent = parent; self.original = original; self.amended = amended
    }
}

public struct BudgetTotal: Codable, Sendable {
    public var original: SourcedDecimal?
    public var amended: SourcedDecimal?
    public init(original: SourcedDecimal?, amended: SourcedDecimal?) { self.original = original; self.amended = amended }
}

public struct BudgetFigure: Codable, Sendable {
    public var amount: SourcedDecimal?
    /// Percentage of the total as written (61.81 for 61.81%).
    public var share: SourcedDecimal?
    /// The amount as recognized when some of its glyphs are not digits (`5允400`): kept, with its
    /// place, when the amount could not be read; `amount` is then nil unless a repair completed it.
    public var unreadable: SourcedString?
    /// How `amount` was obtained when it was not read as printed: `repaired` (one misread digit
    /// put right), `completed` (unreadable glyphs filled in), `inferred` (the total less the other
    /// lines, checked against the share). Nil when read.
    public var basis: String?
    public init(amount: SourcedDecimal?, share: SourcedDecimal?, unreadable: SourcedString? = nil, basis: String? = nil) {
        self.amount = amount; self.share = share; self.unreadable = unreadable; self.basis = basis
    }
}

public struct Payments: Codable, Sendable {
    public var original: [PaymentSpan]?
    public var amended: [PaymentSpan]?
    /// The total the text states beside each schedule (合计金额).
    public var originalStatedTotal: SourcedDecimal?
    public var amendedStatedTotal: SourcedDecimal?
    /// Month ranges whose fee could not be read (some of its glyphs are not digits), per version:
    /// kept with what was read until a repair completes them; the schedule's sum is then not checked.
    public var originalUnread: [UnreadSpan]?
    public var amendedUnread: [UnreadSpan]?
    public init(original: [PaymentSpan]? = nil, amended: [PaymentSpan]? = nil) { self.original = original; self.amended = amended }
}

/// A month range of a schedule whose fee was recognized with unreadable glyphs (`2O0?20元`).
public struct UnreadSpan: Codable, Sendable {
    /// "YYYY-MM"
    public var from: String
    public var to: String
    /// The fee as recognized, with its unit, and its place.
    public var fee: SourcedString
    public init(from: String, to: String, fee: SourcedString) { self.from = from; self.to = to; self.fee = fee }
}

public struct PaymentSpan: Codable, Sendable {
    /// "YYYY-MM"
    public var from: String
    public var to: String
    public var monthly: Decimal
    public var provenance: Provenance
    /// `completed` when the fee was recognized with unreadable glyphs and filled in from the
    /// amount (see `BudgetFigure.basis`); nil when read.
    public var basis: String?
    public init(from: String, to: String, monthly: Decimal, provenance: Provenance, basis: String? = nil) {
        self.from = from; self.to = to; self.monthly = monthly; self.provenance = provenance; self.basis = basis
    }
}

public struct Amendment: Codable, Sendable {
    /// e.g. "第九条（一）款"
    public var clause: String?
    /// Which canonical field it changes: `amount`, `budget`, `payments`, `indicators`, or `other`.
    public var field: String
    public var before: SourcedString
    public var after: SourcedString?
    public init(clause: String?, field: String, before: SourcedString, after: SourcedString?) {
        self.clause = clause; self.field = field; self.before = before; self.after = after
    }
}

public struct IndicatorPackage: Codable, Sendable {
    public var name: SourcedString?
    /// The heading the package was introduced by, when there was one (e.g. 采购包2.乐至县天池街道仙鹤观社区).
    public var heading: SourcedString?
    public var indicators: [Indicator]
    public init(name: SourcedString?, heading: SourcedString? = nil, indicators: [Indicator]) {
        self.name = name; self.heading = heading; self.indicators = indicators
    }
}

public struct Indicator: Codable, Sendable {
    public var category: String?
    public var item: String?
    public var requirement: String?
    public var subitem: String?
    /// Numbering kept as written, e.g. "(4.1)" or "1.".
    public var number: String?
    /// Cleaned raw text of the quantitative standard.
    public var standard: String?
    public var targets: [Target]
    public var provenance: Provenance
    public init(category: String?, item: String?, requirement: String?, subitem: String?, number: String?,
                standard: String?, targets: [Target], provenance: Provenance) {
        self.category = category; self.item = item; self.requirement = requirement; self.subitem = subitem
        self.number = number; self.standard = standard; self.targets = targets; self.provenance = provenance
    }
}

/// A quantitative target: `metric op value [max] unit [per period]`.
public struct Target: Codable, Hashable, Sendable {
    public enum Op: String, Codable, Sendable { case ge = ">=", le = "<=", eq = "=", range }
    public var metric: String?
    public var op: Op
    public var value: Decimal
    public var max: Decimal?
    public var unit: String
    /// 年 季度 月 周
    public var per: String?
    /// The text fragment the target was read from.
    public var text: String
    public init(metric: String? = nil, op: Op, value: Decimal, max: Decimal? = nil, unit: String, per: String? = nil, text: String) {
        self.metric = metric; self.op = op; self.value = value; self.max = max; self.unit = unit; self.per = per; self.text = text
    }
}

public struct Report: Codable, Sendable {
    public var actions: [CleaningAction]
    public var findings: [Finding]
    public init(actions: [CleaningAction] = [], findings: [Finding] = []) { self.actions = actions; self.findings = findings }
}
