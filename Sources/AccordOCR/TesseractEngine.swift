import Foundation
import CLeptonica
import CTesseract

/// One recognized glyph: its text, Tesseract's confidence (0…1) and its box in prepared-page pixels.
public struct OCRSymbol: Sendable, Hashable {
    public var text: String
    public var confidence: Float
    public var box: [Int]
}

public struct OCRWord: Sendable, Hashable {
    public var symbols: [OCRSymbol]
    public var confidence: Float
    public var box: [Int]
    public var text: String { symbols.map(\.text).joined() }
}

public struct OCRLine: Sendable, Hashable {
    public var words: [OCRWord] {
        didSet { confidence = Self.meanWordConfidence(words) }
    }
    public var box: [Int]
    /// Tesseract's block and paragraph numbers (layout analysis), 0-based within the page.
    public var block: Int
    public var paragraph: Int
    /// Tesseract's text-line confidence (0…1). Tesseract computes it from the mean of its words'
    /// certainties, so when the words change (a re-read kept) it becomes their mean confidence.
    public private(set) var confidence: Float

    public init(words: [OCRWord], box: [Int], block: Int, paragraph: Int, confidence: Float? = nil) {
        self.words = words; self.box = box; self.block = block; self.paragraph = paragraph
        self.confidence = confidence ?? Self.meanWordConfidence(words)
    }

    /// Words joined by one space, as Tesseract returns them.
    public var text: String { words.map(\.text).joined(separator: " ") }

    static func meanWordConfidence(_ words: [OCRWord]) -> Float {
        words.isEmpty ? 0 : words.map(\.confidence).reduce(0, +) / Float(words.count)
    }
}

public enum OCRError: Error, Sendable, CustomStringConvertible {
    case modelUnavailable(String)
    case recognitionFailed
    /// A page could not be produced (decoded or rendered): the reason, one line.
    case pageUnreadable(String)
    public var description: String {
        switch self {
        case .modelUnavailable(let l): return "Tesseract cannot load the '\(l)' model (install tesseract-ocr-chi-sim)"
        case .recognitionFailed: return "Tesseract failed to recognize the page"
        case .pageUnreadable(let reason): return reason
        }
    }
}

/// One TessBaseAPI. Not thread-safe and deliberately not `Sendable`: create one inside each worker.
public final class TesseractEngine {
    let handle: OpaquePointer
    public let language: String
    public let dataPath: String?

