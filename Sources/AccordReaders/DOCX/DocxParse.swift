import Foundation

// WordprocessingML parsed into a small typed model first (pandoc style), converted afterwards.
// The same parser reads OOXML parts (DOCX, Flat OPC) and Word 2003 XML (`w:wordDocument`),
// whose body vocabulary is nearly the same.

/// One paragraph as written: its text runs (with tabs and breaks), style and numbering.
struct WParagraph: Sendable {
    /// 0-based index of this `w:p` among all `w:p` of its part, in document order.
    var index: Int
    var text: String = ""
    var styleId: String?
    var numId: Int?
    var ilvl: Int?
    /// Word 2003 writes the rendered list label beside the list reference (`wx:t`).
    var renderedLabel: String?
    /// Text boxes anchored in this paragraph, read in place (after the paragraph's own text).
    var textBoxes: [WBlock] = []
}

struct WTable: Sendable {
    var index: Int
    var firstParagraph: Int
    var rows: [WRow] = []
}

struct WRow: Sendable {
    var gridBefore = 0
    var gridAfter = 0
    var cells: [WCell] = []
}

struct WCell: Sendable {
    enum VMerge: Sendable { case none, restart, `continue` }
    var gridSpan = 1
    var vMerge: VMerge = .none
    var blocks: [WBlock] = []
}

/// Not `indirect`: the recursion goes through arrays already, and a boxed case cost one heap
/// allocation per paragraph and table read.
enum WBlock: Sendable {
    case paragraph(WParagraph)
    case table(WTable)
}

/// A parsed part: its blocks and what the parser counted on the way.
struct WPart: Sendable {
    var name: String
    var blocks: [WBlock] = []
    var insertions = 0
    var deletions = 0
    var insertedExample: String?
    var deletedExample: String?
    var unmappedSymbols: [String] = []
    /// Word 2003 keeps headers and footers inside `w:sectPr`.
    var furniture: [WBlock] = []
}

enum WDialect: Sendable { case ooxml, word2003 }

extension WordMLParser where Stream == SAXStream {
    /// Parses a whole part (document, header, footer) with the SAX-fed stream. Tables and
    /// paragraphs anywhere below the root are collected in order.
    static func parse(_ data: Data, part: String, dialect: WDialect) throws(ReadError) -> WPart {
        var list = WBlockList()
        var parsed = try parse(data, part: part, dialect: dialect, into: &list)
        parsed.blocks = list.blocks
        return parsed
    }

    /// Parses a whole part, handing its blocks to `sink` as they are read (tables row by row);
    /// the part returned holds what the parser counted (its `blocks` stay empty).
    static func parse<S: WBlockSink>(_ data: Data, part: String, dialect: WDialect, into sink: inout S) throws(ReadError) -> WPart {
        try parse(PartBytes(data: data), part: part, dialect: dialect, into: &sink)
    }

    /// `parse(_:part:dialect:into:)` over a part that may still be arriving (`ZipPackage.streamPart`).
    static func parse<S: WBlockSink>(_ bytes: PartBytes, part: String, dialect: WDialect, into sink: inout S) throws(ReadError) -> WPart {
        let stream = try SAXStream(bytes, part: part)
        var p = WordMLParser(stream: stream, dialect: dialect)
        try p.blocks(until: -1, into: &sink)
        return p.part
    }
}

/// Where `WordMLParser` delivers a block list as it reads it: paragraphs whole, tables row by
/// row between `beginTable` and `endTable` (never nested: a table inside a cell is part of its row).
protocol WBlockSink {
    mutating func paragraph(_ p: WParagraph)
    mutating func beginTable(index: Int, firstParagraph: Int)
    mutating func row(_ r: WRow)
    mutating func endTable()
}

/// The sink that keeps the blocks, tables whole.
struct WBlockList: WBlockSink {
    var blocks: [WBlock] = []
    private var open: WTable?
    mutating func paragraph(_ p: WParagraph) { blocks.append(.paragraph(p)) }
    mutating func beginTable(index: Int, firstParagraph: Int) { open = WTable(index: index, firstParagraph: firstParagraph) }
    mutating func row(_ r: WRow) { open?.rows.append(r) }
    mutating func endTable() {
        if let t = open { blocks.append(.table(t)) }
        open = nil
    }
}

