import Testing
import Foundation
import AccordReaders
import AccordOCR
import TestSupport

/// Which files make `accord` re-execute itself with OMP_THREAD_LIMIT=1: those whose content (not
/// name) goes to an OCR reader.
@Suite struct NeedsOCRTests {
    let registry = ReaderRegistry.withOCR

    func path(_ relative: String) -> String { Corpus.url(relative).path }

    @Test func imagesAndPDFsNeedOCR() {
        #expect(registry.needsOCR(fileAt: path("corpus/scans/001-annex-table.png")))
        #expect(registry.needsOCR(fileAt: path("corpus/scans/001-degraded-p1.jpg")))
        #expect(registry.needsOCR(fileAt: path("corpus/scans/001-clean.tif")))
        #expect(registry.needsOCR(fileAt: path("corpus/scans/001-scan.pdf")))
        // A PDF with a text layer may still be OCR'd (a layer in the wrong script is re-read).
        #expect(registry.needsOCR(fileAt: path("corpus/scans/001-eng-layer.pdf")))
    }

    @Test func documentsAndTextDoNot() throws {
        #expect(!registry.needsOCR(fileAt: path("corpus/docx/001_agreement.docx")))
        #expect(!registry.needsOCR(fileAt: path("corpus/docx/001_agreement.flat.xml")))
        #expect(!registry.needsOCR(fileAt: path("corpus/docx/001_agreement.html")))
        #expect(!registry.needsOCR(fileAt: path("corpus/seeds/001_08ce58bb254aa3f5.txt")))
        #expect(!registry.needsOCR(fileAt: "/nonexistent/scan.png"))
        // Judged by content: a PNG named .txt needs OCR, a text named .png does not.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-needs-ocr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("scan.txt"), text = dir.appendingPathComponent("notes.png")
        try Corpus.data("corpus/scans/001-annex-table.png").write(to: png)
        try Data("甲方：某某社区居民委员会\n".utf8).write(to: text)
        #expect(registry.needsOCR(fileAt: png.path))
        #expect(!registry.needsOCR(fileAt: text.path))
    }
}
