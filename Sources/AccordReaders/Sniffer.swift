import Foundation

/// What the first bytes of a file say it is. Extensions are never consulted.
public enum Sniff: String, Sendable, CaseIterable {
    case empty, zip, ole, pdf, png, jpeg, tiff, gif, bmp, xml, html, text, binary

    public static func of(_ data: Data) -> Sniff {
        if data.isEmpty { return .empty }
        let b = [UInt8](data.prefix(16))
        func starts(_ m: [UInt8]) -> Bool { b.count >= m.count && Array(b[0..<m.count]) == m }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) || starts([0x50, 0x4B, 0x07, 0x08]) { return .zip }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("GIF8".utf8)) { return .gif }
        if starts(Array("BM".utf8)) && data.count > 26 && !looksLikeText(data) { return .bmp }
        // Markup: look past a BOM and whitespace at the first tag, in any of the text encodings.
        let head = markupHead(data)
        if head.hasPrefix("<?xml") {
            let probe = head.prefix(2048)
            if probe.contains("<html") || probe.contains("<HTML") { return .html }
            return .xml
        }
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<head") || head.hasPrefix("<body")
            || head.hasPrefix("<meta") || head.hasPrefix("<table") { return .html }
        if head.hasPrefix("<pkg:package") || head.hasPrefix("<w:document") || head.hasPrefix("<w:worddocument") { return .xml }
        return looksLikeText(data) ? .text : .binary
    }

    /// The first ~4 KB, decoded leniently and lower-cased, with BOM and leading whitespace removed.
    static func markupHead(_ data: Data) -> String {
        let prefix = data.prefix(4096)
        var s: String
        if prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF]) {
            let le = prefix.starts(with: [0xFF, 0xFE])
            s = String(data: prefix.dropFirst(2).prefix((prefix.count - 2) & ~1), encoding: le ? .utf16LittleEndian : .utf16BigEndian) ?? ""
        } else {
            s = String(decoding: prefix, as: UTF8.self)
        }
        if s.hasPrefix("\u{FEFF}") { s.removeFirst() }
        return s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Text has no NUL bytes outside UTF-16 and few control characters.
    static func looksLikeText(_ data: Data) -> Bool {
        let sample = [UInt8](data.prefix(8192))
        if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) { return true }
        var nul = 0, control = 0
        for byte in sample {
            if byte == 0 { nul += 1 } else if byte < 0x09 || (byte > 0x0D && byte < 0x20 && byte != 0x1B) { control += 1 }
        }
        if nul > 0 {
            // UTF-16 without BOM: every other byte NUL for ASCII-heavy text.
            let evenNul = stride(from: 0, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            let oddNul = stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            return (evenNul == 0 || oddNul == 0) && nul * 4 >= sample.count && control * 50 < sample.count
        }
        return control * 50 < max(sample.count, 1)
    }
}
