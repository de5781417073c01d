import Testing
import Foundation
import AccordModel
import AccordPipeline
import AccordReaders
import AccordExport
import TestSupport

/// The inputs of ../shared/bugs/ that once crashed, hung or exhausted Accord, kept under
/// corpus/hostile/breakers/: each now gives a record or its one-line error.
@Suite struct KnownBreakersTests {
    static func process(_ name: String) -> Result<CanonicalDocument, ReadError> {
        let path = "corpus/hostile/breakers/\(name)"
        do { return .success(try Pipeline().process(data: try Corpus.data(path), path: path)) }
        catch let e as ReadError { return .failure(e) }
        catch { return .failure(ReadError("fixture missing: \(error)")) }
    }

    static func text(_ name: String) throws -> String {
        let path = "corpus/hostile/breakers/\(name)"
        return TextExport.render(try Pipeline().read(data: try Corpus.data(path), path: path))
    }

    /// No budget line is top-level (a mutated HTML agreement): the sum check reports without a
    /// line to point at, instead of indexing the first top-level line.
    @Test func aBudgetWithoutTopLevelLines() throws {
        let r = try Self.process("checker-budget-crash.html").get()
        let codes = r.report.findings.map(\.code)
        // The mutated file stops mid-sentence (…677760元,占项目经): a fragment, whose broken sum
        // is reported as unverified rather than as the document's contradiction.
        #expect(r.contract?.fragment?.endsMidClause == true)
        #expect(codes.contains("budget.sum_unverified") && !codes.contains("budget.sum_mismatch"))
        let amended = r.contract?.budget.filter { $0.amended?.amount != nil } ?? []
        #expect(amended.map(\.item) == ["持证社工经费"] && amended.allSatisfy { $0.parent != nil })
        // The file's bytes are not valid in the charset it declares: libxml2 used to print its
        // own "encoding error" lines on standard error; Accord's output is its own.
        let run = try CommandLineTests.run(["extract", "-f", "summary", "corpus/hostile/breakers/checker-budget-crash.html"])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
    }

    /// A TSV row leading with more empty cells than the header has columns: its cell lands in the last column.
    @Test func aRowWithMoreLeadingEmptyCellsThanColumns() throws {
        #expect(try Self.text("tsv_lead_range.txt") == "\na\tb\n\tx\n\n")
    }

    /// A 20-digit list label is no label (at most 9 digits), and no overflow.
    @Test func aTwentyDigitListLabel() throws {
        #expect(try Self.text("tsv_listlabel_overflow.txt").contains("x\t99999999999999999999. y"))
    }

    /// `<ol start>` beyond Int, and a letter list starting at 4·10¹⁸: counters are kept within
    /// Word's 0…32767 and a letter label past 8 repeats is written as its number.
    @Test(arguments: ["html_ol_start_overflow.html", "html_ol_letter_huge.html"])
    func hugeListStarts(_ name: String) throws {
        #expect(try Self.text(name) == "32767. x\n")
    }

    /// A central-directory entry whose local header lies past the end of the file: refused with
    /// its reason before ZIPFoundation walks it.
    @Test func aLocalHeaderPastTheEnd() {
        guard case .failure(let e) = Self.process("zip_local_header_offset_past_end.docx") else { Issue.record("read"); return }
        #expect(e.reason == "damaged ZIP archive: the entry [Content_Types].xml has its local header at byte 46983, past the end of the file (45983 bytes)")
    }

    // The formerly quadratic inputs (they ran for minutes): each is read whole, and
    // scripts/bench_scaling.sh shows twice the input taking about twice the time.

    /// A dump cell, 100,000 blank lines, another cell: the blank run is crossed once.
    @Test func aLongRunOfBlankLinesInADump() throws {
        #expect(try Self.text("dump_blank_lines_quadratic.txt").split(separator: "\n") == ["cell", "cell2"])
    }

    /// Vertical text, one character per line, 100,000 lines: one cell whose source map grows in place.
    @Test func verticalTextJoinedLineByLine() throws {
        let r = try Self.process("dump_vertical_text_join_quadratic.txt").get()
        #expect(r.report.findings.map(\.code) == ["table.rebuilt_from_dump"])
        let text = try Self.text("dump_vertical_text_join_quadratic.txt")
        #expect(text.filter { $0 == "字" }.count == 100_000)
    }

    /// A cell of 40,000 十: read from its start only, no target.
    @Test func aHugeRunOfChineseNumerals() throws {
        let r = try Self.process("target_han_numeral_quadratic.txt").get()
        let indicators = r.packages.flatMap(\.indicators)
        #expect(indicators.count == 1 && indicators[0].targets.isEmpty)
        #expect(r.report.findings.map(\.code) == ["indicator.standard_unparsed"])
    }

    /// A numbered standard whose tidied line no longer matches its cell: found in linear time.
    @Test func aNumberedLineThatNoLongerMatchesItsCell() throws {
        let r = try Self.process("html_numbered_line_search_quadratic.html").get()
        let indicators = r.packages.flatMap(\.indicators)
        #expect(indicators.count == 1 && indicators[0].standard?.hasPrefix("a a a") == true)
    }

    /// 12,000 budget lines of one name: parts sought at most to the next 其中 and 64 lines, sums
    /// per parent name added once.
    @Test func twelveThousandBudgetLinesOfOneName() throws {
        let r = try Self.process("budget_quadratic_12k.txt").get()
        #expect(r.contract?.budget.count == 12_000)
        #expect(r.report.findings.map(\.code).sorted() == ["budget.shares_sum", "budget.sum_mismatch"])
    }

    // The OCR path: every page's size checked from its header before it is decoded or
    // rasterized, TIFF pages read one by one through libtiff's directories.

