import Foundation
import AccordModel
import AccordReview
import Plot

/// index.html: the overview and the filterable table of documents, one row per stored file.
struct IndexPage {
    typealias Body = Node<HTML.BodyContext>
    let input: ReportInput

    func render() -> String {
        ReportLayout.page(title: "overview", up: "", [overview(), documents(), groups()])
    }

    func overview() -> Body {
        let files = input.files
        func chips(_ counts: [String: Int]) -> Body {
            .div(.class("chips"), .forEach(counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                .span(.text("\($0.key): \($0.value)"))
            })
        }
        var byFormat: [String: Int] = [:], byKind: [String: Int] = [:], byStatus: [String: Int] = [:]
        for f in files {
            byFormat[f.format ?? "unread", default: 0] += 1
            byKind[f.kind ?? "—", default: 0] += 1
            byStatus[f.status, default: 0] += 1
        }
        var bySeverity: [String: Int] = [:], byCode: [String: Int] = [:]
        var repairs = 0
        var confidences: [Double] = []
        for s in input.review.sources {
            for f in s.record.report.findings {
                bySeverity[f.severity.rawValue, default: 0] += 1
                byCode["\(f.severity.rawValue) \(f.code)", default: 0] += 1
                if f.code.hasPrefix("repair.") { repairs += 1 }
            }
            if s.family == .ocr { confidences += s.shownValues.compactMap { $0.provenance?.confidence } }
        }
        let proposed = input.review.findings.filter { $0.code == "group.repair_proposed" || $0.code == "annex.cell_lost" }.count
        let ocr: String
        if confidences.isEmpty { ocr = "no values read by OCR" } else {
            let mean = confidences.reduce(0, +) / Double(confidences.count)
            let low = confidences.filter { $0 < FieldAccess.doubtfulConfidence }.count
            ocr = String(format: "%d values read by OCR: mean confidence %.3f, lowest %.3f; %d below %.2f", confidences.count, mean,
                         confidences.min() ?? 0, low, FieldAccess.doubtfulConfidence)
        }
        return .section(.id("overview"),
            .h1(.text("\(files.count) files · made \(input.made)")),
            .h2(.text("files by status")), chips(byStatus),
            .h2(.text("files by format")), chips(byFormat),
            .h2(.text("documents by kind")), chips(byKind),
            .h2(.text("findings by severity")), chips(bySeverity),
            .h2(.text("findings by code")), chips(byCode),
            .h2(.text("repairs")),
            .p(.id("repairs"), .text("\(repairs) repairs within documents; \(proposed) repairs proposed across sources; \(input.review.groups.count) groups")),
            .h2(.text("OCR confidence")), .p(.id("ocr"), .text(ocr)))
    }

    func documents() -> Body {
        let byPath = Dictionary(input.review.sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let script = """
        document.getElementById('filter').addEventListener('input',function(e){var q=e.target.value.toLowerCase();
        document.querySelectorAll('tr.doc').forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});
        """
        return .section(.id("documents"),
            .h2(.text("documents")),
            .input(.id("filter"), .attribute(named: "placeholder", value: "filter: path, format, kind, code, finding…")),
            .table(.id("docs"),
                .thead(.tr(.th(.text("id")), .th(.text("path")), .th(.text("status")), .th(.text("format")), .th(.text("kind")),
                           .th(.text("code / lot")), .th(.text("E/W/I")), .th(.text("group")))),
                .tbody(.forEach(input.files) { f in
                    let s = byPath[f.path]
                    let counts = s.map { src -> String in
                        let fs = src.record.report.findings
                        return "\(fs.filter { $0.severity == .error }.count)/\(fs.filter { $0.severity == .warning }.count)/\(fs.filter { $0.severity == .info }.count)"
                    } ?? "—"
                    let group = s.flatMap { input.review.group(of: $0.id) }
                    let code = [s?.record.contract?.projectCode?.value, s?.record.contract?.lot?.value].compactMap { $0 }.joined(separator: " ")
                    return .tr(.class("doc status-\(f.status)"), .attribute(named: "data-path", value: ReportLayout.attr(f.path)),
                        .td(.text(f.id)),
                        .td(s == nil ? .text(f.path) : .a(.href("documents/\(Slug.of(f.id)).html"), .text(f.path))),
                        .td(.text(f.status + (f.error.map { ": " + $0 } ?? ""))),
                        .td(.text(f.format ?? "—")), .td(.text(f.kind ?? "—")), .td(.text(code.isEmpty ? "—" : code)),
                        .td(.class("num"), .text(counts)),
                        .td(group.map { .a(.href("groups/\($0.id).html"), .text($0.id)) } ?? .text("—")))
                })),
            .element(named: "script", nodes: [.raw(script)]))
    }

    func groups() -> Body {
        .section(.id("groups"),
            .h2(.text("groups")),
            .ul(.forEach(input.review.groups) { g in
                .li(.a(.href("groups/\(g.id).html"), .text(g.id)), .text(" \(g.kind) \(g.key) — \(g.members.count) sources (\(g.basis))"))
            }),
            .h2(.text("annex families")),
            .ul(.forEach(input.review.annexFamilies) { f in
                .li(.a(.href("groups/\(f.id).html"), .text(f.id)), .text(" one indicator annex in \(f.members.count) documents"))
            }))
    }
}
