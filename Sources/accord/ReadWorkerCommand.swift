import Foundation
import ArgumentParser
import AccordPipeline
import AccordOCR
import AccordReaders

/// The worker process of `ReadWorkers` (not for people): reads one request per line on standard
/// input (JSON), answers each with one frame on standard output, until standard input ends.
struct ReadWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-worker",
        abstract: "Read files for another accord process (internal).",
        shouldDisplay: false)

    func run() throws {
        // Told to stop (a time limit), the worker stops the tools it started too (pdftoppm).
        ChildProcesses.killOnTerminate()
        let pipeline = Pipeline()
        let input = FileHandle.standardInput, output = FileHandle.standardOutput
        var buffer = Data()
        while true {
            // One request per line.
            while !buffer.contains(0x0A) {
                let chunk = input.availableData
                if chunk.isEmpty { return }
                buffer.append(chunk)
            }
            guard let nl = buffer.firstIndex(of: 0x0A) else { continue }
            let line = buffer[buffer.startIndex..<nl]
            buffer = Data(buffer[(nl + 1)...])
            let frame: Data
            if let request = try? JSONDecoder().decode(ReadRequest.self, from: line) {
                frame = WorkerFrame.encode(ReadJobs.perform(request, pipeline: pipeline))
            } else {
                frame = WorkerFrame.encode(.failure(.init("the worker could not read its request")))
            }
            try output.write(contentsOf: frame)
        }
    }
}

/// One answer of a worker: `ok N len1 … lenN\n` then the parts' bytes, or `err LEN\n` then the reason.
enum WorkerFrame {
    static func encode(_ result: Result<[[UInt8]], ReadError>) -> Data {
        switch result {
        case .success(let parts):
            var d = Data(("ok \(parts.count) " + parts.map { String($0.count) }.joined(separator: " ") + "\n").utf8)
            for p in parts { d.append(contentsOf: p) }
            return d
        case .failure(let e):
            let reason = Array(e.reason.utf8)
            var d = Data("err \(reason.count)\n".utf8)
            d.append(contentsOf: reason)
            return d
        }
    }
}
