import Foundation
import ArgumentParser
import AccordArchive

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find documents whose cleaned text or indicators contain TEXT.",
        discussion: """
        TEXT is matched as written (after the same full-width → ASCII folding the stored text went \
        through; Latin letters in any case), as a substring: 督导, 社工 and 社区党群服务中心 all work. \
        Queries of 3 or more characters use the archive's trigram full-text index (SQLite FTS5); \
        shorter ones, which a trigram index cannot answer, scan the stored text.
        Each hit: the entry id, its path, and the text around the first match, the match between « and ».
          --format json  one JSON array of {id, path, snippet} (schemas/accord-search.schema.json).
        Exit status: 0 when something was found, 1 when nothing was, 2 when the archive cannot be opened.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .shortAndLong, help: "Output format: table or json.")
    var format: Format = .table

    @Option(name: .long, help: "At most this many hits.")
    var limit: Int?

    @Argument(help: "The text to find.")
    var text: String

    func validate() throws {
        if SearchText.normalize(text).isEmpty { throw ValidationError("the search text is empty") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let store = try archive.open(.readOnly)
        let hits: [SearchHit]
        do { hits = try store.search(text, limit: limit) } catch { throw archiveFailure(error) }
        switch format {
        case .json:
            InputFiles.stdout(json: hits, pretty: true)
        case .table:
            var t = TextTable(header: ["id", "path", "snippet"])
            for h in hits { t.rows.append(["\(h.id)", h.path, h.snippet]) }
            if !hits.isEmpty { InputFiles.stdout(t.render()) }
        }
        if hits.isEmpty { throw ExitCode(1) }
    }
}
