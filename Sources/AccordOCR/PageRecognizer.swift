import Foundation
import AccordModel
import AccordText
import AccordReaders

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
    /// Read the leading list labels of table cells again with label characters only, checked against
    /// their column's sequence (`LabelReread`).
    public var labelReread = true
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

/// The pages of one document, each produced by the worker that takes it: decoded images handed
/// over whole, or pages rendered one by one (a PDF page through `pdftoppm`), so that producing a
/// page runs in parallel like the rest of its work rather than before it.
public struct PageSource: Sendable {
    public let count: Int
    let produce: @Sendable (Int) throws(ReadError) -> PixImage

    public init(count: Int, produce: @escaping @Sendable (Int) throws(ReadError) -> PixImage) {
        self.count = count
        self.produce = produce
    }

    /// Pages already decoded.
    public init(_ images: [PixImage]) {
        self.init(count: images.count) { i throws(ReadError) in images[i] }
    }
}

/// Recognizes pages in parallel: `workers` threads, each creating its own engine inside the thread.
/// A worker prepares the next page in order (produce, preprocess, find a ruled grid) while fewer than
/// `lookahead` prepared pages wait; otherwise it recognizes the waiting page with the most ink, the
/// longest job first, so that a batch does not end with one worker on a long page while the others
/// idle. One worker reads the pages in order. Results come back in page order. Engines come from
/// `engines` when given (and go back to it), else each worker creates its own.
public enum PageRecognizer {
    public static func recognize(_ source: PageSource, firstPageNumber: Int = 1, options: OCROptions,
                                 engines: EnginePool? = nil) throws(OCRError) -> [RecognizedPage] {
        let workers = max(1, min(options.workers, source.count))
        let queue = PageQueue(count: source.count, lookahead: workers == 1 ? 1 : workers + 1)
        let debugTiming = ProcessInfo.processInfo.environment["ACCORD_OCR_TIMING"] != nil
        let began = Date()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let engine: TesseractEngine
            do throws(OCRError) {
                if let engines { engine = try engines.borrow(language: options.language, dataPath: options.dataPath) }
                else { engine = try TesseractEngine(language: options.language, dataPath: options.dataPath) }
            } catch { queue.fail(error); return }
            defer { engines?.giveBack(engine) }
            while let job = queue.next() {
                do throws(OCRError) {
                    switch job {
                    case .prepare(let i):
                        queue.prepared(try prepare(i, from: source, options: options))
                    case .recognize(let work):
                        let start = Date()
                        let (page, recognized) = try read(work, number: firstPageNumber + work.index, engine: engine, options: options)
                        if debugTiming {
                            let f = { (a: Date, b: Date) in String(format: "%.2f", b.timeIntervalSince(a)) }
                            FileHandle.standardError.write(Data(("timing page \(work.index + 1) (worker \(worker + 1), recognition from \(f(began, start)) s, "
                                + "\(work.ink) ink px): prepare \(String(format: "%.2f", work.seconds)) s, recognize+tables \(f(start, recognized)) s, "
                                + "reread \(f(recognized, Date())) s\n").utf8))
                        }
                        queue.store(work.index, page)
                    }
                } catch {
                    queue.fail(error); return
                }
            }
        }
        return try queue.finish()
    }

    /// Produces page `i` and prepares it: preprocessing, its ruled grid if any, and its ink (the
    /// estimate of how long reading it takes).
    static func prepare(_ i: Int, from source: PageSource, options: OCROptions) throws(OCRError) -> PreparedWork {
        let start = Date()
        let image: PixImage
        do throws(ReadError) { image = try source.produce(i) } catch { throw .pageUnreadable(error.reason) }
        guard let prepared = Preprocessor.prepare(image, options: options.preprocess) else { throw .recognitionFailed }
        let grid = options.detectTables ? GridDetector.detect(in: prepared.binary) : nil
        return PreparedWork(index: i, page: prepared, grid: grid, ink: prepared.binary.inkPixels,
                            seconds: Date().timeIntervalSince(start))
    }

    /// Reads a prepared page: a ruled table cell by cell and the rest of the page with the table
    /// blanked, then the constrained re-reads. Also returns when recognition (before the re-reads) ended.
    static func read(_ work: PreparedWork, number: Int, engine: TesseractEngine,
                     options: OCROptions) throws(OCRError) -> (RecognizedPage, recognized: Date) {
        let start = Date()
        let prepared = work.page
        var tables: [GridTable] = []
        var lines: [OCRLine]
        if let grid = work.grid {
            tables = [try grid.read(with: engine, page: prepared)]
            let rest = GridDetector.blank(grid.bounds, in: prepared.recognition)
            lines = try engine.recognize(rest ?? prepared.recognition, dpi: prepared.dpi)
        } else {
            lines = try engine.recognize(prepared.recognition, dpi: prepared.dpi)
        }
        let recognized = Date()
        var rereads: [Reread] = []
        for t in tables {
            rereads += t.specks.map { Reread(page: number, constraint: CellReader.speckConstraint, before: $0.text,
                                             after: "", beforeConfidence: $0.confidence, afterConfidence: 0, box: $0.box, kept: true) }
        }
        if options.constrainedReread, options.labelReread {
            for t in tables.indices {
                rereads += LabelReread.reread(&tables[t], page: prepared, pageNumber: number, engine: engine)
                rereads += QuantityReread.reread(&tables[t], page: prepared, pageNumber: number, engine: engine)
            }
        }
        if options.constrainedReread {
            rereads += ConstrainedReread.latinGarbage(in: &lines, page: number, engine: engine,
                                                      image: prepared.recognition, dpi: prepared.dpi)
            rereads += ConstrainedReread.uppercaseAmounts(in: &lines, page: number, engine: engine,
                                                          image: prepared.recognition, dpi: prepared.dpi)
            rereads += UppercaseGlyphs.parallelCounts(in: &lines, page: number)
        }
        if options.constrainedReread, options.figureReread {
            rereads += FigureReread.reread(in: &lines, page: number, engine: engine, image: prepared.recognition,
                                           dpi: prepared.dpi, doubtfulBelow: options.figureDoubtfulBelow)
        }
        let page = RecognizedPage(number: number, lines: lines, tables: tables, rereads: rereads, prepared: prepared,
                                  seconds: work.seconds + Date().timeIntervalSince(start))
        return (page, recognized)
    }
}

