import Foundation
import AccordModel
import AccordText

/// Prose of a Markdown conversion: `#` headings and one paragraph per non-blank line.
enum MarkdownRegionReader {
    static func read(_ lines: [TextLine], into ctx: inout TextReadContext) {
        let wrap = HardWrap.width(of: lines)
        var joinNext = false
        for line in lines where !line.isBlank {
            var raw = String(line.text)
            var column = 1
            var level = 0
            if raw.drop(while: { $0 == " " }).hasPrefix("#") {
                let lead = raw.prefix { $0 == " " }.count
                level = raw.dropFirst(lead).prefix { $0 == "#" }.count
                let after = raw.dropFirst(lead + level)
                let spaces = after.prefix { $0 == " " }.count
                column += lead + level + spaces
                raw = String(after.dropFirst(spaces))
                ctx.log.record("markdown.heading_marker_removed", example: String(repeating: "#", count: level))
                ctx.kinds.insert(.markdownHeadingSeen)
            }
            if raw.contains("**") || raw.contains("__") {
                ctx.log.record("markdown.emphasis_removed", count: raw.components(separatedBy: "**").count / 2)
                raw = raw.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
            }
            guard let p = ctx.paragraph(raw, line: line.number, column: column) else { joinNext = false; continue }
            // A text wrapped at a fixed width (a page's lines typed out): a line that filled the
            // width runs on into the next, unless it closed a sentence or the next opens a clause.
            if joinNext, level == 0, !HardWrap.opensParagraph(raw), case .paragraph(var previous)? = ctx.blocks.last {
                previous.content.append(p.content, separator: "")
                ctx.blocks[ctx.blocks.count - 1] = .paragraph(previous)
                ctx.log.record("text.unwrapped", example: "line \(line.number) joined to the line before (wrapped at \(wrap ?? 0) columns)")
            } else {
                ctx.blocks.append(level > 0 ? .heading(p, level: level) : .paragraph(p))
            }
            joinNext = level == 0 && wrap.map { HardWrap.fills(raw, $0) } == true
        }
    }
}

/// Text typed out line by line from a page, wrapped at a fixed width: most long lines end within a
/// few columns of the widest (CJK counted two columns, as on the page). Paragraphs of a
/// conversion (one line each) vary in length far more.
enum HardWrap {
    /// The least number of lines near the widest for the text to count as wrapped.
    static let minimumLines = 5
    /// A line within this many columns of the width filled it.
    static let slack = 4

    static func columns(_ s: Substring) -> Int { s.reduce(0) { $0 + ($1.isASCII ? 1 : 2) } }
    static func columns(_ s: String) -> Int { columns(Substring(s)) }

    /// The width the lines were wrapped at, or nil when they were not.
    static func width(of lines: [TextLine]) -> Int? {
        let widths = lines.filter { !$0.isBlank && !$0.text.hasPrefix("#") && !$0.text.contains("\t") && !$0.text.contains("|") }
            .map { columns($0.text) }
        guard let w = widths.max(), w >= 30 else { return nil }
        let long = widths.filter { $0 * 2 >= w }
        let full = long.filter { $0 >= w - slack }
        guard full.count >= minimumLines, full.count * 2 >= long.count else { return nil }
        return w
    }

    /// Whether a line filled the width and stops mid-sentence.
    static func fills(_ line: String, _ width: Int) -> Bool {
        guard columns(line) >= width - slack, let last = line.last(where: { !$0.isWhitespace }) else { return false }
        return !"。！？；：!?;:".contains(last)
    }

    /// Whether a line opens a paragraph of its own: a clause or list number, a party or annex line.
    static func opensParagraph(_ line: String) -> Bool {
        let t = line.drop { $0 == " " || $0 == "　" }
        guard let first = t.first else { return true }
        for prefix in ["甲方", "乙方", "附件", "签订日期", "法定代表人", "第"] where t.hasPrefix(prefix) { return true }
        if "一二三四五六七八九十".contains(first), let second = t.dropFirst().first(where: { !"一二三四五六七八九十".contains($0) }), "、.．".contains(second) { return true }
        if "(（".contains(first) { return true }
        if first.isASCII, first.isNumber, let after = t.first(where: { !($0.isASCII && $0.isNumber) }), "、.．".contains(after) { return true }
        return false
    }
}

/// An inherited OCR text layer in the wrong script: kept line by line, at low confidence,
/// with one `ocr.wrong_language` finding for the run.
enum OCRLayerReader {
    static let confidence = 0.2

    static func read(_ lines: [TextLine], into ctx: inout TextReadContext) {
        var paragraphs: [Paragraph] = []
        for line in lines where !line.isBlank {
            guard var p = ctx.paragraph(String(line.text), line: line.number, origin: .ocrLayer) else { continue }
            p.content.confidences = Array(repeating: Float(confidence), count: p.content.original.count)
            paragraphs.append(p)
            ctx.blocks.append(.paragraph(p))
        }
        guard let first = paragraphs.first else { return }
        let assessment = ScriptCheck.assess(paragraphs.map(\.text).joined(separator: "\n"))
        var loc = first.content.base
        loc.endLine = paragraphs.last?.content.base.line
        ctx.findings.append(Finding(
            code: "ocr.wrong_language", severity: .warning,
            message: "lines \(loc.line ?? 0)–\(loc.endLine ?? 0) look like an OCR text layer made with the wrong language model (\(assessment.summary)) where Chinese is expected; only digits whose role is certain are salvaged, at low confidence; re-OCR the page image with chi_sim",
            provenance: Provenance(source: ctx.sha256, locator: loc, text: first.content.original, confidence: confidence)))
        ctx.log.record("ocr.layer_wrong_script_lines", count: paragraphs.count)
    }

}
