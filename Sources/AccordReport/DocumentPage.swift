import Foundation
import AccordModel
import AccordDiff
import AccordReview
import Plot

/// documents/ID.html: one document's values with their source snippets, places and scan crops,
/// and its findings in digest form.
struct DocumentPage {
    typealias Body = Node<HTML.BodyContext>
    let source: ReviewSource
    let input: ReportInput
    /// The PNGs this page shows, in the order of their file names (1.png, 2.png…).
    private(set) var crops: [Data] = []
    private var cropOf: [CropKey: Int] = [:]

    init(source: ReviewSource, input: ReportInput) {
        self.source = source; self.input = input
        for v in source.shownValues {
            guard let p = v.provenance, let key = CropKey(source: p.source, p), cropOf[key] == nil, let png = input.crops[key] else { continue }
            crops.append(png)
            cropOf[key] = crops.count
        }
    }

    func render() -> String {
        let r = source.record
        let group = input.review.group(of: source.id)
        let facts: [Body] = [
            .p(.text("format \(r.source.format) · kind \(r.documentKind.rawValue) · sha256 "), .code(.text(r.source.sha256))),
            group.map { .p(.text("group "), .a(.href("../groups/\($0.id).html"), .text("\($0.id) \($0.key)")), .text(" (\($0.basis))")) } ?? .p(.text("in no group")),
            .if(r.contract?.fragment != nil, .p(.class("doubt"), .text("a fragment: " + (r.contract?.fragment?.evidence.joined(separator: " ") ?? "")))),
        ]
        return ReportLayout.page(title: source.path, up: "../", [
            .h1(.text(source.path)), .group(facts), values(), findings(),
        ])
    }

    func values() -> Body {
        let shown = source.shownValues
        return .section(.id("values"),
            .h2(.text("values (\(shown.count))")),
            .table(.class("values"),
                .thead(.tr(.th(.text("field")), .th(.text("value")), .th(.text("source")), .th(.text("scan")))),
                .tbody(.forEach(shown) { v in
                    let crop = v.provenance.flatMap { CropKey(source: $0.source, $0) }.flatMap { cropOf[$0] }
                    return .tr(.class("value"), .attribute(named: "data-field", value: ReportLayout.attr(v.field)),
                        .td(.code(.text(v.field))),
                        .td(.text(v.value), .if(v.doubt != nil, .div(.class("doubt"), .text(v.doubt ?? "")))),
                        .td(ReportLayout.source(v.provenance)),
                        .td(crop.map { n in .img(.class("crop"), .src("\(Slug.of(source.id))/\(n).png"), .alt(ReportLayout.attr(v.field))) }
                            ?? .span(.class("none"), .text(""))))
                })))
    }

    func findings() -> Body {
        let lines = FindingDigest.digest(source.record.report.findings)
        return .section(.id("findings"),
            .h2(.text("findings (\(source.record.report.findings.count))")),
            .table(.class("findings"),
                .thead(.tr(.th(.text("severity")), .th(.text("code")), .th(.text("finding")), .th(.text("name")))),
                .tbody(.forEach(lines) { l in
                    .tr(.class("finding " + ReportLayout.severityClass(l.severity)), .attribute(named: "data-code", value: l.code),
                        .td(.text(l.severity.rawValue)), .td(.code(.text(l.code))),
                        .td(.text(l.line(maxPlaces: 12))),
                        .td(.code(.text(l.keys.count == 1 ? l.keys[0] : "\(l.keys[0]) … \(l.keys[l.keys.count - 1])"))))
                })),
            .h2(.text("cleaning actions")),
            .ul(.forEach(source.record.report.actions) { a in
                .li(.code(.text(a.code)), .text(" ×\(a.count)" + (a.examples.isEmpty ? "" : ": " + a.examples.map { DiffText.short($0, 80) }.joined(separator: " · "))))
            }))
    }
}
