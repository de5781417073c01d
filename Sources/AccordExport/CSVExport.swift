import Foundation
import AccordModel

/// The four tables a CSV export can hold, one row per document, budget line, payment span or indicator.
public enum CSVTable: String, CaseIterable, Sendable { case documents, budget, payments, indicators }

/// The language of the header row (and of the few coded values: document kind, payment schedule).
public enum CSVHeaderLanguage: String, CaseIterable, Sendable { case zh, en }

/// CSV that Excel and WPS open with the Chinese intact: UTF-8 with a byte-order mark (without it
/// Excel reads the bytes as the system's ANSI code page), CRLF after every row, RFC 4180 quoting (a
/// field holding `,` `"` CR or LF is quoted, its quotes doubled). Amounts are written plainly
/// (`2527273`, `61.81`: no exponent, no thousands separator), so that they open as numbers.
///
/// Streaming: `start()` once, then `rows(_:)` for each document, each written out as it comes;
/// nothing holds the whole table. Every row begins with the document's archive id and path.
///
/// A text cell that would begin with `=`, `+`, `-` or `@` (and is longer than that one character) is
/// written with a leading `'`, so that a spreadsheet shows it as text instead of evaluating it as a
/// formula (CSV injection); number columns are never changed.
public struct CSVExport: Sendable {
    public let table: CSVTable
    public let header: CSVHeaderLanguage

    public init(table: CSVTable, header: CSVHeaderLanguage = .zh) {
        self.table = table; self.header = header
    }

    /// The UTF-8 byte-order mark that begins the file.
    public static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The header row's names, in column order.
    public var columns: [String] { CSVColumns.names(table, header) }

    /// The file's first bytes: the byte-order mark and the header row.
    public func start() -> [UInt8] {
        Self.bom + Self.line(columns.map { .text($0) })
    }

    /// The document's rows in this table (none when it has nothing for it, e.g. no budget).
    public func rows(_ item: ExportItem) -> [UInt8] {
        var out: [UInt8] = []
        for fields in cells(item) { out += Self.line(fields) }
        return out
    }

    /// The document's rows as cells, before they are written (for callers that want the values).
    public func cells(_ item: ExportItem) -> [[CSVCell]] {
        let rows = CSVRows(item: item, language: header)
        switch table {
        case .documents: return [rows.document()]
        case .budget: return rows.budget()
        case .payments: return rows.payments()
        case .indicators: return rows.indicators()
        }
    }

    /// One CSV line: the cells, comma-separated, quoted where needed, and CRLF.
    public static func line(_ cells: [CSVCell]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += field(cell.written)
        }
        out += [0x0D, 0x0A]
        return out
    }

    /// One field's bytes, RFC 4180: quoted when it holds a comma, a quote, CR or LF, quotes doubled.
    public static func field(_ s: String) -> [UInt8] {
        let bytes = Array(s.utf8)
        guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return bytes }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(bytes.count + 4)
        for b in bytes {
            out.append(b)
            if b == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
        return out
    }
}

/// One cell: text, or a number written plainly (an absent value is an empty text cell).
public enum CSVCell: Hashable, Sendable {
    case text(String)
    case number(Decimal)

    /// The cell as it goes into the file (before quoting).
    public var written: String {
        switch self {
        case .number(let d): return CSVCell.plain(d)
        case .text(let s):
            guard s.count > 1, let first = s.first, "=+-@".contains(first) else { return s }
            return "'" + s
        }
    }

    /// The value as text: the string, or the number written plainly.
    public var value: String {
        switch self {
        case .text(let s): return s
        case .number(let d): return CSVCell.plain(d)
        }
    }

    static func text(_ s: String?) -> CSVCell { .text(s ?? "") }
    static func number(_ d: Decimal?) -> CSVCell { d.map { .number($0) } ?? .text("") }
    static func integer(_ n: Int) -> CSVCell { .number(Decimal(n)) }

    /// `Decimal.description` writes every digit without exponent or grouping (`1e30` →
    /// `1000000000000000000000000000000`, `60.30` → `60.3`), in any locale.
    static func plain(_ d: Decimal) -> String { d.description }
}
