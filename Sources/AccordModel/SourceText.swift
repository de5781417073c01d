/// A run of cleaned text that remembers, character by character, where it came from.
///
/// `text` is what later stages read (NFKC-normalized, spaces between Han characters removed…);
/// `original` is the exact source snippet; `offsets[i]` is the character offset in `original`
/// of `text`'s i-th character, with one extra entry (== original.count) at the end.
/// `base` locates `original`'s first character; a newline inside `original` advances the line.
public struct SourceText: Hashable, Sendable, Codable {
    public var text: String
    public var original: String
    public var offsets: [Int]
    public var base: Locator
    /// Per-character confidence of `original` (OCR); nil means certain.
    public var confidences: [Float]?
    /// Per-character boxes of `original` (OCR), `[x0, y0, x1, y1]`.
    public var boxes: [[Int]]?

    public init(text: String, original: String, offsets: [Int], base: Locator,
                confidences: [Float]? = nil, boxes: [[Int]]? = nil) {
        // A caller's invariant, not a property of the input: every caller builds `offsets` while
        // walking `text`. Checked in debug builds (tests) only; re-counting the characters of every
        // run cost ≈1.5% of a large DOCX extract.
        assert(offsets.count == PlainText.characterCount(text) + 1, "offsets must have text.count + 1 entries")
        assert(offsets.last == PlainText.characterCount(original), "offsets must end with original.count")
        self.text = text; self.original = original; self.offsets = offsets; self.base = base
        self.confidences = confidences; self.boxes = boxes
    }

    /// Text taken verbatim from the source (no cleaning).
    public init(verbatim: String, base: Locator) {
        self.init(text: verbatim, original: verbatim, offsets: Array(0...PlainText.characterCount(verbatim)), base: base)
    }

    /// Concatenates runs; `separator` is inserted into `text` only (it maps to the next run's start).
    public static func joined(_ parts: [SourceText], separator: String = "\n") -> SourceText? {
        guard var acc = parts.first else { return nil }
        for p in parts.dropFirst() { acc.append(p, separator: separator) }
        return acc
    }

    /// Appends another run. The original snippets are joined with a newline when they
    /// come from different lines, so `original` stays a faithful (if multi-line) excerpt.
    public mutating func append(_ other: SourceText, separator: String) {
        let sameLine = base.line != nil && other.base.line == (base.endLine ?? base.line)
        let glue = sameLine ? "" : "\n"
        // `offsets` ends with the original's character count: read it there instead of counting
        // the original again (a run built by thousands of appends, as vertical text joined line
        // by line is, recounted its whole growing original each time: quadratic). Everything
        // below grows in place.
        let originalCount = offsets.last ?? 0, glueCount = sameLine ? 0 : 1
        let otherCount = other.offsets.last ?? 0
        let shift = originalCount + glueCount
        let separatorCount = PlainText.characterCount(separator)
        offsets.removeLast()
        // No reserveCapacity here: asking for exactly the new size on every append defeats the
        // array's geometric growth and copies the whole run each time (quadratic again).
        offsets.append(contentsOf: repeatElement(shift, count: separatorCount))
        offsets.append(contentsOf: other.offsets.lazy.map { $0 + shift })
        if confidences != nil || other.confidences != nil {
            if confidences == nil { confidences = Array(repeating: 1, count: originalCount) }
            confidences?.append(contentsOf: repeatElement(1, count: glueCount))
            if let theirs = other.confidences { confidences?.append(contentsOf: theirs) }
            else { confidences?.append(contentsOf: repeatElement(1, count: otherCount)) }
        }
        if boxes != nil || other.boxes != nil {
            if boxes == nil { boxes = Array(repeating: [], count: originalCount) }
            boxes?.append(contentsOf: repeatElement([], count: glueCount))
            if let theirs = other.boxes { boxes?.append(contentsOf: theirs) }
            else { boxes?.append(contentsOf: repeatElement([], count: otherCount)) }
        }
        text += separator
        text += other.text
        original += glue
        original += other.original
        if let l = other.base.endLine ?? other.base.line { base.endLine = l }
        if other.base.paragraph != nil, other.base.paragraph != base.paragraph { base.cellParagraph = nil }
        base.endColumn = other.base.endColumn
        if base.bbox != nil, let ob = other.base.bbox, let b = base.bbox, b.count == 4, ob.count == 4 {
            base.bbox = [min(b[0], ob[0]), min(b[1], ob[1]), max(b[2], ob[2]), max(b[3], ob[3])]
        }
    }

