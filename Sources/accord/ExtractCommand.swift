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
        files are read side by side, one per core, and written in that order.
        Exit status: 0 when every file was read, 2 when any file could not be read.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, summary, text, intermediate
    }

    @Option(name: .shortAndLong, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .json

    @Flag(name: .long, help: "Print progress (file n of N) on standard error.")
    var progress = false

    @Argument(help: "Files or directories to read.", completion: .file())
    var files: [String]

    func run() throws {
        let paths = InputFiles.expand(files)
        guard !paths.isEmpty else { throw ValidationError("no input files") }
        OMPThreadLimit.reexecIfNeeded(forReading: paths)
        let pipeline = Pipeline()
        let format = self.format, several = paths.count > 1
        let failed = InputFiles.sideBySide(paths, progress: progress, { path throws(ReadError) in
            try Self.produce(path, format: format, several: several, pipeline: pipeline)
        }) { _, output in
            switch output {
            case .record(let record):
                InputFiles.stdout(json: record, pretty: !several)
                // Freed beside the next file's reading (or skipped at exit).
                Concurrent.discard(consume record)
            case .text(let text):
                InputFiles.stdout(text)
            case .intermediate(let doc):
                InputFiles.stdout(json: doc, pretty: !several)
            }
        }
        if failed > 0 { throw ExitCode(2) }
    }

    /// What one file gives in `format`: its record, text to print (its summary, or its text
    /// under a header naming it in a batch), or its intermediate document.
    private enum Output: Sendable {
        case record(CanonicalDocument), text(String), intermediate(IntermediateDocument)
    }

    private static func produce(_ path: String, format: Format, several: Bool, pipeline: Pipeline) throws(ReadError) -> Output {
        switch format {
        case .json:
            return .record(try pipeline.process(fileAt: path))
        case .summary:
            return .text(SummaryExport.render(try pipeline.process(fileAt: path)) + "\n")
        case .text:
            let doc = try pipeline.read(data: try Pipeline.load(path), path: path)
            return .text((several ? "==> \(path) <==\n" : "") + TextExport.render(doc))
        case .intermediate:
            return .intermediate(try pipeline.read(data: try Pipeline.load(path), path: path))
        }
    }
}
