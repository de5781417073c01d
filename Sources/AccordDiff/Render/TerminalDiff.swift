import Foundation
import AccordModel

/// The default rendering: a readable report for a terminal, changed values as old → new,
/// coloured on a TTY (added green, removed red, changed yellow, loosened red, tightened green).
public struct TerminalDiff: Sendable {
    public var color: Bool
    /// Unchanged indicators are counted, not listed, unless asked.
    public var showUnchanged: Bool

    public init(color: Bool, showUnchanged: Bool = false) { self.color = color; self.showUnchanged = showUnchanged }

    enum Paint: String { case green = "32", red = "31", yellow = "33", bold = "1", dim = "2" }

    func paint(_ s: String, _ p: Paint) -> String { color ? "\u{1B}[\(p.rawValue)m\(s)\u{1B}[0m" : s }

    func direction(_ d: Direction) -> String {
        switch d {
        case .tightened: return paint("tightened", .green)
        case .loosened: return paint("loosened", .red)
        case .mixed, .changed: return paint(d.rawValue, .yellow)
        case .none: return ""
        }
    }

    public func render(_ d: DocumentDiff) -> String {
        var out: [String] = []
        func side(_ s: DocumentDiff.Side) -> String {
            "\(s.path) (\(s.documentKind), \(s.terms) terms" + (s.lot.map { ", \($0)" } ?? "") + ")"
        }
        out.append(paint("accord diff", .bold) + (d.mode == .amendment ? " of one supplementary agreement: original → amended" : ""))
        out.append("  A: " + side(d.a))
        out.append("  B: " + side(d.b))

        out.append("")
        out.append(paint("Money", .bold))
        func moneyLine(_ name: String, _ m: MoneyChange?) {
            guard let m else { return }
            let changed = m.before != m.after
            let values = changed ? "\(DiffText.number(m.before)) → \(DiffText.number(m.after))" : DiffText.number(m.before)
            out.append("  " + pad(name, 14) + (changed ? paint(values, .yellow) + "   \(DiffText.signed(m.delta)) (\(DiffText.percent(m.percent)))" : values + "   unchanged"))
        }
        if d.money.amount == nil && d.money.budgetTotal == nil && d.money.budget.isEmpty { out.append("  not compared (see findings)") }
        moneyLine("amount", d.money.amount)
        moneyLine("budget total", d.money.budgetTotal)
        if !d.money.budget.isEmpty {
            out.append("  budget lines:")
            for line in d.money.budget {
                let name = (line.parent != nil ? "  " : "") + line.item
                let share = { (s: Decimal?) in s.map { " (\(DiffText.number($0))%)" } ?? "" }
                let before = DiffText.number(line.amount.before) + share(line.share.before)
                let after = DiffText.number(line.amount.after) + share(line.share.after)
                switch line.change {
                case "unchanged": out.append("    " + pad(name, 20) + before + "   unchanged")
                case "added": out.append(paint("  + ", .green) + pad(name, 20) + paint(after, .green))
                case "removed": out.append(paint("  - ", .red) + pad(name, 20) + paint(before, .red))
                default:
                    var delta = "   \(DiffText.signed(line.amount.delta))"
                    if let p = line.amount.percent { delta += " (\(DiffText.percent(p)))" }
                    if let s = line.share.delta, s != 0 { delta += ", share \(DiffText.signed(s)) pp" }
                    out.append("    " + pad(name, 20) + paint("\(before) → \(after)", .yellow) + delta)
                }
            }
        }

        out.append("")
        out.append(paint("Payments", .bold) + " (month by month)")
        let p = d.payments
        if p.months.isEmpty {
            out.append("  not compared: no schedule on both sides")
        } else if let first = p.firstDiffering {
            if let start = p.months.first?.month, start < first {
                let prev = p.months.last { $0.month < first }?.month ?? start
                out.append("  equal \(start) through \(prev)")
            }
            for run in DiffText.monthRuns(p.months.filter { $0.month >= first }) {
                let months = run.from == run.to ? run.from : "\(run.from)..\(run.to)"
                let each = run.from == run.to ? "" : " a month"
                if run.delta == 0 {
                    out.append("  " + pad(months, 18) + "\(DiffText.number(run.before)) (equal)")
                } else {
                    out.append("  " + pad(months, 18) + paint("\(DiffText.number(run.before)) → \(DiffText.number(run.after))", .yellow)
                               + "   \(DiffText.signed(run.delta))\(each), cumulative \(DiffText.signed(run.cumulative))")
                }
            }
        } else {
            out.append("  equal in every month (\(p.months.first?.month ?? "")..\(p.months.last?.month ?? ""))")
        }
        if !p.months.isEmpty {
            out.append("  total " + DiffText.number(p.totalBefore) + " → " + DiffText.number(p.totalAfter) + ", cumulative delta " + DiffText.signed(p.cumulativeDelta))
        }

        if !d.clauses.isEmpty {
            out.append("")
            out.append(paint("Amended clauses", .bold))
            for c in d.clauses {
                out.append("  " + (c.clause ?? "(clause)") + " [\(c.field)]")
                out.append(paint("    - " + DiffText.short(c.before, 120), .red))
                if let after = c.after { out.append(paint("    + " + DiffText.short(after, 120), .green)) }
            }
        }

        if d.mode == .documents {
            out.append("")
            let s = d.summary
            out.append(paint("Indicators", .bold) + ": \(s.targetChanged) target_changed, \(s.moved) moved, \(s.reworded) reworded, "
                       + "\(s.added) added, \(s.removed) removed, \(s.unchanged) unchanged"
                       + (s.ambiguous > 0 ? "; \(s.ambiguous) ambiguous" : ""))
            for pair in d.indicators where showUnchanged || pair.change != .unchanged {
                out += indicator(pair)
            }
        }

        if !d.findings.isEmpty {
            out.append("")
            out.append(paint("Findings", .bold))
            for f in d.findings { out.append("  \(f.severity.rawValue) \(f.code): \(f.message)") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    func indicator(_ p: IndicatorPair) -> [String] {
        var lines: [String] = []
        let where_ = "a#\(p.indexA.map(String.init) ?? "-") b#\(p.indexB.map(String.init) ?? "-")"
        switch p.change {
        case .added:
            lines.append(paint("  + added", .green) + "  \(DiffText.label(p.after))  [\(where_)]")
            if let s = p.after?.standard { lines.append("      " + paint(DiffText.short(s, 80), .green)) }
        case .removed:
            lines.append(paint("  - removed", .red) + "  \(DiffText.label(p.before))  [\(where_)]")
            if let s = p.before?.standard { lines.append("      " + paint(DiffText.short(s, 80), .red)) }
        default:
            let head = "  ~ \(p.change.rawValue)" + (p.direction == .none ? "" : " \(direction(p.direction))")
            lines.append(paint(head, .yellow) + "  \(DiffText.label(p.after ?? p.before))  [\(where_), similarity \(String(format: "%.2f", p.similarity))]")
            if p.moved {
                let from = [p.before?.category, p.before?.item].compactMap { $0 }.joined(separator: " / ")
                let to = [p.after?.category, p.after?.item].compactMap { $0 }.joined(separator: " / ")
                lines.append("      moved: \(from) → \(to)")
            }
            for t in p.targets where t.direction != .none {
                lines.append("      \(DiffText.target(t.before)) → \(DiffText.target(t.after))  \(direction(t.direction)) \(DiffText.size(t))")
            }
            if p.reworded {
                for (name, a, b) in DiffText.rewordedFields(p) {
                    lines.append("      \(name): " + paint(DiffText.short(a, 60), .red) + " → " + paint(DiffText.short(b, 60), .green))
                }
            }
            if !p.cutFields.isEmpty { lines.append("      cut or missing on one side (not a change): " + p.cutFields.joined(separator: ", ")) }
        }
        if !p.ambiguousWith.isEmpty {
            lines.append("      ambiguous: also like " + p.ambiguousWith.map { "\($0.side)#\($0.index) (\(String(format: "%.2f", $0.similarity)))" }.joined(separator: ", "))
        }
        return lines
    }

    func pad(_ s: String, _ width: Int) -> String {
        let w = s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) }
        return s + String(repeating: " ", count: max(1, width - w))
    }
}
