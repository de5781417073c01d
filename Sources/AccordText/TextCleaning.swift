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
        let chars = Array(original)
        // Pass 1: per-character mapping.
        var mapped: [(Character, Int)] = []
        mapped.reserveCapacity(chars.count)
        for (i, ch) in chars.enumerated() {
            guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else { mapped.append((ch, i)); continue }
            let v = scalar.value
            switch v {
            case 0xFF01...0xFF5E:
                let ascii = Character(Unicode.Scalar(v - 0xFEE0)!)
                let code = ascii.isNumber ? "nfkc.fullwidth_digit" : ascii.isLetter ? "nfkc.fullwidth_letter" : "nfkc.fullwidth_punctuation"
                log.record(code, example: "\(ch)→\(ascii)")
                mapped.append((ascii, i))
            case 0x3000:
                log.record("space.ideographic"); mapped.append((" ", i))
            case 0x00A0:
                log.record("space.nbsp"); mapped.append((" ", i))
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
                log.record("invisible.removed", example: String(format: "U+%04X", v))
            case 0x09:
                mapped.append((" ", i))
            default:
                mapped.append((ch, i))
            }
        }
        // Pass 2: white space.
        var out: [Character] = []
        var offs: [Int] = []
        var i = 0
        while i < mapped.count {
            let (ch, o) = mapped[i]
            if ch == " " {
                var j = i
                while j < mapped.count, mapped[j].0 == " " { j += 1 }
                let prev = out.last, next = j < mapped.count ? mapped[j].0 : nil
                if prev == nil || next == nil {
                    log.record("space.collapsed", count: j - i)
                } else if dropsSpace(after: prev!, before: next!) {
                    log.record("space.cjk_removed", count: j - i, example: "\(prev!)\(String(repeating: "␠", count: j - i))\(next!)")
                } else {
                    out.append(" "); offs.append(o)
                    if j - i > 1 { log.record("space.collapsed", count: j - i - 1) }
                }
                i = j
                continue
            }
            out.append(ch); offs.append(o)
            i += 1
        }
        offs.append(chars.count)
        // The source snippet ends where the last kept character ends; leading trimmed text starts at the first kept one.
        return SourceText(text: String(out), original: original, offsets: offs, base: base)
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
