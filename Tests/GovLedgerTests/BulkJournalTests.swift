import Foundation
import GRDB
import Testing
@testable import GovLedger

@Suite("Bulk import journal")
struct BulkJournalTests {
    /// A file ledger with the real 720-row ICE file imported.
    static func importedLedger(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("imported.sqlite").path
        let ledger = try Ledger.create(at: path, actor: "tester", clock: { journalTime })
        _ = try ledger.importUSAspending(path: USAspendingData.files[0], data: try USAspendingData.data(USAspendingData.files[0]))
        return path
    }

    @Test("one journal entry for the file's awards, one per vendor and agency; verify covers them all")
    func oneEntryPerFile() throws {
        try withTemporaryDirectory { directory in
            let ledger = try Ledger.open(at: try Self.importedLedger(in: directory))
            let kinds = try ledger.database.read { db in
                try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM journal GROUP BY kind ORDER BY kind")
                    .map { "\($0["kind"] as String) \($0["n"] as Int)" }
            }
            // Two of the file's twelve awarding agencies are in the seeded reference already; the funding agencies
            // (offices and one toptier, 999, that the reference lacks) make up the other 61.
            #expect(kinds == ["agency 71", "import 1", "seed 1", "vendor 303"])
            let entry = try #require(try ledger.journal().records.first { $0["kind"] == .text("import") })
            #expect(entry["change"] == .text("imported") && entry["record_id"] == .null)
            #expect(entry["after"]?.plain.contains(#""awards":720"#) == true)
            let verification = try ledger.verify()
            #expect(verification.intact, "\(verification.problems.prefix(3))")
            let agencies = try ledger.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM agencies")! }
            #expect(verification.recordsChecked == 720 + 303 + agencies)
        }
    }

    static let tamperings: [(name: String, sql: String)] = [
        ("imported award edited", "UPDATE awards SET obligated_cents = obligated_cents + 100 WHERE id = 10"),
        ("imported award deleted", "DELETE FROM awards WHERE id = 10"),
        ("award inserted under the import", "INSERT INTO awards (vendor_id, agency_id, currency, import_seq) SELECT vendor_id, agency_id, currency, import_seq FROM awards WHERE id = 10"),
        ("award moved out of the import", "UPDATE awards SET import_seq = NULL WHERE id = 10"),
    ]

    @Test("an imported award changed behind the journal's back breaks the import's digest", arguments: tamperings.indices)
    func tampering(_ index: Int) throws {
        try withTemporaryDirectory { directory in
            let path = try Self.importedLedger(in: directory)
            try sqlite3(path, "PRAGMA foreign_keys = OFF; " + Self.tamperings[index].sql)
            let verification = try Ledger.open(at: path).verify()
            #expect(!verification.intact, "\(Self.tamperings[index].name) went unnoticed")
            #expect(verification.problems.contains { $0.kind == "journal" || $0.kind == "award" })
        }
    }

    @Test("a newer file updates awards, releases their old rows, and verify still holds; the same file again adds nothing")
    func newerFile() throws {
        let ledger = try Ledger.inMemory()
        let first = try USAspendingData.current([USAspendingData.row("K1", "Acme"), USAspendingData.row("K2", "Acme")])
        _ = try ledger.importUSAspending(path: "v1.csv", data: first)
        let second = try USAspendingData.current([USAspendingData.row("K1", "Acme", obligated: "999.99"),
                                                  USAspendingData.row("K2", "Acme")])
        let summary = try ledger.importUSAspending(path: "v2.csv", data: second)
        #expect(summary.awardsUpdated == 1 && summary.awardsUnchanged == 1)
        let entries = try ledger.journal().records.filter { $0["kind"] == .text("import") }
        #expect(entries.count == 2)
        let firstSeq = try #require(entries[0]["seq"]?.plain)
        #expect(entries[1]["after"]?.plain.contains(#""released":{""# + firstSeq + #"":[[1,"#) == true)
        #expect(try ledger.verify().intact)
        let head = try ledger.head()
        _ = try ledger.importUSAspending(path: "v2.csv", data: second)
        #expect(try ledger.head() == head)
    }

    @Test("an award's fast canonical image equals the canonical form of its interchange JSON")
    func canonicalImage() throws {
        let ledger = try Fixture.ledger()
        _ = try ledger.importUSAspending(path: USAspendingData.files[1], data: try USAspendingData.data(USAspendingData.files[1]))
        let awards = try ledger.exportFile().awards
        #expect(awards.count > 300)
        for award in awards {
            #expect(award.canonicalImage == (try JSONValue(encoding: award).canonical))
        }
    }
}
