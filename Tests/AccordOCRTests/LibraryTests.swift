import Testing
import Foundation
import AccordModel
import AccordReaders
import AccordText
import CLeptonica
import CLeptonicaOverrides
@testable import AccordOCR

@Test func linksTesseractAndLeptonica() {
    #expect(OCRLibraries.tesseractVersion.hasPrefix("5"))
    #expect(OCRLibraries.leptonicaVersion.contains("leptonica"))
}

/// corpus/scans, from this file's location.
func scan(_ name: String) throws -> Data {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try Data(contentsOf: root.appendingPathComponent("corpus/scans/\(name)"))
}

func input(_ data: Data, _ path: String = "test") -> ReaderInput {
    ReaderInput(data: data, path: path, sha256: ContentHash.hex(data), sniff: Sniff.of(data))
}

@Suite struct BadImages {
    let png = try! scan("001-annex-table.png")

    @Test func truncatedPNG() {
        #expect(throws: ReadError.self) { try ImageReader().read(input(png.prefix(400))) }
    }
    @Test func headerOnlyPNG() {
        #expect(throws: ReadError.self) { try ImageReader().read(input(png.prefix(16))) }
    }
    @Test func notAnImage() {
        var bytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        bytes += Data("this is not an image at all, just text after a PNG signature".utf8)
        #expect(throws: ReadError.self) { try ImageReader().read(input(bytes)) }
    }
    @Test func zeroSizeJPEG() {
        #expect(throws: ReadError.self) { try ImageReader().read(input(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]))) }
    }
    @Test func brokenPDF() {
        let bytes = Data("%PDF-1.4\n1 0 obj garbage".utf8)
        do { _ = try PDFReader().read(input(bytes)); Issue.record("expected a ReadError") }
        catch { #expect(!error.reason.contains("\n")) }
    }
    @Test func registryRoutesImagesToOCR() {
        let r = ReaderRegistry.withOCR
        #expect(r.reader(for: .png)?.name == "image-ocr")
        #expect(r.reader(for: .tiff)?.name == "image-ocr")
        #expect(r.reader(for: .pdf)?.name == "pdf")
        #expect(r.reader(for: .text)?.name == ReaderRegistry.standard.reader(for: .text)?.name)
    }
}

@Test func scriptCheckFlagsWrongLanguageLayer() {
    let garbage = "Pl EAE X SEREIR S5O A ARG D H\nB (=ZhrEE) #hsEbpi\nW7 BRI A X e AL\n77 W F b KARRAE T RS0"
    #expect(ScriptCheck.assess(garbage).wrongLanguage)
    #expect(ScriptCheck.finding(for: garbage, what: "layer")?.code == "ocr.wrong_language")
    let chinese = "甲、乙双方此前根据有关政策法规及采购结果（项目编号：LGDL2025000084-A），于2025年7月30日签订 PDF 合同"
    let a = ScriptCheck.assess(chinese)
    #expect(!a.wrongLanguage)
    #expect(a.plausibleLatinWords == 2)
    #expect(!ScriptCheck.assess("OK").wrongLanguage)  // too little to judge
}

@Test func preprocessingRecordsItsSteps() throws {
    let pages = try ImageDecoding.pages([UInt8](scan("001-annex-table.png")), kind: "png")
    let prepared = try #require(Preprocessor.prepare(pages[0]))
    #expect(prepared.steps.contains { $0.code == "ocr.binarize" })
    #expect(prepared.dpi == 300)
    #expect(prepared.scale == 1)
}

@Test func ruledTableGridAndCells() throws {
    let pages = try ImageDecoding.pages([UInt8](scan("001-annex-table.png")), kind: "png")
    let prepared = try #require(Preprocessor.prepare(pages[0]))
    let grid = try #require(GridDetector.detect(in: prepared.binary))
    #expect(grid.rowLines.count == 8)      // header + 6 rows
    #expect(grid.columnLines.count == 6)   // 5 columns
    // 服务类别 column merged over the 6 data rows; 3、党员教育管理 over 4; the standard over 6.
    #expect(grid.cells.contains(CellSpan(row: 1, column: 0, rowSpan: 6, colSpan: 1)))
    #expect(grid.cells.contains(CellSpan(row: 3, column: 1, rowSpan: 4, colSpan: 1)))
    #expect(grid.cells.contains(CellSpan(row: 1, column: 4, rowSpan: 6, colSpan: 1)))
    #expect(grid.cells.count == 5 + 1 + 3 + 3 + 6 + 1 - 0)
}

@Test func truncatedJPEGAndTIFFNeverCrash() throws {
    let jpeg = [UInt8](try scan("001-degraded-p2.jpg"))
    // A JPEG cut in the middle decodes (libjpeg fills the rest) or fails with a ReadError; never a crash.
    _ = try? ImageDecoding.pages(Array(jpeg.prefix(jpeg.count / 3)), kind: "jpeg")
    let tiff = [UInt8](try scan("001-clean.tif"))
    #expect(throws: ReadError.self) { try ImageDecoding.pages(Array(tiff.prefix(200)), kind: "tiff") }
}

@Test func scriptCheckOnTheSeeds() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    func seed(_ name: String) throws -> String {
        let data = try Data(contentsOf: root.appendingPathComponent("corpus/seeds/\(name)"))
        return try TextDecoding.decode(data).text
    }
    #expect(ScriptCheck.assess(try seed("002_b89b15cc7f74b3ec.txt")).wrongLanguage)
    for name in ["000_77b86f38557a5dc6.txt", "001_08ce58bb254aa3f5.txt", "003_fec90b3e624f4feb.txt"] {
        let a = ScriptCheck.assess(try seed(name))
        #expect(!a.wrongLanguage, "\(name): \(a.summary)")
    }
}

