import Foundation
import Testing
@testable import GovLedger

@Suite("Check")
struct CheckTests {
    let today = CalendarDay(iso: "2026-03-01")!

    @Test("the seed fixtures have no finding at error severity")
    func fixturesHaveNoErrors() throws {
        let findings = try Fixture.ledger().check(today: today)
        #expect(!findings.contains { $0.severity == .error }, "\(findings)")
    }

    /// duplicate-vendors blocks on the match key: comparing every pair of 6,000 vendors took most of a minute
    /// (3,258 real ones: 11 s); blocked, it is well under the budget even on a loaded machine.
    @Test("duplicate-vendors on 6,000 vendors is near-linear and finds exactly the colliding names and aliases")
    func duplicateVendorsAtScale() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        try ledger.rawWrite("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
            INSERT INTO vendors (id, name, match_key) SELECT i, 'Vendor ' || i, 'vendor ' || i FROM n
            """)
        try ledger.rawWrite("INSERT INTO vendors (id, name, match_key) VALUES (6001, 'Vendor 17, Inc.', 'vendor 17')")
        try ledger.rawWrite("INSERT INTO vendor_aliases (vendor_id, alias, match_key) VALUES (42, 'Vendor 4200', 'vendor 4200')")
        try ledger.rawWrite("INSERT INTO vendor_aliases (vendor_id, alias, match_key) VALUES (43, 'Vendor 43 Corp', 'vendor 43')")
        let clock = ContinuousClock()
        var findings: [Finding] = []
        let elapsed = try clock.measure { findings = try ledger.check(today: today).filter { $0.check == "duplicate-vendors" } }
        #expect(findings.map { "\($0.ref)~" + $0.message.prefix(21) } == ["4200~looks like vendor 42 ", "6001~looks like vendor 17 "])
        #expect(elapsed < .seconds(5), "check took \(elapsed)")
    }

    @Test("each check finds the problem planted for it, in the documented order")
    func eachCheckFindsItsProblem() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        _ = try ledger.addAgency(name: "Immigration and Customs Enforcement", acronym: "ICE", level: .subagency)
        let source = try ledger.addSource(kind: .newsReport, title: "Report")
        let secret = try ledger.addSource(kind: .other, title: "Insider", confidential: true)
        _ = try ledger.addVendor(name: "Salesforce", sources: ["\(source)"])
        _ = try ledger.addVendor(name: "Salesforce, Inc.", distinct: true)      // duplicate-vendors
        let stale = try ledger.addPursuit(vendor: "1", agency: "ICE", title: "Stale pitch", kind: .other,
                                          stage: .pitched, date: try date("2025-01-21"), sources: ["\(source)"])
        _ = try ledger.stage("\(stale)", to: .lead, on: try date("2025-02"))      // stage-regressions, no note
        _ = try ledger.addPursuit(vendor: "1", agency: "ICE", title: "Unsourced", kind: .other,
                                  date: try date("2026-02"))                         // unsourced-facts
        _ = try ledger.addDocument(kind: .memo, title: "Secret memo", sources: ["\(secret)"])  // confidential-only
        _ = try ledger.addDocument(kind: .memo, title: "Orphan memo")                // orphan-documents
        _ = try ledger.addEvent(kind: .statement, title: "Said in 2021", date: try date("2021"),
                                sources: ["\(source)"])                              // straddling-dates
        _ = try ledger.addAward(vendor: "1", agency: "ICE", obligatedCents: -500, date: try date("2025"),
                                sources: ["\(source)"])                              // award-obligations, straddles
        try ledger.rawWrite("UPDATE pursuits SET stage = 'awarded' WHERE id = 2")   // stage-mismatch
        let findings = try ledger.check(staleDays: 180, today: today)
        func has(_ check: String, _ kind: String, _ ref: Int64) -> Bool {
            findings.contains { $0.check == check && $0.kind == kind && $0.ref == ref }
        }
        #expect(has("stage-mismatch", "pursuit", 2))
        #expect(findings.first { $0.check == "stage-mismatch" }?.severity == .error)
        #expect(has("unsourced-facts", "pursuit", 2))
        #expect(has("confidential-only", "document", 1))
        #expect(has("stale-pursuits", "pursuit", 1))
        #expect(has("stage-regressions", "stage-change", 2))
        #expect(has("straddling-dates", "event", 1))
        #expect(has("straddling-dates", "award", 1))
        #expect(has("award-obligations", "award", 1))
        #expect(has("duplicate-vendors", "vendor", 2))
        #expect(has("orphan-documents", "document", 2))
        // Findings come out in the documented order of the checks.
        let order = findings.map { Checks.names.firstIndex(of: $0.check)! }
        #expect(order == order.sorted())
        #expect(Set(findings.map(\.check)) == Set(Checks.names))
    }

    @Test("a note explains a regression; a terminal stage is never stale")
    func notesAndTerminalStages() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        _ = try ledger.addAgency(name: "ICE", level: .subagency)
        _ = try ledger.addVendor(name: "Salesforce")
        let pursuit = try ledger.addPursuit(vendor: "1", agency: "ICE", title: "P", kind: .other, stage: .proposal,
                                            date: try date("2020-01-01"))
        _ = try ledger.stage("\(pursuit)", to: .pitched, on: try date("2020-02-01"), note: "ICE asked for a new pitch")
        _ = try ledger.stage("\(pursuit)", to: .lost, on: try date("2020-03-01"))
        let findings = try ledger.check(today: today)
        #expect(!findings.contains { $0.check == "stage-regressions" || $0.check == "stale-pursuits" })
    }
}