    /// Where characters `start..<end` of `original` are: string indices, and the line and column
    /// (counted from `base`) at both ends. One pass over the characters, no copies.
    private func scan(_ start: Int, _ end: Int) -> (lo: String.Index, hi: String.Index, line: Int, col: Int, endLine: Int, endCol: Int) {
        var line = base.line ?? 0, col = base.startColumn ?? 1
        var idx = original.startIndex
        var lo = original.endIndex, hi = original.endIndex
        var startLine = line, startCol = col
        var i = 0
        // In plain text every scalar is a character: step by scalars, not grapheme clusters.
        let plain = PlainText.isPlain(original)
        let scalars = original.unicodeScalars
        while idx < original.endIndex && i < end {
            if i == start { lo = idx; startLine = line; startCol = col }
            // A character that starts with a line feed is one (grapheme clusters break after LF).
            if original.utf8[idx] == 0x0A { line += 1; col = 1 } else { col += 1 }
            idx = plain ? scalars.index(after: idx) : original.index(after: idx); i += 1
        }
        if start >= i { lo = idx; startLine = line; startCol = col }
        hi = idx
        return (lo, hi, startLine, startCol, line, col)
    }

    /// `scan` over the UTF-8 bytes when `original` is plain text (nil otherwise, or when the
    /// string has no contiguous UTF-8): there a character is a scalar of one or three bytes, so
    /// no decoding or grapheme breaking is needed. Returns `original[start..<end]` itself in
    /// place of string indices (the whole string shared, not copied, when the range covers it).
    private func plainScan(_ start: Int, _ end: Int) -> (snippet: String, line: Int, col: Int, endLine: Int, endCol: Int)? {
        let found = original.utf8.withContiguousStorageIfAvailable { buf -> (lo: Int, hi: Int, line: Int, col: Int, endLine: Int, endCol: Int)? in
            var line = base.line ?? 0, col = base.startColumn ?? 1
            var b = 0, i = 0
            var lo = buf.count
            var startLine = line, startCol = col
            while b < buf.count && i < end {
                if i == start { lo = b; startLine = line; startCol = col }
                guard let length = PlainText.plainLength(buf, at: b) else { return nil }
                if buf[b] == 0x0A { line += 1; col = 1 } else { col += 1 }
                b += length
                i += 1
            }
            if start >= i { lo = b; startLine = line; startCol = col }
            // The rest must be plain too: the whole string decides how characters are counted.
            guard PlainText.scalarCount(UnsafeBufferPointer(rebasing: buf[b...])) != nil else { return nil }
            return (lo, b, startLine, startCol, line, col)
        }
        guard let found, let at = found else { return nil }
        let count = original.utf8.count
        let snippet: String
        if at.lo == 0 && at.hi == count {
            snippet = original
        } else if at.lo >= at.hi {
            snippet = ""
        } else {
            let u = original.utf8
            snippet = String(original[u.index(u.startIndex, offsetBy: at.lo)..<u.index(u.startIndex, offsetBy: at.hi)])
        }
        return (snippet, at.line, at.col, at.endLine, at.endCol)
    }

    /// The locator of `original[start..<end]`, derived from `base`.
    public func locator(originalOffset start: Int, endOffset end: Int) -> Locator {
        let at = scan(start, end)
        return locator(start, end, (at.line, at.col, at.endLine, at.endCol))
    }

