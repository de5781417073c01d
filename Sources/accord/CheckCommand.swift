import Foundation
import ArgumentParser
import AccordModel
import AccordPipeline
import AccordReaders
import AccordOCR

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read documents and print their findings.",
        discussion: """
        Prints one line per finding: FILE: SEVERITY CODE: message @ locator.
        Findings are what a person must see: 大写 that disagrees with the figures, budget lines \
        or shares that do not add up, a payment schedule that misses the total, truncated cells, \
        standards left unparsed, OCR layers in the wrong script, repairs made.
        Exit status: 0 when no finding is an error, 1 when any is, 2 when a file could not be read \
        (2 wins over 1). Several files are read in worker processes, as extract reads them \
        (--timeout, --in-process).
        """)

    @Option(name: .long, help: "Lowest severity to print: info, warning or error.")
    var minSeverity: String = "info"

    @OptionGroup var reading: ReadingOptions

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
            for f in findings where f.severity >= floor {
                InputFiles.stdout("\(path): \(f.severity.rawValue) \(f.code): \(f.message)"
                                  + (f.provenance.map { " @ \($0.locator.description)" } ?? "") + "\n")
            }
            errors += findings.filter { $0.severity == .error }.count
        }
        if failed + unreadable > 0 { throw ExitCode(2) }
        if errors > 0 { throw ExitCode(1) }
    }
}
