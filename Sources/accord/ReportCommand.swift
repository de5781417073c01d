import Foundation
import ArgumentParser
import AccordModel
import AccordArchive
import AccordDiff
import AccordOCR
import AccordReview
import AccordReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the archive's batch report: a static HTML site for reviewing a batch.",
        discussion: """
        Writes into DIR (created if needed; files of an earlier report are replaced):
          index.html          an overview — files by format, kind and status; findings by severity \
        and code; repairs; OCR confidence — a filterable table of documents (one row per stored \
        file, failed ones included) and the list of groups and annex families
          documents/ID.html   a page per document: each value with its source snippet and place, \
        and for a scan the crop of the page region it was read from (documents/ID/N.png, cropped \
        with Leptonica from the recorded box out of the file at its stored path); findings with \
        repeated codes as one line with the count and places
          groups/GID.html     a page per group and annex family: sources, the reconciliation \
        (each source's value with its provenance, the likelier one and why), the merged view
        The site is self-contained: no network, no CDN; open index.html in any browser. \
        Corrections (accord set) are applied. Progress goes to standard error.
        Exit status: 0; 2 when the archive cannot be opened or DIR cannot be written.
        """)

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .long, help: ArgumentHelp("The folder to write the site into.", valueName: "DIR"))
    var html: String

    @Flag(name: .long, help: "No progress lines on standard error.")
    var quiet = false

    func run() throws {
        let loaded = try ReviewArchive.load(archive, progress: !quiet)
        let review = loaded.review
        // Scan regions, cropped from the files at their stored paths, each page decoded once.
        var fileOf: [String: String] = [:]
        for e in loaded.entries { if fileOf[e.sha256] == nil { fileOf[e.sha256] = e.readFrom ?? e.path } }
        // A document composed of page files numbers its pages across the files: page k of the
        // whole is page j of the part whose `pages` holds k.
        var ownPage: [String: [Int: Int]] = [:]
        for s in review.sources {
            for part in s.record.source.parts ?? [] {
                if fileOf[part.sha256] == nil { fileOf[part.sha256] = part.path }
                for (j, k) in part.pages.enumerated() { ownPage[part.sha256, default: [:]][k] = j + 1 }
            }
        }
        let regions = ReportSite.scanRegions(review)
        var crops: [CropKey: Data] = [:]
        var missing = 0
        let byFile = Dictionary(grouping: regions, by: \.source)
        var done = 0
        for (sha, keys) in byFile.sorted(by: { $0.key < $1.key }) {
            guard let path = fileOf[sha], FileManager.default.isReadableFile(atPath: path) else { missing += keys.count; continue }
            let pages = keys.map { ownPage[sha]?[$0.page] ?? $0.page }
            for (key, result) in zip(keys, ScanCrop.pngs(file: path, regions: zip(pages, keys).map { ($0.0, $0.1.bbox) })) {
                if case .success(let png) = result { crops[key] = png } else { missing += 1 }
            }
            done += 1
            if !quiet { InputFiles.stderr("report: cropped \(done)/\(byFile.count) scanned files") }
        }
        let files = loaded.entries.map {
            ReportInput.File(id: "\($0.id)", path: $0.path, status: $0.status.rawValue, error: $0.error, format: $0.format, kind: $0.documentKind)
        }
        let input = ReportInput(review: review, files: files, crops: crops, made: ReviewArchive.now())
        let site = ReportSite.build(input) { n, total in
            if !quiet, n % 50 == 0 || n == total { InputFiles.stderr("report: \(n)/\(total) pages") }
        }
        let root = URL(fileURLWithPath: html)
        do {
            for f in site {
                let url = root.appendingPathComponent(f.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.bytes.write(to: url, options: .atomic)
            }
        } catch {
            InputFiles.stderr("accord: \(html): cannot write the report: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        InputFiles.stdout("report: \(root.appendingPathComponent("index.html").path): \(files.count) files, \(review.groups.count) groups, "
                          + "\(site.count) files written, \(crops.count) scan crops" + (missing > 0 ? " (\(missing) regions not cropped: file gone or unreadable)" : "") + "\n")
    }
}
