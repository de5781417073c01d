import Testing
import Foundation
import AccordModel
import AccordExport
import TestSupport

/// Records for the exporter tests: the reviewed expected outputs, and one built by hand.
enum ExportFixtures {
    /// A reviewed expected record (`corpus/expected/NAME`), decoded.
    static func expected(_ name: String) throws -> CanonicalDocument {
        try JSONDecoder().decode(CanonicalDocument.self, from: Corpus.data("corpus/expected/\(name)"))
    }

    /// Every corpus/expected/*.json, decoded, in name order; the files that do not decode with the reason.
    static func allExpected() throws -> (records: [(name: String, record: CanonicalDocument)], failed: [(String, String)]) {
        let dir = Corpus.url("corpus/expected")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        var records: [(String, CanonicalDocument)] = [], failed: [(String, String)] = []
        for name in names {
            do { records.append((name, try expected(name))) }
            catch { failed.append((name, "\(error)")) }
        }
        return (records, failed)
    }

    static func provenance(_ text: String) -> Provenance {
        Provenance(source: "00", locator: Locator(line: 1), text: text, confidence: 1)
    }

    static func sourced<V>(_ v: V) -> Sourced<V> { Sourced(v, provenance("\(v)")) }

    /// A small contract whose title holds a comma, quotes and a line break.
    static func handBuilt() -> CanonicalDocument {
        var c = Contract()
        c.title = sourced("服务合同, \"一标段\"\n附件")
        c.projectCode = sourced("XM-1")
        c.buyer = sourced("某街道办事处")
        c.supplier = sourced("某社工中心")
        c.originalSignedDate = sourced("2025-07-30")
        c.period = Period(start: sourced("2025-08-01"), end: sourced("2025-09-30"))
        c.amount = AmountChange(original: MoneyValue(value: Decimal(string: "1000.5") ?? 0, provenance: provenance("1000.5元")), amended: nil)
        c.budget = [BudgetLine(item: "人力", original: BudgetFigure(amount: sourced(Decimal(900)), share: sourced(Decimal(string: "89.96") ?? 0)))]
        c.budgetTotal = BudgetTotal(original: sourced(Decimal(string: "1000.5") ?? 0), amended: nil)
        c.payments = Payments(original: [PaymentSpan(from: "2025-08", to: "2025-09", monthly: Decimal(string: "500.25") ?? 0, provenance: provenance("500.25"))])
        let ind = Indicator(category: "服务", item: "走访", requirement: nil, subitem: "入户", number: "(1)", standard: "每月不少于4次; 覆盖率100%",
                            targets: [Target(op: .ge, value: 4, unit: "次", per: "月", text: "每月不少于4次"),
                                      Target(op: .eq, value: 100, unit: "%", text: "100%")],
                            provenance: provenance("入户"))
        return CanonicalDocument(source: SourceInfo(path: "in/a.txt", sha256: String(repeating: "ab", count: 32), format: "markdown", encoding: "utf-8"),
                                 documentKind: .contract, contract: c,
                                 packages: [IndicatorPackage(name: sourced("包1"), indicators: [ind])],
                                 report: Report(findings: [Finding(code: "x", severity: .warning, message: "m")]))
    }
}

/// Running the external tools the checks compare against (LibreOffice, libcoveocds).
enum ExternalTool {
    /// Whether the CI variable is set: a missing tool is then a failure, not a skip.
    static var inCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }

    /// The first executable named `name` on PATH (or in the extra directories), if any.
    static func find(_ name: String, extra: [String] = []) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":").map(String.init) + extra {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    struct Result { var status: Int32; var stdout: Data; var stderr: String }

    /// Runs the program to its end, standard output captured, standard error through a file (so
    /// that neither pipe can fill and stall it).
    static func run(_ program: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = arguments
        if let environment { p.environment = environment }
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("accord-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        let out = Pipe()
        p.standardOutput = out; p.standardError = errHandle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try? errHandle.close()
        let errText = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(status: p.terminationStatus, stdout: outData, stderr: errText)
    }

    /// A fresh temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("accord-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
