import GRDB
import Testing
@testable import GovLedger

/// A change made with raw SQL that SQLite itself must refuse.
struct RawChange: Sendable, CustomTestStringConvertible {
    /// `restrict` is an ON DELETE RESTRICT foreign key: SQLite reports it through its trigger machinery.
    enum Rule: Sendable { case check, foreignKey, restrict, trigger, unique, datatype }
    let name: String
    let sql: String
    let rule: Rule
    var testDescription: String { name }

    var extendedCode: ResultCode? {
        switch rule {
        case .check: .SQLITE_CONSTRAINT_CHECK
        case .foreignKey: .SQLITE_CONSTRAINT_FOREIGNKEY
        case .trigger, .restrict: .SQLITE_CONSTRAINT_TRIGGER
        case .unique: .SQLITE_CONSTRAINT_UNIQUE
        case .datatype: nil
        }
    }
}

@Suite("Constraints in the schema")
struct ConstraintTests {
    static let pursuitColumns = "vendor_id, agency_id, title, kind, stage, estimated_value_cents, currency, date, date_from, date_to"

    static let refused: [RawChange] = [
        RawChange(name: "citation with no target", sql: "INSERT INTO citations (source_id) VALUES (1)", rule: .check),
        RawChange(name: "citation with two targets",
                  sql: "INSERT INTO citations (source_id, agency_id, vendor_id) VALUES (1, 1, 1)", rule: .check),
        RawChange(name: "citation of a missing pursuit",
                  sql: "INSERT INTO citations (source_id, pursuit_id) VALUES (1, 999)", rule: .foreignKey),
        RawChange(name: "citation of a missing source",
                  sql: "INSERT INTO citations (source_id, pursuit_id) VALUES (999, 1)", rule: .foreignKey),
        RawChange(name: "citation with page 0", sql: "INSERT INTO citations (source_id, pursuit_id, page) VALUES (1, 1, 0)",
                  rule: .check),
        RawChange(name: "pursuit in an unknown stage", sql: "UPDATE pursuits SET stage = 'won' WHERE id = 1", rule: .check),
        RawChange(name: "stage change in a wrongly cased stage", sql: """
            INSERT INTO stage_changes (pursuit_id, stage, date, date_from, date_to)
            VALUES (1, 'Lead', '2025', '2025-01-01', '2025-12-31')
            """, rule: .check),
        RawChange(name: "agency parent cycle DHS → ICE → DHS", sql: "UPDATE agencies SET parent_id = 885 WHERE id = 56",
                  rule: .trigger),
        RawChange(name: "agency its own parent", sql: "UPDATE agencies SET parent_id = id WHERE id = 1", rule: .trigger),
        RawChange(name: "new agency its own parent", sql: """
            INSERT INTO agencies (id, name, level, parent_id, match_key) VALUES (10, 'x', 'office', 10, 'x')
            """, rule: .check),
        RawChange(name: "vendor parent cycle Salesforce → Slack → Salesforce",
                  sql: "UPDATE vendors SET parent_id = 2 WHERE id = 1", rule: .trigger),
        RawChange(name: "pursuit with an estimated value but no currency", sql: """
            INSERT INTO pursuits (\(pursuitColumns))
            VALUES (1, 2, 'x', 'other', 'lead', 100, NULL, '2025', '2025-01-01', '2025-12-31')
            """, rule: .check),
        RawChange(name: "pursuit with a currency but no value", sql: """
            INSERT INTO pursuits (\(pursuitColumns))
            VALUES (1, 2, 'x', 'other', 'lead', NULL, 'USD', '2025', '2025-01-01', '2025-12-31')
            """, rule: .check),
        RawChange(name: "pursuit with a lower-case currency", sql: """
            INSERT INTO pursuits (\(pursuitColumns))
            VALUES (1, 2, 'x', 'other', 'lead', 100, 'usd', '2025', '2025-01-01', '2025-12-31')
            """, rule: .check),
        RawChange(name: "pursuit whose range ends before it starts", sql: """
            INSERT INTO pursuits (\(pursuitColumns))
            VALUES (1, 2, 'x', 'other', 'lead', NULL, NULL, 'x', '2025-12-31', '2025-01-01')
            """, rule: .check),
        RawChange(name: "pursuit of a missing vendor", sql: """
            INSERT INTO pursuits (\(pursuitColumns))
            VALUES (999, 2, 'x', 'other', 'lead', NULL, NULL, '2025', '2025-01-01', '2025-12-31')
            """, rule: .foreignKey),
        RawChange(name: "pursuit with a blank title", sql: "UPDATE pursuits SET title = '   ' WHERE id = 1", rule: .check),
        RawChange(name: "source with a date but no range", sql: "INSERT INTO sources (kind, title, date) VALUES ('other', 't', '2025')",
                  rule: .check),
        RawChange(name: "source confidential = 2", sql: "UPDATE sources SET confidential = 2 WHERE id = 1", rule: .check),
        RawChange(name: "vendor with a lower-case UEI",
                  sql: "INSERT INTO vendors (name, uei, match_key) VALUES ('x', 'abcdefgh1234', 'x')", rule: .check),
        RawChange(name: "document with an upper-case digest", sql: """
            UPDATE documents SET sha256 = 'ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB' WHERE id = 1
            """, rule: .check),
        RawChange(name: "document link with two targets",
                  sql: "INSERT INTO document_links (document_id, vendor_id, agency_id) VALUES (1, 1, 2)", rule: .check),
        RawChange(name: "agency at an unknown level", sql: "UPDATE agencies SET level = 'bureau' WHERE id = 2", rule: .check),
        RawChange(name: "two agencies with one CGAC code", sql: "UPDATE agencies SET cgac_code = '070' WHERE id = 4",
                  rule: .unique),
        RawChange(name: "deleting a vendor that has pursuits", sql: "DELETE FROM vendors WHERE id = 1", rule: .restrict),
        RawChange(name: "deleting a cited source", sql: "DELETE FROM sources WHERE id = 1", rule: .restrict),
        RawChange(name: "text in an integer column (STRICT)",
                  sql: "UPDATE events SET signatures = 'many' WHERE id = 9", rule: .datatype),
    ]

