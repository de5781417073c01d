import Foundation
import CLeptonica
import AccordText

/// Reads one table cell as an image of its own: the cell's text found in the binary page (rows of
/// ink, specks beside it left out), cut from the page Tesseract reads, framed by white (half a line
/// height), and recognized as one line (psm 7) when it holds one line, else as one block (psm 6); a
/// line the block reading dropped is read again on its own (psm 13). Boxes come back in
/// prepared-page pixels, confidences as Tesseract gives them.
///
/// Before, each cell was read through `SetRectangle` on the whole page (psm 6). Measured on the
/// held-out annex pages (scripts/render_holdout_annex.py, 8 clean + 8 degraded, 4417 characters
/// each), this alone: clean 58 → 55 edits, degraded 92 → 85 (the re-reads of `LabelReread` and
/// `QuantityReread` work on its crops). Also measured and not kept (with switches since removed, for such
/// experiments): scaling small text up to 60 or 80 px a line (clean 70 → 117 / 188 edits), every line
/// read on its own (psm 7: degraded 87 → 110; psm 13: 252), psm 13 for one-line cells (70 → 79),
/// a margin of a whole line height (clean 82 → 87).
public struct CellReader: Sendable, Hashable {
    /// White margin around the cell's ink, as a share of its text line's height.
    public var margin = 0.5
    /// Line height (pixels) the crop is scaled up to when its text is smaller (0: never; measured worse).
    public var targetLineHeight = 0
    /// The most the crop is scaled up.
    public var maxScale = 2.0
    /// Each text line of the cell read on its own (else only those the block reading missed).
    public var perLine = false

    public init() {}

    /// What one reading of a cell did (for provenance and the action log).
    public struct Reading: Sendable, Hashable {
        public var lines: [OCRLine]
        /// The cell's ink, in prepared-page pixels (nil: the cell is empty).
        public var ink: [Int]?
        /// Text lines found in the ink (1: read with psm 7).
        public var textLines: Int
        public var scale: Double
        /// Glyphs dropped as specks (`droppingSpeckGlyphs`).
        public var specks: [OCRSymbol] = []
    }

