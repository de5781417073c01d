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
/// to a batch (`SAXProducer`), which `read()` drains. A large part is parsed on a thread of its
/// own a few batches ahead of the reader (memory stays bounded), so libxml2 and the caller's
/// work on the nodes run on two cores; a small part is parsed on the caller's thread as it reads.
/// It answers as `XMLStream` does, node for node: elements and end tags at the reader's depths,
/// no end tag after an empty element (`<x/>`, told apart from `<x></x>` the way the reader
/// does), text (character data, CDATA, white space) as `.text`, attributes in the reader's order
/// (namespace declarations first). The input is pushed in the reader's chunks (4 bytes, then 512)
/// and a chunk's failure is checked as the reader checks it, so a malformed part fails with the
/// same libxml2 message, after the nodes of the chunks before it.
///
/// Safety is `XMLStream`'s: the same parser options (`XMLSafety.parseOptions`: no network, no
/// entity substitution, no DTD loading), DOCTYPE prologs refused before parsing, any entity or
/// DTD declaration callback refused. Two limits the reader's tree builder enforces are enforced
/// here with its messages: the nesting depth (`xmlParserMaxDepth`, 256) and 10 MB per text node.
final class SAXStream: XMLPullSource {
    let part: String
    private let producer: SAXProducer
    // The stream's stored properties are read or written once or twice per XML node; no access
    // to them ever overlaps another (no inout or borrow spans a call that could reach them), so
    // the dynamic exclusivity checks, a visible cost here, are left out.
    /// The batch being read, and the names its events index (all names interned so far).
    @exclusivity(unchecked) private var batch = SAXBatch()
    @exclusivity(unchecked) private var names: [String] = []
    @exclusivity(unchecked) private var finished = false
    /// Index of the current event in `batch.events` (-1 before the first).
    @exclusivity(unchecked) private var cursor = -1
    @exclusivity(unchecked) private var current = SAXEvent(kind: .none, isEmpty: false, inWord: false, depth: 0, name: -1, start: 0, count: 0)
    @exclusivity(unchecked) private var skipPending = false
    @exclusivity(unchecked) private var scratch: [UInt8] = []

    /// Parts at least this large are parsed on a thread of their own.
    static let threadedFrom = 256 * 1024

    convenience init(_ data: Data, part: String) throws(ReadError) {
        try self.init(PartBytes(data: data), part: part)
    }

    /// Over a part that may still be arriving (`ZipPackage.streamPart`); its prolog is checked as
    /// soon as enough of it is there.
    init(_ bytes: PartBytes, part: String) throws(ReadError) {
        do throws(ReadError) {
            var wanted = 4096
            while true {
                let (n, ended) = bytes.wait(for: wanted)
                let doctype = bytes.withBytes(0..<n) { XMLSafety.prologDeclaresDoctype($0, complete: ended) }
                if doctype == true {
                    throw ReadError("\(part): XML with a DOCTYPE declaration (entities and external DTDs are refused)")
                }
                if doctype == false { break }
                wanted = n * 2
            }
            guard bytes.capacity < Int(Int32.max) else { throw ReadError("\(part): XML part too large") }
        } catch {
            // A part that fails to inflate fails with its ZIP error, whatever its first bytes say
            // (as if it had been inflated whole before it was parsed).
            throw bytes.endFailure() ?? error
        }
        self.part = part
        self.producer = try SAXProducer(bytes, part: part, threaded: bytes.capacity >= Self.threadedFrom)
    }

    deinit {
        producer.finish()
    }

    var nodeType: XMLStream.Node { current.kind }
    var depth: Int { Int(current.depth) }
    var isEmptyElement: Bool { current.isEmpty }
    var inWordNamespace: Bool { current.inWord }
    var localName: String { current.name >= 0 ? names[Int(current.name)] : "" }

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

    @inline(__always)
    private func advance() throws(ReadError) -> Bool {
        cursor += 1
        if cursor >= batch.events.count {
            guard try refill() else { return false }
        }
        current = batch.events[cursor]
        return true
    }

    /// Moves to the next batch with events (false at the end); raises the part's failure once its
    /// batch's events have all been read. Kept out of `advance`, which runs once per node.
    @inline(never)
    private func refill() throws(ReadError) -> Bool {
        while cursor >= batch.events.count {
            if let failure = batch.failure {
                finished = true
                batch.failure = nil
                throw failure
            }
            if finished { current.kind = .none; return false }
            producer.next(into: &batch)
            names += batch.names
            finished = batch.isLast
            cursor = 0
        }
        return true
    }

    /// An attribute of the current element by local name (any namespace), as `XMLStream` finds it.
    func attribute(_ local: String) -> String? {
        guard current.kind == .element else { return nil }
        for k in Int(current.start)..<Int(current.start + current.count) {
            let a = batch.attributes[k]
            if Self.equals(a.name, local) {
                return batch.value(a)
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
                scratch.append(contentsOf: batch.bytes[s..<(s + Int(current.count))])
            case .endElement where current.depth == start:
                return String(decoding: scratch, as: UTF8.self)
            default: break
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}

/// One node as the SAX callbacks saw it. For an element `start`/`count` index its attributes in
/// its batch's `attributes`; for text, its bytes in the batch's `bytes`.
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
/// dictionary holds it (nil for `xmlns`) and its value's bytes in its batch's `bytes`.
struct SAXAttribute {
    var name: UnsafePointer<xmlChar>?
    var start: Int32
    var count: Int32
}

