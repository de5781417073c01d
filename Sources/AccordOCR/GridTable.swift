import Foundation
import CLeptonica

/// A ruled table found on a page: grid lines, and cells (merged ones included) read one by one.
public struct GridTable: Sendable, Hashable {
    public struct GridCell: Sendable, Hashable {
        public var row: Int, column: Int, rowSpan: Int, colSpan: Int
        /// The cell's inside, in prepared-page pixels.
        public var box: [Int]
        public var lines: [OCRLine]
    }
    /// Grid-line positions in prepared-page pixels (rows + 1 and columns + 1 of them).
    public var rowLines: [Int]
    public var columnLines: [Int]
    public var cells: [GridCell]
    /// Glyphs of the cells' first readings dropped as specks (`CellReader.droppingSpeckGlyphs`).
    public var specks: [OCRSymbol] = []
    public var bounds: [Int] { [columnLines.first ?? 0, rowLines.first ?? 0, columnLines.last ?? 0, rowLines.last ?? 0] }
    public var rowCount: Int { rowLines.count - 1 }
    public var columnCount: Int { columnLines.count - 1 }
    public var mergedCells: Int { cells.filter { $0.rowSpan > 1 || $0.colSpan > 1 }.count }
}

/// A grid before its cells are read.
public struct DetectedGrid: Sendable, Hashable {
    public var rowLines: [Int]
    public var columnLines: [Int]
    public var cells: [CellSpan]
    public var bounds: [Int] { [columnLines.first ?? 0, rowLines.first ?? 0, columnLines.last ?? 0, rowLines.last ?? 0] }

    /// OCRs each cell: as an image of its own (`CellReader`), or with `cellReader` nil through
    /// `SetRectangle` on the whole page (psm 6 inside the cell's box, inset from the rules).
    public func read(with engine: TesseractEngine, page: PreparedPage,
                     cellReader: CellReader? = CellReader.enabled ? CellReader() : nil) throws(OCRError) -> GridTable {
        let inset = max(4, page.dpi / 50)
        let boxes = cells.map { cell in
            [columnLines[cell.column] + inset, rowLines[cell.row] + inset,
             columnLines[cell.column + cell.colSpan] - inset, rowLines[cell.row + cell.rowSpan] - inset]
        }
        let readable = boxes.indices.filter { boxes[$0][2] - boxes[$0][0] > inset && boxes[$0][3] - boxes[$0][1] > inset }
        var linesOf: [Int: [OCRLine]] = [:]
        var specks: [OCRSymbol] = []
        if let cellReader {
            for i in readable {
                let reading = try cellReader.read(boxes[i], page: page, engine: engine)
                linesOf[i] = reading.lines
                specks += reading.specks
            }
        } else {
            // The page is handed to Tesseract once for all the cells.
            let read = try engine.recognize(page.recognition, dpi: page.dpi, mode: .block, rects: readable.map { boxes[$0] })
            for (k, i) in readable.enumerated() { linesOf[i] = read[k] }
        }
        let out = cells.enumerated().map { i, cell in
            GridTable.GridCell(row: cell.row, column: cell.column, rowSpan: cell.rowSpan, colSpan: cell.colSpan,
                               box: boxes[i], lines: linesOf[i] ?? [])
        }
        return GridTable(rowLines: rowLines, columnLines: columnLines, cells: out, specks: specks)
    }
}

/// Where a cell sits in the grid.
public struct CellSpan: Sendable, Hashable {
    public var row: Int, column: Int, rowSpan: Int, colSpan: Int
}

/// Finds ruled tables with Leptonica morphology: opening the binary page with a long horizontal
/// (then vertical) brick keeps only rules; their projections give the grid lines; a missing
/// stretch of rule between two grid slots means the slots are one merged cell.
public enum GridDetector {
    /// The most grid slots (rows × columns) a page's table may have: an annex page has a few
    /// hundred; each cell is one recognition.
    public static let maxSlots = 5_000

