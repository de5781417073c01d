import Foundation
import CLibXML2

/// What `WordMLParser` pulls from: the current node's kind, local name, depth and attributes.
/// `XMLStream` (libxml2's `xmlTextReader`) and `SAXStream` (libxml2's SAX2 push parser) both
/// provide it, with the same answers for the same part.
protocol XMLPullSource: AnyObject {
    var part: String { get }
    var nodeType: XMLStream.Node { get }
    var localName: String { get }
    var depth: Int { get }
    var isEmptyElement: Bool { get }
    var inWordNamespace: Bool { get }
    func read() throws(ReadError) -> Bool
    func skipCurrent()
    func attribute(_ local: String) -> String?
    func textContent() throws(ReadError) -> String
}

extension XMLStream: XMLPullSource {}

/// A whole XML part read with libxml2's SAX2 push parser, pulled node by node like `XMLStream`.
///
/// `xmlTextReader` builds (and frees) a tree node for every element and text run, which costs
/// about as much again as the parsing itself; the SAX callbacks here only append compact events
/// to a queue that `read()` drains, refilled one input chunk at a time (memory stays bounded).
/// It answers as `XMLStream` does, node for node: elements and end tags at the reader's depths,
/// no end tag after an empty element (`<x/>`, told apart from `<x></x>` the way the reader
/// does), text (character data, CDATA, white space) as `.text`, attributes in the reader's order
/// (namespace declarations first). The input is pushed in the reader's chunks (4 bytes, then 512)
/// and a chunk's failure is checked as the reader checks it, so a malformed part fails with the
/// same libxml2 message.
///
/// Safety is `XMLStream`'s: the same parser options (`XMLSafety.parseOptions`: no network, no
/// entity substitution, no DTD loading), DOCTYPE prologs refused before parsing, any entity or
/// DTD declaration callback refused. Two limits the reader's tree builder enforces are enforced
/// here with its messages: the nesting depth (`xmlParserMaxDepth`, 256) and 10 MB per text node.
final class SAXStream: XMLPullSource {
    let part: String
    private let data: Data
    private let collector: SAXCollector
    private let context: xmlParserCtxtPtr
    // The stream's and the collector's stored properties are read or written once or twice per
    // XML node; no access to them ever overlaps another (no inout or borrow spans a call that
    // could reach them), so the dynamic exclusivity checks, a visible cost here, are left out.
    /// Input bytes pushed so far.
    @exclusivity(unchecked) private var offset = 0
    @exclusivity(unchecked) private var finished = false
    /// Index of the current event in `collector.events` (-1 before the first).
    @exclusivity(unchecked) private var cursor = -1
    @exclusivity(unchecked) private var current = SAXEvent(kind: .none, isEmpty: false, inWord: false, depth: 0, name: -1, start: 0, count: 0)
    @exclusivity(unchecked) private var skipPending = false
    @exclusivity(unchecked) private var scratch: [UInt8] = []

    /// The reader's chunk size: the same chunks fail with the same message.
    private static let chunk = 512

    init(_ data: Data, part: String) throws(ReadError) {
        if XMLSafety.prologDeclaresDoctype(data) {
            throw ReadError("\(part): XML with a DOCTYPE declaration (entities and external DTDs are refused)")
        }
        guard data.count < Int(Int32.max) else { throw ReadError("\(part): XML part too large") }
        _ = XMLSafety.initialized
        self.data = data
        self.part = part
        let collector = SAXCollector()
        self.collector = collector
        var handler = SAXCollector.handler()
        let first = min(4, data.count) == 4 ? 4 : 0
        let ctxt: xmlParserCtxtPtr? = data.withUnsafeBytes { raw in
            xmlCreatePushParserCtxt(&handler, Unmanaged.passUnretained(collector).toOpaque(),
                                    raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(first), part)
        }
        guard let ctxt else { throw ReadError("\(part): XML parser could not start") }
        _ = xmlCtxtUseOptions(ctxt, XMLSafety.parseOptions)
        collector.context = ctxt
        self.context = ctxt
        self.offset = first
    }

    deinit {
        xmlFreeParserCtxt(context)
    }

    var nodeType: XMLStream.Node { current.kind }
    var depth: Int { Int(current.depth) }
    var isEmptyElement: Bool { current.isEmpty }
    var inWordNamespace: Bool { current.inWord }
    var localName: String { current.name >= 0 ? collector.names[Int(current.name)] : "" }

