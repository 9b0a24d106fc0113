import Foundation
import GRDB
import Testing
@testable import GovLedger

@Suite("Agency reference seed")
struct SeedTests {
    @Test("a new ledger knows every department and sub-tier agency of the reference, as one journal entry")
    func newLedgerIsSeeded() throws {
        let ledger = try Ledger.inMemory()
        let departments = AgencyReference.departmentList.count
        let subtiers = AgencyReference.subtierList.count
        // The README's arithmetic: 1,504 rows, 135 of them a department's own row, 31 without a usable or new code.
        #expect(AgencyReference.rows.count == 1_504)
        #expect(departments == 178)
        #expect(subtiers == 1_338)
        #expect(try ledger.count("agencies") == departments + subtiers)
        let entries = try ledger.database.read { db in try JournalEntry.fetchAll(db) }
        #expect(entries.map(\.kind) == ["seed"])
        let verification = try ledger.verify()
        #expect(verification.intact, "\(verification.problems)")
        #expect(verification.recordsChecked == departments + subtiers)
    }

    @Test("every reference row with a department code or a sub-tier code is in the ledger under its department")
    func everyRowIsThere() throws {
        let ledger = try Ledger.inMemory()
        try ledger.database.read { (db: Database) throws -> Void in
            for row in AgencyReference.rows where row[0].count == 3 {
                let department = try #require(try Agency.fetchOne(db, sql: "SELECT * FROM agencies WHERE cgac_code = ?",
                                                                  arguments: [row[0]]), "CGAC \(row[0])")
                guard row[4] != row[1], row[4].count == 4 else { continue }
                let subtier = try #require(try Agency.fetchOne(db, sql: "SELECT * FROM agencies WHERE subtier_code = ?",
                                                               arguments: [row[4]]), "sub-tier \(row[4])")
                // A sub-tier code listed under two departments keeps its first.
                let first = AgencyReference.rows.first { $0[4] == row[4] && $0[4] != $0[1] }!
                if first[0] == row[0] { #expect(subtier.parentId == department.id, "sub-tier \(row[4])") }
            }
        }
    }

    @Test("--agency works before anything is recorded", arguments: [
        "ICE", "7012", "U.S. Immigration and Customs Enforcement", "Department of Homeland Security", "DHS", "070", "7000",
    ])
    func agencyFilterOnNewLedger(reference: String) throws {
        let ledger = try Ledger.inMemory()
        let table = try ledger.list(.award, filter: Filter(agency: reference))
        #expect(table.records.isEmpty)
        _ = try ledger.addVendor(name: "Salesforce")
        let pursuit = try ledger.addPursuit(vendor: "Salesforce", agency: reference, title: "Talent acquisition pitch",
                                            kind: .other, date: try date("2025-08-26"))
        let agency = try ledger.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT agency_id FROM pursuits WHERE id = ?", arguments: [pursuit])
        }
        let expected = try ledger.database.read { db in
            try Int64.fetchOne(db, sql: reference.count == 4 && reference != "7000" || reference.contains("Immigration")
                                   || reference == "ICE"
                                   ? "SELECT id FROM agencies WHERE subtier_code = '7012'"
                                   : "SELECT id FROM agencies WHERE cgac_code = '070'")
        }
        #expect(agency == expected)
        #expect(try ledger.count("agencies") == AgencyReference.departmentList.count + AgencyReference.subtierList.count)
    }

    @Test("the fixture's agencies are the reference's rows, not copies")
    func fixtureUsesReferenceRows() throws {
        let ledger = try Fixture.ledger()
        #expect(try ledger.count("agencies") == AgencyReference.departmentList.count + AgencyReference.subtierList.count)
        let ice = try ledger.database.read { db in
            try Row.fetchOne(db, sql: "SELECT count(*) AS n, min(id) AS id FROM agencies WHERE acronym = 'ICE'")!
        }
        #expect(ice["n"] as Int == 1)
        #expect(try ledger.verify().intact)
    }

    @Test("a seeded agency's fast canonical image equals the canonical form of its interchange JSON")
    func canonicalImage() throws {
        let ledger = try Ledger.inMemory()
        let agencies = try ledger.database.read { db in try Agency.fetchAll(db) }
        for agency in agencies {
            #expect(agency.canonicalImage == (try JSONValue(encoding: agency).canonical))
        }
    }

    @Test("a journaled change to a seeded agency starts from its seed image; an edit behind the journal's back is caught")
    func seededAgencyTamperingAndHistory() throws {
        let ledger = try Ledger.inMemory()
        let ice = try ledger.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM agencies WHERE subtier_code = '7012'")!
        }
        // An office under ICE, added the ordinary way, changes nothing about ICE itself.
        _ = try ledger.addAgency(name: "ICE Office of Acquisition Management", level: .office, parent: "7012",
                                 officeCode: "70CDCR")
        #expect(try ledger.verify().intact)
        #expect(try ledger.history("agency", "7012").strings("change") == ["seeded"])
        let seeded = try ledger.database.read { db in try JournaledKind.agency.image(ice, in: db) }
        _ = try ledger.write("test edit") { db in
            try db.execute(sql: "UPDATE agencies SET acronym = 'USICE' WHERE id = ?", arguments: [ice])
        }
        let entry = try #require(try ledger.database.read { db in
            try JournalEntry.fetchOne(db, sql: "SELECT * FROM journal WHERE kind = 'agency' AND record_id = ?", arguments: [ice])
        })
        #expect(entry.before == seeded)
        #expect(try ledger.history("agency", "7012").strings("change") == ["seeded", "updated"])
        #expect(try ledger.verify().intact)
        try ledger.database.write { db in
            try db.execute(sql: "UPDATE agencies SET name = 'Renamed' WHERE id = ?", arguments: [ice])
        }
        let verification = try ledger.verify()
        #expect(!verification.problems.isEmpty && verification.problems.allSatisfy { $0.ref == ice })
        #expect(verification.problems.contains { $0.fields == ["name"] })
    }

    @Test("exports carry the agencies in use, not the whole reference; load matches them again")
    func exportsCarryAgenciesInUse() throws {
        let empty = try Ledger.inMemory()
        #expect(try empty.exportFile().agencies.isEmpty)
        let ledger = try Fixture.ledger()
        let exported = try ledger.exportFile()
        let codes = Set(exported.agencies.compactMap { $0.subtierCode ?? $0.cgacCode })
        #expect(codes.isSuperset(of: ["7012", "070"]))
        #expect(exported.agencies.count < 20)
        let again = try Ledger.inMemory()
        try again.load([(path: "export.json", file: exported)])
        #expect(try again.exportFile() == exported)
    }
}
