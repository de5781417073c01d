import AccordModel

extension TextCleaning {
    /// `clean`'s pass for plain text (`PlainText`: every scalar is a character of its own, and no
    /// other sequence is canonically equivalent to it), done on the UTF-8 bytes instead of on
    /// `Character`s. The rules, the tally and the offsets are exactly `clean`'s; what plain text
    /// allows is comparing scalars where `clean` compares characters. Plain text never holds
    /// U+00A0 or an invisible, so only full-width forms, U+3000, tabs and spaces are acted on.
    /// nil when `original` is not plain text (the caller then takes the `Character` path).
    static func cleanPlain(_ original: String, base: Locator, log: inout ActionLog) -> SourceText? {
        var source = original
        var tally = CompactTally()
        var offs: [Int] = []
        var plain = true
        let out = source.withUTF8 { b -> String in
            // Cleaning never lengthens plain text: mappings shorten (3 bytes to 1), spaces fold.
            String(unsafeUninitializedCapacity: b.count) { o -> Int in
                offs.reserveCapacity(b.count / 2 + 1)
                let n = b.count
                var w = 0
                var prev: UInt32?
                var pending = 0, pendingStart = 0
                var i = 0          // character (= scalar) index in `original`
                var p = 0          // byte position
                while p < n {
                    defer { i += 1 }
                    guard var v = PlainText.plainScalar(b, at: &p) else { plain = false; return 0 }
                    var isSpace = false
                    switch v {
                    case 0xFF01...0xFF5E:
                        let a = v - 0xFEE0
                        let code: Tally.Code = isASCIIDigit(a) ? .fullwidthDigit : isASCIILetter(a) ? .fullwidthLetter : .fullwidthPunctuation
                        tally.note(code, example: "\(character(v))→\(character(a))", into: log)
                        v = a
                    case 0x3000: tally.note(.ideographicSpace); isSpace = true
                    case 0x09, 0x20: isSpace = true
                    default: break
                    }
                    if isSpace {
                        if pending == 0 { pendingStart = i }
                        pending += 1
                        continue
                    }
                    if pending > 0 {
                        if let q = prev {
                            if dropsSpace(after: q, before: v) {
                                tally.note(.cjkSpace, count: pending, example: "\(character(q))\(String(repeating: "␠", count: pending))\(character(v))", into: log)
                            } else {
                                o[w] = 0x20; w += 1; offs.append(pendingStart)
                                if pending > 1 { tally.note(.collapsed, count: pending - 1) }
                            }
                        } else {
                            tally.note(.collapsed, count: pending)
                        }
                        pending = 0
                    }
                    // Re-encode (ASCII or three bytes; nothing plain needs two or four).
                    if v < 0x80 {
                        o[w] = UInt8(v); w += 1
                    } else {
                        o[w] = UInt8(0xE0 | v >> 12); o[w + 1] = UInt8(0x80 | (v >> 6) & 0x3F); o[w + 2] = UInt8(0x80 | v & 0x3F); w += 3
                    }
                    offs.append(i)
                    prev = v
                }
                if pending > 0 { tally.note(.collapsed, count: pending) }
                offs.append(i)
                return w
            }
        }
        guard plain else { return nil }
        tally.write(to: &log)
        return SourceText(text: out, original: original, offsets: offs, base: base)
    }


    private static func character(_ v: UInt32) -> Character {
        Character(Unicode.Scalar(v) ?? "\u{FFFD}")
    }

    private static func isASCIIDigit(_ v: UInt32) -> Bool { (0x30...0x39).contains(v) }
    private static func isASCIILetter(_ v: UInt32) -> Bool { (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) }

    /// `isHan` of the one-scalar character `v`.
    static func isHan(scalar v: UInt32) -> Bool {
        if v < 0x80 { return false }
        if (0x3400...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v) { return true }
        return Unicode.Scalar(v)?.properties.isIdeographic ?? false
    }

    /// `isCJKPunctuation` of the one-scalar character `v`.
    static func isCJKPunctuation(scalar v: UInt32) -> Bool {
        switch v {
        case 0x3001...0x303F, 0x2018...0x201F, 0x2026, 0x2014, 0xFF01...0xFF65, 0xFE30...0xFE4F: return true
        default: return false
        }
    }

    /// `dropsSpace` for plain one-scalar characters (no plain scalar is canonically equivalent to
    /// another, so comparing scalars is comparing characters).
    static func dropsSpace(after prev: UInt32, before next: UInt32) -> Bool {
        if isHan(scalar: prev) || isHan(scalar: next) || isCJKPunctuation(scalar: prev) || isCJKPunctuation(scalar: next) { return true }
        switch prev { case 0x28, 0x5B, 0x7B, 0x3C: return true; default: break }           // ( [ { <
        switch next { case 0x29, 0x5D, 0x7D, 0x3E, 0x2C, 0x2E, 0x3B, 0x3A, 0x25, 0x21, 0x3F: return true; default: return false } // ) ] } > , . ; : % ! ?
    }
}

extension TextCleaning {
    /// `s.contains { !$0.isWhitespace }`, decided on the UTF-8 bytes up to the first plain scalar
    /// that is not white space (plain white space is exactly tab, LF, space and U+3000). Such a
    /// scalar after only those starts a character of its own (none of them joins what follows,
    /// and no plain scalar extends what precedes), so the answer is yes. A non-plain scalar
    /// before it sends the question to the `Character` path.
    public static func hasNonWhitespace(_ s: String) -> Bool {
        var s = s
        let plain: Bool? = s.withUTF8 { b in
            let n = b.count
            var p = 0
            while p < n {
                guard let v = PlainText.plainScalar(b, at: &p) else { return nil }
                switch v {
                case 0x09, 0x0A, 0x20, 0x3000: continue
                default: return true
                }
            }
            return false
        }
        if let plain { return plain }
        return s.contains { !$0.isWhitespace }
    }
}
