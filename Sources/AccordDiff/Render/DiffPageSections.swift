import Foundation
import AccordModel
import Plot

/// The page's sections: header, summary, money, payments, amended clauses, indicators, findings.
extension DiffPageBuilder {
    // MARK: - Header

    func header() -> Body {
        let heading = amendment
            ? "accord diff · one supplementary agreement: original (原合同) → amended (现变更为) terms"
            : "accord diff · A against B"
        return .header(
            .class("top"),
            .h1(.text(heading)),
            .div(.class("sides"), sideCard(d.a, .a), sideCard(d.b, .b))
        )
    }

    func sideCard(_ side: DocumentDiff.Side, _ s: Side) -> Body {
        var facts: [Node<HTML.DescriptionListContext>] = [
            .dt(.text("sha256")), .dd(.code(.title(side.sha256), .text(String(side.sha256.prefix(12)) + "…"))),
            .dt(.text("kind")), .dd(.text(side.documentKind)),
            .dt(.text("terms")), .dd(.text(side.terms)),
        ]
        if let title = side.title { facts += [.dt(.text("title")), .dd(.text(title))] }
        if let code = side.projectCode { facts += [.dt(.text("project")), .dd(.text(code))] }
        if let lot = side.lot { facts += [.dt(.text("lot")), .dd(.text(lot))] }
        return .div(
            .class("side side-\(s.rawValue)"),
            .div(.class("path"), .span(.class("who"), .text(name(s))), .text(" " + side.path)),
            .dl(.group(facts))
        )
    }

    // MARK: - Summary

    func summary() -> Body {
        let s = d.summary
        var chips: [Body] = []
        func chip(_ count: Int, _ label: String, _ cls: String) {
            chips.append(.span(.class("chip \(cls)" + (count == 0 ? " zero" : "")),
                               .b(.text(String(count))), .text(" " + label)))
        }
        if amendment {
            chip(d.clauses.count, "amended clauses", "c-target_changed")
        } else {
            chip(s.targetChanged, "target_changed", "c-target_changed")
            chip(s.reworded, "reworded", "c-reworded")
            chip(s.moved, "moved", "c-moved")
            chip(s.added, "added", "c-added")
            chip(s.removed, "removed", "c-removed")
            chip(s.unchanged, "unchanged", "c-unchanged")
            chip(s.ambiguous, "ambiguous", "c-ambiguous")
        }
        var directions: [Body] = []
        if !amendment {
            for (count, label) in [(s.tightened, "tightened"), (s.loosened, "loosened"), (s.mixed, "mixed"), (s.changed, "changed")] {
                directions.append(.span(.class("chip d-\(label)" + (count == 0 ? " zero" : "")), .b(.text(String(count))), .text(" " + label)))
            }
        }
        var money: [Body] = [
            .span(.class("chip" + (s.moneyChanged == 0 ? " zero" : " c-target_changed")), .b(.text(String(s.moneyChanged))), .text(" money lines changed")),
            .span(.class("chip" + (s.monthsChanged == 0 ? " zero" : " c-target_changed")), .b(.text(String(s.monthsChanged))), .text(" months changed")),
        ]
        if let first = d.payments.firstDiffering {
            money.append(.a(.class("chip c-target_changed"), .href("#first-differing"), .text("first differing month " + first)))
        }
        return .section(
            .id("summary"),
            .h2(.text("Summary")),
            .div(.class("chips"), .span(.class("what"), .text(amendment ? "clauses" : "indicators")), .group(chips)),
            .if(!directions.isEmpty, .div(.class("chips"), .span(.class("what"), .text("direction")), .group(directions))),
            .div(.class("chips"), .span(.class("what"), .text("money")), .group(money)),
            jumpList(),
            legend()
        )
    }

