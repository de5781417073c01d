import Foundation

/// The bytes of one package part as the SAX parser reads them: all there already (`init(data:)`),
/// or arriving from `ZipPackage.streamPart`'s inflater on another thread, so that a large part is
/// parsed while the rest of it is still being inflated. The parser asks for a prefix of a given
/// length and waits until it has arrived (or the part has ended, maybe shorter, maybe failed).
final class PartBytes: @unchecked Sendable {
    // Unchecked: `available`, `ended`, `failure` and `cancelled` are touched only under
    // `condition`; the bytes below `available` are written before `available` passes them (under
    // the lock) and never written again, so a reader that has seen `available` reads them freely.
    private let data: Data?
    private let buffer: UnsafeMutableRawBufferPointer?
    private let condition = NSCondition()
    private var available: Int
    private var ended: Bool
    private var failure: ReadError?
    private var cancelled = false
    /// An upper bound of the part's length: its length, or the size its ZIP entry declares.
    let capacity: Int

    /// A part already in memory.
    init(data: Data) {
        self.data = data
        buffer = nil
        available = data.count
        ended = true
        capacity = data.count
    }

    /// A part of (at most) `capacity` bytes, to be filled by `append` and closed by `end`.
    init(streamingUpTo capacity: Int) {
        data = nil
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, capacity), alignment: 16)
        available = 0
        ended = false
        self.capacity = capacity
    }

    deinit { buffer?.deallocate() }

    // MARK: the inflater's side

    /// Stores the next bytes (those past `capacity` are dropped: the part then fails its size
    /// check at the end). False once the reader has gone: the inflater should stop.
    func append(_ chunk: Data) -> Bool {
        condition.lock()
        let at = available, stop = cancelled
        condition.unlock()
        if stop { return false }
        let n = min(chunk.count, capacity - at)
        if n > 0, let buffer {
            chunk.withUnsafeBytes { src in
                guard let s = src.baseAddress, let d = buffer.baseAddress else { return }
                (d + at).copyMemory(from: s, byteCount: n)
            }
        }
        condition.lock()
        available = at + n
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// The part is complete, or failed (`failure`).
    func end(_ failure: ReadError?) {
        condition.lock()
        self.failure = failure
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    // MARK: the parser's side

    /// Waits until at least `count` bytes are there or the part has ended; how many are there,
    /// and whether that is all.
    func wait(for count: Int) -> (available: Int, ended: Bool) {
        condition.lock()
        defer { condition.unlock() }
        while available < count && !ended { condition.wait() }
        return (available, ended)
    }

    /// Waits for the end of the part; its failure, if it failed.
    func endFailure() -> ReadError? {
        condition.lock()
        defer { condition.unlock() }
        while !ended { condition.wait() }
        return failure
    }

    /// The reader is done (perhaps early): the inflater is told to stop, and this waits until it
    /// has, so that nothing touches the package after the reader has moved on.
    func cancel() {
        condition.lock()
        cancelled = true
        while !ended { condition.wait() }
        condition.unlock()
    }

    /// `body` over bytes `range` (all of them already there: see `wait`).
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let data {
            return data.withUnsafeBytes { raw in body(UnsafeRawBufferPointer(rebasing: raw[range])) }
        }
        guard let buffer else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        return body(UnsafeRawBufferPointer(rebasing: buffer[range]))
    }
}
