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
        for ch in original {
            defer { i += 1 }
            var mapped = ch
            let scalars = ch.unicodeScalars
            if let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
                let v = scalar.value
                switch v {
                case 0xFF01...0xFF5E:
                    let ascii = Character(Unicode.Scalar(v - 0xFEE0)!)
                    let code: Tally.Code = ascii.isNumber ? .fullwidthDigit : ascii.isLetter ? .fullwidthLetter : .fullwidthPunctuation
                    tally.note(code, example: "\(ch)→\(ascii)")
                    mapped = ascii
                case 0x3000: tally.note(.ideographicSpace); mapped = " "
                case 0x00A0: tally.note(.nbsp); mapped = " "
                case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:
                    tally.note(.invisible, example: String(format: "U+%04X", v))
                    continue
                case 0x09: mapped = " "
                default: break
                }
            }
            if mapped == " " {
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
