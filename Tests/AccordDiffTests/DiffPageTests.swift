import Testing
import Foundation
import AccordModel
import AccordPipeline
import AccordDiff
import AccordOCR
import TestSupport

/// `accord diff --html`: the side-by-side page (DiffPage) rendered from real records, loaded in
/// headless Chromium (its DOM checked, a screenshot taken), and the scan crops (ScanCrop).
@Suite struct DiffPageTests {
    static let seed = "corpus/seeds/001_08ce58bb254aa3f5.txt"
    /// The modified copy: one standard raised (活动不少于2场 → 3场) and one table row removed.
    static let raised = ("活动不少于2场", "活动不少于3场")
    static let removedRow = "政策咨询至少4个服务"

    /// A folder of its own for each test (Swift Testing runs them in parallel).
    static func scratch(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-diffpage-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Seed 001 and its modified copy (written to `dir`), read through the pipeline.
    static func records(in dir: URL) throws -> (a: CanonicalDocument, b: CanonicalDocument) {
        let original = try Corpus.data(seed)
        var text = String(decoding: original, as: UTF8.self)
        let r = try #require(text.range(of: raised.0))
        text.replaceSubrange(r, with: raised.1)
        let lines = text.components(separatedBy: "\n")
        let row = try #require(lines.firstIndex { $0.contains(removedRow) })
        text = (lines[..<row] + lines[(row + 1)...]).joined(separator: "\n")
        let copy = dir.appendingPathComponent("001_modified.txt")
        try Data(text.utf8).write(to: copy)
        let a = try Pipeline().process(data: original, path: seed)
        let b = try Pipeline().process(data: try Data(contentsOf: copy), path: copy.path)
        return (a, b)
    }

    static func write(_ html: String, to dir: URL, name: String = "diff.html") throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(html.utf8).write(to: url)
        return url
    }

