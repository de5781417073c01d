import Foundation
import CLeptonica

/// What the page image is turned into before recognition, each step measured.
public struct PreprocessOptions: Sendable, Hashable {
    public enum Binarization: String, Sendable, Hashable { case sauvola, otsu }
    /// Which image Tesseract reads: the deskewed grey page, or the binarized and despeckled one.
    public enum Feed: String, Sendable, Hashable { case gray, binary }

    /// Pages below `upscaleBelow` dpi are scaled to `targetDPI` (Tesseract's LSTM wants ≈30 px glyphs).
    public var targetDPI = 300
    public var upscaleBelow = 250
    /// Resolution assumed when the file declares none: from the page width as if it were A4 (210 mm).
    public var assumeA4WhenUnknown = true
    public var deskew = true
    /// Skew below this (degrees) is left alone; above `maxSkew` the measurement is not trusted.
    public var minSkew = 0.1
    public var maxSkew = 5.0
    public var binarization = Binarization.sauvola
    /// Connected components no larger than this (pixels, both sides, at the target resolution) are specks.
    public var speckSize = 3
    public var feed = Feed.gray
    /// Whiten the grey page's background using the despeckled binary image. Off: measured on the degraded
    /// 001 page it cost 4–7 edits (thin strokes of ，and : went with the background).
    public var maskGray = false
    /// Paint the specks found by despeckling (`Despeckle`: small marks with no glyph beside them on their
    /// rows) out of the grey page too. Dust left in the grey page is read as “ ” : - or as 上 人, and
    /// throws Tesseract's layout analysis off (runs of a line dropped). Measured: degraded 001 pages
    /// 33+17 → 14+4 edits; six held-out degraded pages (scripts/experiments/render_holdout.py) 295 → 67.
    public var whitenSpecks = true

    public init() {}
}

/// One preprocessing step and its measured effect (becomes a `CleaningAction` example).
public struct PreprocessStep: Sendable, Hashable {
    public var code: String
    public var detail: String
}

/// A page ready for recognition, with the map back to the original image's pixels.
public struct PreparedPage: @unchecked Sendable {
    /// The image Tesseract reads (grey or binary, per `PreprocessOptions.feed`).
    public let recognition: PixImage
    /// The binarized, despeckled page (for table-grid detection).
    public let binary: PixImage
    public let dpi: Int
    /// Original pixels → prepared pixels.
    public let scale: Double
    /// Rotation applied (degrees, Leptonica's sign: positive = clockwise).
    public let rotation: Double
    public let originalWidth: Int, originalHeight: Int
    public let steps: [PreprocessStep]

    /// A box in prepared-image pixels mapped back to the original image (rotation undone, scale undone).
    public func originalBox(_ b: [Int]) -> [Int] {
        guard b.count == 4 else { return b }
        let w = Double(recognition.width), h = Double(recognition.height)
        let cx = w / 2, cy = h / 2
        let t = -rotation * .pi / 180
        var xs: [Double] = [], ys: [Double] = []
        for (x, y) in [(b[0], b[1]), (b[2], b[1]), (b[0], b[3]), (b[2], b[3])] {
            let dx = Double(x) - cx, dy = Double(y) - cy
            xs.append(cx + dx * cos(t) - dy * sin(t)); ys.append(cy + dx * sin(t) + dy * cos(t))
        }
        func o(_ v: Double, _ limit: Int) -> Int { max(0, min(limit, Int((v / scale).rounded()))) }
        // xs and ys hold the four corners (never empty): the folds' starting values are never returned.
        return [o(xs.reduce(.infinity, min), originalWidth), o(ys.reduce(.infinity, min), originalHeight),
                o(xs.reduce(-.infinity, max), originalWidth), o(ys.reduce(-.infinity, max), originalHeight)]
    }
}

/// Leptonica preprocessing: resolution, grey, deskew, binarization, despeckle.
public enum Preprocessor {
    /// A declared resolution below this is taken for none (guessed from the page width instead).
    static let lowestTrustedDPI = 72
    /// An upscale by less than this is not made.
    static let smallestUpscale = 1.05

