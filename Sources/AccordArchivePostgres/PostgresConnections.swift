import Foundation
import PostgresNIO
import AccordArchive

/// A value bound to a query's `$n` placeholder.
enum SQLValue: Sendable {
    case text(String?)
    case int(Int64?)
    case bool(Bool)
    case bytes([UInt8]?)
    case ints([Int64])
    case double(Double)
}

/// A few connections to one server, used synchronously: the archive's protocol is synchronous
/// (its callers are worker threads, never NIO's), so each call waits for its future on the
/// calling thread. The connections' I/O runs on an event loop group of this pool's own (one
/// thread), never the caller's, so a wait cannot block the loop it waits for.
final class PostgresConnections: @unchecked Sendable {
    // Unchecked: `idle` and `nextID` are only touched under `lock`; a connection taken from
    // `idle` is used by one thread at a time until it is put back.
    let url: PostgresURL
    private let configuration: PostgresConnection.Configuration
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var nextID = 0

    init(_ url: PostgresURL) throws(ArchiveError) {
        self.url = url
        configuration = try url.configuration()
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var logger = Logger(label: "accord.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        // Closed before they go (postgres-nio asserts it), then the loop; never on the loop's own thread.
        for c in idle {
            let closing: EventLoopFuture<Void> = c.close()
            try? closing.wait()
        }
        idle.removeAll()
        try? group.syncShutdownGracefully()
    }

    var location: String { url.display }

    /// Runs `body` on a connection of its own (autocommit).
    func with<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let connection = try take()
        let session = PostgresSession(connection: connection, logger: logger, location: location)
        do {
            let result = try body(session)
            put(connection)
            return result
        } catch {
            put(connection)
            throw error
        }
    }

    /// Runs `body` in one transaction (`BEGIN` … `COMMIT`; `ROLLBACK` when it throws). A
    /// serialization failure or deadlock (another worker's transaction won) is retried a few times.
    func transaction<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try with { s throws in
                    try s.execute("BEGIN")
                    do {
                        let result = try body(s)
                        try s.execute("COMMIT")
                        return result
                    } catch {
                        _ = try? s.execute("ROLLBACK")
                        throw error
                    }
                }
            } catch {
                // 40001 serialization_failure, 40P01 deadlock_detected, 23505 unique_violation (a racing insert).
                guard attempt < 4, let state = (error as? PGError)?.sqlState, ["40001", "40P01", "23505"].contains(state) else { throw error }
            }
        }
    }

    private func take() throws -> PostgresConnection {
        lock.lock()
        while let c = idle.popLast() {
            if !c.isClosed { lock.unlock(); return c }
        }
        nextID += 1
        let id = nextID
        lock.unlock()
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw PGError("archive \(location): cannot connect: \(PostgresSession.describe(error))")
        }
    }

    private func put(_ c: PostgresConnection) {
        guard !c.isClosed else { return }
        lock.lock(); idle.append(c); lock.unlock()
    }
}

/// One connection, for one thread, for the length of one `with` or `transaction`.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger
    let location: String

    /// Runs `sql` with `$1…$n` bound to `values`; every row, to read by column name.
    @discardableResult
    func query(_ sql: String, _ values: [SQLValue] = []) throws -> [PostgresRandomAccessRow] {
        try run(sql, values).rows.map { PostgresRandomAccessRow($0) }
    }

    /// Runs `sql`; how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        try run(sql, values).metadata.rows ?? 0
    }

    private func run(_ sql: String, _ values: [SQLValue]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: values.count)
        for v in values {
            switch v {
            case .text(let s): if let s { binds.append(s) } else { binds.appendNull() }
            case .int(let i): if let i { binds.append(i) } else { binds.appendNull() }
            case .bool(let b): binds.append(b)
            case .bytes(let b): if let b { binds.append(ByteBuffer(bytes: b)) } else { binds.appendNull() }
            case .ints(let a): binds.append(a)
            case .double(let d): binds.append(d)
            }
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait()
        } catch {
            throw PGError("archive \(location): \(Self.describe(error))", sqlState: Self.sqlState(error))
        }
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// One line: the server's message when it sent one, else what went wrong on the way.
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] {
                return message + (e.serverInfo?[.detail].map { " (\($0))" } ?? "")
            }
            if e.code == .sslUnsupported { return "the server does not accept SSL (sslmode=require or verify-…: try sslmode=prefer)" }
            if let underlying = e.underlying {
                if let io = underlying as? IOError { return io.description.contains("refused") ? "connection refused" : "\(io)" }
                return "\(underlying)"
            }
            switch e.code {
            case .connectionError, .serverClosedConnection, .uncleanShutdown: return "the connection to the server was lost"
            default: return "\(e.code)"
            }
        }
        return "\(error)"
    }
}

extension PostgresCell {
    /// This cell's value, or the one-line reason it cannot be read as `T`.
    func get<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        do { return try decode(T.self) } catch { throw PGError("archive: column \(columnName): cannot read it as \(T.self)") }
    }
}

/// A failure inside this module: its one line, and the server's SQLSTATE when the server sent one
/// (to tell a lost race, retried, from a real error). Turned into an `ArchiveError` at the store's surface.
struct PGError: Error, CustomStringConvertible {
    var reason: String
    var sqlState: String?
    init(_ reason: String, sqlState: String? = nil) { self.reason = reason; self.sqlState = sqlState }
    var description: String { reason }
}

/// Runs `body`, any failure as one `ArchiveError` line.
func archiveCall<T>(_ body: () throws -> T) throws(ArchiveError) -> T {
    do { return try body() }
    catch let e as ArchiveError { throw e }
    catch let e as PGError { throw ArchiveError(e.reason) }
    catch { throw ArchiveError("\(error)") }
}
