import Foundation
import ArgumentParser
import AccordOCR

@main
struct Accord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Ingest and normalize Chinese public-procurement documents.",
        discussion: """
        Accord reads service contracts, supplementary agreements (补充协议) and service-indicator \
        annexes (服务指标) in whatever form they survived — Markdown conversions, tab-indented dumps, \
        OCR text layers, DOCX, Word XML, HTML, scans — and writes one canonical JSON record per file \
        with every value's provenance and a cleaning report.

        The format of each file is sniffed from its content, never from its extension. A file that \
        cannot be read is reported on standard error as one line naming the file and the reason; \
        the other files are still processed.

        The archive keeps what was read: accord ingest stores each file once (by content) in an \
        SQLite file (accord.sqlite here, or --db FILE); list, show, search and export read it back. \
        With --db postgres://USER@HOST:PORT/DB the archive lives in PostgreSQL instead, and its work \
        queue lets many machines read: accord enqueue records files, accord worker (on any machine) \
        reads and stores them, accord queue status shows the queue.
        """,
        subcommands: [ExtractCommand.self, CheckCommand.self, IngestCommand.self, ListCommand.self, ShowCommand.self,
                      SearchCommand.self, ExportCommand.self, DiffCommand.self, ReadWorkerCommand.self,
                      EnqueueCommand.self,
                      WorkerCommand.self,
                      QueueCommand.self,
                      ReviewCommand.self, SetCommand.self, AcceptCommand.self, RejectCommand.self, ReportCommand.self])

    /// As ArgumentParser's own main, but a usage error (an unknown option, a bad value, a missing
    /// argument) exits with status 2, as the commands' --help pages say, instead of 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    // OCR (AccordOCR): Tesseract must start with OMP_THREAD_LIMIT=1 (5–7× faster on 2 cores). The
    // commands re-execute this process once with it set when one of their files will be OCR'd
    // (`OMPThreadLimit.reexecIfNeeded(forReading:)`), before they print anything.
}
