import Foundation
import AccordModel
import AccordDiff
import AccordReview

/// `accord report --html DIR`: a static, self-contained site (no network resource: CSS and the
/// filter script inline, crops as PNG files beside the pages):
///   index.html               overview, the filterable table of documents, the groups
///   documents/ID.html        a document: each value with its source snippet and place (and the
///                            crop of the scan region it was read from), findings in digest form
///   documents/ID/N.png       the crops
///   groups/GID.html          a group or annex family: members, reconciliation, the merged view
public enum ReportSite {
    /// Every scan region a page shows a value from, each once: what to crop.
    public static func scanRegions(_ review: Review) -> [CropKey] {
        var seen = Set<CropKey>(), out: [CropKey] = []
        for s in review.sources {
            for v in s.shownValues {
                guard let p = v.provenance, let key = CropKey(source: p.source, p), seen.insert(key).inserted else { continue }
                out.append(key)
            }
        }
        return out
    }

    /// The site's files. `progress` is called after each page with (done, total).
    public static func build(_ input: ReportInput, progress: (Int, Int) -> Void = { _, _ in }) -> [ReportFile] {
        var files: [ReportFile] = []
        let total = input.review.sources.count + input.review.groups.count + input.review.annexFamilies.count + 1
        var done = 0
        for s in input.review.sources {
            let page = DocumentPage(source: s, input: input)
            files.append(ReportFile(path: "documents/\(Slug.of(s.id)).html", bytes: Data(page.render().utf8)))
            for (n, crop) in page.crops.enumerated() {
                files.append(ReportFile(path: "documents/\(Slug.of(s.id))/\(n + 1).png", bytes: crop))
            }
            done += 1
            progress(done, total)
        }
        for g in input.review.groups {
            files.append(ReportFile(path: "groups/\(g.id).html", bytes: Data(GroupPage(group: g, input: input).render().utf8)))
            done += 1
            progress(done, total)
        }
        for f in input.review.annexFamilies {
            files.append(ReportFile(path: "groups/\(f.id).html", bytes: Data(AnnexFamilyPage(family: f, input: input).render().utf8)))
            done += 1
            progress(done, total)
        }
        files.append(ReportFile(path: "index.html", bytes: Data(IndexPage(input: input).render().utf8)))
        progress(total, total)
        return files
    }
}

/// A file-name-safe form of an id (ids are digits, or a path when there is no archive).
enum Slug {
    static func of(_ id: String) -> String {
        let safe = id.unicodeScalars.map { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")) ? Character($0) : "_" }
        return String(safe)
    }
}
