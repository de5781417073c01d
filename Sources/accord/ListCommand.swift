import Foundation
import ArgumentParser
import AccordArchive
import AccordExport
import AccordReview

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
          --groups  the documents recognised as one agreement (project code and lot; or title, \
        parties and amounts; or near-identical text) or one requirements document (title and \
        packages): per group its id (for accord review, show --group, accept, reject), key, why \
        they were grouped, and its members with their formats; then the annex families (copies of \
        one indicator annex, whatever lot they belong to). With --format json: \
        {groups: [{id, key, basis, kind, members: [{id, path, format}]}], annexFamilies: [{id, members}]} \
        (schemas/accord-groups.schema.json).
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

    @Flag(name: .long, help: "List the groups of documents that are copies of one agreement, and the annex families.")
    var groups = false

    func validate() throws {
        if let kind, !["contract", "amendment", "requirements", "unknown"].contains(kind) {
            throw ValidationError("--kind must be contract, amendment, requirements or unknown")
        }
    }

    func run() throws {
        if groups { return try listGroups() }
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

    struct Member: Encodable { var id: String; var path: String; var format: String }
    struct GroupLine: Encodable { var id: String; var key: String; var basis: String; var kind: String; var members: [Member] }
    struct FamilyLine: Encodable { var id: String; var members: [Member] }
    struct Groups: Encodable { var groups: [GroupLine]; var annexFamilies: [FamilyLine] }

    func listGroups() throws {
        let loaded = try ReviewArchive.load(archive)
        let byID = Dictionary(loaded.review.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func members(_ ids: [String]) -> [Member] {
            ids.compactMap { byID[$0] }.map { Member(id: $0.id, path: $0.path, format: $0.record.source.format) }
        }
        let out = Groups(groups: loaded.review.groups.map { GroupLine(id: $0.id, key: $0.key, basis: $0.basis, kind: $0.kind, members: members($0.members)) },
                         annexFamilies: loaded.review.annexFamilies.map { FamilyLine(id: $0.id, members: members($0.members)) })
        switch format {
        case .json:
            InputFiles.stdout(json: out, pretty: true)
        case .table:
            var text = ""
            for g in out.groups {
                text += "\(g.id)  \(g.kind)  \(g.key)  (\(g.members.count) sources; \(g.basis))\n"
                for m in g.members { text += "    \(m.id)\t\(m.format)\t\(m.path)\n" }
            }
            for f in out.annexFamilies {
                text += "\(f.id)  annex  one indicator annex in \(f.members.count) documents\n"
                for m in f.members { text += "    \(m.id)\t\(m.format)\t\(m.path)\n" }
            }
            let alone = loaded.review.sources.count - Set(out.groups.flatMap { $0.members.map(\.id) }).count
            text += "groups: \(out.groups.count) (\(out.groups.reduce(0) { $0 + $1.members.count }) documents), \(alone) documents alone, \(out.annexFamilies.count) annex families\n"
            InputFiles.stdout(text)
        }
    }
}
