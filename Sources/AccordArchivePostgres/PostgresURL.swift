import Foundation
import PostgresNIO
import AccordArchive

/// Where a PostgreSQL archive is, read as libpq reads it: `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=…`
/// (or `postgresql://`), every part that the URL leaves out taken from PGHOST, PGPORT, PGUSER,
/// PGPASSWORD, PGDATABASE and PGSSLMODE, then libpq's defaults (the Unix socket in
/// /var/run/postgresql, port 5432, the login name as user, the user name as database, sslmode prefer).
/// A host that starts with `/` is the folder of the server's Unix socket (`?host=/tmp` too).
public struct PostgresURL: Sendable, Equatable {
    public enum SSLMode: String, Sendable { case disable, allow, prefer, require, verifyCA = "verify-ca", verifyFull = "verify-full" }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    /// Whether `text` names a PostgreSQL archive (rather than an SQLite file).
    public static func isPostgres(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Reads `text` (a postgres:// or postgresql:// URL), filling what it leaves out from `environment`.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ArchiveError) {
        guard Self.isPostgres(text), let schemeEnd = text.range(of: "://") else {
            throw ArchiveError("not a postgres:// URL: \(text)")
        }
        var rest = String(text[schemeEnd.upperBound...])
        var query: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard let key = kv.first.flatMap(Self.decode) else { continue }
                query[key] = kv.count > 1 ? Self.decode(kv[1]) ?? kv[1] : ""
            }
            rest = String(rest[..<q])
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[rest.index(after: slash)...])
            rest = String(rest[..<slash])
        }
        var userInfo: String?
        if let at = rest.lastIndex(of: "@") {
            userInfo = String(rest[..<at])
            rest = String(rest[rest.index(after: at)...])
        }
        var urlUser: String?, urlPassword: String?
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            urlUser = parts.first.flatMap(Self.decode).flatMap { $0.isEmpty ? nil : $0 }
            urlPassword = parts.count > 1 ? Self.decode(parts[1]) : nil
        }
        var urlHost: String?, urlPort: String?
        if rest.hasPrefix("[") , let close = rest.firstIndex(of: "]") {
            // [IPv6]:port
            urlHost = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { urlPort = String(after.dropFirst()) }
        } else if let colon = rest.lastIndex(of: ":") {
            urlHost = String(rest[..<colon]); urlPort = String(rest[rest.index(after: colon)...])
        } else if !rest.isEmpty {
            urlHost = rest
        }
        func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        let hostValue = nonEmpty(query["host"]) ?? nonEmpty(urlHost.flatMap(Self.decode)) ?? nonEmpty(environment["PGHOST"]) ?? "/var/run/postgresql"
        let portText = nonEmpty(query["port"]) ?? nonEmpty(urlPort) ?? nonEmpty(environment["PGPORT"]) ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else { throw ArchiveError("\(Self.redacted(text)): bad port \(portText)") }
        let userValue = nonEmpty(query["user"]) ?? urlUser ?? nonEmpty(environment["PGUSER"]) ?? Self.loginName()
        let modeText = nonEmpty(query["sslmode"]) ?? nonEmpty(environment["PGSSLMODE"]) ?? "prefer"
        guard let mode = SSLMode(rawValue: modeText) else {
            throw ArchiveError("\(Self.redacted(text)): sslmode must be disable, allow, prefer, require, verify-ca or verify-full")
        }
        host = hostValue
        self.port = port
        user = userValue
        password = query["password"] ?? urlPassword ?? environment["PGPASSWORD"]
        database = nonEmpty(Self.decode(path)) ?? nonEmpty(query["dbname"]) ?? nonEmpty(environment["PGDATABASE"]) ?? userValue
        sslMode = mode
    }

    /// The URL as messages show it: never the password.
    public var display: String {
        let h = host.hasPrefix("/") ? "" : (host.contains(":") ? "[\(host)]" : host)
        return "postgres://\(user)@\(h):\(port)/\(database)" + (host.hasPrefix("/") ? "?host=\(host)" : "")
    }

    /// `text` with any password replaced by `***`.
    public static func redacted(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let authorityEnd = text[schemeEnd.upperBound...].firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
        let authority = text[schemeEnd.upperBound..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
        return String(text[..<authority.index(after: colon)]) + "***" + String(text[at...])
    }

    /// postgres-nio's configuration for this URL.
    func configuration() throws(ArchiveError) -> PostgresConnection.Configuration {
        var config: PostgresConnection.Configuration
        if host.hasPrefix("/") {
            config = .init(unixSocketPath: host + "/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            do {
                switch sslMode {
                case .disable:
                    tls = .disable
                case .allow, .prefer, .require:
                    // As libpq: encrypted, the server's certificate not checked (verify-ca/verify-full check it).
                    var c = TLSConfiguration.makeClientConfiguration()
                    c.certificateVerification = .none
                    let context = try NIOSSLContext(configuration: c)
                    tls = sslMode == .require ? .require(context) : .prefer(context)
                case .verifyCA, .verifyFull:
                    var c = TLSConfiguration.makeClientConfiguration()
                    c.certificateVerification = sslMode == .verifyFull ? .fullVerification : .noHostnameVerification
                    tls = .require(try NIOSSLContext(configuration: c))
                }
            } catch {
                throw ArchiveError("\(display): cannot set up TLS: \(error)")
            }
            config = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        config.options.connectTimeout = .seconds(15)
        return config
    }

    private static func decode(_ s: String) -> String? { s.removingPercentEncoding }

    private static func loginName() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }
}

