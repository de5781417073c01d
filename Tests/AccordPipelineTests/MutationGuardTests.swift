import Testing
import Foundation
import AccordModel
import AccordPipeline
import AccordReaders
import AccordChecks
import TestSupport

/// Promises of the README and `--help` that a mutation of scripts/mutations.txt broke while the
/// rest of the suite still passed (scripts/mutate.sh). Each test names the mutations it kills.
@Suite struct MutationGuardTests {
    typealias CLI = CommandLineTests
    static let seed1 = "corpus/seeds/001_08ce58bb254aa3f5.txt"
    static let seed3 = "corpus/seeds/003_fec90b3e624f4feb.txt"

    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-guard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Seed 001 with an amended 大写 that spells another amount: one error finding.
    static func wrongUppercase() throws -> Data {
        let text = String(decoding: try Corpus.data(seed1), as: UTF8.self)
        let bad = text.replacingOccurrences(of: "贰佰伍拾贰万柒仟贰佰柒拾叁元整", with: "贰佰伍拾贰万柒仟贰佰柒拾肆元整")
        #expect(bad != text)
        return Data(bad.utf8)
    }

    static func budget(_ doc: CanonicalDocument, _ item: String) -> Decimal? {
        doc.contract?.budget.first { $0.item == item }?.amended?.amount?.value
    }

    static func recognized(_ p: Paragraph) -> Paragraph {
        var p = p
        p.content.confidences = Array(repeating: 0.9, count: p.content.original.count)
        return p
    }

    static func recognized(_ b: Block) -> Block {
        switch b {
        case .heading(let p, let level): return .heading(recognized(p), level: level)
        case .paragraph(let p): return .paragraph(recognized(p))
        case .table(var t):
            t.rows = t.rows.map { $0.map { var c = $0; c.paragraphs = c.paragraphs.map(recognized); return c } }
            return .table(t)
        }
    }

    // MARK: the pipeline glue

    /// M01: `Pipeline.process` repairs recognized figures (the Repairer's own tests build records
    /// by hand). The same agreement with one misread digit (督导 46200 read as 48200): typed, it is
    /// a defect of the document (reported, left alone); recognized, the budget's redundancy repairs it.
    @Test func pipelineRepairsARecognizedFigureAndLeavesATypedOneAlone() throws {
        let text = String(decoding: try Corpus.data(Self.seed1), as: UTF8.self)
        let misread = text.replacingOccurrences(of: "46200 元", with: "48200 元")
        #expect(misread != text)
        let pipeline = Pipeline()
        let typed = try pipeline.process(data: Data(misread.utf8), path: "agreement.md")
        #expect(Self.budget(typed, "督导经费") == 48200)
        #expect(typed.report.findings.contains { $0.code == "budget.sum_mismatch" && $0.severity == .error })
        #expect(!typed.report.findings.contains { $0.code.hasPrefix("repair.") })

        var doc = try pipeline.read(data: Data(misread.utf8), path: "agreement.md")
        doc.blocks = doc.blocks.map(Self.recognized)
        let repaired = pipeline.process(doc)
        #expect(Self.budget(repaired, "督导经费") == 46200)
        let repairs = repaired.report.findings.filter { $0.code.hasPrefix("repair.") }
        #expect(repairs.map(\.code) == ["repair.applied"])
        #expect(repairs.first?.message.contains("48200") == true && repairs.first?.message.contains("46200") == true)
        #expect(repaired.report.findings.filter { $0.severity == .error }.map(\.code) == [])
    }

