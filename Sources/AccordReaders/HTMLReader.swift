import Foundation
import CLibXML2
import AccordModel
import AccordText

/// Reads HTML (Word's "Save as Web Page", browser saves, hand exports) through libxml2's HTML
/// parser: headings, paragraphs, lists and tables with `rowspan` / `colspan` placed on a grid.
/// A `GB2312` / `GBK` meta charset is read as GB18030 (its superset: real files use GBK
/// characters under a GB2312 label). The tree API is used here: HTML pages are small and need
/// their recovery rules, which the tree builder applies.
public struct HTMLReader: DocumentReader {
    public init() {}
    public var name: String { "html" }
    public func accepts(_ sniff: Sniff) -> Bool { sniff == .html }

    /// Caps that keep a hostile `rowspan="65534"` from building a huge grid.
    static let maxRowSpan = 1000, maxColSpan = 100, maxDepth = 200, maxColumns = 256

    public func read(_ input: ReaderInput) throws(ReadError) -> IntermediateDocument {
        guard input.data.count < Int(Int32.max) else { throw ReadError("HTML file too large") }
        if HTMLReader.hasInternalSubset(input.data) { throw ReadError("HTML with a DOCTYPE internal subset (entity declarations are refused)") }
        let encoding = HTMLReader.declaredEncoding(input.data)
        XMLSafety.prepareThread()
        let doc: htmlDocPtr? = input.data.withUnsafeBytes { raw -> htmlDocPtr? in
            guard let base = raw.baseAddress else { return nil }
            return htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(input.data.count), "page.html", encoding, XMLSafety.htmlOptions)
        }
        guard let doc else { throw ReadError("unreadable HTML: \(XMLSafety.lastError("parser gave no document"))") }
        defer { xmlFreeDoc(doc) }
        // libxml2 recovers from most HTML errors; a fatal one (nesting past 256 levels) stops the
        // parse and leaves the rest of the page out: that must be said.
        var stopped: String?
        if let e = xmlGetLastError(), e.pointee.level == XML_ERR_FATAL {
            stopped = XMLSafety.lastError("fatal parse error")
        }
        xmlResetLastError()
        guard let root = xmlDocGetRootElement(doc) else { throw ReadError("HTML without any element") }
        var walker = HTMLWalker(sha256: input.sha256)
        if let stopped {
            walker.findings.append(Finding(code: "html.parse_stopped", severity: .warning,
                message: "the HTML parser stopped early (\(stopped)); text after that point is missing"))
        }
        var blocks: [Block] = []
        walker.flow(root, depth: 0, into: &blocks)
        walker.flush(into: &blocks)
        if let e = encoding { walker.log.record("html.charset", example: e) }
        return IntermediateDocument(source: SourceInfo(path: input.path, sha256: input.sha256, format: "html", encoding: encoding?.lowercased() ?? "utf-8"),
                                    blocks: blocks, actions: walker.log.actions, findings: walker.findings)
    }

    /// The charset a `<meta>` declares, mapped for libxml2 (GB2312 / GBK → GB18030). nil: let
    /// libxml2 decide (BOM, then its own meta handling, then UTF-8 / Latin-1).
    static func declaredEncoding(_ data: Data) -> String? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self).lowercased()
        guard let r = head.range(of: #"charset\s*=\s*["']?([a-z0-9_\-]+)"#, options: .regularExpression) else { return nil }
        var name = String(head[r]).replacingOccurrences(of: #"charset\s*=\s*["']?"#, with: "", options: .regularExpression)
        name = name.trimmingCharacters(in: .whitespaces)
        switch name {
        case "gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "x-euc-cn", "euc-cn": return "GB18030"
        case "big5", "big5-hkscs": return "BIG5"
        default: return nil
        }
    }

    static func hasInternalSubset(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        guard let r = head.range(of: "<!doctype", options: .caseInsensitive) else { return false }
        let rest = head[r.upperBound...]
        guard let close = rest.firstIndex(of: ">") else { return false }
        return rest[..<close].contains("[")
    }
}

