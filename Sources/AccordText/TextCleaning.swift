import Foundation
import AccordModel

/// Character-level cleaning that keeps a map back to the source.
///
/// What it does, each counted in the cleaning report under its code:
/// - `nfkc.fullwidth_digit`, `nfkc.fullwidth_letter`, `nfkc.fullwidth_punctuation`: the
///   full-width forms block (U+FF01–FF5E) to ASCII by NFKC (`２５２．`→`252.`, `（`→`(`).
/// - `space.ideographic`, `space.nbsp`: U+3000 and U+00A0 to an ordinary space.
/// - `invisible.removed`: zero-width spaces/joiners, BOMs and soft hyphens dropped.
/// - `space.cjk_removed`: spaces next to Han characters or inside brackets removed
///   (`2025 年 8 月`→`2025年8月`, `( 3.2 )`→`(3.2)`); OCR puts such spaces between glyphs.
/// - `space.collapsed`: other runs of white space folded to one; leading/trailing trimmed.
/// Han text itself is never rewritten.
public enum TextCleaning {
    public static func clean(_ original: String, base: Locator, log: inout ActionLog) -> SourceText {
        // Most text has nothing to clean: then it is its own cleaned form, character for character.
        if !needsCleaning(original) {
            return SourceText(text: original, original: original, offsets: Array(0...PlainText.characterCount(original)), base: base)
        }
        // Plain text (one scalar per character) is cleaned on its bytes, by the same rules.
        if let plain = cleanPlain(original, base: base, log: &log) { return plain }
        return cleanCharacters(original, base: base, log: &log)
    }

