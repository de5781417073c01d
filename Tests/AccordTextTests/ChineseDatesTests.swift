import Foundation
import Testing
@testable import AccordText

@Suite struct ChineseDatesTests {
    @Test(arguments: [
        ("2025年7月30日", "2025-07-30"), ("2025 年 8 月", "2025-08"), ("2025年8月2日", "2025-08-02"),
        ("二〇二五年七月三十日", "2025-07-30"), ("2025-07-30", "2025-07-30"), ("2025.7.30", "2025-07-30"),
        ("2025/7/30", "2025-07-30"), ("2024年2月29日", "2024-02-29"), ("2000-02-29", "2000-02-29"),
        ("二〇二四年十二月三十一日", "2024-12-31"), ("2025年12月", "2025-12"), ("2025-07", "2025-07"),
        ("2025年7月30号", "2025-07-30"), (" 2025 年 7 月 30 日 ", "2025-07-30"), ("二零二五年一月一日", "2025-01-01"),
        ("2025 - 07 - 30", "2025-07-30"), ("二〇二五年十月", "2025-10"),
    ])
    func parsesWholeDates(_ input: String, _ iso: String) {
        #expect(ChineseDates.parse(input)?.iso == iso, "\(input)")
    }

    @Test(arguments: [
        "2025年13月1日", "2025年2月29日", "2025年4月31日", "1900-02-29", "2025-00-10", "2025.7.32", "2025年0月",
        "签订日期： 年 月 日", "年 月 日", "2025 年 月 日", "2025年七月三十二日", "12345", "2025", "2025.7",
        "2025年7月30日至2026年6月30日", "二〇二五年十三月",
    ])
    func rejects(_ input: String) {
        #expect(ChineseDates.parse(input) == nil, "\(input)")
    }

    @Test func findsAllWithCharacterRanges() {
        let s = "服务期限：自2025年7月30日起至2026年6月30日止，签订日期： 年 月 日，付款2025-08。"
        let all = ChineseDates.findAll(in: s)
        #expect(all.map(\.iso) == ["2025-07-30", "2026-06-30", "2025-08"])
        let chars = Array(s)
        #expect(all.count == 3)
        if all.count == 3 {
            #expect(String(chars[all[0].range]) == "2025年7月30日")
            #expect(String(chars[all[1].range]) == "2026年6月30日")
            #expect(String(chars[all[2].range]) == "2025-08")
            #expect(all[0].year == 2025 && all[0].month == 7 && all[0].day == 30)
            #expect(all[2].day == nil)
        }
    }

    @Test func rangesCountCharactersNotUTF16() {
        // 𠀀 is one Character but two UTF-16 units.
        let s = "𠀀𠀀于2025年8月2日"
        let m = ChineseDates.findAll(in: s)
        #expect(m.first?.range == 3..<12)
    }

    @Test func invalidDayDoesNotFallBackToMonth() {
        #expect(ChineseDates.findAll(in: "2025年2月30日").isEmpty)
        #expect(ChineseDates.findAll(in: "截至2023年2月29日").isEmpty)
    }

    @Test func daysInMonth() {
        #expect(ChineseDates.daysIn(month: 2, year: 2024) == 29)
        #expect(ChineseDates.daysIn(month: 2, year: 1900) == 28)
        #expect(ChineseDates.daysIn(month: 2, year: 2000) == 29)
        #expect(ChineseDates.daysIn(month: 9, year: 2025) == 30)
        #expect(ChineseDates.daysIn(month: 13, year: 2025) == nil)
    }
}