    /// Links to every change on the page.
    func jumpList() -> Body {
        var links: [Body] = []
        if let m = d.money.amount, m.before != m.after { links.append(.a(.href("#money-amount"), .text("amount"))) }
        if let m = d.money.budgetTotal, m.before != m.after { links.append(.a(.href("#money-total"), .text("budget total"))) }
        for (i, line) in d.money.budget.enumerated() where line.change != "unchanged" {
            links.append(.a(.class("c-\(Self.budgetClass(line.change))"), .href("#money-budget-\(i)"), .text(line.item)))
        }
        if d.payments.firstDiffering != nil { links.append(.a(.href("#first-differing"), .text("payments"))) }
        for i in d.clauses.indices { links.append(.a(.href("#clause-\(i)"), .text(d.clauses[i].clause ?? "clause \(i + 1)"))) }
        for (k, pair) in d.indicators.enumerated() where pair.change != .unchanged {
            let label = DiffText.short(DiffText.label(pair.after ?? pair.before, limit: 10), 28)
            links.append(.a(.class("c-\(pair.change.rawValue)"), .href("#ind-\(k)"), .title(DiffPage.attr(pair.change.rawValue)),
                            .text(label.isEmpty ? "indicator \(k + 1)" : label)))
        }
        guard !links.isEmpty else { return .p(.class("nochange"), .text("No change.")) }
        return .nav(.class("jump"), .span(.class("what"), .text("changes")), .group(links))
    }

    func legend() -> Body {
        .div(.class("legend"),
             .span(.class("what"), .text("colours")),
             .span(.class("chip c-added"), .text("added")),
             .span(.class("chip c-removed"), .text("removed")),
             .span(.class("chip c-target_changed"), .text("changed (row)")),
             .span(.class("chip"), .span(.class("hit"), .text("changed value"))),
             .span(.class("chip c-reworded"), .text("reworded")),
             .span(.class("chip c-moved"), .text("moved")),
             .span(.class("chip d-tightened"), .text("tightened")),
             .span(.class("chip d-loosened"), .text("loosened")))
    }

    // MARK: - Money

    static func budgetClass(_ change: String) -> String {
        switch change {
        case "added": return "added"
        case "removed": return "removed"
        case "unchanged": return "unchanged"
        default: return "target_changed"
        }
    }

    func money() -> Body {
        var rows: [Rows] = []
        if let m = d.money.amount {
            rows.append(moneyRow(id: "money-amount", label: "contract amount", m, nil, change: m.before == m.after ? "unchanged" : "changed",
                                 amountProvenance(.a), amountProvenance(.b)))
        }
        if let m = d.money.budgetTotal {
            rows.append(moneyRow(id: "money-total", label: "budget total", m, nil, change: m.before == m.after ? "unchanged" : "changed",
                                 budgetTotalProvenance(.a), budgetTotalProvenance(.b)))
        }
        for (i, line) in d.money.budget.enumerated() {
            let label = (line.parent.map { "\($0) › " } ?? "") + line.item
            rows.append(moneyRow(id: "money-budget-\(i)", label: label, line.amount, line.share, change: line.change,
                                 budgetProvenance(.a, item: line.item, parent: line.parent),
                                 budgetProvenance(.b, item: line.item, parent: line.parent), child: line.parent != nil))
        }
        guard !rows.isEmpty else {
            return .section(.id("money"), .h2(.text("Money")), .p(.class("nochange"), .text("No amount or budget on either side.")))
        }
        return .section(
            .id("money"),
            .h2(.text("Money")),
            .table(
                .class("hl money"),
                .thead(.tr(.th(.text("")), .th(.text(name(.a))), .th(.text(name(.b))), .th(.text("Δ")), .th(.text("%")))),
                .tbody(.group(rows))
            )
        )
    }