    /// Reads the cell inside `box` ([x0, y0, x1, y1], prepared-page pixels).
    public func read(_ box: [Int], page: PreparedPage, engine: TesseractEngine) throws(OCRError) -> Reading {
        // The ink is looked for a little further in from the rules than the cell's box (a blurred or
        // slightly skewed rule leaves a sliver inside it, read as | or 1); text keeps half a glyph
        // clear of the rules.
        let more = max(2, page.dpi / 60)
        let inner = [box[0] + more, box[1] + more, box[2] - more, box[3] - more]
        guard inner[2] > inner[0], inner[3] > inner[1],
              let found = Self.inkBox(inner, in: page.binary) else { return Reading(lines: [], ink: nil, textLines: 0, scale: 1) }
        // Specks the despeckler kept (they lie near the cell's rules or its text) would stretch the
        // crop: the text is the rows of its lines and, within them, the columns of ink that are not an
        // isolated dot.
        let rows = Self.textLines(found, in: page.binary)
        guard let top = rows.first?.lowerBound, let bottom = rows.last?.upperBound else { return Reading(lines: [], ink: nil, textLines: 0, scale: 1) }
        let lineHeight = max(1, rows.map { $0.upperBound - $0.lowerBound }.max() ?? 1)
        let band = [found[0], found[1] + top, found[2], found[1] + bottom]
        guard let cols = Self.textColumns(band, in: page.binary, lineHeight: lineHeight) else { return Reading(lines: [], ink: nil, textLines: 0, scale: 1) }
        let ink = [band[0] + cols.lowerBound, band[1], band[0] + cols.upperBound, band[3]]
        let pad = max(4, Int((Double(lineHeight) * margin).rounded()))
        var scale = 1.0
        if targetLineHeight > 0, lineHeight < targetLineHeight {
            scale = min(maxScale, Double(targetLineHeight) / Double(lineHeight))
        }
        // The cell as one crop (psm 7 for one line, else 6); a text line that Tesseract's own line
        // finding dropped (区“民生微实事” between two others was) is read again on its own, with psm 13:
        // psm 7 returned nothing for that clean line (clean pages 70 → 62 edits with psm 13).
        // (Every line on its own, ACCORD_CELL_LINES=1, was measured worse: short lines such as 次；.)
        let lineMode: TesseractEngine.Mode = .rawLine
        let singleMode: TesseractEngine.Mode = .line
        var lines = try readRegion(ink, cell: box, page: page, engine: engine, mode: rows.count == 1 ? singleMode : .block, pad: pad, scale: scale)
        if rows.count > 1 {
            let overlap = { (l: OCRLine, top: Int, bottom: Int) -> Int in l.box.count == 4 ? min(l.box[3], bottom) - max(l.box[1], top) : 0 }
            let minHeight = max(lineHeight / 2, page.dpi * 6 / 72)  // no text line is smaller than 6 pt
            for r in rows where perLine || r.count >= minHeight {
                let top = found[1] + r.lowerBound, bottom = found[1] + r.upperBound
                let covered = lines.contains { overlap($0, top, bottom) > (bottom - top) / 2 }
                guard !covered || perLine else { continue }
                // The line's own extent: a speck beside a short line is not read with it.
                let band = [ink[0], top, ink[2], bottom]
                guard let c = Self.textColumns(band, in: page.binary, lineHeight: lineHeight) else { continue }
                let region = [band[0] + c.lowerBound, top, band[0] + c.upperBound, bottom]
                var read = try readRegion(region, cell: box, page: page, engine: engine, mode: lineMode, pad: pad, scale: scale)
                if read.count > 1 {  // one line: its pieces joined
                    read = [OCRLine(words: read.flatMap(\.words), box: ConstrainedReread.union(read.map(\.box)), block: 0, paragraph: 0)]
                }
                // Dust read as a line is not confident: such a reading is not used.
                guard let line = read.first, perLine || line.confidence >= Self.missedLineConfidence else { continue }
                lines.removeAll { overlap($0, top, bottom) > (bottom - top) / 4 }
                lines.append(line)
            }
            lines.sort { ($0.box.count == 4 ? $0.box[1] : 0) < ($1.box.count == 4 ? $1.box[1] : 0) }
        }
        let (kept, specks) = Self.droppingSpeckGlyphs(lines, binary: page.binary)
        return Reading(lines: kept, ink: ink, textLines: rows.count, scale: scale, specks: specks)
    }

    /// Glyphs a speck was read as, first or last in the cell: a digit, Latin letter or bar with less
    /// than a fifth of the ink of the cell's median Han glyph (the dust beside 协助 read as 2, beside 助残
    /// as 9), a quote mark with less than a ninth. A real digit at these sizes has about half a Han
    /// glyph's ink, a quote mark about a sixth.
    static func droppingSpeckGlyphs(_ lines: [OCRLine], binary: PixImage) -> ([OCRLine], [OCRSymbol]) {
        let all = lines.flatMap { $0.words.flatMap(\.symbols) }
        let han = all.filter { $0.text.first.map(TextCleaning.isHan) ?? false }.map { ink($0.box, in: binary) }.sorted()
        guard han.count >= 3, let first = all.first, let last = all.last else { return (lines, []) }
        let reference = han[han.count / 2]
        let suspect = { (s: OCRSymbol) -> Bool in
            guard s.text.count == 1, let c = s.text.first else { return false }
            if c.isASCII, c.isNumber || c.isLetter || c == "|" { return 5 * ink(s.box, in: binary) < reference }
            if "“”‘’\"'`".contains(c) { return 9 * ink(s.box, in: binary) < reference }
            return false
        }
        var out = lines, specks: [OCRSymbol] = []
        if suspect(last), let li = out.indices.last, var w = out[li].words.last {
            specks.append(w.symbols.removeLast())
            if w.symbols.isEmpty { out[li].words.removeLast() } else { out[li].words[out[li].words.count - 1] = w }
            if out[li].words.isEmpty { out.removeLast() }
        }
        if all.count > 1, suspect(first), let li = out.indices.first, var w = out[li].words.first {
            specks.append(w.symbols.removeFirst())
            if w.symbols.isEmpty { out[li].words.removeFirst() } else { out[li].words[0] = w }
            if out[li].words.isEmpty { out.removeFirst() }
        }
        return (out, specks)
    }

