import Foundation
import GRDB
import Testing
@testable import GovLedger

/// Runs the `sqlite3` shell on a ledger file, as someone tampering behind the journal's back would.
func sqlite3(_ path: String, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "sqlite3 failed on: \(sql)")
}

/// A ledger file with the fixture loaded and a few more changes, closed again.
func busyLedgerFile(in directory: URL) throws -> String {
    let path = directory.appendingPathComponent("ledger.sqlite").path
    do {
        let ledger = try Ledger.create(at: path, actor: "tester", clock: { journalTime })
        try ledger.load([(path: Package.fixturePath, file: try Fixture.file())])
        _ = try ledger.stage("1", to: .proposal, on: try date("2025-11"), note: "follow-up")
        _ = try ledger.cite(.award, "1", source: "1", quote: "contracted with ICE")
    }
    return path
}

@Suite("Verify")
struct VerifyTests {
    @Test("an empty and a busy ledger are intact")
    func intact() throws {
        let bare = try Ledger.inMemory(seeded: false).verify()
        #expect(bare.intact && bare.seq == 0 && bare.summary.hasPrefix("intact: 0 journal entries"))
        // A new ledger holds only the agency reference, journaled as one seed entry.
        let new = try Ledger.inMemory().verify()
        #expect(new.intact && new.seq == 1 && new.summary.hasPrefix("intact: 1 journal entries, 1516 records match"))
        try withTemporaryDirectory { directory in
            let verification = try Ledger.open(at: try busyLedgerFile(in: directory)).verify()
            #expect(verification.intact, "\(verification.problems)")
            #expect(verification.seq == 123)
        }
    }