/// `SauvolaBinarizer` is Leptonica's pixSauvolaBinarizeTiled(…, 1, 1, …) bit for bit: on two crops of
/// the degraded page scaled to 300 dpi as `Preprocessor` does (one at the page's top-left corner, where
/// the window is mirrored at two edges; one at the bottom-right corner), with the page's window.
@Test func sauvolaMatchesLeptonica() throws {
    let page = try #require(try ImageDecoding.pages([UInt8](scan("001-degraded-p1.jpg")), kind: "jpeg").first)
    let gray8 = try #require(PixImage(pixConvertTo8(page.pointer, 0)))
    let gray = try #require(PixImage(pixScaleGrayLI(gray8.pointer, 1.5, 1.5)))
    let (w, h) = (Int32(gray.width), Int32(gray.height))
    for (x, y) in [(Int32(0), Int32(0)), (w - 700, h - 500)] {
        var box = boxCreate(x, y, 700, 500)
        defer { boxDestroy(&box) }
        let crop = try #require(PixImage(pixClipRectangle(gray.pointer, box, nil)))
        var th: UnsafeMutablePointer<PIX>?, bin: UnsafeMutablePointer<PIX>?
        #expect(pixSauvolaBinarizeTiled(crop.pointer, 25, 0.34, 1, 1, &th, &bin) == 0)
        pixDestroy(&th)
        let leptonica = try #require(PixImage(bin))
        let ours = try #require(SauvolaBinarizer(halfWidth: 25, k: 0.34).binarize(crop))
        var same: Int32 = 0
        pixEqual(leptonica.pointer, ours.pointer, &same)
        #expect(same == 1, "crop at \(x),\(y)")
        var ink: Int32 = 0
        pixCountPixels(ours.pointer, &ink, nil)
        #expect(ink > 1000)  // the crops hold text, not just paper
    }
}

/// `LinearScaling` is Leptonica's pixScaleGrayLI bit for bit (every data word, pad bits included,
/// size, resolution): the degraded page scaled ×1.5 as `Preprocessor` does (200 → 300 dpi) and by
/// other factors, and small odd-sized noise (the right and bottom edges' own rules).
@Test func linearScalingMatchesLeptonica() throws {
    let page = try #require(try ImageDecoding.pages([UInt8](scan("001-degraded-p2.jpg")), kind: "jpeg").first)
    let gray = try #require(PixImage(pixConvertTo8(page.pointer, 0)))
    let noise = try #require(PixImage(pixCreate(29, 17, 8)))
    var seed: UInt64 = 11
    for y in 0..<17 { for x in 0..<29 {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        pixSetPixel(noise.pointer, Int32(x), Int32(y), UInt32((seed >> 33) & 0xFF))
    } }
    pixSetResolution(noise.pointer, 150, 150)
    func words(_ p: PixImage) -> [UInt32] {
        Array(UnsafeBufferPointer(start: pixGetData(p.pointer), count: Int(pixGetWpl(p.pointer)) * p.height))
    }
    for (image, factor) in [(gray, Float(1.5)), (gray, 300 / Float(120)), (noise, 1.5), (noise, 3.3), (noise, 0.75), (noise, 1.04)] {
        let ours = try #require(LinearScaling(factor: factor).scale(image))
        let leptonica = try #require(PixImage(pixScaleGrayLI(image.pointer, factor, factor)))
        let size: [Int] = [ours.width, ours.height], expected: [Int] = [leptonica.width, leptonica.height]
        #expect(size == expected)
        #expect(words(ours) == words(leptonica), "\(image.width)x\(image.height) ×\(factor)")
        #expect(pixGetXRes(ours.pointer) == pixGetXRes(leptonica.pointer) && pixGetYRes(ours.pointer) == pixGetYRes(leptonica.pointer))
    }
}