/// Recursive descent over an `XMLStream`. Unknown wrappers (`w:hyperlink`, `w:sdt`, `w:smartTag`,
/// `w:customXml`, `w:fldSimple`, drawings…) are descended into; properties, deleted text, field
/// instructions and `mc:Fallback` copies are stepped over.
struct WordMLParser<Stream: XMLPullSource> {
    let stream: Stream
    let dialect: WDialect
    private(set) var part: WPart
    private var paragraphCount = 0
    private var tableCount = 0

    init(stream: Stream, dialect: WDialect) {
        self.stream = stream; self.dialect = dialect
        self.part = WPart(name: stream.part)
    }

    /// Continues on a stream that stands inside a document (Flat OPC): parses the element the
    /// stream is on (depth `depth`) as a part.
    static func parseSubtree(_ stream: Stream, part: String, dialect: WDialect) throws(ReadError) -> WPart {
        var p = WordMLParser(stream: stream, dialect: dialect)
        p.part.name = part
        p.part.blocks = try p.blocks(until: stream.depth)
        return p.part
    }

    // MARK: blocks

    /// Reads block content until the end tag at `endDepth` (or the end of the document for -1).
    mutating func blocks(until endDepth: Int) throws(ReadError) -> [WBlock] {
        var list = WBlockList()
        try blocks(until: endDepth, into: &list)
        return list.blocks
    }

    /// Reads block content until the end tag at `endDepth` (or the end of the document for -1),
    /// handing each block to `sink` as soon as it is read.
    mutating func blocks<S: WBlockSink>(until endDepth: Int, into sink: inout S) throws(ReadError) {
        while try stream.read() {
            switch stream.nodeType {
            case .endElement:
                if stream.depth == endDepth { return }
            case .element:
                switch stream.localName {
                case "p" where stream.inWordNamespace:
                    sink.paragraph(try paragraph())
                case "tbl" where stream.inWordNamespace:
                    try table(into: &sink)
                case "sectPr" where dialect == .ooxml, "tblPr", "tblGrid", "rPr", "pPr", "docPartPr", "sdtPr", "sdtEndPr":
                    stream.skipCurrent()
                case "hdr", "ftr":
                    if dialect == .word2003, stream.inWordNamespace, !stream.isEmptyElement {
                        part.furniture += try blocks(until: stream.depth)
                    }
                case "Fallback":
                    stream.skipCurrent()
                case "del", "moveFrom":
                    if stream.inWordNamespace { try deleted() }
                case "ins", "moveTo":
                    if stream.inWordNamespace { part.insertions += 1 }
                default:
                    break
                }
            default:
                break
            }
        }
    }

    // MARK: paragraphs

    mutating func paragraph() throws(ReadError) -> WParagraph {
        var p = WParagraph(index: paragraphCount)
        paragraphCount += 1
        if stream.isEmptyElement { return p }
        let d = stream.depth
        var insertedHere = ""
        var insDepth: Int?
        while try stream.read() {
            switch stream.nodeType {
            case .endElement:
                if stream.depth == d { 
                    if part.insertedExample == nil, !insertedHere.isEmpty { part.insertedExample = String(insertedHere.prefix(40)) }
                    return p
                }
                if let i = insDepth, stream.depth == i { insDepth = nil }
            case .element:
                guard stream.inWordNamespace || stream.localName == "Fallback" || stream.localName == "txbxContent" else {
                    continue
                }
                // The commonest names first: a `switch` over strings compares case by case.
                switch stream.localName {
                case "r":
                    break  // a run: its children come next
                case "t":
                    let t = try stream.textContent()
                    p.text += t
                    if insDepth != nil { insertedHere += t }
                case "rPr":
                    stream.skipCurrent()
                case "pPr":
                    try paragraphProperties(&p)
                case "tab":
                    p.text += "\t"
                case "br", "cr":
                    p.text += "\n"
                case "noBreakHyphen":
                    p.text += "-"
                case "sym":
                    p.text += symbol(font: stream.attribute("font"), char: stream.attribute("char"))
                case "instrText", "delInstrText", "fldData", "Fallback", "pPrChange", "rPrChange", "sdtPr", "sdtEndPr", "footnoteReference", "endnoteReference", "commentReference":
                    stream.skipCurrent()
                case "del", "moveFrom":
                    try deleted()
                case "ins", "moveTo":
                    part.insertions += 1
                    if !stream.isEmptyElement, insDepth == nil { insDepth = stream.depth }
                case "txbxContent":
                    if !stream.isEmptyElement { p.textBoxes += try blocks(until: stream.depth) }
                case "p":
                    // A paragraph inside a paragraph (only inside text boxes, already handled): read it flat.
                    p.textBoxes.append(.paragraph(try paragraph()))
                case "tbl":
                    p.textBoxes.append(.table(try table()))
                default:
                    break
                }
            default:
                break
            }
        }
        return p
    }

