/// Columns padded to the widest cell, counting wide (CJK) characters as two terminal columns.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || v >= 0x20000
            return n + (wide ? 2 : 1)
        }
    }

    /// The table as lines; the last column is not padded.
    func render() -> String {
        let all = [header] + rows
        let n = header.count
        var widths = Array(repeating: 0, count: n)
        for r in all { for (i, c) in r.enumerated() where i < n { widths[i] = max(widths[i], Self.width(c)) } }
        return all.map { r in
            r.enumerated().map { i, c in
                i == r.count - 1 ? c : c + String(repeating: " ", count: widths[i] - Self.width(c))
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
