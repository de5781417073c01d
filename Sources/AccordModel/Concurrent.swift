import Foundation

/// Independent pieces of work run on the machine's cores, results in index order.
public enum Concurrent {
    /// How many pieces a job of `units` units is worth splitting into: `perCore` per core, none
    /// smaller than `minimum` units (below that, a thread costs more than it saves). Units that
    /// cost unequal amounts are split into several pieces per core: `map` hands the pieces out
    /// one at a time as cores come free, so no core waits long for another's last piece.
    public static func pieces(_ units: Int, minimum: Int, perCore: Int = 1) -> Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount * max(1, perCore), units / max(1, minimum)))
    }

    /// `body(0) … body(count - 1)`, concurrently when `count > 1`; the results in index order.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if count <= 1 { return (0..<count).map(body) }
        let results = Results<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in results.store(i, body(i)) }
        return results.all()
    }

    /// `side()` on a thread of its own while `main()` runs on the caller's; both results. For two
    /// independent jobs of which `main` may itself run `map`: a `map` inside another `map` would
    /// run its pieces one after another.
    public static func beside<A: Sendable, B>(_ side: @escaping @Sendable () -> A, _ main: () -> B) -> (A, B) {
        let a = Pending(computing: side)
        let b = main()
        return (a.value, b)
    }

    /// Lets go of `value` on a thread of its own. Freeing a large document is tens of milliseconds
    /// of work, one object after another: this way it runs beside the caller's next steps instead
    /// of before them, and a process that exits first skips it (the system takes its memory back
    /// whole). Pass the caller's only copy (`consume`), or the memory is freed where that copy ends.
    public static func discard<T>(_ value: consuming T) {
        let box = Discarded(value)
        Thread.detachNewThread { box.value = nil }
    }

    private final class Discarded<T>: @unchecked Sendable {
        // Unchecked: handed over whole; only the discarding thread touches it after.
        var value: T?
        init(_ value: consuming T) { self.value = value }
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

/// A value computed on a thread of its own (or known from the start); `value` waits for it.
public final class Pending<T: Sendable>: @unchecked Sendable {
    // Unchecked: `result` is written once, under `condition`, and read under it.
    private let condition = NSCondition()
    private var result: T?

    public init(known: T) { result = known }

    /// Starts `compute` on a thread of its own.
    public init(computing compute: @escaping @Sendable () -> T) {
        Thread { [self] in
            let v = compute()
            condition.lock()
            result = v
            condition.broadcast()
            condition.unlock()
        }.start()
    }

    public var value: T { waited { $0 } }

    /// `value`, moved out: this object keeps no copy of it (so the caller alone decides where a
    /// large value is freed). Call it once; `value` is not to be asked after.
    public func take() -> T { waited { $0.take() } }

    /// Waits for the result, then reads it with `read` (under the lock).
    private func waited(_ read: (inout T?) -> T?) -> T {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let v = read(&result) { return v }
            condition.wait()
        }
    }
}
