import Foundation
import AccordModel
import Plot

/// The region of a scanned page a value was read from: the document (its sha256), the 1-based page
/// and the box `[x0, y0, x1, y1]` in that page's pixels (300 dpi for a rasterized PDF page). The CLI
/// crops these regions (AccordOCR's `ScanCrop.png`) and hands the PNG bytes to `DiffPage.render`.
public struct CropKey: Hashable, Sendable {
    public var source: String
    public var page: Int
    public var bbox: [Int]

    public init(source: String, page: Int, bbox: [Int]) { self.source = source; self.page = page; self.bbox = bbox }

    /// The scan region `provenance` points at in the document whose sha256 is `source`; nil when the
    /// value was not read from a page image (no page, or no four-number box).
    public init?(source: String, _ provenance: Provenance) {
        guard let page = provenance.locator.page, let bbox = provenance.locator.bbox, bbox.count == 4 else { return nil }
        self.init(source: source, page: page, bbox: bbox)
    }
}

/// `accord diff --html FILE`: one self-contained side-by-side page, built with Plot's HTML DSL (Plot
/// escapes text; attribute values are escaped here). No network resource: the CSS is inline and the
/// scan crops are `data:` URIs. Highlighter colours as daff's: added green, removed red, changed
/// yellow rows with the changed values blue, moved violet. Every change has an anchor id (`ind-3`,
/// `money-amount`, `money-budget-2`, `first-differing`, `clause-0`) and shows, on each side, the
/// source snippet it was read from with its locator (and the page crop where the side is a scan),
/// linked from the change column and repeated as a tooltip.
public enum DiffPage {
    /// - Parameters:
    ///   - records: the canonical records compared: A and B (documents mode), or the one
    ///     supplementary agreement (amendment mode). They give the money and payment values their
    ///     provenance; without them the page shows the values only.
    ///   - crops: PNG bytes of the scan regions (`scanRegions`) that can be shown inline.
    public static func render(_ d: DocumentDiff, records: [CanonicalDocument], crops: [CropKey: Data] = [:]) -> String {
        DiffPageBuilder(diff: d, records: records, crops: crops).document().render()
    }

    /// Every scan region a value the page shows was read from (changed indicators, money lines,
    /// changed payment months, amended clauses), each once, in page order: what to crop for `crops`.
    /// Each key's `source` is the sha256 of A's or B's record (`record.source.path` is the file).
    public static func scanRegions(_ d: DocumentDiff, records: [CanonicalDocument]) -> [CropKey] {
        var seen = Set<CropKey>(), out: [CropKey] = []
        for key in DiffPageBuilder(diff: d, records: records, crops: [:]).shownProvenances().compactMap({ CropKey(source: $0.sha, $0.provenance) })
        where seen.insert(key).inserted {
            out.append(key)
        }
        return out
    }

    /// A locator as a person reads it, positions counted from 1: `L15:72–81`, `L15:3–L17:5`,
    /// `word/document.xml ¶13 table 1 r3 c4`, `page 2 [120,340,980,410]`.
    public static func locator(_ l: Locator) -> String {
        var parts: [String] = []
        if let line = l.line {
            var s = "L\(line)"
            let endLine = l.endLine ?? line
            if let start = l.startColumn {
                s += ":\(start)"
                if let end = l.endColumn {
                    s += endLine != line ? "–L\(endLine):\(max(1, end - 1))" : "–\(max(start, end - 1))"
                } else if endLine != line {
                    s += "–L\(endLine)"
                }
            } else if endLine != line {
                s += "–L\(endLine)"
            }
            parts.append(s)
        }
        if let part = l.part { parts.append(part + (l.paragraph.map { " ¶\($0 + 1)" } ?? "")) }
        else if let paragraph = l.paragraph { parts.append("¶\(paragraph + 1)") }
        if let table = l.table {
            var s = "table \(table + 1)"
            if let row = l.row { s += " r\(row + 1)" }
            if let column = l.column { s += " c\(column + 1)" }
            if let p = l.cellParagraph { s += " ¶\(p + 1)" }
            parts.append(s)
        }
        if let page = l.page {
            parts.append("page \(page)" + (l.bbox.map { " [" + $0.map(String.init).joined(separator: ",") + "]" } ?? ""))
        }
        return parts.isEmpty ? "?" : parts.joined(separator: " ")
    }

