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

        Directories are searched recursively (hidden files skipped), in sorted order.
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
        var failed = 0
        for (i, path) in paths.enumerated() {
            if progress { InputFiles.stderr("[\(i + 1)/\(paths.count)] \(path)") }
            do throws(ReadError) {
                switch format {
                case .json:
                    let record = try pipeline.process(fileAt: path)
                    InputFiles.stdout(json: record, pretty: paths.count == 1)
                    // Freed beside the next file's reading (or skipped at exit).
                    Concurrent.discard(consume record)
                case .summary:
                    InputFiles.stdout(SummaryExport.render(try pipeline.process(fileAt: path)) + "\n")
                case .text:
                    let doc = try pipeline.read(data: try Pipeline.load(path), path: path)
                    if paths.count > 1 { InputFiles.stdout("==> \(path) <==\n") }
                    InputFiles.stdout(TextExport.render(doc))
                case .intermediate:
                    InputFiles.stdout(json: try pipeline.read(data: try Pipeline.load(path), path: path), pretty: paths.count == 1)
                }
            } catch {
                failed += 1
                InputFiles.stderr("accord: \(path): \(error.reason)")
            }
        }
        if failed > 0 { throw ExitCode(2) }
    }
}
