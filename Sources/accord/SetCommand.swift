import Foundation
import ArgumentParser
import AccordModel
import AccordArchive
import AccordReview

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Correct a stored document's value, saying why.",
        discussion: """
        Records a correction of FIELD of the document ID (an id from accord list, or its path) to \
        VALUE, with who made it (--who, else $ACCORD_USER or $USER), when, and why (--because). The \
        reading itself is not changed: the correction is kept beside it, by path, and applied \
        wherever the document is shown — show, export, review, report — as a review.corrected \
        finding citing the source's own reading. It survives accord ingest and --reextract; when a \
        re-extraction reads the field differently than when it was corrected, the document gets a \
        review.correction_disputed warning and the item appears in accord review.
        FIELD is one of: \(FieldPath.forms).
        Money is in 元 (2527273), or with 万 / 万元 (252.7273万); shares in % (61.81).
        Exit status: 0; 2 when the document, the field or the value is not right, or the archive \
        cannot be written.
        """)

    @OptionGroup var archive: ArchiveOptions

    @Argument(help: "An id from accord list, or a stored path.")
    var entry: String

    @Argument(help: "The field to correct (see above).")
    var field: String

    @Argument(help: "The right value.")
    var value: String

    @Option(name: .long, help: "Why: the evidence (required).")
    var because: String

    @Option(name: .long, help: "Who makes the correction (default: $ACCORD_USER or $USER).")
    var who: String?

    func validate() throws {
        guard FieldPath(parsing: field) != nil else { throw ValidationError("FIELD \(field) is not a field; one of: \(FieldPath.forms)") }
        guard !because.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--because must say why") }
    }

    func run() throws {
        let opened = try archive.open(.readWrite)
        guard let store = opened as? any ReviewStore else {
            InputFiles.stderr("accord: archive \(opened.location): corrections are not available on this kind of archive")
            throw ExitCode(2)
        }
        let (found, content) = try archive.stored(entry, in: store, missing: "not in the archive \(store.location)")
        guard let path = FieldPath(parsing: field) else { throw ExitCode(2) }
        var doc: CanonicalDocument
        do { doc = try StoredRecord.document(found, content.record) } catch {
            InputFiles.stderr("accord: \(found.path): the stored record cannot be decoded: \(error)")
            throw ExitCode(2)
        }
        let was = FieldAccess.reading(doc, path)?.display
        // The value must fit the record (a budget line it has, an amount that is a number).
        do throws(FieldEditError) {
            try FieldEdit.set(&doc, path, value: value, provenance: Provenance(source: "", locator: Locator(), text: "", confidence: 1))
        } catch {
            InputFiles.stderr("accord: \(found.path): \(error.reason)")
            throw ExitCode(2)
        }
        let id: Int64
        do {
            id = try store.addCorrection(Correction(id: 0, path: found.path, field: path.description, value: value, because: because,
                                                          who: ReviewArchive.who(who), at: ReviewArchive.now(), was: was))
        } catch { throw archiveFailure(error) }
        InputFiles.stdout("set: \(found.path): \(path) \(was ?? "—") → \(value) (correction \(id))\n")
    }
}
