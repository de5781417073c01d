import Foundation
import AccordArchive
import AccordModel

/// Corrections and decisions (accord set, accept, reject) in PostgreSQL, as the SQLite archive keeps them.
extension PostgresArchive: ReviewStore {
    public func addCorrection(_ c: Correction) throws(ArchiveError) -> Int64 {
        try archiveCall {
            try pool.with { s in
                try s.query("""
                    INSERT INTO correction (path, field, value, because, who, at, was) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                    """, [.text(SQLiteArchive.normalize(c.path)), .text(c.field), .text(c.value), .text(c.because), .text(c.who),
                          .text(c.at), .text(c.was)]).first?["id"].get(Int64.self) ?? 0
            }
        }
    }

    public func corrections(path: String?) throws(ArchiveError) -> [Correction] {
        try archiveCall {
            try pool.with { s in
                let rows = try path.map { try s.query("SELECT * FROM correction WHERE path = $1 ORDER BY id", [.text(SQLiteArchive.normalize($0))]) }
                    ?? s.query("SELECT * FROM correction ORDER BY id")
                return try rows.map {
                    Correction(id: try $0["id"].get(Int64.self), path: try $0["path"].get(String.self), field: try $0["field"].get(String.self),
                               value: try $0["value"].get(String.self), because: try $0["because"].get(String.self),
                               who: try $0["who"].get(String.self), at: try $0["at"].get(String.self), was: try $0["was"].get(String?.self))
                }
            }
        }
    }

    public func addDecision(_ d: Decision) throws(ArchiveError) {
        _ = try archiveCall {
            try pool.with { s in
                try s.execute("""
                    INSERT INTO decision (target, finding, accepted, because, who, at) VALUES ($1, $2, $3, $4, $5, $6)
                    ON CONFLICT (target, finding) DO UPDATE SET accepted = excluded.accepted, because = excluded.because,
                        who = excluded.who, at = excluded.at
                    """, [.text(d.target), .text(d.finding), .bool(d.accepted), .text(d.because), .text(d.who), .text(d.at)])
            }
        }
    }

    public func decisions() throws(ArchiveError) -> [Decision] {
        try archiveCall {
            try pool.with { s in
                try s.query("SELECT * FROM decision ORDER BY target COLLATE \"C\", finding COLLATE \"C\"").map {
                    Decision(target: try $0["target"].get(String.self), finding: try $0["finding"].get(String.self),
                             accepted: try $0["accepted"].get(Bool.self), because: try $0["because"].get(String.self),
                             who: try $0["who"].get(String.self), at: try $0["at"].get(String.self))
                }
            }
        }
    }
}
