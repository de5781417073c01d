import Foundation
import ArgumentParser
import AccordArchive
import AccordExport
import AccordModel

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
        Corrections (accord set) are applied, each cited as a review.corrected finding.
        --group G…: the group's merged view instead of one document: its most trusted source's \
        record with each value the reconciliation found likelier right in another source taken from \
        there (group.repair_applied findings cite both provenances), and values it lacks filled from \
        the others (group.value_filled); as JSON {group, base, record, repairs} \
        (schemas/accord-merged.schema.json). The sources' own records are never changed.
        Exit status: 0; 2 when there is no such entry, its file could not be read (its reason is \
        printed as extract prints it), or the archive cannot be opened.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, summary, text }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .shortAndLong, help: "Output format: json, summary or text.")
    var format: Format = .json

    @Argument(help: "An id from accord list, or a stored path (or, with --group, a group id).")
    var entry: String

    @Flag(name: .long, help: "ID is a group (G… from accord list --groups): show its merged view.")
    var group = false

    func run() throws {
        if group { return try showGroup() }
        let store = try archive.open(.readOnly)
        let (found, content) = try archive.stored(entry, in: store, missing: "not in the archive \(store.location)")
        do {
            switch format {
            case .json:
                InputFiles.stdout(json: try corrected(store, found, content.record), pretty: true)
            case .summary:
                InputFiles.stdout(SummaryExport.render(try corrected(store, found, content.record)) + "\n")
            case .text:
                InputFiles.stdout(content.text)
            }
        } catch {
            InputFiles.stderr("accord: \(found.path): the stored record cannot be decoded: \(error)")
            throw ExitCode(2)
        }
    }

    func corrected(_ store: any ArchiveStore, _ entry: ArchiveEntry, _ record: [UInt8]) throws -> CanonicalDocument {
        var doc = try StoredRecord.document(entry, record)
        try CorrectedRecords(store).apply(entry, &doc)
        return doc
    }

    func showGroup() throws {
        let loaded = try ReviewArchive.load(archive)
        guard let g = loaded.review.groups.first(where: { $0.id == entry }), let merged = loaded.review.merged(g) else {
            InputFiles.stderr("accord: \(entry): no such group (see accord list --groups)")
            throw ExitCode(2)
        }
        switch format {
        case .json: InputFiles.stdout(json: merged, pretty: true)
        case .summary: InputFiles.stdout(SummaryExport.render(merged.record) + "\n")
        case .text:
            InputFiles.stderr("accord: --group shows json or summary (a merged view has no text of its own)")
            throw ExitCode(2)
        }
    }
}
