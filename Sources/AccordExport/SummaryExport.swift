import Foundation
import AccordModel

/// A human-readable view of a canonical record.
public enum SummaryExport {
    public static func render(_ doc: CanonicalDocument) -> String {
        var out: [String] = []
        out.append("\(doc.source.path)  [\(doc.source.format), \(doc.source.encoding ?? "binary")]  \(doc.documentKind.rawValue)")
        if let c = doc.contract {
            func line(_ label: String, _ v: SourcedString?) { if let v { out.append("  \(label): \(v.value)\(conf(v.provenance))") } }
            line("title", c.title); line("project", c.projectName); line("code", c.projectCode); line("lot", c.lot)
            line("buyer", c.buyer); line("supplier", c.supplier); line("signed", c.originalSignedDate)
            if let p = c.period { out.append("  period: \(p.start?.value ?? "?") – \(p.end?.value ?? "?")") }
            if let a = c.amount {
                func amount(_ m: MoneyValue?, _ u: UnreadAmount?) -> String {
                    money(m?.value) + (m?.basis.map { " [\($0)]" } ?? "") + (m == nil ? u.map { " (read as \($0.figure.value))" } ?? "" : "")
                }
                out.append("  amount: \(amount(a.original, a.originalUnread)) → \(amount(a.amended, a.amendedUnread))"
                           + (a.original.map { conf($0.provenance) } ?? ""))
            }
            if !c.budget.isEmpty {
                out.append("  budget:")
                for b in c.budget {
                    let indent = b.parent == nil ? "    " : "      "
                    out.append("\(indent)\(b.item): \(figure(b.original)) → \(figure(b.amended))")
                }
            }
            if let p = c.payments {
                for (label, spans) in [("original", p.original), ("amended", p.amended)] {
                    guard let spans else { continue }
                    out.append("  payments \(label): " + spans.map { "\($0.from)..\($0.to) @ \(money($0.monthly))\($0.basis.map { " [\($0)]" } ?? "")" }.joined(separator: ", "))
                }
                for (label, unread) in [("original", p.originalUnread), ("amended", p.amendedUnread)] {
                    guard let unread, !unread.isEmpty else { continue }
                    out.append("  payments \(label) unread: " + unread.map { "\($0.from)..\($0.to) @ ? (read as \($0.fee.value))" }.joined(separator: ", "))
                }
            }
            for a in c.amendments {
                out.append("  amendment \(a.clause ?? "-") [\(a.field)]")
            }
            if let f = c.fragment {
                out.append("  fragment: " + [f.beginsMidClause ? "begins mid-clause" : nil, f.endsMidClause ? "ends mid-clause" : nil,
                                            f.pageNumber.map { "page \($0)" }].compactMap { $0 }.joined(separator: ", "))
            }
        }
        for pkg in doc.packages {
            out.append("  package \(pkg.name?.value ?? "(unnamed)"): \(pkg.indicators.count) indicators, "
                       + "\(pkg.indicators.filter { !$0.targets.isEmpty }.count) with targets")
            for ind in pkg.indicators {
                let targets = ind.targets.map { t in
                    "\(t.metric.map { $0 + " " } ?? "")\(t.op.rawValue) \(t.value)\(t.max.map { "–\($0)" } ?? "")\(t.unit)\(t.per.map { "/" + $0 } ?? "")"
                }.joined(separator: "; ")
                out.append("    \(ind.category ?? "-") | \(ind.item ?? "-") | \(ind.number ?? "") \(String((ind.subitem ?? ind.requirement ?? "").prefix(24))) | \(targets.isEmpty ? (ind.standard == nil ? "(no standard)" : "(no target)") : targets)")
            }
        }
        if !doc.report.actions.isEmpty {
            out.append("  cleaning: " + doc.report.actions.map { "\($0.code)×\($0.count)" }.joined(separator: ", "))
        }
        for f in doc.report.findings {
            out.append("  \(f.severity.rawValue.uppercased()) \(f.code): \(f.message)" + (f.provenance.map { " @ \($0.locator.description)" } ?? ""))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func money(_ d: Decimal?) -> String { d.map { "\($0)" } ?? "?" }
    static func conf(_ p: Provenance) -> String { p.confidence < 1 ? String(format: " (confidence %.2f)", p.confidence) : "" }
    static func figure(_ f: BudgetFigure?) -> String {
        guard let f else { return "?" }
        return "\(money(f.amount?.value))" + (f.basis.map { " [\($0)]" } ?? "")
            + (f.amount == nil ? f.unreadable.map { " (read as \($0.value))" } ?? "" : "")
            + (f.share.map { " (\($0.value)%)" } ?? "")
    }
}