    /// `chi_sim` alone: measured here, `chi_sim+eng` is worse on these documents and turns 大写 into Latin.
    public init(language: String = "chi_sim", dataPath: String? = nil) throws(OCRError) {
        guard let h = TessBaseAPICreate() else { throw .modelUnavailable(language) }
        let rc: Int32 = dataPath.map { TessBaseAPIInit2(h, $0, language, OEM_LSTM_ONLY) } ?? TessBaseAPIInit2(h, nil, language, OEM_LSTM_ONLY)
        guard rc == 0 else { TessBaseAPIDelete(h); throw .modelUnavailable(language) }
        handle = h
        self.language = language
        self.dataPath = dataPath
        _ = TessBaseAPISetVariable(h, "debug_file", "/dev/null")
        // Scans here are dark text on light paper: skip Tesseract's second, inverted reading of
        // low-confidence lines (on by default; ACCORD_OCR_INVERT=1 restores it).
        if ProcessInfo.processInfo.environment["ACCORD_OCR_INVERT"] != "1" {
            _ = TessBaseAPISetVariable(h, "tessedit_do_invert", "0")
        }
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// Characters Tesseract may return (empty = all). Used for constrained re-recognition.
    public func setWhitelist(_ chars: String) {
        _ = TessBaseAPISetVariable(handle, "tessedit_char_whitelist", chars)
    }

    /// The characters Tesseract may return now (empty = all).
    var whitelist: String {
        TessBaseAPIGetStringVariable(handle, "tessedit_char_whitelist").map { String(cString: $0) } ?? ""
    }

    /// `rawLine`: psm 13, one text line with none of Tesseract's own layout hacks (a line the caller
    /// cut out itself; psm 7 returned nothing for some clean lines, 区“民生微实事”).
    public enum Mode: Sendable { case page, block, line, char, rawLine }

    /// Recognizes `image` (or the rectangle `rect` of it, `[x0, y0, x1, y1]`), returning lines of words
    /// of glyphs with boxes in image pixels.
    public func recognize(_ image: PixImage, dpi: Int, mode: Mode = .page, rect: [Int]? = nil) throws(OCRError) -> [OCRLine] {
        TessBaseAPISetPageSegMode(handle, Self.segmentation(mode))
        TessBaseAPISetImage2(handle, image.pointer)
        TessBaseAPISetSourceResolution(handle, Int32(dpi))
        defer { TessBaseAPIClear(handle) }
        return try recognizeSet(rect)
    }

    static func segmentation(_ mode: Mode) -> TessPageSegMode {
        switch mode {
        case .page: return PSM_AUTO
        case .block: return PSM_SINGLE_BLOCK
        case .line: return PSM_SINGLE_LINE
        case .char: return PSM_SINGLE_CHAR
        case .rawLine: return PSM_RAW_LINE
        }
    }

    /// Several regions of one image, the image handed to Tesseract once (each `SetImage` copies the
    /// whole page: one per region of a dense grid was quadratic in the page). Tesseract's
    /// `SetRectangle` clears the previous results, so each region reads as it would alone.
    public func recognize(_ image: PixImage, dpi: Int, mode: Mode, rects: [[Int]]) throws(OCRError) -> [[OCRLine]] {
        guard !rects.isEmpty else { return [] }
        TessBaseAPISetPageSegMode(handle, Self.segmentation(mode))
        TessBaseAPISetImage2(handle, image.pointer)
        TessBaseAPISetSourceResolution(handle, Int32(dpi))
        defer { TessBaseAPIClear(handle) }
        var out: [[OCRLine]] = []
        out.reserveCapacity(rects.count)
        for r in rects { out.append(try recognizeSet(r)) }
        return out
    }

    /// Recognizes the image already set (inside `rect` when given) and reads its lines.
    private func recognizeSet(_ rect: [Int]?) throws(OCRError) -> [OCRLine] {
        if let r = rect, r.count == 4 {
            TessBaseAPISetRectangle(handle, Int32(r[0]), Int32(r[1]), Int32(max(1, r[2] - r[0])), Int32(max(1, r[3] - r[1])))
        }
        guard TessBaseAPIRecognize(handle, nil) == 0 else { throw .recognitionFailed }
        guard let it = TessBaseAPIGetIterator(handle) else { return [] }
        defer { TessResultIteratorDelete(it) }
        let page = TessResultIteratorGetPageIterator(it)
        var lines: [OCRLine] = []
        var words: [OCRWord] = []
        var symbols: [OCRSymbol] = []
        var wordBox: [Int] = [], wordConf: Float = 0
        var lineBox: [Int] = [], lineConf: Float = 0
        var block = -1, para = -1, lineBlock = 0, linePara = 0

        func box(_ level: TessPageIteratorLevel) -> [Int]? {
            var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
            guard TessPageIteratorBoundingBox(page, level, &l, &t, &r, &b) != 0 else { return nil }
            return [Int(l), Int(t), Int(r), Int(b)]
        }
        func flushWord() {
            if !symbols.isEmpty { words.append(OCRWord(symbols: symbols, confidence: wordConf, box: wordBox)) }
            symbols = []
        }
        func flushLine() {
            flushWord()
            if !words.isEmpty { lines.append(OCRLine(words: words, box: lineBox, block: lineBlock, paragraph: linePara, confidence: lineConf)) }
            words = []
        }
        // The result iterator answers "at the beginning of a text line, paragraph or block?" by walking
        // the whole line (ResultIterator::IsAtBeginningOf), so those are asked only at the start of a
        // word, and paragraph and block only at the start of a line: each implies the one below it
        // (Tesseract computes them that way), so the answers are the same, at one walk per word
        // instead of three per glyph (Han text is one word per glyph).
        repeat {
            let wordStart = TessPageIteratorIsAtBeginningOf(page, RIL_WORD) != 0
            if wordStart, TessPageIteratorIsAtBeginningOf(page, RIL_TEXTLINE) != 0 {
                if TessPageIteratorIsAtBeginningOf(page, RIL_BLOCK) != 0 { block += 1 }
                if TessPageIteratorIsAtBeginningOf(page, RIL_PARA) != 0 { para += 1 }
                flushLine()
                lineBox = box(RIL_TEXTLINE) ?? []
                lineConf = TessResultIteratorConfidence(it, RIL_TEXTLINE) / 100
                lineBlock = max(0, block); linePara = max(0, para)
            }
            if wordStart {
                flushWord()
                wordBox = box(RIL_WORD) ?? []
                wordConf = TessResultIteratorConfidence(it, RIL_WORD) / 100
            }
            if let cText = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL) {
                let text = String(cString: cText)
                TessDeleteText(cText)
                if !text.isEmpty {
                    symbols.append(OCRSymbol(text: text, confidence: TessResultIteratorConfidence(it, RIL_SYMBOL) / 100,
                                             box: box(RIL_SYMBOL) ?? []))
                }
            }
        } while TessResultIteratorNext(it, RIL_SYMBOL) != 0
        flushLine()
        return lines
    }
}