    /// Black pixels of the binary page inside `box`.
    static func ink(_ box: [Int], in binary: PixImage) -> Int {
        guard box.count == 4 else { return 0 }
        let x0 = max(0, box[0]), y0 = max(0, box[1]), x1 = min(binary.width, box[2]), y1 = min(binary.height, box[3])
        guard x1 > x0, y1 > y0 else { return 0 }
        var b = boxCreate(Int32(x0), Int32(y0), Int32(x1 - x0), Int32(y1 - y0))
        defer { boxDestroy(&b) }
        guard let clip = PixImage(pixClipRectangle(binary.pointer, b, nil)) else { return 0 }
        return clip.inkPixels
    }

    /// Reads `region` (prepared-page pixels; its grey fringe kept, but never past the cell `box`) as a
    /// crop framed by `pad` white pixels and scaled by `scale`; boxes mapped back to the page.
    func readRegion(_ region: [Int], cell box: [Int], page: PreparedPage, engine: TesseractEngine,
                    mode: TesseractEngine.Mode, pad: Int, scale: Double) throws(OCRError) -> [OCRLine] {
        let x0 = max(box[0], region[0] - 2), y0 = max(box[1], region[1] - 2)
        let x1 = min(box[2], region[2] + 2), y1 = min(box[3], region[3] + 2)
        guard x1 > x0, y1 > y0 else { return [] }
        let border = pad
        guard let image = Self.crop([x0, y0, x1, y1], from: page.recognition, scale: scale, border: border) else {
            throw .recognitionFailed
        }
        let dpi = Int((Double(page.dpi) * scale).rounded())
        let read = try engine.recognize(image, dpi: dpi, mode: mode)
        // Back to page pixels: undo the scale, the added border and the crop's origin.
        let map = { (b: [Int]) -> [Int] in
            guard b.count == 4 else { return b }
            return [x0 + Int((Double(b[0]) / scale).rounded()) - border, y0 + Int((Double(b[1]) / scale).rounded()) - border,
                    x0 + Int((Double(b[2]) / scale).rounded()) - border, y0 + Int((Double(b[3]) / scale).rounded()) - border]
        }
        return read.map { l -> OCRLine in
            var words = l.words
            for wi in words.indices {
                words[wi].box = map(words[wi].box)
                for si in words[wi].symbols.indices { words[wi].symbols[si].box = map(words[wi].symbols[si].box) }
            }
            return OCRLine(words: words, box: map(l.box), block: l.block, paragraph: l.paragraph, confidence: l.confidence)
        }
    }

    /// The `Reread.constraint` of a glyph dropped as a speck (logged as `ocr.speck_glyph_dropped`).
    public static let speckConstraint = "speck read as a glyph (too little ink for it)"

    /// A text line the block reading missed, read on its own, is used from this confidence up.
    static let missedLineConfidence: Float = 0.7

    /// The bounding box of the ink inside `box` of the binary page; nil when there is none.
    static func inkBox(_ box: [Int], in binary: PixImage) -> [Int]? {
        let x0 = max(0, box[0]), y0 = max(0, box[1]), x1 = min(binary.width, box[2]), y1 = min(binary.height, box[3])
        guard x1 > x0, y1 > y0 else { return nil }
        var b = boxCreate(Int32(x0), Int32(y0), Int32(x1 - x0), Int32(y1 - y0))
        defer { boxDestroy(&b) }
        guard let clip = PixImage(pixClipRectangle(binary.pointer, b, nil)) else { return nil }
        var fg: UnsafeMutablePointer<BOX>?
        guard pixClipToForeground(clip.pointer, nil, &fg) == 0, let fg else { return nil }
        var fb: UnsafeMutablePointer<BOX>? = fg
        defer { boxDestroy(&fb) }
        var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
        boxGetGeometry(fg, &x, &y, &w, &h)
        guard w > 0, h > 0 else { return nil }
        return [x0 + Int(x), y0 + Int(y), x0 + Int(x + w), y0 + Int(y + h)]
    }