    /// An attribute value made safe between double quotes (Plot writes attribute values as given).
    public static func attr(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n": out += "&#10;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// Builds the page: one value per diff, holding the records A and B stand for.
struct DiffPageBuilder {
    typealias Body = Node<HTML.BodyContext>
    typealias Rows = Node<HTML.TableContext>
    typealias Cells = Node<HTML.TableRowContext>

    enum Side: String { case a, b }

    let d: DocumentDiff
    let recordA: CanonicalDocument?
    let recordB: CanonicalDocument?
    let crops: [CropKey: Data]

    init(diff: DocumentDiff, records: [CanonicalDocument], crops: [CropKey: Data]) {
        d = diff
        self.crops = crops
        if diff.mode == .amendment || records.count < 2 {
            recordA = records.first { $0.source.sha256 == diff.a.sha256 } ?? records.first
            recordB = recordA
        } else {
            recordA = records[0]
            recordB = records[1]
        }
    }

    var amendment: Bool { d.mode == .amendment }

    func sha(_ s: Side) -> String { s == .a ? d.a.sha256 : d.b.sha256 }
    func name(_ s: Side) -> String { amendment ? (s == .a ? "original" : "amended") : s.rawValue.uppercased() }
    func contract(_ s: Side) -> Contract? { (s == .a ? recordA : recordB)?.contract }

    /// The terms a side stands for: in amendment mode A is the original and B the amended (the
    /// original where nothing was amended); otherwise each document's amended terms where it amends.
    func pick<T>(_ s: Side, original: T?, amended: T?) -> T? {
        amendment && s == .a ? original : (amended ?? original)
    }

    func amountProvenance(_ s: Side) -> Provenance? {
        let a = contract(s)?.amount
        return pick(s, original: a?.original, amended: a?.amended)?.provenance
    }

    func budgetTotalProvenance(_ s: Side) -> Provenance? {
        let t = contract(s)?.budgetTotal
        return pick(s, original: t?.original, amended: t?.amended)?.provenance
    }

    func budgetProvenance(_ s: Side, item: String, parent: String?) -> Provenance? {
        let lines = contract(s)?.budget ?? []
        guard let line = lines.first(where: { $0.item == item && $0.parent == parent }) ?? lines.first(where: { $0.item == item }) else { return nil }
        let figure = pick(s, original: line.original, amended: line.amended)
        return figure?.amount?.provenance ?? figure?.share?.provenance
    }

    func paymentProvenance(_ s: Side, month: String) -> Provenance? {
        let p = contract(s)?.payments
        let spans = pick(s, original: p?.original, amended: p?.amended) ?? []
        return spans.first { $0.from <= month && month <= $0.to }?.provenance
    }

    func clauseProvenance(_ i: Int) -> (before: Provenance?, after: Provenance?) {
        let amendments = recordA?.contract?.amendments ?? []
        guard amendments.indices.contains(i) else { return (nil, nil) }
        return (amendments[i].before.provenance, amendments[i].after?.provenance)
    }

    /// The provenances the page shows a source block for, with the sha256 of their side.
    func shownProvenances() -> [(sha: String, provenance: Provenance)] {
        var out: [(String, Provenance)] = []
        func add(_ s: Side, _ p: Provenance?) { if let p { out.append((sha(s), p)) } }
        for s in [Side.a, .b] { add(s, amountProvenance(s)) }
        for s in [Side.a, .b] { add(s, budgetTotalProvenance(s)) }
        for line in d.money.budget {
            for s in [Side.a, .b] { add(s, budgetProvenance(s, item: line.item, parent: line.parent)) }
        }
        for run in DiffText.monthRuns(d.payments.months) where run.delta != 0 {
            for s in [Side.a, .b] { add(s, paymentProvenance(s, month: run.from)) }
        }
        for i in d.clauses.indices {
            let p = clauseProvenance(i)
            add(.a, p.before); add(.b, p.after)
        }
        for pair in d.indicators where pair.change != .unchanged {
            add(.a, pair.before?.provenance); add(.b, pair.after?.provenance)
        }
        return out
    }

    // MARK: - Source snippets

    /// The source block of one side of a change: who, the locator, the snippet (cut at 160
    /// characters; whole in the tooltip), the confidence when below 1, and the crop for a scan.
    /// `quote: false` where the cell already shows the snippet's text (amended clauses).
    func source(_ p: Provenance?, _ s: Side, id: String, quote: Bool = true) -> Body {
        guard let p else { return .div(.id(id), .class("src none"), .text("\(name(s)): no source position")) }
        let loc = DiffPage.locator(p.locator)
        let key = CropKey(source: sha(s), p)
        var nodes: [Body] = [
            .id(id), .class("src src-\(s.rawValue)"), .title(DiffPage.attr("\(name(s)) \(loc)\n\(p.text)")),
            .span(.class("who"), .text(name(s))),
            .code(.class("loc"), .text(loc)),
        ]
        if quote { nodes.append(.element(named: "q", nodes: [.text(DiffText.short(p.text, 160))])) }
        if p.confidence < 1 {
            nodes.append(.span(.class("conf"), .text("confidence " + String(format: "%.2f", p.confidence))))
        }
        if let key {
            if let png = crops[key] {
                nodes.append(.img(.class("crop"), .src("data:image/png;base64," + png.base64EncodedString()),
                                  .alt(DiffPage.attr("\(name(s)) page \(key.page) region \(key.bbox)"))))
            } else {
                nodes.append(.span(.class("nocrop"), .text("scan region, no crop")))
            }
        }
        return .div(.group(nodes))
    }

    /// A link from a change to one side's source block, the snippet as its tooltip.
    func sourceLink(_ p: Provenance?, _ s: Side, id: String) -> Body {
        guard let p else { return .empty }
        let loc = DiffPage.locator(p.locator)
        return .a(.class("srclink"), .href("#" + id), .title(DiffPage.attr("\(name(s)) \(loc)\n\(p.text)")),
                  .text("\(name(s)): \(loc)"))
    }

    func sourceLinks(_ pa: Provenance?, _ pb: Provenance?, id: String) -> Body {
        guard pa != nil || pb != nil else { return .empty }
        return .div(.class("links"), sourceLink(pa, .a, id: id + "-a"), sourceLink(pb, .b, id: id + "-b"))
    }

    // MARK: - The document

    func document() -> HTML {
        let title = amendment
            ? "accord diff — \(d.a.path): original → amended terms"
            : "accord diff — \(d.a.path) ↔ \(d.b.path)"
        return HTML(
            .attribute(named: "lang", value: "zh-Hans"),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: title),
                .style(DiffPageStyle.css)
            ),
            .body(
                .class("highlighter"),
                header(),
                summary(),
                money(),
                payments(),
                clauses(),
                indicators(),
                findings(),
                .footer(.p(.text("accord diff · self-contained page (no network resource) · positions counted from 1 · "
                                 + "hover a value or a source link for the snippet it was read from")))
            )
        )
    }
}
