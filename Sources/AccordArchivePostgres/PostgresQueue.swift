import Foundation
import PostgresNIO
import AccordArchive

/// The work queue of a PostgreSQL archive: the database itself is the queue. `enqueue` records a
/// file (its bytes once per content); a worker `claim`s the oldest claimable job with
/// `SELECT … FOR UPDATE SKIP LOCKED` (so that workers never wait for each other's claims),
/// holds a lease that it `renew`s while it works, and `complete`s the job — its reading stored
/// and the job marked done in one transaction that first checks the lease is still its own. A
/// lease that expired (its worker killed, its machine gone) makes the job claimable again; the
/// same failure three times makes it `failed`, its reason stored as the file's reading.
public struct PostgresQueue: Sendable {
    let archive: PostgresArchive
    var pool: PostgresConnections { archive.pool }

    /// The same failure this many times ends a job as failed.
    public static let maxSameFailures = 3

    /// The reason recorded when a lease ran out (counted as a failure of the job).
    public static let leaseExpired = "its worker stopped while reading it (the lease expired: the worker was killed or lost)"

    public enum Enqueued: String, Sendable, Codable {
        /// A new job.
        case queued
        /// The path with this content waits in the queue already.
        case alreadyQueued
        /// The archive holds this path with this content (and an acceptable reading): nothing to do.
        case unchanged
    }

    /// Records one file to read: its bytes (sent only when the database does not hold that
    /// content yet) and a job, unless the archive or the queue has it already.
    public func enqueue(path: String, sha256: String, bytes: () throws -> [UInt8], size: Int64, policy: ReadingPolicy) throws(ArchiveError) -> Enqueued {
        if try archive.lookup(path: path, sha256: sha256, policy: policy) == .unchanged { return .unchanged }
        return try archiveCall {
            let known = try pool.with { s in try !s.query("SELECT 1 AS x FROM blob WHERE sha256 = $1", [.text(sha256)]).isEmpty }
            if !known {
                let content = try bytes()
                try pool.with { s in
                    try s.execute("INSERT INTO blob (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
                                  [.text(sha256), .int(Int64(content.count)), .bytes(content)])
                }
            }
            let inserted = try pool.with { s in
                try s.execute("""
                    INSERT INTO job (path, sha256, size, reextract, retry_failed) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (path, sha256) WHERE state IN ('pending', 'leased') DO NOTHING
                    """, [.text(path), .text(sha256), .int(size), .bool(policy.requireCurrentExtractor), .bool(policy.retryFailed)])
            }
            return inserted > 0 ? .queued : .alreadyQueued
        }
    }

    /// A job a worker holds.
    public struct Job: Sendable, Equatable {
        public var id: Int64
        public var path: String
        public var sha256: String
        public var size: Int64
        public var reextract: Bool
        public var retryFailed: Bool
        /// This claim's own token: the lease is the worker's while the job holds it.
        public var token: String
        /// How many times the job was claimed (this claim included).
        public var attempt: Int
    }

    /// Claims the oldest claimable job for `worker` with a lease of `lease` seconds, or nil when
    /// none is claimable now: one statement (the row locked with SKIP LOCKED and leased at once).
    /// A job taken over from an expired lease counts that as a failure; the third in a row
    /// stores it as failed on the way (its worker died each time it read it).
    public func claim(worker: String, lease: Double, extractor: String) throws(ArchiveError) -> Job? {
        try archiveCall {
            while true {
                let token = UUID().uuidString
                guard let row = try pool.with({ s in
                    try s.query("""
                        WITH c AS (
                            SELECT id, state FROM job
                            WHERE state IN ('pending', 'leased') AND (state = 'pending' OR lease_expires < now())
                            ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                        UPDATE job j SET state = 'leased', lease_token = $1, leased_by = $2, leased_at = now(),
                            lease_expires = now() + make_interval(secs => $3), attempts = j.attempts + 1,
                            same_errors = CASE WHEN c.state = 'leased'
                                THEN (CASE WHEN j.last_error = $4 THEN j.same_errors + 1 ELSE 1 END) ELSE j.same_errors END,
                            last_error = CASE WHEN c.state = 'leased' THEN $4 ELSE j.last_error END
                        FROM c WHERE j.id = c.id
                        RETURNING j.id, j.path, j.sha256, j.size, j.reextract, j.retry_failed, j.attempts, j.same_errors,
                            c.state AS was
                        """, [.text(token), .text(worker), .double(lease), .text(Self.leaseExpired)]).first
                }) else { return nil }
                let job = Job(id: try row["id"].get(), path: try row["path"].get(), sha256: try row["sha256"].get(),
                              size: try row["size"].get(), reextract: try row["reextract"].get(),
                              retryFailed: try row["retry_failed"].get(), token: token,
                              attempt: Int(try row["attempts"].get(Int32.self)))
                let same = Int(try row["same_errors"].get(Int32.self))
                guard try row["was"].get(String.self) == "leased", same >= Self.maxSameFailures else { return job }
                // Its lease ran out for the third time in a row: failed, then look for the next job.
                let policy = ReadingPolicy(extractor: extractor, requireCurrentExtractor: job.reextract, retryFailed: job.retryFailed)
                try pool.transaction { s in
                    guard try Self.holds(s, job) else { return }
                    try Self.fail(s, jobID: job.id, path: job.path, sha256: job.sha256, size: job.size, reason: Self.leaseExpired,
                                  worker: worker, policy: policy, same: same)
                }
            }
        }
    }

