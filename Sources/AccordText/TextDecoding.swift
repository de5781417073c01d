import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes decoded to text, and how.
public struct DecodedText: Sendable {
    public var text: String
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `gb18030`.
    public var encoding: String
    /// Number of `\r\n` / lone `\r` line ends turned into `\n`.
    public var lineEndsNormalized: Int
}

public enum TextDecodingError: Error, Sendable, CustomStringConvertible {
    case notText(String)
    public var description: String { switch self { case .notText(let s): return s } }
}

/// Detects the character encoding by content: BOMs, strict UTF-8, UTF-16 without BOM,
/// then GB18030 (a superset of GBK and GB2312). Never guesses silently: a byte sequence
/// that none of them decode cleanly is an error.
public enum TextDecoding {
    public static func decode(_ data: Data) throws(TextDecodingError) -> DecodedText {
        let bytes = [UInt8](data)
        var text: String
        var encoding: String
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let s = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                throw .notText("invalid UTF-8 after a UTF-8 byte-order mark")
            }
            text = s; encoding = "utf-8-bom"
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let le = bytes[0] == 0xFF
            guard let s = decodeUTF16(bytes.dropFirst(2), littleEndian: le) else {
                throw .notText("invalid UTF-16 after a byte-order mark")
            }
            text = s; encoding = le ? "utf-16le" : "utf-16be"
        } else if let s = String(validating: bytes, as: UTF8.self) {
            text = s; encoding = "utf-8"
        } else if let le = utf16WithoutBOM(bytes), let s = decodeUTF16(bytes[...], littleEndian: le) {
            text = s; encoding = le ? "utf-16le" : "utf-16be"
        } else if let s = iconvDecode(bytes, from: "GB18030") {
            text = s; encoding = "gb18030"
        } else {
            throw .notText("not valid UTF-8, UTF-16 or GB18030 text")
        }
        var crlf = 0
        if text.contains("\r") {
            var out = String(); out.reserveCapacity(text.utf8.count)
            // Swift treats "\r\n" as one Character.
            for ch in text {
                if ch == "\r\n" || ch == "\r" { out.append("\n"); crlf += 1 } else { out.append(ch) }
            }
            text = out
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return DecodedText(text: text, encoding: encoding, lineEndsNormalized: crlf)
    }

    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String? {
        guard bytes.count % 2 == 0 else { return nil }
        var units: [UInt16] = []; units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? (a | b << 8) : (a << 8 | b))
            i += 2
        }
        var out = String.UnicodeScalarView()
        var it = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): out.append(s)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return String(out)
    }

    /// UTF-16 without a BOM shows up as NUL in every other byte for ASCII-range text.
    static func utf16WithoutBOM(_ bytes: [UInt8]) -> Bool? {
        guard bytes.count >= 4, bytes.count % 2 == 0 else { return nil }
        let sample = bytes.prefix(4096)
        var evenNul = 0, oddNul = 0
        for (i, b) in sample.enumerated() where b == 0 { if i % 2 == 0 { evenNul += 1 } else { oddNul += 1 } }
        if oddNul > sample.count / 8 && evenNul == 0 { return true }
        if evenNul > sample.count / 8 && oddNul == 0 { return false }
        return nil
    }

    /// Strict conversion through the C library's iconv: any invalid sequence fails the whole decode.
    static func iconvDecode(_ bytes: [UInt8], from charset: String) -> String? {
        #if canImport(Glibc)
        let cd = iconv_open("UTF-8", charset)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                if r == -1 || inLeft != 0 { return false }
                let produced = outBuf.count - outLeft
                // GB18030 makes at most 1.5 UTF-8 bytes a byte, so the buffer never fills; checked anyway.
                guard produced < outBuf.count else { return false }
                outBuf[produced] = 0
                return true
            }
        }
        guard ok, let end = output.firstIndex(of: 0) else { return nil }
        let utf8 = output[..<end].map { UInt8(bitPattern: $0) }
        return String(validating: utf8, as: UTF8.self)
        #else
        return nil
        #endif
    }
}
