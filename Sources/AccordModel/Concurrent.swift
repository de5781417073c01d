import Foundation

/// Independent pieces of work run on the machine's cores, results in index order.
public enum Concurrent {
    /// How many pieces a job of `units` equal units is worth splitting into: one per core, none
    /// smaller than `minimum` units (below that, a thread costs more than it saves).
    public static func pieces(_ units: Int, minimum: Int) -> Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, units / max(1, minimum)))
    }

    /// `body(0) … body(count - 1)`, concurrently when `count > 1`; the results in index order.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if count <= 1 { return (0..<count).map(body) }
        let results = Results<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in results.store(i, body(i)) }
        return results.all()
    }

    /// One slot per piece, each written once by the thread that computed it.
    private final class Results<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [T?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func store(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
        func all() -> [T] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
    }
}