/// A page prepared for recognition, waiting for a worker.
struct PreparedWork: Sendable {
    var index: Int
    var page: PreparedPage
    var grid: DetectedGrid?
    /// Black pixels of the binarized page: the estimate of how long recognizing it takes.
    var ink: Int
    /// Seconds spent producing and preparing it.
    var seconds: Double
}

/// The one piece of shared state between workers: pages to prepare, prepared pages waiting, results.
/// Lock-protected.
final class PageQueue: @unchecked Sendable {
    enum Job { case prepare(Int), recognize(PreparedWork) }

    private let lock = NSLock()
    private let lookahead: Int
    private var nextToPrepare = 0
    private var waiting: [PreparedWork] = []
    private var results: [RecognizedPage?]
    private var error: OCRError?

    init(count: Int, lookahead: Int) {
        results = Array(repeating: nil, count: count)
        self.lookahead = max(1, lookahead)
    }

    /// Prepare the next page while fewer than `lookahead` wait; else recognize the waiting page with
    /// the most ink (the first such in page order); nil when nothing is left (or a page failed).
    func next() -> Job? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil else { return nil }
        if nextToPrepare < results.count, waiting.count < lookahead {
            nextToPrepare += 1
            return .prepare(nextToPrepare - 1)
        }
        guard let k = waiting.indices.max(by: { (waiting[$0].ink, waiting[$1].index) < (waiting[$1].ink, waiting[$0].index) }) else { return nil }
        return .recognize(waiting.remove(at: k))
    }
    func prepared(_ work: PreparedWork) { lock.lock(); waiting.append(work); lock.unlock() }
    func store(_ i: Int, _ page: RecognizedPage) { lock.lock(); results[i] = page; lock.unlock() }
    func fail(_ e: OCRError) { lock.lock(); if error == nil { error = e }; waiting = []; lock.unlock() }
    func finish() throws(OCRError) -> [RecognizedPage] {
        lock.lock(); defer { lock.unlock() }
        if let error { throw error }
        return results.compactMap { $0 }
    }
}
