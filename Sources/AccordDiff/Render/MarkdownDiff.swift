import Foundation
import AccordModel

/// A Markdown report of a diff, for a ticket or an e-mail (GitHub-flavoured tables): the two
/// sides, a summary, the money table (item | before | after | Δ | % | share), the payments as
/// runs of months, the indicator changes as a table, the amended clauses of a supplementary
/// agreement, and the findings. Cells escape `|` and write line breaks as `<br>`.
public struct MarkdownDiff: Sendable {
    /// Unchanged indicators are counted, not listed, unless asked.
    public var showUnchanged: Bool

    public init(showUnchanged: Bool = false) { self.showUnchanged = showUnchanged }

    public func render(_ d: DocumentDiff) -> String {
        var out: [String] = []
        out += header(d)
        out += summary(d)
        out += money(d.money)
        out += payments(d.payments)
        if d.mode == .amendment || !d.clauses.isEmpty { out += clauses(d.clauses) }
        if d.mode == .documents { out += indicators(d) }
        out += findings(d.findings)
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - Sections

    func header(_ d: DocumentDiff) -> [String] {
        var out: [String] = []
        let title = d.a.title ?? d.b.title
        switch d.mode {
        case .amendment:
            out.append("# accord diff: " + Self.inline(title ?? d.a.path))
            out.append("")
            out.append("One supplementary agreement, `\(Self.code(d.a.path))`: its original (原合同) terms against its amended (现变更为) terms.")
        case .documents:
            out.append("# accord diff: " + Self.inline(title ?? "\(d.a.path) → \(d.b.path)"))
            out.append("")
            out.append("Document A's terms against document B's (each side's amended terms where it amends).")
        }
        out.append("")
        out.append("| | A | B |")
        out.append("| --- | --- | --- |")
        out.append(Self.row(["file", "`\(Self.code(d.a.path, inTable: true))`", "`\(Self.code(d.b.path, inTable: true))`"]))
        out.append(Self.row(["kind", Self.cell("\(d.a.documentKind), \(d.a.terms) terms"), Self.cell("\(d.b.documentKind), \(d.b.terms) terms")]))
        if d.a.projectCode != nil || d.b.projectCode != nil {
            out.append(Self.row(["project code", Self.cell(d.a.projectCode ?? "—"), Self.cell(d.b.projectCode ?? "—")]))
        }
        if d.a.lot != nil || d.b.lot != nil {
            out.append(Self.row(["lot", Self.cell(d.a.lot ?? "—"), Self.cell(d.b.lot ?? "—")]))
        }
        if d.mode == .documents, d.a.title != nil || d.b.title != nil, d.a.title != d.b.title {
            out.append(Self.row(["title", Self.cell(d.a.title ?? "—"), Self.cell(d.b.title ?? "—")]))
        }
        out.append(Self.row(["sha256", "`\(d.a.sha256.prefix(12))…`", "`\(d.b.sha256.prefix(12))…`"]))
        return out
    }

    func summary(_ d: DocumentDiff) -> [String] {
        var out = ["", "## Summary", ""]
        if let m = d.money.amount {
            if m.before != m.after {
                out.append("- **Amount**: \(DiffText.number(m.before)) → \(DiffText.number(m.after)) (\(DiffText.signed(m.delta))"
                           + (m.percent.map { ", \(DiffText.percent($0))" } ?? "") + ")")
            } else {
                out.append("- **Amount**: \(DiffText.number(m.before)), unchanged")
            }
        }
        let lines = d.money.budget.filter { $0.change != "unchanged" }.count
        if !d.money.budget.isEmpty {
            out.append("- **Budget lines**: \(lines) of \(d.money.budget.count) changed")
        }
        if d.payments.months.isEmpty {
            out.append("- **Payments**: no schedule on either side")
        } else if let first = d.payments.firstDiffering {
            out.append("- **Payments**: differ from \(first) (\(d.summary.monthsChanged) month(s)), cumulative delta \(DiffText.signed(d.payments.cumulativeDelta))")
        } else {
            out.append("- **Payments**: equal in every month")
        }
        if d.mode == .documents {
            let s = d.summary
            var parts = ["\(s.targetChanged) target_changed", "\(s.moved) moved", "\(s.reworded) reworded",
                         "\(s.added) added", "\(s.removed) removed", "\(s.unchanged) unchanged"]
            if s.ambiguous > 0 { parts.append("\(s.ambiguous) ambiguous") }
            var directions: [String] = []
            if s.tightened > 0 { directions.append("\(s.tightened) tightened") }
            if s.loosened > 0 { directions.append("\(s.loosened) loosened") }
            if s.mixed > 0 { directions.append("\(s.mixed) mixed") }
            if s.changed > 0 { directions.append("\(s.changed) changed") }
            out.append("- **Indicators**: " + parts.joined(separator: ", ") + (directions.isEmpty ? "" : " (" + directions.joined(separator: ", ") + ")"))
        } else {
            out.append("- **Amended clauses**: \(d.clauses.count)")
        }
        if !d.findings.isEmpty {
            out.append("- **Findings**: \(d.findings.count)")
        }
        return out
    }

    func money(_ m: MoneyDiff) -> [String] {
        var out = ["", "## Money", ""]
        guard m.amount != nil || m.budgetTotal != nil || !m.budget.isEmpty else {
            out.append("No amount or budget on either side.")
            return out
        }
        out.append("| item | before | after | Δ | % | share before | share after | Δ share |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        func money(_ name: String, _ c: MoneyChange) -> String {
            Self.row([name, DiffText.number(c.before), DiffText.number(c.after), DiffText.signed(c.delta), DiffText.percent(c.percent), "", "", ""])
        }
        if let a = m.amount { out.append(money("**amount**", a)) }
        if let t = m.budgetTotal { out.append(money("budget total", t)) }
        for line in m.budget {
            let name = (line.parent != nil ? "↳ " : "") + Self.cell(line.item) + (line.change == "unchanged" || line.change == "changed" ? "" : " (\(line.change))")
            let share = { (s: Decimal?) in s.map { DiffText.number($0) + " %" } ?? "" }
            let shareDelta = line.share.delta.map { $0 == 0 ? "0" : DiffText.signed($0) + " pp" } ?? ""
            out.append(Self.row([name, DiffText.number(line.amount.before), DiffText.number(line.amount.after),
                                 DiffText.signed(line.amount.delta), DiffText.percent(line.amount.percent),
                                 share(line.share.before), share(line.share.after), shareDelta]))
        }
        return out
    }

    func payments(_ p: PaymentsDiff) -> [String] {
        var out = ["", "## Payments", ""]
        guard !p.months.isEmpty else {
            out.append("No payment schedule on either side.")
            return out
        }
        let start = p.months.first?.month ?? "", end = p.months.last?.month ?? ""
        if let first = p.firstDiffering {
            if start < first, let prev = p.months.last(where: { $0.month < first })?.month {
                out.append("Equal \(start) through \(prev); different from **\(first)**.")
            } else {
                out.append("Different from the first month, **\(first)**.")
            }
        } else {
            out.append("Equal in every month (\(start)..\(end)).")
        }
        out.append("")
        out.append("| months | before | after | Δ a month | cumulative Δ |")
        out.append("| --- | ---: | ---: | ---: | ---: |")
        for run in DiffText.monthRuns(p.months) {
            let months = run.from == run.to ? run.from : "\(run.from)..\(run.to)"
            out.append(Self.row([months, DiffText.number(run.before), DiffText.number(run.after),
                                 DiffText.signed(run.delta), DiffText.signed(run.cumulative)]))
        }
        out.append(Self.row(["**total**", DiffText.number(p.totalBefore), DiffText.number(p.totalAfter),
                             "", DiffText.signed(p.cumulativeDelta)]))
        return out
    }

    func clauses(_ clauses: [ClauseChange]) -> [String] {
        var out = ["", "## Amended clauses", ""]
        guard !clauses.isEmpty else {
            out.append("No amended clause was read.")
            return out
        }
        for (n, c) in clauses.enumerated() {
            if n > 0 { out.append("") }
            out.append("### " + Self.inline(c.clause ?? "(clause)") + " (`\(c.field)`)")
            out.append("")
            out.append("- **before**: " + Self.inline(c.before))
            out.append("- **after**: " + (c.after.map(Self.inline) ?? "—"))
        }
        return out
    }

    func indicators(_ d: DocumentDiff) -> [String] {
        var out = ["", "## Indicators", ""]
        let listed = d.indicators.filter { showUnchanged || $0.change != .unchanged }
        let unchanged = d.indicators.count - d.indicators.filter { $0.change != .unchanged }.count
        if d.indicators.isEmpty {
            out.append("No indicators on either side.")
            return out
        }
        if listed.isEmpty {
            out.append("All \(d.indicators.count) indicators unchanged.")
            return out
        }
        out.append("| a# | b# | change | direction | indicator | before | after | size | similarity |")
        out.append("| ---: | ---: | --- | --- | --- | --- | --- | --- | ---: |")
        for p in listed { out.append(indicatorRow(p)) }
        if !showUnchanged && unchanged > 0 {
            out.append("")
            out.append("\(unchanged) unchanged indicator(s) not listed.")
        }
        return out
    }

    func indicatorRow(_ p: IndicatorPair) -> String {
        var before: [String] = [], after: [String] = [], size: [String] = []
        switch p.change {
        case .added:
            after.append(Self.targetsOrStandard(p.after))
        case .removed:
            before.append(Self.targetsOrStandard(p.before))
        case .unchanged:
            before.append(Self.targetsOrStandard(p.before))
            after.append(Self.targetsOrStandard(p.after))
        case .reworded, .targetChanged, .moved:
            if p.moved {
                before.append("in " + Self.place(p.before))
                after.append("in " + Self.place(p.after))
            }
            for t in p.targets where t.direction != .none {
                before.append(DiffText.target(t.before))
                after.append(DiffText.target(t.after))
                size.append([t.direction.rawValue, DiffText.size(t)].filter { !$0.isEmpty }.joined(separator: " "))
            }
            // The standard's text, when it was reworded without a target changing (a changed
            // target is the change to show).
            if p.reworded, size.isEmpty, let a = p.before?.standard, let b = p.after?.standard, a != b {
                before.append(DiffText.short(a, 60))
                after.append(DiffText.short(b, 60))
            } else if p.reworded, p.change == .reworded {
                before.append(DiffText.short(p.before?.subitem ?? p.before?.requirement ?? "", 60))
                after.append(DiffText.short(p.after?.subitem ?? p.after?.requirement ?? "", 60))
            }
        }
        var label = Self.cell(DiffText.label(p.after ?? p.before, limit: 24))
        if !p.ambiguousWith.isEmpty {
            label += " ⚠ ambiguous: also like " + p.ambiguousWith.map { "\($0.side)#\($0.index) (\(String(format: "%.2f", $0.similarity)))" }.joined(separator: ", ")
        }
        let similarity = p.change == .added || p.change == .removed ? "" : String(format: "%.2f", p.similarity)
        return Self.row([p.indexA.map(String.init) ?? "", p.indexB.map(String.init) ?? "", p.change.rawValue,
                         p.direction == .none ? "" : p.direction.rawValue, label,
                         Self.cell(before.joined(separator: "\n")), Self.cell(after.joined(separator: "\n")), Self.cell(size.joined(separator: "\n")), similarity])
    }

    func findings(_ f: [DiffFinding]) -> [String] {
        guard !f.isEmpty else { return [] }
        var out = ["", "## Findings", ""]
        for x in f { out.append("- **\(x.severity.rawValue)** `\(x.code)`: " + Self.inline(x.message)) }
        return out
    }

    // MARK: - Text

    static func targetsOrStandard(_ i: Indicator?) -> String {
        guard let i else { return "—" }
        if !i.targets.isEmpty { return i.targets.map { DiffText.target($0) }.joined(separator: "; ") }
        return DiffText.short(i.standard ?? "—", 60)
    }

    static func place(_ i: Indicator?) -> String {
        [i?.category, i?.item].compactMap { $0 }.map { DiffText.short($0, 24) }.joined(separator: " / ")
    }

    /// One table row of cells already written in Markdown (data text goes through `cell`).
    static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }

    /// Plain text as a table cell: Markdown and HTML characters escaped (`|` as `\|`, so the
    /// cell does not end), line breaks as `<br>`, surrounding white space trimmed.
    static func cell(_ s: String) -> String {
        escape(s.trimmingCharacters(in: .whitespacesAndNewlines))
            .replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "<br>")
    }

    /// Plain text in a heading or a list item: escaped, on one line.
    static func inline(_ s: String) -> String {
        escape(s).replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    /// Characters Markdown or HTML would read as markup: `\ | * _ ` ~` escaped with a
    /// backslash, `<` `>` `&` as entities (a `<p>` left in a cell stays text).
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "\\", "|", "*", "_", "`", "~": out += "\\" + String(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Text inside a code span: a backquote would end it.
    /// In a table cell, a `|` must be escaped even there (GitHub reads the table's cells first).
    static func code(_ s: String, inTable: Bool = false) -> String {
        let flat = s.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ")
        return inTable ? flat.replacingOccurrences(of: "|", with: "\\|") : flat
    }
}
