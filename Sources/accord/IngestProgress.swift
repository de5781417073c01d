import Foundation
import AccordArchive
import AccordExport

/// What ingest tells while it works and when it ends: a live line on a terminal, a plain line
/// every few seconds otherwise, nothing with --quiet; one JSON object per file with --events
/// jsonl; failures always as one line on standard error; the summary on standard output.
struct IngestProgress {
    enum Mode { case live, log, quiet }

    struct Summary: Encodable {
        var event = "summary"
        var archive = ""
        var files = 0
        /// Files read whole now, already in, and linked to a reading the archive had (ok ones);
        /// failed counts every file whose reading failed, `failedBefore` those not read again.
        var new = 0, unchanged = 0, linked = 0, superseded = 0, failed = 0, failedBefore = 0, withErrorFindings = 0
        var pages = 0
        var seconds = 0.0
    }

    struct FileEvent: Encodable {
        var event = "file"
        var path: String
        var id: Int64?
        var sha256: String?
        var outcome: String
        var superseded: Bool
        var status: String
        var error: String?
        var findings: FindingCounts?
        /// Whether the file was read (extracted) in this run: false when the archive knew its content.
        var read: Bool
        var pages: Int
        var seconds: Double
    }

    let total: Int
    let mode: Mode
    let events: Bool
    private(set) var summary = Summary()
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastLog: UInt64 = 0
    private var liveShown = false
    /// How often the plain log prints a line (nanoseconds).
    private static let logInterval: UInt64 = 5_000_000_000
    /// How often the live line is redrawn.
    private static let liveInterval: UInt64 = 100_000_000

    init(total: Int, mode: Mode, events: Bool) {
        self.total = total; self.mode = mode; self.events = events
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    mutating func done(path: String, prepared: PreparedFile, outcome: StoreOutcome?) {
        summary.files += 1
        summary.pages += prepared.pages
        var event = FileEvent(path: path, outcome: "failed", superseded: false, status: "failed", read: false, pages: prepared.pages, seconds: prepared.seconds)
        if let outcome {
            if outcome.status == .failed {
                summary.failed += 1
                if outcome.kind != .new { summary.failedBefore += 1 }
            } else {
                switch outcome.kind {
                case .new: summary.new += 1
                case .unchanged: summary.unchanged += 1
                case .linked: summary.linked += 1
                }
            }
            if outcome.supersededPrevious { summary.superseded += 1 }
            if outcome.findings.error > 0 { summary.withErrorFindings += 1 }
            event = FileEvent(path: path, id: outcome.id, sha256: prepared.sha256, outcome: outcome.kind.rawValue,
                              superseded: outcome.supersededPrevious, status: outcome.status.rawValue, error: outcome.error,
                              findings: outcome.findings, read: prepared.wasRead, pages: prepared.pages, seconds: prepared.seconds)
            if outcome.status == .failed {
                line("accord: \(path): \(outcome.error ?? "failed")")
            }
        } else {
            summary.failed += 1
            if case .unopened(let reason) = prepared.state {
                event.error = reason
                line("accord: \(path): \(reason)")
            }
        }
        if events, let bytes = try? JSONExport.bytes(event, pretty: false) {
            InputFiles.stdout(String(decoding: bytes, as: UTF8.self) + "\n")
        }
        tick()
    }

    private var status: String {
        let t = elapsed
        let rate = t > 0 ? Double(summary.files) / t : 0
        let eta = rate > 0 ? Int((Double(total - summary.files) / rate).rounded()) : 0
        return "ingest: \(summary.files)/\(total) files, \(summary.pages) pages recognized, "
            + String(format: "%.1f files/s", rate) + ", ETA \(eta) s, \(summary.failed) failed"
    }

    private mutating func tick() {
        let now = DispatchTime.now().uptimeNanoseconds
        switch mode {
        case .quiet: return
        case .live:
            guard now - lastLog >= Self.liveInterval || summary.files == total else { return }
            lastLog = now
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + status).utf8))
            liveShown = true
        case .log:
            guard now - lastLog >= Self.logInterval || summary.files == total else { return }
            lastLog = now
            InputFiles.stderr(status)
        }
    }

    /// A line on standard error, above the live line when there is one.
    private mutating func line(_ text: String) {
        if liveShown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); liveShown = false }
        InputFiles.stderr(text)
        if mode == .live { lastLog = 0 }
    }

    mutating func finish(_ location: String) {
        if liveShown { FileHandle.standardError.write(Data("\n".utf8)); liveShown = false }
        summary.archive = location
        summary.seconds = (elapsed * 100).rounded() / 100
        if events {
            if let bytes = try? JSONExport.bytes(summary, pretty: false) { InputFiles.stdout(String(decoding: bytes, as: UTF8.self) + "\n") }
            return
        }
        let s = summary
        InputFiles.stdout("ingest: \(s.files) files into \(location): \(s.new) new, \(s.unchanged) unchanged, \(s.linked) linked, "
                          + "\(s.superseded) superseded, \(s.failed) failed"
                          + (s.failedBefore > 0 ? " (\(s.failedBefore) as before: --retry-failed reads them again)" : "")
                          + ", \(s.withErrorFindings) with error findings "
                          + String(format: "(%.1f s)", s.seconds) + "\n")
    }
}

extension PreparedFile {
    var wasRead: Bool {
        if case .ready(let f) = state { return f.reading != nil }
        return false
    }

    var sha256: String? {
        if case .ready(let f) = state { return f.sha256 }
        return nil
    }
}
