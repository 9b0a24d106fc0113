import Foundation
import GRDB

/// The parts of a ledger that no journal entry covers but that every answer depends on: the schema itself
/// (tables, indexes, triggers, views), the reference rows `schema.sql` writes (the administrations), and the
/// full-text indexes. A trigger planted with the sqlite3 shell would otherwise rewrite records under a
/// legitimate command, and a dropped append-only trigger would let the journal be edited.
///
/// `verify` reports every problem found here; `Ledger.write` refuses to write on a ledger that has any of the
/// structural ones, so nothing is ever journaled on top of them.
enum Integrity {
    /// One schema object as SQLite records it.
    struct SchemaObject: Hashable, Sendable {
        var type: String
        var name: String
        var table: String
        var sql: String?
    }

    /// The schema objects and reference rows that `schema.sql` creates, computed once on a bare in-memory
    /// database so that the comparison never depends on GovLedger code that could drift from the file.
    struct Expected: Sendable {
        var objects: [String: SchemaObject]
        var administrations: [[String?]]
    }

    static let expected: Expected? = {
        guard let queue = try? DatabaseQueue() else { return nil }
        return try? queue.write { db in
            try db.execute(sql: Ledger.schemaSQL)
            return Expected(objects: try objects(db), administrations: try administrations(db))
        }
    }()

    static func objects(_ db: Database) throws -> [String: SchemaObject] {
        var result: [String: SchemaObject] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master")
        while let row = try rows.next() {
            let object = SchemaObject(type: try row.decode(forColumn: "type"), name: try row.decode(forColumn: "name"),
                                      table: try row.decode(forColumn: "tbl_name"), sql: try row.decode(forColumn: "sql"))
            result[object.type + " " + object.name] = object
        }
        return result
    }

    static func administrations(_ db: Database) throws -> [[String?]] {
        try Row.fetchAll(db, sql: "SELECT slug, name, president, starts_on, ends_on FROM administrations ORDER BY slug")
            .map { row in try (0..<5).map { try row.decode(String?.self, atIndex: $0) } }
    }

    /// Schema objects added, dropped or altered, and reference rows changed: one problem each. Record
    /// content never appears in a message, only the names of schema objects.
    static func structuralProblems(_ db: Database) throws -> [Verification.Problem] {
        guard let expected else {
            return [.init(kind: "schema", ref: 0, message: "schema.sql could not be built to compare with", fields: [])]
        }
        var problems: [Verification.Problem] = []
        let actual = try objects(db)
        for key in Set(actual.keys).union(expected.objects.keys).sorted() {
            switch (expected.objects[key], actual[key]) {
            case (nil, let object?):
                problems.append(.init(kind: "schema", ref: 0,
                                      message: "\(object.type) \(LedgerError.quote(object.name)) is not in schema.sql (added behind the journal's back)",
                                      fields: [object.name]))
            case (let object?, nil):
                problems.append(.init(kind: "schema", ref: 0,
                                      message: "\(object.type) \(LedgerError.quote(object.name)) of schema.sql is missing (dropped behind the journal's back)",
                                      fields: [object.name]))
            case (let want?, let have?) where want != have:
                problems.append(.init(kind: "schema", ref: 0,
                                      message: "\(have.type) \(LedgerError.quote(have.name)) differs from schema.sql (altered behind the journal's back)",
                                      fields: [have.name]))
            default:
                break
            }
        }
        // Only read the administrations when their table is as schema.sql made it: otherwise the query itself
        // could fail on a dropped column, and that problem is already reported above.
        if actual["table administrations"] == expected.objects["table administrations"] {
            do {
                if try administrations(db) != expected.administrations {
                    problems.append(.init(kind: "schema", ref: 0,
                                          message: "the administrations table differs from schema.sql's (edited behind the journal's back)",
                                          fields: ["administrations"]))
                }
            } catch {
                problems.append(.init(kind: "schema", ref: 0, message: "the administrations table cannot be read",
                                      fields: ["administrations"]))
            }
        }
        return problems
    }

    /// Full-text indexes that no longer cover exactly their records: a row deleted from an index hides a
    /// record from `search`, a row inserted invents a hit. Each external-content index keeps one `_docsize`
    /// row per indexed record, so the two id sets must be equal. (FTS5's own 'integrity-check' is a write
    /// statement, which a read-only ledger or a read transaction cannot run.)
    static func fullTextProblems(_ db: Database) throws -> [Verification.Problem] {
        guard let expected else { return [] }
        var problems: [Verification.Problem] = []
        let tables = expected.objects.values.filter { $0.type == "table" && ($0.sql ?? "").contains("USING fts5") }
            .map(\.name).sorted()
        for table in tables where table.hasSuffix("_fts") {
            let content = String(table.dropLast(4))
            guard try db.tableExists(table + "_docsize"), try db.tableExists(content) else { continue }
            let differing = try differingIds(db, "SELECT id FROM \(content) ORDER BY id", "SELECT id FROM \(table)_docsize ORDER BY id")
            if differing > 0 {
                problems.append(.init(kind: "schema", ref: 0,
                                      message: "the full-text index \(LedgerError.quote(table)) does not cover exactly its records (\(differing) differ; edited behind the journal's back)",
                                      fields: [table]))
            }
        }
        return problems
    }