    /// Each tampering, done for real with the sqlite3 shell, and the first problem verify must name.
    static let tamperings: [(name: String, sql: String, kind: String, ref: Int64, message: String)] = [
        ("entry edited", "DROP TRIGGER journal_no_update; UPDATE journal SET actor = 'mallory' WHERE seq = 50",
         "journal", 50, "hash does not match"),
        ("entry deleted", "DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 50",
         "journal", 51, "entries 50…50 are missing"),
        ("entry inserted", "DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete; "
            + "CREATE TABLE j AS SELECT * FROM journal WHERE seq >= 60; DELETE FROM journal WHERE seq >= 60; "
            + "INSERT INTO journal SELECT seq + 1, at, actor, command, kind, record_id, before, after, hash, reason FROM j; "
            + "INSERT INTO journal VALUES (60, '2026-01-01T00:00:00Z', 'mallory', 'add vendor', 'vendor', 99, NULL, NULL, '"
            + String(repeating: "a", count: 64) + "', NULL)",
         "journal", 60, "hash does not match"),
        ("row edited", "UPDATE vendors SET name = 'Salesforce Inc' WHERE id = 1", "vendor", 1, "differs from its journal image in name"),
        // People and replies (schema 9): each row is part of its owner's image.
        ("person renamed", "UPDATE people SET name = 'Marc B.' WHERE id = 1", "person", 1, "differs from its journal image in name"),
        ("role deleted under a person", "DELETE FROM person_roles WHERE person_id = 1", "person", 1, "differs from its journal image in roles"),
        ("reply rewritten", "UPDATE reply_requests SET text = 'No comment.' WHERE id = 1", "request", 1, "differs from its journal image in text"),
        ("person unlinked from an event", "DELETE FROM event_people WHERE event_id = 1", "event", 1, "differs from its journal image in person_ids"),
        ("row deleted", "PRAGMA foreign_keys = OFF; DELETE FROM awards WHERE id = 5", "award", 5, "deleted behind its back"),
        ("transaction inserted under an award", "INSERT INTO award_transactions (award_id, transaction_key, obligated_cents) VALUES (1, 'T-MALLORY', 100)",
         "award", 1, "differs from its journal image in transactions"),
        ("identifier inserted under a vendor", "INSERT INTO vendor_identifiers (vendor_id, scheme, value) VALUES (1, 'duns', '123456789')",
         "vendor", 1, "differs from its journal image in identifiers"),
        ("row inserted", "INSERT INTO events (kind, title, date, date_from, date_to) VALUES ('other', 'x', '2025', '2025-01-01', '2025-12-31')",
         "event", 10, "inserted behind its back"),
        ("stored date range edited", "UPDATE awards SET date_from = '2009-02-01', date_to = '2009-02-01' WHERE id = 1",
         "award", 1, "stored range for date does not match"),
        ("date text corrupted", "UPDATE events SET date = 'someday' WHERE id = 1", "event", 1, "does not match its date"),
        // Approximate figures (schema 13): the word is part of the record's image.
        ("approximation added behind the journal's back", "UPDATE events SET signatures_qualifier = 'about' WHERE id = 9",
         "event", 9, "differs from its journal image in signatures_qualifier"),
        ("match key edited", "UPDATE vendors SET match_key = 'oracle' WHERE id = 2", "vendor", 2, "match key"),
        // The schema and what schema.sql writes: no journal entry covers them, so verify compares them with
        // schema.sql itself (issue 14, items 8 and 10).
        ("trigger planted", "CREATE TRIGGER zz AFTER INSERT ON citations BEGIN UPDATE awards SET obligated_cents = 1 WHERE id = 1; END",
         "schema", 0, "trigger 'zz' is not in schema.sql"),
        ("append-only trigger dropped", "DROP TRIGGER journal_no_delete", "schema", 0,
         "trigger 'journal_no_delete' of schema.sql is missing"),
        ("index dropped", "DROP INDEX awards_vendor_date", "schema", 0, "index 'awards_vendor_date' of schema.sql is missing"),
        ("view replaced", "DROP VIEW awards_view; CREATE VIEW awards_view AS SELECT 1 AS id", "schema", 0,
         "view 'awards_view' differs from schema.sql"),
        ("administrations edited", "UPDATE administrations SET starts_on = '2009-02-01' WHERE slug = 'obama'", "schema", 0,
         "administrations table differs"),
        ("full-text row deleted", "DELETE FROM awards_fts WHERE rowid = 1", "schema", 0,
         "full-text index 'awards_fts' does not cover exactly its records"),
        // Found by the red team: content replaced in a full-text index (same ids), a CHECK bypassed so a
        // confidential flag reads 2, an index rebuilt partial and its definition put back.
        ("full-text content replaced", "INSERT INTO documents_fts(documents_fts, rowid, title, summary) SELECT 'delete', id, title, summary FROM documents WHERE id = 1; INSERT INTO documents_fts(rowid, title, summary) VALUES (1, 'Planted EVILTERM', 'x')",
         "schema", 0, "full-text index 'documents_fts' does not match its records"),
        ("CHECK constraint bypassed", "PRAGMA ignore_check_constraints = 1; UPDATE sources SET confidential = 2 WHERE confidential = 1",
         "schema", 0, "CHECK constraint failed in sources"),
        ("index rebuilt partial", "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = sql || ' WHERE obligated_cents < 100000' WHERE name = 'awards_vendor_date'; PRAGMA writable_schema = RESET; REINDEX awards_vendor_date; PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, ' WHERE obligated_cents < 100000', '') WHERE name = 'awards_vendor_date'; PRAGMA writable_schema = RESET",
         "schema", 0, "missing from index awards_vendor_date"),
        ("full-text row deleted by command", "INSERT INTO documents_fts(documents_fts, rowid, title, summary) SELECT 'delete', id, title, summary FROM documents WHERE id = 1",
         "schema", 0, "full-text index 'documents_fts'"),
    ]

