/// A table's grid — for each row and column the cell covering it (a merged cell covers every slot
/// of its span, clipped to the table) — kept as the table's rows and a slot → cell index per
/// grid position. `Table.grid`'s rows are built from it; the normalizer reads it directly, since
/// copying a merged cell into every slot it covers (a category merged over sixty rows: sixty
/// copies, and as many retains and releases) was a visible cost on large annexes.
public struct CellGrid: Sendable {
    private let rows: [[Cell]]
    /// Row-major, `columnCount` slots per row: where in `rows` the covering cell is (its row in the
    /// high 32 bits, its index in that row in the low), or -1 where no cell is.
    private let slots: [Int64]
    public let rowCount: Int
    public let columnCount: Int

    public init(_ table: Table) {
        let n = table.columnCount
        let rows = table.rows
        var slots = [Int64](repeating: -1, count: rows.count * n)
        // The cells are read in place (their spans only): none is copied, none retained.
        rows.withUnsafeBufferPointer { rows in
            slots.withUnsafeMutableBufferPointer { slots in
                for r in rows.indices {
                    rows[r].withUnsafeBufferPointer { cells in
                        for i in cells.indices {
                            let column = cells[i].column, rowSpan = cells[i].rowSpan, colSpan = cells[i].colSpan
                            let k = Int64(r) << 32 | Int64(i)
                            let end = min(n, column + max(1, colSpan))
                            guard column >= 0, column < end else { continue }
                            // A later cell wins a slot two spans claim.
                            for rr in r..<min(rows.count, r + max(1, rowSpan)) {
                                for cc in column..<end { slots[rr * n + cc] = k }
                            }
                        }
                    }
                }
            }
        }
        self.rows = rows; self.slots = slots
        rowCount = rows.count; columnCount = n
    }

    public subscript(_ r: Int, _ c: Int) -> Cell? {
        let k = slots[r * columnCount + c]
        return k < 0 ? nil : rows[Int(k >> 32)][Int(k & 0xFFFF_FFFF)]
    }

    /// Row `r`: the cell covering each column, nil where none does.
    public func row(_ r: Int) -> [Cell?] { (0..<columnCount).map { self[r, $0] } }
}
