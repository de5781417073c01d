import Foundation
import AccordModel
import AccordText

/// Title, project name and code, lot, parties, signing date and period.
enum PartiesAndDates {
    static let party = Pattern.make(#"(甲方|乙方|采购人|供应商|成交供应商|中标供应商)\s*(?:[(（][^)）\n]{0,10}[)）])?\s*[:：]\s*([^\n,，;；:：]{4,60})"#)
    static let code = Pattern.make(#"(?:项目编号|采购编号|项目代码|合同编号)\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9_\-]{3,40})"#)
    static let codeShape = Pattern.make(#"(?<![A-Za-z0-9])([A-Z]{2,8}\d{6,}(?:-[A-Z0-9]{1,3})?)(?![A-Za-z0-9])"#)
    static let lot = Pattern.make(#"([一二三四五六七八九十0-9]{1,3})\s*标段"#)
    /// A full date in Arabic or Chinese digits (2025年7月30日, 二〇二五年七月三十日); ChineseDates validates it.
    static let date = #"([0-9〇零一二三四五六七八九]{4}\s*年\s*[0-9一二三四五六七八九十]{1,3}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日)"#
    static let signed = Pattern.make(#"于\s*"# + date + #"\s*(?:签订|签署|订立)"#)
    static let signedLabel = Pattern.make(#"(?:签订日期|签署日期|签约日期)\s*[:：]\s*"# + date)
    static let period = Pattern.make(#"(?:合同期限|服务期限|服务期|合同期|履行期限|服务时间)\s*(?:为|是|:|：)?\s*(?:自)?\s*"# + date + #"\s*(?:起)?\s*(?:至|到|—|-|~)\s*"# + date)
    static let projectNameLabel = Pattern.make(#"项目名称\s*[:：]\s*([^\n,，;；]{4,60})"#)

    /// Words that never occur in a party's name but do in the labels around one.
    static let notAName = ["盖章", "签章", "签字", "甲方", "乙方", "代表人", "委托代理人", "委任代理人"]

    static func extract(_ s: TextStream, blocks: [Block], into c: inout Contract) {
        // Title: the document's leading headings (or a short first line naming an agreement).
        c.title = title(s, blocks: blocks)
        if let t = c.title {
            if let r = t.value.range(of: "合同") ?? t.value.range(of: "协议") {
                let name = String(t.value[..<r.lowerBound]).trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))
                if name.count >= 4 { c.projectName = Sourced(name, t.provenance) }
            }
        }
        if c.projectName == nil, let m = s.firstMatch(projectNameLabel), let r = m.ranges[1] { c.projectName = s.sourced(r) }

        for m in s.matches(party) {
            guard let role = m[1], let r = m.ranges[2] else { continue }
            let value = s.substring(r).trimmingCharacters(in: .whitespaces)
            // A signature block's blank lines (甲方（盖章）：乙方（盖章）：) name no party.
            guard value.contains(where: TextCleaning.isHan), !value.hasPrefix("("),
                  !Self.notAName.contains(where: { value.contains($0) }) else { continue }
            let trimmed = r.lowerBound..<(r.lowerBound + value.count)
            if ["甲方", "采购人"].contains(role), c.buyer == nil { c.buyer = s.sourced(trimmed) }
            if ["乙方", "供应商", "成交供应商", "中标供应商"].contains(role), c.supplier == nil { c.supplier = s.sourced(trimmed) }
        }
        if let m = s.firstMatch(code), let r = m.ranges[1] { c.projectCode = s.sourced(r) }
        else {
            let shaped = s.matches(codeShape).filter { s.origin(at: $0.range.lowerBound) != .ocrLayer }
            if shaped.count == 1, let r = shaped[0].ranges[1] { c.projectCode = s.sourced(r, confidence: 0.8) }
        }
        // Lot: from the title first, else the first mention.
        if let t = c.title, let m = lotIn(t.value) { c.lot = Sourced(m, t.provenance) }
        else if let m = s.firstMatch(lot) { c.lot = s.sourced(m.range) }

        for pattern in [signed, signedLabel] {
            if c.originalSignedDate == nil, let m = s.firstMatch(pattern), let r = m.ranges[1], let d = ChineseDates.parse(s.substring(r)) {
                c.originalSignedDate = Sourced(d.iso, s.provenance(r))
            }
        }
        if let m = s.firstMatch(period), let r1 = m.ranges[1], let r2 = m.ranges[2],
           let d1 = ChineseDates.parse(s.substring(r1)), let d2 = ChineseDates.parse(s.substring(r2)) {
            c.period = Period(start: Sourced(d1.iso, s.provenance(r1)), end: Sourced(d2.iso, s.provenance(r2)))
        }
    }

    static func lotIn(_ text: String) -> String? {
        guard let r = text.range(of: #"[一二三四五六七八九十0-9]{1,3}\s*标段"#, options: .regularExpression) else { return nil }
        return String(text[r]).filter { !$0.isWhitespace }
    }

    /// The leading headings joined (a title set over two lines), else a short first paragraph
    /// that names a contract, agreement or requirements.
    static func title(_ s: TextStream, blocks: [Block]) -> SourcedString? {
        var heads: [Paragraph] = []
        for b in blocks {
            if case .heading(let p, _) = b { heads.append(p); continue }
            break
        }
        // The stream is the body's heading and paragraph blocks in order, so the leading headings
        // are its first paragraphs; checked all the same before they are indexed.
        if let head = heads.first, let first = s.paragraphs.firstIndex(of: head), first + heads.count <= s.paragraphs.count {
            let last = first + heads.count - 1
            let range = s.starts[first]..<(s.starts[last] + s.paragraphs[last].text.count)
            let value = heads.map(\.text).joined()
            return Sourced(value, s.provenance(range))
        }
        guard let firstBlock = blocks.first, case .paragraph(let p) = firstBlock, p.origin == .text,
              p.text.count <= 40, !p.truncated,
              !p.text.contains(":"), p.text.range(of: "合同|协议|要求|服务|采购", options: .regularExpression) != nil,
              let i = s.paragraphs.firstIndex(of: p) else { return nil }
        return s.sourced(s.starts[i]..<(s.starts[i] + p.text.count))
    }
}
