import CLeptonica

/// Dust dots beside a text line, which `Despeckle` keeps because ink lies beside them on their rows.
///
/// Recognized as punctuation (作· → 作…, 活动 · → 活动，) or merged into the glyph beside them (·人 → 火).
/// A mark of text that small sits where punctuation sits or belongs to a glyph, and a dot of dust
/// does not have to: a small, solid, roundish component (no larger than `Despeckle.small`) is dust when
///   - its centre lies in the upper half of the line beside it (。，、. sit at the bottom: the line is
///     the union of the larger components beside it on its rows, within `reach`);
///   - no larger component lies straight above or below it within `partnerGap` (the detached dot of
///     主 文 讠 and the like sits on its glyph's body);
///   - no small component of similar size lies beside it on its rows within its own width and a half
///     (the two marks of “ ” ‘ ’), nor straight above or below (the dots of ： ；, as `Despeckle`);
///   - no larger component's box holds its centre (the dots inside 心 小 火 and the like lie within
///     their glyph's box).
struct StrayDots {
    var rule: Despeckle
    /// Ink share of the box at least this: a dot (a disc fills π/4 of its box; two quote marks blurred
    /// into one blob, measured, 0.67–0.68); for a dot under 8 px, `minSmallFill`.
    var minFill: Float = 0.7
    var minSmallFill: Float = 0.55

    /// The dots' boxes (`[x, y, w, h]`) on the despeckled page `bin`.
    func find(in bin: PixImage) -> [[Int32]] {
        var pixa: UnsafeMutablePointer<PIXA>?
        var boxa = pixConnComp(bin.pointer, &pixa, 8)
        defer { boxaDestroy(&boxa); pixaDestroy(&pixa) }
        guard let boxa, let pixa else { return [] }
        let count = boxaGetCount(boxa)
        guard pixaGetCount(pixa) == count else { return [] }
        let sm = Int32(rule.small)
        var small: [(Despeckle.Rect, Float)] = [], large: [Despeckle.Rect] = []
        for i in 0..<count {
            var r = Despeckle.Rect(x: 0, y: 0, w: 0, h: 0)
            boxaGetBoxGeometry(boxa, i, &r.x, &r.y, &r.w, &r.h)
            if r.w <= sm && r.h <= sm {
                var ink: Int32 = 0
                if let piece = pixaGetPix(pixa, i, 2 /* L_CLONE */) {
                    pixCountPixels(piece, &ink, nil)
                    var p: UnsafeMutablePointer<PIX>? = piece
                    pixDestroy(&p)
                }
                small.append((r, Float(ink) / Float(max(1, r.w * r.h))))
            } else {
                large.append(r)
            }
        }
        let reach = Int32(rule.reach), gapLimit = Int32(rule.partnerGap)
        var out: [[Int32]] = []
        for (i, (r, fill)) in small.enumerated() {
            // Roundish (a dash or a comma is longer than wide) and solid: a dot of a few pixels is
            // ragged, a larger one fills most of its box (two quote marks blurred into one fill less).
            guard 2 * r.w <= 3 * r.h, 2 * r.h <= 3 * r.w, fill >= (max(r.w, r.h) >= 8 ? minFill : minSmallFill) else { continue }
            // The line beside it: larger components on its rows within reach.
            var top = Int32.max, bottom = Int32.min, beside = false, onBody = false
            let cx2 = 2 * r.x + r.w, cy2 = 2 * r.y + r.h
            for l in large {
                let rowsOverlap = l.y < r.y + r.h && r.y < l.y + l.h
                let colsOverlap = l.x < r.x + r.w && r.x < l.x + l.w
                if 2 * l.x <= cx2, cx2 <= 2 * (l.x + l.w), 2 * l.y <= cy2, cy2 <= 2 * (l.y + l.h) { onBody = true; break }
                if colsOverlap, !rowsOverlap {
                    let gap = l.y >= r.y + r.h ? l.y - (r.y + r.h) : r.y - (l.y + l.h)
                    if gap <= gapLimit { onBody = true; break }
                }
                if rowsOverlap, !colsOverlap {
                    let gap = l.x >= r.x + r.w ? l.x - (r.x + r.w) : r.x - (l.x + l.w)
                    if gap <= reach { beside = true; top = min(top, l.y); bottom = max(bottom, l.y + l.h) }
                }
            }
            guard !onBody, beside, bottom - top > 2 * r.h else { continue }
            // Centre in the upper half of the line.
            guard cy2 - 2 * top < bottom - top else { continue }
            // A mark of two parts: a similar small component beside it (quotes) or above or below (colons).
            var partner = false
            for (j, (s, _)) in small.enumerated() where j != i {
                let similar = 2 * s.w >= r.w && 2 * r.w >= s.w && 2 * s.h >= r.h && 2 * r.h >= s.h
                let rowsOverlap = s.y < r.y + r.h && r.y < s.y + s.h
                let colsOverlap = s.x < r.x + r.w && r.x < s.x + s.w
                if rowsOverlap, similar {
                    let gap = s.x >= r.x + r.w ? s.x - (r.x + r.w) : r.x - (s.x + s.w)
                    if gap <= (3 * max(r.w, s.w)) / 2 { partner = true; break }
                }
                if colsOverlap {
                    let gap = s.y >= r.y + r.h ? s.y - (r.y + r.h) : r.y - (s.y + s.h)
                    if gap <= gapLimit { partner = true; break }
                }
            }
            if !partner { out.append([r.x, r.y, r.w, r.h]) }
        }
        return out
    }
}
