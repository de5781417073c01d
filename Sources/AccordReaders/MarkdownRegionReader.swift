import Foundation
import AccordModel
import AccordText

/// Prose of a Markdown conversion: `#` headings and one paragraph per non-blank line.
enum MarkdownRegionReader {
    static func read(_ lines: [TextLine], into ctx: inout TextReadContext) {
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
            guard let p = ctx.paragraph(raw, line: line.number, column: column) else { continue }
            ctx.blocks.append(level > 0 ? .heading(p, level: level) : .paragraph(p))
        }
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
