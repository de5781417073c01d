import Foundation
import AccordModel

/// The cleaned reading-order text of an intermediate document: the archivist's full-text copy.
/// Headings and paragraphs one per line; tables as TSV with merged cells written once
/// (covered slots left empty) and a cell's paragraphs joined by " / ".
public enum TextExport {
    public static func render(_ doc: IntermediateDocument) -> String {
        var out: [String] = []
        for block in doc.blocks {
            switch block {
            case .heading(let p, let level): out.append(String(repeating: "#", count: level) + " " + p.text)
            case .paragraph(let p): out.append(p.text)
            case .table(let t):
                out.append("")
                let n = t.columnCount
                for row in t.rows {
                    var cols = Array(repeating: "", count: n)
                    for c in row where c.column < n {
                        cols[c.column] = c.paragraphs.map { cellText($0.text) }.joined(separator: " / ")
                    }
                    out.append(cols.joined(separator: "\t"))
                }
                out.append("")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A paragraph's text inside a TSV cell: tabs become spaces (a tab is always a character
    /// of its own, so text without a tab byte is returned as it is, without Foundation's search).
    static func cellText(_ text: String) -> String {
        text.utf8.contains(0x09) ? text.replacingOccurrences(of: "\t", with: " ") : text
    }
}
