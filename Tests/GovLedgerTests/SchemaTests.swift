import Foundation
import GRDB
import Testing
@testable import GovLedger

/// Everything SQLite knows about a database's schema.
struct SchemaDump: Equatable, CustomStringConvertible {
    /// `type | name | tbl_name | sql` for every entry of sqlite_master, ordered by type and name.
    var entries: [[String?]]
    var userVersion: Int

    init(_ db: Database) throws {
        entries = try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            .map { row -> [String?] in [row["type"], row["name"], row["tbl_name"], row["sql"]] }
        userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? -1
    }

    var names: [String] { entries.compactMap { $0[1] } }

    var description: String {
        entries.map { $0.map { $0 ?? "NULL" }.joined(separator: " | ") }.joined(separator: "\n")
            + "\nuser_version = \(userVersion)"
    }
}

@Suite("Schema")
struct SchemaTests {
    /// The text of schema.sql as it is on disk.
    static func schemaText() throws -> String {
        try String(contentsOfFile: Package.schemaPath, encoding: .utf8)
    }

    /// The schema built by running schema.sql on a bare database, without any GovLedger code.
    static func referenceDump() throws -> SchemaDump {
        let queue = try DatabaseQueue()
        let sql = try schemaText()
        try queue.write { db in try db.execute(sql: sql) }
        return try queue.read { db in try SchemaDump(db) }
    }

    @Test("the embedded schema is schema.sql, byte for byte")
    func embeddedSchema() throws {
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: Package.schemaPath))
        #expect(Data(Ledger.schemaSQL.utf8) == onDisk)
    }

    @Test("the reference schema has the tables, triggers and version we rely on")
    func referenceIsMeaningful() throws {
        let reference = try Self.referenceDump()
        #expect(reference.userVersion == Ledger.schemaVersion)
        for name in dataTables + ["administrations", "agencies_no_parent_cycle", "vendors_no_parent_cycle",
                                  "pursuits_fts", "documents_fts", "citations_fts", "documents_fts_insert"] {
            #expect(reference.names.contains(name), "schema.sql defines \(name)")
        }
    }

    @Test("an in-memory ledger has exactly the schema of schema.sql")
    func inMemoryMatches() throws {
        let ledger = try Ledger.inMemory()
        let dump = try ledger.database.read { db in try SchemaDump(db) }
        #expect(dump == (try Self.referenceDump()))
    }

    @Test("a ledger file has exactly the schema of schema.sql")
    func fileMatches() throws {
        try withTemporaryDirectory { directory in
            let ledger = try Ledger.create(at: directory.appendingPathComponent("ledger.sqlite").path)
            let dump = try ledger.database.read { db in try SchemaDump(db) }
            #expect(dump == (try Self.referenceDump()))
        }
    }

    @Test("foreign keys are enforced in memory and on file")
    func foreignKeysOn() throws {
        let memory = try Ledger.inMemory()
        #expect(try memory.database.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
        try withTemporaryDirectory { directory in
            let file = try Ledger.create(at: directory.appendingPathComponent("ledger.sqlite").path)
            #expect(try file.database.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
            #expect(try file.database.write { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
        }
    }

    @Test("Administration.all is exactly the administrations table")
    func administrationsMatchTable() throws {
        let ledger = try Ledger.inMemory()
        let rows = try ledger.database.read { db in
            try Row.fetchAll(db, sql: "SELECT slug, name, president, starts_on, ends_on FROM administrations ORDER BY starts_on")
        }
        let fromTable = rows.map { row in
            Administration(slug: row["slug"], name: row["name"], president: row["president"], startsOn: row["starts_on"],
                           endsOn: row["ends_on"])
        }
        #expect(fromTable == Administration.all)
        #expect(fromTable.count == 6)
    }
}