    func skipCurrent() { skipPending = true }

    /// Advances to the next node; false at the end. Throws on malformed XML or a refused construct.
    func read() throws(ReadError) -> Bool {
        let skip = skipPending && current.kind == .element && !current.isEmpty
        skipPending = false
        if skip {
            // Like `xmlTextReaderNext`: past the end tag of the current element.
            let d = current.depth
            while try advance() {
                if current.kind == .endElement && current.depth == d { break }
            }
            if current.kind != .endElement || current.depth != d { return false }
        }
        return try advance()
    }

    private func advance() throws(ReadError) -> Bool {
        cursor += 1
        while cursor >= collector.events.count {
            if finished { current.kind = .none; return false }
            try refill()
        }
        current = collector.events[cursor]
        return true
    }

    /// Pushes the next chunk as `xmlTextReaderPushData` does (512 bytes, then the rest, then the
    /// end), after dropping the events already read.
    private func refill() throws(ReadError) {
        collector.reset()
        cursor = 0
        let n = data.count
        let size: Int, terminate: Int32
        if offset + Self.chunk <= n { size = Self.chunk; terminate = 0 }
        else if offset < n { size = n - offset; terminate = 0 }
        else { size = 0; terminate = 1; finished = true }
        let start = offset
        let rc = data.withUnsafeBytes { raw in
            xmlParseChunk(context, raw.baseAddress.map { $0.advanced(by: start).assumingMemoryBound(to: CChar.self) }, Int32(size), terminate)
        }
        offset += size
        if let refusal = collector.refusal {
            finished = true; collector.reset()
            xmlResetLastError()
            throw ReadError("\(part): \(refusal)")
        }
        if rc != 0 || context.pointee.wellFormed == 0 {
            finished = true; collector.reset()
            throw ReadError("\(part): malformed XML: \(XMLSafety.lastError("parse error"))")
        }
    }

    /// An attribute of the current element by local name (any namespace), as `XMLStream` finds it.
    func attribute(_ local: String) -> String? {
        guard current.kind == .element else { return nil }
        let attrs = collector.attributes
        for k in Int(current.start)..<Int(current.start + current.count) {
            let a = attrs[k]
            if Self.equals(a.name, local) {
                return collector.value(a)
            }
        }
        return nil
    }

    /// Whether the C string `p` (nil meaning "xmlns", a default namespace declaration) is `s`.
    private static func equals(_ p: UnsafePointer<xmlChar>?, _ s: String) -> Bool {
        guard let p else { return s == "xmlns" }
        var i = 0
        for b in s.utf8 {
            if p[i] != b { return false }
            i += 1
        }
        return p[i] == 0
    }