    func moneyRow(id: String, label: String, _ m: MoneyChange, _ share: ShareChange?, change: String,
                  _ pa: Provenance?, _ pb: Provenance?, child: Bool = false) -> Rows {
        let cls = Self.budgetClass(change)
        let changed = cls != "unchanged"
        func value(_ v: Decimal?, _ sh: Decimal?) -> String {
            guard v != nil || sh != nil else { return "—" }
            return DiffText.number(v) + (sh.map { " (\(DiffText.number($0)) %)" } ?? "")
        }
        let before = value(m.before, share?.before), after = value(m.after, share?.after)
        let amountChanged = m.before != m.after, shareChanged = share.map { $0.before != $0.after } ?? false
        let valueClass = changed && cls == "target_changed" && (amountChanged || shareChanged) ? " hitcell" : ""
        var delta: [Body] = [.text(m.before != nil && m.after != nil ? DiffText.signed(m.delta) : "")]
        if let s = share?.delta, s != 0 { delta += [.br(), .small(.text("share " + DiffText.signed(s) + " pp"))] }
        return .tr(
            .id(id),
            .class("row c-\(cls)" + (child ? " child" : "")),
            .th(.a(.class("anchor"), .href("#" + id), .text(label)), changed ? sourceLinks(pa, pb, id: id) : .empty),
            .td(.class("val side-a" + (cls == "added" ? " empty" : valueClass)), .div(.class("v"), .text(cls == "added" ? "" : before)),
                cls == "added" ? .empty : (changed ? source(pa, .a, id: id + "-a") : tooltip(pa, .a))),
            .td(.class("val side-b" + (cls == "removed" ? " empty" : valueClass)), .div(.class("v"), .text(cls == "removed" ? "" : after)),
                cls == "removed" ? .empty : (changed ? source(pb, .b, id: id + "-b") : tooltip(pb, .b))),
            .td(.class("num"), .group(delta)),
            .td(.class("num"), .text(DiffText.percent(m.percent)))
        )
    }

    /// The locator only, the snippet as its tooltip (for values that did not change).
    func tooltip(_ p: Provenance?, _ s: Side) -> Body {
        guard let p else { return .empty }
        let loc = DiffPage.locator(p.locator)
        return .div(.class("src quiet"), .title(DiffPage.attr("\(name(s)) \(loc)\n\(p.text)")), .code(.class("loc"), .text(loc)))
    }

    // MARK: - Payments

    func payments() -> Body {
        let p = d.payments
        guard !p.months.isEmpty else {
            return .section(.id("payments"), .h2(.text("Payments, month by month")), .p(.class("nochange"), .text("No payment schedule on either side.")))
        }
        var rows: [Rows] = []
        for run in DiffText.monthRuns(p.months) {
            let count = Self.monthCount(run.from, run.to)
            let months = run.from == run.to ? run.from : "\(run.from) … \(run.to)"
            let first = run.from == p.firstDiffering
            let id = first ? "first-differing" : "pay-\(run.from)"
            let changed = run.delta != 0
            let pa = paymentProvenance(.a, month: run.from), pb = paymentProvenance(.b, month: run.from)
            rows.append(.tr(
                .id(id),
                .class("row " + (changed ? "c-target_changed" : "c-unchanged") + (first ? " first" : "")),
                .th(.a(.class("anchor"), .href("#" + id), .text(months)),
                    .small(.text(count > 1 ? " (\(count) months)" : "")),
                    first ? .span(.class("badge first"), .text("first differing month")) : .empty,
                    changed ? sourceLinks(pa, pb, id: id) : .empty),
                .td(.class("val side-a" + (changed ? " hitcell" : "")), .div(.class("v"), .text(DiffText.number(run.before))),
                    changed ? source(pa, .a, id: id + "-a") : tooltip(pa, .a)),
                .td(.class("val side-b" + (changed ? " hitcell" : "")), .div(.class("v"), .text(DiffText.number(run.after))),
                    changed ? source(pb, .b, id: id + "-b") : tooltip(pb, .b)),
                .td(.class("num"), .text(changed ? DiffText.signed(run.delta) + (count > 1 ? " a month" : "") : "0")),
                .td(.class("num"), .text(DiffText.signed(run.cumulative)))
            ))
        }
        rows.append(.tr(
            .class("row total"),
            .th(.text("total")),
            .td(.class("val"), .div(.class("v"), .text(DiffText.number(p.totalBefore)))),
            .td(.class("val"), .div(.class("v"), .text(DiffText.number(p.totalAfter)))),
            .td(.class("num"), .text(DiffText.signed(p.cumulativeDelta))),
            .td(.class("num"), .text(""))
        ))
        let note: Body
        if let first = p.firstDiffering {
            note = .p(.text("The first month that differs is \(first) (highlighted); the months before it are equal."))
        } else {
            note = .p(.class("nochange"), .text("Equal in every month."))
        }
        return .section(
            .id("payments"),
            .h2(.text("Payments, month by month")),
            note,
            .table(
                .class("hl payments"),
                .thead(.tr(.th(.text("months")), .th(.text(name(.a) + " a month")), .th(.text(name(.b) + " a month")),
                           .th(.text("Δ")), .th(.text("cumulative Δ")))),
                .tbody(.group(rows))
            )
        )
    }

