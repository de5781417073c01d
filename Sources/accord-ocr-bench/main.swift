// accord-ocr-bench: OCR page images (or PDFs) to text with Accord's OCR stage, for scripts/bench_ocr.sh.
//
//   accord-ocr-bench [--workers N] [--feed gray|binary] [--binarize sauvola|otsu] [--no-tables] [--no-figure-reread]
//                    [--no-deskew] [--cells] --out DIR FILE...
//
// Image files are decoded first and recognized together as one list of pages (so --workers measures
// page-parallel throughput); a PDF goes through the PDF reader. For each input, DIR/<name>.txt holds
// the text (paragraphs, then table cells row by row); with --cells, DIR/<name>.cells.tsv the table cells
// (table, row, col, rowspan, colspan, text; for scripts/experiments/eval_holdout.py). Prints one summary
// line: pages, seconds, s/page.
import Foundation
import AccordOCR
import AccordModel
import AccordReaders
import AccordText

OMPThreadLimit.reexecIfNeeded()

// `accord-ocr-bench cer REFERENCE HYPOTHESIS`: character error rate after NFKC with all white space
// removed (edit distance / reference length); prints "cer=0.0123 edits=N ref_chars=M".
if CommandLine.arguments.count == 4, CommandLine.arguments[1] == "cer" {
    func load(_ p: String) -> [Character] {
        let s = (try? String(contentsOfFile: p, encoding: .utf8)) ?? ""
        return Array(s.precomposedStringWithCompatibilityMapping.filter { !$0.isWhitespace })
    }
    let ref = load(CommandLine.arguments[2]), hyp = load(CommandLine.arguments[3])
    var prev = Array(0...hyp.count), cur = Array(repeating: 0, count: hyp.count + 1)
    for i in 1...max(1, ref.count) where !ref.isEmpty {
        cur[0] = i
        for j in 1...max(1, hyp.count) where !hyp.isEmpty {
            cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    let edits = ref.isEmpty ? hyp.count : prev[hyp.count]
    print(String(format: "cer=%.4f edits=%d ref_chars=%d", Double(edits) / Double(max(1, ref.count)), edits, ref.count))
    exit(0)
}

var options = OCROptions()
var outDir = "."
var files: [String] = []
var dump = false
var cellsOut = false
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--workers": options.workers = Int(args.isEmpty ? "1" : args.removeFirst()) ?? 1
    case "--feed": options.preprocess.feed = (args.isEmpty ? "" : args.removeFirst()) == "binary" ? .binary : .gray
    case "--binarize": options.preprocess.binarization = (args.isEmpty ? "" : args.removeFirst()) == "otsu" ? .otsu : .sauvola
    case "--no-tables": options.detectTables = false
    case "--no-figure-reread": options.figureReread = false
    case "--dump": dump = true
    case "--cells": cellsOut = true
    case "--no-deskew": options.preprocess.deskew = false
    case "--whiten-specks": options.preprocess.whitenSpecks = true
    case "--no-whiten-specks": options.preprocess.whitenSpecks = false
    case "--mask": options.preprocess.maskGray = true
    case "--upscale-below": options.preprocess.upscaleBelow = Int(args.isEmpty ? "0" : args.removeFirst()) ?? 250
    case "--target-dpi": options.preprocess.targetDPI = Int(args.isEmpty ? "300" : args.removeFirst()) ?? 300
    case "--speck": options.preprocess.speckSize = Int(args.isEmpty ? "3" : args.removeFirst()) ?? 3
    case "--out": outDir = args.isEmpty ? "." : args.removeFirst()
    default: files.append(a)
    }
}
try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)

func text(of blocks: [Block]) -> String {
    blocks.map { b -> String in
        switch b {
        case .heading(let p, _), .paragraph(let p): return p.text
        case .table(let t): return t.rows.flatMap { $0.map(\.text) }.joined(separator: "\n")
        }
    }.joined(separator: "\n") + "\n"
}

func write(_ file: String, _ s: String, to outDir: String, ext: String = "txt") {
    let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    try? s.write(toFile: "\(outDir)/\(name).\(ext)", atomically: true, encoding: .utf8)
}

