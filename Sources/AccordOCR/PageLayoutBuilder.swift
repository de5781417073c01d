import AccordModel

/// One recognized line as cleaned text, with the range of each of its OCR words in `content.original`
/// (in the order of `line.words`, the line as kept after specks were dropped).
struct LineText {
    var line: OCRLine
    var content: SourceText
    var wordRanges: [Range<Int>]
}

/// Builds `PageLayout` lines from recognized lines: boxes mapped back to the original image, the
/// line's and each word's range in the cleaned text of the paragraph that holds the line.
enum PageLayoutBuilder {
    /// The layout of `l`, whose cleaned text starts at `span.start` of the paragraph `span` names;
    /// nil when nothing of the line is left after cleaning.
    static func line(_ lt: LineText, page: RecognizedPage, span: TextSpan) -> LayoutLine? {
        let l = lt.line
        let length = lt.content.text.count
        guard length > 0 else { return nil }
        let lineBox = box(l.box, orSymbolsOf: l.words.flatMap(\.symbols), page: page)
        guard lineBox.count == 4 else { return nil }
        let layoutWords = words(of: lt).map { w in
            let b = box(w.word.box, orSymbolsOf: w.word.symbols, page: page)
            return LayoutWord(text: w.text, bbox: b.isEmpty ? lineBox : b, confidence: Double(w.word.confidence),
                              span: TextSpan(block: span.block, row: span.row, column: span.column, cellParagraph: span.cellParagraph,
                                             start: span.start + w.range.lowerBound, end: span.start + w.range.upperBound))
        }
        var lineSpan = span
        lineSpan.end = span.start + length
        return LayoutLine(bbox: lineBox, confidence: Double(l.confidence), span: lineSpan, text: lt.content.text, words: layoutWords)
    }

    /// Each OCR word with the cleaned characters taken from it: their text and range in the line's
    /// cleaned text. Words that cleaning emptied are left out.
    static func words(of lt: LineText) -> [(word: OCRWord, text: String, range: Range<Int>)] {
        let st = lt.content, l = lt.line
        let chars = Array(st.text)
        return zip(l.words, lt.wordRanges).compactMap { w, range in
            // `offsets` is non-decreasing: the cleaned characters taken from this word are one run.
            let lo = firstCleaned(atOrAfter: range.lowerBound, in: st.offsets, length: chars.count)
            let hi = firstCleaned(atOrAfter: range.upperBound, in: st.offsets, length: chars.count)
            return lo < hi ? (w, String(chars[lo..<hi]), lo..<hi) : nil
        }
    }

    /// The first index of the cleaned text whose character comes from `original` offset `o` or later.
    static func firstCleaned(atOrAfter o: Int, in offsets: [Int], length: Int) -> Int {
        var lo = 0, hi = length
        while lo < hi {
            let mid = (lo + hi) / 2
            if offsets[mid] < o { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// A box in original-image pixels: `b` if it is one, else the union of the symbols' boxes.
    static func box(_ b: [Int], orSymbolsOf symbols: [OCRSymbol], page: RecognizedPage) -> [Int] {
        let prepared = b.count == 4 ? b : ConstrainedReread.union(symbols.map(\.box))
        return prepared.count == 4 ? page.prepared.originalBox(prepared) : []
    }
}

extension LayoutLine {
    /// The line with its and its words' texts taken again from `text`, the characters of the paragraph
    /// its spans point into (after a one-for-one change such as quote pairing).
    func retexted(from text: [Character]) -> LayoutLine {
        func slice(_ s: TextSpan) -> String? {
            s.start >= 0 && s.start <= s.end && s.end <= text.count ? String(text[s.start..<s.end]) : nil
        }
        var l = self
        l.text = slice(span) ?? l.text
        for i in l.words.indices { l.words[i].text = slice(l.words[i].span) ?? l.words[i].text }
        return l
    }

    /// The line and its words placed in block `index` of their page.
    func inBlock(_ index: Int) -> LayoutLine {
        var l = self
        l.span.block = index
        for i in l.words.indices { l.words[i].span.block = index }
        return l
    }
}

extension PageLayout {
    /// The layout with every span's block index mapped through `map` (old index → new index).
    public func remappingBlocks(_ map: (Int) -> Int) -> PageLayout {
        var p = self
        for i in p.lines.indices {
            p.lines[i].span.block = map(p.lines[i].span.block)
            for j in p.lines[i].words.indices { p.lines[i].words[j].span.block = map(p.lines[i].words[j].span.block) }
        }
        return p
    }
}
