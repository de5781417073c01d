import Foundation
import Crypto

/// The sha256 that identifies a source file (in provenance and as the archive's key), through
/// swift-crypto (BoringSSL's SHA-256). `scripts/bench_sha256.sh` compares it with the
/// hand-written digest Accord used before.
public enum ContentHash {
    /// Lower-case hex of the SHA-256 of `data`.
    public static func hex(_ data: Data) -> String {
        hex(digest: SHA256.hash(data: data))
    }

    /// Lower-case hex of the SHA-256 of the bytes `buffer` points to.
    public static func hex(_ buffer: UnsafeRawBufferPointer) -> String {
        hex(digest: SHA256.hash(data: buffer))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func hex(digest: SHA256Digest) -> String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