/// The tables' cells, one a line: table, row, col, rowspan, colspan, text (tabs and newlines as spaces).
func cellsTSV(of blocks: [Block]) -> String {
    var out = "table\trow\tcol\trowspan\tcolspan\ttext\n", k = 0
    for b in blocks {
        guard case .table(let t) = b else { continue }
        for c in t.rows.flatMap({ $0 }) {
            let text = c.text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
            out += "\(k)\t\(c.row)\t\(c.column)\t\(c.rowSpan)\t\(c.colSpan)\t\(text)\n"
        }
        k += 1
    }
    return out
}

let start = Date()
var pageCount = 0
// Each input's pages: a TIFF's decoded here (it may hold several), any other image decoded by the
// worker that takes it, as the readers' pages are produced inside the workers.
var images: [(file: String, count: Int, page: @Sendable (Int) throws(ReadError) -> PixImage)] = []
do {
    for f in files {
        guard let data = FileManager.default.contents(atPath: f) else { throw ReadError("\(f): cannot read") }
        let sniff = Sniff.of(data)
        if sniff == .pdf {
            let doc = try PDFReader(options: options).read(ReaderInput(data: data, path: f, sha256: "", sniff: sniff))
            pageCount += Set(doc.blocks.compactMap { $0.page }).count
            write(f, text(of: doc.blocks), to: outDir)
        } else {
            let kind = sniff.rawValue
            if sniff == .tiff {
                let pages = try ImageDecoding.pages([UInt8](data), kind: kind)
                images.append((f, pages.count, { i throws(ReadError) in pages[i] }))
            } else {
                images.append((f, 1, { _ throws(ReadError) in
                    guard let page = try ImageDecoding.pages([UInt8](data), kind: kind).first else { throw ReadError("\(f): no page") }
                    return page
                }))
            }
        }
    }
    let owners = images.enumerated().flatMap { k, input in (0..<input.count).map { (k, $0) } }
    if !owners.isEmpty {
        let source = PageSource(count: owners.count) { [images] i throws(ReadError) in try images[owners[i].0].page(owners[i].1) }
        let pages = try PageRecognizer.recognize(source, options: options)
        pageCount += pages.count
        var k = 0
        for (file, count, _) in images {
            var log = ActionLog(), findings: [Finding] = []
            var blocks: [Block] = []
            if dump {
                for p in pages { if let png = p.prepared.recognition.pngData() { FileManager.default.createFile(atPath: "\(outDir)/prepared-\(p.number).png", contents: Data(png)) } }
                for p in pages {
                    for l in p.lines where ProcessInfo.processInfo.environment["ACCORD_OCR_BOXES"] != nil { print(l.box, l.words.map { "\($0.text)\($0.box)" }.joined(separator: " ")) }
                    for l in p.lines { print(l.words.map { w in w.symbols.map { "\($0.text)" + String(format: "%.0f", $0.confidence * 100) }.joined(separator: " ") }.joined(separator: " | ")) }
                }
            }
            var seconds: [String] = []
            for _ in 0..<count {
                blocks += OCRDocumentBuilder.blocks(for: pages[k], log: &log, findings: &findings)
                seconds.append(String(format: "page %d: %.2f s", pages[k].number, pages[k].seconds))
                k += 1
            }
            FileHandle.standardError.write(Data("\(file): ocr.page_seconds \(seconds.joined(separator: "; "))\n".utf8))
            write(file, text(of: blocks), to: outDir)
            if cellsOut { write(file, cellsTSV(of: blocks), to: outDir, ext: "cells.tsv") }
            for a in log.actions where a.code.hasPrefix("ocr.") && a.code != "ocr.low_confidence_glyphs" {
                FileHandle.standardError.write(Data("\(file): \(a.code) \(a.examples.joined(separator: "; "))\n".utf8))
            }
        }
    }
} catch {
    FileHandle.standardError.write(Data("accord-ocr-bench: \(error)\n".utf8))
    exit(1)
}
let seconds = Date().timeIntervalSince(start)
print(String(format: "pages=%d seconds=%.2f s_per_page=%.3f workers=%d", pageCount, seconds,
             seconds / Double(max(1, pageCount)), options.workers) + " omp_thread_limit=\(OMPThreadLimit.isLimited ? "1" : "unset")")
