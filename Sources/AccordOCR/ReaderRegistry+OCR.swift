import AccordReaders

extension ReaderRegistry {
    /// The standard readers plus OCR (images and PDFs), placed before the catch-all rejecting reader.
    public static var withOCR: ReaderRegistry { ReaderRegistry.standard.addingOCR() }

    public func addingOCR(options: OCROptions = .init()) -> ReaderRegistry {
        var readers = self.readers
        let ocr: [any DocumentReader] = [ImageReader(options: options), PDFReader(options: options)]
        let at = readers.firstIndex { $0 is RejectingReader } ?? readers.count
        readers.insert(contentsOf: ocr, at: at)
        return ReaderRegistry(readers: readers)
    }
}
