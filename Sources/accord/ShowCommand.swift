import Foundation
import ArgumentParser
import AccordArchive
import AccordExport

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a stored document: exactly what accord extract prints for that file.",
        discussion: """
        ID is an id from accord list (any version of a path, superseded ones included); PATH is a \
        stored path as it was named to ingest (its current version).
          json     the canonical record, as extract prints it for one file
          summary  the human-readable view (extract -f summary)
          text     the cleaned reading-order text, tables as TSV (extract -f text)
        Exit status: 0; 2 when there is no such entry, its file could not be read (its reason is \
        printed as extract prints it), or the archive cannot be opened.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, summary, text }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .shortAndLong, help: "Output format: json, summary or text.")
    var format: Format = .json

    @Argument(help: "An id from accord list, or a stored path.")
    var entry: String

    func run() throws {
        let store = try archive.open(.readOnly)
        let (found, content) = try archive.stored(entry, in: store, missing: "not in the archive \(store.location)")
        do {
            switch format {
            case .json:
                InputFiles.stdout(json: try StoredRecord.document(found, content.record), pretty: true)
            case .summary:
                InputFiles.stdout(SummaryExport.render(try StoredRecord.document(found, content.record)) + "\n")
            case .text:
                InputFiles.stdout(content.text)
            }
        } catch {
            InputFiles.stderr("accord: \(found.path): the stored record cannot be decoded: \(error)")
            throw ExitCode(2)
        }
    }
}
