import Foundation
import ArgumentParser
import AccordModel
import AccordPipeline
import AccordReaders
import AccordOCR
import AccordExport
import AccordArchive
import AccordDiff

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare original against amended terms, or one document against another.",
        discussion: """
        accord diff A B compares document A with document B: an original contract with its \
        supplementary agreement, one lot with another, one copy of a document with another. Each \
        side stands for its amended terms where it amends, its original ones otherwise.
        accord diff A, for a supplementary agreement, compares its 原合同 values with its 现变更为 \
        values: the amount, every budget line and share, the payment schedule and each amended clause.

        A and B are files in any format Accord reads, or — when no such file exists — ids or stored \
        paths of the archive (--db).

        Indicators are paired by category, item, numbering and text similarity (white space, \
        punctuation, full-width forms and list numbers do not count; a cut cell matches the full \
        text it begins; OCR noise lowers the similarity, it does not break the pairing). Each pair \
        is one of added, removed, unchanged, reworded (text differs, targets equal), \
        target_changed, moved (same indicator under another category or item), with its \
        similarity; a pairing another candidate fits almost as well is marked ambiguous. Each \
        target change has a direction for the provider's obligation — tightened, loosened, or \
        changed when not comparable (another unit or bound) — and its size (不少于4次 → 不少于2次: \
        −50 %; 每月一次 → 每周一次: ×4.33 per month). Payment schedules are compared month by month.

        Formats:
          terminal  a readable report (default); colour on a terminal
          json      schemas/accord-diff.schema.json
          csv       daff's highlighter format (@@ header, +++ added, --- removed, -> changed \
        rows with old->new cells), for daff and the tools that read it
          md        a Markdown report for a ticket or an e-mail
        --html FILE writes a self-contained side-by-side page as well (no network needed).

        Exit status: 0 when nothing differs, 1 when something does, 2 when a document cannot be \
        read or found.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case terminal, json, csv, md }
    enum Color: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .shortAndLong, help: "Output format: terminal, json, csv or md.")
    var format: Format = .terminal

    @Option(name: .long, help: ArgumentHelp("Also write a side-by-side HTML page to FILE.", valueName: "FILE"))
    var html: String?

    @Option(name: .long, help: "Colour in the terminal format: auto (on a terminal), always or never.")
    var color: Color = .auto

    @Flag(name: .long, help: "List unchanged indicators too (terminal and md).")
    var all = false

    @Argument(help: "The document (A), or the two documents (A B) to compare.")
    var documents: [String]

    func validate() throws {
        guard (1...2).contains(documents.count) else { throw ValidationError("name one document (a supplementary agreement) or two") }
    }

    func run() throws {
        let sources = documents.filter { FileManager.default.fileExists(atPath: $0) }
        OMPThreadLimit.reexecIfNeeded(forReading: sources)
        let pipeline = Pipeline()
        let records = try documents.map { try load($0, pipeline: pipeline) }
        let diff = records.count == 1 ? DocumentDiffer().diff(amendment: records[0]) : DocumentDiffer().diff(records[0], records[1])
        switch format {
        case .terminal:
            let tty = isatty(STDOUT_FILENO) == 1
            InputFiles.stdout(TerminalDiff(color: color == .always || (color == .auto && tty), showUnchanged: all).render(diff))
        case .json:
            InputFiles.stdout(json: diff, pretty: true)
        case .csv:
            InputFiles.stdout(DaffCSV.render(diff))
        case .md:
            InputFiles.stdout(MarkdownDiff(showUnchanged: all).render(diff))
        }
        if let html {
            // Scan sides: the page region each shown value was read from (archive records whose file is gone have none).
            var crops: [CropKey: Data] = [:]
            for key in DiffPage.scanRegions(diff, records: records) {
                guard let record = records.first(where: { $0.source.sha256 == key.source }),
                      FileManager.default.fileExists(atPath: record.source.path) else { continue }
                do { crops[key] = try ScanCrop.png(file: record.source.path, page: key.page, bbox: key.bbox) }
                catch { InputFiles.stderr("accord: \(record.source.path): no crop of page \(key.page) \(key.bbox): \(error)") }
            }
            do { try Data(DiffPage.render(diff, records: records, crops: crops).utf8).write(to: URL(fileURLWithPath: html)) }
            catch {
                InputFiles.stderr("accord: \(html): cannot write: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        if Self.differs(diff) { throw ExitCode(1) }
    }

    static func differs(_ d: DocumentDiff) -> Bool {
        let s = d.summary
        return s.added + s.removed + s.reworded + s.targetChanged + s.moved + s.moneyChanged + s.monthsChanged > 0
            || (d.mode == .amendment && !d.clauses.isEmpty)
    }

    /// A file read through the pipeline, or a record from the archive.
    func load(_ name: String, pipeline: Pipeline) throws -> CanonicalDocument {
        if FileManager.default.fileExists(atPath: name) {
            do { return try pipeline.process(fileAt: name) }
            catch {
                InputFiles.stderr("accord: \(name): \(error.reason)")
                throw ExitCode(2)
            }
        }
        guard archive.isPostgres || FileManager.default.fileExists(atPath: archive.db) else {
            InputFiles.stderr("accord: \(name): no such file (and no archive at \(archive.db) to look it up in)")
            throw ExitCode(2)
        }
        let store = try archive.open(.readOnly)
        let (entry, content) = try archive.stored(name, in: store, missing: "no such file, nor an id or path in the archive \(store.location)")
        do { return try StoredRecord.document(entry, content.record) }
        catch {
            InputFiles.stderr("accord: \(entry.path): the stored record cannot be decoded: \(error)")
            throw ExitCode(2)
        }
    }
}
