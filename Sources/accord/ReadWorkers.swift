import Foundation
import AccordReaders
import AccordOCR
#if canImport(Glibc)
import Glibc
#endif

/// Files read in worker processes (`accord read-worker`), so that a file that crashes or hangs a
/// reader takes down one worker, not the batch: the file is reported ("crashed while reading",
/// "timed out after N s") and the worker is replaced. A crash cannot be caught inside the process
/// that crashed; a process of its own per worker is what isolates it. Workers are kept between
/// files (one per file of a batch read side by side) and end when the batch does.
final class ReadWorkers: @unchecked Sendable {
    // Unchecked: `idle` is only touched under `lock`; a worker is used by one thread at a time.
    private let lock = NSLock()
    private var idle: [ReadWorker] = []
    let timeout: TimeInterval

    init(timeout: TimeInterval) {
        self.timeout = timeout
        // A worker that dies while its request is written must not kill this process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    deinit { for w in idle { w.close() } }

    func perform(_ request: ReadRequest) -> Result<[[UInt8]], ReadError> {
        let worker: ReadWorker
        if let w = take() { worker = w } else {
            do { worker = try ReadWorker() } catch { return .failure(ReadError("cannot start a reader process: \(error)")) }
        }
        let result = worker.perform(request, timeout: timeout)
        if worker.alive { put(worker) }
        return result
    }

    private func take() -> ReadWorker? { lock.lock(); defer { lock.unlock() }; return idle.popLast() }
    private func put(_ w: ReadWorker) { lock.lock(); idle.append(w); lock.unlock() }
}

/// One worker process and its two pipes.
final class ReadWorker {
    private let process = Process()
    private let requests: FileHandle
    private let answers: Int32
    private var buffer: [UInt8] = []
    private(set) var alive = true

    /// This executable (resolved once: a relative argv[0] would not survive a change of folder).
    static let executable: URL = {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        return URL(fileURLWithPath: n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0])
    }()

    init() throws {
        let input = Pipe(), output = Pipe()
        process.executableURL = Self.executable
        process.arguments = ["read-worker"]
        var env = ProcessInfo.processInfo.environment
        // A crashed worker is reported in one line by the parent; no backtrace on standard error.
        env["SWIFT_BACKTRACE"] = "enable=no"
        // Tesseract single-threaded from the start (OMPThreadLimit), unless the user chose otherwise.
        if env["OMP_THREAD_LIMIT"] == nil { env["OMP_THREAD_LIMIT"] = "1"; env[OMPThreadLimit.guardVariable] = "1" }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        requests = input.fileHandleForWriting
        answers = output.fileHandleForReading.fileDescriptor
        // Keep the read end open for as long as this object lives (the Pipe owns it).
        self.pipes = (input, output)
    }

    private let pipes: (Pipe, Pipe)

    /// Ends the worker: its standard input closes and it exits when it sees that. Not waited
    /// for (Foundation's wait could hang on a child it had not yet reaped); the system reaps it.
    func close() {
        try? requests.close()
        alive = false
    }

    func perform(_ r: ReadRequest, timeout: TimeInterval) -> Result<[[UInt8]], ReadError> {
        let deadline = Date().addingTimeInterval(timeout)
        do {
            var line = try JSONEncoder().encode(r)
            line.append(0x0A)
            try requests.write(contentsOf: line)
            let header = try String(decoding: readLine(deadline), as: UTF8.self).split(separator: " ")
            guard let kind = header.first else { throw Failure.garbled }
            let sizes = header.dropFirst().compactMap { Int($0) }
            // The frame is ours, but the worker's standard output is shared with the libraries it
            // runs: a negative size is a garbled answer, not a range to read (nor `count + 1` to overflow).
            guard sizes.allSatisfy({ $0 >= 0 }) else { throw Failure.garbled }
            if kind == "err", sizes.count == 1 {
                return .failure(ReadError(String(decoding: try read(sizes[0], deadline), as: UTF8.self)))
            }
            guard kind == "ok", let count = sizes.first, sizes.count - 1 == count else { throw Failure.garbled }
            var parts: [[UInt8]] = []
            for size in sizes.dropFirst() { parts.append(try read(size, deadline)) }
            return .success(parts)
        } catch Failure.timedOut {
            // SIGTERM first: the worker then kills the tools it started (ChildProcesses); SIGKILL
            // when it does not end within a second (stuck where a signal handler cannot help).
            kill(process.processIdentifier, SIGTERM)
            for _ in 0..<20 where process.isRunning { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            alive = false
            return .failure(ReadError("timed out after \(Int(timeout)) s (the reader was stopped)"))
        } catch {
            // The pipe ended (or could not be written): the worker is gone.
            process.waitUntilExit()
            alive = false
            if process.terminationReason == .uncaughtSignal {
                return .failure(ReadError("crashed while reading (signal \(process.terminationStatus))"))
            }
            return .failure(ReadError("the reader process ended while reading (exit status \(process.terminationStatus))"))
        }
    }

    enum Failure: Error { case timedOut, ended, garbled }

    /// Waits (until `deadline`) for more bytes from the worker.
    private func fill(_ deadline: Date) throws(Failure) {
        let left = deadline.timeIntervalSinceNow
        guard left > 0 else { throw .timedOut }
        var p = pollfd(fd: answers, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, Int32(min(left, 3600) * 1000))
        if ready == 0 { throw .timedOut }
        if ready < 0 { if errno == EINTR { return }; throw .ended }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = chunk.withUnsafeMutableBytes { Glibc.read(answers, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { return }
        guard n > 0 else { throw .ended }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private func readLine(_ deadline: Date) throws(Failure) -> [UInt8] {
        while true {
            if let nl = buffer.firstIndex(of: 0x0A) {
                let line = Array(buffer[0..<nl])
                buffer.removeSubrange(0...nl)
                return line
            }
            try fill(deadline)
        }
    }

    private func read(_ count: Int, _ deadline: Date) throws(Failure) -> [UInt8] {
        while buffer.count < count { try fill(deadline) }
        let out = Array(buffer[0..<count])
        buffer.removeSubrange(0..<count)
        return out
    }
}