    public static func detect(in binary: PixImage) -> DetectedGrid? {
        let w = binary.width, h = binary.height
        guard w > 200, h > 200 else { return nil }
        let hLen = Int32(max(40, w / 25)), vLen = Int32(max(40, h / 60))
        guard let hMask = PixImage(pixOpenCompBrickDwa(nil, binary.pointer, hLen, 1)),
              let vMask = PixImage(pixOpenCompBrickDwa(nil, binary.pointer, 1, vLen)),
              let both = PixImage(pixOr(nil, hMask.pointer, vMask.pointer)) else { return nil }
        // The table is the largest connected set of rules.
        var boxa = pixConnCompBB(both.pointer, 8)
        defer { boxaDestroy(&boxa) }
        guard let boxa else { return nil }
        var best: [Int]?
        for i in 0..<boxaGetCount(boxa) {
            var x: Int32 = 0, y: Int32 = 0, bw: Int32 = 0, bh: Int32 = 0
            boxaGetBoxGeometry(boxa, i, &x, &y, &bw, &bh)
            guard Int(bw) > w / 4, Int(bh) > h / 20 else { continue }
            if best.map({ Int(bw) * Int(bh) > $0[2] * $0[3] }) ?? true { best = [Int(x), Int(y), Int(bw), Int(bh)] }
        }
        guard let t = best else { return nil }
        let ys = lines(in: hMask, box: t, horizontal: true, minRun: Int(hLen) / 2)
        let xs = lines(in: vMask, box: t, horizontal: false, minRun: Int(vLen) / 2)
        guard ys.count >= 3, xs.count >= 3 else { return nil }
        let rows = ys.count - 1, cols = xs.count - 1
        // A denser grid is no indicator table (a page of graph paper, a hostile image): the page is
        // read as text instead.
        guard rows * cols <= maxSlots else { return nil }
        // Union-find over slots: join neighbours with no rule between them.
        var parent = Array(0..<(rows * cols))
        func find(_ i: Int) -> Int { var i = i; while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }; return i }
        func union(_ a: Int, _ b: Int) { let ra = find(a), rb = find(b); if ra != rb { parent[max(ra, rb)] = min(ra, rb) } }
        let band = 6
        for r in 0..<rows {
            for c in 0..<cols {
                if c + 1 < cols {
                    let y0 = ys[r] + (ys[r + 1] - ys[r]) / 5, y1 = ys[r + 1] - (ys[r + 1] - ys[r]) / 5
                    if coverage(vMask, [xs[c + 1] - band, y0, xs[c + 1] + band, y1], vertical: true) < 0.5 { union(r * cols + c, r * cols + c + 1) }
                }
                if r + 1 < rows {
                    let x0 = xs[c] + (xs[c + 1] - xs[c]) / 5, x1 = xs[c + 1] - (xs[c + 1] - xs[c]) / 5
                    if coverage(hMask, [x0, ys[r + 1] - band, x1, ys[r + 1] + band], vertical: false) < 0.5 { union(r * cols + c, (r + 1) * cols + c) }
                }
            }
        }
        var groups: [Int: (Int, Int, Int, Int)] = [:]  // root → (minR, minC, maxR, maxC)
        for r in 0..<rows {
            for c in 0..<cols {
                let g = find(r * cols + c)
                let cur = groups[g] ?? (r, c, r, c)
                groups[g] = (min(cur.0, r), min(cur.1, c), max(cur.2, r), max(cur.3, c))
            }
        }
        let cells = groups.values.map { CellSpan(row: $0.0, column: $0.1, rowSpan: $0.2 - $0.0 + 1, colSpan: $0.3 - $0.1 + 1) }
            .sorted { ($0.row, $0.column) < ($1.row, $1.column) }
        return DetectedGrid(rowLines: ys, columnLines: xs, cells: cells)
    }

    /// Centres of the rule lines in a mask, inside `box` ([x, y, w, h]).
    static func lines(in mask: PixImage, box t: [Int], horizontal: Bool, minRun: Int) -> [Int] {
        var b = boxCreate(Int32(t[0]), Int32(t[1]), Int32(t[2]), Int32(t[3]))
        defer { boxDestroy(&b) }
        guard let clip = PixImage(pixClipRectangle(mask.pointer, b, nil)) else { return [] }
        var na = horizontal ? pixCountPixelsByRow(clip.pointer, nil) : pixCountPixelsByColumn(clip.pointer)
        defer { numaDestroy(&na) }
        guard let na else { return [] }
        var out: [Int] = []
        var runStart: Int?
        let n = Int(numaGetCount(na))
        for i in 0...n {
            var v: Int32 = 0
            if i < n { numaGetIValue(na, Int32(i), &v) }
            if i < n, Int(v) >= minRun {
                if runStart == nil { runStart = i }
            } else if let s = runStart {
                out.append((horizontal ? t[1] : t[0]) + (s + i - 1) / 2)
                runStart = nil
            }
        }
        // Rules closer than a few pixels are one (a thick or doubled line).
        var merged: [Int] = []
        for v in out { if let last = merged.last, v - last < 12 { merged[merged.count - 1] = (last + v) / 2 } else { merged.append(v) } }
        return merged
    }

    /// Share of the rule present along a segment: for a vertical rule, the fraction of rows in `r`
    /// ([x0, y0, x1, y1]) holding at least one rule pixel.
    static func coverage(_ mask: PixImage, _ r: [Int], vertical: Bool) -> Double {
        let x0 = max(0, r[0]), y0 = max(0, r[1]), x1 = min(mask.width, r[2]), y1 = min(mask.height, r[3])
        guard x1 > x0, y1 > y0 else { return 0 }
        var b = boxCreate(Int32(x0), Int32(y0), Int32(x1 - x0), Int32(y1 - y0))
        defer { boxDestroy(&b) }
        guard let clip = PixImage(pixClipRectangle(mask.pointer, b, nil)) else { return 0 }
        var na = vertical ? pixCountPixelsByRow(clip.pointer, nil) : pixCountPixelsByColumn(clip.pointer)
        defer { numaDestroy(&na) }
        guard let na else { return 0 }
        let n = Int(numaGetCount(na))
        var hit = 0
        for i in 0..<n { var v: Int32 = 0; numaGetIValue(na, Int32(i), &v); if v > 0 { hit += 1 } }
        return n == 0 ? 0 : Double(hit) / Double(n)
    }

    /// A copy of `image` with the rectangle ([x0, y0, x1, y1]) painted white.
    static func blank(_ r: [Int], in image: PixImage) -> PixImage? {
        guard let copy = PixImage(pixCopy(nil, image.pointer)) else { return nil }
        var b = boxCreate(Int32(r[0]), Int32(r[1]), Int32(r[2] - r[0] + 1), Int32(r[3] - r[1] + 1))
        defer { boxDestroy(&b) }
        if copy.depth == 1 { pixClearInRect(copy.pointer, b) } else { pixSetInRect(copy.pointer, b) }
        return copy
    }
}
