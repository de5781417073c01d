import Foundation
import CLibXML2

/// A run of SAX events handed from the parser to `SAXStream`: the events with the bytes and
/// attributes they index, the names interned since the batch before, and whether the part ends
/// (or failed) after these events.
struct SAXBatch: @unchecked Sendable {
    // Unchecked: `SAXAttribute.name` points into the parser context's dictionary, which lives
    // (unchanged, never freed) until `SAXProducer.finish()`, after every batch has been read.
    var events: [SAXEvent] = []
    var bytes: [UInt8] = []
    var attributes: [SAXAttribute] = []
    var names: [String] = []
    /// The part's error, raised after this batch's events (the failing chunk's events are not in it).
    var failure: ReadError?
    var isLast = false

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
}

/// Runs libxml2's SAX2 push parser over one part and cuts its events into batches, either on the
/// reader's thread as it asks (`threaded: false`) or on a thread of its own that stays at most
/// `ahead` batches ahead of the reader. libxml2's last error is per thread: a failure is put into
/// words on the thread that parsed.
final class SAXProducer: @unchecked Sendable {
    // Unchecked: the parser state (`context`, `collector`, `offset`, `done`) is touched only by
    // the parsing thread (or, unthreaded, by the reader); the queue only under `lock`. For the
    // same reason the dynamic exclusivity checks are left out (no access overlaps another).
    private let bytes: PartBytes
    private let part: String
    private let collector: SAXCollector
    private let context: xmlParserCtxtPtr
    @exclusivity(unchecked) private var offset = 0
    @exclusivity(unchecked) private var done = false
    @exclusivity(unchecked) private var namesSent = 0

    private let lock = NSCondition()
    @exclusivity(unchecked) private var queue: [SAXBatch] = []
    @exclusivity(unchecked) private var spare: [SAXBatch] = []
    @exclusivity(unchecked) private var stopped = false
    @exclusivity(unchecked) private var running = false
    private let threaded: Bool

    /// The reader's chunk size: the same chunks fail with the same message.
    private static let chunk = 512
    /// A batch closes after the chunk that brings it to this many events (≈ 400 KB of events).
    private static let batchEvents = 16_384
    private static let ahead = 3

    init(_ bytes: PartBytes, part: String, threaded: Bool) throws(ReadError) {
        XMLSafety.prepareThread()
        self.bytes = bytes
        self.part = part
        self.threaded = threaded
        let collector = SAXCollector()
        self.collector = collector
        var handler = SAXCollector.handler()
        let first = min(4, bytes.wait(for: 4).available) == 4 ? 4 : 0
        let ctxt: xmlParserCtxtPtr? = bytes.withBytes(0..<first) { raw in
            xmlCreatePushParserCtxt(&handler, Unmanaged.passUnretained(collector).toOpaque(),
                                    raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(first), part)
        }
        guard let ctxt else { throw ReadError("\(part): XML parser could not start") }
        _ = xmlCtxtUseOptions(ctxt, XMLSafety.parseOptions)
        collector.context = ctxt
        self.context = ctxt
        self.offset = first
        if threaded {
            running = true
            let thread = Thread { [self] in self.run() }
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// Stops the parsing thread (if any) and the inflater (if any), and frees the parser; called
    /// once, when the reader is done.
    func finish() {
        defer { bytes.cancel() }
        if threaded {
            lock.lock()
            stopped = true
            lock.broadcast()
            while running { lock.wait() }
            lock.unlock()
        }
        xmlFreeParserCtxt(context)
    }

    /// Replaces `b`, the batch the reader has finished with, by the next one (waiting for the
    /// parsing thread when it has none ready); the spent batch's storage is used again.
    func next(into b: inout SAXBatch) {
        guard threaded else { fill(&b); return }
        lock.lock()
        defer { lock.unlock() }
        while queue.isEmpty { lock.wait() }
        var ready = queue.removeFirst()
        swap(&ready, &b)
        if spare.count < 2 { spare.append(ready) }
        lock.broadcast()
    }

    private func run() {
        var b = SAXBatch()
        while true {
            fill(&b)
            lock.lock()
            while queue.count >= Self.ahead && !stopped { lock.wait() }
            if stopped { break }
            queue.append(b)
            lock.broadcast()
            if b.isLast { break }
            b = spare.popLast() ?? SAXBatch()
            lock.unlock()
        }
        // Leaves holding the lock.
        running = false
        lock.broadcast()
        lock.unlock()
    }

    /// Parses chunks into `b` (emptied first, its storage kept) until it holds a batch's worth of
    /// events, or the part ends or fails.
    private func fill(_ b: inout SAXBatch) {
        exchangeBuffers(&b)
        collector.events.removeAll(keepingCapacity: true)
        collector.bytes.removeAll(keepingCapacity: true)
        collector.attributes.removeAll(keepingCapacity: true)
        b.failure = nil
        while !done && collector.events.count < Self.batchEvents {
            if let failure = pushChunk() { b.failure = failure }
        }
        // `pushChunk` marks the part done at its end and on a failure.
        b.isLast = done
        exchangeBuffers(&b)
        b.names = Array(collector.names[namesSent...])
        namesSent = collector.names.count
    }

    /// Trades the collector's event buffers for the batch's (each side keeps the other's storage).
    private func exchangeBuffers(_ b: inout SAXBatch) {
        swap(&collector.events, &b.events)
        swap(&collector.bytes, &b.bytes)
        swap(&collector.attributes, &b.attributes)
    }

    /// Pushes the next chunk as `xmlTextReaderPushData` does (512 bytes, then the rest, then the
    /// end). On failure the chunk's events are dropped and the error returned. The bytes of a part
    /// still being inflated are waited for; a part whose inflating failed fails with that (its
    /// ZIP error comes first, as if it had been inflated before parsing).
    private func pushChunk() -> ReadError? {
        let mark = (collector.events.count, collector.bytes.count, collector.attributes.count)
        collector.chunkStart = mark.0
        let (n, ended) = bytes.wait(for: offset + Self.chunk)
        if ended && offset + Self.chunk > n, let zipFailure = bytes.endFailure() {
            done = true
            return zipFailure
        }
        let size: Int, terminate: Int32
        if offset + Self.chunk <= n { size = Self.chunk; terminate = 0 }
        else if offset < n { size = n - offset; terminate = 0 }
        else { size = 0; terminate = 1; done = true }
        let start = offset
        // The chunks of a threaded part are pushed from its own thread: silence it too.
        accord_xmlSilenceThread()
        let rc = bytes.withBytes(start..<(start + size)) { raw in
            xmlParseChunk(context, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(size), terminate)
        }
        offset += size
        var failure: ReadError?
        if let refusal = collector.refusal {
            xmlResetLastError()
            failure = ReadError("\(part): \(refusal)")
        } else if rc != 0 || context.pointee.wellFormed == 0 {
            failure = ReadError("\(part): malformed XML: \(XMLSafety.lastError("parse error"))")
        }
        if failure != nil, let zipFailure = bytes.endFailure() { failure = zipFailure }
        guard let failure else { return nil }
        done = true
        collector.events.removeSubrange(mark.0...)
        collector.bytes.removeSubrange(mark.1...)
        collector.attributes.removeSubrange(mark.2...)
        return failure
    }
}
