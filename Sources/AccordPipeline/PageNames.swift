import Foundation

/// A file name read as one page of a set: what comes before the page number, the number, and what
/// comes after it. Two names are pages of one set when they differ only by the number (the same
/// `head` and `tail`, in one folder).
///
/// The number is the last run of digits of the name before its extension, optionally followed by
/// `)` or `页`: `X_p1.jpg`, `X-p1.jpg`, `X_page2.png`, `X (1).pdf`, `scan001.tif`, `第1页.jpg`. It
/// has at most 4 digits and is at most `maxNumber` (a year is not a page number). A name whose
/// number follows a version marker (`v2`, `rev3`) or ends a date (`2025-08-01`) is not a page.
public struct PageName: Sendable, Hashable {
    /// The name up to the number (`X_p`, `scan`, `X (`, possibly empty).
    public var head: String
    /// The digits as written (`001`).
    public var digits: String
    /// The name after the number (`.jpg`, `).pdf`, `页.png`).
    public var tail: String

    public var number: Int { Int(digits) ?? 0 }

    /// Page numbers above this are taken for something else (a year, a serial number).
    public static let maxNumber = 999

    public init(head: String, digits: String, tail: String) {
        self.head = head; self.digits = digits; self.tail = tail
    }

    /// The name with another number written in place of this one (`[1-2]` for a set).
    public func with(_ number: String) -> String { head + number + tail }

    /// The page reading of a file name (the last path component), or nil when it has no page number.
    public static func parse(_ fileName: String) -> PageName? {
        let chars = Array(fileName)
        // The extension: a last `.` followed by 1–5 letters or digits (and something before it).
        var stemEnd = chars.count
        if let dot = chars.lastIndex(of: "."), dot > 0, (1...5).contains(chars.count - dot - 1),
           chars[(dot + 1)...].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
           !chars[(dot + 1)...].allSatisfy(\.isNumber) {
            stemEnd = dot
        }
        // A closing `)` or `页` may follow the number.
        var digitsEnd = stemEnd
        if digitsEnd > 0, chars[digitsEnd - 1] == ")" || chars[digitsEnd - 1] == "页" { digitsEnd -= 1 }
        var digitsStart = digitsEnd
        while digitsStart > 0, chars[digitsStart - 1].isASCII, chars[digitsStart - 1].isNumber { digitsStart -= 1 }
        let digitCount = digitsEnd - digitsStart
        guard (1...4).contains(digitCount) else { return nil }
        let head = String(chars[0..<digitsStart]), digits = String(chars[digitsStart..<digitsEnd])
        let tail = String(chars[digitsEnd...])
        // `)` must close a `(` just before the number, `页` a `第`.
        if tail.hasPrefix(")") != head.hasSuffix("(") { return nil }
        if tail.hasPrefix("页") != head.hasSuffix("第") { return nil }
        guard let n = Int(digits), n <= maxNumber else { return nil }
        if head.range(of: #"(?i)(?:^|[^a-z])(?:v|ver|rev|version)[ _.-]?$"#, options: .regularExpression) != nil { return nil }
        if head.range(of: #"\d{4}[-_.]?\d{1,2}[-_.]?$"#, options: .regularExpression) != nil { return nil }
        return PageName(head: head, digits: digits, tail: tail)
    }
}