    static func monthCount(_ from: String, _ to: String) -> Int {
        func index(_ s: String) -> Int? {
            let p = s.split(separator: "-")
            guard p.count == 2, let y = Int(p[0]), let m = Int(p[1]) else { return nil }
            return y * 12 + m - 1
        }
        guard let a = index(from), let b = index(to) else { return 1 }
        return b - a + 1
    }

    // MARK: - Amended clauses

    func clauses() -> Body {
        guard !d.clauses.isEmpty else { return .empty }
        var rows: [Rows] = []
        for (i, c) in d.clauses.enumerated() {
            let id = "clause-\(i)"
            let p = clauseProvenance(i)
            rows.append(.tr(
                .id(id),
                .class("row " + (c.after == nil ? "c-removed" : "c-target_changed")),
                .th(.a(.class("anchor"), .href("#" + id), .text(c.clause ?? "clause \(i + 1)")),
                    .div(.class("field"), .text(c.field)), sourceLinks(p.before, p.after, id: id)),
                .td(.class("val side-a"), .div(.class("text"), .text(c.before)), source(p.before, .a, id: id + "-a", quote: false)),
                .td(.class("val side-b" + (c.after == nil ? " empty" : "")), .div(.class("text"), .text(c.after ?? "")),
                    c.after == nil ? .empty : source(p.after, .b, id: id + "-b", quote: false))
            ))
        }
        return .section(
            .id("clauses"),
            .h2(.text("Amended clauses")),
            .table(.class("hl clauses"),
                   .thead(.tr(.th(.text("clause")), .th(.text("原合同 (original)")), .th(.text("现变更为 (amended)")))),
                   .tbody(.group(rows)))
        )
    }

    // MARK: - Indicators

    func indicators() -> Body {
        guard !amendment else { return .empty }
        let changed = d.indicators.enumerated().filter { $0.element.change != .unchanged }
        let unchanged = d.indicators.enumerated().filter { $0.element.change == .unchanged }
        let head: Rows = .thead(.tr(.th(.class("side-a"), .text("A · indicator")), .th(.class("mid"), .text("change")),
                                    .th(.class("side-b"), .text("B · indicator"))))
        var nodes: [Body] = [.h2(.text("Indicators, side by side"))]
        if changed.isEmpty {
            nodes.append(.p(.class("nochange"), .text(d.indicators.isEmpty ? "No indicator on either side." : "No indicator changed.")))
        } else {
            nodes.append(.table(.class("hl indicators"), head, .tbody(.group(changed.map { changedRow($0.offset, $0.element) }))))
        }
        if !unchanged.isEmpty {
            nodes.append(.details(
                .class("unchanged"),
                .summary(.text("\(unchanged.count) unchanged indicator\(unchanged.count == 1 ? "" : "s") (show)")),
                .table(.class("hl indicators quiet"), head, .tbody(.group(unchanged.map { unchangedRow($0.offset, $0.element) })))
            ))
        }
        return .section(.id("indicators"), .group(nodes))
    }

