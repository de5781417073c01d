import Foundation
import AccordModel
import AccordDiff
import AccordReview

/// What the batch report is made from: the review of the archive, one line per stored file
/// (failed ones included), and the PNG crops of the scan regions values were read from.
public struct ReportInput: Sendable {
    public struct File: Sendable {
        public var id: String
        public var path: String
        public var status: String
        public var error: String?
        public var format: String?
        public var kind: String?
        public init(id: String, path: String, status: String, error: String?, format: String?, kind: String?) {
            self.id = id; self.path = path; self.status = status; self.error = error; self.format = format; self.kind = kind
        }
    }

    public var review: Review
    public var files: [File]
    /// PNG bytes per scan region (`ReportSite.scanRegions`): what could be cropped.
    public var crops: [CropKey: Data]
    /// When the report was made (shown, not used).
    public var made: String

    public init(review: Review, files: [File], crops: [CropKey: Data], made: String) {
        self.review = review; self.files = files; self.crops = crops; self.made = made
    }
}

/// One file of the site, by its path relative to the report folder.
public struct ReportFile: Sendable {
    public var path: String
    public var bytes: Data
}

/// A value a document page shows: its field, the value, and where it was read.
struct ShownValue {
    var field: String
    var value: String
    var provenance: Provenance?
    var doubt: String?
}

extension ReviewSource {
    /// Every value a document page shows, in page order: the contract's fields, then each indicator row.
    var shownValues: [ShownValue] {
        var out = FieldAccess.readings(record).sorted { $0.key.description < $1.key.description }.map {
            ShownValue(field: $0.key.description, value: $0.value.display, provenance: $0.value.provenance, doubt: $0.value.doubt)
        }
        for (n, i) in FieldAccess.indicators(record).enumerated() {
            let text = [i.subitem, i.standard].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " | ")
            out.append(ShownValue(field: "indicators[\(n)]", value: text.isEmpty ? (i.requirement ?? i.item ?? "") : text,
                                  provenance: i.provenance, doubt: FieldAccess.confidenceDoubt(i.provenance)))
        }
        return out
    }
}
