import Foundation
import AccordModel
import AccordText

/// Budget lines whose amount could not be read: a figure with unreadable glyphs (`5允400`, `?2000`)
/// or no figure at all beside a share. When the line is the only open one among its siblings (the
/// top-level lines of a total, or the parts of an item), the document's redundancy gives its
/// amount — the total (or the item) less the others:
/// - with unreadable glyphs, that amount is taken only when it fits the glyphs that were read
///   (each unreadable glyph one digit, every readable digit in place) and the line's share:
///   `completed`;
/// - with no figure, only when it is positive and agrees with the line's share: `inferred`.
/// Either is reported (`repair.completed` / `repair.inferred`, warning, citing the total's and the
/// share's places) and the amount's confidence is that of an inferred value. Nothing is guessed:
/// a line that does not fit, or two open lines under one total, stay open, and the checker
/// reports the reading as incomplete (not the document as inconsistent).
public enum BudgetCompletion {
    /// The most unreadable glyphs a figure may have and still be completed.
    static let maxWildcards = 3

    /// Whether a line of `version` has a share or an unreadable figure but no amount.
    public static func isOpen(_ l: BudgetLine, _ version: String) -> Bool {
        guard let f = version == "original" ? l.original : l.amended, f.amount == nil else { return false }
        return f.unreadable != nil || f.share != nil
    }

    static func complete(_ c: inout Contract, _ out: inout [Finding]) {
        for version in ["original", "amended"] {
            let totalValue = version == "original" ? (c.budgetTotal?.original ?? c.amount?.original.map { Sourced($0.value, $0.provenance) })
                                                   : (c.budgetTotal?.amended ?? c.amount?.amended.map { Sourced($0.value, $0.provenance) })
            func fig(_ l: BudgetLine) -> BudgetFigure? { version == "original" ? l.original : l.amended }
            func isOpen(_ l: BudgetLine) -> Bool { Self.isOpen(l, version) }
            // Nothing to do (the common case) costs one pass.
            guard c.budget.contains(where: isOpen) else { continue }
            // Groups: the top-level lines against the total, then each item's parts against it
            // (parts gathered in one pass: a budget may hold thousands of lines of one name).
            var groups: [(members: [Int], whole: SourcedDecimal?, name: String)] = []
            var top: [Int] = [], partsOf: [String: [Int]] = [:]
            for i in c.budget.indices {
                if let p = c.budget[i].parent { partsOf[p, default: []].append(i) } else { top.append(i) }
            }
            groups.append((top, totalValue, "the total"))
            var seen = Set<String>()
            for l in c.budget where seen.insert(l.item).inserted {
                if let parts = partsOf[l.item] { groups.append((parts, fig(l)?.amount, l.item)) }
            }
            for g in groups {
                // The group's lines in this version (a line only in the other version is not one).
                let members = g.members.filter { fig(c.budget[$0]) != nil }
                let open = members.filter { isOpen(c.budget[$0]) }
                guard open.count == 1, let i = open.first, let whole = g.whole, let total = totalValue else { continue }
                let known = members.filter { $0 != i }
                guard known.allSatisfy({ fig(c.budget[$0])?.amount != nil }) else { continue }
                let needed = whole.value - known.reduce(Decimal(0)) { $0 + (fig(c.budget[$1])?.amount?.value ?? 0) }
                guard needed > 0, let f = fig(c.budget[i]) else { continue }
                // Only a recognized reading is completed: in typed text a figure that is not one
                // is the document's own defect, and stays reported.
                guard (f.unreadable?.provenance ?? f.share?.provenance).map({ $0.confidence < Repairer().recognizedBelow }) == true else { continue }
                if let share = f.share, !Repairer.shareAgrees(amount: needed, total: total.value, share: share) { continue }
                var related = [whole.provenance]
                if let share = f.share { related.append(share.provenance) }
                let item = c.budget[i].item
                var figure = f
                if let raw = f.unreadable {
                    guard fits(needed, raw.value) else { continue }
                    var p = raw.provenance
                    p.confidence = min(p.confidence, Repairer.repairedConfidence)
                    figure.amount = Sourced(needed, p)
                    figure.basis = "completed"
                    out.append(Finding(code: "repair.completed", severity: .warning,
                        message: "\(version) budget: \(item) read as \(raw.value) completed to \(needed) 元: the only amount that fits the digits read and makes the lines add up to \(g.name) \(whole.value) 元"
                            + (f.share.map { " (share \($0.value)% agrees)" } ?? ""),
                        provenance: raw.provenance, related: related))
                } else if let share = f.share {
                    var p = share.provenance
                    p.confidence = min(p.confidence, Repairer.repairedConfidence)
                    figure.amount = Sourced(needed, p)
                    figure.basis = "inferred"
                    out.append(Finding(code: "repair.inferred", severity: .warning,
                        message: "\(version) budget: \(item) has no amount in the source; inferred as \(needed) 元, \(g.name) \(whole.value) 元 less the other lines, which its share \(share.value)% agrees with",
                        provenance: share.provenance, related: related))
                } else { continue }
                if version == "original" { c.budget[i].original = figure } else { c.budget[i].amended = figure }
            }
        }
    }

    /// Whether `value` fits a figure read with unreadable glyphs: `5允400 元` (one glyph unreadable),
    /// `?2000元`, `1.2?万元`. Every readable digit must be in place and each unreadable glyph
    /// stands for exactly one digit.
    public static func fits(_ value: Decimal, _ raw: String) -> Bool {
        let trimmed = raw.filter { !$0.isWhitespace && $0 != "," && $0 != "，" }
        var figure = Substring(trimmed)
        var scale = Decimal(1)
        if figure.hasSuffix("万元") { figure = figure.dropLast(2); scale = 10_000 }
        else if figure.hasSuffix("元") { figure = figure.dropLast() }
        guard !figure.isEmpty else { return false }
        let wildcards = figure.filter { !$0.isASCIIDigit && $0 != "." }.count
        guard wildcards >= 1, wildcards <= maxWildcards, figure.filter({ $0 == "." }).count <= 1 else { return false }
        // The value as it would be written in this figure's unit and decimals.
        let decimals = figure.firstIndex(of: ".").map { figure.distance(from: $0, to: figure.endIndex) - 1 } ?? 0
        var scaled = value / scale
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, decimals, .plain)
        guard rounded == scaled else { return false }
        let written = Self.plain(rounded, decimals: decimals)
        guard written.count == figure.count else { return false }
        for (w, f) in zip(written, figure) {
            if f.isASCIIDigit || f == "." { if w != f { return false } }
            else if !w.isASCIIDigit { return false }
        }
        return true
    }

    /// `d` written with exactly `decimals` digits after the point, no grouping.
    static func plain(_ d: Decimal, decimals: Int) -> String {
        var s = "\(d)"
        guard decimals > 0 else { return s }
        if !s.contains(".") { s += "." }
        let have = s.count - 1 - (s.firstIndex(of: ".").map { s.distance(from: s.startIndex, to: $0) } ?? 0)
        return s + String(repeating: "0", count: max(0, decimals - have))
    }
}

private extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
}
