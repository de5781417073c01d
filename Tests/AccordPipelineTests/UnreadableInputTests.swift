import Testing
import Foundation
import TestSupport
import AccordModel
import AccordReaders
import AccordText
import AccordOCR

/// Every one-line message Accord gives for a file it cannot read, each from its fixture under
/// corpus/hostile/messages/ (scripts/gen_message_fixtures.py), asserted whole through
/// `accord extract` as a person sees it: exit 2, nothing on standard output, exactly one line
/// `accord: PATH: reason` on standard error. And the inputs that look wrong but are read.
@Suite struct UnreadableInputTests {
    typealias CLI = CommandLineTests
    static let dir = "corpus/hostile/messages"

    static let messages: [(String, String)] = [
        // Images: the size checked from the header, before a pixel is decoded.
        ("image_40000x40000.png", "png image is too large to OCR (40000×40000 pixels; the limit is 120000000 pixels, 30000 a side)"),
        ("image_12000x12000.png", "png image is too large to OCR (12000×12000 pixels; the limit is 120000000 pixels, 30000 a side)"),
        ("jpeg_truncated.jpg", "jpeg image is truncated (5 bytes)"),
        ("png_header_unreadable.png", "png image header is unreadable (truncated or corrupt)"),
        // ZIP packages.
        ("zip_20001_entries.docx", "ZIP archive has more than 20000 entries"),
        ("presentation.pptx", "a PowerPoint presentation (.pptx), not a Word document"),
        ("opendocument.odt", "an OpenDocument file (.odt/.ods): convert it to .docx first"),
        ("not_word.zip", "ZIP archive is not a Word document (no word/document.xml)"),
        // OLE compound files.
        ("workbook.xls", "legacy binary Excel workbook (.xls): not a supported document"),
        ("presentation.ppt", "legacy binary PowerPoint file (.ppt): not a supported document"),
        ("unknown_kind.ole", "OLE compound file of an unknown kind: convert it to .docx first"),
        // Markup.
        ("doctype_internal_subset.html", "HTML with a DOCTYPE internal subset (entity declarations are refused)"),
        ("other_vocabulary.xml", "XML of an unsupported vocabulary (root element <invoice> in urn:example:invoice); expected a Word document"),
        // PDFs: poppler's own first line after "PDF is unreadable: ".
        ("encrypted.pdf", "password-protected (encrypted) PDF: remove the password first"),
        ("no_pages.pdf", "PDF has no pages"),
        ("garbage.pdf", "PDF is unreadable: Syntax Error: Couldn't find trailer dictionary"),
        // Text.
        ("utf8_bom_invalid.txt", "invalid UTF-8 after a UTF-8 byte-order mark"),
        ("utf16_bom_invalid.txt", "invalid UTF-16 after a byte-order mark"),
        ("not_text.txt", "not valid UTF-8, UTF-16 or GB18030 text"),
        ("whitespace_only.txt", "no text (only white space)"),
        // The fixtures of corpus/hostile/ that had no exact assertion through the command line.
        ("../encrypted.docx", "password-protected (encrypted) Office document: remove the password in Word and save as .docx"),
        ("../legacy.doc", "legacy binary Word document (.doc): convert it to .docx (e.g. libreoffice --headless --convert-to docx)"),
        ("../workbook.docx", "an Excel workbook (.xlsx), not a Word document"),
        ("../zip_encrypted_entries.docx", "password-protected ZIP (encrypted entries): decrypt it first"),
    ]

