import Foundation
import CLibXML2

/// The SAX callbacks' state: the events of the batch being filled (`SAXProducer` takes them
/// away), and what outlives batches (open element count, interned names). Names and namespace URIs come from the parser context's
/// dictionary, which lives as long as the context and never moves or frees a string: a pointer
/// stands for its string.
final class SAXCollector {
    @exclusivity(unchecked) var events: [SAXEvent] = []
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var attributes: [SAXAttribute] = []
    @exclusivity(unchecked) var names: [String] = []
    @exclusivity(unchecked) private var nameIndex: [UnsafeRawPointer: Int32] = [:]
    /// A direct-mapped cache in front of `nameIndex` (a few dozen names make up a part).
    @exclusivity(unchecked) private var recent = [(key: UnsafeRawPointer?, index: Int32)](repeating: (nil, -1), count: 1024)
    @exclusivity(unchecked) private var level: Int32 = 0
    @exclusivity(unchecked) private var suppressEnd = false
    /// Bytes of the text node being read (consecutive character data).
    @exclusivity(unchecked) private var textLength = 0
    @exclusivity(unchecked) private var lastURI: UnsafePointer<xmlChar>?
    @exclusivity(unchecked) private var lastURIIsWord = false
    @exclusivity(unchecked) var context: xmlParserCtxtPtr?
    /// Set when a callback refuses the input (the message, without the part name).
    @exclusivity(unchecked) var refusal: String?
    /// Index of the first event of the chunk being parsed: a text node is never continued from an
    /// earlier chunk (the reader, fed chunk by chunk, gives a text cut by a chunk end as two nodes).
    @exclusivity(unchecked) var chunkStart = 0

    /// libxml2 without `XML_PARSE_HUGE`: the tree builder's cap on one text node.
    static let maxTextNode = 10_000_000
    /// libxml2's `xmlParserMaxDepth` (a C global, read here as its default value).
    static let maxDepth: Int32 = 256

    private func refuse(_ message: String) {
        if refusal == nil { refusal = message }
        if let context { xmlStopParser(context) }
    }

    private func intern(_ p: UnsafePointer<xmlChar>?) -> Int32 {
        guard let p else { return -1 }
        let key = UnsafeRawPointer(p)
        // libxml2's dictionary packs its strings one after the other (not aligned), so the low
        // bits tell nearby names apart; the names of a part fit in a few hundred bytes.
        let slot = Int(UInt(bitPattern: key) & 0x3FF)
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
        if events.count > chunkStart, let last = events.last, last.kind == .text, last.start + last.count == s {
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
            SAXCollector.with(ctx) { $0.startElement(localname, prefix, uri, nbNs, ns, nbAttrs, attrs) }
        }
        h.endElementNs = { ctx, localname, prefix, uri in SAXCollector.with(ctx) { $0.endElement(localname, prefix, uri) } }
        h.characters = { ctx, ch, len in SAXCollector.with(ctx) { $0.characters(ch, len) } }
        h.ignorableWhitespace = { ctx, ch, len in SAXCollector.with(ctx) { $0.characters(ch, len) } }
        h.cdataBlock = { ctx, ch, len in SAXCollector.with(ctx) { $0.characters(ch, len) } }
        h.reference = { ctx, _ in SAXCollector.with(ctx) { $0.refuseDeclarations() } }
        h.internalSubset = { ctx, _, _, _ in SAXCollector.with(ctx) { $0.refuseDeclarations() } }
        h.externalSubset = { ctx, _, _, _ in SAXCollector.with(ctx) { $0.refuseDeclarations() } }
        h.entityDecl = { ctx, _, _, _, _, _ in SAXCollector.with(ctx) { $0.refuseDeclarations() } }
        h.unparsedEntityDecl = { ctx, _, _, _, _ in SAXCollector.with(ctx) { $0.refuseDeclarations() } }
        return h
    }

    /// Calls `body` with the collector a callback's user data points to (passed unretained: the
    /// producer owns it for as long as the parser runs), without retaining and releasing it on
    /// every callback — a visible cost at one callback per XML node.
    @inline(__always)
    private static func with(_ ctx: UnsafeMutableRawPointer?, _ body: (SAXCollector) -> Void) {
        guard let ctx else { return }
        Unmanaged<SAXCollector>.fromOpaque(ctx)._withUnsafeGuaranteedRef(body)
    }
}