    /// Extends the lease by `lease` seconds from now; false when it is no longer this job's
    /// (it expired and another worker claimed the job).
    public func renew(_ job: Job, lease: Double) throws(ArchiveError) -> Bool {
        try archiveCall {
            try pool.with { s in
                try s.execute("""
                    UPDATE job SET lease_expires = now() + make_interval(secs => $3)
                    WHERE id = $1 AND lease_token = $2 AND state = 'leased'
                    """, [.int(job.id), .text(job.token), .double(lease)]) == 1
            }
        }
    }

    /// The bytes of the job's file.
    public func content(_ job: Job) throws(ArchiveError) -> [UInt8] {
        try content(sha256: job.sha256, of: job.path)
    }

    /// The bytes stored for a content (a page file of a page set's job, by its sha256).
    public func content(sha256: String, of path: String) throws(ArchiveError) -> [UInt8] {
        try archiveCall {
            try pool.with { s in
                guard let row = try s.query("SELECT content FROM blob WHERE sha256 = $1", [.text(sha256)]).first else {
                    throw PGError("the content of \(path) (sha256 \(sha256)) is not in the queue")
                }
                return Array(buffer: try row["content"].get(ByteBuffer.self))
            }
        }
    }

    /// What `complete` did.
    public enum Completion: Sendable {
        /// Stored, and the job is done.
        case done(StoreOutcome)
        /// The lease is no longer this worker's (it expired and the job was claimed again, or
        /// finished by another): nothing was stored.
        case leaseLost
    }

    /// Stores the job's file (with its reading, or linked to a reading the archive has) and
    /// marks the job done, in one transaction, if and only if the lease is still `job.token`.
    public func complete(_ job: Job, file: IngestedFile, policy: ReadingPolicy, worker: String) throws(ArchiveError) -> Completion {
        try archiveCall {
            try pool.transaction { s in
                guard try Self.holds(s, job) else { return .leaseLost }
                let outcome = try PostgresArchive.store(s, file, policy: policy)
                if outcome.needsReading {
                    // Not stored: the caller reads the file and completes again, still holding the lease.
                    return .done(outcome)
                }
                try s.execute("""
                    UPDATE job SET state = 'done', finished_at = now(), finished_by = $2, outcome = $3, error = $4,
                        lease_token = NULL, lease_expires = NULL
                    WHERE id = $1
                    """, [.int(job.id), .text(worker), .text(outcome.kind.rawValue), .text(outcome.error)])
                return .done(outcome)
            }
        }
    }

    /// Gives the job back after a failure that may pass (the reader crashed or timed out, the
    /// content could not be fetched): pending again, or — the same failure the third time in a
    /// row — failed, the reason stored as the file's reading. False when the lease was lost.
    public func release(_ job: Job, reason: String, policy: ReadingPolicy, worker: String) throws(ArchiveError) -> Bool {
        try archiveCall {
            try pool.transaction { s in
                guard let row = try s.query("SELECT lease_token, last_error, same_errors FROM job WHERE id = $1 FOR UPDATE", [.int(job.id)]).first,
                      try row["lease_token"].get(String?.self) == job.token else { return false }
                let same = try row["last_error"].get(String?.self) == reason ? Int(try row["same_errors"].get(Int32.self)) + 1 : 1
                if same >= Self.maxSameFailures {
                    try Self.fail(s, jobID: job.id, path: job.path, sha256: job.sha256, size: job.size, reason: reason,
                                  worker: worker, policy: policy, same: same)
                } else {
                    try s.execute("""
                        UPDATE job SET state = 'pending', lease_token = NULL, leased_by = NULL, lease_expires = NULL,
                            last_error = $2, same_errors = $3
                        WHERE id = $1
                        """, [.int(job.id), .text(reason), .int(Int64(same))])
                }
                return true
            }
        }
    }

