import Foundation
import GRDB
import Testing
@testable import GovLedger

/// Opens a copy of a ledger written by schema version 1 (Tests/data/ledgers/README.md says how it was made).
@Suite("Migrations")
struct MigrationTests {
    static let original = Package.root.appendingPathComponent("Tests/data/ledgers/schema-1.sqlite")
    /// The head the version-1 build printed after writing it.
    static let v1Head: (seq: Int64, hash: String) = (144, "967b30b61a611da87686a02b96c3b719754ad5b68f92f06de250655f1a5e1a77")

    /// A private copy of the version-1 ledger.
    static func copy(to directory: URL) throws -> String {
        let path = directory.appendingPathComponent("ledger.sqlite").path
        try FileManager.default.copyItem(atPath: original.path, toPath: path)
        return path
    }

    @Test("the committed ledger really is a version-1 ledger")
    func originalIsVersionOne() throws {
        let queue = try DatabaseQueue(path: Self.original.path, configuration: {
            var config = Configuration()
            config.readonly = true
            return config
        }())
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == 1)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM agencies") } == 9)
    }

    @Test("opening a version-1 ledger migrates it: the schema of schema.sql, the reference seeded, nothing lost")
    func migratesForward() throws {
        try withTemporaryDirectory { directory in
            let path = try Self.copy(to: directory)
            let ledger = try Ledger.open(at: path, actor: "migrator")
            let dump = try ledger.read { db in try SchemaDump(db) }
            #expect(dump == (try SchemaTests.referenceDump()))

            // Everything the version-1 journal covered is still there and still verifies, as a prefix.
            let verification = try ledger.verify(at: Self.v1Head)
            #expect(verification.intact, "\(verification.problems)")
            #expect(verification.seq == Self.v1Head.seq + 1)
            let last = try #require(try ledger.database.read { db in
                try JournalEntry.fetchOne(db, sql: "SELECT * FROM journal ORDER BY seq DESC LIMIT 1")
            })
            #expect(last.kind == Seed.kind)
            #expect(last.command == "migrate to schema \(Ledger.schemaVersion)")
            #expect(last.actor == "migrator")
            #expect(try ledger.count("awards") == 17)
            #expect(try ledger.count("pursuits") == 6)

            try ledger.database.read { (db: Database) throws -> Void in
                // Agencies recorded before are kept, and the reference does not duplicate them: by code (ICE,
                // DHS, GSA) or by name and level (the Department of Justice typed in without a code).
                for (column, code) in [("subtier_code", "7012"), ("cgac_code", "070"), ("cgac_code", "047")] {
                    #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM agencies WHERE \(column) = ?",
                                             arguments: [code]) == 1)
                }
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM agencies WHERE match_key = ?",
                                         arguments: [MatchKey.agency("Department of Justice")]) == 1)
                #expect(try Int.fetchOne(db, sql: "SELECT id FROM agencies WHERE subtier_code = '7012'") == 2)
                // The FBI (1549) is seeded under the Justice Department already in the ledger.
                #expect(try Int.fetchOne(db, sql: "SELECT parent_id FROM agencies WHERE subtier_code = '1549'") == 9)
                // The typed-in department keeps what the journalist wrote.
                #expect(try String.fetchOne(db, sql: "SELECT cgac_code FROM agencies WHERE id = 9") == nil)
            }
            #expect(try ledger.count("agencies") < 9 + AgencyReference.departmentList.count
                    + AgencyReference.subtierList.count)
        }
    }

    @Test("schema 3: a migrated ledger takes FREC toptiers and funding agencies, and its old head still verifies")
    func schemaThree() throws {
        try withTemporaryDirectory { directory in
            let path = try Self.copy(to: directory)
            let ledger = try Ledger.open(at: path, actor: "migrator")
            let columns = try ledger.read { db in
                (try db.columns(in: "agencies").map(\.name), try db.columns(in: "awards").map(\.name))
            }
            #expect(columns.0.contains("frec_code") && columns.1.contains("funding_agency_id"))
            let summary = try ledger.importUSAspending(
                path: "covid.csv", data: try USAspendingData.data("multi-agency-covid-fy2021-award-summaries-trimmed.csv"))
            #expect(summary.rejected.isEmpty)
            #expect(try ledger.database.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM agencies WHERE frec_code IS NOT NULL")
            } ?? 0 >= 4)
            let verification = try ledger.verify(at: Self.v1Head)
            #expect(verification.intact, "\(verification.problems.prefix(3))")
        }
    }

    @Test("schema 13: a ledger of the version before gains the approximation columns, its records and journal untouched")
    func schemaThirteen() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ledger.sqlite").path
            let created = try Ledger.create(at: path, actor: "t")
            try created.addVendor(name: "Salesforce")
            _ = try created.addEvent(kind: .petition, title: "Petition", date: try date("2026-02"), signatures: 900)
            _ = try created.addPursuit(vendor: "Salesforce", agency: "ICE", title: "Agentforce", kind: .other,
                                       date: try date("..2025-08-26"),
                                       estimatedValue: Money(cents: 120_000_000, currency: "USD"))
            let head = try created.head()
            // Back to what version 12 wrote: the columns gone, so steps 13 and 14 run (14 rebuilds an index that
            // is already its own, which changes nothing here).
            let queue = try DatabaseQueue(path: path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: """
                    ALTER TABLE events DROP COLUMN signatures_qualifier;
                    ALTER TABLE pursuits DROP COLUMN estimated_value_qualifier;
                    PRAGMA user_version = 12;
                    """)
            }
            try queue.close()
            let ledger = try Ledger.open(at: path, actor: "migrator")
            #expect(try ledger.read { db in try SchemaDump(db) } == (try SchemaTests.referenceDump()))
            let verification = try ledger.verify(at: (head.seq, head.hash))
            #expect(verification.intact, "\(verification.problems.prefix(3))")
            _ = try ledger.addEvent(kind: .letter, title: "Letter", date: try date("2026"), signatures: 1400,
                                    signaturesQualifier: .moreThan)
            #expect(try ledger.read { db in
                try String.fetchOne(db, sql: "SELECT signatures_qualifier FROM events WHERE title = 'Letter'")
            } == "more than")
            #expect(try ledger.verify().intact)
            // The schema holds a word to a number beside it and to the documented set.
            try ledger.database.write { db in
                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: "UPDATE events SET signatures = NULL WHERE title = 'Letter'")
                }
                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: "UPDATE events SET signatures_qualifier = 'roughly' WHERE title = 'Letter'")
                }
                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: "UPDATE pursuits SET estimated_value_qualifier = 'about', estimated_value_cents = NULL, currency = NULL")
                }
            }
        }
    }

    @Test("schema 13 from version 1: a migrated ledger takes approximate figures and its old head still verifies")
    func schemaThirteenFromOne() throws {
        try withTemporaryDirectory { directory in
            let path = try Self.copy(to: directory)
            let ledger = try Ledger.open(at: path, actor: "migrator")
            _ = try ledger.addEvent(kind: .petition, title: "Google employees petition", date: try date("2025-01-20.."),
                                    signatures: 900, signaturesQualifier: .nearly)
            #expect(try ledger.list(.event).rows.contains { $0.contains(.approximate(900, .nearly)) })
            #expect(try ledger.verify(at: Self.v1Head).intact)
        }
    }

    @Test("a migrated ledger opens again without migrating twice")
    func migratesOnce() throws {
        try withTemporaryDirectory { directory in
            let path = try Self.copy(to: directory)
            let first = try Ledger.open(at: path).head()
            let second = try Ledger.open(at: path).head()
            #expect(first == second)
        }
    }

    @Test("a command refused on bad input leaves a version-1 ledger byte for byte as it was: the migration is part of its transaction")
    func failedCommandDoesNotMigrate() throws {
        try withTemporaryDirectory { directory in
            let path = try Self.copy(to: directory)
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            let ledger = try Ledger.open(at: path)
            #expect(throws: LedgerError.self) { try ledger.addVendor(name: "") }
            #expect(throws: LedgerError.self) { try ledger.stage("999", to: .awarded, on: try LedgerDate(parsing: "2026", field: "date")) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            // The next good write migrates and records itself, in one transaction.
            try ledger.addVendor(name: "After Migration Inc")
            let version = try ledger.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
            #expect(version == Ledger.schemaVersion)
            #expect(try ledger.verify(at: Self.v1Head).intact)
        }
    }

    @Test("schema 12: a version-11 ledger gains the watch tables, journals nothing, and keeps its head")
    func schemaTwelve() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ledger.sqlite").path
            let created = try Ledger.create(at: path, actor: "migrator")
            try created.addVendor(name: "Salesforce")
            let head = try created.head()
            // Back to version 11 exactly: the two tables version 12 added are dropped, and version 13's columns.
            try created.database.writeWithoutTransaction { db in
                try db.execute(sql: """
                    DROP TABLE watch_marks; DROP TABLE watches;
                    ALTER TABLE events DROP COLUMN signatures_qualifier;
                    ALTER TABLE pursuits DROP COLUMN estimated_value_qualifier;
                    PRAGMA user_version = 11
                    """)
            }
            let ledger = try Ledger.open(at: path, actor: "migrator")
            #expect(try ledger.head() == head)
            #expect(try ledger.read { db in try SchemaDump(db) } == (try SchemaTests.referenceDump()))
            #expect(try ledger.head() == head)
            try ledger.addWatch(Watch(name: "salesforce", filter: Filter(vendor: "Salesforce")))
            #expect(try ledger.head() == head)
            let verification = try ledger.verify(at: head)
            #expect(verification.intact, "\(verification.problems.prefix(3))")
        }
    }

    @Test("schema 14: a version-13 ledger's vendor index gains agency_id, and its head still verifies")
    func schemaFourteen() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ledger.sqlite").path
            let created = try Ledger.create(at: path, actor: "migrator")
            try created.addVendor(name: "Salesforce")
            _ = try created.addAward(vendor: "Salesforce", agency: "ICE", obligatedCents: 100, date: try date("2020-03"))
            let head = try created.head()
            // Back to version 13 exactly: the vendor's covering index without agency_id.
            try created.database.writeWithoutTransaction { db in
                try db.execute(sql: """
                    DROP INDEX awards_vendor_date;
                    CREATE INDEX awards_vendor_date ON awards(vendor_id, date_from, date_to, currency, obligated_cents, potential_cents, retraction);
                    PRAGMA user_version = 13
                    """)
            }
            let ledger = try Ledger.open(at: path, actor: "migrator")
            #expect(try ledger.read { db in try SchemaDump(db) } == (try SchemaTests.referenceDump()))
            #expect(try ledger.read { db in try db.indexes(on: "awards").first { $0.name == "awards_vendor_date" }?.columns.last } == "agency_id")
            let verification = try ledger.verify(at: head)
            #expect(verification.intact, "\(verification.problems.prefix(3))")
        }
    }
}
