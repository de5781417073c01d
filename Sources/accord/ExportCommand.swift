import Foundation
import ArgumentParser
import AccordModel
import AccordArchive
import AccordExport

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the archive's documents as JSON Lines, CSV or an OCDS release package.",
        discussion: """
        Exports the current version of every stored path whose reading is ok, sorted by path.
          jsonl  one canonical record per line, as extract writes it for that file \
        (schemas/accord-document.schema.json).
          csv    for Excel and WPS: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting; one row per \
        document, budget line, payment period or indicator (--table), each row starting with the \
        document's id and path; Chinese column headers, or English with --header en.
          ocds   an OCDS 1.1 release package: per agreement a contract release, and for a \
        supplementary agreement a contractAmendment release whose amendments cite the amended \
        clauses; parties with buyer and supplier roles, values in CNY, the period and the budget \
        lines. ocid = --ocid-prefix + the project code.
        Corrections (accord set) are applied to the records, each cited as a review.corrected finding.
        Written to standard output, or to -o FILE (replaced whole when the export is complete).
        Exit status: 0; 2 when the archive cannot be opened or FILE cannot be written.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv, ocds }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .shortAndLong, help: "Export format: jsonl, csv or ocds.")
    var format: Format

    @Option(name: .long, help: "With csv: documents, budget, payments or indicators.")
    var table: CSVTable = .documents

    @Option(name: .long, help: "With csv: column headers in zh (Chinese) or en (English).")
    var header: CSVHeaderLanguage = .zh

    @Option(name: .long, help: "With ocds: the ocid prefix (your registered OCDS prefix; the default marks the data as Accord's own).")
    var ocidPrefix: String = OCDSExport.defaultOCIDPrefix

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        let store = try archive.open(.readOnly)
        let sink: ExportSink
        do { sink = try ExportSink(output) } catch {
            InputFiles.stderr("accord: \(output ?? "-"): cannot write: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        do {
            let corrected = try CorrectedRecords(store)
            switch format {
            case .jsonl:
                try store.forEachRecord { entry, record in
                    if corrected.has(entry) {
                        var doc = try StoredRecord.document(entry, record)
                        corrected.apply(entry, &doc)
                        try sink.write(try JSONExport.bytes(doc, pretty: false) + [0x0A])
                    } else {
                        try sink.write(try StoredRecord.json(entry, record, pretty: false) + [0x0A])
                    }
                }
            case .csv:
                let csv = CSVExport(table: table, header: header)
                try sink.write(csv.start())
                try store.forEachRecord { entry, record in
                    var doc = try StoredRecord.document(entry, record)
                    corrected.apply(entry, &doc)
                    try sink.write(csv.rows(ExportItem(id: entry.id, path: entry.path, record: doc)))
                }
            case .ocds:
                var items: [ExportItem] = []
                try store.forEachRecord { entry, record in
                    var doc = try StoredRecord.document(entry, record)
                    corrected.apply(entry, &doc)
                    items.append(ExportItem(id: entry.id, path: entry.path, record: doc))
                }
                try sink.write(OCDSExport(ocidPrefix: ocidPrefix, publishedDate: Date()).package(items))
            }
            try sink.commit()
        } catch let e as ArchiveError {
            sink.abandon()
            throw archiveFailure(e)
        } catch {
            sink.abandon()
            InputFiles.stderr("accord: export to \(output ?? "standard output") failed: \(error)")
            throw ExitCode(2)
        }
    }
}

extension CSVTable: ExpressibleByArgument {}
extension CSVHeaderLanguage: ExpressibleByArgument {}

/// Standard output, or a file written beside its final name and renamed over it when complete
/// (an interrupted export never leaves half a file under that name).
final class ExportSink {
    private let handle: FileHandle
    private let final: String?
    private let temporary: String?

    init(_ path: String?) throws {
        guard let path else { handle = .standardOutput; final = nil; temporary = nil; return }
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).partial"
        guard FileManager.default.createFile(atPath: tmp, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
        final = path; temporary = tmp
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
    }

    func commit() throws {
        guard let final, let temporary else { return }
        try handle.close()
        if rename(temporary, final) != 0 { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: final]) }
    }

    func abandon() {
        guard let temporary else { return }
        try? handle.close()
        unlink(temporary)
    }
}
