import Testing
@testable import AccordOCR

@Test func linksTesseractAndLeptonica() {
    #expect(OCRLibraries.tesseractVersion.hasPrefix("5"))
    #expect(OCRLibraries.leptonicaVersion.contains("leptonica"))
}
