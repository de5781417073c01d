/// A table's grid — for each row and column the cell covering it (a merged cell covers every slot
/// of its span, clipped to the table) — kept as one copy of each cell and a slot → cell index per
/// grid position. `Table.grid`'s rows are built from it; the normalizer reads it directly, since
/// copying a merged cell into every slot it covers (a category merged over sixty rows: sixty
/// copies, and as many retains and releases) was a visible cost on large annexes.
public struct CellGrid: Sendable {
    private let cells: [Cell]
    /// Row-major, `columnCount` slots per row: an index into `cells`, or -1 where no cell is.
    private let slots: [Int32]
    public let rowCount: Int
    public let columnCount: Int

    public init(_ table: Table) {
        let n = table.columnCount
        var cells: [Cell] = []
        var slots = [Int32](repeating: -1, count: table.rows.count * n)
        for (r, row) in table.rows.enumerated() {
            for c in row {
                let k = Int32(cells.count)
                cells.append(c)
                // A later cell wins a slot two spans claim.
                for rr in r..<min(table.rows.count, r + max(1, c.rowSpan)) {
                    for cc in c.column..<min(n, c.column + max(1, c.colSpan)) { slots[rr * n + cc] = k }
                }
            }
        }
        self.cells = cells; self.slots = slots
        rowCount = table.rows.count; columnCount = n
    }

    public subscript(_ r: Int, _ c: Int) -> Cell? {
        let k = slots[r * columnCount + c]
        return k < 0 ? nil : cells[Int(k)]
    }

    /// Row `r`: the cell covering each column, nil where none does.
    public func row(_ r: Int) -> [Cell?] { (0..<columnCount).map { self[r, $0] } }
}