/// Walks the HTML tree into blocks. Inline content accumulates into the current paragraph;
/// block elements end it.
struct HTMLWalker {
    let sha256: String
    var log = ActionLog()
    var findings: [Finding] = []
    var paragraphIndex = 0
    var tableIndex = 0
    var pending = ""
    var pendingHeading: Int?
    /// While inside a table cell: where paragraphs go instead of `blocks`.
    var cellContext: (table: Int, row: Int, column: Int)?
    var cellParagraph = 0

    init(sha256: String) { self.sha256 = sha256 }

    static let blockNames: Set<String> = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "li", "section",
        "article", "header", "footer", "main", "nav", "aside", "blockquote", "pre", "dl", "dt", "dd", "form", "center",
        "address", "hr", "figure", "figcaption", "caption", "tr", "td", "th", "tbody", "thead", "tfoot", "body", "html"]
    static let skipNames: Set<String> = ["script", "style", "head", "noscript", "template", "title", "iframe", "object", "svg", "math"]

    static func name(_ n: xmlNodePtr) -> String {
        n.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    static func attr(_ n: xmlNodePtr, _ a: String) -> String? {
        guard let v = xmlGetProp(n, a) else { return nil }
        defer { accord_xmlFree(v) }
        return String(cString: v)
    }

    mutating func flush(into out: inout [Block]) {
        defer { pending = ""; pendingHeading = nil }
        guard pending.contains(where: { !$0.isWhitespace }) else { return }
        var loc = Locator(part: "html", paragraph: paragraphIndex)
        if let c = cellContext {
            loc.table = c.table; loc.row = c.row; loc.column = c.column; loc.cellParagraph = cellParagraph
            cellParagraph += 1
        }
        paragraphIndex += 1
        let raw = pending.trimmingCharacters(in: .whitespacesAndNewlines)
        let st = TextCleaning.clean(raw, base: loc, log: &log)
        guard !st.text.isEmpty else { return }
        let p = Paragraph(content: st)
        if let h = pendingHeading, cellContext == nil { out.append(.heading(p, level: h)) } else { out.append(.paragraph(p)) }
    }

    mutating func flow(_ node: xmlNodePtr, depth: Int, into out: inout [Block]) {
        var child = node.pointee.children
        while let c = child {
            child = c.pointee.next
            switch c.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let t = c.pointee.content {
                    var s = String(cString: t)
                    s = s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
                    pending += s
                }
            case XML_ELEMENT_NODE:
                element(c, depth: depth + 1, into: &out)
            default:
                break
            }
        }
    }

    mutating func element(_ e: xmlNodePtr, depth: Int, into out: inout [Block]) {
        let n = Self.name(e)
        if Self.skipNames.contains(n) { return }
        if depth > HTMLReader.maxDepth {
            // Hostile nesting: take the text without recursing further.
            pending += Self.flatText(e)
            log.record("html.deep_nesting_flattened")
            return
        }
        switch n {
        case "br":
            pending += "\n"
        case "table":
            flush(into: &out)
            if cellContext != nil {
                // Nested table: its text goes into the enclosing cell, row by row.
                log.record("html.nested_table_read_into_cell")
                flow(e, depth: depth, into: &out)
                flush(into: &out)
            } else {
                out.append(.table(table(e, depth: depth)))
            }
        case "h1", "h2", "h3", "h4", "h5", "h6":
            flush(into: &out)
            pendingHeading = Int(String(n.dropFirst()))
            flow(e, depth: depth, into: &out)
            flush(into: &out)
        case "ol":
            flush(into: &out)
            // Word's bound for list counters, as the DOCX reader keeps them: a hostile start
            // (9223372036854775807, 4000000000000000000 with type="a") cannot overflow `k` or ask a
            // letter label for a gigantic string.
            var k = (Self.attr(e, "start").flatMap { Int($0) }).map { min(max($0, -NumberFormat.maxCounter), NumberFormat.maxCounter) } ?? 1
            let type = Self.attr(e, "type") ?? "1"
            var li = e.pointee.children
            while let c = li {
                li = c.pointee.next
                if c.pointee.type == XML_ELEMENT_NODE, Self.name(c) == "li" {
                    let fmt = type == "a" ? "lowerLetter" : type == "A" ? "upperLetter" : type == "i" ? "lowerRoman" : type == "I" ? "upperRoman" : "decimal"
                    pending = NumberFormat.render(k, format: fmt) + ". "
                    k += 1
                    flow(c, depth: depth + 1, into: &out)
                    flush(into: &out)
                } else if c.pointee.type == XML_ELEMENT_NODE {
                    element(c, depth: depth + 1, into: &out)
                }
            }
        default:
            if Self.blockNames.contains(n) {
                flush(into: &out)
                flow(e, depth: depth, into: &out)
                flush(into: &out)
            } else {
                flow(e, depth: depth, into: &out)
            }
        }
    }

    static func flatText(_ e: xmlNodePtr) -> String {
        guard let c = xmlNodeGetContent(e) else { return "" }
        defer { accord_xmlFree(c) }
        return String(cString: c).replacingOccurrences(of: "\n", with: " ")
    }

    /// Rows of `tr` (directly or in thead / tbody / tfoot), cells placed on a grid past the
    /// slots that row spans from above already cover.
    mutating func table(_ t: xmlNodePtr, depth: Int) -> Table {
        let index = tableIndex
        tableIndex += 1
        let firstParagraph = paragraphIndex
        var trs: [xmlNodePtr] = []
        func collect(_ n: xmlNodePtr, _ d: Int) {
            var c = n.pointee.children
            while let x = c {
                c = x.pointee.next
                guard x.pointee.type == XML_ELEMENT_NODE else { continue }
                let nm = HTMLWalker.name(x)
                if nm == "tr" { trs.append(x) } else if ["thead", "tbody", "tfoot"].contains(nm), d < 3 { collect(x, d + 1) }
            }
        }
        collect(t, 0)
        var rows: [[Cell]] = []
        var covered: [Int: Int] = [:]   // column → rows still covered below the current one
        let savedContext = cellContext, savedCellParagraph = cellParagraph
        var tooWide = 0
        for (r, tr) in trs.enumerated() {
            var cells: [Cell] = []
            var col = 0
            var c = tr.pointee.children
            while let td = c {
                c = td.pointee.next
                guard td.pointee.type == XML_ELEMENT_NODE, ["td", "th"].contains(Self.name(td)) else { continue }
                while col < HTMLReader.maxColumns, (covered[col] ?? 0) > 0 { col += 1 }
                var rowSpan = Self.attr(td, "rowspan").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 1
                var colSpan = Self.attr(td, "colspan").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 1
                if rowSpan > HTMLReader.maxRowSpan || colSpan > HTMLReader.maxColSpan { log.record("html.span_capped") }
                rowSpan = max(1, min(rowSpan, HTMLReader.maxRowSpan, trs.count - r))
                colSpan = max(1, min(colSpan, HTMLReader.maxColSpan, HTMLReader.maxColumns - col))
                if col >= HTMLReader.maxColumns {
                    // Past the widest table we build: the text joins the row's last cell, nothing is lost.
                    tooWide += 1
                    guard !cells.isEmpty else { continue }
                    cellContext = (index, r, cells[cells.count - 1].column)
                    cellParagraph = cells[cells.count - 1].paragraphs.count
                    var extra: [Block] = []
                    pending = ""
                    flow(td, depth: depth + 1, into: &extra)
                    flush(into: &extra)
                    cells[cells.count - 1].paragraphs += extra.flatMap(\.paragraphs)
                    continue
                }
                cellContext = (index, r, col)
                cellParagraph = 0
                var cellBlocks: [Block] = []
                pending = ""
                flow(td, depth: depth + 1, into: &cellBlocks)
                flush(into: &cellBlocks)
                let paragraphs = cellBlocks.flatMap(\.paragraphs)
                cells.append(Cell(row: r, column: col, rowSpan: rowSpan, colSpan: colSpan, paragraphs: paragraphs))
                for k in col..<(col + colSpan) { covered[k] = rowSpan }
                col += colSpan
            }
            rows.append(cells)
            for (k, v) in covered { covered[k] = v > 1 ? v - 1 : nil }
        }
        if tooWide > 0 {
            findings.append(Finding(code: "html.table_too_wide", severity: .warning,
                message: "table \(index) has cells past column \(HTMLReader.maxColumns); their text was put in the last cell of their row"))
        }
        cellContext = savedContext; cellParagraph = savedCellParagraph
        pending = ""
        return Table(rows: rows, locator: Locator(part: "html", paragraph: firstParagraph, table: index), construction: "native")
    }
}
