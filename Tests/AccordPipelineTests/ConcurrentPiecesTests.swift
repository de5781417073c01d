import Testing
import Foundation
import AccordModel
@testable import AccordNormalize
import AccordExport

/// The normalizer reads a large annex in pieces on every core and joins them by moving; the
/// record must be the one reading it in one piece gives.
@Suite struct ConcurrentPiecesTests {
    /// A 3,000-row indicator table: categories merged down over five rows, items over two,
    /// numbered sub-items, standards with and without targets (some repeated, some not).
    static func annex(rows: Int) -> Table {
        func cell(_ r: Int, _ c: Int, _ text: String, rowSpan: Int = 1) -> Cell {
            let loc = Locator(part: "word/document.xml", paragraph: r * 4 + c, table: 0, row: r, column: c, cellParagraph: 0)
            return Cell(row: r, column: c, rowSpan: rowSpan, paragraphs: [Paragraph(content: SourceText(verbatim: text, base: loc))])
        }
        var out: [[Cell]] = [[cell(0, 0, "服务类别"), cell(0, 1, "服务大项"), cell(0, 2, "服务细项"), cell(0, 3, "专业服务量化标准")]]
        for r in 1...rows {
            var row: [Cell] = []
            if (r - 1) % 5 == 0 { row.append(cell(r, 0, "类别\((r - 1) / 5)", rowSpan: min(5, rows - r + 1))) }
            if (r - 1) % 2 == 0 { row.append(cell(r, 1, "\((r - 1) / 2 % 9 + 1)、大项\(r)", rowSpan: min(2, rows - r + 1))) }
            row.append(cell(r, 2, r % 3 == 0 ? "(1)走访\(r)户(2)回访" : "(\(r % 4 + 1))协助开展活动\(r % 7)"))
            row.append(cell(r, 3, r % 4 == 0 ? "根据社区实际情况协助" : "每月不少于\(r % 6 + 1)次，全年不少于\(r % 11 + 2)场"))
            out.append(row)
        }
        return Table(rows: out, locator: Locator(part: "word/document.xml", table: 0), construction: "native")
    }

    @Test func largeAnnexReadInPiecesAsInOne() throws {
        let table = Self.annex(rows: 3000)
        let doc = IntermediateDocument(source: SourceInfo(path: "annex.docx", sha256: "s", format: "docx", encoding: nil),
                                       blocks: [.table(table)])
        let record = Normalizer().normalize(doc)

        // The same rows in one piece, on this thread.
        let grid = CellGrid(table)
        let (roles, header) = try #require(IndicatorTables.roles(grid))
        var findings: [Finding] = []
        var one = [IndicatorTables(source: "s").rows(grid, roles: roles, in: (header + 1)..<grid.rowCount, findings: &findings)]
        var log = ActionLog()
        IndicatorTables.readTargets(&one, log: &log)

        let indicators = try #require(record.packages.first?.indicators)
        #expect(indicators.count > 3000)
        #expect(try JSONExport.bytes(indicators, pretty: false) == JSONExport.bytes(one[0], pretty: false))
        #expect(record.report.findings.map(\.code) == findings.map(\.code))
        #expect(indicators.filter { !$0.targets.isEmpty }.count == 2250)
    }

    /// A joined array holds every element once, in order; the parts hold the placeholder.
    @Test func joiningByMovingKeepsOrderAndLeavesPlaceholders() {
        final class Box { let n: Int; init(_ n: Int) { self.n = n } }
        var parts: [[Box?]] = [(0..<5).map { Box($0) }, [], (5..<12).map { Box($0) }, [Box(12)]]
        var joined = [Box?](joiningByMoving: &parts, placeholder: nil)
        #expect(joined.map { $0?.n } == Array(0..<13))
        #expect(parts.map(\.count) == [5, 0, 7, 1])
        #expect(parts.allSatisfy { $0.allSatisfy { $0 == nil } })
        // Moved, not copied: the joined array holds the only reference to each element.
        #expect(joined.indices.allSatisfy { isKnownUniquelyReferenced(&joined[$0]) })
    }

    @Test func besideReturnsBothResults() {
        let (a, b) = Concurrent.beside({ (0..<1000).reduce(0, +) }, { "main" })
        #expect(a == 499_500 && b == "main")
    }
}
