import Foundation
import AccordModel
import AccordText

/// Options for recognizing a document's pages.
public struct OCROptions: Sendable, Hashable {
    public var language = "chi_sim"
    public var dataPath: String?
    /// Pages recognized in parallel, one TessBaseAPI per worker (default: the cores, at most the pages).
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    public var preprocess = PreprocessOptions()
    /// Look for ruled tables on each page and read them cell by cell.
    public var detectTables = true
    /// Read the 大写 after "大写：" again with only the financial numerals allowed; keep the better reading.
    public var constrainedReread = true
    /// Read doubtful amount and date figures again with only digits allowed (`FigureReread`).
    public var figureReread = true
    /// Figures with a glyph below this confidence are read again (1: every figure).
    public var figureDoubtfulBelow = FigureReread.doubtful
    public init() {}
}

/// One page's recognition: lines in prepared-page pixels, the preparation, timing.
public struct RecognizedPage: Sendable {
    public var number: Int
    public var lines: [OCRLine]
    public var tables: [GridTable]
    public var rereads: [Reread]
    public var prepared: PreparedPage
    public var seconds: Double
}

/// Recognizes pages in parallel: `workers` threads, each creating its own engine inside the thread and
/// taking the next page until none is left. Results come back in page order.
public enum PageRecognizer {
    public static func recognize(_ pages: [PixImage], firstPageNumber: Int = 1,
                                 options: OCROptions) throws(OCRError) -> [RecognizedPage] {
        let workers = max(1, min(options.workers, pages.count))
        let state = SharedResults(count: pages.count)
        let debugTiming = ProcessInfo.processInfo.environment["ACCORD_OCR_TIMING"] != nil
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let engine: TesseractEngine
            do throws(OCRError) { engine = try TesseractEngine(language: options.language, dataPath: options.dataPath) }
            catch { state.fail(error); return }
            while let i = state.nextIndex() {
                let start = Date()
                guard let prepared = Preprocessor.prepare(pages[i], options: options.preprocess) else { state.fail(.recognitionFailed); return }
                let tPrep = Date()
                do throws(OCRError) {
                    var tables: [GridTable] = []
                    var lines: [OCRLine]
                    if options.detectTables, let grid = GridDetector.detect(in: prepared.binary) {
                        // Cells are read one by one; the text around the table is read with the table blanked.
                        tables = [try grid.read(with: engine, page: prepared)]
                        let rest = GridDetector.blank(grid.bounds, in: prepared.recognition)
                        lines = try engine.recognize(rest ?? prepared.recognition, dpi: prepared.dpi)
                    } else {
                        lines = try engine.recognize(prepared.recognition, dpi: prepared.dpi)
                    }
                    let tRec = Date()
                    var rereads: [Reread] = []
                    if options.constrainedReread {
                        rereads += ConstrainedReread.latinGarbage(in: &lines, page: firstPageNumber + i, engine: engine,
                                                                  image: prepared.recognition, dpi: prepared.dpi)
                        rereads += ConstrainedReread.uppercaseAmounts(in: &lines, page: firstPageNumber + i, engine: engine,
                                                                      image: prepared.recognition, dpi: prepared.dpi)
                    }
                    if options.constrainedReread, options.figureReread {
                        rereads += FigureReread.reread(in: &lines, page: firstPageNumber + i, engine: engine,
                                                       image: prepared.recognition, dpi: prepared.dpi,
                                                       doubtfulBelow: options.figureDoubtfulBelow)
                    }
                    if debugTiming {
                        let f = { (a: Date, b: Date) in String(format: "%.2f", b.timeIntervalSince(a)) }
                        FileHandle.standardError.write(Data("timing page \(i + 1): prepare \(f(start, tPrep)) s, recognize+tables \(f(tPrep, tRec)) s, reread \(f(tRec, Date())) s\n".utf8))
                    }
                    state.store(i, RecognizedPage(number: firstPageNumber + i, lines: lines, tables: tables, rereads: rereads, prepared: prepared,
                                                  seconds: Date().timeIntervalSince(start)))
                } catch {
                    state.fail(error); return
                }
            }
        }
        return try state.finish()
    }
}

/// The one piece of shared state between workers: the next page to take and the results. Lock-protected.
final class SharedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var results: [RecognizedPage?]
    private var error: OCRError?

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func nextIndex() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, next < results.count else { return nil }
        next += 1
        return next - 1
    }
    func store(_ i: Int, _ page: RecognizedPage) { lock.lock(); results[i] = page; lock.unlock() }
    func fail(_ e: OCRError) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    func finish() throws(OCRError) -> [RecognizedPage] {
        lock.lock(); defer { lock.unlock() }
        if let error { throw error }
        return results.compactMap { $0 }
    }
}
