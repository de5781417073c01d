import Foundation

/// How a search query is read and its hits shown.
public enum SearchText {
    /// The stored text went through NFKC (full-width forms to ASCII), so the query does too.
    public static func normalize(_ query: String) -> String {
        query.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The characters on each side of a match a snippet keeps.
    static let context = 24

    /// The text around the first occurrence of `query` (ASCII letters in any case), on one line,
    /// the match between « and », or nil when `text` does not contain it.
    public static func snippet(_ text: String, _ query: String) -> String? {
        guard let r = text.range(of: query, options: [.caseInsensitive]) else { return nil }
        let start = text.index(r.lowerBound, offsetBy: -context, limitedBy: text.startIndex) ?? text.startIndex
        let end = text.index(r.upperBound, offsetBy: context, limitedBy: text.endIndex) ?? text.endIndex
        /// On one line: each run of white space (newlines, tabs, a table's empty cells) as one space.
        func flat(_ s: Substring) -> String {
            var out = "", space = false
            for ch in s {
                if ch.isWhitespace { space = true; continue }
                if space && !out.isEmpty { out.append(" ") }
                space = false
                out.append(ch)
            }
            if space { out.append(" ") }
            return out
        }
        return (start > text.startIndex ? "…" : "") + flat(text[start..<r.lowerBound]) + "«" + text[r] + "»"
            + flat(text[r.upperBound..<end]) + (end < text.endIndex ? "…" : "")
    }
}
