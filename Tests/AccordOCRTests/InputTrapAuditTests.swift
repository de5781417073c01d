import Testing
import Foundation
import AccordModel
import AccordReaders
import AccordText
@testable import AccordOCR
import TestSupport

/// Traps found by reading the code for input-reachable force-unwraps, unchecked indices and
/// overflowing conversions (issue 15, item 4): each input now ends in a record or an error.
@Suite struct InputTrapAuditTests {
    /// A one-page PDF whose MediaBox is `width` × `height` points, as digits (PDF has no exponents).
    static func pdf(width: String, height: String) -> Data {
        let objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(width) \(height)] >>"]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(format: "%010d 00000 n \n", o) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    /// pdfinfo prints a page of 10²⁹ × 10²³ pt as `1e+29 x 1e+23`: the too-large finding used to
    /// write the size through `Int(_:)`, which traps past Int.max (the whole `accord extract` died).
    @Test func aPDFPageSizedPastInt() throws {
        let doc = try PDFReader().read(input(Self.pdf(width: "100000000000000000000000000000", height: "100000000000000000000000"), "huge.pdf"))
        #expect(doc.findings.map(\.code) == ["pdf.page_too_large"])
        #expect(doc.findings.first?.message.hasPrefix("page 1 (1e+29×1e+23 pt) is too large to rasterize for OCR") == true)
    }

    /// An ordinary oversized page still names its size in whole points, as before.
    @Test func aPDFPageSizedInPoints() throws {
        let doc = try PDFReader().read(input(Self.pdf(width: "96000", height: "9600"), "wide.pdf"))
        #expect(doc.findings.first?.message.hasPrefix("page 1 (96000×9600 pt) is too large") == true)
    }

    /// A crop box with coordinates at the ends of Int (a hand-edited archive record): an error
    /// naming the box, not an overflow in the margin arithmetic.
    @Test func aCropBoxAtTheEndsOfInt() throws {
        let path = Corpus.url("corpus/scans/001-annex-table.png").path
        for bbox in [[Int.min, Int.min, Int.min, Int.min], [Int.max, Int.max, Int.max, Int.max], [Int.min, 0, Int.max, 10]] {
            do {
                let png = try ScanCrop.png(file: path, page: 1, bbox: bbox)
                // Only the box spanning the page crops it (all of its width).
                #expect(bbox == [Int.min, 0, Int.max, 10] && !png.isEmpty)
            } catch {
                #expect(bbox != [Int.min, 0, Int.max, 10], "\(error)")
                #expect("\(error)".contains("lies outside page 1"), "\(error)")
            }
        }
    }

    /// The union of character boxes (a fold: no box list can trap it).
    @Test func boundingBoxes() {
        #expect(boundingBox([[Int]]()) == nil)
        #expect(boundingBox([[], [1, 2]]) == nil)
        #expect(boundingBox([[5, 6, 7, 8], [], [1, 9, 6, 20]]) == [1, 6, 7, 20])
    }

    /// Money spelling of amounts far past any contract: digits only (no index past 玖).
    @Test func spellingsOfHugeAmounts() {
        for s in ["99999999999999999999999999999999999999", "1e100", "123456789012345678901234567890.55"] {
            let v = Decimal(string: s) ?? 0
            let spelled = Money.uppercase(v)
            #expect(!spelled.isEmpty && spelled.allSatisfy { "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整负".contains($0) }, "\(s): \(spelled)")
        }
    }
}