/// The pixOpenBrick override (CLeptonicaOverrides/open_brick.c) returns Leptonica's own result, on the
/// bricks Tesseract's line finder uses at 300 and 200 dpi and others, for a binarized degraded page
/// and for noise with ink on every edge of the image.
@Test func openBrickOverrideMatchesLeptonica() throws {
    let page = try #require(try ImageDecoding.pages([UInt8](scan("001-degraded-p2.jpg")), kind: "jpeg").first)
    let prepared = try #require(Preprocessor.prepare(page))
    var box = boxCreate(0, 0, 900, 700)
    defer { boxDestroy(&box) }
    let crop = try #require(PixImage(pixClipRectangle(prepared.binary.pointer, box, nil)))
    let noise = try #require(PixImage(pixCreate(333, 251, 1)))
    var seed: UInt64 = 42
    for y in 0..<251 { for x in 0..<333 {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        if (seed >> 33) % 3 != 0 || x < 3 || y > 247 { pixSetPixel(noise.pointer, Int32(x), Int32(y), 1) }
    } }
    for image in [crop, noise] {
        for (hs, vs) in [(15, 15), (1, 75), (75, 1), (10, 10), (1, 50), (50, 1), (5, 5), (2, 1), (1, 3), (7, 33), (64, 2), (333, 1)] {
            let ours = try #require(PixImage(pixOpenBrick(nil, image.pointer, Int32(hs), Int32(vs))))
            let leptonica = try #require(PixImage(accord_leptonica_open_brick(nil, image.pointer, Int32(hs), Int32(vs))))
            var same: Int32 = 0
            pixEqual(ours.pointer, leptonica.pointer, &same)
            #expect(same == 1, "\(image.width)x\(image.height) brick \(hs)x\(vs)")
        }
    }
}

/// The pixWriteMem/pixReadMem overrides (CLeptonicaOverrides/line_images.c): a 1 or 8 bpp image written
/// as PNG and read back is the image Leptonica's own PNG round trip gives (size, depth, samples per
/// pixel, every data word including the pad bits, resolution, input format), for text-line crops of a
/// prepared grey page and of a 1-bit page at odd widths, with and without a resolution; images the
/// raw path does not take (32 bpp, colormapped) are still written as real PNG; and a real PNG still
/// reads.
@Test func lineImageRoundTripMatchesLeptonicaPNG() throws {
    let page = try #require(try ImageDecoding.pages([UInt8](scan("001-degraded-p2.jpg")), kind: "jpeg").first)
    let prepared = try #require(Preprocessor.prepare(page))
    let clean = try #require(try ImageDecoding.pages([UInt8](scan("001-clean-p2.png")), kind: "png").first)
    func roundTrip(_ pix: PixImage, ours: Bool) throws -> PixImage {
        var data: UnsafeMutablePointer<UInt8>?, size = 0
        let rc = ours ? pixWriteMem(&data, &size, pix.pointer, 3 /* IFF_PNG */)
                      : accord_leptonica_write_mem(&data, &size, pix.pointer, 3)
        #expect(rc == 0)
        defer { lept_free(data) }
        // The raw path was taken (a PNG would start with \u{89}PNG).
        if ours {
            let bytes = try #require(data)
            #expect(size > 16 && String(cString: UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self)) == "accord-raw-pix1")
        }
        return try #require(PixImage(ours ? pixReadMem(data, size) : accord_leptonica_read_mem(data, size)))
    }
    func words(_ p: PixImage) -> [UInt32] {
        Array(UnsafeBufferPointer(start: pixGetData(p.pointer), count: Int(pixGetWpl(p.pointer)) * p.height))
    }
    var checked = 0
    for (source, xres) in [(prepared.recognition, 300), (prepared.binary, 300), (clean, 300), (prepared.recognition, 0), (clean, 72)] {
        for (x, y, w, h) in [(37, 101, 1203, 77), (5, 640, 333, 61), (0, 0, 1, 1), (900, 1500, 64, 96)] {
            var box = boxCreate(Int32(x), Int32(y), Int32(w), Int32(h))
            defer { boxDestroy(&box) }
            let crop = try #require(PixImage(pixClipRectangle(source.pointer, box, nil)))
            pixSetResolution(crop.pointer, Int32(xres), Int32(xres))
            #expect(accord_raw_line_image_eligible(crop.pointer) == 1)
            let ours = try roundTrip(crop, ours: true), leptonica = try roundTrip(crop, ours: false)
            let shape: [Int] = [ours.width, ours.height, ours.depth], expected: [Int] = [leptonica.width, leptonica.height, leptonica.depth]
            #expect(shape == expected)
            #expect(pixGetSpp(ours.pointer) == pixGetSpp(leptonica.pointer))
            #expect(pixGetXRes(ours.pointer) == pixGetXRes(leptonica.pointer) && pixGetYRes(ours.pointer) == pixGetYRes(leptonica.pointer))
            #expect(pixGetInputFormat(ours.pointer) == pixGetInputFormat(leptonica.pointer))
            #expect(words(ours) == words(leptonica), "\(source.depth) bpp crop \(w)x\(h)")
            checked += 1
        }
    }
    #expect(checked == 20)
    // Not taken by the raw path: real PNG bytes, which both readers decode to the same image.
    let rgb = try #require(PixImage(pixConvertTo32(prepared.recognition.pointer)))
    let cmapped = try #require(PixImage(pixConvertGrayToColormap(prepared.recognition.pointer)))
    for pix in [rgb, cmapped] {
        #expect(accord_raw_line_image_eligible(pix.pointer) == 0)
        var data: UnsafeMutablePointer<UInt8>?, size = 0
        #expect(pixWriteMem(&data, &size, pix.pointer, 3) == 0)
        defer { lept_free(data) }
        let signature: [UInt8] = size > 8 ? Array(UnsafeBufferPointer(start: data, count: 4)) : []
        #expect(signature == [0x89, 0x50, 0x4E, 0x47])
        let ours = try #require(PixImage(pixReadMem(data, size)))
        let leptonica = try #require(PixImage(accord_leptonica_read_mem(data, size)))
        var same: Int32 = 0
        pixEqual(ours.pointer, leptonica.pointer, &same)
        #expect(same == 1)
    }
}

