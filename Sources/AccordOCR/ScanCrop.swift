import Foundation
import CLeptonica
import AccordReaders

/// The region of a scanned page a value was read from, as PNG bytes: for `accord diff --html`,
/// which shows beside each changed value the part of the page it came from.
///
/// Boxes are in the page pixels the OCR saw (`Locator.bbox`, original-image pixels): the image
/// file's own pixels for PNG, JPEG and TIFF (decoded as `ImageReader` decodes them), the page
/// rendered at 300 dpi grey for a PDF (as `PDFReader` rasterizes it).
public enum ScanCrop {
    /// - Parameters:
    ///   - path: the scanned document (PNG, JPEG, TIFF with any number of pages, or PDF).
    ///   - page: 1-based page.
    ///   - bbox: `[x0, y0, x1, y1]`, x1 and y1 exclusive.
    ///   - margin: pixels added on every side (clipped to the page).
    public static func png(file path: String, page: Int, bbox: [Int], margin: Int = 12) throws -> Data {
        guard bbox.count == 4 else { throw ReadError("a crop box needs four numbers [x0, y0, x1, y1], not \(bbox.count)") }
        guard page >= 1 else { throw ReadError("page \(page) does not exist (pages count from 1)") }
        return try png(try pageImage(path, page: page), path: path, page: page, bbox: bbox, margin: margin)
    }

    /// A region of a decoded page as PNG bytes.
    static func png(_ image: PixImage, path: String, page: Int, bbox: [Int], margin: Int) throws -> Data {
        guard bbox.count == 4 else { throw ReadError("a crop box needs four numbers [x0, y0, x1, y1], not \(bbox.count)") }
        let w = image.width, h = image.height
        // The box comes from a record (an archive's too): its numbers are kept within twice the
        // largest page side, so the margin arithmetic cannot overflow; a box that far out misses
        // the page either way.
        let limit = 2 * ImageDecoding.maxSide
        let b = bbox.map { min(max($0, -limit), limit) }
        let x0 = max(0, min(b[0], b[2]) - margin), y0 = max(0, min(b[1], b[3]) - margin)
        let x1 = min(w, max(b[0], b[2]) + margin), y1 = min(h, max(b[1], b[3]) + margin)
        guard x1 > x0, y1 > y0 else {
            throw ReadError("\(path): box \(bbox) lies outside page \(page) (\(w)×\(h) pixels)")
        }
        var box = boxCreate(Int32(x0), Int32(y0), Int32(x1 - x0), Int32(y1 - y0))
        defer { boxDestroy(&box) }
        guard let clip = PixImage(pixClipRectangle(image.pointer, box, nil)) else {
            throw ReadError("\(path): page \(page) cannot be cropped to \(bbox)")
        }
        // pixWriteMemPng, not pixWriteMem(IFF_PNG): in a process that links CLeptonicaOverrides the
        // latter writes Tesseract's raw in-process format, which no browser reads. Leptonica's default
        // zlib level applies (the pix's own `special` is 0).
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard pixWriteMemPng(&out, &size, clip.pointer, 0) == 0, let out else {
            throw ReadError("\(path): the crop of page \(page) cannot be encoded as PNG")
        }
        defer { lept_free(out) }
        return Data(bytes: out, count: size)
    }

    /// Page `page` of the file, decoded as the OCR readers decode it.
    static func pageImage(_ path: String, page: Int) throws -> PixImage {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) }
        catch { throw ReadError("\(path): cannot be read: \(error.localizedDescription)") }
        let bytes = [UInt8](data)
        if bytes.starts(with: Array("%PDF".utf8)) {
            return try PDFReader.rasterize(page: page, of: path, timeout: 120)
        }
        let kind: String
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { kind = "tiff" }
        else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { kind = "png" }
        else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { kind = "jpeg" }
        else { throw ReadError("\(path): not a page image (PNG, JPEG, TIFF) or a PDF") }
        guard kind == "tiff" || page == 1 else { throw ReadError("\(path): a \(kind) image has one page, not \(page)") }
        let pages = try ImageDecoding.pages(bytes, kind: kind)
        guard page <= pages.count else { throw ReadError("\(path): page \(page) does not exist (\(pages.count) pages)") }
        return pages[page - 1]
    }
}
