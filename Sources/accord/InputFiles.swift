import Foundation
import ArgumentParser
import AccordModel
import AccordPipeline
import AccordReaders
import AccordExport

/// Expands the command line's paths (directories recursively, sorted) and runs the pipeline
/// on each, reporting unreadable files as one line on standard error.
struct InputFiles {
    static func expand(_ paths: [String]) -> [String] {
        var out: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
                let files = (FileManager.default.enumerator(atPath: p)?.compactMap { $0 as? String } ?? [])
                    .filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                    .map { (p as NSString).appendingPathComponent($0) }
                    .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue }
                    .sorted()
                out += files
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// `produce` run on the files side by side, each on a thread of its own, at most one per core
    /// at a time, each result handed to `consume` in the files' order (with `progress`,
    /// "[n/N] path" on standard error as each file starts). A file `produce` cannot read is
    /// reported as one line on standard error in its place; the number of them is returned.
    /// A one-page scan is recognized by one worker, so only files side by side keep every core
    /// busy in a batch of them; a file's own parallel work (its reader and normalizer pieces,
    /// several OCR workers for several pages) still spreads over the cores. A file alone is
    /// produced on the caller's thread. `window` overrides how many run at once.
    static func sideBySide<T: Sendable>(_ paths: [String], progress: Bool, window: Int? = nil,
                                        _ produce: @escaping @Sendable (String) throws(ReadError) -> T,
                                        _ consume: (String, consuming T) -> Void) -> Int {
        let window = paths.count > 1 ? max(1, window ?? ProcessInfo.processInfo.activeProcessorCount) : 1
        let attempt: @Sendable (String) -> Result<T, ReadError> = { path in Result { () throws(ReadError) in try produce(path) } }
        var running: [(path: String, result: Pending<Result<T, ReadError>>)] = []
        var next = 0, failed = 0
        while next < paths.count || !running.isEmpty {
            while running.count < window, next < paths.count {
                let path = paths[next]
                next += 1
                if progress { stderr("[\(next)/\(paths.count)] \(path)") }
                running.append((path, window == 1 ? Pending(known: attempt(path)) : Pending(computing: { attempt(path) })))
            }
            let first = running.removeFirst()
            switch first.result.take() {
            case .success(let value):
                consume(first.path, value)
            case .failure(let error):
                failed += 1
                stderr("accord: \(first.path): \(error.reason)")
            }
        }
        return failed
    }

    static func stderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func stdout(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func stdout(bytes: [UInt8]) {
        bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return }
            try? FileHandle.standardOutput.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buf.count, deallocator: .none))
        }
    }

    /// The value as JSON and a newline (nothing when it cannot be encoded). Written part by part
    /// as the encoder left it, each lent to `FileHandle` without a copy (`write(contentsOf:)`
    /// of an array copies it into a `Data` first: 22 MB of fresh memory for a large document).
    static func stdout<T: Encodable>(json value: T, pretty: Bool) {
        guard var parts = try? JSONExport.parts(value, pretty: pretty), !parts.isEmpty else { return }
        parts[parts.count - 1].append(0x0A)
        do {
            for part in parts {
                try part.withUnsafeBytes { buf in
                    guard let base = buf.baseAddress, buf.count > 0 else { return }
                    try FileHandle.standardOutput.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buf.count, deallocator: .none))
                }
            }
        } catch {}
    }
}
