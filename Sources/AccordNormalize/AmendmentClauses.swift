import Foundation
import AccordModel
import AccordText

/// A numbered clause of an agreement that restates an original term and its replacement:
/// "二、原合同第九条（一）款约定，…。现双方同意变更为：…".
struct Clause: Sendable {
    /// The whole clause in the stream, from its ordinal to the next ordinal paragraph.
    var range: Range<Int>
    /// The part stating the original term, and the part with the new term (nil when the text stops before it).
    var before: Range<Int>
    var after: Range<Int>?
    var reference: String?
    var field: String
}

enum AmendmentClauses {
    /// A clause's ordinal; OCR drops the 、 now and then (四原合同…), so an ordinal straight before
    /// 原合同/原协议 counts without it.
    static let ordinal = Pattern.make(#"^(?:[一二三四五六七八九十]{1,3}\s*[、.]|[一二三四五六七八九十]{1,3}(?=\s*原(?:合同|协议))|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]|第[一二三四五六七八九十]{1,3}条|\d{1,2}\s*[、.](?!\d))"#)
    static let original = Pattern.make(#"原(?:合同|协议)"#)
    static let change = Pattern.make(#"现(?:经)?(?:甲乙)?(?:双方)?(?:协商)?(?:一致)?(?:同意)?(?:变更|调整|修改|更改|约定)为\s*[:：,，]?"#)
    static let reference = Pattern.make(#"第\s*([一二三四五六七八九十百0-9]+)\s*条\s*(?:第?\s*[(（]\s*([一二三四五六七八九十0-9]+)\s*[)）]\s*款?|第\s*([一二三四五六七八九十0-9]+)\s*款)?"#)

    /// Finds the clauses in paragraph order.
    static func find(_ s: TextStream) -> [Clause] {
        // Clause starts: paragraphs opening with a Chinese ordinal.
        var starts: [Int] = []
        for (i, p) in s.paragraphs.enumerated() where p.origin != .ocrLayer {
            if ordinal.firstMatch(in: p.text, range: NSRange(location: 0, length: (p.text as NSString).length)) != nil {
                starts.append(i)
            }
        }
        var clauses: [Clause] = []
        for (k, i) in starts.enumerated() {
            let endPara = k + 1 < starts.count ? starts[k + 1] - 1 : lastBodyParagraph(s, from: i)
            let range = s.starts[i]..<(s.starts[endPara] + s.paragraphs[endPara].text.count)
            guard let o = s.firstMatch(original, in: range), o.range.lowerBound - range.lowerBound < 12 else { continue }
            let ch = s.firstMatch(change, in: range)
            var before = range.lowerBound..<(ch?.range.lowerBound ?? range.upperBound)
            // Without its 现…变更为 marker, a clause whose text was cut ends at the cut: what follows
            // the cut may already belong to the new term, and must not be read as the original.
            if ch == nil, let cut = (i...endPara).first(where: { s.paragraphs[$0].truncated }) {
                before = range.lowerBound..<(s.starts[cut] + s.paragraphs[cut].text.count)
            }
            let after = ch.map { $0.range.upperBound..<range.upperBound }
            var ref: String?
            if let m = s.firstMatch(reference, in: range.lowerBound..<min(range.upperBound, range.lowerBound + 40)), let art = m[1] {
                ref = "第\(art)条" + ((m[2] ?? m[3]).map { "（\($0)）款" } ?? "")
            }
            let text = s.substring(range)
            clauses.append(Clause(range: range, before: before, after: after, reference: ref, field: field(of: text)))
        }
        return clauses
    }

    /// A clause runs on over following paragraphs until a blank signature block or the annex.
    static func lastBodyParagraph(_ s: TextStream, from i: Int) -> Int {
        var j = i
        while j + 1 < s.paragraphs.count {
            let t = s.paragraphs[j + 1].text
            if t.hasPrefix("附件") || t.hasPrefix("甲方") || t.hasPrefix("乙方") || t.hasPrefix("签订日期") || s.paragraphs[j + 1].origin == .ocrLayer { break }
            j += 1
        }
        return j
    }

    static func field(of text: String) -> String {
        if text.contains("服务指标") { return "indicators" }
        if text.contains("大写") || (text.contains("金额") && !text.contains("每月")) { return "amount" }
        // A budget clause states shares; a cut one may have lost them all but keeps its 经费总额.
        if text.range(of: #"占[^%]{0,12}\d+(\.\d+)?\s*%"#, options: .regularExpression) != nil || text.contains("经费总额") { return "budget" }
        if text.contains("每月") || text.contains("逐月") || text.contains("按月") { return "payments" }
        return "other"
    }

    static func amendments(_ s: TextStream, _ clauses: [Clause]) -> [Amendment] {
        clauses.map { c in
            Amendment(clause: c.reference, field: c.field, before: trimmed(s, c.before), after: c.after.map { trimmed(s, $0) })
        }
    }

    static func trimmed(_ s: TextStream, _ r: Range<Int>) -> SourcedString {
        let text = s.substring(r)
        let lead = text.prefix { $0.isWhitespace || $0 == "," || $0 == "，" }.count
        let trail = text.reversed().prefix { $0.isWhitespace }.count
        let rr = (r.lowerBound + lead)..<max(r.lowerBound + lead, r.upperBound - trail)
        return s.sourced(rr)
    }
}
