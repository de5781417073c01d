import Foundation
import AccordModel
import AccordText
import AccordReaders

/// Reads scanned pages: PNG, JPEG and TIFF (any number of pages), through Leptonica and Tesseract.
public struct ImageReader: DocumentReader {
    public var options: OCROptions
    /// Engines shared with other readers and kept between documents (none: created per document).
    public var engines: EnginePool?
    public init(options: OCROptions = .init(), engines: EnginePool? = nil) { self.options = options; self.engines = engines }
    public var name: String { "image-ocr" }
    public func accepts(_ sniff: Sniff) -> Bool { sniff == .png || sniff == .jpeg || sniff == .tiff }

    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        let kind = input.sniff.rawValue
        let pages = try ImageDecoding.source([UInt8](input.data), kind: kind)
        var doc = IntermediateDocument(source: SourceInfo(path: input.path, sha256: input.sha256, format: kind, encoding: nil))
        try OCRRun.recognize(pages, options: options, engines: engines, into: &doc)
        return doc
    }
}

/// Shared by the image and PDF readers: recognize pages, add blocks, actions and findings.
enum OCRRun {
    static func recognize(_ pages: PageSource, pageNumbers: [Int]? = nil, options: OCROptions, engines: EnginePool?,
                          into doc: inout IntermediateDocument) throws(ReadError) {
        let recognized: [RecognizedPage]
        do { recognized = try PageRecognizer.recognize(pages, options: options, engines: engines) }
        catch { throw ReadError(error.description) }
        var log = ActionLog()
        log.merge(doc.actions)
        // The worker count is left out: it changes with the machine, the recognized text does not.
        log.record("ocr.engine", example: "tesseract \(OCRLibraries.tesseractVersion) \(options.language)\(OMPThreadLimit.isLimited ? "" : ", OMP_THREAD_LIMIT not 1 (slow)")")
        var findings = doc.findings
        for var page in recognized {
            if let numbers = pageNumbers, page.number - 1 < numbers.count { page.number = numbers[page.number - 1] }
            let (blocks, layout) = OCRDocumentBuilder.read(page, log: &log, findings: &findings)
            let first = doc.blocks.count
            doc.layout.append(layout.remappingBlocks { $0 + first })
            doc.blocks += blocks
        }
        for i in findings.indices where findings[i].provenance?.source == "" { findings[i].provenance?.source = doc.source.sha256 }
        doc.actions = log.actions
        doc.findings = findings
    }
}
