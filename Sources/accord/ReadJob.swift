import Foundation
import AccordModel
import AccordPipeline
import AccordReaders
import AccordExport
import AccordArchive
import AccordText

/// What a command asks of one file: the same work whether it runs on a thread of this process or
/// in a worker process (`ReadWorkers`), its result as byte parts that cross a pipe unchanged.
struct ReadRequest: Codable, Sendable {
    enum Job: String, Codable, Sendable {
        /// extract -f json: the record as JSON (pretty, or one compact line in a batch).
        case record
        /// extract -f summary.
        case summary
        /// extract -f text (under a `==> path <==` header in a batch).
        case text
        /// extract -f intermediate.
        case intermediate
        /// check: the findings, as JSON.
        case findings
        /// ingest: the compact record, the cleaned text, the list columns (JSON) and the OCR page count.
        case ingest
    }
    var job: Job
    var path: String
    /// Pretty JSON (one file alone) or compact (a batch); the text header of a batch.
    var several: Bool = false
    /// The content's sha256 when the caller computed it already.
    var sha256: String?
    /// Where the bytes are when not at `path` (ingest: a queued file's content fetched from the
    /// database by `accord worker`); `path` still names the file in the record.
    var contentPath: String? = nil
    /// Page files read as one document named `path` (a `PageSet`), in page order; nil for one file.
    var members: [String]? = nil
    /// Where the page files' bytes are when not at their paths (a queued page set's contents).
    var memberContents: [String]? = nil
}

enum ReadJobs {
    /// Reads one file for `request` with `pipeline`: the result's parts, or the one-line reason.
    static func perform(_ r: ReadRequest, pipeline: Pipeline) -> Result<[[UInt8]], ReadError> {
        FaultInjection.apply(to: r.path)
        if let members = r.members { return performPages(r, members: members, pipeline: pipeline) }
        do {
            switch r.job {
            case .record:
                return .success([try JSONExport.bytes(try pipeline.process(fileAt: r.path), pretty: !r.several)])
            case .summary:
                return .success([Array((SummaryExport.render(try pipeline.process(fileAt: r.path)) + "\n").utf8)])
            case .text:
                let doc = try pipeline.read(data: try Pipeline.load(r.path), path: r.path)
                return .success([Array(((r.several ? "==> \(r.path) <==\n" : "") + TextExport.render(doc)).utf8)])
            case .intermediate:
                return .success([try JSONExport.bytes(try pipeline.read(data: try Pipeline.load(r.path), path: r.path), pretty: !r.several)])
            case .findings:
                return .success([Array(try JSONEncoder().encode(try pipeline.process(fileAt: r.path).report.findings))])
            case .ingest:
                let doc = try pipeline.read(data: try Pipeline.load(r.contentPath ?? r.path), path: r.path, sha256: r.sha256)
                return .success(try ingestParts(pipeline.process(doc), text: TextExport.render(doc), pages: doc.layout.count))
            }
        } catch let e as ReadError {
            return .failure(e)
        } catch {
            return .failure(ReadError("cannot encode the result: \(error)"))
        }
    }
}

extension ReadJobs {
    /// What an ingest reading hands the archive: the record (compact JSON), the cleaned text, the
    /// list columns, the number of pages recognized.
    static func ingestParts(_ record: CanonicalDocument, text: String, pages: Int) throws -> [[UInt8]] {
        [try JSONExport.bytes(record, pretty: false), Array(text.utf8),
         Array(try JSONEncoder().encode(DocumentColumns(record))), Array(String(pages).utf8)]
    }

    /// `perform` for page files read as one document (a `PageSet`): the same parts, of the
    /// composed document.
    static func performPages(_ r: ReadRequest, members: [String], pipeline: Pipeline) -> Result<[[UInt8]], ReadError> {
        do {
            let doc = try pipeline.readPages(members, as: r.path, contents: r.memberContents)
            switch r.job {
            case .text:
                return .success([Array(((r.several ? "==> \(r.path) <==\n" : "") + TextExport.render(doc)).utf8)])
            case .intermediate:
                return .success([try JSONExport.bytes(doc, pretty: !r.several)])
            case .record, .summary, .findings, .ingest:
                let text = r.job == .ingest ? TextExport.render(doc) : ""
                let pages = doc.layout.count
                let record = pipeline.process(doc).attributingPagesToParts()
                switch r.job {
                case .record: return .success([try JSONExport.bytes(record, pretty: !r.several)])
                case .summary: return .success([Array((SummaryExport.render(record) + "\n").utf8)])
                case .findings: return .success([Array(try JSONEncoder().encode(record.report.findings))])
                default: return .success(try ingestParts(record, text: text, pages: pages))
                }
            }
        } catch let e as ReadError {
            return .failure(e)
        } catch {
            return .failure(ReadError("cannot encode the result: \(error)"))
        }
    }
}

/// A test-only switch (never set by Accord itself): `ACCORD_TEST_FAULT=crash:NAME` makes reading a
/// file whose path contains NAME trap, `hang:NAME` makes it never return; several joined by `,`.
/// The tests use it to prove that a batch outlives a reader that crashes or hangs.
enum FaultInjection {
    static let faults: [(kind: String, name: String)] = {
        guard let v = ProcessInfo.processInfo.environment["ACCORD_TEST_FAULT"], !v.isEmpty else { return [] }
        return v.split(separator: ",").compactMap { f in
            let parts = f.split(separator: ":", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }()

    static func apply(to path: String) {
        for f in faults where path.contains(f.name) {
            switch f.kind {
            case "crash": raise(SIGSEGV)
            case "hang": while true { sleep(3600) }
            default: continue
            }
        }
    }
}
