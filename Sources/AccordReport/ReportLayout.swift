import Foundation
import AccordModel
import AccordDiff
import Plot

/// What every page of the report shares: the frame, the style, the small helpers.
enum ReportLayout {
    typealias Body = Node<HTML.BodyContext>

    /// A whole page; `up` is the way back to the report's root from the page's folder ("" or "../").
    static func page(title: String, up: String, _ body: [Body]) -> String {
        HTML(
            .attribute(named: "lang", value: "zh-Hans"),
            .head(
                .meta(.attribute(named: "charset", value: "utf-8")),
                .element(named: "title", text: title),
                .style(css)
            ),
            .body(
                .nav(.class("top"), .a(.href(up + "index.html"), .text("accord report")), .span(.text(" · " + title))),
                .main(.group(body))
            )
        ).render()
    }

    /// An attribute value made safe between double quotes (as the diff page escapes them).
    static func attr(_ s: String) -> String { DiffPage.attr(s) }

    static func severityClass(_ s: Severity) -> String { "sev-" + s.rawValue }

    /// The source snippet and its place, as a cell's content.
    static func source(_ p: Provenance?) -> Body {
        guard let p else { return .span(.class("none"), .text("—")) }
        return .div(.class("src"),
                    .span(.class("loc"), .text(DiffPage.locator(p.locator))),
                    .if(!p.text.isEmpty, .element(named: "q", nodes: [.text(DiffText.short(p.text, 200))])),
                    .span(.class("conf"), .text(String(format: " %.2f", p.confidence))))
    }


    static let css = """
    body{font:14px/1.45 "Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;color:#222;background:#fafafa}
    nav.top{background:#263238;color:#eceff1;padding:8px 16px}nav.top a{color:#80cbc4;font-weight:bold}
    main{padding:12px 20px}h1{font-size:20px}h2{font-size:17px;margin-top:22px;border-bottom:1px solid #ccc}
    table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0}
    th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}th{background:#eceff1}
    .num{text-align:right;font-variant-numeric:tabular-nums}.src .loc{color:#555;font-family:monospace;font-size:12px}
    .src q{display:block;color:#37474f}.src .conf{color:#888;font-size:12px}.none{color:#aaa}
    img.crop{max-width:420px;max-height:120px;border:1px solid #90a4ae;display:block}
    .sev-error{background:#ffebee}.sev-warning{background:#fff8e1}.sev-info{background:#f1f8e9}
    .doubt{color:#b71c1c}.chips span{display:inline-block;margin:2px 6px 2px 0;padding:2px 8px;border-radius:10px;background:#e0f2f1}
    .status-failed{background:#ffebee}.merged{background:#e8f5e9}.likelier{font-weight:bold}
    input#filter{width:40%;padding:4px;margin:6px 0}
    details.bucket summary{cursor:pointer;font-weight:bold;margin:8px 0 2px}
    """
}
