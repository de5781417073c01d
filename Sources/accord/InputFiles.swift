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
        var unlisted: [String] = []
        return expand(paths, unlisted: &unlisted)
    }

    /// `expand`, and the folders that could not be listed (permission denied): their files are
    /// missing from the list, which the caller must say.
    static func expand(_ paths: [String], unlisted: inout [String]) -> [String] {
        var out: [String] = []
        func listable(_ dir: String) -> Bool { access(dir, R_OK | X_OK) == 0 }
        for p in paths {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue {
                guard listable(p) else { unlisted.append(p); continue }
                var files: [String] = []
                for case let relative as String in FileManager.default.enumerator(atPath: p) ?? FileManager.DirectoryEnumerator() {
                    guard !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                    let full = (p as NSString).appendingPathComponent(relative)
                    var d: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: full, isDirectory: &d) else { continue }
                    if d.boolValue { if !listable(full) { unlisted.append(full) } } else { files.append(full) }
                }
                out += files.sorted()
            } else {
                out.append(p)
            }
        }
        unlisted.sort()
        return out
    }

    /// The files with the page sets among them (`PageSets`): each set's name placed after its
    /// last file (`ingest`, which stores the files and the set), or in place of its files, at the
    /// first one (`extract --page-sets`); and the sets by name.
    static func withPageSets(_ files: [String], replacingMembers: Bool) -> (items: [String], sets: [String: PageSet]) {
        let found = PageSets.find(files)
        guard !found.isEmpty else { return (files, [:]) }
        let position = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
        var sets: [String: PageSet] = [:], firstOf: [String: String] = [:], lastOf: [String: String] = [:]
        for set in found {
            sets[set.path] = set
            let order = set.members.sorted { (position[$0] ?? 0) < (position[$1] ?? 0) }
            if let first = order.first { firstOf[first] = set.path }
            if let last = order.last { lastOf[last] = set.path }
        }
        let members = Set(found.flatMap(\.members))
        var items: [String] = []
        for f in files {
            if replacingMembers {
                if let set = firstOf[f] { items.append(set) } else if !members.contains(f) { items.append(f) }
            } else {
                items.append(f)
                if let set = lastOf[f] { items.append(set) }
            }
        }
        return (items, sets)
    }

    /// Paths with each page set's name that is not a file (`dir/x-p[1-2].jpg`, as `ingest
    /// --retry-failed` gets it back from the archive) replaced by its files, when they all exist.
    static func expandingPageSetNames(_ paths: [String]) -> [String] {
        paths.flatMap { p -> [String] in
            guard !FileManager.default.fileExists(atPath: p), let members = PageSets.members(ofSetNamed: p),
                  members.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else { return [p] }
            return members
        }
    }

    /// Says each folder that could not be listed, one line each; returns how many.
    static func reportUnlisted(_ unlisted: [String]) -> Int {
        for d in unlisted { stderr("accord: \(d): permission denied (the folder cannot be listed; its files were not read)") }
        return unlisted.count
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
        var failed = 0
        func deliver(_ path: String, _ result: consuming Result<T, ReadError>) {
            switch consume result {
            case .success(let value): consume(path, value)
            case .failure(let error):
                failed += 1
                stderr("accord: \(path): \(error.reason)")
            }
        }
        guard window > 1 else {
            for (i, path) in paths.enumerated() {
                if progress { stderr("[\(i + 1)/\(paths.count)] \(path)") }
                deliver(path, attempt(path))
            }
            return failed
        }
        // `window` long-lived threads take the files in order, never more than `window` ahead of
        // the one being consumed (a thread per file cost a clone and a join each: most of an
        // unchanged re-run's time).
        let slots = Slots<Result<T, ReadError>>(count: paths.count, window: window)
        for _ in 0..<window {
            Thread {
                while let i = slots.nextIndex() {
                    if progress { stderr("[\(i + 1)/\(paths.count)] \(paths[i])") }
                    slots.put(i, attempt(paths[i]))
                }
            }.start()
        }
        for (i, path) in paths.enumerated() { deliver(path, slots.take(i)) }
        return failed
    }

    /// Results of files read side by side, handed over in order.
    private final class Slots<R: Sendable>: @unchecked Sendable {
        // Unchecked: every field is read and written under `condition`.
        private let condition = NSCondition()
        private var results: [R?]
        private var next = 0, consumed = 0
        private let window: Int

        init(count: Int, window: Int) { results = Array(repeating: nil, count: count); self.window = window }

        /// The next file to read, once it is within `window` of the one being consumed; nil when all are taken.
        func nextIndex() -> Int? {
            condition.lock(); defer { condition.unlock() }
            while next < results.count && next >= consumed + window { condition.wait() }
            guard next < results.count else { return nil }
            next += 1
            return next - 1
        }

        func put(_ i: Int, _ r: R) {
            condition.lock(); results[i] = r; condition.broadcast(); condition.unlock()
        }

        /// Waits for file `i`'s result and moves it out.
        func take(_ i: Int) -> R {
            condition.lock(); defer { condition.unlock() }
            while true {
                if let r = results[i].take() {
                    consumed = i + 1
                    condition.broadcast()
                    return r
                }
                condition.wait()
            }
        }
    }

    static func stderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func stdout(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func stdout(bytes: [UInt8]) {
        try? write(bytes)
    }

    /// The bytes on standard output, lent to `FileHandle` without a copy.
    private static func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buf in
            guard let base = buf.baseAddress, buf.count > 0 else { return }
            try FileHandle.standardOutput.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buf.count, deallocator: .none))
        }
    }

    /// The value as JSON and a newline (nothing when it cannot be encoded). Written part by part
    /// as the encoder left it, each lent to `FileHandle` without a copy (`write(contentsOf:)`
    /// of an array copies it into a `Data` first: 22 MB of fresh memory for a large document).
    static func stdout<T: Encodable>(json value: T, pretty: Bool) {
        guard var parts = try? JSONExport.parts(value, pretty: pretty), !parts.isEmpty else { return }
        parts[parts.count - 1].append(0x0A)
        do { for part in parts { try write(part) } } catch {}
    }
}