    @Test(arguments: messages)
    func extractGivesTheOneLineReason(_ name: String, _ reason: String) throws {
        let path = "\(Self.dir)/\(name)"
        #expect(FileManager.default.fileExists(atPath: Corpus.url(path).path), "run scripts/gen_message_fixtures.py")
        let r = try CLI.run(["extract", path])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "accord: \(path): \(reason)\n")
    }

    /// All of them in one batch with a good file at each end: each reason in its place, the good
    /// records written, exit 2; `check` the same.
    @Test func allInOneBatch() throws {
        let bad = Self.messages.map { "\(Self.dir)/\($0.0)" }
        let good = ["corpus/seeds/001_08ce58bb254aa3f5.txt", "corpus/seeds/003_fec90b3e624f4feb.txt"]
        let expectedErrors = Self.messages.map { "accord: \(Self.dir)/\($0.0): \($0.1)\n" }.joined()
        let r = try CLI.run(["extract", "-f", "summary", good[0]] + bad + [good[1]])
        #expect(r.status == 2)
        #expect(r.stderr == expectedErrors)
        #expect(r.stdout == (try CLI.run(["extract", "-f", "summary"] + good)).stdout)
        let check = try CLI.run(["check", good[0]] + bad + [good[1]])
        #expect(check.status == 2 && check.stderr == expectedErrors)
        #expect(check.stdout == (try CLI.run(["check"] + good)).stdout)
    }

    /// "permission denied": a file of mode 000 in a world-readable folder, read by another user
    /// than root (root reads anything): `nobody`, through setpriv. The other file is still read.
    @Test func aFileThatCannotBeOpenedForReading() throws {
        let locked = try CLI.temp("locked.txt", try Corpus.data("corpus/seeds/001_08ce58bb254aa3f5.txt"))
        let folder = (locked as NSString).deletingLastPathComponent
        let open = (folder as NSString).appendingPathComponent("open.txt")
        try Corpus.data("corpus/seeds/003_fec90b3e624f4feb.txt").write(to: URL(fileURLWithPath: open))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: open)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked)
        let binary = try #require(CLI.binary).path
        func run(_ args: [String]) throws -> CLI.Result {
            guard getuid() == 0 else { return try CLI.run(args) }
            #expect(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "util-linux's setpriv")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            p.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary] + args
            p.currentDirectoryURL = Corpus.root()
            let out = Pipe(), err = Pipe()
            p.standardOutput = out; p.standardError = err
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return CLI.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
        let alone = try run(["extract", locked])
        #expect(alone.status == 2 && alone.stdout.isEmpty && alone.stderr == "accord: \(locked): permission denied\n")
        let batch = try run(["extract", "-f", "text", locked, open])
        #expect(batch.status == 2 && batch.stderr == "accord: \(locked): permission denied\n")
        #expect(batch.stdout.hasPrefix("==> \(open) <==\n服务要求\n"))
        let check = try run(["check", locked, open])
        #expect(check.status == 2 && check.stderr == "accord: \(locked): permission denied\n")
    }

    // MARK: read, not refused

    /// UTF-16 without a byte-order mark, either byte order: read, the encoding named in the record.
    @Test(arguments: [("utf16le_no_bom.txt", "utf-16le"), ("utf16be_no_bom.txt", "utf-16be")])
    func utf16WithoutAByteOrderMark(_ name: String, _ encoding: String) throws {
        let path = "\(Self.dir)/\(name)"
        let text = try CLI.run(["extract", "-f", "text", path])
        #expect(text.status == 0 && text.stderr.isEmpty)
        #expect(text.stdout == "合同编号: LGDL2025000084-A\namount: 2690000 -> 2527273\ndate: 2025-07-30 / 2025-08-01\nperiod: 2025-08 to 2026-07 (12 months)\n")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["extract", "-f", "intermediate", path]).stdout.utf8)) as? [String: Any])
        #expect((doc["source"] as? [String: Any])?["encoding"] as? String == encoding)
        let summary = try CLI.run(["extract", "-f", "summary", path])
        #expect(summary.stdout.hasPrefix("\(path)  [text, \(encoding)]"))
    }

    /// Lone CR line ends (classic Mac OS): each CR ends a line; the locators count lines so.
    @Test func loneCarriageReturnsEndLines() throws {
        let path = "\(Self.dir)/lone_cr.txt"
        let r = try CLI.run(["extract", "-f", "intermediate", path])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let paragraphs = (doc["blocks"] as? [[String: Any]] ?? []).compactMap { ($0["paragraph"] as? [String: Any])?["content"] as? [String: Any] }
        #expect(paragraphs.map { $0["original"] as? String } == ["甲方：深圳市龙岗区平湖街道办事处", "乙方：深圳市龙岗区正阳社会工作服务中心", "合同金额：269万元"])
        #expect(paragraphs.map { ($0["base"] as? [String: Any])?["line"] as? Int } == [1, 2, 4])
        let actions = doc["actions"] as? [[String: Any]] ?? []
        #expect(actions.first { $0["code"] as? String == "text.crlf_normalized" }?["count"] as? Int == 4)
        // The record's values point at those lines.
        let record = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["extract", path]).stdout.utf8)) as? [String: Any])
        let contract = record["contract"] as? [String: Any]
        let supplier = contract?["supplier"] as? [String: Any]
        #expect(supplier?["value"] as? String == "深圳市龙岗区正阳社会工作服务中心")
        #expect(((supplier?["provenance"] as? [String: Any])?["locator"] as? [String: Int]) == ["line": 2, "startColumn": 4, "endColumn": 20])
        let amount = (contract?["amount"] as? [String: Any])?["original"] as? [String: Any]
        #expect(amount?["value"] as? Int == 2_690_000)
        #expect(((amount?["provenance"] as? [String: Any])?["locator"] as? [String: Int]) == ["line": 4, "startColumn": 6, "endColumn": 11])
    }

    // MARK: the PDF rasterizer's time limit

    /// A page that pdfinfo and pdftotext take in hundredths of a second and pdftoppm about 10 s
    /// to rasterize: stopped at PDFReader's time limit, with the tool and the limit named. (The
    /// command line's readers keep the default of 180 s; its own --timeout stops the worker.)
    @Test(.timeLimit(.minutes(1))) func pdfRasterizingIsStoppedAtTheTimeLimit() throws {
        let data = try Corpus.data("\(Self.dir)/slow_render.pdf")
        var reader = PDFReader()
        reader.timeout = 2
        let started = Date()
        do {
            _ = try reader.read(ReaderInput(data: data, path: "slow_render.pdf", sha256: ContentHash.hex(data), sniff: Sniff.of(data)))
            Issue.record("expected the rasterizer to be stopped")
        } catch {
            #expect(error.reason == "pdftoppm took longer than 2 s")
        }
        #expect(Date().timeIntervalSince(started) < 30)
    }
}

