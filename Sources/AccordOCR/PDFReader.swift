import Foundation
import AccordModel
import AccordText
import AccordReaders

/// Reads PDFs with poppler-utils as subprocesses: `pdftotext` for a page's existing text layer
/// (kept, but script-checked like any OCR layer; a wrong-language layer is re-OCR'd from the page
/// image), `pdftoppm` to rasterize image-only pages at 300 dpi grey for OCR.
public struct PDFReader: DocumentReader {
    public var options: OCROptions
    /// Engines shared with other readers and kept between documents (none: created per document).
    public var engines: EnginePool?
    /// A page with fewer non-blank characters in its text layer than this is treated as image-only.
    public var minTextLayerCharacters = 20
    public var timeout: TimeInterval = 180
    public init(options: OCROptions = .init(), engines: EnginePool? = nil) { self.options = options; self.engines = engines }
    public var name: String { "pdf" }
    public func accepts(_ sniff: Sniff) -> Bool { sniff == .pdf }

    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-pdf-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        catch { throw ReadError("cannot create a temporary folder for the PDF") }
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("in.pdf").path
        do { try input.data.write(to: URL(fileURLWithPath: pdf)) } catch { throw ReadError("cannot write a temporary copy of the PDF") }

        let info = try Subprocess.run("pdfinfo", [pdf], timeout: timeout)
        guard info.status == 0 else {
            let reason = info.errorLine ?? "pdfinfo failed"
            if reason.contains("Incorrect password") { throw ReadError("password-protected (encrypted) PDF: remove the password first") }
            if reason.contains("Invalid page count 0") { throw ReadError("PDF has no pages") }
            throw ReadError("PDF is unreadable: \(reason)")
        }
        let infoText = String(decoding: info.output, as: UTF8.self)
        guard let pagesLine = infoText.split(separator: "\n").first(where: { $0.hasPrefix("Pages:") }),
              let pageCount = Int(pagesLine.dropFirst(6).trimmingCharacters(in: .whitespaces)), pageCount > 0 else {
            throw ReadError("PDF has no pages")
        }
        guard pageCount <= ImageDecoding.maxPages else {
            throw ReadError("PDF has \(pageCount) pages, more than \(ImageDecoding.maxPages) (split it into several files)")
        }
        let sizes = try pageSizes(pdf, pages: pageCount)
        let txt = try Subprocess.run("pdftotext", ["-enc", "UTF-8", pdf, "-"], timeout: timeout)
        guard txt.status == 0 else { throw ReadError("PDF text layer is unreadable: \(txt.errorLine ?? "pdftotext failed")") }
        var pageTexts = String(decoding: txt.output, as: UTF8.self).components(separatedBy: "\u{0C}")
        if pageTexts.count < pageCount { pageTexts += Array(repeating: "", count: pageCount - pageTexts.count) }
        let imagePages = try pagesWithImages(pdf)

