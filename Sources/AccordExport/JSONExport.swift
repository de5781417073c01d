import Foundation
import AccordModel

/// Canonical records as JSON: pretty for one document, one compact line each for several.
public enum JSONExport {
    /// Foundation's encoder with the output options every export uses (kept for callers that
    /// want `Data`, such as schema validation, and as the reference layout).
    public static func encoder(pretty: Bool) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    /// UTF-8 JSON, byte for byte what `encoder(pretty:)` writes, without Foundation's value tree
    /// (`JSONBytesEncoder`); a value using an encoding feature that writer does not reproduce goes
    /// through Foundation.
    public static func bytes<T: Encodable>(_ value: T, pretty: Bool) throws -> [UInt8] {
        do {
            return try JSONBytesEncoder(pretty: pretty).encode(value)
        } catch is JSONBytesEncoder.Unsupported {
            return Array(try encoder(pretty: pretty).encode(value))
        }
    }

    /// `bytes(value, pretty:)` as the buffers it was written in, in order (a long array's pieces
    /// are not copied into one buffer): for writing out, where joining them would only copy.
    public static func parts<T: Encodable>(_ value: T, pretty: Bool) throws -> [[UInt8]] {
        do {
            return try JSONBytesEncoder(pretty: pretty).encodeParts(value)
        } catch is JSONBytesEncoder.Unsupported {
            return [Array(try encoder(pretty: pretty).encode(value))]
        }
    }

    public static func string<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        String(decoding: try bytes(value, pretty: pretty), as: UTF8.self)
    }
}