    /// The `<tr id="…">…</tr>` of one row in a DOM or page.
    static func row(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "<tr id=\"\(id)\"") else { return nil }
        guard let end = html.range(of: "</tr>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    // MARK: - The page

    @Test func pageShowsTheChangedRowsMoneyAndSources() throws {
        let dir = try Self.scratch("page")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try Self.records(in: dir)
        let diff = DocumentDiffer().diff(a, b)
        #expect(diff.summary.targetChanged == 1)
        #expect(diff.summary.removed == 1)
        let k = try #require(diff.indicators.firstIndex { $0.after?.standard?.contains(Self.raised.1) == true && $0.change == .targetChanged })
        let gone = try #require(diff.indicators.firstIndex { $0.change == .removed })
        #expect(diff.indicators[k].direction == .tightened)

        let html = DiffPage.render(diff, records: [a, b])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // The changed row: both values, the class, the direction, both sources with their locators.
        let changed = try #require(Self.row("ind-\(k)", in: html))
        #expect(changed.contains("c-target_changed"))
        #expect(changed.contains(Self.raised.0) && changed.contains(Self.raised.1))
        #expect(changed.contains("tightened"))
        #expect(changed.contains("+50 %"))
        #expect(changed.contains("id=\"ind-\(k)-a\"") && changed.contains("id=\"ind-\(k)-b\""))
        #expect(changed.contains("href=\"#ind-\(k)-a\"") && changed.contains("href=\"#ind-\(k)-b\""))
        let locA = DiffPage.locator(try #require(diff.indicators[k].before).provenance.locator)
        #expect(locA.hasPrefix("L"))
        #expect(changed.contains(locA))
        let removed = try #require(Self.row("ind-\(gone)", in: html))
        #expect(removed.contains("c-removed") && removed.contains(Self.removedRow))
        // Unchanged rows are folded away.
        #expect(html.contains("<details class=\"unchanged\"><summary>\(diff.summary.unchanged) unchanged indicators"))
        // Money: the amount row (equal here), its sources as tooltips.
        let amount = try #require(Self.row("money-amount", in: html))
        #expect(amount.contains("2527273"))
        #expect(amount.contains("c-unchanged"))
        // Summary counts per class.
        #expect(html.contains("<b>1</b> target_changed"))
        #expect(html.contains("<b>1</b> removed"))
        #expect(html.contains("<b>\(diff.summary.unchanged)</b> unchanged"))
        // The header names both sides.
        #expect(html.contains(String(a.source.sha256.prefix(12))) && html.contains("001_modified.txt"))
    }

    @Test func pageFetchesNothingFromTheNetwork() throws {
        let dir = try Self.scratch("net")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try Self.records(in: dir)
        let pages = [DiffPage.render(DocumentDiffer().diff(a, b), records: [a, b]),
                     DiffPage.render(DocumentDiffer().diff(amendment: a), records: [a])]
        let network = try Regex(#"(?i)(src|href|action|poster|data)\s*=\s*["']?\s*(https?:|ftp:)?//"#)
        let cssURL = try Regex(#"(?i)url\(\s*["']?\s*(https?:)?//|@import"#)
        for html in pages {
            #expect(html.firstMatch(of: network) == nil)
            #expect(html.firstMatch(of: cssURL) == nil)
            #expect(!html.contains("<link"))
            #expect(!html.contains("<script"))
            #expect(html.contains("<style>"))
        }
    }

    @Test func attributesAreEscaped() throws {
        // A snippet with quotes and angle brackets stays inside its title attribute.
        let evil = Provenance(source: "x", locator: Locator(line: 3, startColumn: 1, endColumn: 9),
                              text: #"a "quoted" <b>&amp; snippet"#, confidence: 0.5)
        let before = Indicator(category: "类", item: "项", requirement: nil, subitem: nil, number: "(1)",
                               standard: "不少于2次", targets: [], provenance: evil)
        let pair = IndicatorPair(change: .removed, direction: .none, similarity: 1, indexA: 0, indexB: nil,
                                 before: before, after: nil, targets: [], moved: false, reworded: false,
                                 cutFields: [], ambiguousWith: [])
        let side = DocumentDiff.Side(path: "a\"<x>.txt", sha256: "abc", documentKind: "contract", projectCode: nil, lot: nil, title: nil, terms: "original")
        let diff = DocumentDiff(mode: .documents, a: side, b: side, indicators: [pair],
                                money: MoneyDiff(amount: nil, budgetTotal: nil, budget: []),
                                payments: PaymentsDiff(months: [], firstDiffering: nil, totalBefore: 0, totalAfter: 0, cumulativeDelta: 0),
                                clauses: [], findings: [], summary: DiffSummary())
        let html = DiffPage.render(diff, records: [])
        #expect(html.contains("title=\"A L3:1–8&#10;a &quot;quoted&quot; &lt;b&gt;&amp;amp; snippet\""))
        #expect(!html.contains("<b>&amp; snippet"))
        #expect(html.contains("confidence 0.50"))
    }

    @Test func amendmentPageListsAmountPaymentsAndClauses() throws {
        let a = try Pipeline().process(data: try Corpus.data(Self.seed), path: Self.seed)
        let diff = DocumentDiffer().diff(amendment: a)
        let html = DiffPage.render(diff, records: [a])
        let amount = try #require(Self.row("money-amount", in: html))
        #expect(amount.contains("2690000") && amount.contains("2527273"))
        #expect(amount.contains("−162727") && amount.contains("−6.05 %"))
        #expect(amount.contains("c-target_changed"))
        // Both snippets of the amount, with their line locators.
        #expect(amount.contains("id=\"money-amount-a\"") && amount.contains("id=\"money-amount-b\""))
        #expect(amount.contains("<code class=\"loc\">L"))
        // Payments: equal through 2025-12, from 2026-01 −23246 a month, highlighted.
        let first = try #require(Self.row("first-differing", in: html))
        #expect(first.contains("2026-01"))
        #expect(first.contains("−23246 a month"))
        #expect(first.contains("first differing month"))
        #expect(html.contains("original a month") && html.contains("amended a month"))
        // Every budget line has a row; every amended clause too.
        for i in diff.money.budget.indices { #expect(Self.row("money-budget-\(i)", in: html) != nil) }
        #expect(!diff.clauses.isEmpty)
        for i in diff.clauses.indices { #expect(Self.row("clause-\(i)", in: html) != nil) }
        #expect(!html.contains("id=\"indicators\""))
    }

    // MARK: - Scan crops

    static let scanPage = "corpus/scans/001-clean-p1.png"

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ d: Data) throws -> (width: Int, height: Int) {
        let b = [UInt8](d)
        try #require(b.count > 24 && b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        try #require(String(decoding: b[12..<16], as: UTF8.self) == "IHDR")
        func be(_ i: Int) -> Int { b[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    @Test func cropsABoxWithItsMarginClippedToThePage() throws {
        let path = Corpus.url(Self.scanPage).path
        let png = try ScanCrop.png(file: path, page: 1, bbox: [300, 400, 900, 480])
        let size = try Self.pngSize(png)
        #expect(size.width == 600 + 24 && size.height == 80 + 24)
        // At the page's corner the margin is cut off.
        let corner = try Self.pngSize(try ScanCrop.png(file: path, page: 1, bbox: [0, 0, 50, 40], margin: 12))
        #expect(corner.width == 62 && corner.height == 52)
        let edge = try Self.pngSize(try ScanCrop.png(file: path, page: 1, bbox: [2400, 3450, 2480, 3508], margin: 20))
        #expect(edge.width == 100 && edge.height == 78)
        // The same page from the TIFF (page 1 of the multi-page file) gives the same box.
        let tiff = try Self.pngSize(try ScanCrop.png(file: Corpus.url("corpus/scans/001-clean.tif").path, page: 1, bbox: [300, 400, 900, 480]))
        #expect(tiff.width == 624 && tiff.height == 104)
        // Outside the page, or a page the file does not have: an error, not an empty image.
        #expect(throws: (any Error).self) { try ScanCrop.png(file: path, page: 1, bbox: [5000, 5000, 5100, 5100]) }
        #expect(throws: (any Error).self) { try ScanCrop.png(file: path, page: 2, bbox: [0, 0, 10, 10]) }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftoppm")))
    func cropsAPDFPageRasterizedAt300dpi() throws {
        let png = try ScanCrop.png(file: Corpus.url("corpus/scans/001-scan.pdf").path, page: 1, bbox: [100, 100, 500, 200], margin: 0)
        let size = try Self.pngSize(png)
        #expect(size.width == 400 && size.height == 100)
    }

    /// A scan side: B's changed indicator as if OCR had read it from page 1 of the clean scan. The
    /// page embeds the crop as a data URI under B's snippet.
    @Test func scanSideShowsTheCropInline() throws {
        let dir = try Self.scratch("crop")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b0) = try Self.records(in: dir)
        var b = b0
        let box = [240, 1500, 1180, 1580]
        for p in b.packages.indices {
            for i in b.packages[p].indicators.indices where b.packages[p].indicators[i].standard?.contains(Self.raised.1) == true {
                b.packages[p].indicators[i].provenance.locator = Locator(page: 1, bbox: box)
                b.packages[p].indicators[i].provenance.confidence = 0.91
            }
        }
        let diff = DocumentDiffer().diff(a, b)
        let regions = DiffPage.scanRegions(diff, records: [a, b])
        #expect(regions == [CropKey(source: b.source.sha256, page: 1, bbox: box)])
        var crops: [CropKey: Data] = [:]
        for key in regions { crops[key] = try ScanCrop.png(file: Corpus.url(Self.scanPage).path, page: key.page, bbox: key.bbox) }
        let html = DiffPage.render(diff, records: [a, b], crops: crops)
        let k = try #require(diff.indicators.firstIndex { $0.change == .targetChanged })
        let row = try #require(Self.row("ind-\(k)", in: html))
        #expect(row.contains("page 1 [240,1500,1180,1580]"))
        #expect(row.contains("confidence 0.91"))
        let uri = try #require(row.firstMatch(of: #/src="data:image/png;base64,([A-Za-z0-9+/=]+)"/#))
        let png = try #require(Data(base64Encoded: String(uri.1)))
        let size = try Self.pngSize(png)
        #expect(size.width == 940 + 24 && size.height == 80 + 24)
        // Without the crop the region is named, not shown.
        let bare = DiffPage.render(diff, records: [a, b])
        #expect(!bare.contains("data:image/png") && bare.contains("scan region, no crop"))
        if Chromium.available {
            let url = try Self.write(html, to: dir, name: "scan.html")
            let dom = try Chromium.dumpDOM(url, profile: dir.appendingPathComponent("profile"))
            #expect(dom.contains("<img class=\"crop\" src=\"data:image/png;base64,"))
        }
    }

    // MARK: - Headless Chromium

    @Test(.enabled(if: Chromium.available || Chromium.inCI, "needs Debian's chromium (apt-get install chromium); required when CI is set"))
    func pageRendersInHeadlessChromium() throws {
        try #require(Chromium.available, "chromium is not installed (apt-get install -y --no-install-recommends chromium)")
        let dir = try Self.scratch("chromium")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (a, b) = try Self.records(in: dir)
        let diff = DocumentDiffer().diff(a, b)
        let url = try Self.write(DiffPage.render(diff, records: [a, b]), to: dir)
        let profile = dir.appendingPathComponent("profile")

        let dom = try Chromium.dumpDOM(url, profile: profile)
        let k = try #require(diff.indicators.firstIndex { $0.change == .targetChanged })
        let gone = try #require(diff.indicators.firstIndex { $0.change == .removed })
        // The DOM Chromium built has the sections, the changed and removed rows with their values,
        // the classes, the amount row, and the folded unchanged rows.
        for id in ["summary", "money", "payments", "indicators"] { #expect(dom.contains("<section id=\"\(id)\">")) }
        let changed = try #require(Self.row("ind-\(k)", in: dom))
        #expect(changed.contains("class=\"row c-target_changed\""))
        #expect(changed.contains(Self.raised.0) && changed.contains(Self.raised.1))
        #expect(changed.contains("<span class=\"hit\">"))
        let removed = try #require(Self.row("ind-\(gone)", in: dom))
        #expect(removed.contains("class=\"row c-removed\"") && removed.contains(Self.removedRow))
        let amount = try #require(Self.row("money-amount", in: dom))
        #expect(amount.contains("2527273"))
        #expect(dom.contains("<details class=\"unchanged\">"))
        #expect(dom.contains("<b>1</b> target_changed"))

        // A screenshot: a real picture of the page, not a blank one.
        let shot = FileManager.default.temporaryDirectory.appendingPathComponent("accord-diffpage-screenshot.png")
        try? FileManager.default.removeItem(at: shot)
        _ = try Chromium.run(["--screenshot=\(shot.path)", "--window-size=1280,2000", url.absoluteString], profile: profile)
        let png = try Data(contentsOf: shot)
        let size = try Self.pngSize(png)
        #expect(size.width == 1280 && size.height == 2000)
        #expect(png.count > 60_000, "a screenshot of \(png.count) bytes is nearly blank")
        print("DiffPageTests: screenshot at \(shot.path) (\(png.count) bytes)")
    }

    @Test(.enabled(if: Chromium.available || Chromium.inCI, "needs Debian's chromium (apt-get install chromium); required when CI is set"))
    func amendmentPageRendersInHeadlessChromium() throws {
        try #require(Chromium.available, "chromium is not installed (apt-get install -y --no-install-recommends chromium)")
        let dir = try Self.scratch("chromium-amendment")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Pipeline().process(data: try Corpus.data(Self.seed), path: Self.seed)
        let url = try Self.write(DiffPage.render(DocumentDiffer().diff(amendment: a), records: [a]), to: dir)
        let dom = try Chromium.dumpDOM(url, profile: dir.appendingPathComponent("profile"))
        let first = try #require(Self.row("first-differing", in: dom))
        #expect(first.contains("2026-01") && first.contains("−23246 a month"))
        #expect(dom.contains("<section id=\"clauses\">"))
        let amount = try #require(Self.row("money-amount", in: dom))
        #expect(amount.contains("−6.05 %"))
    }
}
