import Foundation
import AccordModel
import AccordText

/// Reads text files: Markdown conversions (headings, TSV and pipe tables, `<p>` in cells),
/// tab-indented dumps (cells one per line, possibly cut at a fixed width) and OCR text layers.
///
/// A file may mix them (an OCR layer followed by a dump of its annex): the reader splits the
/// lines into regions by shape and reads each region with its own rules. The format it reports
/// names every kind of region it found, e.g. `ocr-text+text-dump`.
public struct TextReader: DocumentReader {
    public init() {}
    public var name: String { "text" }
    public func accepts(_ sniff: Sniff) -> Bool { sniff == .text }

    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        let decoded: DecodedText
        do { decoded = try TextDecoding.decode(input.data) } catch { throw ReadError(error.description) }
        var log = ActionLog()
        if decoded.lineEndsNormalized > 0 { log.record("text.crlf_normalized", count: decoded.lineEndsNormalized) }
        if decoded.encoding != "utf-8" { log.record("text.decoded", example: decoded.encoding) }
        let lines = TextLine.split(decoded.text)
        guard lines.contains(where: { !$0.isBlank }) else { throw ReadError("no text (only white space)") }

        var ctx = TextReadContext(sha256: input.sha256, log: log)
        for region in TextRegion.segment(lines) {
            let before = ctx.blocks.count
            switch region.kind {
            case .markdown: MarkdownRegionReader.read(region.lines, into: &ctx)
            case .tsvTable: TSVTableReader.read(region.lines, into: &ctx)
            case .pipeTable: PipeTableReader.read(region.lines, into: &ctx)
            case .dump: DumpRegionReader.read(region.lines, into: &ctx)
            case .ocrLayer: OCRLayerReader.read(region.lines, into: &ctx)
            case .markdownHeadingSeen: break
            }
            if ctx.blocks.count > before { ctx.kinds.insert(region.kind) }
        }
        let format = ctx.formatName
        return IntermediateDocument(
            source: SourceInfo(path: input.path, sha256: input.sha256, format: format, encoding: decoded.encoding),
            blocks: ctx.blocks, actions: ctx.log.actions, findings: ctx.findings)
    }
}

/// State shared by the region readers while one file is read.
struct TextReadContext {
    let sha256: String
    var log: ActionLog
    var blocks: [Block] = []
    var findings: [Finding] = []
    var kinds: Set<TextRegion.Kind> = []
    var tableCount = 0

    init(sha256: String, log: ActionLog) { self.sha256 = sha256; self.log = log }

    var formatName: String {
        var names: [String] = []
        if kinds.contains(.ocrLayer) { names.append("ocr-text") }
        if kinds.contains(.markdown) || kinds.contains(.tsvTable) || kinds.contains(.pipeTable) {
            names.append(kinds.contains(.markdownHeadingSeen) ? "markdown" : "text")
        }
        if kinds.contains(.dump) { names.append("text-dump") }
        return names.isEmpty ? "text" : names.joined(separator: "+")
    }

    /// Cleans `raw` (a piece of line `line` starting at 1-based character `column`).
    mutating func clean(_ raw: String, line: Int, column: Int = 1) -> SourceText {
        var text = raw
        var col = column
        // Markdown / docx-to-text artifacts that carry no content.
        if text.contains("[bookmark:"), let r = text.range(of: #"\[bookmark: [^\]]*\]"#, options: .regularExpression) {
            log.record("artifact.bookmark_removed", example: String(text[r]))
            col += text.distance(from: text.startIndex, to: r.upperBound)
            let prefix = text[..<r.lowerBound]
            if prefix.allSatisfy(\.isWhitespace) { text = String(text[r.upperBound...]) }
            else { col = column }
        }
        return TextCleaning.clean(text, base: Locator(line: line, startColumn: col), log: &log)
    }

    mutating func paragraph(_ raw: String, line: Int, column: Int = 1, truncated: Bool = false,
                            origin: Paragraph.Origin = .text) -> Paragraph? {
        let st = clean(raw, line: line, column: column)
        guard !st.text.isEmpty else { return nil }
        return Paragraph(content: st, truncated: truncated, origin: origin)
    }

    mutating func finding(_ code: String, _ severity: Severity, _ message: String, _ content: SourceText?, confidence: Double = 1) {
        findings.append(Finding(code: code, severity: severity, message: message,
                                provenance: content.map { $0.provenance($0.whole, source: sha256, confidence: confidence) }))
    }
}

/// One line of the decoded file.
struct TextLine {
    let number: Int
    let text: Substring
    var isBlank: Bool { text.allSatisfy(\.isWhitespace) }
    /// Leading tabs (spaces before the first tab are ignored).
    var leadingTabs: Int {
        var n = 0
        for c in text { if c == "\t" { n += 1 } else if c == " " { continue } else { break } }
        return n
    }
    /// Tabs after the first non-white character.
    var innerTabs: Int {
        guard let i = text.firstIndex(where: { !$0.isWhitespace }) else { return 0 }
        return text[i...].filter { $0 == "\t" }.count
    }

    static func split(_ text: String) -> [TextLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { TextLine(number: $0.offset + 1, text: $0.element) }
    }
}

/// A run of lines read by one set of rules.
struct TextRegion {
    enum Kind: Hashable { case markdown, tsvTable, pipeTable, dump, ocrLayer, markdownHeadingSeen }
    var kind: Kind
    var lines: [TextLine]

