import Foundation

/// Calendar dates written the Chinese way (2025年7月30日, 二〇二五年七月三十日, 2025 年 8 月) or
/// numerically (2025-07-30, 2025.7.30, 2025/7/30, 2025-07).
public enum ChineseDates {

    public struct DateMatch: Sendable, Hashable {
        /// Character (grapheme) offsets in the input.
        public var range: Range<Int>
        /// "2025-07-30", or "2025-08" when no day is written.
        public var iso: String
        public var year: Int
        public var month: Int
        public var day: Int?
        public init(range: Range<Int>, iso: String, year: Int, month: Int, day: Int?) {
            self.range = range; self.iso = iso; self.year = year; self.month = month; self.day = day
        }
    }

    // Han digits for years written digit by digit, and Han numbers for months/days.
    private static let yearWord = UTF8Search.bytes(["年"]), monthWord = UTF8Search.bytes(["月"])
    private static let hanDigit = "[〇零○一二三四五六七八九]"
    private static let hanSmall = "[一二三四五六七八九十两]{1,3}"

    // 1: year, 2: month, 3: day (optional)
    private static let chinesePattern = try? NSRegularExpression(pattern:
        "(?<![0-9])([0-9]{4}|\(hanDigit){4})\\s*年\\s*([0-9]{1,2}|\(hanSmall))\\s*月(?:\\s*([0-9]{1,2}|\(hanSmall))\\s*[日号])?")
    // 1: year, 2: month, 3: separator, 4: day
    private static let numericPattern = try? NSRegularExpression(pattern:
        "(?<![0-9.\\-/])([0-9]{4})\\s*([-./])\\s*([0-9]{1,2})\\s*\\2\\s*([0-9]{1,2})(?![0-9])")
    // Year-month only, with - or / and no third part: 2025-07, 2025/7
    private static let yearMonthPattern = try? NSRegularExpression(pattern:
        "(?<![0-9.\\-/])([0-9]{4})([-/])([0-9]{1,2})(?![0-9]|\\s*[-./]\\s*[0-9])")

    /// Every valid date in `s`, in order. Invalid dates (month 13, 2025-02-29) and blank
    /// placeholders (年 月 日) are not matched.
    public static func findAll(in s: String) -> [DateMatch] {
        // Every pattern needs 年 and 月, or four ASCII digits in a row.
        guard UTF8Search.hasDigitRun(s, length: 4) || (UTF8Search.containsAny(s, yearWord) && UTF8Search.containsAny(s, monthWord))
        else { return [] }
        let ns = s as NSString
        let whole = NSRange(location: 0, length: ns.length)
        // UTF-16 offset → Character offset.
        var charIndex = [Int](repeating: 0, count: ns.length + 1)
        var u = 0, c = 0
        for ch in s {
            let len = ch.utf16.count
            for k in 0..<len where u + k <= ns.length { charIndex[u + k] = c }
            u += len; c += 1
        }
        if ns.length < charIndex.count { charIndex[ns.length] = c }

        var found: [(NSRange, DateMatch)] = []
        func overlaps(_ r: NSRange) -> Bool { found.contains { NSIntersectionRange($0.0, r).length > 0 } }
        func add(_ r: NSRange, _ y: Int?, _ m: Int?, _ d: Int??) {
            guard let y, let m, let d else { return }
            guard !overlaps(r), let match = make(year: y, month: m, day: d,
                                                   range: charIndex[r.location]..<charIndex[r.location + r.length]) else { return }
            found.append((r, match))
        }
        func group(_ m: NSTextCheckingResult, _ i: Int) -> String? {
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : ns.substring(with: r)
        }
        chinesePattern?.enumerateMatches(in: s, range: whole) { m, _, _ in
            guard let m else { return }
            // A day group that is written but unreadable rejects the whole date.
            let day: Int??
            if let dg = group(m, 3) { day = number(dg).map { .some($0) } } else { day = .some(nil) }
            add(m.range, group(m, 1).flatMap(number), group(m, 2).flatMap(number), day)
        }
        numericPattern?.enumerateMatches(in: s, range: whole) { m, _, _ in
            guard let m else { return }
            add(m.range, group(m, 1).flatMap(number), group(m, 3).flatMap(number), .some(group(m, 4).flatMap(number)))
        }
        yearMonthPattern?.enumerateMatches(in: s, range: whole) { m, _, _ in
            guard let m else { return }
            add(m.range, group(m, 1).flatMap(number), group(m, 3).flatMap(number), .some(nil))
        }
        return found.sorted { $0.0.location < $1.0.location }.map(\.1)
    }

    /// The date when `s` (trimmed) is exactly one date, else nil.
    public static func parse(_ s: String) -> DateMatch? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        let all = findAll(in: t)
        guard all.count == 1, let m = all.first, m.range == 0..<t.count else { return nil }
        let lead = s.prefix { $0.isWhitespace }.count
        var out = m
        out.range = (m.range.lowerBound + lead)..<(m.range.upperBound + lead)
        return out
    }

    /// Days in `month` of `year` (proleptic Gregorian), or nil for an invalid month.
    public static func daysIn(month: Int, year: Int) -> Int? {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        default: return nil
        }
    }

    static func make(year: Int, month: Int, day: Int?, range: Range<Int>) -> DateMatch? {
        guard (1900...2199).contains(year), let dim = daysIn(month: month, year: year) else { return nil }
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)"
        if let day {
            guard (1...dim).contains(day) else { return nil }
            let d = day < 10 ? "0\(day)" : "\(day)"
            return DateMatch(range: range, iso: "\(y)-\(m)-\(d)", year: year, month: month, day: day)
        }
        return DateMatch(range: range, iso: "\(y)-\(m)", year: year, month: month, day: nil)
    }

    private static func number(_ s: String) -> Int? {
        if let v = Int(s) { return v }
        guard let d = ChineseNumerals.parseInteger(s) else { return nil }
        return NSDecimalNumber(decimal: d).intValue
    }
}
