import Foundation
import AccordModel
import AccordText

/// Intermediate document → canonical record. Reads blocks, never file formats.
public struct Normalizer: Sendable {
    public init() {}

    public func normalize(_ doc: IntermediateDocument) -> CanonicalDocument {
        // The contract's terms (from the running text) and the indicator tables are independent:
        // the terms are read beside the tables (which use every core for a large annex).
        let (terms, tables) = Concurrent.beside({
            let body = doc.blocks.flatMap { b -> [Paragraph] in
                if case .table = b { return [] }
                return b.paragraphs
            }
            let stream = TextStream(paragraphs: body, source: doc.source.sha256)
            var contract = Contract()
            var findings: [Finding] = []
            PartiesAndDates.extract(stream, blocks: doc.blocks, into: &contract)
            findings += PartyNames.check(stream, contract)
            // A page on its own may begin inside a clause: its part after 现…变更为 is amended.
            let numbered = AmendmentClauses.find(stream)
            let fragments = Fragments.read(stream, clauses: numbered)
            let clauses = (fragments.lead.map { [$0] } ?? []) + numbered
            contract.fragment = fragments.fragment
            if let f = fragments.fragment {
                findings.append(Finding(code: "document.fragment", severity: .info,
                    message: "this text is part of a document only (" + f.evidence.joined(separator: "; ")
                        + "): checks that need the whole document are warnings, not errors"))
            }
            contract.amendments = AmendmentClauses.amendments(stream, clauses)
            readMoney(stream, clauses: clauses, into: &contract)
            OCRSalvage.salvage(stream, into: &contract, findings: &findings)
            return Terms(stream: stream, contract: contract, clauses: clauses, findings: findings)
        }, { () -> (packages: [IndicatorPackage], log: ActionLog, findings: [Finding]) in
            var log = ActionLog()
            log.merge(doc.actions)
            var findings: [Finding] = []
            let packages = IndicatorTables(source: doc.source.sha256).packages(doc.blocks, log: &log, findings: &findings)
            return (packages, log, findings)
        })
        let stream = terms.stream, contract = terms.contract, clauses = terms.clauses
        let packages = tables.packages
        var log = tables.log
        MoneyTerms.noteLenientNumerals(contract, into: &log)
        // In the order they were found before the two ran side by side.
        let findings = doc.findings + terms.findings + tables.findings
        let kind = Self.kind(stream, contract: contract, clauses: clauses, packages: packages)
        // A contract section only when something of a contract was read; a requirements document
        // keeps one only when it names contract terms, not just a title.
        let readSomething = contract.title != nil || contract.buyer != nil || contract.amount != nil || contract.projectCode != nil
            || !contract.amendments.isEmpty
        let keepContract = readSomething && (kind != .requirements || hasContractTerms(contract))
        return CanonicalDocument(source: doc.source, documentKind: kind,
                                 contract: keepContract ? contract : nil,
                                 // A document without packages has one package with name null.
                                 packages: packages.isEmpty ? [IndicatorPackage(name: nil, indicators: [])] : packages,
                                 report: Report(actions: log.actions, findings: findings))
    }

    /// What the running text gives: the text itself, the contract's terms, the amendment clauses,
    /// the salvage findings.
    struct Terms: Sendable {
        var stream: TextStream
        var contract: Contract
        var clauses: [Clause]
        var findings: [Finding]
    }

    func hasContractTerms(_ c: Contract) -> Bool {
        c.buyer != nil || c.supplier != nil || c.amount != nil || c.projectCode != nil || !c.amendments.isEmpty
    }

