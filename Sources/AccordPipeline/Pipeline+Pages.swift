import Foundation
import AccordModel
import AccordReaders
import AccordNormalize

extension Pipeline {
    /// Reads page files (in page order, e.g. a `PageSet`'s members) as one intermediate document
    /// named `path`: each file read with its own reader, side by side, then put together
    /// (`PageComposition`). A file that cannot be read, or pages whose own evidence says they are
    /// not one document, give one line naming the file.
    /// - Parameter contents: where each file's bytes are when not at its path (a worker's copies of
    ///   the queued contents); the members' paths still name them.
    public func readPages(_ members: [String], as path: String, contents: [String]? = nil) throws(ReadError) -> IntermediateDocument {
        let pipeline = self
        let sources = contents.flatMap { $0.count == members.count ? $0 : nil } ?? members
        let read = Concurrent.map(members.count) { i -> Result<PageComposition.Page, ReadError> in
            Result { () throws(ReadError) in
                let doc: IntermediateDocument
                do throws(ReadError) { doc = try pipeline.read(data: try Pipeline.load(sources[i]), path: members[i]) }
                catch { throw ReadError("page file \(members[i]): \(error.reason)") }
                return PageComposition.Page(document: doc, alone: Normalizer().normalize(doc))
            }
        }
        var pages: [PageComposition.Page] = []
        for r in read { pages.append(try r.get()) }
        return try PageComposition.compose(pages, path: path)
    }

    /// `readPages`, then normalized, repaired and checked once like any document; each value's
    /// provenance names the file holding its page (`attributingPagesToParts`).
    public func processPages(_ members: [String], as path: String) throws(ReadError) -> CanonicalDocument {
        process(try readPages(members, as: path)).attributingPagesToParts()
    }
}
