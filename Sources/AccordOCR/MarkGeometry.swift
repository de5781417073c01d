import AccordModel

/// Punctuation whose ink cannot be the mark Tesseract named: a speck beside the text read as a mark.
///
/// Despeckling keeps dots that lie beside a glyph on its line (they may be a full stop), and
/// Tesseract reads some of them as `：` or `-`. Where the glyph's box is tight (at most half the
/// line's height: Tesseract's LSTM boxes for CJK punctuation are often the whole line, and those are
/// not judged), the mark's shape is checked:
/// - `：` `；` are two marks one above the other: not a single dot under a quarter of the line's height;
/// - `-` is a horizontal stroke: not as tall as it is wide.
/// (Also tried: `，` `。` `、` with their box's bottom in the line's upper half. It caught one speck
/// read as `，` but dropped three real marks on held-out pages: the LSTM's boxes for them can sit
/// anywhere in the line.)
enum MarkGeometry {
    static let stackedMarks: Set<String> = ["：", "；", ":", ";"]

    /// Why `symbol` cannot be the mark it was read as, in the line whose box is `lineBox` (same pixels);
    /// nil when it may be.
    static func implausibility(of symbol: OCRSymbol, lineBox: [Int]) -> String? {
        guard lineBox.count == 4, symbol.box.count == 4 else { return nil }
        let lh = lineBox[3] - lineBox[1]
        let w = symbol.box[2] - symbol.box[0], h = symbol.box[3] - symbol.box[1]
        guard lh > 0, h > 0, w > 0, 2 * h <= lh else { return nil }
        let size = "\(w)×\(h) px in a \(lh) px line"
        if stackedMarks.contains(symbol.text), 4 * h < lh {
            return "\(size), one dot"
        }
        if symbol.text == "-", 10 * w < 13 * h {
            return "\(size), not a stroke"
        }
        return nil
    }

    /// The line without the marks `implausibility` rejects (words left empty go too); each dropped
    /// mark is recorded as `ocr.speck_mark_dropped` with its neighbours.
    static func dropSpeckMarks(_ line: OCRLine, page: Int, log: inout ActionLog) -> OCRLine {
        var out = line
        var words: [OCRWord] = []
        var previous = ""
        let all = line.words.flatMap(\.symbols)
        var k = 0
        for w in line.words {
            var kept: [OCRSymbol] = []
            for s in w.symbols {
                defer { k += 1 }
                if let why = implausibility(of: s, lineBox: line.box) {
                    let next = k + 1 < all.count ? all[k + 1].text : ""
                    log.record("ocr.speck_mark_dropped", example: "page \(page): \(previous)\(s.text)\(next) (\(why))")
                } else {
                    kept.append(s)
                    previous = s.text
                }
            }
            if kept.count == w.symbols.count { words.append(w) } else if !kept.isEmpty { words.append(OCRWord(symbols: kept, confidence: w.confidence, box: w.box)) }
        }
        out.words = words
        return out
    }
}
