import Foundation
import AccordModel
import AccordText

/// Whether the running text is only part of a document — a page scanned as a file of its own, a
/// document whose first or last pages are missing — and the clause a page begins inside.
///
/// The evidence, each found from the text alone:
/// - a page number the text prints (`- 2 -`, `第2页`, `第 2 页 共 3 页`) that is not 1 and no
///   page 1 before it: pages are missing before this one;
/// - the text before the first numbered clause holds the 现…变更为 of an amendment (a preamble
///   never does) or opens with the tail of a sentence (punctuation, or a figure and its unit:
///   `7 元，占…`): it continues a clause whose start is on another page;
/// - the first numbered clause is a later one (四、) with no title, preamble or earlier clause;
/// - the last clause stops without closing punctuation and no signature block or annex follows.
enum Fragments {
    static let footer = Pattern.make(#"^\s*(?:[-—–－]\s*(\d{1,3})\s*[-—–－]|第\s*(\d{1,3})\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)\s*$"#)
    static let chineseOrdinal = Pattern.make(#"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]"#)
    /// The tail of a sentence at the very start: closing punctuation, or a figure with its unit.
    static let sentenceTail = Pattern.make(#"^\s*(?:[，,。；;、）)」”]|[\d,.]+\s*(?:万元|元|%|％|个月|月|日))"#)
    /// Lines that close a document: its signature block or its annex.
    static let closing = Pattern.make(#"^\s*(?:附件|甲方\s*[(（]\s*(?:盖章|签章)|乙方\s*[(（]\s*(?:盖章|签章)|法定代表人|签订日期|签署日期|签约日期)"#)
    static let terminal: Set<Character> = ["。", "；", ";", "！", "!", "？", "?", "：", ":", "）", ")", "」", "』", "”", "\"", "."]

    struct Reading {
        var fragment: Fragment?
        /// The clause the text begins inside, when the 现…变更为 that splits it survives.
        var lead: Clause?
    }

    static func read(_ s: TextStream, clauses: [Clause]) -> Reading {
        let body = s.paragraphs.indices.filter { s.paragraphs[$0].origin != .ocrLayer && !s.paragraphs[$0].text.allSatisfy(\.isWhitespace) }
        guard let first = body.first else { return Reading() }
        func isFooter(_ i: Int) -> Bool { s.paragraphs[i].text.count <= 20 && firstMatch(footer, s.paragraphs[i].text) != nil }
        let last = body.last { !isFooter($0) } ?? first
        var evidence: [String] = []
        var begins = false, ends = false

        // Page numbers the text prints.
        var pages: [Int] = []
        for i in body {
            let t = s.paragraphs[i].text
            guard t.count <= 20, let m = firstMatch(footer, t) else { continue }
            if let n = (group(m, 1, t) ?? group(m, 2, t)).flatMap({ Int($0) }), n > 0 { pages.append(n) }
        }
        let pageNumber = pages.min()
        if let n = pageNumber, n > 1 {
            begins = true
            evidence.append("the text prints page number \(n) and no page before it")
        }

        // The first paragraph that is not a page number.
        let opening = body.first { !isFooter($0) } ?? first
        let clauseStarts = Set(clauses.map { s.paragraphIndex(at: $0.range.lowerBound) })
        let firstOrdinal = body.first { i in AmendmentClauses.ordinal.firstMatch(in: s.paragraphs[i].text, range: NSRange(location: 0, length: (s.paragraphs[i].text as NSString).length)) != nil }
        var lead: Clause?
        if firstOrdinal != opening {
            let endPara = firstOrdinal.map { prev in body.last { $0 < prev } ?? opening } ?? AmendmentClauses.lastBodyParagraph(s, from: opening)
            if endPara >= opening {
                let range = s.starts[opening]..<(s.starts[endPara] + s.paragraphs[endPara].text.count)
                let openingText = s.paragraphs[opening].text
                if let ch = s.firstMatch(AmendmentClauses.change, in: range) {
                    begins = true
                    let marker = s.substring(ch.range)
                    evidence.append("the text before the first numbered clause holds \(marker.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ",，:："))): it continues an amended clause begun on a page not in this file")
                    let text = s.substring(range)
                    lead = Clause(range: range, before: range.lowerBound..<ch.range.lowerBound, after: ch.range.upperBound..<range.upperBound,
                                  reference: nil, field: AmendmentClauses.field(of: text))
                } else if firstMatch(sentenceTail, openingText) != nil {
                    begins = true
                    evidence.append("the text opens with the tail of a sentence: \(openingText.prefix(12))…")
                }
            }
        } else if let i = firstOrdinal, let m = firstMatch(chineseOrdinal, s.paragraphs[i].text),
                  let numeral = group(m, 1, s.paragraphs[i].text), let n = ChineseNumerals.parseInteger(numeral), n > 1 {
            // The text opens with a later clause: nothing (no title, no preamble) comes before it.
            begins = true
            evidence.append("the text opens with clause \(numeral)、 and no clause before it")
        }

        // The end: the last clause stops mid-sentence, with no signature block or annex after it.
        if !clauses.isEmpty || lead != nil {
            let lastClauseStart = clauseStarts.max() ?? opening
            let closes = body.contains { $0 > lastClauseStart && firstMatch(closing, s.paragraphs[$0].text) != nil }
            let lastText = s.paragraphs[last].text.trimmingCharacters(in: .whitespaces)
            if !closes, !s.paragraphs[last].truncated, let c = lastText.last, !terminal.contains(c) {
                ends = true
                evidence.append("the text stops mid-sentence: …\(lastText.suffix(12))")
            }
        }
        guard begins || ends else { return Reading(fragment: nil, lead: nil) }
        // The terms whose clause is not wholly in the text: the clause it begins inside, the one
        // it stops in; every term when it has no clauses to tell them apart.
        var partial: [String] = []
        if clauses.isEmpty && lead == nil { partial = ["amount", "budget", "payments"] }
        else {
            if begins, let lead { partial.append(lead.field) }
            if begins, lead == nil, firstOrdinal != opening { partial += ["amount", "budget", "payments"] }
            if ends, let last = clauses.max(by: { $0.range.lowerBound < $1.range.lowerBound }) ?? lead { partial.append(last.field) }
        }
        var fragment = Fragment(beginsMidClause: begins, endsMidClause: ends, pageNumber: pageNumber, evidence: evidence)
        fragment.partialTerms = partial.isEmpty ? nil : Array(Set(partial)).sorted()
        return Reading(fragment: fragment, lead: lead)
    }

    static func firstMatch(_ re: NSRegularExpression, _ t: String) -> NSTextCheckingResult? {
        re.firstMatch(in: t, range: NSRange(location: 0, length: (t as NSString).length))
    }

    static func group(_ m: NSTextCheckingResult, _ g: Int, _ t: String) -> String? {
        let r = m.range(at: g)
        guard r.location != NSNotFound else { return nil }
        return (t as NSString).substring(with: r)
    }
}

/// A page number printed as a page's own line (`- 2 -`, `第2页`, `第 2 页 共 3 页`), the pattern the
/// fragment evidence reads: for those who put pages together (`accord ingest` of page files).
public enum PrintedPageNumber {
    /// The number when `text` is such a line (at most 20 characters), else nil.
    public static func of(_ text: String) -> Int? {
        guard text.count <= 20, let m = Fragments.firstMatch(Fragments.footer, text) else { return nil }
        return (Fragments.group(m, 1, text) ?? Fragments.group(m, 2, text)).flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }
}
