import Foundation
import AccordModel
import AccordReaders
import AccordNormalize

/// Page files, each read to its intermediate document, put together as one document, as a reader
/// of one multi-page file would have read them.
///
/// - Pages are numbered through the composed document (1, 2, … over the files in order; a PDF of
///   three pages holds three of them): every locator, layout and finding says the composed page,
///   and `source.parts` says which file holds it (`SourcePart.pages`).
/// - Blocks follow one another in page order; layout lines point into the composed blocks.
/// - A line that only prints a page number (`- 1 -`, `第2页`) is page furniture: it moves out of the
///   body into `furniture`, so that a clause running on from one page to the next reads whole.
/// - Cleaning actions are counted together (their `page N:` examples renumbered); each file's
///   findings are kept.
public enum PageComposition {
    /// What one page file gave, read alone: its intermediate document, and what the normalizer
    /// made of it alone (whether it is a fragment, and what opens a document in it).
    public struct Page: Sendable {
        public var document: IntermediateDocument
        public var fragment: Fragment?
        /// What the page names that opens a document (its title, or both parties), e.g.
        /// `title 采购合同`; nil when it names neither.
        public var opening: String?

        public init(document: IntermediateDocument, fragment: Fragment?, opening: String?) {
            self.document = document; self.fragment = fragment; self.opening = opening
        }

        /// The page as the normalizer reads it alone.
        public init(document: IntermediateDocument, alone record: CanonicalDocument) {
            let c = record.contract
            var opening: String?
            if let title = c?.title?.value { opening = "title \(title)" }
            else if let buyer = c?.buyer?.value, let supplier = c?.supplier?.value { opening = "parties \(buyer) and \(supplier)" }
            self.init(document: document, fragment: c?.fragment, opening: opening)
        }
    }

    /// The composed document named `path`, or the one-line reason the pages are not one document.
    public static func compose(_ pages: [Page], path: String) throws(ReadError) -> IntermediateDocument {
        guard pages.count >= 2 else { throw ReadError("a page set needs at least two page files") }
        let evidence = try corroborate(pages)
        let formats = pages.map(\.document.source.format).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var doc = IntermediateDocument(source: SourceInfo(path: path, sha256: PageSets.sha256(of: pages.map(\.document.source.sha256)),
                                                          format: formats.joined(separator: "+"), encoding: nil))
        var log = ActionLog()
        var parts: [SourcePart] = []
        var offset = 0
        for page in pages {
            let d = page.document
            let count = pageCount(d)
            let renumber = { (p: Int) in p + offset }
            parts.append(SourcePart(path: d.source.path, sha256: d.source.sha256, pages: Array((offset + 1)...(offset + count))))
            // The body without its page-number lines; old block index → composed index.
            var newIndex: [Int: Int] = [:]
            for (i, block) in d.blocks.enumerated() {
                let b = block.renumberingPages(renumber)
                if case .paragraph(let p) = b, PrintedPageNumber.of(p.text.trimmingCharacters(in: .whitespaces)) != nil {
                    doc.furniture.append(p)
                    continue
                }
                newIndex[i] = doc.blocks.count
                doc.blocks.append(b)
            }
            doc.furniture += d.furniture.map { $0.renumberingPages(renumber) }
            for var layout in d.layout {
                layout.page = renumber(layout.page)
                layout.lines = layout.lines.compactMap { line in
                    guard let block = newIndex[line.span.block] else { return nil }
                    var l = line
                    l.span.block = block
                    for w in l.words.indices { l.words[w].span.block = newIndex[l.words[w].span.block] ?? block }
                    return l
                }
                doc.layout.append(layout)
            }
            for a in d.actions {
                log.record(a.code, count: a.count)
                for e in a.examples { log.record(a.code, count: 0, example: renumberExample(e, by: offset)) }
            }
            doc.findings += d.findings.map { f in
                var f = f
                f.provenance = f.provenance.map { $0.renumberingPage(renumber) }
                f.related = f.related.map { $0.map { $0.renumberingPage(renumber) } }
                return f
            }
            offset += count
        }
        doc.actions = log.actions
        doc.source.parts = parts
        let names = pages.map { ($0.document.source.path as NSString).lastPathComponent }
        doc.findings.append(Finding(code: "document.composed", severity: .info,
            message: "read as one document of \(offset) pages from \(pages.count) page files (" + names.joined(separator: ", ") + "): "
                + (evidence.isEmpty ? "their names alone say so (no printed page numbers or run-on clauses confirm it)" : evidence.joined(separator: "; "))))
        return doc
    }

