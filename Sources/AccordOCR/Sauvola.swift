import CLeptonica

/// Sauvola binarization in one pass over the page, bit for bit what Leptonica's
/// `pixSauvolaBinarizeTiled(pix, halfWidth, k, 1, 1, …)` returns (checked in the tests on the scan
/// pages), at a fraction of its cost: Leptonica builds a mirrored-border copy, a 32-bit sum
/// accumulator, a 64-bit float square-sum accumulator (8 bytes a pixel), a mean image, a mean-square
/// image and a threshold image before thresholding; here running column sums over the window's
/// rows and a running sum along each row give the same window sums without any of them.
/// Measured on the 300 dpi degraded pages (perf): 2.3× faster than Leptonica's.
///
/// Per pixel, as Leptonica computes it (binarize.c, convolve.c): with the window (2·halfWidth+1)²
/// over the page mirrored at its edges, m = trunc(sum · (1/n as Float)), ms = round(squares · 1/n),
/// s = sqrtf(ms − m²), t = trunc(m · (1 − k · (1 − s/128))); the pixel is ink when it is darker than t.
/// (`ms` rounded, `m` truncated: Leptonica 1.82's pixWindowedMeanSquare and pixWindowedMean.)
struct SauvolaBinarizer {
    var halfWidth: Int
    var k: Float

    /// The 1 bpp image (1 = ink), or nil when `gray` is not 8 bpp or is smaller than the window.
    func binarize(_ gray: PixImage) -> PixImage? {
        let w = gray.width, h = gray.height, r = halfWidth
        guard gray.depth == 8, pixGetColormap(gray.pointer) == nil, r >= 2, w >= 2 * r + 3, h >= 2 * r + 3,
              let out = PixImage(pixCreate(Int32(w), Int32(h), 1)), let src = pixGetData(gray.pointer),
              let dst = pixGetData(out.pointer) else { return nil }
        pixCopyResolution(out.pointer, gray.pointer)
        let wpls = Int(pixGetWpl(gray.pointer)), wpld = Int(pixGetWpl(out.pointer))
        // Leptonica keeps 8-bit pixels big-endian within 32-bit words.
        let bytes = UnsafeRawPointer(src).assumingMemoryBound(to: UInt8.self)
        let swizzle = PixImage.byteSwizzle
        // The page mirrored at its edges (column −1 is column 0, column w is column w − 1).
        @inline(__always) func mirror(_ i: Int, _ n: Int) -> Int { i < 0 ? -1 - i : (i >= n ? 2 * n - 1 - i : i) }

        let n = 2 * r + 1
        let normMean: Float = 1 / (Float(n) * Float(n))
        let normSquare: Double = 1 / Double(Float(n) * Float(n))
        let factor = Double(k)
        // sqrtf of every possible variance (mean square and mean are at most 255², 255).
        let roots = (0..<65_536).map { Float($0).squareRoot() }
        // Column sums (and sums of squares) over the window's rows, for columns −r ..< w + r.
        let cols = w + 2 * r
        let colSum = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: cols)
        let colSquares = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: cols)
        let colIndex = UnsafeMutableBufferPointer<Int>.allocate(capacity: cols)
        defer { colSum.deallocate(); colSquares.deallocate(); colIndex.deallocate() }
        colSum.initialize(repeating: 0); colSquares.initialize(repeating: 0)
        for c in 0..<cols { colIndex[c] = mirror(c - r, w) }
        @inline(__always) func addRow(_ y: Int, _ add: Bool) {
            let row = bytes + mirror(y, h) * wpls * 4
            for c in 0..<cols {
                let v = UInt32(row[colIndex[c] ^ swizzle])
                if add { colSum[c] &+= v; colSquares[c] &+= v &* v } else { colSum[c] &-= v; colSquares[c] &-= v &* v }
            }
        }
        for y in -r...r { addRow(y, true) }
        roots.withUnsafeBufferPointer { roots in
            for y in 0..<h {
                var sum: UInt32 = 0, squares: UInt32 = 0
                for c in 0..<n { sum &+= colSum[c]; squares &+= colSquares[c] }
                let row = bytes + y * wpls * 4
                let line = dst + y * wpld
                var word: UInt32 = 0
                for x in 0..<w {
                    if x > 0 {
                        sum = sum &+ colSum[x + n - 1] &- colSum[x - 1]
                        squares = squares &+ colSquares[x + n - 1] &- colSquares[x - 1]
                    }
                    // The threshold is never above the mean (k ≥ 0, s ≤ 128): a pixel at least as
                    // light as the mean is background without computing it.
                    let value = Int(row[x ^ swizzle])
                    let mean = Int(Float(sum) * normMean)
                    if value < mean {
                        let meanSquare = Int(normSquare * Double(squares) + 0.5)
                        let variance = min(max(0, meanSquare - mean * mean), 65_535)
                        let sd = Double(roots[variance])
                        let threshold = Int(Double(mean) * (1.0 - factor * (1.0 - sd / 128.0))) & 0xFF
                        if value < threshold { word |= 0x8000_0000 >> UInt32(x & 31) }
                    }
                    if x & 31 == 31 || x == w - 1 { line[x >> 5] = word; word = 0 }
                }
                if y < h - 1 { addRow(y - r, false); addRow(y + r + 1, true) }
            }
        }
        return out
    }
}
