import Foundation

/// What the columns of a service-indicator table mean, and how a cell's text looks for each.
///
/// Shared knowledge: readers use it to recognise a flattened table's header and to put a
/// dump's loose cells back into columns; the normalizer uses it to map headers to fields.
public enum IndicatorRole: String, Sendable, CaseIterable, Codable {
    case category, item, requirement, subitem, standard
}

public enum IndicatorVocabulary {
    /// Header text (whitespace removed) → role.
    public static let headers: [String: IndicatorRole] = [
        "服务类别": .category, "类别": .category, "服务类型": .category, "服务领域": .category, "服务板块": .category,
        "服务大项": .item, "服务项目": .item, "项目": .item, "服务事项": .item, "项目名称": .item, "大项": .item,
        "服务要求": .requirement, "具体服务内容": .requirement, "服务内容": .requirement, "工作内容": .requirement,
        "工作要求": .requirement, "服务描述": .requirement,
        "服务细项": .subitem, "服务子项": .subitem, "细项": .subitem, "具体内容": .subitem, "服务细则": .subitem,
        "专业服务量化标准": .standard, "服务指标": .standard, "量化标准": .standard, "量化指标": .standard,
        "考核指标": .standard, "服务量化标准": .standard, "绩效指标": .standard, "服务标准": .standard,
        "考核标准": .standard, "指标要求": .standard, "服务数量": .standard, "服务量化指标": .standard,
        "专业服务量化指标": .standard, "服务指标(调整)": .standard,
    ]

    public static func role(ofHeader text: String) -> IndicatorRole? {
        headers[text.filter { !$0.isWhitespace }]
    }

    /// True when `text` could be the start of a header name (a header cell split over lines).
    public static func isHeaderPrefix(_ text: String) -> Bool {
        let t = text.filter { !$0.isWhitespace }
        return !t.isEmpty && headers.keys.contains { $0.hasPrefix(t) && $0 != t }
    }

    static let targetWords = ["不少于", "至少", "不低于", "以上", "覆盖", "≥", ">=", "不超过", "不多于", "每年", "每季度", "每月", "每个月", "每周",
                              "根据社区", "协助不少于", "年中报告", "年终报告", "必访"]
    static let targetWordBytes: [[UInt8]] = targetWords.map { Array($0.utf8) }

    /// Naive byte search (needles are a few bytes, haystacks a cell).
    static func occurs(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first, needle.count <= hay.count else { return false }
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    // try!: a literal pattern, independent of any input, compiled once on first use (every golden test runs it).
    static let quantity = try! NSRegularExpression(pattern: "[0-9一二三四五六七八九十两]+\\s*(次|场|个|人|节|小时|时|户|篇|支|例|份|名|学时|项|期|%)")

    /// How well `text` fits each column role (higher is better; 0 is neutral).
    public static func scores(_ raw: String) -> [IndicatorRole: Double] {
        let text = raw.trimmingCharacters(in: .whitespaces)
        var s: [IndicatorRole: Double] = [.category: 0, .item: 0, .requirement: 0, .subitem: 0, .standard: 0]
        let n = text.count
        let ns = text as NSString
        // Byte search: Foundation's String.contains(String) costs more than the rest of this function.
        var utf8 = text
        let hasTarget = utf8.withUTF8 { hay in targetWordBytes.contains { Self.occurs($0, in: hay) } }
            || quantity.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) != nil
        let parenNumbered = text.hasPrefix("(") && ListLabel.paren(text) != nil
        let label = ListLabel.dotted(text, maxDigits: 9)
        let dotNumbered = label.map { $0.separator != "、" } ?? false
        let commaNumbered = label?.separator == "、"
        let punct = text.contains { "，,。；;：:".contains($0) }
        if parenNumbered {
            s[.subitem, default: 0] += 4; s[.standard, default: 0] -= 2; s[.requirement, default: 0] -= 2
            return s
        }
        if hasTarget && n <= 60 { s[.standard, default: 0] += 3 }
        if dotNumbered { s[.standard, default: 0] += 1.5 }
        if commaNumbered {
            if hasTarget { s[.standard, default: 0] += 1 } else { s[.item, default: 0] += 3.5 }
        }
        if !dotNumbered && !commaNumbered {
            if text.hasSuffix("类") && n <= 10 { s[.category, default: 0] += 3 }
            if n <= 8 && !punct && !hasTarget { s[.category, default: 0] += 1.5; s[.item, default: 0] += 1 }
            else if n <= 16 && !punct && !hasTarget { s[.item, default: 0] += 1.2; s[.category, default: 0] += 0.5 }
            if n > 12 && !hasTarget { s[.requirement, default: 0] += 2.5 }
            if n > 60 { s[.requirement, default: 0] += 1.5; s[.standard, default: 0] -= 2 }
            if n > 12 && hasTarget && n > 30 { s[.requirement, default: 0] += 1 }
        }
        if text.hasPrefix("(") || text.hasPrefix("（") { s[.standard, default: 0] += 0.5 }
        return s
    }

    /// The best role for a cell's text.
    public static func bestRole(_ text: String) -> IndicatorRole {
        let s = scores(text)
        return IndicatorRole.allCases.max { (s[$0] ?? 0) < (s[$1] ?? 0) } ?? .requirement
    }
}
