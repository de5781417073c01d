import Foundation
import CLibXML2

/// How Accord lets libxml2 near untrusted XML.
///
/// - Parser options: `XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING`, and never
///   `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD` or `XML_PARSE_DTDATTR`: no network, no external DTD,
///   no entity substitution. `XML_PARSE_HUGE` is not set either, so libxml2 keeps its own limits
///   (nesting depth 256, 10 MB per text node) on top of the part-size caps of `ZipPackage`.
/// - Office parts never carry a DTD: a part whose prolog declares a `<!DOCTYPE` is refused before
///   it reaches the parser (XXE, "billion laughs" and external-entity tricks all need one).
/// - libxml2's errors are taken from its per-thread last error, never printed.
public enum XMLSafety {
    public static let parseOptions: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
    public static let htmlOptions: Int32 = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOIMPLIED.rawValue)

    /// libxml2's one-time global set-up, run exactly once (a Swift `static let` is initialized
    /// once, thread-safely) before any parser of any thread starts.
    static let initialized: Bool = { xmlInitParser(); return true }()

    /// Before a parse on this thread: the one-time set-up, and libxml2's generic error handler
    /// (kept per thread) set to drop what libxml2 would otherwise print on standard error itself
    /// (a failed encoding conversion, an "I/O error : encoder error"): the file's failure is
    /// reported once, as one line, from the parser's last error.
    static func prepareThread() {
        _ = initialized
        accord_xmlSilenceThread()
    }

    /// Whether the prolog (everything before the first element) contains a DOCTYPE declaration.
    /// Only the bytes before the root element are looked at.
    public static func prologDeclaresDoctype(_ data: Data) -> Bool {
        data.withUnsafeBytes { prologDeclaresDoctype($0, complete: true) } ?? false
    }

    /// `prologDeclaresDoctype` of a part's first bytes: nil when `complete` is false (more bytes
    /// follow) and the answer could depend on them.
    static func prologDeclaresDoctype(_ raw: UnsafeRawBufferPointer, complete: Bool) -> Bool? {
        let b = raw.bindMemory(to: UInt8.self)
        var i = 0
        let n = b.count
        // The furthest byte looked at: an answer that looked at the last bytes of an incomplete
        // prefix is no answer.
        var reach = 0
        func decided(_ answer: Bool) -> Bool? { complete || reach + 3 < n ? answer : nil }
        // UTF-16 parts: check the ASCII bytes only by skipping NULs.
        func at(_ k: Int) -> UInt8 { k < n ? b[k] : 0 }
        var seen: [UInt8] = []
        seen.reserveCapacity(16)
        while i < n {
            let c = b[i]
            if c == 0 { i += 1; continue }
            if c == UInt8(ascii: "<") {
                // Collect the next few non-NUL bytes.
                seen.removeAll(keepingCapacity: true)
                var j = i + 1
                while j < n, seen.count < 9 { if b[j] != 0 { seen.append(b[j]) }; j += 1 }
                reach = j
                if seen.first == UInt8(ascii: "?") {
                    // processing instruction / XML declaration: skip to "?>"
                    var k = i + 1
                    while k + 1 < n, !(b[k] == UInt8(ascii: "?") && (at(k + 1) == UInt8(ascii: ">") || (at(k + 1) == 0 && at(k + 2) == UInt8(ascii: ">")))) { k += 1 }
                    reach = max(reach, k + 2)
                    i = k + 1; continue
                }
                if seen.starts(with: Array("!--".utf8)) {
                    var k = i + 1
                    while k + 2 < n, !(b[k] == UInt8(ascii: "-") && b[k + 1] == UInt8(ascii: "-") && b[k + 2] == UInt8(ascii: ">")) { k += 1 }
                    reach = max(reach, k + 2)
                    i = k + 3; continue
                }
                if seen.count >= 8, String(decoding: seen.prefix(8), as: UTF8.self).uppercased() == "!DOCTYPE" { return decided(true) }
                if seen.first == UInt8(ascii: "!") { return decided(true) } // any other markup declaration before the root
                return decided(false) // the root element: the prolog is over
            }
            i += 1
        }
        reach = n
        return decided(false)
    }

    /// libxml2's last error on this thread as one line, then cleared.
    static func lastError(_ fallback: String) -> String {
        guard let e = xmlGetLastError() else { return fallback }
        var msg = e.pointee.message.map { String(cString: $0) } ?? fallback
        msg = msg.trimmingCharacters(in: .whitespacesAndNewlines)
        let line = e.pointee.line
        xmlResetLastError()
        return line > 0 ? "\(msg) (line \(line))" : msg
    }
}

/// A pull parser over one XML part (libxml2's `xmlTextReader`), used by the DOCX, Flat OPC and
/// Word 2003 readers. Streaming keeps memory bounded by the output, not by the XML.
final class XMLStream {
    enum Node: Int32 {
        case none = 0, element = 1, attribute = 2, text = 3, cdata = 4, entityReference = 5, entity = 6,
             processingInstruction = 7, comment = 8, document = 9, documentType = 10, fragment = 11,
             notation = 12, whitespace = 13, significantWhitespace = 14, endElement = 15, endEntity = 16, xmlDeclaration = 17
    }