    @Test("catches each tampering and names the first bad entry or row", arguments: tamperings.indices)
    func catchesTampering(_ index: Int) throws {
        let tampering = Self.tamperings[index]
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            try sqlite3(path, tampering.sql)
            let verification = try Ledger.open(at: path).verify()
            let first = try #require(verification.problems.first, "\(tampering.name) went unnoticed")
            #expect(first.kind == tampering.kind, "\(tampering.name): \(verification.problems)")
            #expect(first.ref == tampering.ref, "\(tampering.name): \(verification.problems)")
            #expect(first.message.contains(tampering.message), "\(tampering.name): \(first.message)")
            #expect(verification.summary.hasPrefix("BROKEN: "))
        }
    }

    @Test("a judgement changed, inserted or deleted behind the journal's back is caught (schema version 7)",
          arguments: [("UPDATE judgements SET verdict = 'unsure'", "differs from its journal image in verdict"),
                      ("DELETE FROM judgements", "deleted behind its back"),
                      ("INSERT INTO judgements (vendor_id, other_vendor_id, verdict) SELECT a.id, c.id, 'same' FROM vendors a, vendors c WHERE a.name = 'Judged Alpha' AND c.name = 'Judged Gamma'", "inserted behind its back")])
    func catchesJudgementTampering(_ tampering: (sql: String, message: String)) throws {
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            let ledger = try Ledger.open(at: path)
            let a = try ledger.addVendor(name: "Judged Alpha")
            let b = try ledger.addVendor(name: "Judged Beta")
            _ = try ledger.addVendor(name: "Judged Gamma")
            _ = try ledger.judge(String(a), String(b), .different, reason: "two companies")
            #expect(try ledger.verify().problems.isEmpty)
            try sqlite3(path, tampering.sql)
            let problems = try Ledger.open(at: path).verify().problems
            let first = try #require(problems.first, "\(tampering.sql) went unnoticed")
            #expect(first.kind == "judgement", "\(problems)")
            #expect(first.message.contains(tampering.message), "\(first.message)")
        }
    }

    /// Tampering with what `import sam` wrote as one journal entry (entry 2 of a new ledger, after the seed).
    static let importTamperings: [(name: String, sql: String, kind: String, ref: Int64, message: String)] = [
        ("imported notice edited", "UPDATE solicitations SET url = 'https://example.com/planted' WHERE notice_id = 'aaaa0002'",
         "journal", 2, "the solicitations this import wrote no longer match its digest"),
        ("imported notice's type edited", "UPDATE solicitations SET notice_type = 'justification' WHERE notice_id = 'aaaa0001'",
         "journal", 2, "the solicitations this import wrote no longer match its digest"),
        ("imported notice deleted", "DELETE FROM solicitations WHERE notice_id = 'aaaa0002'",
         "journal", 2, "the solicitations this import wrote no longer match its digest"),
        ("imported notice inserted", "INSERT INTO solicitations (agency_id, title, notice_type, notice_id, import_seq) "
            + "SELECT agency_id, 'Planted', 'other', 'zzzz', import_seq FROM solicitations WHERE notice_id = 'aaaa0001'",
         "journal", 2, "the solicitations this import wrote no longer match its digest"),
        ("imported notice unpinned", "UPDATE solicitations SET import_seq = NULL WHERE notice_id = 'aaaa0002'",
         "solicitation", 2, "inserted behind its back"),
        ("imported notice pinned to another entry", "UPDATE solicitations SET import_seq = 1 WHERE notice_id = 'aaaa0002'",
         "solicitation", 2, "claims a bulk import (entry 1) that did not write it last"),
        ("award of an award notice edited", "UPDATE awards SET obligated_cents = 1 WHERE award_key = 'SAM_aaaa0003'",
         "journal", 2, "the awards this import wrote no longer match its digest"),
    ]

    @Test("catches each tampering with what an import of SAM.gov notices wrote", arguments: importTamperings.indices)
    func catchesTamperingWithImportedNotices(_ index: Int) throws {
        let tampering = Self.importTamperings[index]
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ledger.sqlite").path
            do {
                let ledger = try Ledger.create(at: path, actor: "tester", clock: { journalTime })
                _ = try ledger.importSAM(path: "notices.csv", data: try SAMData.file(SAMData.standard()))
                #expect(try ledger.verify().intact)
            }
            try sqlite3(path, tampering.sql)
            let verification = try Ledger.open(at: path).verify()
            let first = try #require(verification.problems.first, "\(tampering.name) went unnoticed")
            #expect(first.kind == tampering.kind, "\(tampering.name): \(verification.problems)")
            #expect(first.ref == tampering.ref, "\(tampering.name): \(verification.problems)")
            #expect(first.message.contains(tampering.message), "\(tampering.name): \(first.message)")
        }
    }

    @Test("a write refuses to build on a record tampered behind the journal's back")
    func noLaundering() throws {
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            try sqlite3(path, "UPDATE pursuits SET title = 'Something else' WHERE id = 1")
            let ledger = try Ledger.open(at: path)
            let head = try ledger.head()
            #expect(throws: LedgerError.refused("pursuit 1 was changed behind the journal's back; run 'govledger verify'")) {
                try ledger.stage("1", to: .awarded, on: try date("2026-02"))
            }
            #expect(try ledger.head() == head)
            #expect(!(try ledger.verify().intact))
        }
    }

    @Test("no write builds on an altered schema: a planted trigger never runs under a legitimate command")
    func plantedTriggerRefused() throws {
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            try sqlite3(path, "CREATE TRIGGER zz AFTER INSERT ON citations BEGIN UPDATE awards SET obligated_cents = 1 WHERE id = 1; END")
            let ledger = try Ledger.open(at: path)
            let head = try ledger.head()
            #expect(throws: LedgerError.refused("the ledger's schema was changed behind the journal's back: trigger 'zz' is not in schema.sql (added behind the journal's back); run 'govledger verify'")) {
                try ledger.cite(.award, "2", source: "1")
            }
            #expect(try ledger.head() == head)
        }
    }

    @Test("stage never derives a pursuit's stage from a stage change edited behind the journal's back")
    func stageRefusesTamperedHistory() throws {
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            try sqlite3(path, "UPDATE stage_changes SET stage = 'awarded' WHERE id = 2")
            let ledger = try Ledger.open(at: path)
            let head = try ledger.head()
            let pursuit = try ledger.read { db in try Int64.fetchOne(db, sql: "SELECT pursuit_id FROM stage_changes WHERE id = 2") } ?? 0
            #expect(throws: LedgerError.refused("stage-change 2 was changed behind the journal's back; run 'govledger verify'")) {
                try ledger.stage("\(pursuit)", to: .pitched, on: try date("2025-08-01"))
            }
            #expect(try ledger.head() == head)
        }
    }

    @Test("an import never journals a vendor changed behind the journal's back as its own")
    func importRefusesTamperedVendor() throws {
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            try sqlite3(path, "UPDATE vendors SET website = 'https://evil.example' WHERE id = 1")
            let csv = Data("contract_award_unique_key,recipient_name,recipient_uei,awarding_agency_code,total_obligated_amount\nK9,SALESFORCE,ABCDEFGHJK12,070,100\n".utf8)
            let ledger = try Ledger.open(at: path)
            let head = try ledger.head()
            #expect(throws: LedgerError.refused("vendor 1 was changed behind the journal's back; run 'govledger verify'")) {
                _ = try ledger.importUSAspending(path: "a.csv", data: csv)
            }
            #expect(try ledger.head() == head)
        }
    }

    @Test("a corrupted date is reported by verify and refused by reads, never a crash")
    func corruptedDate() throws {
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            try sqlite3(path, "UPDATE events SET date = 'someday' WHERE id = 1")
            let ledger = try Ledger.open(at: path)
            let problems = try ledger.verify().problems
            #expect(problems.contains { $0.kind == "event" && $0.message.contains("cannot be read") })
            #expect(throws: LedgerError.self) { try ledger.exportFile() }
        }
    }

    @Test("a published head is confirmed while the journal grows, and refused once rewritten")
    func publishedHead() throws {
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            let ledger = try Ledger.open(at: path, actor: "tester", clock: { journalTime })
            let head = try ledger.head()
            _ = try ledger.addVendor(name: "Anduril Industries")
            #expect(try ledger.verify(at: head).intact)
            #expect(!(try ledger.verify(at: (head.seq, String(repeating: "0", count: 64))).intact))
            #expect(!(try ledger.verify(at: (head.seq + 10, head.hash)).intact))
        }
    }
}

@Suite("Backup")
struct BackupTests {
    @Test("a backup is a new owner-only file that verifies and holds the same ledger")
    func backupVerifies() throws {
        try withTemporaryDirectory { directory in
            let source = try Ledger.open(at: try busyLedgerFile(in: directory))
            let path = directory.appendingPathComponent("copy.sqlite").path
            try source.backup(to: path)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let copy = try Ledger.open(at: path)
            #expect(try copy.verify().intact)
            #expect(try copy.head() == (try source.head()))
            #expect(try copy.exportFile(includeConfidential: true) == (try source.exportFile(includeConfidential: true)))
            #expect(throws: LedgerError.self) { try source.backup(to: path) }
        }
    }
}
