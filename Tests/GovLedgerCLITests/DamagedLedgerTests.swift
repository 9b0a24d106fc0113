import Foundation
import Testing

/// A ledger damaged behind the journal's back (the sqlite3 shell, `PRAGMA writable_schema`, a bad disk): every
/// command answers with a documented status and one line, never a trap, and no answer, error or crash report
/// carries a confidential source's content (issue 14, items 3 and 5).
@Suite("Damaged ledgers")
struct DamagedLedgerTests {
    /// Statuses the README documents; a trap ends with 132–139 (SIGILL, SIGTRAP, SIGABRT, SIGSEGV).
    static let documented: Set<Int32> = [0, 1, 2, 3, 4, 5, 6]

    /// Runs the sqlite3 shell on the sandbox's ledger.
    static func sqlite3(_ sandbox: Sandbox, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [sandbox.url(sandbox.db).path, sql]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3 failed on: \(sql)")
    }

    /// Values of the wrong type in STRICT tables: the table's definition is loosened with writable_schema, the
    /// value written, and the definition put back, so the schema itself compares equal to schema.sql.
    static func wrongTypes(_ sandbox: Sandbox, source: String) throws {
        for table in ["awards", "citations", "sources"] {
            try sqlite3(sandbox, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, ') STRICT', ')') WHERE name = '\(table)'")
        }
        try sqlite3(sandbox, "UPDATE awards SET obligated_cents = 'lots' WHERE id = 1; UPDATE citations SET page = 'two' WHERE source_id = \(source); UPDATE sources SET url = 12, publisher = x'5a51' WHERE id = \(source)")
        for table in ["awards", "citations", "sources"] {
            try sqlite3(sandbox, "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = sql || ' STRICT' WHERE name = '\(table)'")
        }
    }

    static let damages: [(name: String, apply: @Sendable (Sandbox, String) throws -> Void)] = [
        ("a confidential source's date that is not a date", { sandbox, source in
            try sqlite3(sandbox, "UPDATE sources SET date = 'garbage' WHERE id = \(source)")
        }),
        ("values of the wrong type in STRICT tables", { sandbox, source in try wrongTypes(sandbox, source: source) }),
    ]

    @Test("every command answers a damaged ledger with a documented status, never a trap nor a confidential field",
          arguments: damages.indices)
    func damaged(_ index: Int) throws {
        let (sandbox, source) = try SourceProtectionTests.ledger()
        try Self.damages[index].apply(sandbox, source)
        var failed = 0
        for arguments in SourceProtectionTests.commands(source: source) + [["export", "sqlite", "public.sqlite"]] {
            let run = try sandbox.run(arguments)
            #expect(Self.documented.contains(run.status), "\(arguments) exited \(run.status): \(run.stderr.prefix(400))")
            #expect(!run.stderr.contains("Fatal error"), "\(arguments) trapped")
            #expect(run.stderr.split(separator: "\n").count <= 1, "\(arguments) said more than one line: \(run.stderr.prefix(400))")
            for marker in SourceProtectionTests.markers {
                #expect(!run.stdout.localizedCaseInsensitiveContains(marker), "\(arguments) printed \(marker)")
                #expect(!run.stderr.localizedCaseInsensitiveContains(marker), "\(arguments) said \(marker)")
            }
            if run.status != 0 { failed += 1 }
        }
        // The damage is noticed: verify at least says the ledger is broken.
        #expect(try sandbox.run(["verify"]).status == 1)
        #expect(failed > 0)
    }
}