    private static func holds(_ s: PostgresSession, _ job: Job) throws -> Bool {
        guard let row = try s.query("SELECT state, lease_token FROM job WHERE id = $1 FOR UPDATE", [.int(job.id)]).first else { return false }
        return try row["state"].get(String.self) == "leased" && row["lease_token"].get(String?.self) == job.token
    }

    /// Ends a job as failed and stores its reason as the file's reading (as ingest stores a file
    /// that crashed its reader), in the caller's transaction.
    private static func fail(_ s: PostgresSession, jobID: Int64, path: String, sha256: String, size: Int64, reason: String,
                             worker: String, policy: ReadingPolicy, same: Int) throws {
        let why = "\(reason) (\(same) times)"
        _ = try PostgresArchive.store(s, IngestedFile(path: path, size: size, sha256: sha256, reading: .failed(why)), policy: policy)
        try s.execute("""
            UPDATE job SET state = 'failed', finished_at = now(), finished_by = $2, outcome = 'failed', error = $3,
                last_error = $4, same_errors = $5, lease_token = NULL, lease_expires = NULL
            WHERE id = $1
            """, [.int(jobID), .text(worker), .text(why), .text(reason), .int(Int64(same))])
    }

    // MARK: Status

    public struct Lease: Sendable, Codable, Equatable {
        public var job: Int64
        public var path: String
        public var worker: String
        /// When the worker claimed it (ISO 8601, UTC).
        public var since: String
        /// When the lease runs out unless renewed.
        public var expires: String
        public var expired: Bool
    }

    public struct FailedJob: Sendable, Codable, Equatable {
        public var job: Int64
        public var path: String
        public var error: String
    }

    public struct Status: Sendable, Codable, Equatable {
        public var pending: Int
        public var leased: Int
        public var done: Int
        public var failed: Int
        public var leases: [Lease]
        public var failures: [FailedJob]
        /// Jobs done (or failed) in the last minute.
        public var finishedLastMinute: Int
    }

    /// How many jobs are in each state, who holds each lease since when, and the failed jobs' reasons.
    public func status(failures limit: Int = 20) throws(ArchiveError) -> Status {
        try archiveCall {
            try pool.with { s in
                var counts: [String: Int] = [:]
                for row in try s.query("SELECT state, count(*) AS n FROM job GROUP BY state") {
                    counts[try row["state"].get(String.self)] = Int(try row["n"].get(Int64.self))
                }
                let iso = "YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\""
                let leases = try s.query("""
                    SELECT id, path, leased_by, to_char(leased_at AT TIME ZONE 'UTC', '\(iso)') AS since,
                        to_char(lease_expires AT TIME ZONE 'UTC', '\(iso)') AS expires, lease_expires < now() AS expired
                    FROM job WHERE state = 'leased' ORDER BY leased_at, id
                    """).map { row in
                    Lease(job: try row["id"].get(), path: try row["path"].get(), worker: try row["leased_by"].get(String?.self) ?? "?",
                          since: try row["since"].get(String?.self) ?? "", expires: try row["expires"].get(String?.self) ?? "",
                          expired: try row["expired"].get(Bool?.self) ?? false)
                }
                let failures = try s.query("SELECT id, path, error FROM job WHERE state = 'failed' ORDER BY id DESC LIMIT $1", [.int(Int64(limit))])
                    .map { row in FailedJob(job: try row["id"].get(), path: try row["path"].get(), error: try row["error"].get(String?.self) ?? "") }
                let recent = try s.query("SELECT count(*) AS n FROM job WHERE finished_at > now() - interval '1 minute'").first?["n"].get(Int64.self) ?? 0
                return Status(pending: counts["pending"] ?? 0, leased: counts["leased"] ?? 0, done: counts["done"] ?? 0,
                              failed: counts["failed"] ?? 0, leases: leases, failures: failures, finishedLastMinute: Int(recent))
            }
        }
    }

    /// Whether any job is pending or leased (a worker run with --until-empty ends when none is).
    public func hasOpenJobs() throws(ArchiveError) -> Bool {
        try archiveCall {
            try pool.with { s in try !s.query("SELECT 1 AS x FROM job WHERE state IN ('pending', 'leased') LIMIT 1").isEmpty }
        }
    }
}
