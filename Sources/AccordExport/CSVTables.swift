import Foundation
import AccordModel

/// The columns of each CSV table, in Chinese and in English.
enum CSVColumns {
    static func names(_ table: CSVTable, _ language: CSVHeaderLanguage) -> [String] {
        let pairs: [(String, String)]
        switch table {
        case .documents:
            pairs = lead + [("文件sha256", "sha256"), ("格式", "format"), ("类型", "kind"), ("项目编号", "project_code"),
                            ("标段", "lot"), ("标题", "title"), ("采购人", "buyer"), ("供应商", "supplier"),
                            ("原合同签订日期", "signed_date"), ("原合同金额", "amount_original"), ("变更后金额", "amount_amended"),
                            ("服务期开始", "period_start"), ("服务期结束", "period_end"),
                            ("错误", "errors"), ("警告", "warnings"), ("提示", "infos")]
        case .budget:
            pairs = lead + [projectCode, ("预算项目", "item"), ("上级项目", "parent"),
                            ("原金额", "amount_original"), ("原占比", "share_original"),
                            ("变更后金额", "amount_amended"), ("变更后占比", "share_amended")]
        case .payments:
            pairs = lead + [projectCode, ("时期", "schedule"), ("起始月", "from"), ("截止月", "to"),
                            ("月数", "months"), ("月付金额", "monthly"), ("小计", "subtotal")]
        case .indicators:
            pairs = lead + [projectCode, ("采购包", "package"), ("类别", "category"), ("项目", "item"),
                            ("服务要求", "requirement"), ("子项", "subitem"), ("序号", "number"),
                            ("指标标准", "standard"), ("目标", "targets"), ("目标数", "target_count")]
        }
        return pairs.map { language == .zh ? $0.0 : $0.1 }
    }

    private static let lead = [("编号", "id"), ("路径", "path")]
    private static let projectCode = ("项目编号", "project_code")
}

/// One document's rows in each table.
struct CSVRows {
    let item: ExportItem
    let language: CSVHeaderLanguage

    private var contract: Contract? { item.record.contract }
    private var lead: [CSVCell] { [.number(Decimal(item.id)), .text(item.path)] }
    private var projectCode: CSVCell { .text(contract?.projectCode?.value) }

    func document() -> [CSVCell] {
        let doc = item.record, c = doc.contract
        let findings = doc.report.findings
        func count(_ s: Severity) -> CSVCell { .integer(findings.filter { $0.severity == s }.count) }
        return lead + [
            .text(doc.source.sha256), .text(doc.source.format), .text(kind(doc.documentKind)),
            projectCode, .text(c?.lot?.value), .text(c?.title?.value),
            .text(c?.buyer?.value), .text(c?.supplier?.value), .text(c?.originalSignedDate?.value),
            .number(c?.amount?.original?.value), .number(c?.amount?.amended?.value),
            .text(c?.period?.start?.value), .text(c?.period?.end?.value),
            count(.error), count(.warning), count(.info),
        ]
    }

    func budget() -> [[CSVCell]] {
        (contract?.budget ?? []).map { line in
            lead + [projectCode, .text(line.item), .text(line.parent),
                    .number(line.original?.amount?.value), .number(line.original?.share?.value),
                    .number(line.amended?.amount?.value), .number(line.amended?.share?.value)]
        }
    }

    func payments() -> [[CSVCell]] {
        guard let p = contract?.payments else { return [] }
        let schedules: [(String, [PaymentSpan]?)] = [
            (language == .zh ? "原合同" : "original", p.original),
            (language == .zh ? "变更后" : "amended", p.amended),
        ]
        var rows: [[CSVCell]] = []
        for (label, spans) in schedules {
            for span in spans ?? [] {
                let months = MonthSpan.count(from: span.from, to: span.to)
                rows.append(lead + [projectCode, .text(label), .text(span.from), .text(span.to),
                                    months.map { .integer($0) } ?? .text(""), .number(span.monthly),
                                    .number(months.map { span.monthly * Decimal($0) })])
            }
        }
        return rows
    }

    func indicators() -> [[CSVCell]] {
        var rows: [[CSVCell]] = []
        for package in item.record.packages {
            let name = package.name?.value ?? package.heading?.value
            for ind in package.indicators {
                rows.append(lead + [projectCode, .text(name), .text(ind.category), .text(ind.item),
                                    .text(ind.requirement), .text(ind.subitem), .text(ind.number), .text(ind.standard),
                                    .text(TargetText.render(ind.targets)), .integer(ind.targets.count)])
            }
        }
        return rows
    }

    private func kind(_ k: DocumentKind) -> String {
        guard language == .zh else { return k.rawValue }
        switch k {
        case .amendment: return "补充协议"
        case .contract: return "合同"
        case .requirements: return "采购需求"
        case .unknown: return "未知"
        }
    }
}

/// Months between two `YYYY-MM` values, both counted: 2025-08..2025-12 is 5.
enum MonthSpan {
    static func count(from: String, to: String) -> Int? {
        guard let a = index(from), let b = index(to), b >= a else { return nil }
        return b - a + 1
    }

    /// Months since year 0 of a `YYYY-MM` value.
    static func index(_ s: String) -> Int? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return year * 12 + month - 1
    }
}

/// An indicator's targets as one cell: `>=4 次/月; 活跃志愿者 =60 人; 2–4 场`.
enum TargetText {
    static func render(_ targets: [Target]) -> String {
        targets.map(render).joined(separator: "; ")
    }

    static func render(_ t: Target) -> String {
        var s = t.metric.map { $0 + " " } ?? ""
        switch t.op {
        case .ge: s += ">=\(t.value)"
        case .le: s += "<=\(t.value)"
        // "=100 %" alone would be read as a formula by a spreadsheet: an exact target without a
        // metric is its value alone.
        case .eq: s += (t.metric == nil ? "" : "=") + "\(t.value)"
        case .range: s += "\(t.value)–\(t.max.map { "\($0)" } ?? "")"
        }
        s += " " + t.unit
        if let per = t.per { s += "/" + per }
        return s
    }
}
