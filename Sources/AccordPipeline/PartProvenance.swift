import AccordModel

extension CanonicalDocument {
    /// For a document composed of several files (`source.parts`): every provenance whose locator
    /// names a page gets the sha256 of the file holding that page (the normalizer, which reads one
    /// document, gave it the composed sha256). Provenances without a page keep theirs.
    public func attributingPagesToParts() -> CanonicalDocument {
        guard let parts = source.parts, !parts.isEmpty else { return self }
        var byPage: [Int: String] = [:]
        for part in parts { for page in part.pages { byPage[page] = part.sha256 } }
        return mappingProvenance { p in
            guard let page = p.locator.page, let sha = byPage[page] else { return p }
            var q = p
            q.source = sha
            return q
        }
    }

    /// The record with `f` applied to every provenance it holds: terms, budget, payments,
    /// amendments, indicators and findings. (A member added to the model with a provenance must
    /// be added here: PageSetTests checks every provenance of a composed record.)
    public func mappingProvenance(_ f: (Provenance) -> Provenance) -> CanonicalDocument {
        func s<V: Codable & Hashable & Sendable>(_ x: Sourced<V>?) -> Sourced<V>? { x.map { Sourced($0.value, f($0.provenance)) } }
        func money(_ m: MoneyValue?) -> MoneyValue? {
            m.map { m in var m = m; m.provenance = f(m.provenance); m.uppercase = s(m.uppercase); return m }
        }
        func unread(_ u: UnreadAmount?) -> UnreadAmount? {
            u.map { u in var u = u; u.figure = Sourced(u.figure.value, f(u.figure.provenance)); u.uppercase = s(u.uppercase); return u }
        }
        func figure(_ b: BudgetFigure?) -> BudgetFigure? {
            b.map { b in var b = b; b.amount = s(b.amount); b.share = s(b.share); b.unreadable = s(b.unreadable); return b }
        }
        func spans(_ x: [PaymentSpan]?) -> [PaymentSpan]? { x?.map { var p = $0; p.provenance = f(p.provenance); return p } }
        func unreadSpans(_ x: [UnreadSpan]?) -> [UnreadSpan]? { x?.map { var u = $0; u.fee = Sourced(u.fee.value, f(u.fee.provenance)); return u } }

        var d = self
        if var c = d.contract {
            c.title = s(c.title); c.projectName = s(c.projectName); c.projectCode = s(c.projectCode); c.lot = s(c.lot)
            c.buyer = s(c.buyer); c.supplier = s(c.supplier); c.originalSignedDate = s(c.originalSignedDate)
            if var period = c.period { period.start = s(period.start); period.end = s(period.end); c.period = period }
            if var a = c.amount {
                a.original = money(a.original); a.amended = money(a.amended)
                a.originalUnread = unread(a.originalUnread); a.amendedUnread = unread(a.amendedUnread)
                c.amount = a
            }
            c.budget = c.budget.map { var l = $0; l.original = figure(l.original); l.amended = figure(l.amended); return l }
            if var t = c.budgetTotal { t.original = s(t.original); t.amended = s(t.amended); c.budgetTotal = t }
            if var p = c.payments {
                p.original = spans(p.original); p.amended = spans(p.amended)
                p.originalStatedTotal = s(p.originalStatedTotal); p.amendedStatedTotal = s(p.amendedStatedTotal)
                p.originalUnread = unreadSpans(p.originalUnread); p.amendedUnread = unreadSpans(p.amendedUnread)
                c.payments = p
            }
            c.amendments = c.amendments.map { var a = $0; a.before = Sourced(a.before.value, f(a.before.provenance)); a.after = s(a.after); return a }
            d.contract = c
        }
        d.packages = d.packages.map { pkg in
            var pkg = pkg
            pkg.name = s(pkg.name); pkg.heading = s(pkg.heading)
            pkg.indicators = pkg.indicators.map { var i = $0; i.provenance = f(i.provenance); return i }
            return pkg
        }
        d.report.findings = d.report.findings.map { x in
            var x = x
            x.provenance = x.provenance.map(f)
            x.related = x.related.map { $0.map(f) }
            return x
        }
        return d
    }
}
