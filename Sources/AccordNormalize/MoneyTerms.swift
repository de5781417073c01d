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
    /// A budget line at the end of a line cut short (a 50-character dump): "X为N元，占项目经" — its
    /// amount survived (the unit after it shows the figure is whole), its share did not. The tail
    /// after the unit may hold the start of the share phrase, even of its figure (占…总额 8 of 88%),
    /// but no % sign: a share that survived is read by `budgetItem`.
    static let budgetItemCut = Pattern.make(#"([^,，。;；:：()（）\n]{2,30}(?:\([^)\n]{1,12}\))?[^,，。;；:：()（）\n]{0,10}?)\s*(?:为|是|:|：)\s*"# + number + #"\s*(万元|元)\s*(?:[,，]\s*)?(?:(?:占|比例)[^%％,，。;；\n]{0,20})?\z"#)
    /// A budget line whose figure was recognized with unreadable glyphs (`督导经费为@0400元，占…1.87%`,
    /// `为5允400元`): up to three glyphs that are not digits among the digits, or one or two before
    /// them. Kept with what was read, for the repairer to complete or the checker to report.
    static let budgetItemUnread = Pattern.make(#"([^,，。;；:：()（）\n]{2,30}(?:\([^)\n]{1,12}\))?[^,，。;；:：()（）\n]{0,10}?)\s*(?:为|是|:|：)\s*((?:\d[\d,.]*(?:[^\s\d,，。;；:：()（）元万%占]{1,3}[\d,.]*){1,3}|[^\s\d,，。;；:：()（）元万%占为是]{1,2}\d[\d,.]+))\s*(万元|元)\s*[,，]?\s*(?:(?:占|占比|比例为)\s*(?:项目)?(?:经费)?(?:总额|总经费|总金额|总预算)?|\p{Script=Han}?\s*(?:项目)?经费总额)\s*(?:的)?\s*(?:比例)?\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*%"#)
    /// Words that may stand before a figure and are not a glyph of it.
    static let notAGlyph: [Character] = ["约", "共", "计", "合", "¥", "￥", "人", "币"]

    /// Whether a figure matched by one of the unread patterns is one: at least `minDigits` digits,
    /// one to three glyphs that are not, and no word before it.
    static func isUnreadFigure(_ figure: String, minDigits: Int) -> Bool {
        let digits = figure.filter(\.isNumber).count, glyphs = figure.filter { !$0.isNumber && $0 != "," && $0 != "." }.count
        guard digits >= minDigits, (1...3).contains(glyphs), let lead = figure.first else { return false }
        return !notAGlyph.contains(lead)
    }
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
            // The digits after an unreadable glyph are the tail of a figure, not a figure (2?9万元
            // holds "9万元"): that amount is left to `unreadAmount`.
            if let unread = unreadAmountReading(s, in: range), unread.figure.contains(dr.lowerBound) { return nil }
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

    /// An amount whose figure has unreadable glyphs, with its 大写 (2?9万元（大写：贰佰陆拾玖万元整）).
    /// Nothing anchors it on the left (金额, 按, 人民币… may all stand there), so a glyph before the
    /// digits counts only when it is a recognizer's placeholder mark (?, @, ■…), never a word.
    static let unreadAmountWithUpper = Pattern.make(#"(?<![\d.])((?:\d[\d,.]*(?:[^\s\d,，。;；:：()（）元万%年月日]{1,3}[\d,.]*){1,3}|[?？@#*■□◆●�]{1,2}\d[\d,.]+))\s*(万元|万|元)\s*[(（]\s*(?:人民币)?\s*大写\s*[:：]?\s*(?:人民币)?\s*([^)）,，;；\n]*)"#)

    /// The amount in `range` whose figure could not be read, kept as read with its 大写.
    static func unreadAmount(_ s: TextStream, in range: Range<Int>) -> UnreadAmount? { unreadAmountReading(s, in: range)?.amount }

    static func unreadAmountReading(_ s: TextStream, in range: Range<Int>) -> (amount: UnreadAmount, figure: Range<Int>)? {
        guard let m = s.firstMatch(unreadAmountWithUpper, in: range), let fig = m[1], let fr = m.ranges[1], let ur = m.ranges[2] else { return nil }
        guard isUnreadFigure(fig, minDigits: 1) else { return nil }
        var u = UnreadAmount(figure: s.sourced(fr.lowerBound..<ur.upperBound))
        if let r = m.ranges[3], let upper = m[3], !upper.isEmpty {
            let cleaned = upper.trimmingCharacters(in: .whitespaces)
            u.uppercase = Sourced(cleaned, s.provenance(r.lowerBound..<(r.lowerBound + cleaned.count)))
            u.uppercaseValue = Money.parseUppercase(cleaned).flatMap { $0.complete ? $0.value : nil }
        }
        return (u, fr)
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
        var raw: [(name: String, amount: SourcedDecimal?, share: SourcedDecimal?, start: Int, unreadable: SourcedString?)] = []
        var read: [Range<Int>] = []
        for m in s.matches(budgetItem, in: range) {
            guard let nr = m.ranges[1], let d = m[2], let u = m[3], let dr = m.ranges[2], let sh = m[4], let sr = m.ranges[4],
                  let amount = value(d, u), let share = Decimal(string: sh) else { continue }
            let name = cleanItemName(s.substring(nr))
            guard !name.isEmpty, !name.contains("经费总额") else { continue }
            raw.append((name, Sourced(amount, s.provenance(dr.lowerBound..<(m.ranges[3]?.upperBound ?? dr.upperBound))),
                        Sourced(share, s.provenance(sr.lowerBound..<(sr.upperBound + 1))), nr.lowerBound, nil))
            read.append(m.range)
        }
        // A line cut short after a budget line's amount keeps the amount, without a share.
        let cut = cutItems(s, in: range)
        raw += cut.map { ($0.name, $0.amount, nil, $0.start, nil) }
        // Lines whose figure has unreadable glyphs keep what was read, and their share.
        let unread = unreadItems(s, in: range, besides: read)
        raw += unread.map { ($0.name, nil, $0.share, $0.start, $0.figure) }
        if !cut.isEmpty || !unread.isEmpty { raw.sort { $0.start < $1.start } }
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
            // A line not read counts by its share of the total (when both are known), else as 0.
            func estimate(_ k: Int) -> Decimal {
                if let a = raw[k].amount?.value { return a }
                if let sh = raw[k].share?.value, let t = reading.total?.value { return sh * t / 100 }
                return 0
            }
            let itemValue = estimate(i)
            let ceiling = itemValue * Self.partsTolerance
            for j in (i + 1)..<min(raw.count, i + 1 + Self.maxParts) {
                if let nextMarker, raw[j].start > nextMarker { break }
                sum += estimate(j)
                let d = sum - itemValue
                let diff = d < 0 ? -d : d
                if best.map({ diff < $0.diff }) ?? true { best = (j - i, diff) }
                if sum > ceiling { break }
            }
            if let best, best.diff * 20 <= itemValue {
                for k in (i + 1)...(i + best.count) { parent[k] = item.name }
            }
        }
        reading.items = raw.enumerated().map { (i, r) in (r.name, parent[i], BudgetFigure(amount: r.amount, share: r.share, unreadable: r.unreadable)) }
        return reading
    }

    /// Budget lines whose figure was recognized with unreadable glyphs (`budgetItemUnread`), outside
    /// the lines already read: the figure as read (with its unit) and the share.
    static func unreadItems(_ s: TextStream, in range: Range<Int>, besides read: [Range<Int>]) -> [(name: String, figure: SourcedString, share: SourcedDecimal, start: Int)] {
        var out: [(name: String, figure: SourcedString, share: SourcedDecimal, start: Int)] = []
        for m in s.matches(budgetItemUnread, in: range) {
            guard let nr = m.ranges[1], let d = m[2], let dr = m.ranges[2], let ur = m.ranges[3], let sh = m[4], let sr = m.ranges[4],
                  let share = Decimal(string: sh) else { continue }
            // Not inside a line read whole; at least two digits; at most three glyphs that are not.
            guard !read.contains(where: { $0.overlaps(m.range) }) else { continue }
            guard isUnreadFigure(d, minDigits: 2) else { continue }
            let name = cleanItemName(s.substring(nr))
            guard !name.isEmpty, !name.contains("经费总额") else { continue }
            out.append((name, s.sourced(dr.lowerBound..<ur.upperBound), Sourced(share, s.provenance(sr.lowerBound..<(sr.upperBound + 1))), nr.lowerBound))
        }
        return out
    }

    /// The budget lines whose amount ends a paragraph cut short in the source, the share lost
    /// (`budgetItemCut`), in `range`. Only the last line of such a paragraph, and only when the
    /// paragraph ends inside `range`.
    static func cutItems(_ s: TextStream, in range: Range<Int>) -> [(name: String, amount: SourcedDecimal, start: Int)] {
        guard !range.isEmpty, !s.paragraphs.isEmpty else { return [] }
        var out: [(name: String, amount: SourcedDecimal, start: Int)] = []
        let first = s.paragraphIndex(at: range.lowerBound), last = s.paragraphIndex(at: range.upperBound - 1)
        for i in first...last where s.paragraphs[i].truncated {
            let end = s.starts[i] + s.paragraphs[i].text.count
            // The line's name, figure and cut share fit well within its last 160 characters.
            let lo = max(range.lowerBound, s.starts[i], end - 160)
            guard end <= range.upperBound, lo < end,
                  let m = s.matches(budgetItemCut, in: lo..<end).last, m.range.upperBound == end,
                  let nr = m.ranges[1], let d = m[2], let u = m[3], let dr = m.ranges[2], let amount = value(d, u) else { continue }
            let name = cleanItemName(s.substring(nr))
            guard !name.isEmpty, !name.contains("经费总额") else { continue }
            out.append((name, Sourced(amount, s.provenance(dr.lowerBound..<(m.ranges[3]?.upperBound ?? dr.upperBound))), nr.lowerBound))
        }
        return out
    }

    /// `numeral.lenient` actions for the contract's 大写 amounts read in a lenient form
    /// (壹仟零拾元整 read as 1010): for the normalizer to call once the money terms are read.
    static func noteLenientNumerals(_ c: Contract, into log: inout ActionLog) {
        for m in [c.amount?.original, c.amount?.amended] {
            guard let m, let upper = m.uppercase, let r = Money.parseUppercase(upper.value), !r.lenient.isEmpty else { continue }
            log.record(ChineseNumerals.lenientActionCode, example: ChineseNumerals.LenientForms.example(upper.value, r.value, r.lenient))
        }
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
    /// A monthly fee recognized with unreadable glyphs, after the words that introduce a fee
    /// (每月2O0?20元, 费用为@24166元): glyphs that are not digits among the digits (at most three),
    /// or one or two before them.
    static let unreadFee = Pattern.make(#"(?:每月|费用|为|按)\s*((?:\d[\d,.]*(?:[^\s\d,，。;；:：()（）元万%年月日至到]{1,3}[\d,.]*){1,3}|[^\s\d,，。;；:：()（）元万%年月日至到为是每按]{1,2}\d[\d,.]+))\s*(万元|元)"#)

    static func schedule(_ s: TextStream, in range: Range<Int>) -> (spans: [PaymentSpan], stated: SourcedDecimal?, unread: [UnreadSpan]) {
        let dates = s.matches(yearMonth, in: range)
        var spans: [PaymentSpan] = []
        var unread: [UnreadSpan] = []
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
            // A fee with unreadable glyphs, before any whole figure (whose digits may be its tail:
            // 2O0?20元 holds "20元"): kept as read, not taken for the tail.
            if let f = s.firstMatch(unreadFee, in: window), let fr = f.ranges[1], let ur = f.ranges[2], let fee = f[1],
               s.firstMatch(yuan, in: window).map({ $0.range.lowerBound >= fr.lowerBound }) ?? true,
               isUnreadFigure(fee, minDigits: 2),
               !s.substring(window.lowerBound..<f.range.lowerBound).contains("合计"),
               let from = ym(d1), let to = ym(end) {
                unread.append(UnreadSpan(from: from, to: to, fee: s.sourced(fr.lowerBound..<ur.upperBound)))
                continue
            }
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
        return (spans, stated, unread)
    }

    static func ym(_ m: TextStream.Match) -> String? {
        guard let y = m[1].flatMap({ Int($0) }), let mo = m[2].flatMap({ Int($0) }), (1...12).contains(mo) else { return nil }
        return String(format: "%04d-%02d", y, mo)
    }
}