    /// The cleaning, character by character: the reference for `cleanPlain`, and the path of any
    /// text that is not plain.
    static func cleanCharacters(_ original: String, base: Locator, log: inout ActionLog) -> SourceText {
        // One pass over the characters; actions are tallied here and written to the log once, in
        // the order they were first met (character mappings before white-space decisions).
        var tally = Tally()
        var out = String()
        out.reserveCapacity(original.utf8.count)
        var offs: [Int] = []
        offs.reserveCapacity(original.utf8.count / 2 + 1)
        var prev: Character?
        var pending = 0, pendingStart = 0
        var i = 0
        for ch in PlainText.characters(original) {
            defer { i += 1 }
            var mapped = ch
            // Whether `mapped` is " " (only these one-scalar characters are; nothing else is
            // canonically equivalent to a space), without comparing characters.
            var isSpace = false
            let scalars = ch.unicodeScalars
            if let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
                let v = scalar.value
                switch v {
                case 0xFF01...0xFF5E:
                    // v - 0xFEE0 is in 0x21...0x7E (printable ASCII): the narrowing cannot lose a bit.
                    let ascii = Character(Unicode.Scalar(UInt8(truncatingIfNeeded: v - 0xFEE0)))
                    let code: Tally.Code = ascii.isNumber ? .fullwidthDigit : ascii.isLetter ? .fullwidthLetter : .fullwidthPunctuation
                    tally.note(code, example: "\(ch)→\(ascii)")
                    mapped = ascii
                case 0x3000: tally.note(.ideographicSpace); mapped = " "; isSpace = true
                case 0x00A0: tally.note(.nbsp); mapped = " "; isSpace = true
                case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
                    tally.note(.invisible, example: String(format: "U+%04X", v))
                    continue
                case 0x09: mapped = " "; isSpace = true
                case 0x20: isSpace = true
                default: break
                }
            }
            if isSpace {
                if pending == 0 { pendingStart = i }
                pending += 1
                continue
            }
            if pending > 0 {
                if let p = prev {
                    if dropsSpace(after: p, before: mapped) {
                        tally.note(.cjkSpace, count: pending, example: "\(p)\(String(repeating: "␠", count: pending))\(mapped)")
                    } else {
                        out.append(" "); offs.append(pendingStart)
                        if pending > 1 { tally.note(.collapsed, count: pending - 1) }
                    }
                } else {
                    tally.note(.collapsed, count: pending)
                }
                pending = 0
            }
            out.append(mapped); offs.append(i)
            prev = mapped
        }
        if pending > 0 { tally.note(.collapsed, count: pending) }
        offs.append(i)
        tally.write(to: &log)
        return SourceText(text: out, original: original, offsets: offs, base: base)
    }

    /// Whether `s` holds any scalar the cleaning acts on: a space or tab, U+3000, U+00A0, an
    /// invisible (U+200B-200D, U+2060, U+FEFF, U+00AD) or a full-width form (U+FF01-FF5E). Without
    /// one, every character is kept as it is and no action is recorded. (A scalar that is only
    /// part of a longer grapheme is left alone by the cleaning, so this test is conservative.)
    static func needsCleaning(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            let n = b.count
            var i = 0
            while i < n {
                let x = b[i]
                if x < 0x80 {
                    if x == 0x20 || x == 0x09 { return true }
                    i += 1; continue
                }
                switch x {
                case 0xC2:  // U+00A0, U+00AD
                    if i + 1 < n, b[i + 1] == 0xA0 || b[i + 1] == 0xAD { return true }
                case 0xE2:  // U+200B-200D, U+2060
                    if i + 2 < n, (b[i + 1] == 0x80 && (0x8B...0x8D).contains(b[i + 2])) || (b[i + 1] == 0x81 && b[i + 2] == 0xA0) { return true }
                case 0xE3:  // U+3000
                    if i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0x80 { return true }
                case 0xEF:  // U+FEFF; U+FF01-FF3F, U+FF40-FF5E
                    if i + 2 < n, (b[i + 1] == 0xBB && b[i + 2] == 0xBF) || (b[i + 1] == 0xBC && b[i + 2] >= 0x81)
                        || (b[i + 1] == 0xBD && b[i + 2] <= 0x9E) { return true }
                default: break
                }
                i += 1
            }
            return false
        }
    }

    /// Counts and first examples of each cleaning action within one call.
    struct Tally {
        enum Code: Int, CaseIterable {
            case fullwidthDigit, fullwidthLetter, fullwidthPunctuation, ideographicSpace, nbsp, invisible, cjkSpace, collapsed
            var name: String {
                switch self {
                case .fullwidthDigit: "nfkc.fullwidth_digit"
                case .fullwidthLetter: "nfkc.fullwidth_letter"
                case .fullwidthPunctuation: "nfkc.fullwidth_punctuation"
                case .ideographicSpace: "space.ideographic"
                case .nbsp: "space.nbsp"
                case .invisible: "invisible.removed"
                case .cjkSpace: "space.cjk_removed"
                case .collapsed: "space.collapsed"
                }
            }
            /// Character mappings are reported before white-space decisions.
            var isMapping: Bool { rawValue < Code.cjkSpace.rawValue }
        }
        var counts = Array(repeating: 0, count: Code.allCases.count)
        var examples = Array(repeating: [String](), count: Code.allCases.count)
        var order: [Code] = []

        mutating func note(_ code: Code, count: Int = 1, example: @autoclosure () -> String? = nil) {
            let k = code.rawValue
            if counts[k] == 0 { order.append(code) }
            counts[k] += count
            if examples[k].count < 3, let e = example(), !examples[k].contains(e) { examples[k].append(e) }
        }

        func write(to log: inout ActionLog) {
            for code in order.filter(\.isMapping) + order.filter({ !$0.isMapping }) {
                log.record(code.name, count: counts[code.rawValue])
                for e in examples[code.rawValue] { log.record(code.name, count: 0, example: e) }
            }
        }
    }

    public static func isHan(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        return s.properties.isIdeographic || (0x3400...0x9FFF).contains(s.value) || (0xF900...0xFAFF).contains(s.value)
    }

    /// CJK punctuation and symbols that sit between Han characters (，。、；：“”《》（）【】…).
    public static func isCJKPunctuation(_ c: Character) -> Bool {
        guard let s = c.unicodeScalars.first else { return false }
        switch s.value {
        case 0x3001...0x303F, 0x2018...0x201F, 0x2026, 0x2014, 0xFF01...0xFF65, 0xFE30...0xFE4F: return true
        default: return false
        }
    }

    static func dropsSpace(after prev: Character, before next: Character) -> Bool {
        if isHan(prev) || isHan(next) || isCJKPunctuation(prev) || isCJKPunctuation(next) { return true }
        if "([{<".contains(prev) || ")]}>,.;:%!?".contains(next) { return true }
        return false
    }
}
