import Foundation
import Testing

/// Correcting awards imported from a USAspending transactions download (docs/correcting.md): their image and
/// their import's digest cover their transactions, so releasing one from its import for a hand write must too.
@Suite("Correcting awards imported from transactions")
struct ImportedTransactionsTests {
    /// Two awards, of two vendors that are one company, each with two transactions.
    static let transactions = """
        contract_transaction_unique_key,contract_award_unique_key,award_id_piid,modification_number,recipient_name,recipient_uei,awarding_agency_code,federal_action_obligation,action_date
        TX-A0,TX-KEY-A,PIIDA,0,ACME LLC,ACMEUEI00001,070,100.00,2016-05-01
        TX-A1,TX-KEY-A,PIIDA,P00001,ACME LLC,ACMEUEI00001,070,50.00,2017-03-01
        TX-B0,TX-KEY-B,PIIDB,0,ACME FEDERAL LLC,ACMEUEI00002,070,200.00,2018-05-01
        TX-B1,TX-KEY-B,PIIDB,P00001,ACME FEDERAL LLC,ACMEUEI00002,070,-25.00,2019-03-01

        """

    /// Runs a write that must print `expected` and leave a ledger that verifies.
    func write(_ sandbox: Sandbox, _ arguments: [String], _ expected: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try sandbox.succeed(arguments, sourceLocation: sourceLocation) == expected, sourceLocation: sourceLocation)
        #expect(try sandbox.succeed(["verify"], sourceLocation: sourceLocation).hasPrefix("intact: "), sourceLocation: sourceLocation)
    }

    func importedLedger() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        try sandbox.write(Self.transactions, to: "transactions.csv")
        let imported = try sandbox.run(["import", "usaspending", "transactions.csv"])
        #expect(imported.status == 0, "\(imported)")
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
        return sandbox
    }

    @Test("edit, retract and restore an award imported with its transactions; verify stays intact and the history stays")
    func editRetractRestore() throws {
        let sandbox = try importedLedger()
        // Once refused as "award 1 was changed behind the journal's back" (exit 3) on an intact ledger.
        try write(sandbox, ["retract", "award", "2", "--reason", "x"], "2\n")
        try write(sandbox, ["edit", "award", "1", "--description", "Corrected by hand", "--reason", "the file's typo"], "1\n")
        try write(sandbox, ["retract", "award", "1", "--reason", "a duplicate"], "1\n")
        try write(sandbox, ["restore", "award", "1", "--reason", "not a duplicate"], "1\n")
        let shown = try sandbox.succeed(["show", "award", "1", "--format", "csv"])
        #expect(shown.contains("TX-A0") && shown.contains("TX-A1"), "\(shown)")
        // The same file again: the hand edit is kept, the retraction stands, and the ledger still verifies.
        let again = try sandbox.run(["import", "usaspending", "transactions.csv"])
        #expect(again.status == 0, "\(again)")
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
    }

    @Test("merging the vendor of awards imported with their transactions releases them whole; unmerge gives the alias back, journaled")
    func mergeVendor() throws {
        let sandbox = try importedLedger()
        try write(sandbox, ["merge", "vendor", "ACMEUEI00002", "--into", "ACMEUEI00001", "--reason", "one company"], """
            merged vendor 2 (ACME FEDERAL LLC) into vendor 1 (ACME LLC)
              awards: 1
              aliases: 1

            """)
        // The survivor gives back only the alias it took: once unjournaled ("differs from its journal image").
        try write(sandbox, ["unmerge", "vendor", "2"], """
            unmerged vendor 2 (ACME FEDERAL LLC) from vendor 1 (ACME LLC)
              awards: 1
              aliases: 1

            """)
    }
}
