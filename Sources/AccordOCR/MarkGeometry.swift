import AccordModel
import CLeptonica

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

/// `。` read as `.`: Tesseract often names the ideographic full stop by the ASCII point, which the
/// stray-mark rule would then drop beside a Han character. The ink decides: a full stop is a ring.
enum FullStopRing {
    /// Whether the binarized page holds, in `symbol`'s columns (the line's rows: LSTM boxes for CJK
    /// punctuation are often the whole line's height), a ring between a sixth and a half of the line's
    /// height across: a component with a hole.
    static func isRing(_ symbol: OCRSymbol, lineBox: [Int], binary: PixImage) -> Bool {
        guard symbol.box.count == 4, lineBox.count == 4 else { return false }
        let lh = lineBox[3] - lineBox[1]
        guard lh > 0 else { return false }
        let pad = max(2, lh / 10)
        let x0 = max(0, symbol.box[0] - pad), x1 = min(binary.width, symbol.box[2] + pad)
        let y0 = max(0, lineBox[1]), y1 = min(binary.height, lineBox[3] + pad)
        guard x1 > x0, y1 > y0 else { return false }
        var rect = boxCreate(Int32(x0), Int32(y0), Int32(x1 - x0), Int32(y1 - y0))
        defer { boxDestroy(&rect) }
        guard let clip = PixImage(pixClipRectangle(binary.pointer, rect, nil)) else { return false }
        var pixa: UnsafeMutablePointer<PIXA>?
        var boxa = pixConnCompPixa(clip.pointer, &pixa, 8)
        defer { boxaDestroy(&boxa); pixaDestroy(&pixa) }
        guard let pixa else { return false }
        for i in 0..<pixaGetCount(pixa) {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            pixaGetBoxGeometry(pixa, i, &x, &y, &w, &h)
            guard 6 * Int(w) >= lh, 6 * Int(h) >= lh, 2 * Int(w) <= lh, 2 * Int(h) <= lh,
                  let comp = PixImage(pixaGetPix(pixa, i, 2 /* L_CLONE */)),
                  let holes = PixImage(pixHolesByFilling(comp.pointer, 4)) else { continue }
            var count: Int32 = 0
            pixCountPixels(holes.pointer, &count, nil)
            if count > 0 { return true }
        }
        return false
    }

    /// The line with each `.` that is not between figures and whose ink is a ring read as `。`
    /// (recorded as `ocr.punctuation`).
    static func restore(_ line: OCRLine, binary: PixImage, page: Int, log: inout ActionLog) -> OCRLine {
        let all = line.words.flatMap(\.symbols)
        guard all.contains(where: { $0.text == "." }) else { return line }
        var out = line
        var k = 0
        for wi in out.words.indices {
            for si in out.words[wi].symbols.indices {
                defer { k += 1 }
                let s = out.words[wi].symbols[si]
                guard s.text == "." else { continue }
                let prev = k > 0 ? all[k - 1].text : "", next = k + 1 < all.count ? all[k + 1].text : ""
                let figure = { (t: String) in t.first?.isNumber ?? false }
                guard !figure(prev), !figure(next), isRing(s, lineBox: line.box, binary: binary) else { continue }
                out.words[wi].symbols[si].text = "。"
                log.record("ocr.punctuation", example: "page \(page): \(prev).\(next)→\(prev)。\(next) (a ring)")
            }
        }
        return out
    }
}
