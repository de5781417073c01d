import Foundation
import AccordModel
import AccordText

/// Contract amount (with its 大写), budget lines with shares, and the monthly payment schedule,
/// each read from one stretch of text (a clause's original or amended part, or a whole contract).
enum MoneyTerms {
    static let number = #"(\d[\d,]*(?:\.\d+)?)"#
    static let amountWithUpper = Pattern.make(number + #"\s*(万元|万|元)\s*[(（]\s*(?:人民币)?\s*大写\s*[:：]?\s*(?:人民币)?\s*([^)）,，;；\n]*)"#)
    static let amountLabelled = Pattern.make(#"(?:金额|总价|合同价|价款|总额)\s*(?:为|是|:|：)?\s*(?:人民币)?\s*"# + number + #"\s*(万元|元)"#)
    static let upperFirst = Pattern.make(#"大写\s*[)）]?\s*[:：]?\s*(?:人民币)?\s*([零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正]{2,})\s*[(（]?\s*(?:小写)?\s*[:：]?\s*(?:人民币)?\s*[¥￥]?\s*"# + number + #"\s*(万元|元)?"#)
    static let budgetTotal = Pattern.make(#"经费总额\s*(?:调整)?\s*(?:为|是|:|：)\s*"# + number + #"\s*(万元|元)"#)
    /// "X为N元，占项目经费总额P%" — the share phrase is also recognized by its 经费总额 when a scan's
    /// 占 was misread as another glyph.
    static let budgetItem = Pattern.make(#"([^,，。;；:：()（）\n]{2,30}(?:\([^)\n]{1,12}\))?[^,，。;；:：()（）\n]{0,10}?)\s*(?:为|是|:|：)\s*"# + number + #"\s*(万元|元)\s*[,，]?\s*(?:(?:占|占比|比例为)\s*(?:项目)?(?:经费)?(?:总额|总经费|总金额|总预算)?|\p{Script=Han}?\s*(?:项目)?经费总额)\s*(?:的)?\s*(?:比例)?\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*%"#)
    static let qizhong = Pattern.make(#"其中"#)
    static let yuan = Pattern.make(number + #"\s*(万元|元)"#)
    static let statedTotal = Pattern.make(#"合计(?:金额)?\s*(?:为|:|：)?\s*"# + number + #"\s*(万元|元)"#)
    static let yearMonth = Pattern.make(#"(\d{4})\s*年\s*(\d{1,2})\s*月"#)
    static let through = Pattern.make(#"^\s*(?:的)?\s*(?:至|到|—|-|~)\s*"#)

    static func value(_ digits: String, _ unit: String) -> Decimal? {
        Money.parseArabic(digits.replacingOccurrences(of: ",", with: "") + unit)
    }

    // MARK: amount

    static func amount(_ s: TextStream, in range: Range<Int>) -> MoneyValue? {
        if let m = s.firstMatch(amountWithUpper, in: range), let dr = m.ranges[1], let d = m[1], let u = m[2],
           let v = value(d, u) {
            var mv = MoneyValue(value: v, provenance: s.provenance(dr.lowerBound..<(m.ranges[2]?.upperBound ?? dr.upperBound)))
            if let ur = m.ranges[3], let upper = m[3], !upper.isEmpty {
                let cleaned = upper.trimmingCharacters(in: .whitespaces)
                let ur2 = ur.lowerBound..<(ur.lowerBound + cleaned.count)
                mv.uppercase = Sourced(cleaned, s.provenance(ur2))
                mv.uppercaseValue = Money.parseUppercase(cleaned)?.value
            }
            return mv
        }
        if let m = s.firstMatch(upperFirst, in: range), let dr = m.ranges[2], let d = m[2],
           let v = value(d, m[3] ?? "元"), let ur = m.ranges[1], let upper = m[1] {
            return MoneyValue(value: v, provenance: s.provenance(dr.lowerBound..<(m.ranges[3]?.upperBound ?? dr.upperBound)),
                              uppercase: Sourced(upper, s.provenance(ur)), uppercaseValue: Money.parseUppercase(upper)?.value)
        }
        if let m = s.firstMatch(amountLabelled, in: range), let dr = m.ranges[1], let d = m[1], let u = m[2], let v = value(d, u) {
            return MoneyValue(value: v, provenance: s.provenance(dr.lowerBound..<(m.ranges[2]?.upperBound ?? dr.upperBound)))
        }
        return nil
    }

    // MARK: budget

    struct BudgetReading {
        var total: SourcedDecimal?
        var items: [(name: String, parent: String?, figure: BudgetFigure)]
    }

    /// The most lines one budget item is broken into (其中 A, B, C…).
    static let maxParts = 64
    /// Parts may overshoot their item by 5% (a wrong figure) before the search stops.
    static let partsTolerance = Decimal(105) / Decimal(100)

    static func budget(_ s: TextStream, in range: Range<Int>) -> BudgetReading {
        var reading = BudgetReading(total: nil, items: [])
        if let m = s.firstMatch(budgetTotal, in: range), let dr = m.ranges[1], let d = m[1], let u = m[2], let v = value(d, u) {
            reading.total = Sourced(v, s.provenance(dr.lowerBound..<(m.ranges[2]?.upperBound ?? dr.upperBound)))
        }
        let qz = s.matches(qizhong, in: range).map(\.range.lowerBound)
        var raw: [(name: String, amount: SourcedDecimal, share: SourcedDecimal, start: Int)] = []
        for m in s.matches(budgetItem, in: range) {
            guard let nr = m.ranges[1], let d = m[2], let u = m[3], let dr = m.ranges[2], let sh = m[4], let sr = m.ranges[4],
                  let amount = value(d, u), let share = Decimal(string: sh) else { continue }
            let name = cleanItemName(s.substring(nr))
            guard !name.isEmpty, !name.contains("经费总额") else { continue }
            raw.append((name, Sourced(amount, s.provenance(dr.lowerBound..<(m.ranges[3]?.upperBound ?? dr.upperBound))),
                        Sourced(share, s.provenance(sr.lowerBound..<(sr.upperBound + 1))), nr.lowerBound))
        }
        // "X为…元，占…%。其中，A…，B…": X's parts are the lines after 其中 whose running sum comes
        // closest to X (exactly, in a consistent budget; within 5% when a figure is wrong, so the
        // checks can say which subtotal is off).
        var parent: [Int: String] = [:]
        // The 其中 markers are in text order: the one after an item is found by binary search, and
        // its parts run at most to the next 其中 (which opens another item's breakdown) and at most
        // `maxParts` lines (a budget of thousands of zero lines made every item sum to the end).
        func firstMarker(after position: Int) -> Int? {
            var lo = 0, hi = qz.count
            while lo < hi { let mid = (lo + hi) / 2; if qz[mid] > position { hi = mid } else { lo = mid + 1 } }
            return lo < qz.count ? qz[lo] : nil
        }
        for (i, item) in raw.enumerated() {
            guard i + 1 < raw.count, let marker = firstMarker(after: item.start), marker < raw[i + 1].start else { continue }
            let nextMarker = firstMarker(after: marker)
            var sum = Decimal(0)
            var best: (count: Int, diff: Decimal)?
            let ceiling = item.amount.value * Self.partsTolerance
            for j in (i + 1)..<min(raw.count, i + 1 + Self.maxParts) {
                if let nextMarker, raw[j].start > nextMarker { break }
                sum += raw[j].amount.value
                let d = sum - item.amount.value
                let diff = d < 0 ? -d : d
                if best.map({ diff < $0.diff }) ?? true { best = (j - i, diff) }
                if sum > ceiling { break }
            }
            if let best, best.diff * 20 <= item.amount.value {
                for k in (i + 1)...(i + best.count) { parent[k] = item.name }
            }
        }
        reading.items = raw.enumerated().map { (i, r) in (r.name, parent[i], BudgetFigure(amount: r.amount, share: r.share)) }
        return reading
    }

    static func cleanItemName(_ raw: String) -> String {
        var n = raw.trimmingCharacters(in: .whitespaces)
        for prefix in ["其中", "现双方同意变更为", "本项目", "项目经费中"] where n.hasPrefix(prefix) {
            n = String(n.dropFirst(prefix.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ,，:："))
        }
        if let r = n.range(of: "万元", options: .backwards) { n = String(n[r.upperBound...]) }
        return n.trimmingCharacters(in: CharacterSet(charactersIn: " ,，:："))
    }

    // MARK: payments

    /// Spans "YYYY年M月[至YYYY年M月] … N元": each date (or date range) takes the first amount
    /// in 元 after it and before the next date; a 合计 amount is the stated total.
    static func schedule(_ s: TextStream, in range: Range<Int>) -> (spans: [PaymentSpan], stated: SourcedDecimal?) {
        let dates = s.matches(yearMonth, in: range)
        var spans: [PaymentSpan] = []
        var i = 0
        while i < dates.count {
            let d1 = dates[i]
            var end = d1
            if i + 1 < dates.count {
                let gap = d1.range.upperBound..<dates[i + 1].range.lowerBound
                if s.firstMatch(through, in: gap) != nil && s.substring(gap).count <= 6 { end = dates[i + 1]; i += 1 }
            }
            i += 1
            let nextDate = i < dates.count ? dates[i].range.lowerBound : range.upperBound
            let window = end.range.upperBound..<nextDate
            guard let m = s.firstMatch(yuan, in: window), let d = m[1], let u = m[2],
                  let v = value(d, u), let from = ym(d1), let to = ym(end) else { continue }
            // An amount introduced by 合计 is a total, not a monthly fee.
            let lead = s.substring(window.lowerBound..<m.range.lowerBound)
            if lead.contains("合计") { continue }
            spans.append(PaymentSpan(from: from, to: to, monthly: v, provenance: s.provenance(d1.range.lowerBound..<m.range.upperBound)))
        }
        var stated: SourcedDecimal?
        if let m = s.matches(statedTotal, in: range).last, let dr = m.ranges[1], let d = m[1], let u = m[2], let v = value(d, u) {
            stated = Sourced(v, s.provenance(dr.lowerBound..<(m.ranges[2]?.upperBound ?? dr.upperBound)))
        }
        return (spans, stated)
    }

    static func ym(_ m: TextStream.Match) -> String? {
        guard let y = m[1].flatMap({ Int($0) }), let mo = m[2].flatMap({ Int($0) }), (1...12).contains(mo) else { return nil }
        return String(format: "%04d-%02d", y, mo)
    }
}
