import Foundation
import Testing

/// Bad input found by someone trying to break the guarantees (issue 14): each case failed before its fix.
/// The cases run through the same check as `BadInputTests` (one line, documented status, ledger untouched).
@Suite("Hardening")
struct HardeningTests {
    static let long = String(repeating: "a", count: 120_000)

    static let cases: [BadInput] = [
        // 15: load accepts nothing that add refuses, and one file id names one record.
        BadInput(name: "load a negative estimate", arguments: ["load", "neg.json"], status: 6,
                 message: "'neg.json': invalid pursuits[0].estimated_value_cents '-5': expected an amount that is not negative",
                 field: "pursuits[0].estimated_value_cents", value: "-5",
                 files: ["neg.json": #"{"format": "govledger", "version": 1, "vendors": [{"id": 1, "name": "Oracle", "aliases": []}], "agencies": [{"id": 1, "name": "Bureau of Tips", "level": "department"}], "pursuits": [{"id": 1, "vendor_id": 1, "agency_id": 1, "title": "Tips", "kind": "other", "stage": "lead", "date": "2026", "estimated_value_cents": -5, "currency": "USD"}]}"#]),
        BadInput(name: "load a potential value of Int64.min", arguments: ["load", "min.json"], status: 6,
                 message: "'min.json': invalid awards[0].potential_cents '-9223372036854775808': expected an amount within ±9223372036854775807 cents",
                 field: "awards[0].potential_cents", value: "-9223372036854775808",
                 files: ["min.json": #"{"format": "govledger", "version": 1, "vendors": [{"id": 1, "name": "Oracle", "aliases": []}], "agencies": [{"id": 1, "name": "Bureau of Tips", "level": "department"}], "awards": [{"id": 1, "vendor_id": 1, "agency_id": 1, "potential_cents": -9223372036854775808, "currency": "USD"}]}"#]),
        BadInput(name: "load a negative potential value", arguments: ["load", "negpot.json"], status: 6,
                 message: "'negpot.json': invalid awards[0].potential_cents '-100': expected an amount that is not negative",
                 field: "awards[0].potential_cents", value: "-100",
                 files: ["negpot.json": #"{"format": "govledger", "version": 1, "vendors": [{"id": 1, "name": "Oracle", "aliases": []}], "agencies": [{"id": 1, "name": "Bureau of Tips", "level": "department"}], "awards": [{"id": 1, "vendor_id": 1, "agency_id": 1, "potential_cents": -100, "currency": "USD"}]}"#]),
        BadInput(name: "load two sources under one id", arguments: ["load", "dup.json"], status: 6,
                 message: "'dup.json': sources[1].id: 1 is the id of an earlier record of the file; each id names one record",
                 field: "sources[1].id", value: "1",
                 files: ["dup.json": #"{"format": "govledger", "version": 1, "sources": [{"id": 1, "kind": "other", "title": "Public", "confidential": false}, {"id": 1, "kind": "interview", "title": "Secret", "confidential": true}]}"#]),
        // 18: smaller ones.
        BadInput(name: "a stage change named by a word", arguments: ["cite", "stage-change", "abc", "--source", "1"], status: 4,
                 message: "unknown stage-change 'abc'", field: "stage-change", value: "abc"),
        BadInput(name: "another app's SQLite file with an administrations table", arguments: ["add", "vendor", "Oracle", "--db", "other.sqlite"],
                 status: 5, message: "ledger 'other.sqlite': not a GovLedger ledger", field: "ledger", value: "other.sqlite",
                 setup: [["sqlite-other"]], db: nil),
        BadInput(name: "a 120,000-character agency is unknown at once", arguments: ["list", "pursuits", "--agency", long],
                 status: 4, message: "unknown agency \(quoted(long))", field: "agency", value: nil),
    ]

    /// `LedgerError.quote` as the CLI prints it: the first 80 characters and the length.
    static func quoted(_ value: String) -> String {
        "'" + String(value.prefix(80)) + "…' (\(value.count) characters)"
    }

    @Test("one line on stderr, documented exit status, nothing on stdout, ledger untouched", arguments: cases)
    func badInput(_ bad: BadInput) throws {
        if bad.setup == [["sqlite-other"]] {
            // Another application's database that happens to have a table of that name.
            let sandbox = try Sandbox()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [sandbox.url("other.sqlite").path, "CREATE TABLE administrations (x); PRAGMA user_version = 2;"]
            try process.run()
            process.waitUntilExit()
            let before = try sandbox.bytes("other.sqlite")
            let run = try sandbox.run(bad.arguments, db: nil)
            #expect(run.status == bad.status, "\(run)")
            #expect(run.stderr == "govledger: error: \(bad.message)\n")
            #expect(try sandbox.bytes("other.sqlite") == before)
            return
        }
        try BadInputTests().badInput(bad)
    }

    @Test("the answer to a 120,000-character agency takes well under a second, not 46")
    func longReferenceIsQuick() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let started = Date()
        let run = try sandbox.run(["list", "pursuits", "--agency", Self.long])
        #expect(run.status == 4)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("an amount written as the README writes it, -35.10, is a value, not an option")
    func negativeAmountIsAValue() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let id = try sandbox.succeed(["add", "award", "--vendor", "Salesforce", "--agency", "ICE", "--obligated", "-35.10"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try sandbox.succeed(["show", "award", id, "--format", "json"]).contains("\"obligated_cents\": -3510"))
    }

    @Test("GOVLEDGER_NOW must name a day that exists: 2026-02-30 is refused, not read as March 2")
    func impossibleClock() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let before = try sandbox.bytes(sandbox.db)
        let run = try sandbox.run(["add", "vendor", "Oracle"], environment: ["GOVLEDGER_NOW": "2026-02-30T00:00:00Z"])
        #expect(run.status == 3)
        #expect(run.stderr == "govledger: error: invalid GOVLEDGER_NOW '2026-02-30T00:00:00Z': expected an ISO 8601 time such as 2026-01-01T00:00:00Z\n")
        #expect(try sandbox.bytes(sandbox.db) == before)
    }

    @Test("the HTML timeline draws facts dated from the first accepted year on, never trapping", arguments: ["1020..2025", "1000", "1000-01-01..9999"])
    func ancientDates(_ date: String) throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try sandbox.succeed(["add", "event", "Old", "--on", date])
        let run = try sandbox.run(["report", "--format", "html"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("<svg"))
    }

    @Test("lead keeps every --source it is given, not only the last")
    func leadKeepsEverySource() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let id = try sandbox.succeed(["lead", "Two sources", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2025-09",
                                      "--source", "1", "--source", "2"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = try sandbox.succeed(["show", "pursuit", id, "--format", "json"])
        #expect(shown.contains("\"source_id\": 1,") && shown.contains("\"source_id\": 2,"))
    }

    @Test("a FIFO named as the ledger is refused at once, not waited on")
    func fifoLedger() throws {
        let sandbox = try Sandbox()
        #expect(mkfifo(sandbox.url("fifo").path, 0o600) == 0)
        let run = try sandbox.run(["head"], db: "fifo")
        #expect(run.status == 5)
        #expect(run.stderr == "govledger: error: ledger 'fifo': not a regular file, so not a ledger\n")
    }

    @Test("a search of 10,000 words is refused at once (it took 22 s)")
    func hugeSearch() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let started = Date()
        let run = try sandbox.run(["search", String(repeating: "a ", count: 10_000)])
        #expect(run.status == 3)
        #expect(run.stderr.hasSuffix(": expected at most 64 words to search for\n"))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("output that cannot be written is one line and exit 6, not a trap")
    func fullDisk() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let process = Process()
        process.executableURL = try #require(Binary.url)
        process.arguments = ["list", "agencies", "--db", sandbox.url(sandbox.db).path]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 6)
        #expect(said == "govledger: error: cannot write the output: No space left on device\n")
    }

    @Test("a report whose sums pass 64-bit cents refuses in one line instead of counting an award as unknown")
    func reportOverflow() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        for amount in ["50,000,000,000,000,000.00", "50,000,000,000,000,000.00", "1.00"] {
            try sandbox.succeed(["add", "award", "--vendor", "Salesforce", "--agency", "ICE", "--obligated", amount,
                                 "--on", "2025-03-01"])
        }
        let run = try sandbox.run(["report", "--format", "md"])
        #expect(run.status == 3)
        #expect(run.stderr == "govledger: error: refused: the obligations in this report's scope exceed what 64-bit cents can hold (±$92,233,720,368,547,758.07)\n")
    }
}
