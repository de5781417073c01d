import Testing
import Foundation
@testable import AccordArchivePostgres
import AccordArchive

/// `--db postgres://…` read as libpq reads it (no server needed).
@Suite struct PostgresURLTests {
    @Test func fullURL() throws {
        let u = try PostgresURL("postgres://alice:s%40cret@db.example:6543/archive?sslmode=require", environment: [:])
        #expect(u.host == "db.example" && u.port == 6543 && u.user == "alice" && u.password == "s@cret")
        #expect(u.database == "archive" && u.sslMode == .require)
        #expect(u.display == "postgres://alice@db.example:6543/archive")
    }

    @Test func missingPartsComeFromTheEnvironmentThenDefaults() throws {
        let env = ["PGHOST": "pg.internal", "PGPORT": "5433", "PGUSER": "bob", "PGPASSWORD": "pw", "PGDATABASE": "acc", "PGSSLMODE": "disable"]
        let u = try PostgresURL("postgresql://", environment: env)
        #expect(u.host == "pg.internal" && u.port == 5433 && u.user == "bob" && u.password == "pw" && u.database == "acc" && u.sslMode == .disable)
        let d = try PostgresURL("postgres:///", environment: ["USER": "x"])
        #expect(d.host == "/var/run/postgresql" && d.port == 5432 && d.sslMode == .prefer && d.database == d.user)
        let s = try PostgresURL("postgres://carol@/db?host=/tmp/sock", environment: [:])
        #expect(s.host == "/tmp/sock" && s.user == "carol" && s.database == "db")
        let v6 = try PostgresURL("postgres://u@[::1]:7000/d", environment: [:])
        #expect(v6.host == "::1" && v6.port == 7000)
    }

    @Test func badURLsAreOneLine() {
        #expect(throws: ArchiveError.self) { try PostgresURL("postgres://u@h:99999/d", environment: [:]) }
        #expect(throws: ArchiveError.self) { try PostgresURL("postgres://u@h/d?sslmode=maybe", environment: [:]) }
        #expect(!PostgresURL.isPostgres("accord.sqlite") && PostgresURL.isPostgres("PostgreSQL://x"))
        #expect(PostgresURL.redacted("postgres://a:secret@h/d") == "postgres://a:***@h/d")
    }

    @Test func searchGramsCoverAnyQueryLength() {
        let doc = Set(SearchGrams.document(["深圳市龙岗区 平湖街道", "Social Work"]))
        for q in ["龙", "龙岗", "深圳市龙岗区", "平湖街道", "social", "区 平"] {
            #expect(Set(SearchGrams.query(q)).isSubset(of: doc), "\(q)")
        }
        #expect(!Set(SearchGrams.query("岗深")).isSubset(of: doc))
    }
}