    /// What the pages say of their being one document in this order: the supporting evidence, or
    /// the reason they are not (thrown). Contradicting: page numbers printed against the files'
    /// order, or a page after the first that prints page 1, or that read alone is no fragment and
    /// names a title or both parties of its own. Supporting: printed numbers in order, and a page that stops mid-clause
    /// followed by one that begins inside a clause.
    public static func corroborate(_ pages: [Page]) throws(ReadError) -> [String] {
        var evidence: [String] = []
        let printed = pages.map { printedNumbers($0.document).min() }
        func name(_ i: Int) -> String { (pages[i].document.source.path as NSString).lastPathComponent }
        for i in pages.indices.dropFirst() {
            if printed[i] == 1 { throw ReadError("not one document: \(name(i)) prints page number 1 (it begins a document of its own)") }
            if pages[i].fragment == nil, let opening = pages[i].opening {
                throw ReadError("not one document: \(name(i)) reads as a document of its own (not a fragment; it names its \(opening))")
            }
        }
        let numbered = pages.indices.compactMap { i in printed[i].map { (i, $0) } }
        if numbered.count >= 2 {
            guard zip(numbered, numbered.dropFirst()).allSatisfy({ $0.1 < $1.1 }) else {
                throw ReadError("not one document in this order: the page files print page numbers "
                    + numbered.map { "\($0.1) (\(name($0.0)))" }.joined(separator: ", ") + " against the order of their names")
            }
            evidence.append("the pages print page numbers " + numbered.map { String($0.1) }.joined(separator: ", ") + " in the order of their names")
        }
        for i in pages.indices.dropFirst() where pages[i - 1].fragment?.endsMidClause == true && pages[i].fragment?.beginsMidClause == true {
            evidence.append("\(name(i - 1)) stops inside a clause and \(name(i)) begins inside one")
        }
        return evidence
    }

    /// The page numbers a document prints on lines of their own.
    static func printedNumbers(_ d: IntermediateDocument) -> [Int] {
        d.blocks.compactMap { b -> Int? in
            guard case .paragraph(let p) = b, p.origin != .ocrLayer else { return nil }
            return PrintedPageNumber.of(p.text.trimmingCharacters(in: .whitespaces))
        } + d.furniture.compactMap { PrintedPageNumber.of($0.text.trimmingCharacters(in: .whitespaces)) }
    }

    /// How many pages a file's document has: its highest page in layout or locators, at least 1.
    static func pageCount(_ d: IntermediateDocument) -> Int {
        var n = d.layout.map(\.page).max() ?? 1
        for b in d.blocks {
            if case .table(let t) = b, let p = t.locator.page { n = max(n, p) }
            for p in b.paragraphs { if let page = p.content.base.page { n = max(n, page) } }
        }
        return max(n, 1)
    }

    /// `page 2: …` → `page 5: …` for a file whose pages start after `offset` others.
    static func renumberExample(_ e: String, by offset: Int) -> String {
        guard offset > 0, e.hasPrefix("page "), let colon = e.firstIndex(of: ":"),
              let n = Int(e[e.index(e.startIndex, offsetBy: 5)..<colon]) else { return e }
        return "page \(n + offset)" + e[colon...]
    }
}

extension Block {
    /// The block with every locator's page mapped through `renumber`.
    func renumberingPages(_ renumber: (Int) -> Int) -> Block {
        switch self {
        case .heading(let p, let level): return .heading(p.renumberingPages(renumber), level: level)
        case .paragraph(let p): return .paragraph(p.renumberingPages(renumber))
        case .table(var t):
            t.locator.page = t.locator.page.map(renumber)
            for r in t.rows.indices {
                for c in t.rows[r].indices { t.rows[r][c].paragraphs = t.rows[r][c].paragraphs.map { $0.renumberingPages(renumber) } }
            }
            return .table(t)
        }
    }
}

extension Paragraph {
    func renumberingPages(_ renumber: (Int) -> Int) -> Paragraph {
        var p = self
        p.content.base.page = p.content.base.page.map(renumber)
        return p
    }
}

extension Provenance {
    func renumberingPage(_ renumber: (Int) -> Int) -> Provenance {
        var p = self
        p.locator.page = p.locator.page.map(renumber)
        return p
    }
}
