import Foundation
import ArgumentParser
import AccordArchive
import AccordModel
import AccordReview

struct AcceptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept a proposed repair or a finding: it leaves the review queue.",
        discussion: """
        ID is a document (an id from accord list, or its path) or a group (G…) or annex family \
        (A…) from accord review; FINDING is the finding as accord review names it: a document's \
        code#n (repair.applied#1), or a group finding's key (group.repair_proposed@supplier@12). \
        An accepted repair across sources stays applied in the group's merged view. The decision \
        is kept by path and survives re-ingest; a later accept or reject replaces it.
        Exit status: 0; 2 when there is no such document, group or finding.
        """)

    @OptionGroup var decision: DecisionOptions

    func run() throws { try decision.record(accepted: true) }
}

/// What accept and reject share.
struct DecisionOptions: ParsableArguments {
    @OptionGroup var archive: ArchiveOptions

    @Argument(help: "A document's id or path, or a group's G… / annex family's A… id.")
    var entry: String

    @Argument(help: "The finding, as accord review names it.")
    var finding: String

    @Option(name: .long, help: "Why (kept with the decision).")
    var because: String = ""

    @Option(name: .long, help: "Who decides (default: $ACCORD_USER or $USER).")
    var who: String?

    func record(accepted: Bool) throws {
        let loaded = try ReviewArchive.load(archive, mode: .readWrite)
        let target = try loaded.target(entry)
        guard known(loaded, target) else {
            InputFiles.stderr("accord: \(entry): no finding \(finding) (see accord review for the names)")
            throw ExitCode(2)
        }
        do {
            try loaded.store.addDecision(Decision(target: target, finding: finding, accepted: accepted, because: because,
                                                        who: ReviewArchive.who(who), at: ReviewArchive.now()))
        } catch { throw archiveFailure(error) }
        InputFiles.stdout("\(accepted ? "accepted" : "rejected"): \(target) \(finding)\n")
    }

    /// Whether the target has this finding (a document's code#n, or a group finding's key).
    func known(_ loaded: ReviewArchive, _ target: String) -> Bool {
        if target.hasPrefix("G") || target.hasPrefix("A"), loaded.review.findings.contains(where: { $0.group == target && $0.key == finding }) {
            return true
        }
        guard let source = loaded.review.sources.first(where: { $0.path == target }) else { return false }
        return FindingDigest.keys(source.record.report.findings).contains(finding)
    }
}
