import Testing
import Foundation
import AccordModel
import AccordExport
import TestSupport

@Suite struct CSVExportTests {
    static let item = ExportItem(id: 7, path: "archive/a.txt", record: ExportFixtures.handBuilt())

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func documentsTableExactBytes() {
        let csv = CSVExport(table: .documents, header: .zh)
        let start = csv.start()
        #expect(Array(start.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(start == [0xEF, 0xBB, 0xBF] + Array(("编号,路径,文件sha256,格式,类型,项目编号,标段,标题,采购人,供应商,原合同签订日期,"
                                                    + "原合同金额,变更后金额,服务期开始,服务期结束,错误,警告,提示\r\n").utf8))
        let sha = String(repeating: "ab", count: 32)
        // The title holds a comma, quotes and a line feed: quoted, its quotes doubled.
        let expected = "7,archive/a.txt,\(sha),markdown,合同,XM-1,,\"服务合同, \"\"一标段\"\"\n附件\",某街道办事处,某社工中心,"
            + "2025-07-30,1000.5,,2025-08-01,2025-09-30,0,1,0\r\n"
        #expect(Self.text(csv.rows(Self.item)) == expected)
        #expect(csv.rows(Self.item) == Array(expected.utf8))
    }

    @Test func englishHeadersAndCodedValues() {
        let docs = CSVExport(table: .documents, header: .en)
        #expect(Self.text(docs.start()) == "\u{FEFF}id,path,sha256,format,kind,project_code,lot,title,buyer,supplier,signed_date,"
                + "amount_original,amount_amended,period_start,period_end,errors,warnings,infos\r\n")
        #expect(Self.text(docs.rows(Self.item)).contains(",markdown,contract,XM-1,"))
        #expect(Self.text(CSVExport(table: .budget, header: .en).start())
                == "\u{FEFF}id,path,project_code,item,parent,amount_original,share_original,amount_amended,share_amended\r\n")
        #expect(Self.text(CSVExport(table: .payments, header: .en).start())
                == "\u{FEFF}id,path,project_code,schedule,from,to,months,monthly,subtotal\r\n")
        #expect(Self.text(CSVExport(table: .payments, header: .zh).start())
                == "\u{FEFF}编号,路径,项目编号,时期,起始月,截止月,月数,月付金额,小计\r\n")
        #expect(Self.text(CSVExport(table: .indicators, header: .en).start())
                == "\u{FEFF}id,path,project_code,package,category,item,requirement,subitem,number,standard,targets,target_count\r\n")
        // Every table has as many header names in both languages, and no name twice.
        for table in CSVTable.allCases {
            let zh = CSVExport(table: table, header: .zh).columns, en = CSVExport(table: table, header: .en).columns
            #expect(zh.count == en.count)
            #expect(Set(zh).count == zh.count && Set(en).count == en.count)
            #expect(Array(en.prefix(2)) == ["id", "path"] && Array(zh.prefix(2)) == ["编号", "路径"])
        }
    }

    @Test func smallTablesExactRows() {
        #expect(Self.text(CSVExport(table: .budget, header: .en).rows(Self.item)) == "7,archive/a.txt,XM-1,人力,,900,89.96,,\r\n")
        #expect(Self.text(CSVExport(table: .payments, header: .en).rows(Self.item)) == "7,archive/a.txt,XM-1,original,2025-08,2025-09,2,500.25,1000.5\r\n")
        #expect(Self.text(CSVExport(table: .payments, header: .zh).rows(Self.item)) == "7,archive/a.txt,XM-1,原合同,2025-08,2025-09,2,500.25,1000.5\r\n")
        // `= 100 %` without a metric would be a formula in a spreadsheet: the value alone.
        #expect(Self.text(CSVExport(table: .indicators, header: .zh).rows(Self.item))
                == "7,archive/a.txt,XM-1,包1,服务,走访,,入户,(1),每月不少于4次; 覆盖率100%,>=4 次/月; 100 %,2\r\n")
    }

    @Test func fieldQuotingAndFormulaGuard() {
        #expect(CSVExport.field("a,b") == Array("\"a,b\"".utf8))
        #expect(CSVExport.field("say \"hi\"") == Array("\"say \"\"hi\"\"\"".utf8))
        #expect(CSVExport.field("a\r\nb") == Array("\"a\r\nb\"".utf8))
        #expect(CSVExport.field("平湖街道") == Array("平湖街道".utf8))
        #expect(CSVExport.line([.text("=1+2"), .text("-"), .number(-5), .text("@x")]) == Array("'=1+2,-,-5,'@x\r\n".utf8))
        #expect(CSVExport.line([.number(Decimal(string: "1e30") ?? 0), .number(Decimal(string: "60.30") ?? 0)])
                == Array("1000000000000000000000000000000,60.3\r\n".utf8))
    }

    @Test func documentWithoutContractOrRowsGivesEmptyTables() throws {
        let record = try ExportFixtures.expected("seed-003.json")
        let item = ExportItem(id: 3, path: "p", record: record)
        #expect(CSVExport(table: .budget).rows(item).isEmpty)
        #expect(CSVExport(table: .payments).rows(item).isEmpty)
        #expect(CSVExport(table: .documents, header: .en).cells(item).count == 1)
    }

    // MARK: real records

    static func seed001() throws -> ExportItem {
        ExportItem(id: 1, path: "corpus/seeds/001_08ce58bb254aa3f5.txt", record: try ExportFixtures.expected("seed-001.json"))
    }

    @Test func seed001Documents() throws {
        let rows = CSVExport(table: .documents, header: .en).cells(try Self.seed001())
        try #require(rows.count == 1)
        let columns = CSVExport(table: .documents, header: .en).columns
        let row = Dictionary(uniqueKeysWithValues: zip(columns, rows[0].map(\.value)))
        #expect(row["kind"] == "amendment")
        #expect(row["project_code"] == "LGDL2025000084-A")
        #expect(row["lot"] == "一标段")
        #expect(row["buyer"] == "深圳市龙岗区平湖街道办事处")
        #expect(row["supplier"] == "深圳市龙岗区正阳社会工作服务中心")
        #expect(row["amount_original"] == "2690000")
        #expect(row["amount_amended"] == "2527273")
        #expect(row["period_start"] == "2025-08-02" && row["period_end"] == "2026-08-01")
        #expect(row["errors"] == "0" && row["warnings"] == "0" && row["infos"] == "3")
    }

    @Test func seed001Budget() throws {
        let rows = CSVExport(table: .budget, header: .zh).cells(try Self.seed001()).map { $0.map(\.value) }
        #expect(rows.count == 6)
        let prefix = ["1", "corpus/seeds/001_08ce58bb254aa3f5.txt", "LGDL2025000084-A"]
        #expect(rows.first == prefix + ["项目人力费用", "", "2340384", "87", "2201616", "87.11"])
        #expect(rows.dropFirst().first == prefix + ["持证社工经费", "项目人力费用", "1662624", "61.81", "1523856", "60.3"])
        #expect(rows.last == prefix + ["管理费和税费、人员培训等", "", "220016", "8.18", "205057", "8.11"])
        let text = Self.text(CSVExport(table: .budget, header: .zh).rows(try Self.seed001()))
        #expect(text.hasPrefix("1,corpus/seeds/001_08ce58bb254aa3f5.txt,LGDL2025000084-A,项目人力费用,,2340384,87,2201616,87.11\r\n"))
    }

    @Test func seed001Payments() throws {
        let csv = CSVExport(table: .payments, header: .en)
        let rows = csv.cells(try Self.seed001())
        #expect(rows.count == 5)
        let months = csv.columns.firstIndex(of: "months") ?? 0, subtotal = csv.columns.firstIndex(of: "subtotal") ?? 0
        let schedule = csv.columns.firstIndex(of: "schedule") ?? 0
        func sum(_ label: String) -> (months: Decimal, total: Decimal) {
            var m = Decimal(0), t = Decimal(0)
            for row in rows where row[schedule] == .text(label) {
                if case .number(let n) = row[months] { m += n }
                if case .number(let s) = row[subtotal] { t += s }
            }
            return (m, t)
        }
        #expect(sum("amended").total == 2527273)
        #expect(sum("amended").months == 12)
        #expect(sum("original").total == 2690000)
        #expect(sum("original").months == 12)
        #expect(rows[2].map(\.value).suffix(6) == ["amended", "2025-08", "2025-12", "5", "224166", "1120830"])
    }

    @Test func seed003Indicators() throws {
        let record = try ExportFixtures.expected("seed-003.json")
        let csv = CSVExport(table: .indicators, header: .en)
        let rows = csv.cells(ExportItem(id: 3, path: "p3", record: record))
        #expect(rows.count == 86)
        let count = csv.columns.firstIndex(of: "target_count") ?? 0
        #expect(rows.reduce(Decimal(0)) { sum, row in if case .number(let n) = row[count] { sum + n } else { sum } } == 114)
        let first = rows.first { $0[4].value == "开展老幼关爱" && $0[8].value == "1." }.map { $0.map(\.value) }
        #expect(first?[3] == "仙鹤观社区")
        #expect(first?[4] == "开展老幼关爱")
        #expect(first?[10] == "建立留守、困难老人详细档案 =100 个; 建立老年人需求台账 >=1 个")
        #expect(first?[11] == "2")
        #expect(Set(rows.map { $0[3].value }) == ["仙鹤观社区", "三里社区"])
    }

    /// Every table of every expected record reads back (RFC 4180) into rows of the header's width.
    @Test func everyTableParsesBackToItsWidth() throws {
        let all = try ExportFixtures.allExpected()
        #expect(all.failed.isEmpty, "\(all.failed)")
        for table in CSVTable.allCases {
            let csv = CSVExport(table: table, header: .zh)
            var bytes = csv.start(), expectedRows = 0
            for (i, (_, record)) in all.records.enumerated() {
                let item = ExportItem(id: Int64(i + 1), path: "corpus/expected/x,\"\(i)\".json", record: record)
                bytes += csv.rows(item)
                expectedRows += csv.cells(item).count
            }
            #expect(Array(bytes.prefix(3)) == CSVExport.bom)
            let rows = RFC4180.parse(Array(bytes.dropFirst(3)))
            #expect(rows.count == expectedRows + 1, "\(table)")
            #expect(rows.allSatisfy { $0.count == csv.columns.count }, "\(table)")
            #expect(rows.first == csv.columns)
            #expect(rows.dropFirst().first?[1] == "corpus/expected/x,\"0\".json")
        }
    }
}

/// A strict RFC 4180 reader for the tests: CRLF line ends, quoted fields with doubled quotes.
enum RFC4180 {
    static func parse(_ bytes: [UInt8]) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field: [UInt8] = []
        var i = 0, quoted = false
        func endField() { row.append(String(decoding: field, as: UTF8.self)); field = [] }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false
                } else { field.append(b) }
            } else if b == 0x22, field.isEmpty {
                quoted = true
            } else if b == 0x2C {
                endField()
            } else if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                endField(); rows.append(row); row = []; i += 2; continue
            } else {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { endField(); rows.append(row) }
        return rows
    }
}