        var doc = IntermediateDocument(source: SourceInfo(path: input.path, sha256: input.sha256, format: "pdf", encoding: nil))
        var log = ActionLog()
        var toOCR: [Int] = []
        for n in 1...pageCount {
            let text = pageTexts[n - 1]
            let visible = text.filter { !$0.isWhitespace }.count
            if visible < minTextLayerCharacters { toOCR.append(n); continue }
            if let f = ScriptCheck.finding(for: text, what: "the text layer of page \(n)",
                                           provenance: Provenance(source: input.sha256, locator: Locator(page: n),
                                                                  text: String(text.prefix(80)), confidence: 0.2)) {
                doc.findings.append(f)
                log.record("ocr.text_layer_replaced", example: "page \(n): wrong-language layer re-OCR'd with \(options.language)")
                toOCR.append(n); continue
            }
            let origin: Paragraph.Origin = imagePages.contains(n) ? .ocrLayer : .text
            log.record("pdf.text_layer", example: "page \(n): \(visible) characters (\(origin.rawValue))")
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let st = TextCleaning.clean(String(line), base: Locator(line: i + 1, startColumn: 1, page: n), log: &log)
                if !st.text.isEmpty { doc.blocks.append(.paragraph(Paragraph(content: st, origin: origin))) }
            }
        }
        doc.actions = log.actions
        guard !toOCR.isEmpty else { return doc }
        // Each page to OCR is rasterized by the worker that takes it (so rendering runs in parallel
        // with recognition), as 8-bit grey PGM on standard output: measured 0.24 s a page against
        // 2.0 s for `-png`, which pdftoppm writes as RGB and compresses; the pixels are the same.
        // Each page's size is checked before it is rasterized: at 300 dpi, or at the resolution
        // that keeps it within the pixel cap (never below 72 dpi: such a page is refused).
        // A page too large even at 72 dpi is left out with a finding; the other pages are read.
        var dpis: [Int] = []
        var kept: [Int] = []
        for n in toOCR {
            guard let dpi = Self.dpi(for: sizes[n]) else {
                // pdfinfo prints what the MediaBox says (1e+29 pts, inf): Int(_:) of such a size traps.
                func points(_ v: Double) -> String { v.magnitude < 1e15 ? String(Int(v)) : String(v) }
                let size = sizes[n].map { "\(points($0.width))×\(points($0.height)) pt" } ?? "unknown size"
                doc.findings.append(Finding(code: "pdf.page_too_large", severity: .warning,
                    message: "page \(n) (\(size)) is too large to rasterize for OCR: even at \(Self.lowestDPI) dpi it passes \(Self.maxPagePixels) pixels; it was not read",
                    provenance: Provenance(source: input.sha256, locator: Locator(page: n), text: "", confidence: 0)))
                continue
            }
            if dpi < Self.rasterDPI { log.record("pdf.resolution_lowered", example: "page \(n): \(dpi) dpi to stay within \(Self.maxPagePixels) pixels") }
            dpis.append(dpi)
            kept.append(n)
        }
        toOCR = kept
        doc.actions = log.actions
        guard !toOCR.isEmpty else { return doc }
        let source = PageSource(count: toOCR.count) { [timeout, toOCR, dpis] i throws(ReadError) in
            try Self.rasterize(page: toOCR[i], of: pdf, dpi: dpis[i], timeout: timeout)
        }
        log.record("pdf.rasterized", count: toOCR.count, example: "pdftoppm 300 dpi grey, pages \(toOCR.map(String.init).joined(separator: ","))")
        doc.actions = log.actions
        // Text-layer pages came first; put OCR'd pages back in page order.
        var ocrDoc = IntermediateDocument(source: doc.source, actions: doc.actions, findings: doc.findings)
        try OCRRun.recognize(source, pageNumbers: toOCR, options: options, engines: engines, into: &ocrDoc)
        doc.actions = ocrDoc.actions
        doc.findings = ocrDoc.findings
        let order = (doc.blocks + ocrDoc.blocks).enumerated().sorted { a, b in
            (a.element.page ?? 0, a.offset) < (b.element.page ?? 0, b.offset)
        }
        // The layout names OCR'd blocks by index: follow them to their new places.
        var newIndex = Array(repeating: 0, count: order.count)
        for (new, item) in order.enumerated() { newIndex[item.offset] = new }
        let textBlocks = doc.blocks.count
        doc.blocks = order.map(\.element)
        doc.layout = ocrDoc.layout.map { $0.remappingBlocks { newIndex[textBlocks + $0] } }
        return doc
    }

    /// The resolution pages are rasterized at for OCR.
    static let rasterDPI = 300
    /// The lowest resolution a page too large for `rasterDPI` may be rasterized at.
    static let lowestDPI = 72
    /// The most pixels a rasterized page may have: an A2 sheet at 300 dpi (a poster-sized or
    /// hostile MediaBox is rasterized at a lower resolution, or not at all).
    static let maxPagePixels = 36_000_000

    /// The resolution page of `size` (points) is rasterized at: 300 dpi, or lower to stay within
    /// the decoder's pixel caps; nil when even 72 dpi would not (a page of unknown size gets 300).
    static func dpi(for size: (width: Double, height: Double)?) -> Int? {
        guard let size, size.width > 0, size.height > 0 else { return rasterDPI }
        let inches = (w: size.width / 72, h: size.height / 72)
        let byArea = (Double(maxPagePixels) / (inches.w * inches.h)).squareRoot()
        let bySide = Double(ImageDecoding.maxSide) / max(inches.w, inches.h)
        let fit = Int(min(Double(rasterDPI), byArea, bySide).rounded(.down))
        return fit >= lowestDPI ? fit : nil
    }

    /// Each page's size in points (`pdfinfo -f 1 -l N`), by page number; a page pdfinfo does not
    /// size is missing.
    func pageSizes(_ pdf: String, pages: Int) throws(ReadError) -> [Int: (width: Double, height: Double)] {
        let r = try Subprocess.run("pdfinfo", ["-f", "1", "-l", "\(pages)", pdf], timeout: timeout)
        guard r.status == 0 else { return [:] }
        var sizes: [Int: (width: Double, height: Double)] = [:]
        for line in String(decoding: r.output, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Page ") {
            // "Page    1 size:  595.08 x 842.04 pts (A4)"
            let words = line.split(separator: " ")
            guard words.count >= 6, words[2] == "size:", let n = Int(words[1]), let w = Double(words[3]), words[4] == "x",
                  let h = Double(words[5]) else { continue }
            sizes[n] = (w, h)
        }
        return sizes
    }

    /// Page `n` of `pdf` rendered at `dpi` (300), 8-bit grey.
    static func rasterize(page n: Int, of pdf: String, dpi: Int = rasterDPI, timeout: TimeInterval) throws(ReadError) -> PixImage {
        let r = try Subprocess.run("pdftoppm", ["-r", "\(dpi)", "-gray", "-f", "\(n)", "-l", "\(n)", "-singlefile", pdf], timeout: timeout)
        guard r.status == 0, !r.output.isEmpty else {
            throw ReadError("PDF page \(n) cannot be rasterized: \(r.errorLine ?? "pdftoppm failed")")
        }
        guard let image = try ImageDecoding.pages([UInt8](r.output), kind: "pnm").first else {
            throw ReadError("PDF page \(n) cannot be rasterized: no image")
        }
        image.setResolution(dpi)  // PGM carries none
        return image
    }

    /// Pages that hold at least one image (`pdfimages -list`): their text layer is an OCR layer.
    func pagesWithImages(_ pdf: String) throws(ReadError) -> Set<Int> {
        let r = try Subprocess.run("pdfimages", ["-list", pdf], timeout: timeout)
        guard r.status == 0 else { return [] }
        var pages = Set<Int>()
        for line in String(decoding: r.output, as: UTF8.self).split(separator: "\n").dropFirst(2) {
            if let first = line.split(separator: " ").first, let n = Int(first) { pages.insert(n) }
        }
        return pages
    }
}

