import Foundation

/// A ZIP archive with stored (uncompressed) entries, written in memory: enough to wrap fuzzed
/// parts in a valid DOCX package so that the fuzzer's effort goes into the XML, not the container.
public enum StoredZip {
    public static func archive(_ entries: [(name: String, data: Data)]) -> Data {
        var out = Data()
        var central = Data()
        for (name, data) in entries {
            let nameBytes = Data(name.utf8)
            let crc = crc32(data)
            let offset = UInt32(out.count)
            // Local file header.
            out.le32(0x0403_4B50); out.le16(20); out.le16(0); out.le16(0)  // version, flags, method: stored
            out.le16(0); out.le16(0x21)                                     // time, date (1980-01-01)
            out.le32(crc); out.le32(UInt32(data.count)); out.le32(UInt32(data.count))
            out.le16(UInt16(nameBytes.count)); out.le16(0)
            out.append(nameBytes); out.append(data)
            // Central directory record.
            central.le32(0x0201_4B50); central.le16(20); central.le16(20); central.le16(0); central.le16(0)
            central.le16(0); central.le16(0x21)
            central.le32(crc); central.le32(UInt32(data.count)); central.le32(UInt32(data.count))
            central.le16(UInt16(nameBytes.count)); central.le16(0); central.le16(0)  // name, extra, comment
            central.le16(0); central.le16(0); central.le32(0)                        // disk, internal, external attributes
            central.le32(offset)
            central.append(nameBytes)
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        out.le32(0x0605_4B50); out.le16(0); out.le16(0)
        out.le16(UInt16(entries.count)); out.le16(UInt16(entries.count))
        out.le32(UInt32(central.count)); out.le32(centralOffset); out.le16(0)
        return out
    }

    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func crc32(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

extension Data {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { le16(UInt16(v & 0xFFFF)); le16(UInt16(v >> 16)) }
}
