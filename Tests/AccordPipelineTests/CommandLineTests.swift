import Testing
import Foundation
import TestSupport

/// The `accord` executable as a person uses it: exit codes, one-line errors, batches that go on.
@Suite struct CommandLineTests {
    static var binary: URL? { AccordBinary.url }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ args: [String], environment: [String: String]? = nil) throws -> Result {
        let p = Process()
        p.executableURL = try #require(binary, "the accord executable is built next to the tests")
        p.arguments = args
        if let environment { p.environment = environment }
        p.currentDirectoryURL = Corpus.root()
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func temp(_ name: String, _ data: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    @Test func batchGoesOnPastBadFiles() throws {
        let empty = try Self.temp("empty.txt", Data())
        let binary = try Self.temp("report.txt", Data([0x00, 0x01, 0x02, 0xFE, 0x00, 0x07, 0x08, 0x00]))
        let r = try Self.run(["extract", "corpus/seeds/001_08ce58bb254aa3f5.txt", empty, "/nonexistent/x.docx", binary, "corpus/seeds/003_fec90b3e624f4feb.txt"])
        #expect(r.status == 2)
        let records = r.stdout.split(separator: "\n")
        #expect(records.count == 2, "one JSON line per readable file")
        let paths = try records.map { line in
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return (record["source"] as? [String: Any])?["path"] as? String
        }
        #expect(paths == ["corpus/seeds/001_08ce58bb254aa3f5.txt", "corpus/seeds/003_fec90b3e624f4feb.txt"])
        #expect(r.stderr == "accord: \(empty): empty file\n" + "accord: /nonexistent/x.docx: no such file\n"
                + "accord: \(binary): binary content of no known format\n")
    }

    /// Files of a batch are read side by side (a group per core at a time): each record is the
    /// one the file gives alone, in the order the files were named, the bad file's error line among
    /// them, and every text in `-f text` under its own file's header.
    @Test func batchReadSideBySideKeepsEachFilesRecordAndOrder() throws {
        let files = ["corpus/seeds/000_77b86f38557a5dc6.txt", "corpus/docx/001_agreement.docx", "/nonexistent/x.docx",
                     "corpus/seeds/003_fec90b3e624f4feb.txt", "corpus/docx/001_agreement.html"]
        let batch = try Self.run(["extract"] + files)
        #expect(batch.status == 2)
        let lines = batch.stdout.split(separator: "\n").map(String.init)
        let good = files.filter { !$0.hasPrefix("/nonexistent") }
        #expect(lines.count == good.count)
        for (file, line) in zip(good, lines) {
            let alone = try Self.run(["extract", file])
            #expect(alone.status == 0)
            let a = try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary
            #expect(a != nil && a == b, "\(file): the batch's record differs from the file's own")
        }
        #expect(batch.stderr == "accord: /nonexistent/x.docx: no such file\n")
        let text = try Self.run(["extract", "-f", "text"] + good)
        let headers = text.stdout.split(separator: "\n").filter { $0.hasPrefix("==> ") }.map(String.init)
        #expect(headers == good.map { "==> \($0) <==" })
    }

    @Test func checkExitsOneOnAnErrorFinding() throws {
        var text = String(decoding: try Corpus.data("corpus/seeds/001_08ce58bb254aa3f5.txt"), as: UTF8.self)
        // A 大写 that spells another amount than its figures.
        text = text.replacingOccurrences(of: "贰佰伍拾贰万柒仟贰佰柒拾叁元整", with: "贰佰伍拾贰万柒仟贰佰柒拾肆元整")
        let bad = try Self.temp("agreement.md", Data(text.utf8))
        let r = try Self.run(["check", "--min-severity", "error", bad])
        #expect(r.status == 1)
        #expect(r.stdout.contains("error amount.uppercase_mismatch"))
        #expect(r.stdout.contains("@ L15:"))
        let clean = try Self.run(["check", "--min-severity", "error", "corpus/seeds/001_08ce58bb254aa3f5.txt"])
        #expect(clean.status == 0)
        #expect(clean.stdout.isEmpty)
    }

    @Test func formatsAndHelp() throws {
        let text = try Self.run(["extract", "-f", "text", "corpus/seeds/003_fec90b3e624f4feb.txt"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("服务类别\t具体服务内容\t服务指标"))
        let summary = try Self.run(["extract", "-f", "summary", "corpus/seeds/001_08ce58bb254aa3f5.txt"])
        #expect(summary.stdout.contains("amount: 2690000 → 2527273"))
        let help = try Self.run(["extract", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("intermediate") && help.stdout.contains("Exit status"))
        let usage = try Self.run(["extract", "-f", "xml", "corpus/seeds/001_08ce58bb254aa3f5.txt"])
        #expect(usage.status == 2 && usage.stdout.isEmpty)
        #expect(usage.stderr.hasPrefix("Error: The value 'xml' is invalid for '-f <format>'. Please provide one of 'json', 'summary', 'text' or 'intermediate'.\n"))
    }

    /// The test script sets OMP_THREAD_LIMIT=1 for the test process; a person's shell does not.
    /// Then `accord` re-executes itself with it set when (and only when) a file will be OCR'd.
    @Test func ocrRunsSingleThreadedWithoutTheVariable() throws {
        var env = ProcessInfo.processInfo.environment
        env["OMP_THREAD_LIMIT"] = nil
        env["ACCORD_OMP_REEXEC"] = nil
        let r = try Self.run(["extract", "-f", "intermediate", "corpus/scans/001-annex-table.png"], environment: env)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"ocr.engine\""))
        #expect(r.stdout.contains("tesseract "))
        #expect(!r.stdout.contains("OMP_THREAD_LIMIT not 1"), "the OCR ran with OpenMP's default thread count")
    }
}
