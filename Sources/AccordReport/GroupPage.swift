import Foundation
import AccordModel
import AccordDiff
import AccordReview
import Plot

/// groups/GID.html: a group's members, its reconciliation (each source's value with its
/// provenance, the likelier one and why), and its merged view.
struct GroupPage {
    typealias Body = Node<HTML.BodyContext>
    let group: DocumentGroup
    let input: ReportInput

    func render() -> String {
        let findings = input.review.findings(of: group)
        let merged = input.review.merged(group)
        return ReportLayout.page(title: "\(group.id) \(group.key)", up: "../", [
            .h1(.text("\(group.id) · \(group.kind) · \(group.key)")),
            .p(.text("grouped by \(group.basis)")),
            GroupParts.members(group.members, input),
            GroupParts.findings(findings, input),
            merged.map(mergedView) ?? .p(.text("no merged view")),
        ])
    }

    func mergedView(_ m: MergedView) -> Body {
        let values = FieldAccess.readings(m.record).sorted { $0.key.description < $1.key.description }
        let base = input.review.sources.first { $0.id == m.base }?.path ?? m.base
        return .section(.id("merged"),
            .h2(.text("merged view (from \(base))")),
            .table(.class("merged"),
                .thead(.tr(.th(.text("field")), .th(.text("value")), .th(.text("source")))),
                .tbody(.forEach(values) { v in
                    .tr(.attribute(named: "data-field", value: ReportLayout.attr(v.key.description)),
                        .td(.code(.text(v.key.description))), .td(.text(v.value.display)), .td(ReportLayout.source(v.value.provenance)))
                })),
            .h2(.text("repairs across sources (\(m.repairs.count))")),
            .ul(.forEach(m.repairs) { f in .li(.class("repair"), .code(.text(f.code)), .text(" " + f.message)) }))
    }
}

/// groups/AID.html: copies of one indicator annex compared row by row.
struct AnnexFamilyPage {
    let family: AnnexReconciliation.Family
    let input: ReportInput

    func render() -> String {
        let findings = input.review.findings.filter { $0.group == family.id }
        return ReportLayout.page(title: "\(family.id) annex", up: "../", [
            .h1(.text("\(family.id) · one indicator annex in \(family.members.count) documents")),
            GroupParts.members(family.members, input),
            GroupParts.findings(findings, input),
        ])
    }
}

enum GroupParts {
    typealias Body = Node<HTML.BodyContext>

    static func members(_ ids: [String], _ input: ReportInput) -> Body {
        let sources = ids.compactMap { id in input.review.sources.first { $0.id == id } }
        return .section(.id("members"), .h2(.text("sources")),
            .ul(.forEach(sources) { s in
                .li(.a(.href("../documents/\(Slug.of(s.id)).html"), .text(s.path)), .text(" [\(s.family.label), \(s.record.source.format)]"))
            }))
    }

    /// The reconciliation in bulk form: findings of one code between the same sources are one
    /// line with their count (a `<details>` holding each finding's row, open when there are few).
    static func findings(_ findings: [GroupFinding], _ input: ReportInput) -> Body {
        var order: [String] = []
        var buckets: [String: [GroupFinding]] = [:]
        for f in findings {
            let k = f.code + "\u{1F}" + Set(f.values.map(\.path)).sorted().joined(separator: "\u{1F}")
            if buckets[k] == nil { order.append(k) }
            buckets[k, default: []].append(f)
        }
        return .section(.id("reconciliation"),
            .h2(.text("reconciliation (\(findings.count) findings in \(order.count) lines)")),
            .forEach(order.compactMap { buckets[$0] }) { bucket in
                let first = bucket[0]
                let sources = Set(first.values.map(\.path)).sorted()
                let summary = "\(first.code) × \(bucket.count) — " + (sources.count > 3 ? "\(sources.count) sources" : sources.joined(separator: " / "))
                    + (bucket.count == 1 ? "" : " — first: " + DiffText.short(first.message, 160))
                let rows = Node<HTML.TableContext>.tbody(.forEach(bucket) { row($0) })
                let head = Node<HTML.TableContext>.thead(.tr(.th(.text("code")), .th(.text("finding")), .th(.text("each source")), .th(.text("likelier right"))))
                return bucket.count <= 3
                    ? .element(named: "details", nodes: [.attribute(named: "class", value: "bucket"), .attribute(named: "data-code", value: first.code),
                                                         .attribute(named: "data-count", value: "\(bucket.count)"), .attribute(named: "open", value: "open"),
                                                         .element(named: "summary", text: summary), .table(.class("reconciliation"), head, rows)])
                    : .element(named: "details", nodes: [.attribute(named: "class", value: "bucket"), .attribute(named: "data-code", value: first.code),
                                                         .attribute(named: "data-count", value: "\(bucket.count)"),
                                                         .element(named: "summary", text: summary), .table(.class("reconciliation"), head, rows)])
            })
    }

    static func row(_ f: GroupFinding) -> Node<HTML.TableContext> {
        .tr(.class("gfinding " + ReportLayout.severityClass(f.severity)), .attribute(named: "data-code", value: f.code),
            .attribute(named: "data-key", value: ReportLayout.attr(f.key)),
            .td(.code(.text(f.code))), .td(.text(f.message)),
            .td(.forEach(f.values) { v in
                .div(.class(v.source == f.likelier ? "likelier" : ""),
                     .text("\(v.path) [\(v.family.label)]: \(DiffText.short(v.value, 120))"),
                     .if(v.doubt != nil, .span(.class("doubt"), .text(" (\(v.doubt ?? ""))"))),
                     ReportLayout.source(v.provenance))
            }),
            .td(.text(f.likelier.flatMap { id in f.values.first { $0.source == id }?.path } ?? "cannot tell"),
                .if(f.why != nil, .div(.text(f.why ?? "")))))
    }
}
