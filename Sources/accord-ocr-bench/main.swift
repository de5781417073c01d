import AccordOCR
print("tesseract \(OCRLibraries.tesseractVersion), \(OCRLibraries.leptonicaVersion)")