/// A folder that cannot be listed is said, not skipped in silence (run as `nobody`).
@Suite struct UnlistableFolderTests {
    @Test func aFolderThatCannotBeListedIsReported() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("accord-unlisted-\(UUID().uuidString)")
        try fm.createDirectory(at: dir.appendingPathComponent("closed"), withIntermediateDirectories: true)
        try Corpus.data("corpus/seeds/003_fec90b3e624f4feb.txt").write(to: dir.appendingPathComponent("ok.txt"))
        try Corpus.data("corpus/seeds/003_fec90b3e624f4feb.txt").write(to: dir.appendingPathComponent("closed/hidden-from-nobody.txt"))
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir.appendingPathComponent("closed").path)
        try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dir.appendingPathComponent("ok.txt").path)
        let binary = try #require(CommandLineTests.binary)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        p.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary.path, "extract", "-f", "summary", dir.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 2)
        #expect(String(decoding: e, as: UTF8.self) == "accord: \(dir.path)/closed: permission denied (the folder cannot be listed; its files were not read)\n")
        let summary = String(decoding: o, as: UTF8.self)
        #expect(summary.hasPrefix("\(dir.path)/ok.txt  ["), "the readable file is still read")
        #expect(!summary.contains("hidden-from-nobody"))
    }
}
