import Foundation
import GRDB
import Testing
@testable import GovLedger

/// A fixed clock and actor, so journal entries are the same on every run.
let journalTime = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

func journaledLedger() throws -> Ledger {
    try Ledger.inMemory(actor: "tester", clock: { journalTime }, seeded: false)
}

@Suite("Journal")
struct JournalTests {
    @Test("every write path appends entries chained from the genesis value")
    func everyWritePathIsJournaled() throws {
        let ledger = try journaledLedger()
        #expect(try ledger.head() == (0, JournalEntry.genesis))
        let agency = try ledger.addAgency(name: "Immigration and Customs Enforcement", acronym: "ICE", level: .subagency)
        let vendor = try ledger.addVendor(name: "Salesforce", aliases: ["Salesforce.com, Inc."])
        let source = try ledger.addSource(kind: .newsReport, title: "A report")
        _ = try ledger.addSolicitation(agency: "ICE", title: "Hiring RFI", noticeType: .requestForInformation)
        let pursuit = try ledger.lead("Talent acquisition", vendor: "Salesforce", agency: "ICE", date: try date("2025-08"))
        _ = try ledger.stage("\(pursuit)", to: .pitched, on: try date("2025-08-26"), note: "memo")
        _ = try ledger.cite(.pursuit, "\(pursuit)", source: "\(source)", quote: "ideal platform")
        _ = try ledger.addDocument(kind: .memo, title: "Memo", pursuits: ["\(pursuit)"])
        _ = try ledger.addAward(vendor: "Salesforce", agency: "ICE", date: try date("obama"))
        _ = try ledger.addEvent(kind: .letter, title: "Letter", date: try date("2026"), vendors: ["Salesforce"])
        let entries = try ledger.database.read { db in try JournalEntry.fetchAll(db, sql: "SELECT * FROM journal ORDER BY seq") }
        // lead: pursuit + first stage change; stage: stage change + pursuit's new stage.
        #expect(entries.map(\.command) == [
            "add agency", "add vendor", "add source", "add solicitation", "lead", "lead", "stage", "stage", "cite",
            "add document", "add award", "add event",
        ])
        #expect(entries.map(\.kind) == [
            "agency", "vendor", "source", "solicitation", "pursuit", "stage-change", "stage-change", "pursuit",
            "citation", "document", "award", "event",
        ])
        #expect(entries.map(\.seq) == Array(1...12))
        #expect(entries.allSatisfy { $0.actor == "tester" && $0.at == "2026-01-01T00:00:00Z" })
        var previous = JournalEntry.genesis
        for entry in entries {
            #expect(entry.hash == Journal.sha256(previous + (try entry.canonicalBytes())))
            previous = entry.hash
        }
        #expect(entries[0].recordId == agency && entries[1].recordId == vendor)
        // A vendor's image carries its aliases; the stage update has a before image.
        #expect(entries[1].after?.contains("\"aliases\":[\"Salesforce.com, Inc.\"]") == true)
        let update = entries[7]
        #expect(update.before?.contains("\"stage\":\"lead\"") == true)
        #expect(update.after?.contains("\"stage\":\"pitched\"") == true)
        #expect(try ledger.verify().intact)
    }

    @Test("canonical bytes: sorted keys, no whitespace, nested images")
    func canonicalBytes() throws {
        let entry = JournalEntry(seq: 1, at: "2026-01-01T00:00:00Z", actor: "a\"b", command: "add vendor", kind: "vendor",
                                 recordId: 7, before: nil, after: "{ \"name\" : \"Acme\\n\", \"id\": 7 }", hash: "")
        #expect(try entry.canonicalBytes() == #"{"actor":"a\"b","after":{"id":7,"name":"Acme\n"},"at":"2026-01-01T00:00:00Z","before":null,"command":"add vendor","kind":"vendor","record_id":7,"seq":1}"#)
        #expect(Journal.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("a failed write leaves no journal entry")
    func failedWriteIsNotJournaled() throws {
        let ledger = try journaledLedger()
        _ = try ledger.addVendor(name: "Salesforce")
        #expect(throws: LedgerError.self) { try ledger.addPursuit(vendor: "Salesforce", agency: "Nowhere", title: "x", kind: .other, date: try date("2025")) }
        #expect(try ledger.head().seq == 1)
    }

    @Test("the journal rejects UPDATE and DELETE at the database level")
    func appendOnly() throws {
        let ledger = try journaledLedger()
        _ = try ledger.addVendor(name: "Salesforce")
        #expect(throws: DatabaseError.self) { try ledger.rawWrite("UPDATE journal SET actor = 'mallory'") }
        #expect(throws: DatabaseError.self) { try ledger.rawWrite("DELETE FROM journal") }
        #expect(try ledger.verify().intact)
    }

    @Test("history shows one record's changes oldest first; journal filters by seq, date and actor")
    func historyAndJournal() throws {
        let ledger = try journaledLedger()
        _ = try ledger.addAgency(name: "ICE", level: .subagency)
        _ = try ledger.addVendor(name: "Salesforce")
        let pursuit = try ledger.lead("Talent acquisition", vendor: "Salesforce", agency: "ICE", date: try date("2025-08"))
        _ = try ledger.stage("\(pursuit)", to: .pitched, on: try date("2025-08-26"))
        let history = try ledger.history("pursuit", "Talent acquisition")
        #expect(history.strings("change") == ["created", "updated"])
        #expect(history.strings("fields") == ["", "stage"])
        #expect(history.strings("actor") == ["tester", "tester"])
        #expect(try ledger.journal(since: "4").strings("seq") == ["4", "5", "6"])
        #expect(try ledger.journal(since: "2026-01").rows.count == 6)  // a bare number is a sequence number
        #expect(try ledger.journal(since: "2027-01-01").rows.isEmpty)
        #expect(try ledger.journal(actor: "someone else").rows.isEmpty)
    }

    @Test("history and journal mask a confidential source's images")
    func confidentialImagesMasked() throws {
        let ledger = try Fixture.ledger()
        let journal = Renderer.render(try ledger.journal(), as: .json)
        let history = Renderer.render(try ledger.history("source", "5"), as: .json)
        for secret in ["Person who provided", "Never publish", "cannot be named"] {
            #expect(!journal.contains(secret))
            #expect(!history.contains(secret))
        }
        #expect(history.contains(Redaction.placeholder))
    }
}
