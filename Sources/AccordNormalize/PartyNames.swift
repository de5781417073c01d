import Foundation
import AccordModel
import AccordText

/// Party names have no redundancy of their own (no 大写, no sum): a misread glyph in a supplier's
/// name passes every check. For a name that was recognized (OCR), two things can still be seen:
/// - a glyph the recognizer was unsure of (`party.doubtful_glyphs`, warning, with each glyph and
///   its confidence);
/// - another occurrence of the name in the same document (title, signature block, clauses) that
///   reads one or two glyphs differently (`party.name_disagrees`, warning, citing both places).
/// Nothing is changed: review decides (an agreeing occurrence elsewhere is only confirmation).
enum PartyNames {
    /// Glyph confidence below which a glyph of a recognized name is reported.
    static let doubtfulBelow: Float = 0.90
    /// Names compared with occurrences that differ in at most this many glyphs (and in fewer
    /// than a quarter of them): more is another name.
    static let maxDifferences = 2
    /// The text searched for other occurrences, at most (a recognized document is pages long;
    /// the search is linear, but a typed 10 MB document has no recognized names to check).
    static let maxSearched = 400_000

    static func check(_ s: TextStream, _ c: Contract) -> [Finding] {
        var out: [Finding] = []
        for (role, name) in [("buyer", c.buyer), ("supplier", c.supplier)] {
            guard let name, name.provenance.confidence < 1 else { continue }
            doubtful(role, name, s, &out)
            disagreements(role, name, s, &out)
        }
        return out
    }

    static func doubtful(_ role: String, _ name: SourcedString, _ s: TextStream, _ out: inout [Finding]) {
        guard let range = s.range(of: name), let confidences = s.glyphConfidences(range) else { return }
        let glyphs = Array(name.value)
        let low = zip(glyphs, confidences).enumerated().filter { $0.element.1 < doubtfulBelow }
        guard !low.isEmpty else { return }
        let list = low.map { "\($0.element.0) (glyph \($0.offset + 1), confidence \(String(format: "%.2f", Double($0.element.1))))" }
        out.append(Finding(code: "party.doubtful_glyphs", severity: .warning,
            message: "\(role) \(name.value): the recognizer was unsure of " + list.joined(separator: ", ") + "; check the name against the source",
            provenance: name.provenance))
    }

    static func disagreements(_ role: String, _ name: SourcedString, _ s: TextStream, _ out: inout [Finding]) {
        let needle = Array(name.value)
        let n = needle.count
        guard n >= 4, s.count <= maxSearched, let own = s.range(of: name) else { return }
        let hay = s.characters
        guard hay.count >= n else { return }
        let allowed = min(maxDifferences, (n - 1) / 4)
        guard allowed > 0 else { return }
        var seen = Set<String>()
        var i = 0
        while i + n <= hay.count {
            if i == own.lowerBound { i += n; continue }
            var diff = 0, j = 0
            while j < n && diff <= allowed {
                if hay[i + j] != needle[j] { diff += 1 }
                j += 1
            }
            // Differences only in Han glyphs, with the name's ends agreeing (an occurrence, not a
            // neighbouring text that happens to share most glyphs).
            if diff > 0, diff <= allowed, hay[i] == needle[0], hay[i + n - 1] == needle[n - 1],
               (0..<n).allSatisfy({ hay[i + $0] == needle[$0] || (TextCleaning.isHan(hay[i + $0]) && TextCleaning.isHan(needle[$0])) }) {
                let other = String(hay[i..<(i + n)])
                if seen.insert(other).inserted {
                    let p = s.provenance(i..<(i + n))
                    let pairs = (0..<n).filter { hay[i + $0] != needle[$0] }.map { "\(needle[$0])↔\(hay[i + $0])" }
                    out.append(Finding(code: "party.name_disagrees", severity: .warning,
                        message: "\(role) read as \(name.value) here and as \(other) elsewhere in the document (" + pairs.joined(separator: ", ")
                            + String(format: "; confidence %.2f against %.2f", name.provenance.confidence, p.confidence) + "): one of them is misread",
                        provenance: name.provenance, related: [p]))
                }
                i += n
                continue
            }
            i += 1
        }
    }
}

extension TextStream {
    /// The stream's characters, indexed by stream offset (built per paragraph: the joined text
    /// could fuse a paragraph's final CR with the separator into one character).
    var characters: [Character] {
        var out: [Character] = []
        out.reserveCapacity(count + 1)
        for (i, p) in paragraphs.enumerated() {
            if i > 0 { out.append("\n") }
            out.append(contentsOf: p.text)
        }
        return out
    }

    /// Where `value`'s text lies in the stream, found from its provenance's paragraph.
    func range(of value: SourcedString) -> Range<Int>? {
        let chars = Array(value.value)
        guard !chars.isEmpty else { return nil }
        let hay = characters
        guard hay.count >= chars.count else { return nil }
        for i in 0...(hay.count - chars.count) where hay[i] == chars[0] && Array(hay[i..<(i + chars.count)]) == chars {
            return i..<(i + chars.count)
        }
        return nil
    }
}
