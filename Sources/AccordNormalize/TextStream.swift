import Foundation
import AccordModel

/// The body paragraphs of a document as one searchable string, with every character range
/// traceable back to its paragraphs (and so to the source).
///
/// Paragraphs are joined with "\n", so patterns may cross a paragraph break the conversion
/// introduced (`2026 年 1 月至` / `2026年6月…`) with `\s*`.
struct TextStream: @unchecked Sendable {
    // Unchecked: `ns` is an immutable NSString made from `text` and never changed.
    let text: String
    let paragraphs: [Paragraph]
    /// Character offset of each paragraph's first character in `text`.
    let starts: [Int]
    let source: String
    private let ns: NSString
    /// UTF-16 offset → character offset.
    private let u16ToChar: [Int]

    init(paragraphs: [Paragraph], source: String) {
        self.paragraphs = paragraphs
        self.source = source
        var starts: [Int] = []
        var pos = 0
        for p in paragraphs { starts.append(pos); pos += p.text.count + 1 }
        self.starts = starts
        self.text = paragraphs.map(\.text).joined(separator: "\n")
        self.ns = text as NSString
        var map: [Int] = []
        map.reserveCapacity(ns.length + 1)
        var c = 0
        for ch in text {
            for _ in 0..<ch.utf16.count { map.append(c) }
            c += 1
        }
        map.append(c)
        self.u16ToChar = map
    }

    var count: Int { starts.last.map { $0 + (paragraphs.last?.text.count ?? 0) } ?? 0 }

    // MARK: matching

    struct Match {
        /// Character ranges of the whole match (index 0) and each group (nil when the group did not take part).
        let ranges: [Range<Int>?]
        let strings: [String?]
        // Group 0 (the whole match) always takes part in a match NSRegularExpression reports.
        var range: Range<Int> { ranges.first.flatMap { $0 } ?? 0..<0 }
        subscript(_ i: Int) -> String? { i < strings.count ? strings[i] : nil }
    }

    func matches(_ re: NSRegularExpression, in range: Range<Int>? = nil) -> [Match] {
        let r = range.map { utf16Range($0) } ?? NSRange(location: 0, length: ns.length)
        return re.matches(in: text, range: r).map { m in
            var ranges: [Range<Int>?] = [], strings: [String?] = []
            for g in 0..<m.numberOfRanges {
                let gr = m.range(at: g)
                if gr.location == NSNotFound { ranges.append(nil); strings.append(nil); continue }
                ranges.append(u16ToChar[gr.location]..<u16ToChar[gr.location + gr.length])
                strings.append(ns.substring(with: gr))
            }
            return Match(ranges: ranges, strings: strings)
        }
    }

    func firstMatch(_ re: NSRegularExpression, in range: Range<Int>? = nil) -> Match? {
        matches(re, in: range).first
    }

    func substring(_ r: Range<Int>) -> String {
        let a = utf16Offset(r.lowerBound), b = utf16Offset(r.upperBound)
        return ns.substring(with: NSRange(location: a, length: b - a))
    }

    private func utf16Offset(_ charOffset: Int) -> Int {
        // Binary search in the monotone map.
        var lo = 0, hi = u16ToChar.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if u16ToChar[mid] < charOffset { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func utf16Range(_ r: Range<Int>) -> NSRange {
        let a = utf16Offset(r.lowerBound), b = utf16Offset(r.upperBound)
        return NSRange(location: a, length: max(0, b - a))
    }

    // MARK: provenance

    /// Index of the paragraph holding character `offset`.
    func paragraphIndex(at offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return max(0, lo)
    }

    /// Where characters `range` of the stream came from.
    func provenance(_ range: Range<Int>, confidence: Double = 1) -> Provenance {
        guard !paragraphs.isEmpty else {
            return Provenance(source: source, locator: Locator(), text: "", confidence: confidence)
        }
        let first = paragraphIndex(at: range.lowerBound)
        let last = paragraphIndex(at: max(range.lowerBound, range.upperBound - 1))
        func local(_ i: Int, _ r: Range<Int>) -> Provenance {
            let s = starts[i], n = paragraphs[i].text.count
            let lo = min(max(0, r.lowerBound - s), n), hi = min(max(lo, r.upperBound - s), n)
            return paragraphs[i].content.provenance(lo..<hi, source: source, confidence: confidence)
        }
        if first == last { return local(first, range) }
        var a = local(first, range), b = local(last, range)
        var texts = [a.text]
        for i in (first + 1)..<last { texts.append(paragraphs[i].content.original) }
        texts.append(b.text)
        a.locator.endLine = b.locator.endLine ?? b.locator.line
        a.locator.endColumn = b.locator.endColumn
        if a.locator.part != nil, b.locator.paragraph != a.locator.paragraph { a.locator.endColumn = nil }
        b.confidence = min(a.confidence, b.confidence)
        return Provenance(source: source, locator: a.locator, text: texts.joined(separator: "\n"), confidence: b.confidence)
    }

    /// The recognizer's confidence of each character of `range` (which lies in one paragraph);
    /// nil for text read as typed.
    func glyphConfidences(_ range: Range<Int>) -> [Float]? {
        guard !paragraphs.isEmpty, !range.isEmpty else { return nil }
        let i = paragraphIndex(at: range.lowerBound)
        let lo = range.lowerBound - starts[i]
        return paragraphs[i].content.glyphConfidences(lo..<(lo + range.count))
    }

    /// Whether any paragraph under `range` was cut short in the source.
    func isTruncated(_ range: Range<Int>) -> Bool {
        guard !paragraphs.isEmpty, !range.isEmpty else { return false }
        let a = paragraphIndex(at: range.lowerBound), b = paragraphIndex(at: range.upperBound - 1)
        return (a...b).contains { paragraphs[$0].truncated }
    }

    /// Where the paragraph holding `offset` came from (text, OCR, an inherited OCR layer).
    func origin(at offset: Int) -> Paragraph.Origin { paragraphs.isEmpty ? .text : paragraphs[paragraphIndex(at: offset)].origin }

    func sourced(_ range: Range<Int>, confidence: Double = 1) -> SourcedString {
        Sourced(substring(range), provenance(range, confidence: confidence))
    }
}

/// Compiled patterns (NSRegularExpression: Swift Regex is many times slower on CJK text here).
enum Pattern {
    static func make(_ p: String) -> NSRegularExpression {
        // try!: patterns are literals in this module, independent of any input, compiled once into
        // static lets; a bad one is a programming error caught by the tests, never a file's doing.
        try! NSRegularExpression(pattern: p, options: [])
    }
}
