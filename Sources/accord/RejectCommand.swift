import Foundation
import ArgumentParser

struct RejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject a proposed repair or a finding: it leaves the review queue, and a repair across sources is not applied.",
        discussion: """
        As accord accept. A rejected repair across sources (group.repair_proposed) is no longer \
        applied in the group's merged view; a rejected repair within a document stays in its \
        record, with a review.repair_rejected warning naming who rejected it — set the right value \
        with accord set.
        Exit status: 0; 2 when there is no such document, group or finding.
        """)

    @OptionGroup var decision: DecisionOptions

    func run() throws { try decision.record(accepted: false) }
}
