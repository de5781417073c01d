/// Byte-level tests on a string's UTF-8, used to skip a regular expression that cannot match
/// (a pattern that needs 年 cannot match text without those bytes; UTF-8 is self-synchronizing,
/// so a scalar's bytes occur only where the scalar does).
public enum UTF8Search {
    /// Whether any of `words` occurs in `s`.
    public static func containsAny(_ s: String, _ words: [[UInt8]]) -> Bool {
        var s = s
        return s.withUTF8 { hay in words.contains { IndicatorVocabulary.occurs($0, in: hay) } }
    }

    /// Whether `s` starts with any of `words`.
    public static func hasPrefix(_ s: String, anyOf words: [[UInt8]]) -> Bool {
        words.contains { s.utf8.starts(with: $0) }
    }

    /// Whether `s` holds a run of at least `length` ASCII digits.
    public static func hasDigitRun(_ s: String, length: Int) -> Bool {
        var run = 0
        for b in s.utf8 {
            if b >= 0x30 && b <= 0x39 { run += 1; if run >= length { return true } } else { run = 0 }
        }
        return false
    }

    public static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }
}

