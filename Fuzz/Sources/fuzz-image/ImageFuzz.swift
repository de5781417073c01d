import Foundation
import AccordReaders
import AccordOCR
import CLeptFuzz
import FuzzSupport

/// Image decoding for the OCR path (no Tesseract): `ImageDecoding.source` (Leptonica's header
/// readers, the size checks, libtiff's page directories) and, within a small budget, the
/// decoding of the pages (`ImageDecoding.pages`). Only what the sniffer calls PNG, JPEG or TIFF
/// reaches it, with the `kind` the image reader passes.
///
/// Budget: pages are decoded only when every page's header asks for at most
/// FUZZ_IMAGE_MAX_PIXELS pixels (default 4 million) over at most 4 pages; larger ones (up to
/// Accord's own 120 million) are valid but slow, and would turn the fuzzer into a decoder
/// benchmark. PNG and JPEG over the budget are not given to Accord at all: its `source` decodes
/// them whole.
let budget = Int(ProcessInfo.processInfo.environment["FUZZ_IMAGE_MAX_PIXELS"] ?? "") ?? 4_000_000
let silenced: Bool = { fuzz_leptSilence(); return true }()

/// Pixels the page headers ask for, nil when a header is unreadable (Accord then refuses the file).
func declaredPixels(_ bytes: [UInt8], kind: String) -> (pixels: Int, pages: Int)? {
    if kind == "tiff" {
        var total = 0, n: Int32 = 0
        while n < 5 {
            var w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, res: Int32 = 0, cmap: Int32 = 0, format: Int32 = 0
            let ok = bytes.withUnsafeBufferPointer { readHeaderMemTiff($0.baseAddress, $0.count, n, &w, &h, &bps, &spp, &res, &cmap, &format) }
            guard ok == 0 else { break }
            total += max(Int(w), 0) * max(Int(h), 0)
            n += 1
        }
        return n == 0 ? nil : (total, Int(n))
    }
    var format: Int32 = 0, w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0
    let ok = bytes.withUnsafeBufferPointer { pixReadHeaderMem($0.baseAddress, $0.count, &format, &w, &h, &bps, &spp, &cmap) }
    guard ok == 0 else { return nil }
    return (max(Int(w), 0) * max(Int(h), 0), 1)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ ptr: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = silenced
    let sniff = Sniff.of(FuzzSupport.data(ptr, size))
    guard sniff == .png || sniff == .jpeg || sniff == .tiff else { return 0 }
    let kind = sniff.rawValue
    let bytes = Array(UnsafeBufferPointer(start: ptr, count: size))
    let declared = declaredPixels(bytes, kind: kind)
    let withinBudget = declared.map { $0.pixels <= budget && $0.pages <= 4 } ?? true
    do {
        if kind == "tiff" || withinBudget {
            let source = try ImageDecoding.source(bytes, kind: kind)
            FuzzSupport.blackHole(source.count)
        }
        if kind == "tiff" && withinBudget {
            let pages = try ImageDecoding.pages(bytes, kind: kind)
            for page in pages { FuzzSupport.blackHole(page.width &+ page.height &+ page.depth &+ page.xResolution) }
        }
    } catch {
        FuzzSupport.blackHole(error.reason)
    }
    return 0
}
