import Foundation
import AccordModel

/// The indicator pairs as a CSV in daff's highlighter diff format (the tabular diff format,
/// version 0.8: https://paulfitz.github.io/daff-doc/spec.html), so that daff (`daff render`,
/// `daff patch`) and the tools built on it read Accord's alignment instead of their own.
///
/// - The first column is the action column; the first row is the header row, tagged `@@`:
///   `@@,category,item,requirement,number,subitem,standard,targets`. `targets` holds an
///   indicator's parsed targets as written, joined by `; `.
/// - One row per indicator pair, in the diff's order: `+++` added (B's values), `---` removed
///   (A's values), the separator (`->`) for a pair Accord classes `target_changed`, `moved` or
///   `reworded`, whose changed cells are written `old->new` and the others once; an empty action
///   for `unchanged` pairs, written once with A's values (daff's LOCAL table). The action and
///   the cells follow Accord's judgement, not a cell-by-cell string comparison: white space,
///   punctuation, full-width forms, list numbering and a cell cut short are no change (a cut
///   cell is written once, in its longer form; see `cells(_:changed:)`). Every pair is listed
///   (as `daff diff --all` does): no row is left out, so no `...` gap rows appear, and no `:`
///   (reordered) rows — an indicator under another category or item is a `->` row.
/// - As daff does, the separator is `->` unless some cell already contains it; then `-->`
///   (`--->`, …) is used for the whole file, and the action of changed rows is that separator.
/// - An empty cell is an empty string; a text that reads `NULL` (after leading underscores) gets
///   one more leading `_`, daff's escape for a value that would otherwise read as null.
/// - Fields are quoted per RFC 4180 (a field holding a comma, a double quote, CR or LF is
///   enclosed in double quotes and its double quotes doubled) and, as daff does, when it starts
///   or ends with a space; rows end with LF.
///
/// Money (amount, budget lines, payments) is not included: the highlighter format describes one
/// table whose rows share one header, and daff's CSV reader reads one table per file; the amount,
/// budget and month-by-month schedule are in the JSON, Markdown and terminal outputs. A diff of
/// one supplementary agreement alone (mode `amendment`) compares no indicators: its CSV is the
/// header row only.
public enum DaffCSV {
    /// The data columns, after the action column.
    public static let columns = ["category", "item", "requirement", "number", "subitem", "standard", "targets"]

    public static func render(_ d: DocumentDiff) -> String {
        let rows: [(action: Action, cells: [Cell])] = d.indicators.map { p in
            switch p.change {
            case .added: return (.added, (p.after.map(texts) ?? []).map { .same($0) })
            case .removed: return (.removed, (p.before.map(texts) ?? []).map { .same($0) })
            case .unchanged: return (.unchanged, cells(p, changed: false))
            case .reworded, .targetChanged, .moved: return (.changed, cells(p, changed: true))
            }
        }
        let separator = self.separator(for: rows.flatMap { $0.cells.flatMap(\.texts) })

        var out = line(["@@"] + columns)
        for row in rows {
            let action: String
            switch row.action {
            case .added: action = "+++"
            case .removed: action = "---"
            case .unchanged: action = ""
            case .changed: action = separator
            }
            out += line([action] + row.cells.map { cell in
                switch cell {
                case .same(let s): return escapeNull(s)
                case .changed(let old, let new): return escapeNull(old) + separator + escapeNull(new)
                }
            })
        }
        return out
    }

    enum Action { case added, removed, unchanged, changed }

    enum Cell: Equatable {
        case same(String)
        case changed(String, String)
        var texts: [String] {
            switch self {
            case .same(let s): return [s]
            case .changed(let a, let b): return [a, b]
            }
        }
    }

    /// An indicator's cells, in the order of `columns`.
    static func texts(_ i: Indicator) -> [String] {
        [i.category ?? "", i.item ?? "", i.requirement ?? "", i.number ?? "", i.subitem ?? "", i.standard ?? "",
         i.targets.map { DiffText.target($0) }.joined(separator: "; ")]
    }

    /// A pair's cells as Accord judges them: a cell is written `old->new` only when Accord sees a
    /// change there — category and item when the indicator moved, a text field whose letters and
    /// digits differ (white space, punctuation, full-width forms and list numbers do not count)
    /// and that is not a cut copy of the other, the number when its digits differ, the targets
    /// when a target changed. Otherwise it is written once: the longer text of a cut field, A's
    /// text elsewhere. An unchanged pair (`changed` false) is written once throughout.
    static func cells(_ p: IndicatorPair, changed: Bool) -> [Cell] {
        let a = p.before.map(texts) ?? Array(repeating: "", count: columns.count)
        let b = p.after.map(texts) ?? Array(repeating: "", count: columns.count)
        let targetsChanged = p.targets.contains { $0.direction != .none }
        return columns.indices.map { k in
            let name = columns[k], x = a[k], y = b[k]
            if x == y { return .same(x) }
            if p.cutFields.contains(name) { return .same(x.count >= y.count ? x : y) }
            guard changed else { return .same(x) }
            let differs: Bool
            switch name {
            case "category", "item": differs = p.moved && TextKey(x) != TextKey(y)
            case "number": differs = digits(x) != digits(y)
            case "targets": differs = targetsChanged
            default: differs = TextKey(x) != TextKey(y)
            }
            return differs ? .changed(x, y) : .same(x)
        }
    }

    static func digits(_ s: String) -> String {
        String(s.precomposedStringWithCompatibilityMapping.filter { $0.isLetter || $0.isNumber })
    }

    /// `->`, lengthened with leading `-` until no cell contains it (daff's rule).
    static func separator(for cells: [String]) -> String {
        var sep = "->"
        while cells.contains(where: { $0.contains(sep) }) { sep = "-" + sep }
        return sep
    }

    /// A text that would read as daff's null marker (`NULL`, `_NULL`, …) gets one more `_`.
    static func escapeNull(_ s: String) -> String {
        s.drop(while: { $0 == "_" }) == "NULL" ? "_" + s : s
    }

    /// One CSV record (RFC 4180 quoting), ending with LF.
    static func line(_ fields: [String]) -> String {
        fields.map(quote).joined(separator: ",") + "\n"
    }

    static func quote(_ field: String) -> String {
        let needs = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\t" }
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needs else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
