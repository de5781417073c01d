import Foundation
import Testing
import AccordModel
import AccordPipeline
@testable import AccordDiff
import TestSupport

/// `accord diff --format csv`: daff's highlighter diff format, checked exactly on a hand-built
/// diff and read by daff itself (PyPI `daff`) on a real one.
@Suite struct DaffCSVTests {
    // MARK: - A small diff built by hand

    static let provenance = Provenance(source: "test", locator: Locator(), text: "", confidence: 1)

    static func indicator(_ category: String?, _ item: String?, _ number: String?, _ subitem: String?,
                          _ standard: String?, _ targets: [Target] = [], requirement: String? = nil) -> Indicator {
        Indicator(category: category, item: item, requirement: requirement, subitem: subitem, number: number,
                  standard: standard, targets: targets, provenance: provenance)
    }

    static func times(_ n: Decimal, _ text: String, unit: String = "次") -> Target {
        Target(op: .ge, value: n, unit: unit, text: text)
    }

    static func pair(_ change: IndicatorChange, _ a: Indicator?, _ b: Indicator?, moved: Bool = false,
                     reworded: Bool = false, cutFields: [String] = [], targets: [TargetChange] = [],
                     direction: Direction = .none) -> IndicatorPair {
        IndicatorPair(change: change, direction: direction, similarity: 1, indexA: nil, indexB: nil, before: a, after: b,
                      targets: targets, moved: moved, reworded: reworded, cutFields: cutFields, ambiguousWith: [])
    }

    static func side(_ path: String) -> DocumentDiff.Side {
        DocumentDiff.Side(path: path, sha256: "0", documentKind: "contract", projectCode: nil, lot: nil, title: nil, terms: "original")
    }

    static func diff(_ pairs: [IndicatorPair]) -> DocumentDiff {
        DocumentDiff(mode: .documents, a: side("a.txt"), b: side("b.txt"), indicators: pairs,
                     money: MoneyDiff(amount: nil, budgetTotal: nil, budget: []),
                     payments: PaymentsDiff(months: [], firstDiffering: nil, totalBefore: 0, totalAfter: 0, cumulativeDelta: 0),
                     clauses: [], findings: [], summary: DiffSummary())
    }

    /// Every kind of row: unchanged (with a cell differing only in punctuation and one cut
    /// short), a loosened target, a moved row, a reworded row, an added and a removed row; and
    /// fields that need quoting or daff's NULL escape.
    static let handBuilt: DocumentDiff = {
        let four = times(4, "不少于4次"), two = times(2, "不少于2次")
        let loosened = TargetChange(before: four, after: two, direction: .loosened, relative: -0.5, ratio: 0.5, basis: nil, cut: false)
        return diff([
            pair(.unchanged, indicator("党员服务", "1、宣传", "(1)", "开设宣传栏，开展宣讲", "根据要求协助"),
                 indicator("党员服务", "1.宣传", "(1)", "开设宣传栏,开展宣讲", "根据要求"), cutFields: ["standard"]),
            pair(.targetChanged, indicator("社区服务类", "2、儿童", "(2)", "做好专业服务", "不少于4次服务", [four]),
                 indicator("社区服务类", "2、儿童", "(2)", "做好专业服务", "不少于2次服务", [two]),
                 reworded: true, targets: [loosened], direction: .loosened),
            pair(.moved, indicator("社区治理类", "1、参与", "(3)", "组织志愿服务", nil),
                 indicator("社区治理类", "2、互助", "(3)", "组织志愿服务", nil), moved: true),
            pair(.reworded, indicator("专项", "3、心理", "(1)", "开展心理辅导", "按需"),
                 indicator("专项", "3、心理", "(1)", "开展\"安心\"心理辅导", "按需"), reworded: true),
            pair(.added, nil, indicator("专项", "3、心理", "(2)", "NULL", "1. 每季度一次\n2. 年终报告", [times(1, "每季度一次")])),
            pair(.removed, indicator("专项", "4、应急", nil, " 演练 ", nil), nil),
        ])
    }()

    @Test func handBuiltDiffIsExact() {
        let expected = """
        @@,category,item,requirement,number,subitem,standard,targets
        ,党员服务,1、宣传,,(1),开设宣传栏，开展宣讲,根据要求协助,
        ->,社区服务类,2、儿童,,(2),做好专业服务,不少于4次服务->不少于2次服务,不少于4次->不少于2次
        ->,社区治理类,1、参与->2、互助,,(3),组织志愿服务,,
        ->,专项,3、心理,,(1),"开展心理辅导->开展""安心""心理辅导",按需,
        +++,专项,3、心理,,(2),_NULL,"1. 每季度一次
        2. 年终报告",每季度一次
        ---,专项,4、应急,,," 演练 ",,

        """
        #expect(DaffCSV.render(Self.handBuilt) == expected)
    }

    @Test func separatorLengthensWhenACellHoldsAnArrow() {
        let d = Self.diff([
            Self.pair(.reworded, Self.indicator("A", "B", nil, "x->y", nil), Self.indicator("A", "B", nil, "x->z", nil), reworded: true),
        ])
        #expect(DaffCSV.render(d) == "@@,category,item,requirement,number,subitem,standard,targets\n-->,A,B,,,x->y-->x->z,,\n")
    }