    private let reader: xmlTextReaderPtr
    private let buffer: UnsafeMutableRawBufferPointer
    let part: String
    private(set) var nodeType: Node = .none
    private(set) var localName: String = ""
    private(set) var depth: Int = 0
    private(set) var isEmptyElement = false
    private var lastNamespacePointer: UnsafePointer<xmlChar>?
    private var lastNamespaceIsWord = false
    /// Set by `skipCurrent()`: the next `read()` steps over the current element's subtree.
    private var skipPending = false

    /// Copies the bytes (libxml2 keeps pointing into its input while it reads).
    init(_ data: Data, part: String) throws(ReadError) {
        if XMLSafety.prologDeclaresDoctype(data) {
            throw ReadError("\(part): XML with a DOCTYPE declaration (entities and external DTDs are refused)")
        }
        guard data.count < Int(Int32.max) else { throw ReadError("\(part): XML part too large") }
        XMLSafety.prepareThread()
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, data.count), alignment: 1)
        _ = data.copyBytes(to: buf.bindMemory(to: UInt8.self))
        guard let base = buf.baseAddress,
              let r = xmlReaderForMemory(base.assumingMemoryBound(to: CChar.self), Int32(data.count), part, nil, XMLSafety.parseOptions)
        else { buf.deallocate(); throw ReadError("\(part): XML parser could not start") }
        self.buffer = buf
        self.reader = r
        self.part = part
    }

    deinit {
        xmlFreeTextReader(reader)
        buffer.deallocate()
    }

    /// Advances to the next node; false at the end. Throws on malformed XML or a DOCTYPE.
    func read() throws(ReadError) -> Bool {
        let skip = skipPending && nodeType == .element && !isEmptyElement
        skipPending = false
        let rc = skip ? xmlTextReaderNext(reader) : xmlTextReaderRead(reader)
        if rc == 0 { nodeType = .none; return false }
        if rc < 0 { throw ReadError("\(part): malformed XML: \(XMLSafety.lastError("parse error"))") }
        update()
        if nodeType == .documentType || nodeType == .entityReference || nodeType == .entity {
            throw ReadError("\(part): XML with entity or DOCTYPE declarations is refused")
        }
        return true
    }

    /// Makes the next `read()` step over the current element's subtree instead of into it.
    func skipCurrent() { skipPending = true }

    private func update() {
        nodeType = Node(rawValue: xmlTextReaderNodeType(reader)) ?? .none
        depth = Int(xmlTextReaderDepth(reader))
        if nodeType == .element || nodeType == .endElement {
            localName = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
            isEmptyElement = nodeType == .element && xmlTextReaderIsEmptyElement(reader) == 1
        } else {
            localName = ""
            isEmptyElement = false
        }
    }

    /// The text of a text / CDATA / significant-whitespace node.
    var value: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    var namespaceURI: String {
        xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""
    }

    /// Whether the current element is in a WordprocessingML namespace (transitional, strict or Word 2003).
    var inWordNamespace: Bool {
        let p = xmlTextReaderConstNamespaceUri(reader)
        if let p, p == lastNamespacePointer { return lastNamespaceIsWord }
        let uri = p.map { String(cString: $0) } ?? ""
        let isWord = uri == WordNamespaces.main || uri == WordNamespaces.strict || uri == WordNamespaces.word2003
        lastNamespacePointer = p; lastNamespaceIsWord = isWord
        return isWord
    }

    /// An attribute of the current element by local name (any namespace).
    func attribute(_ local: String) -> String? {
        guard xmlTextReaderMoveToFirstAttribute(reader) == 1 else { return nil }
        defer { _ = xmlTextReaderMoveToElement(reader) }
        repeat {
            if let n = xmlTextReaderConstLocalName(reader), String(cString: n) == local {
                return xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
            }
        } while xmlTextReaderMoveToNextAttribute(reader) == 1
        return nil
    }

    /// The current element serialized with its subtree (for Flat OPC parts held inline).
    func outerXML() -> String? {
        guard let p = xmlTextReaderReadOuterXml(reader) else { return nil }
        defer { accord_xmlFree(p) }
        return String(cString: p)
    }

    /// Reads the text content of the current element (for `<w:t>` and similar leaf elements) and
    /// leaves the stream on its end tag.
    func textContent() throws(ReadError) -> String {
        if isEmptyElement { return "" }
        let start = depth
        var s = ""
        while try read() {
            switch nodeType {
            case .text, .cdata, .significantWhitespace, .whitespace: s += value
            case .endElement where depth == start: return s
            default: break
            }
        }
        return s
    }
}

enum WordNamespaces {
    static let main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    static let word2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
    static let word2003aux = "http://schemas.microsoft.com/office/word/2003/auxHint"
    static let pkg = "http://schemas.microsoft.com/office/2006/xmlPackage"
}
