import Testing
import Foundation
import TestSupport

/// The promises of `accord extract --help` and `accord check --help` (and the README), each run as
/// a person runs them: the built executable as a process, real files, standard output, standard
/// error and exit status, every value compared whole. (Archive, diff and worker isolation:
/// ArchiveCommandTests, DiffCommandTests, IsolationTests.)
@Suite struct CLIContractTests {
    typealias CLI = CommandLineTests
    static let seed000 = "corpus/seeds/000_77b86f38557a5dc6.txt"
    static let seed001 = "corpus/seeds/001_08ce58bb254aa3f5.txt"
    static let seed003 = "corpus/seeds/003_fec90b3e624f4feb.txt"

    static func lines(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    static func object(_ s: some StringProtocol) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? NSDictionary)
    }

    /// A fresh folder with `files` (relative path → content) written into it.
    static func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-contract-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    /// A tree where walk order, per-folder order and sorted order all differ: upper case before
    /// lower, `a-1.txt` ('-' < '/') before the folder `a`'s files, hidden files and files in
    /// hidden folders (at any depth) left out.
    static func tree() throws -> (dir: URL, visible: [String]) {
        let names = ["b.txt", "A.txt", "a/z.txt", "a/b/c.txt", "a-1.txt", ".hidden.txt", ".git/x.txt", "a/.secret/y.txt", "a/b/.h.txt"]
        let dir = try folder(Dictionary(uniqueKeysWithValues: names.map { ($0, "甲方：\($0)\n") }))
        return (dir, ["A.txt", "a-1.txt", "a/b/c.txt", "a/z.txt", "b.txt"].map { dir.appendingPathComponent($0).path })
    }

    // MARK: directory expansion

    @Test func directoriesAreReadRecursivelySortedWithHiddenFilesSkipped() throws {
        let (dir, visible) = try Self.tree()
        let text = try CLI.run(["extract", "-f", "text", dir.path])
        #expect(text.status == 0 && text.stderr.isEmpty)
        #expect(text.stdout == visible.map { path in
            "==> \(path) <==\n甲方:\(path.dropFirst(dir.path.count + 1))\n"
        }.joined())
        // JSON Lines: one compact record per file, in the same order.
        let json = try CLI.run(["extract", dir.path])
        #expect(json.status == 0)
        let records = try Self.lines(json.stdout).map { try Self.object($0) }
        #expect(records.map { ($0["source"] as? NSDictionary)?["path"] as? String } == visible)
        // check walks the same files: none has a finding, exit 0.
        let check = try CLI.run(["check", dir.path])
        #expect(check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty)
    }

    /// Files named on the command line keep the order they were named in (directories expand in
    /// place); a hidden file named explicitly is read.
    @Test func namedFilesKeepTheirOrderAndAHiddenFileNamedIsRead() throws {
        let (dir, visible) = try Self.tree()
        let b = dir.appendingPathComponent("b.txt").path, hidden = dir.appendingPathComponent(".hidden.txt").path
        let sub = dir.appendingPathComponent("a").path
        let r = try CLI.run(["extract", "-f", "text", b, sub, hidden])
        #expect(r.status == 0)
        let headers = Self.lines(r.stdout).filter { $0.hasPrefix("==> ") }
        #expect(headers == [b, visible[2], visible[3], hidden].map { "==> \($0) <==" })
    }

    @Test func anEmptyFolderIsAUsageError() throws {
        let dir = try Self.folder([".only-hidden": "x"])
        for command in ["extract", "check"] {
            let r = try CLI.run([command, dir.path])
            #expect(r.status == 2 && r.stdout.isEmpty, "\(command)")
            #expect(r.stderr.hasPrefix("Error: no input files\n"), "\(command): \(r.stderr)")
        }
    }

    // MARK: exit status and batches with unreadable files

    @Test func extractExitsZeroWhenEveryFileIsReadAndTwoWhenAnyIsNot() throws {
        let good = try CLI.run(["extract", Self.seed001, Self.seed003])
        #expect(good.status == 0 && good.stderr.isEmpty)
        let empty = try CLI.temp("empty.txt", Data())
        let binary = try CLI.temp("report.txt", Data([0x00, 0x01, 0x02, 0xFE, 0x00, 0x07, 0x08, 0x00]))
        let files = [Self.seed001, empty, "/nonexistent/x.docx", binary, Self.seed003, "corpus/hostile/truncated.docx"]
        for format in ["json", "summary", "text", "intermediate"] {
            let r = try CLI.run(["extract", "-f", format] + files)
            #expect(r.status == 2, "\(format)")
            // One line per unreadable file, in the order the files were named, each naming the file.
            #expect(r.stderr == """
                accord: \(empty): empty file
                accord: /nonexistent/x.docx: no such file
                accord: \(binary): binary content of no known format
                accord: corpus/hostile/truncated.docx: damaged or truncated ZIP archive (no readable central directory)

                """, "\(format)")
            // The good files' output is what the two give as a batch of their own.
            let alone = try CLI.run(["extract", "-f", format, Self.seed001, Self.seed003])
            #expect(r.stdout == alone.stdout, "\(format)")
        }
        // Only an unreadable file: nothing on standard output.
        let only = try CLI.run(["extract", empty])
        #expect(only.status == 2 && only.stdout.isEmpty && only.stderr == "accord: \(empty): empty file\n")
    }

    static func mismatchedAgreement() throws -> String {
        var text = String(decoding: try Corpus.data(seed001), as: UTF8.self)
        text = text.replacingOccurrences(of: "贰佰伍拾贰万柒仟贰佰柒拾叁元整", with: "贰佰伍拾贰万柒仟贰佰柒拾肆元整")
        return try CLI.temp("agreement.md", Data(text.utf8))
    }

    static func seed001Infos(_ path: String) -> String {
        """
        \(path): info indicator.standard_assignment_uncertain: 2 sub-items share one row with 1 standard paragraph(s); standards were given to the sub-items in order @ L79:6-91
        \(path): info indicator.standard_assignment_uncertain: 4 sub-items share one row with 1 standard paragraph(s); standards were given to the sub-items in order @ L82:1-514
        \(path): info indicator.standard_assignment_uncertain: 2 sub-items share one row with 1 standard paragraph(s); standards were given to the sub-items in order @ L83:2-157

        """
    }

    @Test func checkPrintsEveryFindingAndExitsZeroOneOrTwo() throws {
        // 0: findings, none an error; every one printed as FILE: SEVERITY CODE: message @ locator.
        let clean = try CLI.run(["check", Self.seed001])
        #expect(clean.status == 0 && clean.stderr.isEmpty)
        #expect(clean.stdout == Self.seed001Infos(Self.seed001))
        // 1: an error finding.
        let bad = try Self.mismatchedAgreement()
        let mismatch = "\(bad): error amount.uppercase_mismatch: amended amount: figures say 2527273 元 but the 大写 贰佰伍拾贰万柒仟贰佰柒拾肆元整 says 2527274 元 @ L15:86-101\n"
        let one = try CLI.run(["check", bad])
        #expect(one.status == 1 && one.stderr.isEmpty)
        #expect(one.stdout == Self.seed001Infos(bad) + mismatch)
        // --min-severity: the floor of what is printed, not of what decides the exit status.
        let errorsOnly = try CLI.run(["check", "--min-severity", "error", Self.seed001, bad])
        #expect(errorsOnly.status == 1 && errorsOnly.stdout == mismatch)
        let warnings = try CLI.run(["check", "--min-severity", "warning", Self.seed001])
        #expect(warnings.status == 0 && warnings.stdout.isEmpty)
        // 2 wins over 1: an unreadable file among them, wherever it stands; the others still checked.
        let empty = try CLI.temp("empty.txt", Data())
        for files in [[bad, empty], [empty, bad], [Self.seed001, bad, "/nonexistent/x.txt"]] {
            let r = try CLI.run(["check", "--min-severity", "error"] + files)
            #expect(r.status == 2, "\(files)")
            #expect(r.stdout == mismatch, "\(files)")
            #expect(r.stderr == files.filter { $0 == empty || $0.hasPrefix("/nonexistent") }
                .map { "accord: \($0): \($0 == empty ? "empty file" : "no such file")\n" }.joined(), "\(files)")
        }
        // 2 with no error finding at all.
        let two = try CLI.run(["check", Self.seed001, empty])
        #expect(two.status == 2 && two.stdout == Self.seed001Infos(Self.seed001) && two.stderr == "accord: \(empty): empty file\n")
        // In this process too (--in-process), the same statuses.
        #expect(try CLI.run(["check", "--in-process", Self.seed001, bad]).status == 1)
        #expect(try CLI.run(["check", "--in-process", bad, empty]).status == 2)
    }

    // MARK: output formats

    /// One file: the pretty record, byte for byte the reviewed golden; several: JSON Lines, each
    /// line that file's record, valid against the document schema.
    @Test func jsonIsPrettyForOneFileAndJSONLinesForSeveral() throws {
        let one = try CLI.run(["extract", Self.seed001])
        #expect(one.status == 0)
        #expect(one.stdout == String(decoding: try Corpus.data("corpus/expected/seed-001.json"), as: UTF8.self))
        let several = [Self.seed000, Self.seed001, Self.seed003]
        let batch = try CLI.run(["extract"] + several)
        let lines = Self.lines(batch.stdout)
        #expect(lines.count == 3 && batch.stdout.hasSuffix("}\n"))
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-document.schema.json"))
        for (file, line) in zip(several, lines) {
            #expect(!line.contains("\n") && line.hasPrefix("{\"") && !line.hasPrefix("{ "), "compact")
            #expect(try validator.validate(Data(line.utf8)) == [], "\(file)")
            let alone = try Self.object(try CLI.run(["extract", file]).stdout)
            #expect(try Self.object(line) == alone, "\(file)")
        }
        #expect(try Self.object(lines[1]) == (try Self.object(String(decoding: try Corpus.data("corpus/expected/seed-001.json"), as: UTF8.self))))
    }

    @Test func summaryIsTheHumanReadableView() throws {
        let r = try CLI.run(["extract", "-f", "summary", Self.seed001])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let lines = Self.lines(r.stdout)
        #expect(Array(lines.prefix(24)) == [
            "corpus/seeds/001_08ce58bb254aa3f5.txt  [markdown, utf-8]  amendment",
            "  title: 平湖街道社区党群服务中心社会工作服务项目合同(一标段)补充协议",
            "  project: 平湖街道社区党群服务中心社会工作服务项目",
            "  code: LGDL2025000084-A",
            "  lot: 一标段",
            "  buyer: 深圳市龙岗区平湖街道办事处",
            "  supplier: 深圳市龙岗区正阳社会工作服务中心",
            "  signed: 2025-07-30",
            "  period: 2025-08-02 – 2026-08-01",
            "  amount: 2690000 → 2527273",
            "  budget:",
            "    项目人力费用: 2340384 (87%) → 2201616 (87.11%)",
            "      持证社工经费: 1662624 (61.81%) → 1523856 (60.3%)",
            "      辅助社工经费: 677760 (25.2%) → 677760 (26.82%)",
            "    督导经费: 50400 (1.87%) → 46200 (1.83%)",
            "    业务活动费(含服务险): 79200 (2.94%) → 74400 (2.94%)",
            "    管理费和税费、人员培训等: 220016 (8.18%) → 205057 (8.11%)",
            "  payments original: 2025-08..2026-06 @ 224166, 2026-07..2026-07 @ 224174",
            "  payments amended: 2025-08..2025-12 @ 224166, 2026-01..2026-06 @ 200920, 2026-07..2026-07 @ 200923",
            "  amendment 第八条 [indicators]",
            "  amendment 第九条（一）款 [amount]",
            "  amendment 第九条（二）款 [budget]",
            "  amendment 第九条（三）款 [payments]",
            "  package (unnamed): 67 indicators, 37 with targets",
        ])
        // One line per indicator (the 67 of seed 001's annex, counted by hand in the source).
        #expect(lines.dropFirst(24).filter { $0.hasPrefix("    ") && $0.contains(" | ") }.count == 67)
        #expect(Array(lines.suffix(5)) == [
            "  cleaning: markdown.heading_marker_removed×3, nfkc.fullwidth_punctuation×220, space.cjk_removed×273, text.cell_paragraph_split×3, html.p_tag_removed×11, table.cells_realigned×34, indicator.qualitative_kept×14, indicator.targets_parsed×48",
            "  INFO indicator.standard_assignment_uncertain: 2 sub-items share one row with 1 standard paragraph(s); standards were given to the sub-items in order @ L79:6-91",
            "  INFO indicator.standard_assignment_uncertain: 4 sub-items share one row with 1 standard paragraph(s); standards were given to the sub-items in order @ L82:1-514",
            "  INFO indicator.standard_assignment_uncertain: 2 sub-items share one row with 1 standard paragraph(s); standards were given to the sub-items in order @ L83:2-157",
            "",
        ])
        // A batch: each file's summary as it is alone, one after the other.
        let batch = try CLI.run(["extract", "-f", "summary", Self.seed001, Self.seed003])
        let second = try CLI.run(["extract", "-f", "summary", Self.seed003])
        #expect(batch.stdout == r.stdout + second.stdout)
        #expect(second.stdout.hasPrefix("corpus/seeds/003_fec90b3e624f4feb.txt  [text+text-dump, utf-8]  requirements\n"))
    }

    @Test func textIsTheCleanedTextWithHeadersInABatch() throws {
        let one = try CLI.run(["extract", "-f", "text", "corpus/hostile/messages/lone_cr.txt"])
        #expect(one.status == 0)
        #expect(one.stdout == "甲方:深圳市龙岗区平湖街道办事处\n乙方:深圳市龙岗区正阳社会工作服务中心\n合同金额:269万元\n", "no header for one file")
        let seed = try CLI.run(["extract", "-f", "text", Self.seed003])
        #expect(Array(Self.lines(seed.stdout).prefix(4)) == ["服务要求", "采购包2.乐至县天池街道仙鹤观社区", "", "服务类别\t具体服务内容\t服务指标"])
        let batch = try CLI.run(["extract", "-f", "text", "corpus/hostile/messages/lone_cr.txt", Self.seed003])
        #expect(batch.stdout == "==> corpus/hostile/messages/lone_cr.txt <==\n" + one.stdout + "==> \(Self.seed003) <==\n" + seed.stdout)
    }

    /// The intermediate document of every kind of reader validates against its schema; one file
    /// pretty, several as JSON Lines.
    @Test func intermediateIsValidAgainstItsSchema() throws {
        let validator = try JSONSchemaValidator(schemaURL: Corpus.url("schemas/accord-intermediate.schema.json"))
        let files = [Self.seed001, "corpus/docx/001_agreement.docx", "corpus/docx/001_agreement.html",
                     "corpus/docx/001_agreement.flat.xml", "corpus/docx/003_requirements.2003.xml"]
        let batch = try CLI.run(["extract", "-f", "intermediate"] + files)
        #expect(batch.status == 0)
        let lines = Self.lines(batch.stdout)
        #expect(lines.count == files.count)
        for (file, line) in zip(files, lines) {
            #expect(try validator.validate(Data(line.utf8)) == [], "\(file)")
            let source = try #require(try Self.object(line)["source"] as? NSDictionary)
            #expect(source["path"] as? String == file)
        }
        let formats = try lines.map { try (Self.object($0)["source"] as? NSDictionary)?["format"] as? String }
        #expect(formats == ["markdown", "docx", "html", "flat-opc", "word2003-xml"])
        let one = try CLI.run(["extract", "-f", "intermediate", Self.seed001])
        #expect(one.stdout.hasPrefix("{\n  \""))
        #expect(try validator.validate(Data(one.stdout.utf8)) == [])
        #expect(try Self.object(one.stdout) == (try Self.object(lines[0])))
    }

    // MARK: options

    @Test func progressIsOneLinePerFileOnStandardError() throws {
        let (dir, visible) = try Self.tree()
        let files = visible + ["/nonexistent/x.txt"]
        let r = try CLI.run(["extract", "--progress", "-f", "summary", dir.path, "/nonexistent/x.txt"])
        #expect(r.status == 2)
        let err = Self.lines(r.stderr)
        // Progress lines are printed as each file starts (files are read side by side, so two may
        // swap places); the error line is its own.
        #expect(err.filter { $0.hasPrefix("[") }.sorted() == files.enumerated().map { "[\($0.offset + 1)/6] \($0.element)" }.sorted())
        #expect(err.filter { !$0.hasPrefix("[") } == ["accord: /nonexistent/x.txt: no such file"])
        #expect(r.stdout == (try CLI.run(["extract", "-f", "summary", dir.path])).stdout, "progress never goes to standard output")
        // One file, in order.
        let one = try CLI.run(["extract", "--progress", "-f", "text", visible[0]])
        #expect(one.stderr == "[1/1] \(visible[0])\n")
        // Without it: nothing on standard error.
        #expect(try CLI.run(["extract", "-f", "summary", dir.path]).stderr.isEmpty)
    }

    /// Every option's bad value (and a missing argument, an unknown option or command): exit 2,
    /// nothing on standard output, an "Error: " message naming the problem on standard error.
    @Test(arguments: [
        (["extract", "-f", "xml", seed001], "Error: The value 'xml' is invalid for '-f <format>'. Please provide one of 'json', 'summary', 'text' or 'intermediate'."),
        (["extract", "--format", "pdf", seed001], "Error: The value 'pdf' is invalid for '--format <format>'. Please provide one of 'json', 'summary', 'text' or 'intermediate'."),
        (["extract", "--timeout", "0", seed001], "Error: --timeout must be more than 0 seconds"),
        (["extract", "--timeout", "soon", seed001], "Error: The value 'soon' is invalid for '--timeout <SECONDS>'"),
        (["extract"], "Error: Missing expected argument '<files> ...'"),
        (["extract", "--bogus", seed001], "Error: Unknown option '--bogus'"),
        (["check", "--min-severity", "loud", seed001], "Error: --min-severity must be info, warning or error"),
        (["check", "--timeout", "0", seed001], "Error: --timeout must be more than 0 seconds"),
        (["check"], "Error: Missing expected argument '<files> ...'"),
        (["ingest", "--jobs", "0", "--db", "/nonexistent/a.sqlite", seed001], "Error: --jobs must be at least 1"),
        (["ingest", "--events", "xml", "--db", "/nonexistent/a.sqlite", seed001], "Error: The value 'xml' is invalid for '--events <events>'"),
        (["ingest", "--timeout", "0", "--db", "/nonexistent/a.sqlite", seed001], "Error: --timeout must be more than 0 seconds"),
        (["frobnicate"], "Error: Unexpected argument 'frobnicate'"),
    ])
    func usageErrorsExitTwoWithAMessage(_ args: [String], _ message: String) throws {
        let r = try CLI.run(args)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(Self.lines(r.stderr).first == message, "\(r.stderr)")
        #expect(r.stderr.contains("Usage: accord"))
    }

    @Test func helpExitsZeroAndStatesTheExitStatuses() throws {
        let extract = try CLI.run(["extract", "--help"])
        #expect(extract.status == 0 && extract.stderr.isEmpty)
        #expect(extract.stdout.contains("Exit status: 0 when every file was read, 2 when any file could not be read."))
        let check = try CLI.run(["check", "--help"])
        #expect(check.status == 0)
        #expect(check.stdout.contains("Exit status: 0 when no finding is an error, 1 when any is, 2 when a file could\nnot be read (2 wins over 1)."))
        let root = try CLI.run(["--help"])
        #expect(root.status == 0)
        for command in ["extract", "check", "ingest", "list", "show", "search", "export", "diff"] {
            #expect(root.stdout.contains("\n  \(command) "), "\(command) is listed")
        }
        #expect(!root.stdout.contains("read-worker"), "the worker command is not for people")
    }

    /// "is a directory": `extract` and `check` expand folders, so the message is reached where a
    /// path is read as one file: `accord diff`.
    @Test func aFolderWhereAFileIsExpected() throws {
        let r = try CLI.run(["diff", "corpus/seeds"])
        #expect(r.status == 2 && r.stdout.isEmpty && r.stderr == "accord: corpus/seeds: is a directory\n")
        let two = try CLI.run(["diff", Self.seed001, "corpus/seeds"])
        #expect(two.status == 2 && two.stderr == "accord: corpus/seeds: is a directory\n")
    }
}