    /// Reads the text content of the current element and leaves the stream on its end tag.
    func textContent() throws(ReadError) -> String {
        if isEmptyElement { return "" }
        let start = current.depth
        scratch.removeAll(keepingCapacity: true)
        while try read() {
            switch current.kind {
            case .text:
                let s = Int(current.start)
                scratch.append(contentsOf: collector.bytes[s..<(s + Int(current.count))])
            case .endElement where current.depth == start:
                return String(decoding: scratch, as: UTF8.self)
            default: break
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}

/// One node as the SAX callbacks saw it. For an element `start`/`count` index its attributes in
/// `SAXCollector.attributes`; for text, its bytes in `SAXCollector.bytes`.
struct SAXEvent {
    var kind: XMLStream.Node
    var isEmpty: Bool
    var inWord: Bool
    var depth: Int32
    var name: Int32
    var start: Int32
    var count: Int32
}

/// An attribute (or namespace declaration) of an element: its local name as libxml2's
/// dictionary holds it (nil for `xmlns`) and its value's bytes in `SAXCollector.bytes`.
struct SAXAttribute {
    var name: UnsafePointer<xmlChar>?
    var start: Int32
    var count: Int32
}

/// The SAX callbacks' state: the events of the chunk being read, and what outlives chunks (open
/// element count, interned names). Names and namespace URIs come from the parser context's
/// dictionary, which lives as long as the context and never moves or frees a string: a pointer
/// stands for its string.
final class SAXCollector {
    @exclusivity(unchecked) var events: [SAXEvent] = []
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var attributes: [SAXAttribute] = []
    @exclusivity(unchecked) var names: [String] = []
    @exclusivity(unchecked) private var nameIndex: [UnsafeRawPointer: Int32] = [:]
    /// A direct-mapped cache in front of `nameIndex` (a few dozen names make up a part).
    @exclusivity(unchecked) private var recent = [(key: UnsafeRawPointer?, index: Int32)](repeating: (nil, -1), count: 256)
    @exclusivity(unchecked) private var level: Int32 = 0
    @exclusivity(unchecked) private var suppressEnd = false
    /// Bytes of the text node being read (consecutive character data).
    @exclusivity(unchecked) private var textLength = 0
    @exclusivity(unchecked) private var lastURI: UnsafePointer<xmlChar>?
    @exclusivity(unchecked) private var lastURIIsWord = false
    var context: xmlParserCtxtPtr?
    /// Set when a callback refuses the input (the message, without the part name).
    @exclusivity(unchecked) var refusal: String?

    /// libxml2 without `XML_PARSE_HUGE`: the tree builder's cap on one text node.
    static let maxTextNode = 10_000_000
    /// libxml2's `xmlParserMaxDepth` (a C global, read here as its default value).
    static let maxDepth: Int32 = 256

    func reset() {
        events.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        attributes.removeAll(keepingCapacity: true)
    }

    private func refuse(_ message: String) {
        if refusal == nil { refusal = message }
        if let context { xmlStopParser(context) }
    }

    private func intern(_ p: UnsafePointer<xmlChar>?) -> Int32 {
        guard let p else { return -1 }
        let key = UnsafeRawPointer(p)
        let slot = Int(UInt(bitPattern: key) >> 3 & 0xFF)
        if recent[slot].key == key { return recent[slot].index }
        let i: Int32
        if let known = nameIndex[key] {
            i = known
        } else {
            i = Int32(names.count)
            names.append(String(cString: p))
            nameIndex[key] = i
        }
        recent[slot] = (key, i)
        return i
    }

    /// The name the reader's tree gives a node: its local name, or `prefix:local` when the prefix
    /// is not declared (libxml2's tree builder keeps the QName then, from the same dictionary).
    private func nodeName(_ local: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?) -> UnsafePointer<xmlChar>? {
        guard let prefix, uri == nil, let dict = context?.pointee.dict, let q = xmlDictQLookup(dict, prefix, local) else { return local }
        return q
    }

    private func isWord(_ uri: UnsafePointer<xmlChar>?) -> Bool {
        guard let uri else { return false }
        if uri == lastURI { return lastURIIsWord }
        let s = String(cString: uri)
        let word = s == WordNamespaces.main || s == WordNamespaces.strict || s == WordNamespaces.word2003
        lastURI = uri; lastURIIsWord = word
        return word
    }

    private func appendBytes(_ p: UnsafePointer<xmlChar>, _ n: Int) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
    }

    /// The attribute's value as `xmlTextReaderConstValue` gives it. Without entity substitution
    /// libxml2 hands SAX an `&` of an attribute value as `&#38;` (for the tree builder to
    /// re-parse); no other `&` can be in the value, so each `&#38;` is one `&`.
    func value(_ a: SAXAttribute) -> String {
        let s = Int(a.start), e = s + Int(a.count)
        let v = bytes[s..<e]
        guard v.contains(0x26) else { return String(decoding: v, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(v.count)
        var i = s
        while i < e {
            if bytes[i] == 0x26, i + 4 < e, bytes[i + 1] == 0x23, bytes[i + 2] == 0x33, bytes[i + 3] == 0x38, bytes[i + 4] == 0x3B {
                out.append(0x26); i += 5
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func startElement(_ localname: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?,
                      _ nbNamespaces: Int32, _ namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
                      _ nbAttributes: Int32, _ attrs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard refusal == nil else { return }
        // The tree builder's `nodePush` refuses an element opened below xmlParserMaxDepth others.
        if level > Self.maxDepth {
            let line = Int(context?.pointee.input?.pointee.line ?? 0)
            refuse("malformed XML: Excessive depth in document: \(Self.maxDepth) use XML_PARSE_HUGE option" + (line > 0 ? " (line \(line))" : ""))
            return
        }
        textLength = 0
        let first = Int32(attributes.count)
        // Namespace declarations first, then attributes: `xmlTextReaderMoveToFirstAttribute`'s order.
        if let namespaces {
            for k in 0..<Int(nbNamespaces) {
                let uriValue = namespaces[2 * k + 1]
                let n = uriValue.map { strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? 0
                let s = Int32(bytes.count)
                if let uriValue { appendBytes(uriValue, n) }
                attributes.append(SAXAttribute(name: namespaces[2 * k], start: s, count: Int32(n)))
            }
        }
        if let attrs {
            for k in 0..<Int(nbAttributes) {
                let s = Int32(bytes.count)
                var n = 0
                if let b = attrs[5 * k + 3], let e = attrs[5 * k + 4] {
                    n = b.distance(to: e)
                    appendBytes(b, n)
                }
                attributes.append(SAXAttribute(name: nodeName(attrs[5 * k], attrs[5 * k + 1], attrs[5 * k + 2]), start: s, count: Int32(n)))
            }
        }
        // `xmlTextReaderStartElementNs`' test for `<x/>`: the input stands on "/>".
        var empty = false
        if let cur = context?.pointee.input?.pointee.cur, cur[0] == 0x2F, cur[1] == 0x3E { empty = true }
        events.append(SAXEvent(kind: .element, isEmpty: empty, inWord: isWord(uri), depth: level, name: intern(nodeName(localname, prefix, uri)),
                               start: first, count: Int32(attributes.count) - first))
        level += 1
        suppressEnd = empty
    }

    func endElement(_ localname: UnsafePointer<xmlChar>?, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?) {
        guard refusal == nil else { return }
        textLength = 0
        level -= 1
        // The reader reports no end tag for an empty element.
        if suppressEnd { suppressEnd = false; return }
        events.append(SAXEvent(kind: .endElement, isEmpty: false, inWord: isWord(uri), depth: level, name: intern(nodeName(localname, prefix, uri)), start: 0, count: 0))
    }

    func characters(_ p: UnsafePointer<xmlChar>?, _ len: Int32) {
        guard refusal == nil, let p, len > 0 else { return }
        textLength += Int(len)
        if textLength > Self.maxTextNode {
            // xmlSAX2Text's message for the same cap (raised without a line).
            refuse("malformed XML: Memory allocation failed : xmlSAX2Characters: huge text node")
            return
        }
        let s = Int32(bytes.count)
        appendBytes(p, Int(len))
        // Consecutive character data is one text node, as in the reader's tree.
        if let last = events.last, last.kind == .text, last.start + last.count == s {
            events[events.count - 1].count += len
        } else {
            events.append(SAXEvent(kind: .text, isEmpty: false, inWord: false, depth: level, name: -1, start: s, count: len))
        }
    }

    func refuseDeclarations() {
        refuse("XML with entity or DOCTYPE declarations is refused")
    }

    /// The callbacks: elements, character data, CDATA; every DTD and entity callback refuses.
    static func handler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { ctx, localname, prefix, uri, nbNs, ns, nbAttrs, _, attrs in
            SAXCollector.me(ctx)?.startElement(localname, prefix, uri, nbNs, ns, nbAttrs, attrs)
        }
        h.endElementNs = { ctx, localname, prefix, uri in SAXCollector.me(ctx)?.endElement(localname, prefix, uri) }
        h.characters = { ctx, ch, len in SAXCollector.me(ctx)?.characters(ch, len) }
        h.ignorableWhitespace = { ctx, ch, len in SAXCollector.me(ctx)?.characters(ch, len) }
        h.cdataBlock = { ctx, ch, len in SAXCollector.me(ctx)?.characters(ch, len) }
        h.reference = { ctx, _ in SAXCollector.me(ctx)?.refuseDeclarations() }
        h.internalSubset = { ctx, _, _, _ in SAXCollector.me(ctx)?.refuseDeclarations() }
        h.externalSubset = { ctx, _, _, _ in SAXCollector.me(ctx)?.refuseDeclarations() }
        h.entityDecl = { ctx, _, _, _, _, _ in SAXCollector.me(ctx)?.refuseDeclarations() }
        h.unparsedEntityDecl = { ctx, _, _, _, _ in SAXCollector.me(ctx)?.refuseDeclarations() }
        return h
    }

    /// The collector a callback's user data points to (passed unretained: the stream owns it).
    private static func me(_ ctx: UnsafeMutableRawPointer?) -> SAXCollector? {
        ctx.map { Unmanaged<SAXCollector>.fromOpaque($0).takeUnretainedValue() }
    }
}