/// `Despeckle` labels the page once; it gives what selecting by size twice (Leptonica's
/// pixSelectBySize: tiny components out, then the small ones among the rest) and boxing the second
/// selection gave: the same image, the same specks in the same order, the same count.
@Test func despeckleMatchesSelectionBySize() throws {
    let page = try #require(try ImageDecoding.pages([UInt8](scan("001-degraded-p2.jpg")), kind: "jpeg").first)
    let gray8 = try #require(PixImage(pixConvertTo8(page.pointer, 0)))
    let gray = try #require(PixImage(pixScaleGrayLI(gray8.pointer, 1.5, 1.5)))
    let bin = try #require(SauvolaBinarizer(halfWidth: 25, k: 0.34).binarize(gray))
    let rule = Despeckle(tiny: 3, dpi: 300)
    let (image, removed, specks) = try #require(rule.apply(to: bin))
    // The selection path, as it was.
    var before: Int32 = 0, after: Int32 = 0, changed: Int32 = 0
    pixCountConnComp(bin.pointer, 8, &before)
    let t = Int32(rule.tiny), sm = Int32(rule.small)
    let clean = try #require(PixImage(pixSelectBySize(bin.pointer, t, t, 8, 5, 2, &changed)))
    let smalls = try #require(PixImage(pixSelectBySize(clean.pointer, sm, sm, 8, 6, 3, &changed)))
    var boxa = pixConnCompBB(smalls.pointer, 8)
    defer { boxaDestroy(&boxa) }
    var boxes: [Despeckle.Rect] = []
    for i in 0..<boxaGetCount(try #require(boxa)) {
        var r = Despeckle.Rect(x: 0, y: 0, w: 0, h: 0)
        boxaGetBoxGeometry(boxa, i, &r.x, &r.y, &r.w, &r.h)
        boxes.append(r)
    }
    var expected: [[Int32]] = []
    for (i, r) in boxes.enumerated() where !rule.besideInk(r, in: clean, width: Int32(clean.width)) && !rule.hasPartner(i, boxes) {
        expected.append([r.x, r.y, r.w, r.h])
    }
    for s in expected { var b = boxCreate(s[0], s[1], s[2], s[3]); pixClearInRect(clean.pointer, b); boxDestroy(&b) }
    pixCountConnComp(clean.pointer, 8, &after)
    #expect(specks == expected)
    #expect(removed == Int(before - after))
    #expect(specks.count > 100)
    var same: Int32 = 0
    pixEqual(image.pointer, clean.pointer, &same)
    #expect(same == 1)
}