    static func actions(_ r: CanonicalDocument) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: r.report.actions.map { ($0.code, $0.examples) })
    }

    /// A TIFF whose directory chain made Leptonica's multipage reader loop forever.
    @Test func aTIFFWhoseDirectoriesLoop() throws {
        let r = try Self.process("tiff-endless-pages.tif").get()
        #expect(Self.actions(r)["ocr.page"] == ["page 1: 0 lines"])
    }

    /// 16 pages of 30000×60000 sharing one strip: refused at the first oversized page's header.
    @Test func aMultipageTIFFBomb() {
        guard case .failure(let e) = Self.process("tiff_multipage_memory_bomb.tif") else { Issue.record("read"); return }
        #expect(e.reason == "tiff page 2 is too large to OCR (30000×60000 pixels; the limit is 120000000 pixels, 30000 a side)")
    }

    /// Six pages of 9600×9600 pt: each refused before pdftoppm renders it, with a finding; the record stands.
    @Test func aPDFWithHugePages() throws {
        let r = try Self.process("pdf_huge_mediabox_6pages.pdf").get()
        #expect(r.report.findings.map(\.code) == Array(repeating: "pdf.page_too_large", count: 6))
        #expect(r.report.findings.first?.message.hasPrefix("page 1 (9600×9600 pt) is too large to rasterize for OCR") == true)
    }

    /// A 100×100 PNG declaring 1 dpi: taken for no resolution (guessed from its width), not upscaled ×300.
    @Test func aPNGDeclaringOneDPI() throws {
        let r = try Self.process("ocr_png_1dpi_upscale.png").get()
        #expect(Self.actions(r)["ocr.resolution_assumed"] == ["page 1: no usable resolution in the file; 12 dpi assumed from the page width"])
        #expect(Self.actions(r)["ocr.upscale"] == ["page 1: 50 → 300 dpi (×6.00)"])
    }

    /// A 10000×12000 page ruled into about 300,000 cells: no table (past the grid's slot limit), the page read as text.
    @Test func aPageOfThousandsOfGridCells() throws {
        let r = try Self.process("ocr_grid_cells_hang.png").get()
        #expect(Self.actions(r)["ocr.table_grid"] == nil)
        #expect(Self.actions(r)["ocr.page"] != nil)
    }

    // What the fuzzers found (corpus/hostile/fuzz/, scripts/fuzz.sh).

    static func processFuzz(_ name: String) -> Result<CanonicalDocument, ReadError> {
        let path = "corpus/hostile/fuzz/\(name)"
        do { return .success(try Pipeline().process(data: try Corpus.data(path), path: path)) }
        catch let e as ReadError { return .failure(e) }
        catch { return .failure(ReadError("fixture missing: \(error)")) }
    }

    /// An end record naming a central directory past the end of the file: refused before
    /// ZIPFoundation's iterator traps on it.
    @Test func aCentralDirectoryPastTheEnd() {
        guard case .failure(let e) = Self.processFuzz("zip_central_directory_offset_past_end.docx") else { Issue.record("read"); return }
        #expect(e.reason == "damaged ZIP archive: its central directory (185 bytes at byte 726) lies past the end of the file (607 bytes)")
    }

    /// No end record: refused before ZIPFoundation (which leaked its copy of the input when it threw).
    @Test func noEndRecord() {
        guard case .failure(let e) = Self.processFuzz("zip_truncated_no_eocd_leaks_zipfoundation_memoryfile.docx") else { Issue.record("read"); return }
        #expect(e.reason == "damaged or truncated ZIP archive (no readable central directory)")
    }

    /// The first 256 KB of the vertical-text breaker: read whole (it timed out under the fuzzer).
    @Test func verticalTextCutShort() throws {
        let r = try Self.processFuzz("text_dump_vertical_join_256k_quadratic_append.txt").get()
        #expect(r.report.findings.map(\.code).contains("table.rebuilt_from_dump"))
    }

    /// End records that are not where ZIPFoundation looks for them (not at the end of the file;
    /// ZIP64 figures with no ZIP64 locator): refused, since ZIPFoundation threw on them after
    /// taking a copy of the input, which it leaked (LeakSanitizer under fuzz-docx-zip).
    @Test(arguments: [("zip_zip64_end_record_without_locator_leaks.docx", "damaged ZIP archive: its end record (at byte 911) is not at the end of the file"),
                      ("zip_stray_end_record_leaks.docx", "damaged ZIP archive: its end record (at byte 35404) is not at the end of the file")])
    func endRecordsZIPFoundationWouldLeakOn(_ name: String, _ reason: String) {
        guard case .failure(let e) = Self.processFuzz(name) else { Issue.record("read"); return }
        #expect(e.reason == reason)
    }

    /// An entry whose compressed data would end past the end of the file: refused before
    /// ZIPFoundation reads past the end (it trapped).
    @Test func anEntryWhoseDataEndsPastTheEnd() {
        guard case .failure(let e) = Self.processFuzz("zip_entry_data_past_end.docx") else { Issue.record("read"); return }
        #expect(e.reason == "damaged ZIP archive: the entry word/document.xml declares 16777215 compressed bytes, past the end of the file (98722 bytes)")
    }

    /// A deflate stream with no end inside the entry's compressed bytes: ZIPFoundation's inflater
    /// read on past them to the end of the file and then looped for ever (fuzz-docx-zip, a
    /// timeout). Entries are now inflated from exactly their stored bytes: a one-line error.
    @Test func aDeflateStreamThatNeverEnds() {
        guard case .failure(let e) = Self.processFuzz("zip_deflate_stream_never_ends_zipfoundation_spins.docx") else { Issue.record("read"); return }
        #expect(e.reason == "damaged or truncated ZIP archive: word/document.xml's compressed data ends before its deflate stream does")
    }
}
