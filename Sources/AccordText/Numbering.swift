import Foundation
import AccordModel

/// Splitting a cell's text that holds several numbered parts.
///
/// Markers must run in sequence (1, 2, 3… or (4.1), (4.2)…), so numbers inside the text
/// ("2.5小时", "不少于1次", "(发展1支…)") are never split points. Text before the first marker is
/// kept as a part with a nil number. The number is returned as written but in ASCII
/// ("1．"→"1.", "（4.1）"→"(4.1)"); each part's text is trimmed, white space next to CJK
/// punctuation is dropped, and trailing separators (；;，,。) are removed.
public enum Numbering {

    public typealias Part = (number: String?, text: String)

    /// Splits "1. … 2. …", "1、… 2、…", "1．…" (also across lines). Without numbering: `[(nil, s)]`.
    public static func splitNumbered(_ s: String) -> [Part] {
        let chars = PlainText.characters(s)
        var markers: [(start: Int, end: Int, label: String)] = []
        var expected = 1
        var i = 0
        while i < chars.count {
            guard let d = asciiDigit(chars[i]), i == 0 || !isDigitLike(chars[i - 1]) else { i += 1; continue }
            var j = i
            var value = 0
            while j < chars.count, let dj = asciiDigit(chars[j]), j - i < 3 { value = value * 10 + dj; j += 1 }
            _ = d
            guard j < chars.count, j - i <= 2, asciiDigit(chars[j]) == nil else { i = j; continue }
            let sep = chars[j]
            let isSep = sep == "." || sep == "、" || sep == "．"
            // "2.5": a dot followed by a digit is a decimal point, not a marker.
            let followedByDigit = j + 1 < chars.count && (asciiDigit(chars[j + 1]) != nil)
            if isSep, !(sep != "、" && followedByDigit), value == expected, precedesMarker(i == 0 ? nil : chars[i - 1]) {
                let label = String(chars[i..<j]) .map { String(asciiDigit($0).map { Character(String($0)) } ?? $0) }.joined()
                    + (sep == "．" ? "." : String(sep))
                markers.append((i, j + 1, label))
                expected += 1
                i = j + 1
                continue
            }
            i = j
        }
        return parts(chars, markers)
    }

    /// Splits sub-item numbering "(1) … (2) …", "(4.1) … (4.2) …", "（3.2）…" (ASCII or full-width
    /// parentheses holding only digits and dots). The first marker must end in 1; each next marker
    /// has the same prefix and the next last number. Without such numbering: `[(nil, s)]`.
    public static func splitParenNumbered(_ s: String) -> [Part] {
        let chars = PlainText.characters(s)
        var markers: [(start: Int, end: Int, label: String)] = []
        var prefix: [Int]? = nil
        var nextLast = 1
        var i = 0
        while i < chars.count {
            guard !isUnifiedIdeograph(chars[i]), chars[i] == "(" || chars[i] == "（" else { i += 1; continue }
            var j = i + 1
            while j < chars.count, chars[j] == " " { j += 1 }
            var comps: [Int] = []
            var cur: Int? = nil
            var ok = true
            while j < chars.count {
                let c = chars[j]
                if let d = asciiDigit(c) {
                    cur = (cur ?? 0) * 10 + d
                    if (cur ?? 0) > 999 { ok = false; break }
                } else if c == "." || c == "．" {
                    guard let v = cur else { ok = false; break }
                    comps.append(v); cur = nil
                } else { break }
                j += 1
            }
            while j < chars.count, chars[j] == " " { j += 1 }
            guard ok, let last = cur, j < chars.count, chars[j] == ")" || chars[j] == "）" else { i += 1; continue }
            let head = comps
            let accepted: Bool
            if let p = prefix { accepted = head == p && last == nextLast } else { accepted = last == 1 }
            if accepted {
                prefix = head
                nextLast = last + 1
                let label = "(" + (head + [last]).map(String.init).joined(separator: ".") + ")"
                markers.append((i, j + 1, label))
                i = j + 1
                continue
            }
            i += 1
        }
        return parts(chars, markers)
    }

    // MARK: helpers

    private static func parts(_ chars: [Character], _ markers: [(start: Int, end: Int, label: String)]) -> [Part] {
        guard !markers.isEmpty else { return [(nil, tidy(chars[...]))] }
        var out: [Part] = []
        let lead = tidy(chars[0..<markers[0].start])
        if !lead.isEmpty { out.append((nil, lead)) }
        for (k, m) in markers.enumerated() {
            let end = k + 1 < markers.count ? markers[k + 1].start : chars.count
            out.append((m.label, tidy(chars[m.end..<end])))
        }
        return out
    }

