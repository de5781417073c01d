import Foundation
import ArgumentParser
import AccordModel
import AccordPipeline
import AccordReaders
import AccordOCR
import AccordExport

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Read documents and print their canonical records.",
        discussion: """
        Output formats:
          json          the canonical record (schemas/accord-document.schema.json); one pretty \
        JSON document for one file, JSON Lines (one compact record per line) for several.
          summary       a human-readable view: contract terms, budget, payments, indicators, \
        cleaning actions and findings.
          text          the cleaned reading-order text of the document, tables as TSV: \
        the archivist's full-text copy.
          intermediate  the intermediate document the readers produced (blocks, tables with \
        spans, every piece with its source locator), as JSON.

        Directories are searched recursively (hidden files skipped), in sorted order. Several \
        files are read side by side, one per core, each in a worker process, and written in that \
        order: a file that crashes the reader or is still being read after --timeout seconds is \
        reported (crashed while reading, timed out after N s) and the batch goes on.
        Exit status: 0 when every file was read, 2 when any file could not be read.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, summary, text, intermediate
    }

    @Option(name: .shortAndLong, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .json

    @Flag(name: .long, help: "Print progress (file n of N) on standard error.")
    var progress = false

    @OptionGroup var reading: ReadingOptions

    @Argument(help: "Files or directories to read.", completion: .file())
    var files: [String]

    func run() throws {
        var unlisted: [String] = []
        let paths = InputFiles.expand(files, unlisted: &unlisted)
        let unreadable = InputFiles.reportUnlisted(unlisted)
        guard !paths.isEmpty else { if unreadable > 0 { throw ExitCode(2) }; throw ValidationError("no input files") }
        reading.prepareProcess(reading: paths, batch: paths.count > 1)
        let several = paths.count > 1
        let reader = reading.reading(batch: several)
        let job: ReadRequest.Job = switch format {
        case .json: .record
        case .summary: .summary
        case .text: .text
        case .intermediate: .intermediate
        }
        let failed = InputFiles.sideBySide(paths, progress: progress, { path throws(ReadError) in
            try reader.first(ReadRequest(job: job, path: path, several: several))
        }) { _, output in
            var bytes = output
            if job == .record || job == .intermediate { bytes.append(0x0A) }
            InputFiles.stdout(bytes: bytes)
        }
        if failed + unreadable > 0 { throw ExitCode(2) }
    }
}
