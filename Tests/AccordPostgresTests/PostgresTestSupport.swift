import Testing
import Foundation
@testable import AccordArchivePostgres
import AccordArchive
import TestSupport

/// The throwaway server scripts/test.sh starts (scripts/pg-cluster.sh), and what the tests need of it.
enum PG {
    /// ACCORD_TEST_POSTGRES_URL, or nil: the tests that need a server are then skipped (and say so).
    static let url: String? = ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipReason: Comment = "no PostgreSQL: ACCORD_TEST_POSTGRES_URL is not set (scripts/test.sh sets it after starting a throwaway cluster; PostgreSQL could not be installed or started)"

    /// A new, empty database on the test server: its URL.
    static func freshDatabase(_ label: String) throws -> String {
        let base = try #require(url)
        let parsed = try PostgresURL(base)
        let name = "accord_\(label)_\(UInt32.random(in: 0...UInt32.max))"
        let pool = try PostgresConnections(parsed)
        try pool.with { s in try s.execute("CREATE DATABASE \(name)") }
        let host = parsed.host.hasPrefix("/") ? "" : parsed.host
        return "postgres://\(parsed.user)@\(host):\(parsed.port)/\(name)?sslmode=disable" + (parsed.host.hasPrefix("/") ? "&host=\(parsed.host)" : "")
    }

    /// A direct line to the database at `url`, for the assertions.
    static func session<T>(_ url: String, _ body: (PostgresSession) throws -> T) throws -> T {
        try PostgresConnections(PostgresURL(url)).with(body)
    }

    static func count(_ url: String, _ sql: String) throws -> Int {
        try session(url) { s in Int(try s.query(sql).first?["n"].get(Int64.self) ?? -1) }
    }
}

/// The `accord` executable built next to the tests (as the pipeline tests find it).
enum CLI {
    static var binary: URL? { AccordBinary.url }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs accord to its end in `directory`.
    static func run(_ args: [String], in directory: URL) throws -> Result {
        let p = try start(args, in: directory, out: Pipe(), err: Pipe())
        let out = p.standardOutput as? Pipe, err = p.standardError as? Pipe
        let o = out?.fileHandleForReading.readDataToEndOfFile() ?? Data(), e = err?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Starts accord in `directory` (output to the given pipes or files).
    static func start(_ args: [String], in directory: URL, out: Any, err: Any) throws -> Process {
        let p = Process()
        p.executableURL = try #require(binary, "the accord executable is built next to the tests")
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["OMP_THREAD_LIMIT"] = "1"
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        p.currentDirectoryURL = directory
        p.standardOutput = out; p.standardError = err
        try p.run()
        return p
    }

    static func tempDir(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("accord-pg-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