    enum LineShape { case blank, heading, pipe, tsv, dump, plain }

    static func shape(_ l: TextLine) -> LineShape {
        if l.isBlank { return .blank }
        let t = l.text.drop { $0 == " " }
        if t.hasPrefix("#") { return .heading }
        if t.hasPrefix("|") && t.filter({ $0 == "|" }).count >= 2 { return .pipe }
        if l.innerTabs > 0 { return .tsv }
        if l.leadingTabs > 0 { return .dump }
        return .plain
    }

    static func segment(_ lines: [TextLine]) -> [TextRegion] {
        var regions: [TextRegion] = []
        var i = 0
        var shapes = lines.map(shape)
        // A run of |-lines is a pipe table only with its |---| separator row (OCR garbage has stray bars).
        var k = 0
        // A pipe run may have blank lines between its rows (conversions leave them).
        func pipeRunEnd(_ from: Int) -> Int {
            var e = from
            while e < shapes.count {
                if shapes[e] == .pipe { e += 1; continue }
                if shapes[e] == .blank, let next = shapes[e...].firstIndex(where: { $0 != .blank }), shapes[next] == .pipe { e = next; continue }
                break
            }
            return e
        }
        while k < shapes.count {
            guard shapes[k] == .pipe else { k += 1; continue }
            let e = pipeRunEnd(k)
            let hasSeparator = lines[k..<e].contains { l in
                let t = l.text.trimmingCharacters(in: .whitespaces)
                return t.contains("-") && t.allSatisfy { "|-: ".contains($0) }
            }
            if !hasSeparator { for m in k..<e where shapes[m] == .pipe { shapes[m] = .plain } }
            k = e
        }
        func append(_ kind: Kind, _ ls: ArraySlice<TextLine>) {
            if let last = regions.last, last.kind == kind, kind != .tsvTable, kind != .pipeTable {
                regions[regions.count - 1].lines += ls
            } else { regions.append(TextRegion(kind: kind, lines: Array(ls))) }
        }
        while i < lines.count {
            switch shapes[i] {
            case .blank, .heading, .plain:
                var j = i
                while j < lines.count, [.blank, .heading, .plain].contains(shapes[j]) { j += 1 }
                // Plain lines: an OCR layer in the wrong script, or ordinary prose.
                for sub in splitOCR(lines[i..<j]) { append(sub.kind, sub.lines[...]) }
                i = j
            case .pipe:
                let j = pipeRunEnd(i)
                append(.pipeTable, lines[i..<j]); i = j
            case .tsv:
                // A TSV table: rows with inner tabs, rows that are a lone leading-tab cell, and blank lines between rows.
                var j = i + 1
                while j < lines.count {
                    if shapes[j] == .tsv || shapes[j] == .dump { j += 1; continue }
                    if shapes[j] == .blank, j + 1 < lines.count, shapes[j + 1] == .tsv || shapes[j + 1] == .dump { j += 1; continue }
                    break
                }
                append(.tsvTable, lines[i..<j]); i = j
            case .dump:
                // Dump cells: leading-tab lines; untabbed lines right after one continue its cell; blank lines separate rows.
                var j = i + 1
                while j < lines.count {
                    if shapes[j] == .dump { j += 1; continue }
                    if shapes[j] == .plain || shapes[j] == .tsv, shapes[j - 1] != .blank { j += 1; continue }
                    // Blank lines continue the dump when the next non-blank line is a dump line: jump
                    // over the whole blank run at once (looking ahead from each blank line of a long
                    // run rescanned the run, quadratic in its length).
                    if shapes[j] == .blank {
                        var next = j + 1
                        while next < lines.count, shapes[next] == .blank { next += 1 }
                        if next < lines.count, shapes[next] == .dump { j = next; continue }
                    }
                    break
                }
                append(.dump, lines[i..<j]); i = j
            }
        }
        return regions
    }

    /// Splits plain lines into prose and OCR-garbage runs (Latin letters where Han is expected).
    /// Chunks between blank gaps are judged as a whole, so a stray line of digits or a line that
    /// happens to start with `#` inside an OCR layer stays in the layer.
    static func splitOCR(_ lines: ArraySlice<TextLine>) -> [TextRegion] {
        var chunks: [[TextLine]] = [[]]
        var blanks = 0
        for l in lines {
            if l.isBlank { blanks += 1 } else {
                if blanks >= 2, !(chunks.last?.isEmpty ?? true) { chunks.append([]) }
                blanks = 0
            }
            chunks[chunks.count - 1].append(l)
        }
        var out: [TextRegion] = []
        for chunk in chunks where !chunk.isEmpty {
            let text = chunk.map { String($0.text) }.joined(separator: "\n")
            let a = ScriptCheck.assess(text)
            var kind: Kind
            // Too little text to judge (a page number, a stray line): it belongs with its neighbour.
            if a.han < 12 && a.latinWords - a.plausibleLatinWords < ScriptCheck.minimumLatinWords, let prev = out.last?.kind { kind = prev }
            else { kind = a.wrongLanguage ? .ocrLayer : .markdown }
            if kind == .markdown, chunk.allSatisfy({ $0.isBlank }), let prev = out.last?.kind { kind = prev }
            if let last = out.last, last.kind == kind { out[out.count - 1].lines += chunk }
            else { out.append(TextRegion(kind: kind, lines: chunk)) }
        }
        return out
    }
}
