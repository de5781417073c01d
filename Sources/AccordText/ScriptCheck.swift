import AccordModel

/// How much of a text is Han and how much is Latin letters, and whether it looks like Chinese
/// read with the wrong OCR model (seed 002: `Pl EAE X SEREIR S5O A ARG D H`).
public struct ScriptAssessment: Sendable, Hashable {
    /// Han characters.
    public var han: Int
    /// Runs of Latin letters (a "word" of garbage such as `SEREIR`), and the letters in them.
    public var latinWords: Int
    public var latinLetters: Int
    /// Latin words that look like codes or ordinary acronyms inside Chinese text
    /// (`LGDL2025000084-A`, `PDF`): letters mixed with digits, or a short all-caps run beside Han.
    public var plausibleLatinWords: Int
    /// Han characters per (Han + Latin word): 1 for pure Chinese, near 0 for Latin garbage.
    public var hanShare: Double
    /// Non-empty lines, and lines of Latin garbage (three or more Latin words that are not codes,
    /// outnumbering the line's Han characters). A layer that is only partly garbage (seed 002: half its
    /// lines) is caught by these even when its overall Han share looks fine.
    public var lines: Int = 0
    public var garbageLines: Int = 0
    /// Enough text to judge and too little Han for a Chinese document.
    public var wrongLanguage: Bool

    public var summary: String {
        "\(han) Han characters, \(latinWords) Latin words (\(latinLetters) letters); Han share \(Int((hanShare * 100).rounded()))%; \(garbageLines) of \(lines) lines Latin garbage"
    }
}

/// Script check for any OCR text, ours or inherited: Han is expected; Latin garbage is a finding.
public enum ScriptCheck {
    /// Below this share of Han "words" (each Han character counts as one word) a text that should be
    /// Chinese is taken as read with the wrong model. Pure Chinese contracts score above 0.9; 002 scores ≈0.05.
    public static let minimumHanShare = 0.5
    /// Fewer Latin words than this is too little evidence to call a text wrong-language.
    public static let minimumLatinWords = 8

    public static func assess(_ text: String) -> ScriptAssessment {
        var total = counts(Substring(text))
        var lines = 0, garbage = 0
        for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            lines += 1
            let c = counts(line)
            if c.latinWords - c.plausibleLatinWords >= 3, c.han < c.latinWords - c.plausibleLatinWords { garbage += 1 }
        }
        total.lines = lines
        total.garbageLines = garbage
        total.wrongLanguage = total.wrongLanguage || (garbage >= minimumGarbageLines && garbage * 5 >= lines)
        return total
    }

    /// A text with at least this many garbage lines, making up a fifth of its lines, is wrong-language.
    public static let minimumGarbageLines = 3

    static func counts(_ text: Substring) -> ScriptAssessment {
        var han = 0, words = 0, letters = 0, plausible = 0
        var run = 0, runHasDigit = false, runUpper = 0
        var prevWasHan = false, runAfterHan = false
        func endRun(nextIsHan: Bool) {
            guard run > 0 else { return }
            words += 1; letters += run
            // A code (letters with digits) or a short acronym beside Han is ordinary in Chinese contracts.
            if runHasDigit || (run <= 4 && runUpper == run && (runAfterHan || nextIsHan) && run >= 2) { plausible += 1 }
            run = 0; runHasDigit = false; runUpper = 0
        }
        for ch in text {
            if TextCleaning.isHan(ch) {
                endRun(nextIsHan: true); han += 1; prevWasHan = true
            } else if ch.isASCII, ch.isLetter {
                if run == 0 { runAfterHan = prevWasHan }
                run += 1; if ch.isUppercase { runUpper += 1 }
                prevWasHan = false
            } else if ch.isASCII, ch.isNumber, run > 0 {
                runHasDigit = true
            } else {
                endRun(nextIsHan: false)
                if !ch.isWhitespace { prevWasHan = false }
            }
        }
        endRun(nextIsHan: false)
        let suspect = words - plausible
        let share = han + suspect == 0 ? 1 : Double(han) / Double(han + suspect)
        return ScriptAssessment(han: han, latinWords: words, latinLetters: letters, plausibleLatinWords: plausible,
                                hanShare: share, wrongLanguage: suspect >= minimumLatinWords && share < minimumHanShare)
    }

    /// The finding for a wrong-language OCR layer (`ocr.wrong_language`), or nil when the text looks Chinese.
    public static func finding(for text: String, what: String, provenance: Provenance? = nil) -> Finding? {
        let a = assess(text)
        guard a.wrongLanguage else { return nil }
        return Finding(code: "ocr.wrong_language", severity: .warning,
                       message: "\(what) looks like Chinese recognized with a non-Chinese OCR model: \(a.summary)",
                       provenance: provenance)
    }
}
