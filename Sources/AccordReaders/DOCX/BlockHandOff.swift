import Foundation

/// A `WBlockSink` run on a thread of its own: the parser's calls are queued in order, in batches,
/// and replayed there on the sink it was given, so the parser (`WordMLParser` over `SAXStream`)
/// and the sink's own work (for the body, `WordBodyConverter`: list labels, cleaning, tables on
/// their grid) run on two cores, with libxml2 on a third thread. The sink sees exactly the calls,
/// in exactly the order, it would have seen on the parser's thread, so what it builds is the same.
/// At most `ahead` batches wait, so memory stays bounded when the sink is the slower side.
///
/// `finish()` must be called once, after the parser is done or has failed: it hands over the
/// last batch, waits for the thread and gives the sink back.
final class BlockHandOff<S: WBlockSink & SendableMetatype>: @unchecked Sendable {
    // Unchecked: `sink` is touched only by the replaying thread until `finish()` has waited for
    // it to end; the queue and flags only under `lock`.
    enum Call: Sendable {
        case paragraph(WParagraph)
        case beginTable(index: Int, firstParagraph: Int)
        case row(WRow)
        case endTable
    }

    /// Calls per batch: a few dozen table rows, a millisecond or so of the body converter's work.
    static var batchCalls: Int { 64 }
    private static var ahead: Int { 8 }

    private let lock = NSCondition()
    private var queue: [[Call]] = []
    private var closed = false
    private var running = true
    private var sink: S

    init(_ sink: S) {
        self.sink = sink
        let thread = Thread { [self] in replay() }
        thread.start()
    }

    /// The parser's side: a sink that queues its calls for the replaying thread.
    var front: Front { Front(self) }

    struct Front: WBlockSink {
        fileprivate let owner: BlockHandOff
        fileprivate var batch: [Call] = []
        fileprivate init(_ owner: BlockHandOff) {
            self.owner = owner
            batch.reserveCapacity(BlockHandOff.batchCalls)
        }
        mutating func paragraph(_ p: WParagraph) { add(.paragraph(p)) }
        mutating func beginTable(index: Int, firstParagraph: Int) { add(.beginTable(index: index, firstParagraph: firstParagraph)) }
        mutating func row(_ r: WRow) { add(.row(r)) }
        mutating func endTable() { add(.endTable) }

        private mutating func add(_ c: Call) {
            batch.append(c)
            if batch.count >= BlockHandOff.batchCalls {
                owner.enqueue(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
    }

    private func enqueue(_ calls: [Call]) {
        lock.lock()
        while queue.count >= Self.ahead { lock.wait() }
        queue.append(calls)
        lock.broadcast()
        lock.unlock()
    }

    /// Hands over `front`'s last calls, waits for every call to be replayed, and returns the sink.
    func finish(_ front: Front) -> S {
        lock.lock()
        if !front.batch.isEmpty { queue.append(front.batch) }
        closed = true
        lock.broadcast()
        while running { lock.wait() }
        lock.unlock()
        return sink
    }

    private func replay() {
        while true {
            lock.lock()
            while queue.isEmpty && !closed { lock.wait() }
            if queue.isEmpty {
                running = false
                lock.broadcast()
                lock.unlock()
                return
            }
            let calls = queue.removeFirst()
            lock.broadcast()
            lock.unlock()
            for c in calls {
                switch c {
                case .paragraph(let p): sink.paragraph(p)
                case .beginTable(let index, let first): sink.beginTable(index: index, firstParagraph: first)
                case .row(let r): sink.row(r)
                case .endTable: sink.endTable()
                }
            }
        }
    }
}
