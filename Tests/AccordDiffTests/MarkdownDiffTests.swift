import Foundation
import Testing
import AccordModel
import AccordPipeline
@testable import AccordDiff
import TestSupport

/// `accord diff --format md`: the Markdown report, on seed 001 alone (one supplementary
/// agreement: money, payments, clauses) and on a hand-built indicator diff (the table, escaping).
@Suite struct MarkdownDiffTests {
    static let seed = "corpus/seeds/001_08ce58bb254aa3f5.txt"

    static func seedReport() throws -> String {
        let record = try Pipeline().process(data: try Corpus.data(seed), path: seed)
        return MarkdownDiff().render(DocumentDiffer().diff(amendment: record))
    }

    /// The cells of a table row, split at the `|` that are not escaped.
    static func cells(_ line: Substring) -> [String] {
        var cells: [String] = [], current = "", escaped = false
        for ch in line.dropFirst().dropLast() {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" { current.append(ch); escaped = true; continue }
            if ch == "|" { cells.append(current); current = ""; continue }
            current.append(ch)
        }
        cells.append(current)
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Every table in `md`: each row has as many cells as its header.
    static func expectWellFormedTables(_ md: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var width: Int? = nil
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else { width = nil; continue }
            let n = cells(line).count
            if let width { #expect(n == width, "\(line)", sourceLocation: sourceLocation) } else { width = n }
        }
    }

    @Test func seed001AloneListsMoneyPaymentsAndClauses() throws {
        let md = try Self.seedReport()
        let expected = [
            "# accord diff: 平湖街道社区党群服务中心社会工作服务项目合同(一标段)补充协议",
            "One supplementary agreement, `corpus/seeds/001_08ce58bb254aa3f5.txt`: its original (原合同) terms against its amended (现变更为) terms.",
            "| kind | amendment, original terms | amendment, amended terms |",
            "- **Amount**: 2690000 → 2527273 (−162727, −6.05 %)",
            "- **Payments**: differ from 2026-01 (7 month(s)), cumulative delta −162727",
            "- **Amended clauses**: 4",
            "| item | before | after | Δ | % | share before | share after | Δ share |",
            "| **amount** | 2690000 | 2527273 | −162727 | −6.05 % |  |  |  |",
            "| budget total | 2690000 | 2527273 | −162727 | −6.05 % |  |  |  |",
            "| 项目人力费用 | 2340384 | 2201616 | −138768 | −5.93 % | 87 % | 87.11 % | +0.11 pp |",
            "| ↳ 持证社工经费 | 1662624 | 1523856 | −138768 | −8.35 % | 61.81 % | 60.3 % | −1.51 pp |",
            "| ↳ 辅助社工经费 | 677760 | 677760 | 0 | 0 % | 25.2 % | 26.82 % | +1.62 pp |",
            "| 业务活动费(含服务险) | 79200 | 74400 | −4800 | −6.06 % | 2.94 % | 2.94 % | 0 |",
            "Equal 2025-08 through 2025-12; different from **2026-01**.",
            "| 2025-08..2025-12 | 224166 | 224166 | 0 | 0 |",
            "| 2026-01..2026-06 | 224166 | 200920 | −23246 | −139476 |",
            "| 2026-07 | 224174 | 200923 | −23251 | −162727 |",
            "| **total** | 2690000 | 2527273 |  | −162727 |",
            "### 第九条（一）款 (`amount`)",
            "- **after**: 本合同期按金额252.7273万元(大写:贰佰伍拾贰万柒仟贰佰柒拾叁元整,含税价)进行拨付。",
        ]
        let lines = Set(md.split(separator: "\n").map(String.init))
        let missing = expected.filter { !lines.contains($0) }
        #expect(missing == [], "in:\n\(md)")
        // The sections, in order; no indicator table for one agreement alone.
        let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(headings == ["## Summary", "## Money", "## Payments", "## Amended clauses"])
        #expect(md.components(separatedBy: "\n### ").count - 1 == 4)
        Self.expectWellFormedTables(md)
    }

    /// Indicator pairs of every class, texts with `|`, `<p>`, `*` and a line break.
    static let indicatorDiff: DocumentDiff = {
        typealias F = DaffCSVTests
        let four = F.times(4, "不少于4次"), two = F.times(2, "不少于2次")
        let loosened = TargetChange(before: four, after: two, direction: .loosened, relative: -0.5, ratio: 0.5, basis: nil, cut: false)
        var pairs = [
            F.pair(.targetChanged, F.indicator("社区服务类", "2、儿童", "(2)", "做好专业服务", "不少于4次服务", [four]),
                   F.indicator("社区服务类", "2、儿童", "(2)", "做好专业服务", "不少于2次服务", [two]),
                   reworded: true, targets: [loosened], direction: .loosened),
            F.pair(.moved, F.indicator("社区治理类", "1、参与", "(3)", "组织志愿服务", nil),
                   F.indicator("社区治理类", "2、互助", "(3)", "组织志愿服务", nil), moved: true),
            F.pair(.reworded, F.indicator("专项", "3、心理", "(1)", "开展心理辅导", "按需 | 每月"),
                   F.indicator("专项", "3、心理", "(1)", "开展心理辅导", "<p>按需</p> *每月*"), reworded: true),
            F.pair(.added, nil, F.indicator("专项", "3、心理", "(2)", "报告", "1. 年中报告\n2. 年终报告")),
            F.pair(.removed, F.indicator("专项", "4、应急", nil, "演练", nil, [F.times(1, "每年1次")]), nil),
            F.pair(.unchanged, F.indicator("党员服务", "1、宣传", "(1)", "开设宣传栏", "协助"),
                   F.indicator("党员服务", "1、宣传", "(1)", "开设宣传栏", "协助")),
        ]
        for k in pairs.indices { pairs[k].indexA = pairs[k].before == nil ? nil : k; pairs[k].indexB = pairs[k].after == nil ? nil : k }
        pairs[0].similarity = 0.94
        pairs[2].ambiguousWith = [IndicatorPair.Alternative(side: "b", index: 7, similarity: 0.91)]
        var d = F.diff(pairs)
        d.summary = DocumentDiffer.summary(d)
        d.findings = [DiffFinding(code: "indicators.ambiguous", severity: .info, message: "1 indicator pairing(s) have another candidate")]
        return d
    }()

    @Test func indicatorTableIsExactAndEscaped() {
        let md = MarkdownDiff().render(Self.indicatorDiff)
        let table = """
        ## Indicators

        | a# | b# | change | direction | indicator | before | after | size | similarity |
        | ---: | ---: | --- | --- | --- | --- | --- | --- | ---: |
        | 0 | 0 | target_changed | loosened | 社区服务类 / 2、儿童 / (2) 做好专业服务 | 不少于4次 | 不少于2次 | loosened −50 % | 0.94 |
        | 1 | 1 | moved |  | 社区治理类 / 2、互助 / (3) 组织志愿服务 | in 社区治理类 / 1、参与 | in 社区治理类 / 2、互助 |  | 1.00 |
        | 2 | 2 | reworded |  | 专项 / 3、心理 / (1) 开展心理辅导 ⚠ ambiguous: also like b#7 (0.91) | 按需 \\| 每月 | &lt;p&gt;按需&lt;/p&gt; \\*每月\\* |  | 1.00 |
        |  | 3 | added |  | 专项 / 3、心理 / (2) 报告 |  | 1. 年中报告 2. 年终报告 |  |  |
        | 4 |  | removed |  | 专项 / 4、应急 / 演练 | 每年1次 |  |  |  |

        1 unchanged indicator(s) not listed.

        ## Findings

        - **info** `indicators.ambiguous`: 1 indicator pairing(s) have another candidate

        """
        #expect(md.hasSuffix(table), "\(md)")
        #expect(md.contains("- **Indicators**: 1 target_changed, 1 moved, 1 reworded, 1 added, 1 removed, 1 unchanged, 1 ambiguous (1 loosened)"))
        Self.expectWellFormedTables(md)
    }

    @Test func cellsEscapeMarkupAndKeepLineBreaks() {
        #expect(MarkdownDiff.cell(" a | b\n<p>c</p>\r\nd_e*f` ") == "a \\| b<br>&lt;p&gt;c&lt;/p&gt;<br>d\\_e\\*f\\`")
        #expect(MarkdownDiff.inline("第一条\n（一）") == "第一条 （一）")
    }

    @Test func showUnchangedListsEveryPair() {
        let md = MarkdownDiff(showUnchanged: true).render(Self.indicatorDiff)
        #expect(md.contains("| 5 | 5 | unchanged |  | 党员服务 / 1、宣传 / (1) 开设宣传栏 | 协助 | 协助 |  | 1.00 |"))
        #expect(!md.contains("not listed"))
    }

    @Test func documentsWithoutMoneyOrScheduleSaySo() {
        let md = MarkdownDiff().render(DaffCSVTests.diff([]))
        #expect(md.contains("## Money\n\nNo amount or budget on either side."))
        #expect(md.contains("## Payments\n\nNo payment schedule on either side."))
        #expect(md.contains("## Indicators\n\nNo indicators on either side."))
        #expect(!md.contains("## Amended clauses"))
    }
}