    /// How many ids are in only one of two id-ordered queries: one merge walk of both. SQLite's `EXCEPT` sorts
    /// each side into a temporary b-tree first, which at a million awards was 5 of verify's CPU seconds.
    static func differingIds(_ db: Database, _ a: String, _ b: String) throws -> Int {
        let left = try Int64.fetchCursor(db, sql: a)
        let right = try Int64.fetchCursor(db, sql: b)
        var differing = 0
        var x = try left.next()
        var y = try right.next()
        while x != nil || y != nil {
            if let l = x, let r = y, l == r {
                x = try left.next()
                y = try right.next()
            } else if let l = x, y.map({ l < $0 }) ?? true {
                // Only in the first.
                differing += 1
                x = try left.next()
            } else {
                // Only in the second.
                differing += 1
                y = try right.next()
            }
        }
        return differing
    }

    /// Refuses a write on a ledger whose schema or reference rows were altered: a planted trigger would run
    /// under the command and its effects would be journaled as the user's.
    static func requireIntactStructure(_ db: Database) throws {
        if let first = try structuralProblems(db).first {
            throw LedgerError.refused("the ledger's schema was changed behind the journal's back: \(first.message); run 'govledger verify'")
        }
    }

    /// SQLite's own check of the file: every index holds exactly its table's rows (an index rebuilt partial
    /// behind the journal's back makes reports leave awards out), pages and records are well formed.
    /// Messages name tables, indexes and row numbers only.
    static func storageProblems(_ db: Database) throws -> [Verification.Problem] {
        // quick_check reads every page (structure and records); integrity_check(TABLE) adds, table by table, that
        // each index holds exactly its rows, by a lookup per row and index: for the bulk tables, where that is most
        // of verify's time at a million awards, `IndexDigest` proves the same with one scan of each.
        var found = try String.fetchAll(db, sql: "PRAGMA quick_check(10)").filter { $0 != "ok" }
        if found.isEmpty {
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
            for table in tables where found.count < 10 {
                found += IndexDigest.bulkTables.contains(table) ? try IndexDigest.problems(db, table: table)
                    : try String.fetchAll(db, sql: "PRAGMA integrity_check(\(table.quotedDatabaseIdentifier))").filter { $0 != "ok" }
            }
        }
        return found.prefix(10).map { line in
            .init(kind: "schema", ref: 0,
                  message: "SQLite's integrity check fails: \(LedgerError.quote(line)) (changed behind the journal's back, or a damaged file)",
                  fields: [])
        }
    }

    /// Checks that need a write transaction, which is rolled back: the full-text indexes' content against
    /// their records (FTS5 'integrity-check'), and the schema's CHECK and NOT NULL constraints on every row
    /// of the journalists' tables (rows written with `PRAGMA ignore_check_constraints` pass every read). A
    /// ledger that cannot be written (a read-only folder) skips them; `skipped` says so.
    static func writeCheckedProblems(_ writer: any DatabaseWriter) throws -> (problems: [Verification.Problem], skipped: Bool) {
        guard let expected else { return ([], true) }
        let tables = expected.objects.values.filter { $0.type == "table" }.map(\.name)
        var problems: [Verification.Problem] = []
        do {
            try writer.writeWithoutTransaction { db in
                try db.inTransaction(.deferred) {
                    for table in tables.sorted() where table.hasSuffix("_fts") {
                        do {
                            try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('integrity-check', 1)")
                        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_READONLY {
                            throw error
                        } catch {
                            problems.append(.init(kind: "schema", ref: 0,
                                                  message: "the full-text index \(LedgerError.quote(table)) does not match its records (edited behind the journal's back)",
                                                  fields: [table]))
                        }
                    }
                    // Awards and their transactions (millions, imported) and the append-only journal are left out: rewriting every
                    // row would cost more than the rest of verify.
                    for table in tables.sorted() where !table.contains("_fts") && !["awards", "award_transactions", "journal", "administrations"].contains(table) {
                        let columns = try db.columns(in: table).map(\.name)
                        let assignments = columns.map { "\($0.quotedDatabaseIdentifier) = \($0.quotedDatabaseIdentifier)" }
                            .joined(separator: ", ")
                        do {
                            try db.execute(sql: "UPDATE \(table.quotedDatabaseIdentifier) SET \(assignments)")
                        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_READONLY {
                            throw error
                        } catch let error as DatabaseError {
                            problems.append(.init(kind: "schema", ref: 0,
                                                  message: "a row of \(LedgerError.quote(table)) breaks the schema's constraints (\(error.resultCode.primaryResultCode == .SQLITE_CONSTRAINT ? "a CHECK, NOT NULL or parent rule" : "SQLite refused it"); written behind the journal's back)",
                                                  fields: [table]))
                        }
                    }
                    return .rollback
                }
            }
            return (problems, false)
        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_READONLY {
            return ([], true)
        }
    }
}
