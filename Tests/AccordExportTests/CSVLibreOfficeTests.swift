import Testing
import Foundation
import AccordModel
import AccordExport
import TestSupport

/// The CSV as a spreadsheet reads it: LibreOffice Calc (Debian's `libreoffice-calc`, listed in
/// scripts/debian-packages.txt) imports it as UTF-8 CSV and writes XLSX; the Chinese must come back
/// intact in the workbook's shared strings and the amounts as numbers. Without `soffice` the test
/// is skipped, except under CI (env `CI` set), where it fails.
@Suite struct CSVLibreOfficeTests {
    static let soffice = ExternalTool.find("soffice", extra: ["/usr/bin", "/usr/lib/libreoffice/program"])

    @Test(.enabled(if: soffice != nil || ExternalTool.inCI,
                   "soffice not found: apt-get install libreoffice-calc (scripts/debian-packages.txt) to run the CSV spreadsheet check"))
    func opensInLibreOfficeWithChineseIntact() throws {
        guard let soffice = Self.soffice else {
            Issue.record("soffice (libreoffice-calc) is not installed, and CI is set: scripts/setup.sh installs it")
            return
        }
        let dir = try ExternalTool.temporaryDirectory("csv-lo")
        defer { try? FileManager.default.removeItem(at: dir) }

        let records = try ExportFixtures.allExpected().records
        var files: [String: [UInt8]] = [:]
        for table in [CSVTable.documents, .budget] {
            let csv = CSVExport(table: table, header: .zh)
            var bytes = csv.start()
            for (i, (name, record)) in records.enumerated() {
                bytes += csv.rows(ExportItem(id: Int64(i + 1), path: "corpus/expected/\(name)", record: record))
            }
            files[table.rawValue] = bytes
        }
        var inputs: [String] = []
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let url = dir.appendingPathComponent("\(name).csv")
            try Data(bytes).write(to: url)
            inputs.append(url.path)
        }

        // CSV filter options: field separator 44 (,), text delimiter 34 ("), character set 76
        // (UTF-8), first line 1. A profile of its own, so that no other soffice's lock is met.
        let profile = dir.appendingPathComponent("profile")
        let result = try ExternalTool.run(soffice, ["-env:UserInstallation=\(profile.absoluteString)", "--headless",
                                                    "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
                                                    "--outdir", dir.path] + inputs)
        #expect(result.status == 0, "soffice: \(result.stderr)")

        let documents = try Self.xlsxParts(dir.appendingPathComponent("documents.xlsx"))
        for text in ["编号", "采购人", "原合同金额", "补充协议", "深圳市龙岗区平湖街道办事处", "深圳市龙岗区正阳社会工作服务中心",
                     "平湖街道社区党群服务中心社会工作服务项目合同(一标段)补充协议", "一标段", "采购需求"] {
            #expect(Self.cells(documents.strings).contains(text), "documents.xlsx lacks \(text)")
        }
        // Amounts arrive as numbers (cell values), not text.
        #expect(documents.sheet.contains("<v>2527273</v>"))
        #expect(documents.sheet.contains("<v>2690000</v>"))

        let budget = try Self.xlsxParts(dir.appendingPathComponent("budget.xlsx"))
        for text in ["预算项目", "上级项目", "项目人力费用", "持证社工经费", "管理费和税费、人员培训等"] {
            #expect(Self.cells(budget.strings).contains(text), "budget.xlsx lacks \(text)")
        }
        #expect(budget.sheet.contains("<v>61.81</v>"))
        #expect(budget.sheet.contains("<v>2201616</v>"))
    }

    /// The texts of an XLSX's shared strings: each `<si>`'s `<t>` runs joined (LibreOffice splits a
    /// string into runs where its font changes, e.g. between Chinese and ASCII brackets).
    static func cells(_ sharedStrings: String) -> Set<String> {
        func matches(_ pattern: String, _ s: String) -> [String] {
            guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return [] }
            let ns = s as NSString
            return re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
        }
        return Set(matches("<si>(.*?)</si>", sharedStrings).map { si in
            matches("<t[^>]*>(.*?)</t>", si).joined()
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        })
    }

    /// The shared strings and the first sheet of an XLSX (a ZIP), read with unzip or Python's zipfile.
    static func xlsxParts(_ url: URL) throws -> (strings: String, sheet: String) {
        func part(_ name: String) throws -> String {
            let result: ExternalTool.Result
            if let unzip = ExternalTool.find("unzip", extra: ["/usr/bin"]) {
                result = try ExternalTool.run(unzip, ["-p", url.path, name])
            } else if let python = ExternalTool.find("python3", extra: ["/usr/bin"]) {
                result = try ExternalTool.run(python, ["-c", "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))",
                                                       url.path, name])
            } else {
                Issue.record("neither unzip nor python3 to read \(url.lastPathComponent)")
                return ""
            }
            #expect(result.status == 0, "\(url.lastPathComponent) \(name): \(result.stderr)")
            return String(decoding: result.stdout, as: UTF8.self)
        }
        return (try part("xl/sharedStrings.xml"), try part("xl/worksheets/sheet1.xml"))
    }
}