    func changedRow(_ k: Int, _ pair: IndicatorPair) -> Rows {
        let id = "ind-\(k)"
        let cls = pair.change.rawValue
        let pa = pair.before?.provenance, pb = pair.after?.provenance
        return .tr(
            .id(id),
            .class("row c-\(cls)"),
            .td(.class("ind side-a" + (pair.before == nil ? " empty" : "")),
                indicatorCell(pair.before, pair, .a),
                pair.before == nil ? .empty : source(pa, .a, id: id + "-a")),
            .td(.class("mid"), changeCell(pair, id: id)),
            .td(.class("ind side-b" + (pair.after == nil ? " empty" : "")),
                indicatorCell(pair.after, pair, .b),
                pair.after == nil ? .empty : source(pb, .b, id: id + "-b"))
        )
    }

    func unchangedRow(_ k: Int, _ pair: IndicatorPair) -> Rows {
        .tr(
            .id("ind-\(k)"),
            .class("row c-unchanged"),
            .td(.class("ind side-a"), indicatorCell(pair.before, pair, .a), tooltip(pair.before?.provenance, .a)),
            .td(.class("mid"), .span(.class("badge c-unchanged"), .text("unchanged")),
                .div(.class("meta"), .text("similarity " + String(format: "%.2f", pair.similarity)))),
            .td(.class("ind side-b"), indicatorCell(pair.after, pair, .b), tooltip(pair.after?.provenance, .b))
        )
    }