    @Test func amendmentAloneIsTheHeaderOnly() throws {
        let seed = "corpus/seeds/001_08ce58bb254aa3f5.txt"
        let record = try Pipeline().process(data: try Corpus.data(seed), path: seed)
        let csv = DaffCSV.render(DocumentDiffer().diff(amendment: record))
        #expect(csv == "@@,category,item,requirement,number,subitem,standard,targets\n")
    }

    @Test func sameDocumentInTwoFormatsHasNoChangedRow() throws {
        let md = "corpus/seeds/001_08ce58bb254aa3f5.txt", docx = "corpus/docx/001_agreement.docx"
        let a = try Pipeline().process(data: try Corpus.data(md), path: md)
        let b = try Pipeline().process(data: try Corpus.data(docx), path: docx)
        let rows = DaffCSV.render(DocumentDiffer().diff(a, b)).split(separator: "\n", omittingEmptySubsequences: false)
        let data = rows.dropFirst().filter { !$0.isEmpty && !$0.hasPrefix("\"") }
        #expect(data.count > 50)
        #expect(data.allSatisfy { $0.hasPrefix(",") }, "\(data.filter { !$0.hasPrefix(",") }.prefix(3))")
    }

    // MARK: - daff reads it

    static let seed = "corpus/seeds/001_08ce58bb254aa3f5.txt"
    static let change = ("协助不少于2场服务", "协助不少于3场服务")

    static var daffInstalled: Bool { (try? python(["-c", "import daff"]).status) == 0 }
    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false }

    /// Runs `python3 ARGS`; daff is run as `python3 -c 'import daff; daff.main()' …` so that no
    /// PATH shim (pyenv) is needed.
    static func python(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func daff(_ args: [String]) throws -> (status: Int32, output: String) {
        try python(["-c", "import sys, daff; sys.argv[0] = 'daff'; daff.main()"] + args)
    }

    /// A table of the indicators, in the CSV's columns (no action column): what daff diffs and patches.
    static func table(_ d: CanonicalDocument) -> String {
        let rows = d.packages.flatMap(\.indicators).map { i in
            [i.category ?? "", i.item ?? "", i.requirement ?? "", i.number ?? "", i.subitem ?? "", i.standard ?? "",
             i.targets.map { DiffText.target($0) }.joined(separator: "; ")]
        }
        return ([DaffCSV.columns] + rows).map { r in
            r.map { f in
                f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r\n" }) || f.hasPrefix(" ") || f.hasSuffix(" ")
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }

    /// Fails in CI when daff is missing (scripts/setup-python.sh installs it); elsewhere the test
    /// does not run without it.
    @Test(.enabled(if: daffInstalled || inCI, "needs PyPI daff (scripts/setup-python.sh)"))
    func daffRendersAndPatchesAccordsCSV() throws {
        try #require(Self.daffInstalled, "daff (PyPI) is not installed: run scripts/setup-python.sh")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-daffcsv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        let original = try Corpus.data(Self.seed)
        let text = String(decoding: original, as: UTF8.self)
        #expect(text.components(separatedBy: Self.change.0).count == 2, "the standard to change occurs once")
        let copy = dir.appendingPathComponent("001_modified.txt")
        try Data(text.replacingOccurrences(of: Self.change.0, with: Self.change.1).utf8).write(to: copy)
        let a = try Pipeline().process(data: original, path: Self.seed)
        let b = try Pipeline().process(data: try Data(contentsOf: copy), path: copy.path)
        let diff = DocumentDiffer().diff(a, b)
        #expect(diff.summary.targetChanged == 1)

        let csv = DaffCSV.render(diff)
        let csvURL = dir.appendingPathComponent("diff.csv")
        try Data(csv.utf8).write(to: csvURL)
        let changedRows = csv.split(separator: "\n").filter { $0.hasPrefix("->") }
        #expect(changedRows.count == 1)
        #expect(changedRows.first?.contains("\(Self.change.0)->\(Self.change.1)") == true)

        // daff renders it: the changed cell is a `modify` cell holding old->new.
        let html = dir.appendingPathComponent("diff.html")
        let render = try Self.daff(["render", "--plain", "--output", html.path, csvURL.path])
        #expect(render.status == 0, "\(render.output)")
        let page = String(decoding: try Data(contentsOf: html), as: UTF8.self)
        #expect(page.contains("<td class=\"modify\">\(Self.change.0)-&gt;\(Self.change.1)</td>")
                || page.contains("<td class=\"modify\">\(Self.change.0)->\(Self.change.1)</td>"), "\(page.prefix(2000))")
        #expect(page.contains("<th>@@</th>") || page.contains("<td class=\"index\">@@</td>") || page.contains("@@"))

        // daff parses it as a diff and applies it: A's table patched with Accord's CSV is B's.
        let tableA = dir.appendingPathComponent("a.csv"), tableB = dir.appendingPathComponent("b.csv")
        try Data(Self.table(a).utf8).write(to: tableA)
        try Data(Self.table(b).utf8).write(to: tableB)
        let patched = dir.appendingPathComponent("patched.csv")
        let patch = try Self.daff(["patch", "--output", patched.path, tableA.path, csvURL.path])
        #expect(patch.status == 0, "\(patch.output)")
        let same = try Self.daff(["diff", "--fail-if-diff", patched.path, tableB.path])
        #expect(same.status == 0, "daff sees a difference between A patched with Accord's diff and B:\n\(same.output)")
    }
}
