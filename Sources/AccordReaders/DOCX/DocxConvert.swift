import Foundation
import AccordModel
import AccordText

/// Typed WordprocessingML → intermediate document: numbering labels rendered and prefixed,
/// headings from styles, text boxes in place, every paragraph cleaned by `TextCleaning` with a
/// locator naming its part, paragraph and (in tables) table / row / column / cell paragraph.
struct WordConverter {
    var numbering: NumberingState
    let styles: StyleSheet
    var log = ActionLog()
    var findings: [Finding] = []

    init(numbering: NumberingDefinitions, styles: StyleSheet) {
        self.numbering = NumberingState(numbering); self.styles = styles
    }

    /// The body blocks of a part.
    mutating func body(_ part: WPart) -> [Block] {
        var out: [Block] = []
        for b in part.blocks { append(b, part: part.name, to: &out) }
        report(part)
        return out
    }

    /// Paragraphs of a header / footer part, flattened (tables included), for `furniture`.
    mutating func furniture(_ part: WPart) -> [Paragraph] {
        var out: [Block] = []
        for b in part.blocks + part.furniture { append(b, part: part.name, to: &out) }
        report(part)
        return out.flatMap(\.paragraphs)
    }

    mutating func append(_ b: WBlock, part: String, to out: inout [Block]) {
        switch b {
        case .paragraph(let p):
            if let para = render(p, base: Locator(part: part, paragraph: p.index)) {
                if let level = styles.headingLevel(p.styleId) { out.append(.heading(para, level: level)) }
                else { out.append(.paragraph(para)) }
            }
            for tb in p.textBoxes { append(tb, part: part, to: &out) }
            if !p.textBoxes.isEmpty { log.record("docx.textbox_read", count: p.textBoxes.count) }
        case .table(let t):
            out.append(.table(table(t, part: part)))
        }
    }

    /// One paragraph, with its list label in front. Empty paragraphs give nil (a numbered empty
    /// paragraph still advances its list, as in Word).
    mutating func render(_ p: WParagraph, base: Locator) -> Paragraph? {
        let label = self.label(p)
        guard TextCleaning.hasNonWhitespace(p.text) else { return nil }
        let raw = label.map { $0.label + $0.separator + p.text } ?? p.text
        if let l = label, !l.label.isEmpty { log.record("docx.list_label_rendered", example: l.label) }
        let st = TextCleaning.clean(raw, base: base, log: &log)
        guard !st.text.isEmpty else { return nil }
        return Paragraph(content: st, listLabel: label.flatMap { $0.label.isEmpty ? nil : $0.label })
    }

    /// The list label of a paragraph and the separator Word puts after it, advancing its list's
    /// counters (every paragraph is asked, in reading order, empty ones included).
    mutating func label(_ p: WParagraph) -> (label: String, separator: String)? {
        if let rendered = p.renderedLabel { return (rendered, rendered.isEmpty ? "" : "\t") }
        if let numId = p.numId {
            return numbering.next(numId: numId, ilvl: p.ilvl ?? styles.numbering(p.styleId)?.ilvl ?? 0)
        }
        // The style's numbering (looked up once: most paragraphs have a style and no list).
        guard let fromStyle = styles.numbering(p.styleId) else { return nil }
        return numbering.next(numId: fromStyle.numId, ilvl: p.ilvl ?? fromStyle.ilvl ?? 0)
    }

    /// Counts and findings the parser gathered for one part.
    mutating func report(_ part: WPart) {
        if part.insertions > 0 {
            log.record("docx.revision_insert_kept", count: part.insertions, example: part.insertedExample)
        }
        if part.deletions > 0 {
            log.record("docx.revision_delete_dropped", count: part.deletions, example: part.deletedExample)
        }
        if part.insertions + part.deletions > 0 {
            findings.append(Finding(code: "docx.tracked_changes", severity: .warning,
                message: "\(part.name) has unaccepted tracked changes: \(part.insertions) insertion(s) kept, \(part.deletions) deletion(s) dropped (read as if all were accepted)"))
        }
        if !part.unmappedSymbols.isEmpty {
            log.record("docx.symbol_unmapped", count: part.unmappedSymbols.count, example: part.unmappedSymbols.first)
        }
    }
}