    /// The text lines of the ink box: runs of pixel rows with ink, gaps of a few rows closing none
    /// (a glyph's own white stripes), runs less than a third as tall as the tallest dropped (a speck).
    static func textLines(_ ink: [Int], in binary: PixImage) -> [Range<Int>] {
        var b = boxCreate(Int32(ink[0]), Int32(ink[1]), Int32(ink[2] - ink[0]), Int32(ink[3] - ink[1]))
        defer { boxDestroy(&b) }
        guard let clip = PixImage(pixClipRectangle(binary.pointer, b, nil)) else { return [] }
        var na = pixCountPixelsByRow(clip.pointer, nil)
        defer { numaDestroy(&na) }
        guard let na else { return [] }
        let n = Int(numaGetCount(na))
        var runs: [Range<Int>] = []
        var start: Int?
        var gap = 0
        let closeGap = 3
        for i in 0...n {
            var v: Int32 = 0
            if i < n { numaGetIValue(na, Int32(i), &v) }
            if i < n, v > 0 {
                if start == nil { start = i }
                gap = 0
            } else if let s = start {
                gap += 1
                if gap > closeGap || i == n {
                    runs.append(s..<(i - gap + 1))
                    start = nil; gap = 0
                }
            }
        }
        let tallest = runs.map(\.count).max() ?? 0
        return runs.filter { $0.count * 3 > tallest }
    }

    /// The columns of `band` that hold text: runs of columns with ink joined across gaps narrower
    /// than a line's height; a group narrower than a fifth of the line height, or narrower than a
    /// glyph with little ink, and that far from any other (specks) is left out. Nil when nothing is left.
    static func textColumns(_ band: [Int], in binary: PixImage, lineHeight: Int) -> Range<Int>? {
        var b = boxCreate(Int32(band[0]), Int32(band[1]), Int32(band[2] - band[0]), Int32(band[3] - band[1]))
        defer { boxDestroy(&b) }
        guard let clip = PixImage(pixClipRectangle(binary.pointer, b, nil)) else { return nil }
        var na = pixCountPixelsByColumn(clip.pointer)
        defer { numaDestroy(&na) }
        guard let na else { return nil }
        let n = Int(numaGetCount(na))
        var runs: [Range<Int>] = []
        var start: Int?
        for i in 0...n {
            var v: Int32 = 0
            if i < n { numaGetIValue(na, Int32(i), &v) }
            if i < n, v > 0 { if start == nil { start = i } } else if let s = start { runs.append(s..<i); start = nil }
        }
        // Groups of runs closer than a line height.
        var groups: [Range<Int>] = []
        for r in runs {
            if let last = groups.last, r.lowerBound - last.upperBound < lineHeight {
                groups[groups.count - 1] = last.lowerBound..<r.upperBound
            } else {
                groups.append(r)
            }
        }
        var inkOf: [Int] = []
        for g in groups {
            var sum = 0
            for i in g { var v: Int32 = 0; numaGetIValue(na, Int32(i), &v); sum += Int(v) }
            inkOf.append(sum)
        }
        // A group a line height away from the rest, narrower than a glyph and with less ink than an
        // eighth of a glyph's square, is dust (three specks beside 不少于1场 read as ，吕).
        let kept = groups.indices.filter { k in
            groups[k].count * 5 >= lineHeight && !(groups.count > 1 && groups[k].count < lineHeight && 8 * inkOf[k] < lineHeight * lineHeight)
        }.map { groups[$0] }
        guard let lo = kept.first?.lowerBound, let hi = kept.last?.upperBound else { return nil }
        return lo..<hi
    }

    /// `r` cut from `image`, grey, scaled by `scale` (bilinear) and framed by `border` white pixels.
    static func crop(_ r: [Int], from image: PixImage, scale: Double, border: Int) -> PixImage? {
        var b = boxCreate(Int32(r[0]), Int32(r[1]), Int32(r[2] - r[0]), Int32(r[3] - r[1]))
        defer { boxDestroy(&b) }
        guard var out = PixImage(pixClipRectangle(image.pointer, b, nil)) else { return nil }
        if scale > 1.01 {
            guard let grey = out.depth == 8 ? out : PixImage(pixConvertTo8(out.pointer, 0)),
                  let up = PixImage(pixScaleGrayLI(grey.pointer, Float(scale), Float(scale))) else { return nil }
            out = up
        }
        if border > 0 {
            let white: UInt32 = out.depth == 1 ? 0 : 255
            guard let framed = PixImage(pixAddBorder(out.pointer, Int32(Double(border) * scale), white)) else { return nil }
            out = framed
        }
        return out
    }
}

extension CellReader {
    /// Cells read as images of their own (measured against SetRectangle on the page, the reading
    /// before: see the type's comment). A constant, not a switch: the product has one behaviour.
    public static let enabled = true
}