    mutating func paragraphProperties(_ p: inout WParagraph) throws(ReadError) {
        if stream.isEmptyElement { return }
        let d = stream.depth
        while try stream.read() {
            if stream.nodeType == .endElement, stream.depth == d { return }
            guard stream.nodeType == .element else { continue }
            switch stream.localName {
            case "pStyle": p.styleId = stream.attribute("val")
            case "ilvl": p.ilvl = stream.attribute("val").flatMap { Int($0) }
            case "numId", "ilfo": p.numId = stream.attribute("val").flatMap { Int($0) }
            case "t" where dialect == .word2003 && !stream.inWordNamespace:
                // wx:t inside w:listPr: the label Word rendered.
                p.renderedLabel = stream.attribute("val")
            case "rPr", "pPrChange", "tabs", "sectPr":
                stream.skipCurrent()
            default: break
            }
        }
    }

    /// `w:del` / `w:moveFrom`: counted and stepped over, keeping one example of what was deleted.
    mutating func deleted() throws(ReadError) {
        part.deletions += 1
        if stream.isEmptyElement { return }
        let d = stream.depth
        var text = ""
        while try stream.read() {
            if stream.nodeType == .endElement, stream.depth == d { break }
            if stream.nodeType == .element, stream.localName == "delText" || stream.localName == "t" {
                let t = try stream.textContent()
                if text.count < 40 { text += t }
            } else if stream.nodeType == .element, stream.localName == "p" {
                paragraphCount += 1   // a deleted paragraph still has its place in the part
            }
        }
        if part.deletedExample == nil, !text.isEmpty { part.deletedExample = String(text.prefix(40)) }
    }

    /// `w:sym`: a character from a symbol font. Private-use codes (F0xx) of the usual Wingdings /
    /// Symbol glyphs are mapped to their Unicode look-alikes; others are kept as the code point
    /// and reported.
    mutating func symbol(font: String?, char: String?) -> String {
        guard let char, let v = UInt32(char, radix: 16) else { return "" }
        let code = v >= 0xF000 && v <= 0xF0FF ? v - 0xF000 : v
        let f = (font ?? "").lowercased()
        if f.contains("wingdings") {
            let map: [UInt32: String] = [0xFC: "✓", 0xFB: "✗", 0xFD: "☒", 0xFE: "☑", 0xA8: "□", 0x6F: "□", 0x71: "❑",
                                         0x6C: "●", 0x9F: "•", 0xA7: "▪", 0x77: "◆", 0xD8: "➢", 0xE0: "→", 0x4A: "☺"]
            if let s = map[code] { return s }
        } else if f.contains("symbol") {
            let map: [UInt32: String] = [0xB7: "•", 0xD6: "√", 0xB4: "×", 0xB8: "÷", 0xB1: "±", 0xA3: "≤", 0xB3: "≥", 0xB0: "°", 0x2D: "−"]
            if let s = map[code] { return s }
            if (0x41...0x5A).contains(code) || (0x61...0x7A).contains(code) {
                // Symbol's Latin slots are Greek letters.
                let greek = Array("ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ")
                let greekLower = Array("αβχδεφγηιϕκλμνοπθρστυϖωξψζ")
                // i in 0...25 (the ranges just checked); each table has 26 letters.
                let i = Int(code < 0x61 ? code - 0x41 : code - 0x61)
                return String(code < 0x61 ? greek[i] : greekLower[i])
            }
        } else if !(0xE000...0xF8FF).contains(v), let s = Unicode.Scalar(v) {
            return String(Character(s))
        }
        if part.unmappedSymbols.count < 3 { part.unmappedSymbols.append("\(font ?? "?"):\(char)") }
        return "\u{FFFD}"
    }

    // MARK: tables

