import Foundation
import ArgumentParser
import AccordModel
import AccordArchive
import AccordReview

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "List what in the archive needs a person, most important first.",
        discussion: """
        One line per item: its kind, the document's id (or the group's G… / annex family's A… id), \
        the finding to name with accord accept / reject, and what it is. In this order:
          failed          files that could not be read, with their reason
          error           error findings (a document that contradicts itself)
          disputed        corrections whose source now reads something else (after a re-extraction)
          conflict        sources of one agreement, or copies of one annex, that disagree
          repair          repairs to accept or reject: within a document (repair.*) or across \
        the sources of a group (group.repair_proposed: a doubtful, cut or unreadable value that \
        the other sources read plainly)
          low_confidence  documents with values read below --below (default 0.9)
        Repeated findings of one code in one document are one item with their count and places; \
        annex rows that differ between two copies are one item per kind with the count.
        Settled items (accept / reject) leave the queue; corrections (accord set) are applied \
        before anything is compared.
          --format json  the items as a JSON array (kind, target, path, finding, code, message, place, count; \
        schemas/accord-review.schema.json).
        Exit status: 0; 2 when the archive cannot be opened.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .shortAndLong, help: "Output format: table or json.")
    var format: Format = .table

    @Option(name: .long, help: ArgumentHelp("Values read below this confidence are listed (0…1).", valueName: "CONFIDENCE"))
    var below: Double = 0.9

    @Option(name: .long, help: "Show at most N items (the most important).")
    var limit: Int?

    @Option(name: .long, help: "Only items of this kind: failed, error, disputed, conflict, repair or low_confidence.")
    var kind: String?

    func validate() throws {
        guard (0...1).contains(below) else { throw ValidationError("--below must be between 0 and 1") }
        if let kind, ReviewItem.Kind(rawValue: kind) == nil {
            throw ValidationError("--kind must be one of " + ReviewItem.Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let loaded = try ReviewArchive.load(archive)
        var items = loaded.review.queue(failed: loaded.failed, threshold: below)
        if let kind { items = items.filter { $0.kind.rawValue == kind } }
        let total = items.count
        if let limit { items = Array(items.prefix(limit)) }
        switch format {
        case .json:
            InputFiles.stdout(json: items, pretty: true)
        case .table:
            var t = TextTable(header: ["kind", "id", "finding", "path / what"])
            for i in items {
                t.rows.append([i.kind.rawValue, i.target, i.finding.isEmpty ? "-" : i.finding,
                               i.path + "\n    " + i.message + (i.place.map { " @ \($0)" } ?? "")])
            }
            InputFiles.stdout(t.render())
            let byKind = Dictionary(grouping: items, by: \.kind)
            let counts = ReviewItem.Kind.allCases.compactMap { k in byKind[k].map { "\($0.count) \(k.rawValue)" } }
            InputFiles.stdout("review: \(total) item\(total == 1 ? "" : "s")" + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")")
                              + (items.count < total ? ", \(items.count) shown" : "") + "\n")
        }
    }
}