    private func locator(_ start: Int, _ end: Int, _ at: (line: Int, col: Int, endLine: Int, endCol: Int)) -> Locator {
        var loc = base
        if base.line != nil {
            loc.line = at.line; loc.endLine = at.endLine == at.line ? nil : at.endLine
            loc.startColumn = at.col; loc.endColumn = at.endCol
        } else if base.startColumn != nil || base.part != nil {
            loc.startColumn = (base.startColumn ?? 1) + start; loc.endColumn = (base.startColumn ?? 1) + end
        }
        if let boxes, start < end {
            if let box = boundingBox(boxes[min(max(0, start), boxes.count)..<min(end, boxes.count)]) { loc.bbox = box }
        }
        return loc
    }

    /// Provenance of characters `range` of `text`.
    public func provenance(_ range: Range<Int>, source: String, confidence: Double = 1) -> Provenance {
        provenance(range, count: characterCount, source: source, confidence: confidence)
    }

    /// `provenance(whole, …)`.
    public func provenanceOfWhole(source: String, confidence: Double = 1) -> Provenance {
        let count = characterCount
        return provenance(0..<count, count: count, source: source, confidence: confidence)
    }

    /// `text`'s character count, read off `offsets` (one entry per character and one more, as
    /// `init` asserts) instead of counting the characters again: the normalizer asks it of
    /// every cell it cites.
    private var characterCount: Int { offsets.count - 1 }

    /// `count` is `text`'s character count.
    private func provenance(_ range: Range<Int>, count: Int, source: String, confidence: Double) -> Provenance {
        let lo = max(0, min(range.lowerBound, count)), hi = max(lo, min(range.upperBound, count))
        // lo ≤ hi ≤ count = offsets.count - 1: `offsets` has one entry per character and one more
        // (init's invariant, which every reader keeps while it walks the text).
        let oLo = offsets[lo], oHi = max(oLo, offsets[hi])
        var snippet: String
        let at: (line: Int, col: Int, endLine: Int, endCol: Int)
        if base.line == nil, oLo == 0, oHi > 0, let counted = original.utf8.withContiguousStorageIfAvailable(PlainText.scalarCount), counted == oHi {
            // All of a plain original, located without lines (a part and paragraph, a page): the
            // snippet is the original itself and no line or column is asked of the scan, so the
            // characters need not be walked (the normalizer cites whole cells by the thousand).
            snippet = original; at = (0, 0, 0, 0)
        } else if let plain = plainScan(oLo, oHi) {
            snippet = plain.snippet; at = (plain.line, plain.col, plain.endLine, plain.endCol)
        } else {
            let s = scan(oLo, oHi)
            snippet = String(original[s.lo..<s.hi]); at = (s.line, s.col, s.endLine, s.endCol)
        }
        // A separator inserted between runs maps to the next run's start: trim the glue newline.
        // (`hasSuffix("\n")` compares characters: a final CR LF is one character, not "\n".)
        if snippet.utf8.last == 0x0A, snippet.utf8.dropLast().last != 0x0D { snippet.removeLast() }
        var conf = confidence
        if let confidences, oLo < oHi {
            let cs = confidences[min(oLo, confidences.count)..<min(oHi, confidences.count)]
            if let m = cs.min() { conf = min(conf, Double(m)) }
        }
        return Provenance(source: source, locator: locator(oLo, oHi, at), text: snippet, confidence: conf)
    }

    public var whole: Range<Int> { 0..<PlainText.characterCount(text) }

    /// The recognizer's confidence of each character of `text` in `range` (the lowest of the
    /// source characters it was made from); nil for text read as typed.
    public func glyphConfidences(_ range: Range<Int>) -> [Float]? {
        guard let confidences else { return nil }
        let count = characterCount
        let lo = max(0, min(range.lowerBound, count)), hi = max(lo, min(range.upperBound, count))
        return (lo..<hi).map { i in
            let a = min(offsets[i], confidences.count), b = min(max(offsets[i + 1], offsets[i] + 1), confidences.count)
            return a < b ? (confidences[a..<b].min() ?? 1) : 1
        }
    }
}
