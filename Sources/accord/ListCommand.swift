import Foundation
import ArgumentParser
import AccordArchive
import AccordExport

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the archive's documents, one entry per stored path.",
        discussion: """
        Shows the current version of every stored path (sorted by path): its id (for accord show), \
        status, document kind, project code, lot, finding counts (errors/warnings/infos) and path; \
        a failed file's reason follows its path.
          --format json  one JSON array (schemas/accord-list.schema.json); every element carries \
        id, path, version, sha256, size, status, error (null when ok), extractor, format, \
        documentKind, projectCode, lot, title, buyer, supplier, amountOriginal, amountAmended \
        (exact decimals as strings), findings {error, warning, info}, pages, ingestedAt, \
        supersededAt and readFrom (the path the reading was made from).
        Exit status: 0; 2 when the archive cannot be opened.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }
    enum Status: String, ExpressibleByArgument, CaseIterable { case ok, failed }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .shortAndLong, help: "Output format: table or json.")
    var format: Format = .table

    @Option(name: .long, help: "Only entries with this status: ok or failed.")
    var status: Status?

    @Option(name: .long, help: "Only documents of this kind: contract, amendment, requirements or unknown.")
    var kind: String?

    @Option(name: .long, help: "Only documents with this project code.")
    var code: String?

    func validate() throws {
        if let kind, !["contract", "amendment", "requirements", "unknown"].contains(kind) {
            throw ValidationError("--kind must be contract, amendment, requirements or unknown")
        }
    }

    func run() throws {
        let store = try archive.open(.readOnly)
        let entries: [ArchiveEntry]
        do { entries = try store.list(ListFilter(status: status.flatMap { Reading.Status(rawValue: $0.rawValue) }, kind: kind, code: code)) }
        catch { throw archiveFailure(error) }
        switch format {
        case .json:
            InputFiles.stdout(json: entries, pretty: true)
        case .table:
            var t = TextTable(header: ["id", "status", "kind", "code", "lot", "E/W/I", "path"])
            for e in entries {
                t.rows.append(["\(e.id)", e.status.rawValue, e.documentKind ?? "-", e.projectCode ?? "-", e.lot ?? "-",
                               "\(e.findings.error)/\(e.findings.warning)/\(e.findings.info)",
                               e.path + (e.error.map { "  (\($0))" } ?? "")])
            }
            InputFiles.stdout(t.render())
        }
    }
}
