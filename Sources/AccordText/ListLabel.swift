/// List labels at the start of a cell or line, read by scanning a few characters (these checks run
/// once per cell; a regular expression compiled per call cost a third of a dump's reading time).
public enum ListLabel {
    /// "(4.1)" / "（ 3 ）" at the start: the digits-and-dots inside and how many characters the label spans.
    public static func paren(_ s: String) -> (inner: String, length: Int)? {
        var it = s.makeIterator()
        var n = 0
        guard let open = it.next(), open == "(" || open == "（" else { return nil }
        n += 1
        var inner = ""
        var c = it.next(); n += 1
        while c == " " { c = it.next(); n += 1 }
        var lastWasDigit = false
        while let ch = c, ch.isASCII, ch.isNumber || (ch == "." && lastWasDigit) {
            inner.append(ch); lastWasDigit = ch.isNumber
            c = it.next(); n += 1
        }
        while c == " " { c = it.next(); n += 1 }
        guard lastWasDigit, let close = c, close == ")" || close == "）" else { return nil }
        return (inner, n)
    }

    /// "12." / "3、" / "3．" at the start, not a decimal such as "2.5": the number, its separator and
    /// the label's length in characters. At most `maxDigits` digits.
    public static func dotted(_ s: String, maxDigits: Int = 3) -> (number: Int, separator: Character, length: Int)? {
        var it = s.makeIterator()
        var n = 0, digits = 0, value = 0
        var c = it.next()
        while let ch = c, ch.isASCII, let d = ch.wholeNumberValue {
            // Past maxDigits the label is refused below: stop adding before the value could overflow
            // (callers ask for at most 9 digits; up to 18 fit an Int).
            if digits < maxDigits { value = value * 10 + d }
            digits += 1; n += 1
            c = it.next()
        }
        guard digits > 0, digits <= maxDigits else { return nil }
        while c == " " { c = it.next(); n += 1 }
        guard let sep = c, sep == "." || sep == "、" || sep == "．" else { return nil }
        n += 1
        if sep != "、", let after = it.next(), after.isASCII, after.isNumber { return nil }
        return (value, sep, n)
    }
}
