import AccordModel

/// Chinese double quotes open and close in turn (“…”), never nested with the same marks. Tesseract
/// often reads one direction for the other; where a paragraph holds an even number of double quotes
/// that do not alternate from “, each is set to its turn (recorded as `ocr.punctuation`). With an odd
/// number (a mark missed or a speck read as one) nothing is changed: which one is wrong is unknown.
enum QuotePairing {
    static func pair(_ st: SourceText, page: Int, log: inout ActionLog) -> SourceText {
        var chars = Array(st.text)
        let quotes = chars.indices.filter { chars[$0] == "“" || chars[$0] == "”" }
        guard !quotes.isEmpty, quotes.count % 2 == 0 else { return st }
        var changed = false
        for (n, i) in quotes.enumerated() {
            let expected: Character = n % 2 == 0 ? "“" : "”"
            guard chars[i] != expected else { continue }
            let before = i > 0 ? String(chars[i - 1]) : "", after = i + 1 < chars.count ? String(chars[i + 1]) : ""
            log.record("ocr.punctuation", example: "page \(page): \(before)\(chars[i])\(after)→\(before)\(expected)\(after) (quotes pair)")
            chars[i] = expected
            changed = true
        }
        guard changed else { return st }
        var fixed = st
        fixed.text = String(chars)  // one character for one: offsets unchanged
        return fixed
    }
}
