import Testing
import Foundation
import AccordModel
@testable import AccordReaders
import AccordPipeline
import TestSupport

/// Every hostile or broken file gives one clear error (or a finding) — never a crash, a hang or
/// unbounded memory — and a batch goes on past it. Fixtures: corpus/hostile/ (scripts/gen_hostile_corpus.py).
@Suite struct HostileFileTests {
    func read(_ name: String) -> Result<IntermediateDocument, ReadError> {
        let data: Data
        do { data = try Corpus.data("corpus/hostile/\(name)") } catch { return .failure(ReadError("fixture missing: \(name)")) }
        do { return .success(try Pipeline().read(data: data, path: name)) } catch { return .failure(error) }
    }

    func reason(_ name: String) -> String? {
        if case .failure(let e) = read(name) { return e.reason }
        return nil
    }

    @Test func zipBombByDeclaredRatio() {
        #expect(reason("zip_bomb_ratio.docx") == "zip bomb refused: word/document.xml declares 67109092 bytes from 97992 compressed (ratio over 200:1)")
    }

    @Test func zipBombLyingAboutItsSizeStopsAtTheCap() {
        #expect(reason("zip_bomb_lying_size.docx") == "zip bomb refused: word/document.xml inflates past 200:1 of its compressed size")
    }

    @Test func totalInflatedSizeIsCapped() throws {
        var limits = ZipLimits()
        limits.maxTotalBytes = 20_000
        let data = try Corpus.data("corpus/docx/001_agreement.docx")
        let input = ReaderInput(data: data, path: "x", sha256: "x", sniff: .zip)
        #expect(throws: ReadError.self) { try DocxReader(limits: limits).read(input) }
        do { _ = try DocxReader(limits: limits).read(input) } catch { #expect(error.reason.contains("MiB")) }
    }

    @Test func unsafeEntryPathsAreIgnoredAndReported() throws {
        guard case .success(let doc) = read("unsafe_paths.docx") else { Issue.record("not read"); return }
        #expect(doc.blocks.count == 1)
        let f = doc.findings.first { $0.code == "zip.unsafe_entry_path" }
        #expect(f != nil)
        #expect(f?.message.contains("../../evil.txt") == true)
    }

    @Test(arguments: [("xxe.docx", "word/document.xml"), ("billion_laughs.docx", "word/document.xml"), ("xxe_flat.xml", "XML document")])
    func entitiesAndDoctypesAreRefused(_ name: String, _ part: String) {
        #expect(reason(name) == "\(part): XML with a DOCTYPE declaration (entities and external DTDs are refused)")
    }

    @Test func malformedXML() {
        #expect(reason("malformed_xml.docx")?.contains("malformed XML") == true)
    }

    @Test func deepNestingHitsLibxml2sLimit() {
        #expect(reason("deep_nesting.docx")?.contains("malformed XML") == true)
    }

    @Test func truncatedZip() {
        #expect(reason("truncated.docx") == "damaged or truncated ZIP archive (no readable central directory)")
    }

    @Test func partFailingItsCRC() {
        #expect(reason("bad_crc.docx") == "damaged ZIP archive: word/document.xml fails its CRC-32 check (the inflated bytes are not the ones stored)")
    }

    /// A large part is inflated on a thread of its own while it is parsed: each failure still
    /// gives the message it gives when the part is inflated whole before parsing, the ZIP's first.
    @Test(arguments: [
        ("large_bad_crc.docx", "fails its CRC-32 check"),
        ("large_lying_size.docx", "inflates to 461122 bytes, not the 300000 declared"),
        ("large_corrupt_deflate.docx", "damaged ZIP archive: word/document.xml"),
        ("large_malformed_xml.docx", "malformed XML: Opening and ending tag mismatch"),
        // The DOCTYPE stands after a 20 KB comment: the prolog check waits for it.
        ("large_doctype_late.docx", "XML with a DOCTYPE declaration"),
    ])
    func largePartsFailAsWhenInflatedWhole(_ name: String, _ message: String) {
        let r = reason(name)
        #expect(r?.contains(message) == true, "\(r ?? "read")")
    }

    /// The prolog check of a part still arriving never answers "no DOCTYPE" from a prefix that
    /// stops before the root element, and answers as the whole part does once it has it.
    @Test func prologCheckOfAPrefixWaitsForTheRootElement() {
        let hostile = Array(#"<?xml version="1.0"?><!-- a comment --><?pi x?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>"#.utf8)
        let clean = Array(#"<?xml version="1.0"?><!-- a comment --><?pi x?><w:document><w:body/></w:document>"#.utf8)
        for cut in 0...hostile.count {
            let verdict = hostile[..<cut].withUnsafeBytes { XMLSafety.prologDeclaresDoctype($0, complete: false) }
            #expect(verdict != false, "prefix of \(cut) bytes")
        }
        for cut in 0...clean.count {
            let verdict = clean[..<cut].withUnsafeBytes { XMLSafety.prologDeclaresDoctype($0, complete: false) }
            #expect(verdict != true, "prefix of \(cut) bytes")
        }
        #expect(hostile.withUnsafeBytes { XMLSafety.prologDeclaresDoctype($0, complete: true) } == true)
        #expect(clean.withUnsafeBytes { XMLSafety.prologDeclaresDoctype($0, complete: true) } == false)
        #expect(clean.withUnsafeBytes { XMLSafety.prologDeclaresDoctype($0, complete: false) } == false)
    }

    /// The bytes a large part streams are the bytes it inflates to, and parse to the same blocks.
    @Test func largePartStreamedAsInflatedWhole() throws {
        let data = try Corpus.data("corpus/hostile/large_valid.docx")
        let whole = try #require(try ZipPackage(data).part("word/document.xml"))
        #expect(whole.count >= ZipPackage.streamFrom)
        let streamed = try #require(try ZipPackage(data).streamPart("word/document.xml"))
        #expect(streamed.endFailure()?.reason == nil)
        let (n, ended) = streamed.wait(for: Int.max)
        #expect(ended && n == whole.count)
        #expect(streamed.withBytes(0..<n) { Data($0) } == whole)

        func blocks(_ bytes: PartBytes) throws -> [Block] {
            var body = WordBodyConverter(WordConverter(numbering: NumberingDefinitions(), styles: StyleSheet()), part: "word/document.xml")
            let parsed = try WordMLParser<SAXStream>.parse(bytes, part: "word/document.xml", dialect: .ooxml, into: &body)
            return body.finish(parsed)
        }
        let fromStream = try blocks(try #require(try ZipPackage(data).streamPart("word/document.xml")))
        #expect(fromStream.count == 6001)
        #expect(fromStream == (try blocks(PartBytes(data: whole))))
    }

    @Test func encryptedOfficeFile() {
        #expect(reason("encrypted.docx") == "password-protected (encrypted) Office document: remove the password in Word and save as .docx")
    }

    @Test func zipLevelEncryption() {
        #expect(reason("zip_encrypted_entries.docx") == "password-protected ZIP (encrypted entries): decrypt it first")
    }

    @Test func legacyDocMustBeConverted() {
        #expect(reason("legacy.doc") == "legacy binary Word document (.doc): convert it to .docx (e.g. libreoffice --headless --convert-to docx)")
    }

    @Test func aZipThatIsNoWordDocument() {
        #expect(reason("workbook.docx") == "an Excel workbook (.xlsx), not a Word document")
    }

    @Test func docxRenamedTxtIsReadAsDocx() throws {
        guard case .success(let doc) = read("renamed_docx.txt") else { Issue.record("not read"); return }
        #expect(doc.source.format == "docx")
        #expect(doc.blocks.first?.paragraphs.first?.text == "甲方:深圳市龙岗区平湖街道办事处")
    }

    @Test func textRenamedDocxIsReadAsText() throws {
        guard case .success(let doc) = read("text_renamed.docx") else { Issue.record("not read"); return }
        #expect(doc.source.format != "docx")
        #expect(doc.blocks.flatMap(\.paragraphs).contains { $0.text.contains("正阳社会工作服务中心") })
    }

    @Test func emptyAndGarbageZip() {
        let input = ReaderInput(data: Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]), path: "x", sha256: "x", sniff: .zip)
        #expect(throws: ReadError.self) { try DocxReader().read(input) }
    }

    /// The whole folder as one batch: every file ends in a document or one error line, and
    /// the good files among them are still read.
    @Test func batchGoesOnPastEveryBadFile() throws {
        let dir = Corpus.url("corpus/hostile")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names.count >= 15)
        var ok = 0, failed = 0
        for n in names {
            switch read(n) {
            case .success: ok += 1
            case .failure(let e):
                failed += 1
                #expect(!e.reason.contains("\n"), "one line: \(e.reason)")
            }
        }
        // unsafe_paths.docx, renamed_docx.txt, text_renamed.docx and large_valid.docx are read.
        #expect(ok == 4)
        #expect(failed == names.count - 4)
    }
}

@Suite struct ParallelReadTests {
    /// libxml2 keeps its last error per thread: readers running side by side keep their own
    /// results and reasons.
    @Test func readersRunSideBySide() async throws {
        let good = try Corpus.data("corpus/docx/001_agreement.docx")
        let bad = try Corpus.data("corpus/hostile/malformed_xml.docx")
        let expected = try Pipeline().read(data: good, path: "g").blocks.count
        let results = await withTaskGroup(of: String.self, returning: [String].self) { group in
            for i in 0..<16 {
                group.addTask {
                    let data = i % 2 == 0 ? good : bad
                    do { return "ok \(try Pipeline().read(data: data, path: "p\(i)").blocks.count)" }
                    catch { return "error \(String(describing: error).prefix(40))" }
                }
            }
            var out: [String] = []
            for await r in group { out.append(r) }
            return out
        }
        #expect(results.filter { $0 == "ok \(expected)" }.count == 8)
        #expect(results.filter { $0.hasPrefix("error word/document.xml: malformed XML") }.count == 8)
    }
}
