import Foundation
import AccordModel
import AccordText
import AccordReaders
import AccordPipeline
import FuzzSupport

/// The stages after the readers, on intermediate documents built from fuzzed input.
///
/// - Default: the bytes go through `Pipeline` as `accord extract` sends them (sniff → the standard
///   readers, OCR left out → Normalizer → Repairer → Checker). Seeds are text, so this is mostly
///   the text reader's documents.
/// - Input starting with byte 0x01: the rest is UTF-8 turned into an intermediate document
///   directly, skipping the readers' region rules, so the normalizer and checks see shapes no
///   reader happens to make: one block per line; `#`… a heading of that level; a line with tabs
///   a table row (consecutive ones one table, ragged rows allowed); every piece cleaned by
///   `TextCleaning` as every reader cleans its text.
let pipeline = Pipeline(registry: .standard)

func structured(_ text: String) -> IntermediateDocument {
    var log = ActionLog()
    var blocks: [Block] = []
    var rows: [[Cell]] = []
    var tableStart = 0
    func flushTable() {
        guard !rows.isEmpty else { return }
        blocks.append(.table(Table(rows: rows, locator: Locator(line: tableStart, endLine: tableStart + rows.count - 1), construction: "tsv")))
        rows = []
    }
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let line = i + 1
        if raw.contains("\t") {
            if rows.isEmpty { tableStart = line }
            let r = rows.count
            var cells: [Cell] = []
            var col = 1
            for (c, piece) in raw.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
                let content = TextCleaning.clean(String(piece), base: Locator(line: line, startColumn: col), log: &log)
                col += piece.count + 1
                cells.append(Cell(row: r, column: c, paragraphs: content.text.isEmpty ? [] : [Paragraph(content: content)]))
            }
            rows.append(cells)
            continue
        }
        flushTable()
        let level = raw.prefix { $0 == "#" }.count
        let body = raw.dropFirst(level)
        let content = TextCleaning.clean(String(body), base: Locator(line: line, startColumn: level + 1), log: &log)
        if content.text.isEmpty { continue }
        if level > 0 { blocks.append(.heading(Paragraph(content: content), level: min(level, 6))) }
        else { blocks.append(.paragraph(Paragraph(content: content))) }
    }
    flushTable()
    return IntermediateDocument(source: SourceInfo(path: "fuzz-input", sha256: FuzzSupport.sha256, format: "fuzz-structured", encoding: "utf-8"),
                                blocks: blocks, actions: log.actions)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let data = FuzzSupport.data(bytes, size)
    if data.first == 0x01 {
        let doc = structured(String(decoding: data.dropFirst(), as: UTF8.self))
        FuzzSupport.blackHole(pipeline.process(doc).report.findings.count)
        return 0
    }
    do {
        let doc = try pipeline.read(data: data, path: "fuzz-input", sha256: FuzzSupport.sha256)
        FuzzSupport.blackHole(pipeline.process(doc).report.findings.count)
    } catch {
        FuzzSupport.blackHole(error.reason)
    }
    return 0
}