    mutating func table() throws(ReadError) -> WTable {
        let t = WTable(index: tableCount, firstParagraph: paragraphCount)
        var list = WBlockList()
        try table(into: &list)
        if case .table(let read)? = list.blocks.first { return read }
        return t
    }

    /// A table, handed to `sink` row by row as each row is read.
    mutating func table<S: WBlockSink>(into sink: inout S) throws(ReadError) {
        sink.beginTable(index: tableCount, firstParagraph: paragraphCount)
        tableCount += 1
        try rows(into: &sink)
        sink.endTable()
    }

    private mutating func rows<S: WBlockSink>(into sink: inout S) throws(ReadError) {
        if stream.isEmptyElement { return }
        let d = stream.depth
        while try stream.read() {
            switch stream.nodeType {
            case .endElement where stream.depth == d:
                return
            case .element:
                switch stream.localName {
                case "tr" where stream.inWordNamespace: sink.row(try row())
                case "tblPr", "tblGrid", "tblPrEx", "sdtPr", "sdtEndPr", "Fallback": stream.skipCurrent()
                case "del", "moveFrom": if stream.inWordNamespace { try deleted() }
                default: break
                }
            default: break
            }
        }
    }

    mutating func row() throws(ReadError) -> WRow {
        var r = WRow()
        if stream.isEmptyElement { return r }
        let d = stream.depth
        while try stream.read() {
            switch stream.nodeType {
            case .endElement where stream.depth == d:
                return r
            case .element:
                switch stream.localName {
                case "trPr": try rowProperties(&r)
                case "tc" where stream.inWordNamespace: r.cells.append(try cell())
                case "tblPrEx", "sdtPr", "sdtEndPr", "Fallback": stream.skipCurrent()
                case "del": if stream.inWordNamespace { try deleted() }
                default: break
                }
            default: break
            }
        }
        return r
    }

    mutating func rowProperties(_ r: inout WRow) throws(ReadError) {
        if stream.isEmptyElement { return }
        let d = stream.depth
        while try stream.read() {
            if stream.nodeType == .endElement, stream.depth == d { return }
            guard stream.nodeType == .element else { continue }
            switch stream.localName {
            case "gridBefore": r.gridBefore = max(0, min(63, stream.attribute("val").flatMap { Int($0) } ?? 0))
            case "gridAfter": r.gridAfter = max(0, min(63, stream.attribute("val").flatMap { Int($0) } ?? 0))
            case "trPrChange": stream.skipCurrent()
            default: break
            }
        }
    }

    mutating func cell() throws(ReadError) -> WCell {
        var c = WCell()
        if stream.isEmptyElement { return c }
        let d = stream.depth
        while try stream.read() {
            switch stream.nodeType {
            case .endElement where stream.depth == d:
                return c
            case .element:
                switch stream.localName {
                case "tcPr": try cellProperties(&c)
                case "p" where stream.inWordNamespace: c.blocks.append(.paragraph(try paragraph()))
                case "tbl" where stream.inWordNamespace: c.blocks.append(.table(try table()))
                case "sdtPr", "sdtEndPr", "Fallback": stream.skipCurrent()
                case "del", "moveFrom": if stream.inWordNamespace { try deleted() }
                case "ins", "moveTo": if stream.inWordNamespace { part.insertions += 1 }
                default: break
                }
            default: break
            }
        }
        return c
    }

    mutating func cellProperties(_ c: inout WCell) throws(ReadError) {
        if stream.isEmptyElement { return }
        let d = stream.depth
        while try stream.read() {
            if stream.nodeType == .endElement, stream.depth == d { return }
            guard stream.nodeType == .element else { continue }
            switch stream.localName {
            case "tcW", "vAlign", "shd", "tcBorders":
                break  // the commonest, unused: decided by the first comparisons
            case "gridSpan":
                c.gridSpan = max(1, min(64, stream.attribute("val").flatMap { Int($0) } ?? 1))
            case "vMerge", "vmerge":
                c.vMerge = stream.attribute("val") == "restart" ? .restart : .continue
            case "hMerge", "hmerge":
                // Legacy horizontal merge: a "continue" cell is folded into the one on its left.
                if stream.attribute("val") != "restart" { c.gridSpan = 0 }
            case "tcPrChange": stream.skipCurrent()
            default: break
            }
        }
    }
}