    /// An indicator as the document has it: category / item, the number and sub-item, and the
    /// standard with the changed targets marked.
    func indicatorCell(_ i: Indicator?, _ pair: IndicatorPair, _ s: Side) -> Body {
        guard let i else { return .div(.class("absent"), .text(s == .a ? "(not in A)" : "(not in B)")) }
        let where_ = [i.category, i.item].compactMap { $0 }.filter { !$0.isEmpty }.map { DiffText.short($0, 40) }.joined(separator: " / ")
        let movedHere = pair.moved
        let sub = [i.number, i.subitem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let marks = pair.targets.filter { $0.direction != .none && !$0.cut }.compactMap { (s == .a ? $0.before : $0.after)?.text }.filter { !$0.isEmpty }
        let standardChanged = pair.reworded && (pair.before?.standard != pair.after?.standard)
        return .group(
            .div(.class("where" + (movedHere ? " hitcell" : "")), .text(where_.isEmpty ? "—" : where_)),
            .if(!sub.isEmpty, .div(.class("sub"), .text(DiffText.short(sub, 140)))),
            .div(.class("std" + (standardChanged && marks.isEmpty ? " reworded" : "")), .group(Self.marked(i.standard ?? "", marks)))
        )
    }

    /// Whether the two indicators' texts differ elsewhere than in the changed targets' own words.
    static func reworded(beyondTargets pair: IndicatorPair) -> Bool {
        guard let a = pair.before, let b = pair.after else { return false }
        func squeeze(_ s: String?) -> String { (s ?? "").filter { !$0.isWhitespace && !$0.isPunctuation } }
        var sa = a.standard ?? "", sb = b.standard ?? ""
        for t in pair.targets where t.direction != .none {
            if let x = t.before?.text, !x.isEmpty { sa = sa.replacingOccurrences(of: x, with: "") }
            if let x = t.after?.text, !x.isEmpty { sb = sb.replacingOccurrences(of: x, with: "") }
        }
        return squeeze(sa) != squeeze(sb) || squeeze(a.subitem) != squeeze(b.subitem) || squeeze(a.requirement) != squeeze(b.requirement)
    }

    /// `text` with each of `marks` (first occurrence, in order) wrapped in a highlighted span.
    static func marked(_ text: String, _ marks: [String]) -> [Body] {
        guard !text.isEmpty else { return [.text("—")] }
        var ranges: [Range<String.Index>] = []
        for m in marks {
            var from = text.startIndex
            while let r = text.range(of: m, range: from..<text.endIndex) {
                if !ranges.contains(where: { $0.overlaps(r) }) { ranges.append(r); break }
                from = r.upperBound
            }
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var out: [Body] = [], at = text.startIndex
        for r in ranges {
            if at < r.lowerBound { out.append(.text(String(text[at..<r.lowerBound]))) }
            out.append(.span(.class("hit"), .text(String(text[r]))))
            at = r.upperBound
        }
        if at < text.endIndex { out.append(.text(String(text[at...]))) }
        return out
    }

    /// The middle column: class, direction, each target's before → after with its size, the
    /// similarity, a move, ambiguity, and links to both sides' sources.
    func changeCell(_ pair: IndicatorPair, id: String) -> Body {
        var nodes: [Body] = [
            .a(.class("badge c-\(pair.change.rawValue)"), .href("#" + id), .text(pair.change.rawValue)),
        ]
        if pair.direction != .none {
            nodes.append(.span(.class("badge d-\(pair.direction.rawValue)"), .text(pair.direction.rawValue)))
        }
        let targets = pair.targets.filter { $0.direction != .none }
        if !targets.isEmpty {
            nodes.append(.ul(.class("tgts"), .forEach(targets) { t in
                .li(.span(.class("old"), .text(DiffText.target(t.before))), .text(" → "), .span(.class("new"), .text(DiffText.target(t.after))),
                    .text(" "), .span(.class("d-\(t.direction.rawValue)"), .text(t.direction.rawValue)),
                    .text(DiffText.size(t).isEmpty ? "" : " " + DiffText.size(t)))
            }))
        }
        if pair.moved {
            let from = [pair.before?.category, pair.before?.item].compactMap { $0 }.map { DiffText.short($0, 20) }.joined(separator: " / ")
            let to = [pair.after?.category, pair.after?.item].compactMap { $0 }.map { DiffText.short($0, 20) }.joined(separator: " / ")
            nodes.append(.div(.class("moved"), .text("moved: \(from) → \(to)")))
        }
        if pair.reworded && pair.change != .reworded && Self.reworded(beyondTargets: pair) {
            nodes.append(.div(.class("meta"), .text("text reworded too")))
        }
        if !pair.cutFields.isEmpty { nodes.append(.div(.class("meta"), .text("cut short: " + pair.cutFields.joined(separator: ", ")))) }
        if pair.before != nil && pair.after != nil {
            nodes.append(.div(.class("meta"), .text("similarity " + String(format: "%.2f", pair.similarity)
                                                    + " · a#\(pair.indexA.map(String.init) ?? "–") b#\(pair.indexB.map(String.init) ?? "–")")))
        }
        if !pair.ambiguousWith.isEmpty {
            let alts = pair.ambiguousWith.map { "\($0.side)#\($0.index) (\(String(format: "%.2f", $0.similarity)))" }.joined(separator: ", ")
            nodes.append(.div(.class("amb"), .text("ambiguous: also like " + alts)))
        }
        nodes.append(sourceLinks(pair.before?.provenance, pair.after?.provenance, id: id))
        return .group(nodes)
    }

    // MARK: - Findings

    func findings() -> Body {
        guard !d.findings.isEmpty else { return .empty }
        return .section(
            .id("findings"),
            .h2(.text("Findings")),
            .ul(.class("findings"), .forEach(d.findings) { f in
                .li(.class("sev-\(f.severity.rawValue)"), .span(.class("badge"), .text(f.severity.rawValue)),
                    .code(.text(f.code)), .text(" " + f.message))
            })
        )
    }
}