    /// Amount, budget and payments: from the amendment clauses when there are any (before → original,
    /// after → amended), else from the whole text as one version.
    func readMoney(_ s: TextStream, clauses: [Clause], into c: inout Contract) {
        let amountClause = clauses.first { $0.field == "amount" }
        let budgetClause = clauses.first { $0.field == "budget" }
        let paymentClause = clauses.first { $0.field == "payments" }
        let all = 0..<s.count
        let nonOCR = s.paragraphs.indices.filter { s.paragraphs[$0].origin != .ocrLayer }
        guard !nonOCR.isEmpty else { return }

        if let a = amountClause {
            let original = MoneyTerms.amount(s, in: a.before)
            let amended = a.after.flatMap { MoneyTerms.amount(s, in: $0) }
            // A figure with unreadable glyphs is kept as read, with its 大写, for the repairer.
            let originalUnread = original == nil ? MoneyTerms.unreadAmount(s, in: a.before) : nil
            let amendedUnread = amended == nil ? a.after.flatMap { MoneyTerms.unreadAmount(s, in: $0) } : nil
            if original != nil || amended != nil || originalUnread != nil || amendedUnread != nil {
                var change = AmountChange(original: original, amended: amended)
                change.originalUnread = originalUnread
                change.amendedUnread = amendedUnread
                c.amount = change
            }
        } else if clauses.isEmpty, let v = MoneyTerms.amount(s, in: all) {
            c.amount = AmountChange(original: v, amended: nil)
        } else if c.fragment != nil {
            // A fragment without its amount clause: an amount stated in another clause's parts
            // (合计金额… of a schedule) is that version's amount.
            let original = clauses.lazy.compactMap { MoneyTerms.amount(s, in: $0.before) }.first
            let amended = clauses.lazy.compactMap { $0.after.flatMap { MoneyTerms.amount(s, in: $0) } }.first
            if original != nil || amended != nil { c.amount = AmountChange(original: original, amended: amended) }
        }

        let budgetRanges: (Range<Int>, Range<Int>?)? = budgetClause.map { ($0.before, $0.after) } ?? (clauses.isEmpty ? (all, nil) : nil)
        func markCut(_ term: String, _ r: Range<Int>?) {
            guard let r, s.isTruncated(r) else { return }
            c.truncatedTerms = (c.truncatedTerms ?? []) + [term]
        }
        if let (before, after) = budgetRanges {
            markCut("budget.original", before); markCut("budget.amended", after)
            let o = MoneyTerms.budget(s, in: before)
            let n = after.map { MoneyTerms.budget(s, in: $0) }
            var lines: [BudgetLine] = []
            func key(_ name: String) -> String { name.filter { !$0.isWhitespace && !"()（）,，、".contains($0) } }
            for item in o.items { lines.append(BudgetLine(item: item.name, parent: item.parent, original: item.figure)) }
            for item in n?.items ?? [] {
                if let i = lines.firstIndex(where: { key($0.item) == key(item.name) }) { lines[i].amended = item.figure }
                else { lines.append(BudgetLine(item: item.name, parent: item.parent, amended: item.figure)) }
            }
            c.budget = lines
            if o.total != nil || n?.total != nil {
                c.budgetTotal = BudgetTotal(original: o.total, amended: n?.total ?? nil)
            }
        }

        let payRanges: (Range<Int>, Range<Int>?)? = paymentClause.map { ($0.before, $0.after) } ?? (clauses.isEmpty ? (all, nil) : nil)
        if let (before, after) = payRanges {
            markCut("payments.original", before); markCut("payments.amended", after)
            let o = MoneyTerms.schedule(s, in: before)
            let n = after.map { MoneyTerms.schedule(s, in: $0) }
            if !o.spans.isEmpty || !(n?.spans.isEmpty ?? true) || !o.unread.isEmpty || !(n?.unread.isEmpty ?? true) {
                var p = Payments(original: o.spans.isEmpty ? nil : o.spans, amended: n.flatMap { $0.spans.isEmpty ? nil : $0.spans })
                p.originalStatedTotal = o.stated
                p.amendedStatedTotal = n?.stated
                p.originalUnread = o.unread.isEmpty ? nil : o.unread
                p.amendedUnread = n.flatMap { $0.unread.isEmpty ? nil : $0.unread }
                c.payments = p
            }
        }
    }

    static func kind(_ s: TextStream, contract: Contract, clauses: [Clause], packages: [IndicatorPackage]) -> DocumentKind {
        let title = contract.title?.value ?? ""
        let head = s.paragraphs.prefix(6).map(\.text).joined()
        if title.contains("补充协议") || head.contains("补充协议") || !clauses.isEmpty { return .amendment }
        // An annex marked 调整 (服务指标（调整）) belongs to an amendment, even when the agreement's
        // own text could not be read.
        let adjusted = s.paragraphs.contains { p in p.origin != .ocrLayer && p.text.count <= 40 && p.text.range(of: #"[(（]调整[)）]"#, options: .regularExpression) != nil }
        if adjusted && (contract.amount != nil || s.paragraphs.contains { $0.origin == .ocrLayer }) { return .amendment }
        if contract.amount?.amended != nil { return .amendment }
        if contract.buyer != nil && contract.supplier != nil { return .contract }
        if contract.amount != nil { return .contract }
        if !packages.isEmpty { return .requirements }
        return .unknown
    }
}
