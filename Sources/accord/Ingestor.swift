import Foundation
import AccordModel
import AccordPipeline
import AccordReaders
import AccordExport
import AccordArchive
import AccordText

/// One file made ready for the archive on a worker thread: hashed, looked up, and read only when
/// the archive does not know its content yet.
struct PreparedFile: Sendable {
    enum State: Sendable {
        /// The file could not be opened (no such file, permission denied…): reported, not stored,
        /// having no content to key a reading by.
        case unopened(String)
        case ready(IngestedFile)
    }
    var state: State
    /// Seconds spent reading (0 when the archive knew the content).
    var seconds: Double
    var pages: Int
    /// For a page set (`PageSet`): its files, read as one document stored under the set's name.
    var members: [String]? = nil
}

/// Prepares files side by side and stores them one at a time (the caller's single writer).
struct Ingestor: Sendable {
    let store: any ArchiveStore
    let policy: ReadingPolicy
    let reader: FileReading
    /// The time limit for a file read in a worker process.
    let timeout: TimeInterval

    /// A reading that started this many times and never finished (the process reading it died:
    /// killed, or taken down with the file) is not started again: the file is stored as failed.
    static let maxUnfinishedAttempts = 2

    func prepare(_ path: String) -> PreparedFile {
        let data: Data
        do { data = try Pipeline.load(path) } catch { return PreparedFile(state: .unopened(error.reason), seconds: 0, pages: 0) }
        return prepare(path, sha: ContentHash.hex(data), size: Int64(data.count))
    }

    /// A page set made ready like a file: stored under the set's name (`PageSet.path`), keyed by
    /// the sha256 derived from its files' (`PageSets.sha256(of:)`), its size theirs added up.
    func prepare(_ set: PageSet) -> PreparedFile {
        var shas: [String] = [], size: Int64 = 0
        for m in set.members {
            let data: Data
            do { data = try Pipeline.load(m) }
            catch { return PreparedFile(state: .unopened("page file \(m): \(error.reason)"), seconds: 0, pages: 0, members: set.members) }
            shas.append(ContentHash.hex(data))
            size += Int64(data.count)
        }
        return prepare(set.path, sha: PageSets.sha256(of: shas), size: size, members: set.members)
    }

    private func prepare(_ path: String, sha: String, size: Int64, members: [String]? = nil) -> PreparedFile {
        // A lookup that fails (the archive busy or broken) reads the file: store says the rest.
        let known = (try? store.lookup(path: path, sha256: sha, policy: policy)) ?? .unknown
        var file = IngestedFile(path: path, size: size, sha256: sha, reading: nil)
        guard known == .unknown else { return PreparedFile(state: .ready(file), seconds: 0, pages: 0, members: members) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        file.reading = read(path, sha256: sha, members: members)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        return PreparedFile(state: .ready(file), seconds: seconds, pages: file.reading?.pages ?? 0, members: members)
    }

    /// The reading of one file: the record as extract writes it in a batch (compact JSON), the
    /// cleaned text, the list columns; or the one-line reason it cannot be read.
    ///
    /// Read in this process (`--in-process`), a file that crashes the reader takes the ingest down
    /// with it: each start is recorded in the archive first (and forgotten when the reading is
    /// stored), a file that was being read when an earlier run died is read in a worker process
    /// of its own (so that, if it is the culprit, its crash is one failed file), and one whose
    /// reading started twice and never finished is stored as failed. In worker processes (the
    /// default) a crash or a hang is already one failed file, and a run that is killed is no
    /// file's fault: nothing is recorded.
    func read(_ path: String, sha256: String, members: [String]? = nil) -> Reading {
        let request = ReadRequest(job: .ingest, path: path, sha256: sha256, members: members)
        guard reader.workers == nil else { return Self.reading(reader.perform(request)) }
        let started = (try? store.beginReading(sha256: sha256, policy: policy)) ?? 0
        if started >= Self.maxUnfinishedAttempts {
            return .failed("its reading started \(started) times and never finished (it crashed or hung the reader); --retry-failed reads it again")
        }
        if started > 0 { return Self.reading(ReadWorkers(timeout: timeout).perform(request)) }
        return Self.reading(reader.perform(request))
    }

    static func reading(_ result: Result<[[UInt8]], ReadError>) -> Reading {
        switch result {
        case .failure(let e):
            return .failed(e.reason)
        case .success(let parts):
            guard parts.count == 4, let columns = try? JSONDecoder().decode(DocumentColumns.self, from: Data(parts[2])) else {
                return .failed("the reader's answer is incomplete")
            }
            return .ok(record: parts[0], text: String(decoding: parts[1], as: UTF8.self), columns: columns,
                       pages: Int(String(decoding: parts[3], as: UTF8.self)) ?? 0)
        }
    }

    /// Stores a prepared file (nil for one that could not be opened). When the archive lost the
    /// reading the lookup counted on, the file is read here and stored again.
    func store(_ prepared: PreparedFile) throws(ArchiveError) -> StoreOutcome? {
        guard case .ready(var file) = prepared.state else { return nil }
        let outcome = try store.store(file, policy: policy)
        guard outcome.needsReading else { return outcome }
        file.reading = read(file.path, sha256: file.sha256, members: prepared.members)
        return try store.store(file, policy: policy)
    }
}