    public static func prepare(_ page: PixImage, options: PreprocessOptions = .init()) -> PreparedPage? {
        var steps: [PreprocessStep] = []
        let ow = page.width, oh = page.height
        // 1. Resolution.
        var dpi = page.xResolution
        // Below 72 dpi no scanner wrote it: a declared 1 dpi would ask for a ×300 upscale.
        if dpi < Self.lowestTrustedDPI || dpi > 2400 {
            let guess = options.assumeA4WhenUnknown ? Int((Double(ow) / (210 / 25.4)).rounded()) : options.targetDPI
            steps.append(PreprocessStep(code: "ocr.resolution_assumed", detail: "no usable resolution in the file; \(guess) dpi assumed from the page width"))
            dpi = max(50, guess)
        }
        // 2. Grey.
        guard let gray0 = PixImage(pixConvertTo8(page.pointer, 0)) else { return nil }
        if page.depth != 8 {
            steps.append(PreprocessStep(code: "ocr.grayscale", detail: "\(page.depth) bpp → 8 bpp grey"))
        }
        var gray = gray0
        var scale = 1.0
        if dpi < options.upscaleBelow {
            scale = Double(options.targetDPI) / Double(dpi)
            // The upscaled page must stay within the decoder's pixel cap (checked before scaling).
            let fit = (Double(ImageDecoding.maxPixels) / Double(max(1, ow * oh))).squareRoot()
            if scale > fit {
                // Less than 5% larger is not worth a copy of the page.
                let limited = fit < Self.smallestUpscale ? 1 : fit
                steps.append(PreprocessStep(code: "ocr.upscale_limited", detail: "×\(String(format: "%.2f", scale)) would pass \(ImageDecoding.maxPixels) pixels; ×\(String(format: "%.2f", limited)) instead"))
                scale = limited
            }
        }
        if scale > 1 {
            // pixScaleGrayLI(gray, scale, scale), bit for bit (`LinearScaling`; Leptonica's own for 2× and 4×).
            guard let up = LinearScaling(factor: Float(scale)).scale(gray)
                    ?? PixImage(pixScaleGrayLI(gray.pointer, Float(scale), Float(scale))) else { return nil }
            gray = up
            let reached = Int((Double(dpi) * scale).rounded())
            steps.append(PreprocessStep(code: "ocr.upscale", detail: "\(dpi) → \(reached) dpi (×\(String(format: "%.2f", scale)))"))
            dpi = reached
        }
        // 3. Deskew: measure on a quick binary image, rotate the grey one.
        var rotation = 0.0
        let oneBit = page.depth == 1 && scale == 1
        if options.deskew, let quick = oneBit ? PixImage(pixClone(page.pointer)) : PixImage(pixConvertTo1(gray.pointer, 160)) {
            var angle: Float = 0, conf: Float = 0
            if pixFindSkew(quick.pointer, &angle, &conf) == 0 {
                let a = Double(angle)
                if abs(a) >= options.minSkew, abs(a) <= options.maxSkew, conf >= 2.5 {
                    if let rot = PixImage(pixRotate(gray.pointer, Float(a * .pi / 180), 1 /* L_ROTATE_AREA_MAP */, 1 /* L_BRING_IN_WHITE */, 0, 0)) {
                        gray = rot; rotation = a
                        steps.append(PreprocessStep(code: "ocr.deskew", detail: String(format: "angle %.2f° (confidence %.1f)", a, conf)))
                    }
                } else {
                    steps.append(PreprocessStep(code: "ocr.deskew_skipped", detail: String(format: "angle %.2f° (confidence %.1f) not applied", a, conf)))
                }
            }
        }
        // 4. Binarization.
        var binary: PixImage?
        let minSide = min(gray.width, gray.height)
        switch options.binarization {
        case _ where oneBit && rotation == 0:
            // Already 1 bpp at the working resolution: nothing to threshold.
            binary = PixImage(pixClone(page.pointer))
            if binary != nil { steps.append(PreprocessStep(code: "ocr.binarize", detail: "input already 1 bpp (kept)")) }
        case .sauvola where minSide > 60:
            // Leptonica's pixSauvolaBinarizeTiled(gray, ws, 0.34, 1, 1), bit for bit, in one pass (`SauvolaBinarizer`).
            let ws = Int32(max(8, dpi / 12))
            binary = SauvolaBinarizer(halfWidth: Int(ws), k: 0.34).binarize(gray)
            if binary != nil { steps.append(PreprocessStep(code: "ocr.binarize", detail: "Sauvola, window \(2 * ws + 1) px, k 0.34")) }
        case .otsu where minSide > 60:
            var th: UnsafeMutablePointer<PIX>?, bin: UnsafeMutablePointer<PIX>?
            if pixOtsuAdaptiveThreshold(gray.pointer, 2000, 2000, 0, 0, 0.1, &th, &bin) == 0 { binary = PixImage(bin) }
            pixDestroy(&th)
            if binary != nil { steps.append(PreprocessStep(code: "ocr.binarize", detail: "Otsu")) }
        default: break
        }
        if binary == nil {
            binary = PixImage(pixConvertTo1(gray.pointer, 160))
            steps.append(PreprocessStep(code: "ocr.binarize", detail: "fixed threshold 160"))
        }
        guard var bin = binary else { return nil }
        // A 1-bit page that needed no scaling or rotation is read as it is (step 7), not the grey copy.
        let readsOriginal = page.depth == 1 && scale == 1 && rotation == 0 && options.feed == .gray && !options.maskGray
        let paintsGray = options.feed == .gray && options.whitenSpecks && !readsOriginal && gray.depth == 8
        // 5. Despeckle: tiny components always go; small ones go when no glyph lies beside them on their
        // rows (see `Despeckle`), so dust between lines goes but a full stop beside its glyph stays.
        if options.speckSize > 0 {
            let rule = Despeckle(tiny: options.speckSize, dpi: dpi)
            if let (clean, removed, specks) = rule.apply(to: bin) {
                bin = clean
                // The same specks are painted out of the grey page Tesseract reads (dust read as
                // “ ” : - otherwise); glyphs are not touched.
                // `gray` is this function's own image (pixConvertTo8 returns a new one even for an 8 bpp
                // page; scaling and rotating make new ones), so it is painted in place.
                if paintsGray, !specks.isEmpty {
                    for r in specks {
                        var b = boxCreate(max(0, r[0] - 2), max(0, r[1] - 2), r[2] + 4, r[3] + 4)
                        pixSetInRect(gray.pointer, b)
                        boxDestroy(&b)
                    }
                }
                steps.append(PreprocessStep(code: "ocr.despeckle", detail: "\(removed) specks removed (marks ≤\(rule.small) px with no ink beside them within \(rule.reach) px)"
                    + (paintsGray ? ", \(specks.count) painted out of the grey page" : "")))
                // Dust dots beside a line (`StrayDots`): out of both pages.
                let dots = StrayDots(rule: rule).find(in: bin)
                if !dots.isEmpty {
                    for r in dots {
                        var b = boxCreate(r[0], r[1], r[2], r[3])
                        pixClearInRect(bin.pointer, b)
                        boxDestroy(&b)
                        if paintsGray {
                            var g = boxCreate(max(0, r[0] - 2), max(0, r[1] - 2), r[2] + 4, r[3] + 4)
                            pixSetInRect(gray.pointer, g)
                            boxDestroy(&g)
                        }
                    }
                    steps.append(PreprocessStep(code: "ocr.stray_dots", detail: "\(dots.count) dust dots beside text lines removed"))
                }
            }
        }
        // 6. The grey page Tesseract reads is cleaned with the binary one: background (everything not
        // within a few pixels of kept ink) is set to white, which removes noise and specks but keeps
        // the glyphs' grey edges.
        if options.feed == .gray, options.maskGray, gray.depth == 8,
           let near = PixImage(pixDilateBrick(nil, bin.pointer, 5, 5)), let bg = PixImage(pixInvert(nil, near.pointer)),
           let cleaned = PixImage(pixCopy(nil, gray.pointer)) {
            pixSetMasked(cleaned.pointer, bg.pointer, 255)
            gray = cleaned
            steps.append(PreprocessStep(code: "ocr.background_cleaned", detail: "grey page masked by the despeckled binary (5 px margin)"))
        }
        pixSetResolution(bin.pointer, Int32(dpi), Int32(dpi))
        pixSetResolution(gray.pointer, Int32(dpi), Int32(dpi))
        var feed = options.feed == .binary ? bin : gray
        // 7. A 1-bit page that needed no scaling or rotation is read as it is (Tesseract would only
        // threshold the grey copy back to the same bits).
        if readsOriginal, let original = PixImage(pixClone(page.pointer)) {
            pixSetResolution(original.pointer, Int32(dpi), Int32(dpi))
            feed = original
        }
        return PreparedPage(recognition: feed, binary: bin, dpi: dpi, scale: scale, rotation: rotation,
                            originalWidth: ow, originalHeight: oh, steps: steps)
    }
}
