import Foundation
import ArgumentParser
import AccordArchive
import AccordArchivePostgres

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Look at a PostgreSQL archive's work queue.",
        subcommands: [QueueStatusCommand.self])
}

struct QueueStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print how many jobs are pending, leased (by whom, since when), done and failed.",
        discussion: """
        One line of counts (pending, leased, done, failed, and jobs finished in the last minute), then \
        one line per lease: job id, worker, since when, until when (EXPIRED when the worker stopped \
        renewing it: another worker will claim the job), path; then the most recent failed jobs with \
        their reasons.
          --format json  one JSON object {pending, leased, done, failed, finishedLastMinute, leases: \
        [{job, path, worker, since, expires, expired}], failures: [{job, path, error}]} \
        (schemas/accord-queue-status.schema.json).
        Exit status: 0; 2 when the archive cannot be reached.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var archive: ArchiveOptions

    @Option(name: .shortAndLong, help: "Output format: table or json.")
    var format: Format = .table

    @Option(name: .long, help: "At most this many failed jobs shown.")
    var failures: Int = 20

    func run() throws {
        let store = try archive.openPostgres(for: "accord queue status")
        let status: PostgresQueue.Status
        do { status = try store.queue.status(failures: max(0, failures)) } catch { throw archiveFailure(error) }
        switch format {
        case .json:
            InputFiles.stdout(json: status, pretty: true)
        case .table:
            var out = "queue \(store.location): \(status.pending) pending, \(status.leased) leased, \(status.done) done, "
                + "\(status.failed) failed (\(status.finishedLastMinute) finished in the last minute)\n"
            if !status.leases.isEmpty {
                var t = TextTable(header: ["job", "worker", "since", "until", "path"])
                for l in status.leases {
                    t.rows.append(["\(l.job)", l.worker, l.since, l.expired ? "EXPIRED" : l.expires, l.path])
                }
                out += "leased:\n" + t.render()
            }
            if !status.failures.isEmpty {
                var t = TextTable(header: ["job", "path", "reason"])
                for f in status.failures { t.rows.append(["\(f.job)", f.path, f.error]) }
                out += "failed:\n" + t.render()
            }
            InputFiles.stdout(out)
        }
    }
}