    static func asciiDigit(_ c: Character) -> Int? {
        // One scalar (nearly every character): its value decides; nothing canonically
        // equivalent to a digit is a single other scalar, so this agrees with the ranges below.
        let scalars = c.unicodeScalars
        if let s = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
            switch s.value {
            case 0x30...0x39: return Int(s.value - 0x30)
            case 0xFF10...0xFF19: return Int(s.value - 0xFF10)
            default: return nil
            }
        }
        switch c {
        case "0"..."9": return c.wholeNumberValue
        case "０"..."９": return c.wholeNumberValue
        default: return nil
        }
    }

    /// A single scalar in U+4E00–U+9FFF: a Han character that no other character sequence is
    /// canonically equivalent to, so it is not white space, a digit or any punctuation mark, and
    /// comparing it with one can be skipped.
    static func isUnifiedIdeograph(_ c: Character) -> Bool {
        // Three UTF-8 bytes with lead E4-E9 are one scalar in U+4000-9FFF.
        let u = c.utf8
        guard u.count == 3, let b0 = u.first, b0 >= 0xE4 && b0 <= 0xE9 else { return false }
        let i1 = u.index(after: u.startIndex), i2 = u.index(after: i1)
        let v = UInt32(b0 & 0x0F) << 12 | UInt32(u[i1] & 0x3F) << 6 | UInt32(u[i2] & 0x3F)
        return v >= 0x4E00 && v <= 0x9FFF
    }

    private static func isDigitLike(_ c: Character) -> Bool { asciiDigit(c) != nil || c == "." || c == "．" }

    /// What may stand right before a numbering marker.
    private static func precedesMarker(_ c: Character?) -> Bool {
        guard let c else { return true }
        if c.isWhitespace { return true }
        if "；;。,，%％)）:：".contains(c) { return true }
        return TextCleaning.isHan(c)
    }

    /// `tidy` of characters that are one scalar each, worked scalar by scalar (for such a
    /// character, `isWhitespace` is its scalar's White_Space property, `Unicode.Scalar.isWhitespace`
    /// in TargetClauseUnits.swift); nil when some character is more than one scalar.
    static func tidyScalars(_ slice: ArraySlice<Character>) -> String? {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var last: Unicode.Scalar?
        for c in slice {
            let u = c.unicodeScalars
            guard let v = u.first, u.index(after: u.startIndex) == u.endIndex else { return nil }
            if v.isWhitespace { pendingSpace = last != nil; continue }
            if pendingSpace, let l = last, !isCJKPunct(l), !isCJKPunct(v) { out.append(" ") }
            pendingSpace = false
            out.append(v)
            last = v
        }
        while let l = out.last, isTrailingSeparator(l) || l.isWhitespace { out.removeLast() }
        return String(out)
    }

    /// The CJK punctuation next to which `tidy` drops a space.
    private static func isCJKPunct(_ v: Unicode.Scalar) -> Bool {
        switch v {
        case "，", "。", "；", "：", "、", "（", "）", "！", "？", "“", "”", "《", "》": return true
        default: return false
        }
    }

    /// A separator `tidy` removes from the end.
    private static func isTrailingSeparator(_ v: Unicode.Scalar) -> Bool {
        v == "；" || v == ";" || v == "，" || v == "," || v == "。"
    }

    /// `test` of a character's scalar when it has one only (false otherwise: the scalars the tests
    /// above accept have no canonical equivalents, so no character of several scalars equals one).
    private static func oneScalar(_ c: Character, _ test: (Unicode.Scalar) -> Bool) -> Bool {
        let u = c.unicodeScalars
        guard let v = u.first, u.index(after: u.startIndex) == u.endIndex else { return false }
        return test(v)
    }

    /// Trims, folds white-space runs to one space, drops white space next to CJK punctuation
    /// and removes trailing separators.
    static func tidy(_ slice: ArraySlice<Character>) -> String {
        tidyScalars(slice) ?? tidyCharacters(slice)
    }

    /// `tidy`, character by character.
    static func tidyCharacters(_ slice: ArraySlice<Character>) -> String {
        var out: [Character] = []
        var pendingSpace = false
        for c in slice {
            if !isUnifiedIdeograph(c), c.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace, let last = out.last, !oneScalar(last, isCJKPunct), !oneScalar(c, isCJKPunct) { out.append(" ") }
            pendingSpace = false
            out.append(c)
        }
        while let last = out.last, oneScalar(last, isTrailingSeparator) || last.isWhitespace { out.removeLast() }
        return String(out)
    }
}
