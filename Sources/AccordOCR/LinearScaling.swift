import CLeptonica

/// Upscaling of a grey page by linear interpolation, bit for bit what Leptonica's
/// `pixScaleGrayLI(pix, scale, scale)` returns in its general case (checked in the tests on the scan
/// pages), with less work per pixel.
///
/// Per destination pixel (j, i), as Leptonica computes it (scale1.c, scaleGrayLILow): with
/// scx = 16·ws/wd and scy = 16·hs/hd as floats, xpm = trunc(scx·j) and ypm = trunc(scy·i) give the
/// source position in sixteenths, and the pixel is the bilinear mix of the 2×2 source pixels there
/// (at the right and bottom edges, Leptonica's own substitutes for the missing neighbours). Leptonica
/// converts and multiplies j for every pixel; xpm depends on the column alone, so here it comes
/// from a table (the same products, so the same truncations).
struct LinearScaling {
    var factor: Float

    /// The scaled image, or nil where Leptonica would not take its general path (not 8 bpp without
    /// colormap; a factor of 1, 2 or 4, or below 0.7) or the result would be empty.
    func scale(_ gray: PixImage) -> PixImage? {
        let scale = factor
        let ws = gray.width, hs = gray.height
        guard gray.depth == 8, pixGetColormap(gray.pointer) == nil, scale >= 0.7, scale != 1, scale != 2, scale != 4,
              let src = pixGetData(gray.pointer) else { return nil }
        // wd = (l_int32)(scalex * (l_float32)ws + 0.5): a float product, then a double sum.
        let wd = Int(Double(scale * Float(ws)) + 0.5), hd = Int(Double(scale * Float(hs)) + 0.5)
        guard wd > 0, hd > 0, let out = PixImage(pixCreate(Int32(wd), Int32(hd), 8)), let dst = pixGetData(out.pointer) else { return nil }
        pixCopyText(out.pointer, gray.pointer)
        pixCopyResolution(out.pointer, gray.pointer)
        pixCopyInputFormat(out.pointer, gray.pointer)
        pixScaleResolution(out.pointer, scale, scale)
        let wpls = Int(pixGetWpl(gray.pointer)) * 4, wpld = Int(pixGetWpl(out.pointer)) * 4
        let source = UnsafeRawPointer(src).assumingMemoryBound(to: UInt8.self)
        let target = UnsafeMutableRawPointer(dst).assumingMemoryBound(to: UInt8.self)
        let swizzle = PixImage.byteSwizzle
        // scx = 16. * (l_float32)ws / (l_float32)wd, computed in double and stored as float.
        let scx = Float(16.0 * Double(Float(ws)) / Double(Float(wd)))
        let scy = Float(16.0 * Double(Float(hs)) / Double(Float(hd)))
        let wm2 = ws - 2, hm2 = hs - 2
        let columns = (0..<wd).map { j in Int(scx * Float(j)) }
        columns.withUnsafeBufferPointer { columns in
            for i in 0..<hd {
                let ypm = Int(scy * Float(i))
                let yp = ypm >> 4, yf = ypm & 15
                let line = source + yp * wpls, next = line + wpls
                let out = target + i * wpld
                for j in 0..<wd {
                    let xpm = columns[j]
                    let xp = xpm >> 4, xf = xpm & 15
                    let v00 = Int(line[xp ^ swizzle])
                    let v10: Int, v01: Int, v11: Int
                    if xp > wm2 || yp > hm2 {
                        if yp > hm2 && xp <= wm2 {  // near the bottom
                            v01 = v00; v10 = Int(line[(xp + 1) ^ swizzle]); v11 = v10
                        } else if xp > wm2 && yp <= hm2 {  // near the right side
                            v01 = Int(next[xp ^ swizzle]); v10 = v00; v11 = v01
                        } else {  // the bottom-right corner
                            v10 = v00; v01 = v00; v11 = v00
                        }
                    } else {
                        v10 = Int(line[(xp + 1) ^ swizzle])
                        v01 = Int(next[xp ^ swizzle])
                        v11 = Int(next[(xp + 1) ^ swizzle])
                    }
                    let sum = (16 - xf) * (16 - yf) * v00 + xf * (16 - yf) * v10 + (16 - xf) * yf * v01 + xf * yf * v11
                    out[j ^ swizzle] = UInt8(truncatingIfNeeded: (sum + 128) / 256)
                }
            }
        }
        return out
    }
}
