import Foundation
import ArgumentParser
import AccordModel
import AccordPipeline
import AccordReaders
import AccordOCR
import AccordReview

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read documents and print their findings.",
        discussion: """
        Prints one line per finding: FILE: SEVERITY CODE: message @ locator.
        Findings are what a person must see: 大写 that disagrees with the figures, budget lines \
        or shares that do not add up, a payment schedule that misses the total, truncated cells, \
        standards left unparsed, OCR layers in the wrong script, repairs made.
        A code found \(Self.collapseAt) or more times in one document (a dump's cut lines) is one line: \
        FILE: SEVERITY CODE: N× — the first message — at each place; --each prints every one.
        Exit status: 0 when no finding is an error, 1 when any is, 2 when a file could not be read \
        (2 wins over 1). Several files are read in worker processes, as extract reads them \
        (--timeout, --in-process).
        """)

    @Option(name: .long, help: "Lowest severity to print: info, warning or error.")
    var minSeverity: String = "info"

    @Flag(name: .long, help: "Print every finding on its own line, repeated codes included.")
    var each = false

    @OptionGroup var reading: ReadingOptions

    /// From this many findings of one code in one document on, they are printed as one line.
    static let collapseAt = 4

    @Argument(help: "Files or directories to check.", completion: .file())
    var files: [String]

    func run() throws {
        guard let floor = Severity(rawValue: minSeverity) else { throw ValidationError("--min-severity must be info, warning or error") }
        var unlisted: [String] = []
        let paths = InputFiles.expand(files, unlisted: &unlisted)
        let unreadable = InputFiles.reportUnlisted(unlisted)
        guard !paths.isEmpty else { if unreadable > 0 { throw ExitCode(2) }; throw ValidationError("no input files") }
        reading.prepareProcess(reading: paths, batch: paths.count > 1)
        let reader = reading.reading(batch: paths.count > 1)
        var errors = 0
        let failed = InputFiles.sideBySide(paths, progress: false, { path throws(ReadError) in
            let bytes = try reader.first(ReadRequest(job: .findings, path: path))
            do { return try JSONDecoder().decode([Finding].self, from: Data(bytes)) }
            catch { throw ReadError("the reader's findings cannot be decoded: \(error)") }
        }) { path, findings in
            let shown = findings.filter { $0.severity >= floor }
            let digest = Dictionary(FindingDigest.digest(shown).map { ($0.code + $0.severity.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
            var printed = Set<String>()
            for f in shown {
                let key = f.code + f.severity.rawValue
                if !each, let line = digest[key], line.count >= Self.collapseAt {
                    guard printed.insert(key).inserted else { continue }
                    InputFiles.stdout("\(path): \(f.severity.rawValue) \(f.code): \(line.line(maxPlaces: 8))\n")
                    continue
                }
                InputFiles.stdout("\(path): \(f.severity.rawValue) \(f.code): \(f.message)"
                                  + (f.provenance.map { " @ \($0.locator.description)" } ?? "") + "\n")
            }
            errors += findings.filter { $0.severity == .error }.count
        }
        if failed + unreadable > 0 { throw ExitCode(2) }
        if errors > 0 { throw ExitCode(1) }
    }
}