    /// M03: a directory given where a file is read is "is a directory", in the library and in
    /// `accord diff` (the one command that reads a named directory as a file).
    @Test func aDirectoryReadAsAFileIsReportedAsOne() throws {
        do {
            _ = try Pipeline().process(fileAt: Corpus.url("corpus/seeds").path)
            Issue.record("a directory was read")
        } catch {
            #expect(error.reason == "is a directory")
        }
        let r = try CLI.run(["diff", "corpus/seeds", Self.seed1])
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr == "accord: corpus/seeds: is a directory\n")
    }

    // MARK: accord check

    /// M04, M05: `check` exits 2 when a file cannot be read, alone or beside a clean file, and 2
    /// wins over the 1 of an error finding; the readable files' findings are still printed.
    @Test func checkExitsTwoOnAnUnreadableFileAndTwoWinsOverOne() throws {
        let dir = try Self.folder()
        let empty = dir.appendingPathComponent("empty.txt").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let bad = dir.appendingPathComponent("agreement.md").path
        try Self.wrongUppercase().write(to: URL(fileURLWithPath: bad))

        let alone = try CLI.run(["check", empty])
        #expect(alone.status == 2 && alone.stdout.isEmpty && alone.stderr == "accord: \(empty): empty file\n")
        let withClean = try CLI.run(["check", "--min-severity", "error", Self.seed1, empty])
        #expect(withClean.status == 2 && withClean.stdout.isEmpty && withClean.stderr == "accord: \(empty): empty file\n")
        let withError = try CLI.run(["check", "--min-severity", "error", bad, empty])
        #expect(withError.status == 2, "2 wins over 1")
        #expect(withError.stderr == "accord: \(empty): empty file\n")
        #expect(withError.stdout.hasPrefix("\(bad): error amount.uppercase_mismatch: "))
        #expect(withError.stdout.split(separator: "\n").count == 1)
        #expect(try CLI.run(["check", "--min-severity", "error", bad]).status == 1)
    }

    /// M07: `--min-severity` takes info, warning or error and nothing else; each floor prints the
    /// findings of its own severity and above.
    @Test func checkMinSeverityValuesAndFloors() throws {
        let invalid = try CLI.run(["check", "--min-severity", "fatal", Self.seed1])
        #expect(invalid.status == 2 && invalid.stdout.isEmpty)
        #expect(invalid.stderr.contains("--min-severity must be info, warning or error"))
        // Seed 001: three infos (indicator.standard_assignment_uncertain), no warning, no error.
        let info = try CLI.run(["check", "--min-severity", "info", Self.seed1])
        let lines = info.stdout.split(separator: "\n")
        #expect(info.status == 0 && lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix("\(Self.seed1): info indicator.standard_assignment_uncertain: ") })
        #expect(try CLI.run(["check", Self.seed1]).stdout == info.stdout, "info is the default floor")
        let warning = try CLI.run(["check", "--min-severity", "warning", Self.seed1])
        #expect(warning.status == 0 && warning.stdout.isEmpty)
    }

    // MARK: accord extract and directories

    /// M09: `--progress` writes "[n/N] path" on standard error as each file starts.
    @Test func extractProgressNamesEachFile() throws {
        let batch = try CLI.run(["extract", "--progress", "-f", "summary", Self.seed1, Self.seed3])
        #expect(batch.status == 0)
        #expect(batch.stderr.split(separator: "\n").map(String.init).sorted() == ["[1/2] \(Self.seed1)", "[2/2] \(Self.seed3)"])
        let one = try CLI.run(["extract", "--progress", Self.seed1])
        #expect(one.status == 0 && one.stderr == "[1/1] \(Self.seed1)\n")
        let quiet = try CLI.run(["extract", "-f", "summary", Self.seed1, Self.seed3])
        #expect(quiet.stderr.isEmpty)
    }

    /// M10, M11, M12: a directory is read recursively, in sorted order (not the file system's),
    /// without hidden files or anything under a hidden folder, and folders are not files.
    @Test func directoriesAreReadRecursivelySortedWithoutHiddenFiles() throws {
        let dir = try Self.folder()
        // Created in an order unlike the sorted one; ext4 and tmpfs list neither order.
        let visible = ["k.md", "b.md", "x.md", "m/z.md", "a.md", "m/a.md", "q.md", "m.md", "c.md", "n/o/p.md", "d.md", "l.md"]
        let hidden = [".hidden.md", ".git/config.md", "m/.cache/x.md", "m/.draft.md"]
        for (i, rel) in (visible + hidden).enumerated() {
            let url = dir.appendingPathComponent(rel)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("# 第\(i + 1)号文件\n\n社区服务项目说明，编号\(i + 1)。\n".utf8).write(to: url)
        }
        let expected = visible.sorted().map { dir.appendingPathComponent($0).path }
        #expect(visible.sorted() == ["a.md", "b.md", "c.md", "d.md", "k.md", "l.md", "m.md", "m/a.md", "m/z.md", "n/o/p.md", "q.md", "x.md"])
        let r = try CLI.run(["extract", "-f", "text", dir.path])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let headers = r.stdout.split(separator: "\n").filter { $0.hasPrefix("==> ") }.map(String.init)
        #expect(headers == expected.map { "==> \($0) <==" })
    }

    // MARK: accord ingest

    /// M16: ingest exits 0 when every file is in without error findings, 1 when a file has one.
    @Test func ingestExitsOneOnAnErrorFindingAndZeroWhenClean() throws {
        let dir = try Self.folder()
        let shelf = dir.appendingPathComponent("shelf")
        try FileManager.default.createDirectory(at: shelf, withIntermediateDirectories: true)
        try Corpus.data(Self.seed1).write(to: shelf.appendingPathComponent("a.md"))
        let db = dir.appendingPathComponent("archive.sqlite").path
        let clean = try CLI.run(["ingest", "--db", db, "--quiet", shelf.path])
        #expect(clean.status == 0)
        #expect(clean.stdout.hasPrefix("ingest: 1 files into \(db): 1 new, 0 unchanged, 0 linked, 0 superseded, 0 failed, 0 with error findings ("))
        try Self.wrongUppercase().write(to: shelf.appendingPathComponent("b.md"))
        let withError = try CLI.run(["ingest", "--db", db, "--quiet", shelf.path])
        #expect(withError.status == 1)
        #expect(withError.stdout.hasPrefix("ingest: 2 files into \(db): 1 new, 1 unchanged, 0 linked, 0 superseded, 0 failed, 1 with error findings ("))
        #expect(withError.stderr.isEmpty)
    }

    /// M18: a file named twice (itself and through its folder) is ingested once.
    @Test func ingestTakesAFileNamedTwiceOnce() throws {
        let dir = try Self.folder()
        let shelf = dir.appendingPathComponent("shelf")
        try FileManager.default.createDirectory(at: shelf, withIntermediateDirectories: true)
        try Corpus.data(Self.seed1).write(to: shelf.appendingPathComponent("a.md"))
        try Corpus.data(Self.seed3).write(to: shelf.appendingPathComponent("b.md"))
        let db = dir.appendingPathComponent("archive.sqlite").path
        let r = try CLI.run(["ingest", "--db", db, "--quiet", shelf.path, shelf.appendingPathComponent("a.md").path])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("ingest: 2 files into \(db): 2 new, 0 unchanged, 0 linked, 0 superseded, 0 failed, 0 with error findings ("))
    }

    /// M17: ingest keys a reading by content and extractor: the same tree again reads no file
    /// (each event says read false, outcome unchanged), and a copy under another name is linked.
    @Test func ingestReadsNothingTheSecondTime() throws {
        let dir = try Self.folder()
        let shelf = dir.appendingPathComponent("shelf")
        try FileManager.default.createDirectory(at: shelf, withIntermediateDirectories: true)
        try Corpus.data(Self.seed1).write(to: shelf.appendingPathComponent("a.md"))
        try Corpus.data(Self.seed3).write(to: shelf.appendingPathComponent("b.md"))
        let db = dir.appendingPathComponent("archive.sqlite").path
        func events(_ paths: [String]) throws -> [[String: Any]] {
            let r = try CLI.run(["ingest", "--db", db, "--events", "jsonl"] + paths)
            #expect(r.status == 0)
            return r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.dropLast()
        }
        let first = try events([shelf.path])
        #expect(first.map { $0["read"] as? Bool } == [true, true])
        let again = try events([shelf.path])
        #expect(again.map { $0["read"] as? Bool } == [false, false])
        #expect(again.map { $0["outcome"] as? String } == ["unchanged", "unchanged"])
        // A copy named after its twin is stored: linked to the twin's reading, not read.
        let copy = dir.appendingPathComponent("copy of a.md")
        try Corpus.data(Self.seed1).write(to: copy)
        let linked = try events([copy.path])
        #expect(linked.map { $0["read"] as? Bool } == [false])
        #expect(linked.map { $0["outcome"] as? String } == ["linked"])
    }

    // MARK: search, export

    /// The archive of `exportAndSearch`: seed 003 stored before seed 001 (named in that order:
    /// files named on the command line are taken in the order given).
    static func unsortedArchive() throws -> (db: String, a: String, b: String) {
        let dir = try Self.folder()
        let a = dir.appendingPathComponent("a.md").path, b = dir.appendingPathComponent("b.md").path
        try Corpus.data(Self.seed1).write(to: URL(fileURLWithPath: a))
        try Corpus.data(Self.seed3).write(to: URL(fileURLWithPath: b))
        let db = dir.appendingPathComponent("archive.sqlite").path
        let r = try CLI.run(["ingest", "--db", db, "--events", "jsonl", b, a])
        #expect(r.status == 0)
        let order = r.stdout.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["path"] as? String }
        #expect(order == [b, a], "stored in the order named")
        return (db, a, b)
    }

    /// M26, M27: export is sorted by path whatever the order the files were stored in, and
    /// `-o FILE` writes exactly what standard output gets, leaving no partial file.
    @Test func exportIsSortedByPathAndWritesItsFile() throws {
        let (db, a, b) = try Self.unsortedArchive()
        let export = try CLI.run(["export", "--db", db, "--format", "jsonl"])
        #expect(export.status == 0)
        let paths = export.stdout.split(separator: "\n").compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["source"] as? [String: Any])?["path"] as? String
        }
        #expect(paths == [a, b])
        #expect(export.stdout == (try CLI.run(["extract", a, b]).stdout))
        let list = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["list", "--db", db, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(list.compactMap { $0["path"] as? String } == [a, b])

        let outDir = try Self.folder()
        let out = outDir.appendingPathComponent("records.jsonl").path
        let toFile = try CLI.run(["export", "--db", db, "--format", "jsonl", "-o", out])
        #expect(toFile.status == 0 && toFile.stdout.isEmpty && toFile.stderr.isEmpty)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self) == export.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outDir.path) == ["records.jsonl"], "no partial file left")
    }

    /// M24: `--limit N` gives at most N hits (the first by path).
    @Test func searchLimit() throws {
        let (db, a, b) = try Self.unsortedArchive()
        let all = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["search", "--db", db, "--format", "json", "社区"]).stdout.utf8)) as? [[String: Any]])
        #expect(all.compactMap { $0["path"] as? String } == [a, b])
        let one = try CLI.run(["search", "--db", db, "--format", "json", "--limit", "1", "社区"])
        #expect(one.status == 0)
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [[String: Any]])
        #expect(hits.compactMap { $0["path"] as? String } == [a])
    }

    // MARK: checks of cut dumps

    /// M30: a budget cut short by a dump is reported as not checked (info) and not summed (no
    /// false budget.sum_mismatch): the eight dumps whose cut left part of the budget (v26 and v29
    /// keep only a line whose share was cut off, read since cut budget lines keep their amount).
    @Test func cutBudgetsAreReportedAsNotChecked() throws {
        let cut = ["v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31"]
        let files = try FileManager.default.contentsOfDirectory(atPath: Corpus.url("corpus/variants").path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(files.count == 32)
        for name in files + ["000_77b86f38557a5dc6.txt"] {
            let file = name.hasPrefix("v") ? "corpus/variants/\(name)" : "corpus/seeds/\(name)"
            let doc = try Pipeline().process(data: try Corpus.data(file), path: file)
            let notChecked = doc.report.findings.filter { $0.code.hasSuffix(".not_checked") }
            let isCut = cut.contains(String(name.prefix(3)))
            #expect(notChecked.map(\.code) == (isCut ? ["budget.not_checked"] : []), "\(file)")
            #expect(notChecked.allSatisfy { $0.severity == .info }, "\(file)")
            if isCut {
                #expect(doc.contract?.truncatedTerms?.contains("budget.original") == true, "\(file)")
                #expect(!doc.report.findings.contains { $0.code.hasPrefix("budget.") && $0.severity == .error }, "\(file)")
            }
        }
    }

    /// M31: a schedule cut short is reported as not checked (info) instead of summed. No corpus
    /// file keeps months of a cut schedule (the dumps lose the whole schedule), so the record is
    /// built by hand: a cut amended schedule that misses the amount, and the same one uncut.
    @Test func cutScheduleIsReportedAsNotChecked() throws {
        let prov = Provenance(source: String(repeating: "0", count: 64), locator: Locator(line: 7), text: "224166元", confidence: 1)
        var c = Contract()
        c.amount = AmountChange(original: nil, amended: MoneyValue(value: 2527273, provenance: prov))
        c.payments = Payments(original: nil, amended: [PaymentSpan(from: "2025-08", to: "2025-12", monthly: 224166, provenance: prov)])
        func findings(_ c: Contract) -> [Finding] {
            Checker().check(CanonicalDocument(source: SourceInfo(path: "cut.txt", sha256: String(repeating: "0", count: 64), format: "text", encoding: "utf-8"),
                                              documentKind: .amendment, contract: c, packages: [], report: Report()))
        }
        #expect(findings(c).map(\.code).contains("payments.sum_mismatch"), "uncut: summed")
        c.truncatedTerms = ["payments.amended"]
        let cut = findings(c)
        #expect(cut.map(\.code) == ["payments.not_checked"])
        #expect(cut.first?.severity == .info && cut.first?.provenance == prov)
    }

    // MARK: worker processes

    /// M35: a file still being read after --timeout seconds is stopped then, not later.
    @Test func aHangingFileIsStoppedAtTheTimeout() throws {
        var env = ProcessInfo.processInfo.environment
        env["ACCORD_TEST_FAULT"] = "hang:003_fec9"
        let started = Date()
        let r = try CLI.run(["extract", "-f", "summary", "--timeout", "2", Self.seed1, Self.seed3], environment: env)
        let seconds = Date().timeIntervalSince(started)
        #expect(r.status == 2)
        #expect(r.stderr == "accord: \(Self.seed3): timed out after 2 s (the reader was stopped)\n")
        #expect(r.stdout == (try CLI.run(["extract", "-f", "summary", Self.seed1]).stdout))
        #expect(seconds >= 2 && seconds < 12, "stopped after \(seconds) s")
    }

    /// M37: workers of a batch run Tesseract single-threaded although the user's environment
    /// does not say so (the parent does not re-execute itself for a batch).
    @Test func batchWorkersRecognizeSingleThreaded() throws {
        var env = ProcessInfo.processInfo.environment
        env["OMP_THREAD_LIMIT"] = nil
        env["ACCORD_OMP_REEXEC"] = nil
        let r = try CLI.run(["extract", "-f", "intermediate", "corpus/scans/001-annex-table.png", Self.seed1], environment: env)
        #expect(r.status == 0)
        let scan = try #require(r.stdout.split(separator: "\n").first)
        #expect(scan.contains("\"ocr.engine\""))
        #expect(!scan.contains("OMP_THREAD_LIMIT not 1"), "a worker recognized with OpenMP's default thread count")
    }

    /// M39: `--timeout` must be more than 0.
    @Test func timeoutMustBePositive() throws {
        for value in ["0", "0.0"] {
            let r = try CLI.run(["extract", "--timeout", value, Self.seed1])
            #expect(r.status == 2 && r.stdout.isEmpty, "--timeout \(value)")
            #expect(r.stderr.contains("--timeout must be more than 0 seconds"), "--timeout \(value)")
        }
    }
}
