import CLeptonica
import AccordReaders

/// One Leptonica image, owned: destroyed with this object. Used by one thread at a time (a page is
/// handed to exactly one worker), which is what makes the unchecked `Sendable` sound.
public final class PixImage: @unchecked Sendable {
    /// XOR this with a byte's index in a row to reach an 8-bit pixel: Leptonica keeps them
    /// big-endian within 32-bit words, so on a little-endian machine byte k of a word is pixel 3 − k.
    #if _endian(little)
    static let byteSwizzle = 3
    #else
    static let byteSwizzle = 0
    #endif

    let pointer: UnsafeMutablePointer<PIX>

    init?(_ pointer: UnsafeMutablePointer<PIX>?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    deinit {
        var p: UnsafeMutablePointer<PIX>? = pointer
        pixDestroy(&p)
    }

    public var width: Int { Int(pixGetWidth(pointer)) }
    public var height: Int { Int(pixGetHeight(pointer)) }
    public var depth: Int { Int(pixGetDepth(pointer)) }
    /// Resolution the file declares (0 when it declares none).
    public var xResolution: Int { Int(pixGetXRes(pointer)) }

    func setResolution(_ dpi: Int) { pixSetResolution(pointer, Int32(dpi), Int32(dpi)) }

    /// How many pixels are set (black, for a 1 bpp image).
    var inkPixels: Int {
        var count: Int32 = 0
        return pixCountPixels(pointer, &count, nil) == 0 ? Int(count) : 0
    }

    /// PNG bytes (for debugging and tests).
    public func pngData() -> [UInt8]? {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMemPng(&out, &size, pointer, 0) == 0, let out else { return nil }
        defer { lept_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }
}

/// Decodes image files (PNG, JPEG, TIFF with any number of pages) into pages.
public enum ImageDecoding {
    /// Larger images are refused rather than decoded (a decompression bomb would exhaust memory).
    public static let maxPixels = 120_000_000
    public static let maxSide = 30_000

    public static func pages(_ bytes: [UInt8], kind: String) throws(ReadError) -> [PixImage] {
        _ = setMsgSeverity(6)  // L_SEVERITY_NONE: bad input becomes a ReadError, not stderr noise
        guard bytes.count >= 8 else { throw ReadError("\(kind) image is truncated (\(bytes.count) bytes)") }
        var format: Int32 = 0, w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0
        let header = bytes.withUnsafeBufferPointer { pixReadHeaderMem($0.baseAddress, $0.count, &format, &w, &h, &bps, &spp, &cmap) }
        guard header == 0 else { throw ReadError("\(kind) image header is unreadable (truncated or corrupt)") }
        guard w > 0, h > 0 else { throw ReadError("\(kind) image has zero size (\(w)×\(h))") }
        guard Int(w) <= maxSide, Int(h) <= maxSide, Int(w) * Int(h) <= maxPixels else {
            throw ReadError("\(kind) image is too large to OCR (\(w)×\(h) pixels)")
        }
        var pages: [PixImage] = []
        if kind == "tiff" {
            var pixa = bytes.withUnsafeBufferPointer { pixaReadMemMultipageTiff($0.baseAddress, $0.count) }
            defer { pixaDestroy(&pixa) }
            guard let pixa else { throw ReadError("TIFF image is unreadable (truncated or corrupt)") }
            for i in 0..<pixaGetCount(pixa) {
                guard let page = PixImage(pixaGetPix(pixa, i, 2 /* L_CLONE */)) else {
                    throw ReadError("TIFF page \(i + 1) is unreadable")
                }
                pages.append(page)
            }
        } else {
            guard let page = PixImage(bytes.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }) else {
                throw ReadError("\(kind) image is unreadable (truncated or corrupt)")
            }
            pages.append(page)
        }
        guard !pages.isEmpty else { throw ReadError("\(kind) image has no pages") }
        for (i, p) in pages.enumerated() where p.width == 0 || p.height == 0 || p.width * p.height > maxPixels {
            throw ReadError("\(kind) page \(i + 1) has an unusable size (\(p.width)×\(p.height))")
        }
        return pages
    }
}
