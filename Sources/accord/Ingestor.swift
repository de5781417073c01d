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
}

/// Prepares files side by side and stores them one at a time (the caller's single writer).
struct Ingestor: Sendable {
    let store: any ArchiveStore
    let policy: ReadingPolicy
    let pipeline: Pipeline

    func prepare(_ path: String) -> PreparedFile {
        let data: Data
        do { data = try Pipeline.load(path) } catch { return PreparedFile(state: .unopened(error.reason), seconds: 0, pages: 0) }
        let sha = ContentHash.hex(data)
        // A lookup that fails (the archive busy or broken) reads the file: store says the rest.
        let known = (try? store.lookup(path: path, sha256: sha, policy: policy)) ?? .unknown
        var file = IngestedFile(path: path, size: Int64(data.count), sha256: sha, reading: nil)
        guard known == .unknown else { return PreparedFile(state: .ready(file), seconds: 0, pages: 0) }
        let t0 = DispatchTime.now().uptimeNanoseconds
        file.reading = read(data, path: path, sha256: sha)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        return PreparedFile(state: .ready(file), seconds: seconds, pages: file.reading?.pages ?? 0)
    }

    /// The reading of one file's bytes: the record as extract writes it in a batch (compact JSON),
    /// the cleaned text, the list columns; or the one-line reason it cannot be read.
    func read(_ data: Data, path: String, sha256: String) -> Reading {
        do {
            let doc = try pipeline.read(data: data, path: path, sha256: sha256)
            let text = TextExport.render(doc)
            let pages = doc.layout.count
            let record = pipeline.process(doc)
            let json = try JSONExport.bytes(record, pretty: false)
            return .ok(record: json, text: text, columns: DocumentColumns(record), pages: pages)
        } catch let e as ReadError {
            return .failed(e.reason)
        } catch {
            return .failed("cannot encode the record: \(error)")
        }
    }

    /// Stores a prepared file (nil for one that could not be opened). When the archive lost the
    /// reading the lookup counted on, the file is read here and stored again.
    func store(_ prepared: PreparedFile) throws(ArchiveError) -> StoreOutcome? {
        guard case .ready(var file) = prepared.state else { return nil }
        let outcome = try store.store(file, policy: policy)
        guard outcome.needsReading else { return outcome }
        let data: Data
        do { data = try Pipeline.load(file.path) } catch { file.reading = .failed(error.reason); return try store.store(file, policy: policy) }
        file.reading = read(data, path: file.path, sha256: file.sha256)
        return try store.store(file, policy: policy)
    }
}
