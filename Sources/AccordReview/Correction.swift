import Foundation
import AccordModel

public enum Corrections {
    /// Applies a path's corrections in the order they were made (a later one of a field wins):
    /// each value set with confidence 1 at its place in the source, a `review.corrected` info
    /// finding saying who, when, why and what the source reads, and a `review.correction_disputed`
    /// warning when the source now reads something else than when the correction was made (a
    /// re-extraction changed it). A correction that no longer fits the record (a budget line or
    /// row it lacks now) is a `review.correction_unapplied` warning.
    public static func apply(_ corrections: [Correction], to d: inout CanonicalDocument) {
        var latest: [String: Correction] = [:]
        for c in corrections.sorted(by: { $0.id < $1.id }) { latest[c.field] = c }
        for c in latest.values.sorted(by: { $0.id < $1.id }) {
            guard let path = FieldPath(parsing: c.field) else { continue }
            let now = FieldAccess.reading(d, path)
            let place = now?.provenance ?? Provenance(source: d.source.sha256, locator: Locator(), text: "", confidence: 1)
            var p = place
            p.confidence = 1
            do throws(FieldEditError) {
                try FieldEdit.set(&d, path, value: c.value, provenance: p)
            } catch {
                d.report.findings.append(Finding(code: "review.correction_unapplied", severity: .warning,
                    message: "the correction of \(c.field) to \(c.value) by \(c.who) at \(c.at) no longer applies: \(error.reason)"))
                continue
            }
            let reads = now?.display
            d.report.findings.append(Finding(code: "review.corrected", severity: .info,
                message: "\(c.field) corrected to \(c.value) by \(c.who) at \(c.at) because \(c.because); the source reads \(reads ?? "nothing there")",
                provenance: now?.provenance))
            if reads != c.was {
                d.report.findings.append(Finding(code: "review.correction_disputed", severity: .warning,
                    message: "\(c.field): the source now reads \(reads ?? "nothing") where it read \(c.was ?? "nothing") when \(c.who) corrected it to \(c.value); the correction is kept — check it",
                    provenance: now?.provenance))
            }
            var log = ActionLog()
            log.merge(d.report.actions)
            log.record("review.corrected", example: "\(c.field): \(reads ?? "—") → \(c.value)")
            d.report.actions = log.actions
        }
    }
}
