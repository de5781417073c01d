import Foundation
import GRDB
import AccordModel

extension SQLiteArchive: ReviewStore {
    public func addCorrection(_ c: Correction) throws(ArchiveError) -> Int64 {
        try writing { db in
            try db.execute(sql: """
                INSERT INTO correction (path, field, value, because, who, at, was) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [Self.normalize(c.path), c.field, c.value, c.because, c.who, c.at, c.was])
            return db.lastInsertedRowID
        }
    }

    public func corrections(path: String?) throws(ArchiveError) -> [Correction] {
        try reading { db in
            let rows = try path.map { try Row.fetchAll(db, sql: "SELECT * FROM correction WHERE path = ? ORDER BY id", arguments: [Self.normalize($0)]) }
                ?? Row.fetchAll(db, sql: "SELECT * FROM correction ORDER BY id")
            return rows.map {
                Correction(id: $0["id"], path: $0["path"], field: $0["field"], value: $0["value"], because: $0["because"],
                                 who: $0["who"], at: $0["at"], was: $0["was"])
            }
        }
    }

    public func addDecision(_ d: Decision) throws(ArchiveError) {
        try writing { db in
            try db.execute(sql: """
                INSERT INTO decision (target, finding, accepted, because, who, at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (target, finding) DO UPDATE SET accepted = excluded.accepted, because = excluded.because,
                    who = excluded.who, at = excluded.at
                """, arguments: [d.target, d.finding, d.accepted ? 1 : 0, d.because, d.who, d.at])
        }
    }

    public func decisions() throws(ArchiveError) -> [Decision] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM decision ORDER BY target, finding").map {
                Decision(target: $0["target"], finding: $0["finding"], accepted: ($0["accepted"] as Int) != 0,
                               because: $0["because"], who: $0["who"], at: $0["at"])
            }
        }
    }
}
