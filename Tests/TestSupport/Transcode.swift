import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Re-encodes text for encoding tests (GB18030, UTF-16…) through the C library's iconv.
public enum Transcode {
    public static func encode(_ text: String, as charset: String) -> Data? {
        #if canImport(Glibc)
        let cd = iconv_open(charset, "UTF-8")
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr = inBuf.baseAddress, inLeft = inBuf.count
                var outPtr = outBuf.baseAddress, outLeft = outBuf.count
                guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1, inLeft == 0 else { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let produced else { return nil }
        return Data(output[..<produced].map { UInt8(bitPattern: $0) })
        #else
        return nil
        #endif
    }
}