/// Runs a poppler tool with a time limit; a missing tool is a one-line `ReadError`.
enum Subprocess {
    struct Result { var status: Int32; var output: Data; var error: Data
        var errorLine: String? { String(decoding: error, as: UTF8.self).split(separator: "\n").first.map(String.init) }
    }

    static func find(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin"] {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func run(_ tool: String, _ args: [String], timeout: TimeInterval) throws(ReadError) -> Result {
        guard let exe = find(tool) else { throw ReadError("\(tool) not found: install poppler-utils") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw ReadError("cannot run \(tool): \(error.localizedDescription)") }
        let pid = p.processIdentifier
        ChildProcesses.register(pid)
        defer { ChildProcesses.unregister(pid) }
        // Read both pipes while the tool runs (a full pipe would block it), then wait with a deadline.
        let box = OutputBox()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { box.setOut(out.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        group.enter(); DispatchQueue.global().async { box.setErr(err.fileHandleForReading.readDataToEndOfFile()); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            // SIGKILL: pdftoppm in the middle of a page does not stop on SIGTERM.
            kill(p.processIdentifier, SIGKILL)
            _ = group.wait(timeout: .now() + 5)
            p.waitUntilExit()
            throw ReadError("\(tool) took longer than \(Int(timeout)) s")
        }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, output: box.out, error: box.err)
    }
}

/// The tools this process is running (pdftoppm…), so that a process told to stop (a reader
/// worker past its time limit) stops them too: Foundation starts each tool in a process group of
/// its own, where killing the worker's group would not reach it. Read from a signal handler:
/// a fixed array of pids, no allocation or lock on that side.
public enum ChildProcesses {
    static let capacity = 64
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        p.initialize(repeating: 0, count: capacity)
        return p
    }()
    private static let lock = NSLock()

    static func register(_ pid: Int32) {
        lock.lock(); defer { lock.unlock() }
        for i in 0..<capacity where slots[i] == 0 { slots[i] = pid; return }
    }

    static func unregister(_ pid: Int32) {
        lock.lock(); defer { lock.unlock() }
        for i in 0..<capacity where slots[i] == pid { slots[i] = 0 }
    }

    /// Makes SIGTERM kill every registered tool, then end this process (call once, early).
    public static func killOnTerminate() {
        _ = slots
        signal(SIGTERM) { _ in
            for i in 0..<ChildProcesses.capacity {
                let pid = ChildProcesses.slots[i]
                if pid > 0 { kill(pid, SIGKILL) }
            }
            _exit(143)
        }
    }
}

final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var o = Data(), e = Data()
    func setOut(_ d: Data) { lock.lock(); o = d; lock.unlock() }
    func setErr(_ d: Data) { lock.lock(); e = d; lock.unlock() }
    var out: Data { lock.lock(); defer { lock.unlock() }; return o }
    var err: Data { lock.lock(); defer { lock.unlock() }; return e }
}

extension Block {
    /// The page a block was read from (OCR and PDF readers), if any.
    public var page: Int? {
        switch self {
        case .heading(let p, _), .paragraph(let p): return p.content.base.page
        case .table(let t): return t.locator.page
        }
    }
}
