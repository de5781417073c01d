import Foundation
import AccordReaders

extension ReaderRegistry {
    /// The standard readers plus OCR (images and PDFs), placed before the catch-all rejecting reader.
    public static var withOCR: ReaderRegistry { ReaderRegistry.standard.addingOCR() }

    /// The image and PDF readers share one `EnginePool`: the documents read through this registry
    /// reuse Tesseract engines rather than loading the model for each.
    public func addingOCR(options: OCROptions = .init()) -> ReaderRegistry {
        var readers = self.readers
        let engines = EnginePool()
        let ocr: [any DocumentReader] = [ImageReader(options: options, engines: engines), PDFReader(options: options, engines: engines)]
        let at = readers.firstIndex { $0 is RejectingReader } ?? readers.count
        readers.insert(contentsOf: ocr, at: at)
        return ReaderRegistry(readers: readers)
    }
}

extension ReaderRegistry {
    /// Whether the file's content goes to an OCR reader (judged from its first 8 KB, as the
    /// pipeline's sniffing judges the whole file; a file that cannot be opened: false).
    public func needsOCR(fileAt path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 8192) else { return false }
        let reader = reader(for: Sniff.of(head))
        return reader is ImageReader || reader is PDFReader
    }
}
