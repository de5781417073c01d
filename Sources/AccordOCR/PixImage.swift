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

/// Decodes image files (PNG, JPEG, TIFF with any number of pages) into pages. Every page's size
/// is read from its header and checked before the page is decoded.
public enum ImageDecoding {
    /// Larger images are refused rather than decoded (a decompression bomb would exhaust memory).
    public static let maxPixels = 120_000_000
    public static let maxSide = 30_000
    /// Pages of one TIFF read at the most (a file with more is refused: split it).
    public static let maxPages = 500

    public static func pages(_ bytes: [UInt8], kind: String) throws(ReadError) -> [PixImage] {
        let source = try self.source(bytes, kind: kind)
        var pages: [PixImage] = []
        for i in 0..<source.count { pages.append(try source.produce(i)) }
        return pages
    }

    /// The file's pages, each checked from its header here and decoded when it is asked for (by
    /// the OCR worker that takes it: a multipage TIFF is never held decoded whole).
    /// Leptonica's messages off for the process, once: bad input becomes a ReadError, not stderr noise.
    static let silenced: Bool = {
        _ = setMsgSeverity(6)  // L_SEVERITY_NONE
        accord_leptSilence()
        return true
    }()

    public static func source(_ bytes: [UInt8], kind: String) throws(ReadError) -> PageSource {
        _ = silenced
        guard bytes.count >= 8 else { throw ReadError("\(kind) image is truncated (\(bytes.count) bytes)") }
        var format: Int32 = 0, w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0
        let header = bytes.withUnsafeBufferPointer { pixReadHeaderMem($0.baseAddress, $0.count, &format, &w, &h, &bps, &spp, &cmap) }
        guard header == 0 else { throw ReadError("\(kind) image header is unreadable (truncated or corrupt)") }
        try checkSize(Int(w), Int(h), kind: kind, page: nil)
        guard kind == "tiff" else {
            guard let page = PixImage(bytes.withUnsafeBufferPointer { pixReadMem($0.baseAddress, $0.count) }) else {
                throw ReadError("\(kind) image is unreadable (truncated or corrupt)")
            }
            try checkSize(page.width, page.height, kind: kind, page: nil)
            return PageSource([page])
        }
        // TIFF: page by page through libtiff's directories (which refuses a directory chain that
        // loops), never Leptonica's multipage reader, which looped forever on such a file and
        // decoded every page before any could be checked.
        var count = 0
        while true {
            var pw: Int32 = 0, ph: Int32 = 0, pbps: Int32 = 0, pspp: Int32 = 0, res: Int32 = 0, pcmap: Int32 = 0, pformat: Int32 = 0
            let n = Int32(count)
            let ok = bytes.withUnsafeBufferPointer { readHeaderMemTiff($0.baseAddress, $0.count, n, &pw, &ph, &pbps, &pspp, &res, &pcmap, &pformat) }
            guard ok == 0 else { break }
            guard count < maxPages else { throw ReadError("TIFF has more than \(maxPages) pages (split it into several files)") }
            try checkSize(Int(pw), Int(ph), kind: kind, page: count + 1)
            count += 1
        }
        guard count > 0 else { throw ReadError("TIFF image is unreadable (truncated or corrupt)") }
        return PageSource(count: count) { i throws(ReadError) in
            let n = Int32(i)
            guard let page = PixImage(bytes.withUnsafeBufferPointer { pixReadMemTiff($0.baseAddress, $0.count, n) }) else {
                throw ReadError("TIFF page \(i + 1) is unreadable")
            }
            try checkSize(page.width, page.height, kind: kind, page: i + 1)
            return page
        }
    }

    static func checkSize(_ w: Int, _ h: Int, kind: String, page: Int?) throws(ReadError) {
        let which = page.map { "\(kind) page \($0)" } ?? "\(kind) image"
        guard w > 0, h > 0 else { throw ReadError("\(which) has zero size (\(w)×\(h))") }
        guard w <= maxSide, h <= maxSide, w * h <= maxPixels else {
            throw ReadError("\(which) is too large to OCR (\(w)×\(h) pixels; the limit is \(maxPixels) pixels, \(maxSide) a side)")
        }
    }
}