    @Test("SQLite refuses what the schema forbids, and the ledger is unchanged", arguments: refused)
    func refuses(_ change: RawChange) throws {
        let ledger = try Fixture.ledger()
        let before = try ledger.exportFile(includeConfidential: true)
        let error = try #require(throws: DatabaseError.self) { try ledger.rawWrite(change.sql) }
        #expect(error.resultCode == .SQLITE_CONSTRAINT, "\(error)")
        if let code = change.extendedCode {
            #expect(error.extendedResultCode == code, "\(error)")
        }
        if change.rule == .restrict {
            #expect(error.message == "FOREIGN KEY constraint failed")
        }
        #expect(try ledger.exportFile(includeConfidential: true) == before)
    }

    @Test("the cycle triggers say what is wrong, at any depth")
    func cycleMessages() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        let top = try ledger.addAgency(name: "Top", level: .department)
        let middle = try ledger.addAgency(name: "Middle", level: .subagency, parent: String(top))
        let bottom = try ledger.addAgency(name: "Bottom", level: .office, parent: String(middle))
        let error = try #require(throws: DatabaseError.self) {
            try ledger.rawWrite("UPDATE agencies SET parent_id = ? WHERE id = ?", [bottom, top])
        }
        #expect(error.message == "agency parent would form a cycle")
        // Re-parenting without a cycle is fine.
        try ledger.rawWrite("UPDATE agencies SET parent_id = ? WHERE id = ?", [top, bottom])
        #expect(try ledger.exportFile().agencies.first { $0.id == bottom }?.parentId == top)

        let parent = try ledger.addVendor(name: "Parent")
        let child = try ledger.addVendor(name: "Child", parent: "Parent")
        let vendorError = try #require(throws: DatabaseError.self) {
            try ledger.rawWrite("UPDATE vendors SET parent_id = ? WHERE id = ?", [child, parent])
        }
        #expect(vendorError.message == "vendor parent would form a cycle")
    }

    @Test("the same raw statements succeed when the data is right")
    func positiveControl() throws {
        let ledger = try Fixture.ledger()
        try ledger.rawWrite("INSERT INTO citations (source_id, pursuit_id, page) VALUES (1, 1, 1)")
        try ledger.rawWrite("""
            INSERT INTO pursuits (\(Self.pursuitColumns))
            VALUES (1, 2, 'x', 'other', 'lead', 100, 'USD', '2025', '2025-01-01', '2025-12-31')
            """)
        try ledger.rawWrite("UPDATE agencies SET parent_id = 4 WHERE id = 1")
        #expect(try ledger.count("citations") == 70)
        #expect(try ledger.count("pursuits") == 7)
    }

    @Test("deleting a pursuit takes its history, links and citations with it; nothing dangles")
    func cascade() throws {
        let ledger = try Fixture.ledger()
        try ledger.rawWrite("DELETE FROM pursuits WHERE id = 1")
        func count(_ sql: String) throws -> Int? { try ledger.database.read { db in try Int.fetchOne(db, sql: sql) } }
        #expect(try ledger.database.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)
        #expect(try count("SELECT count(*) FROM stage_changes WHERE pursuit_id = 1") == 0)
        #expect(try count("SELECT count(*) FROM citations WHERE pursuit_id = 1 OR stage_change_id = 1") == 0)
        #expect(try count("SELECT count(*) FROM document_links WHERE pursuit_id = 1") == 0)
        #expect(try count("SELECT count(*) FROM solicitations") == 1)
        #expect(try count("SELECT count(*) FROM citations") == 69 - 5)
        #expect(try ledger.search("talent acquisition").rows.allSatisfy { $0[0] != .text("pursuit") || $0[1] != .int(1) })
    }

    @Test("a name written as SQL is stored verbatim and runs nothing")
    func injection() throws {
        let ledger = try Fixture.ledger()
        let name = "Robert'); DROP TABLE vendors;--"
        let id = try ledger.addVendor(name: name, aliases: ["x' OR '1'='1"])
        #expect(try ledger.read { db in try db.tableExists("vendors") })
        #expect(try ledger.count("vendors") == 9)
        #expect(try ledger.exportFile().vendors.last == Vendor(id: id, name: name, aliases: ["x' OR '1'='1"]))
        #expect(try ledger.list(.vendor).strings("name").contains(name))
        #expect(try ledger.read { db in try Ledger.vendorId(name, in: db) } == id)
        #expect(try ledger.read { db in try Ledger.vendorId("x' OR '1'='1", in: db) } == id)
        // Filters, searches and titles with quotes are bound, never spliced.
        #expect(try ledger.list(.pursuit, filter: Filter(vendor: name)).rows.isEmpty)
        #expect(try ledger.search("Robert'); DROP TABLE vendors;--").rows.isEmpty)
        #expect(throws: LedgerError.self) { try ledger.show(.pursuit, "' OR 1=1 --") }
        #expect(try ledger.count("vendors") == 9)
    }

    @Test("failed writes leave the ledger unchanged")
    func failedWritesChangeNothing() throws {
        let ledger = try Fixture.ledger()
        let before = try ledger.exportFile(includeConfidential: true)
        let counts = try ledger.counts()

        // An unknown agency: refused before anything is written.
        let unknown = try #require(throws: LedgerError.self) {
            try ledger.addPursuit(vendor: "Salesforce", agency: "Bureau of Nothing", title: "x", kind: .other,
                                  date: try date("2025"))
        }
        #expect(unknown.field == "agency")
        // An unknown source: the pursuit and its first stage change were written, then rolled back.
        #expect(throws: LedgerError.self) {
            try ledger.addPursuit(vendor: "Salesforce", agency: "ICE", title: "x", kind: .other, date: try date("2025"),
                                  sources: ["1", "no such source"])
        }
        // A currency the schema refuses: the database's refusal is reported and rolled back.
        let refused = try #require(throws: LedgerError.self) {
            try ledger.addPursuit(vendor: "Salesforce", agency: "ICE", title: "x", kind: .other, date: try date("2025"),
                                  estimatedValue: Money(cents: 100, currency: "usd"))
        }
        if case .refused = refused {} else { Issue.record("expected refused, got \(refused)") }
        // A document whose third link is unknown.
        #expect(throws: LedgerError.self) {
            try ledger.addDocument(kind: .memo, title: "x", vendors: ["Salesforce"], agencies: ["ICE", "Nowhere"])
        }
        // A vendor whose alias is given twice violates UNIQUE (vendor_id, alias) after the vendor row was written.
        #expect(throws: LedgerError.self) { try ledger.addVendor(name: "Twice", aliases: ["T", "T"]) }
        // A stage change citing a missing source.
        #expect(throws: LedgerError.self) {
            try ledger.stage("1", to: .lost, on: try date("2026"), sources: ["99"])
        }

        #expect(try ledger.counts() == counts)
        #expect(try ledger.exportFile(includeConfidential: true) == before)
        #expect(try ledger.exportFile().pursuits.first { $0.id == 1 }?.stage == .responded)
    }
}
