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
        files are read side by side, one per core, each in a worker process, and written in that \
        order: a file that crashes the reader or is still being read after --timeout seconds is \
        reported (crashed while reading, timed out after N s) and the batch goes on.
        With --page-sets, pages scanned as files of their own are read as one document: files in one \
        folder whose names differ only by a page number (x_p1.jpg x_p2.jpg, x-page1.png, x (1).pdf, \
        scan001.tif scan002.tif), numbered without a gap, all of one image or PDF format (sniffed \
        from the content). Each such set gives one record in place of its files' records, named \
        like them with the page range in brackets (scans/x_p[1-2].jpg): pages are numbered through \
        the set, source.parts lists the files and the pages each holds, and each value's provenance \
        names the sha256 of its page's file. A clause that runs on from one page to the next is \
        read whole. Pages whose printed page numbers contradict the names' order, or a later page \
        that reads as a document of its own, are not put together: that set is reported as not \
        readable, with the reason. Without --page-sets every file is read alone (each page a \
        fragment); accord ingest stores both.
        Exit status: 0 when every file was read, 2 when any file could not be read.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, summary, text, intermediate
    }

    @Option(name: .shortAndLong, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .json

    @Flag(name: .long, help: "Print progress (file n of N) on standard error.")
    var progress = false

    @Flag(name: .long, help: "Read page files of one scan (x_p1.jpg x_p2.jpg, scan001.png scan002.png…) as one document (see below).")
    var pageSets = false

    @OptionGroup var reading: ReadingOptions

    @Argument(help: "Files or directories to read.", completion: .file())
    var files: [String]

    func run() throws {
        var unlisted: [String] = []
        let paths = InputFiles.expand(files, unlisted: &unlisted)
        let unreadable = InputFiles.reportUnlisted(unlisted)
        guard !paths.isEmpty else { if unreadable > 0 { throw ExitCode(2) }; throw ValidationError("no input files") }
        let (items, sets) = pageSets ? InputFiles.withPageSets(paths, replacingMembers: true) : (paths, [:])
        reading.prepareProcess(reading: paths, batch: items.count > 1)
        let several = items.count > 1
        let reader = reading.reading(batch: several)
        let job: ReadRequest.Job = switch format {
        case .json: .record
        case .summary: .summary
        case .text: .text
        case .intermediate: .intermediate
        }
        let failed = InputFiles.sideBySide(items, progress: progress, { path throws(ReadError) in
            try reader.first(ReadRequest(job: job, path: path, several: several, members: sets[path]?.members))
        }) { _, output in
            var bytes = output
            if job == .record || job == .intermediate { bytes.append(0x0A) }
            InputFiles.stdout(bytes: bytes)
        }
        if failed + unreadable > 0 { throw ExitCode(2) }
    }
}
