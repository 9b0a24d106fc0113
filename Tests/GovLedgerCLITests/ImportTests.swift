import Foundation
import Testing

@Suite("import usaspending")
struct ImportTests {
    static let data = Package.root.appendingPathComponent("Tests/data/usaspending")

    @Test("imports the real ICE file, prints one summary line, and a second run changes nothing")
    func realFile() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        let file = Self.data.appendingPathComponent("us-local-gov-ice-contracts.csv").path
        let first = try sandbox.run(["import", "usaspending", file])
        #expect(first.status == 0 && first.stdout.isEmpty)
        #expect(first.stderr == "us-local-gov-ice-contracts.csv: 720 rows read; awards 720 added, 0 updated, 0 unchanged; 303 vendors and 12 agencies created; 0 rejected\n")
        let head = try sandbox.succeed(["head"])
        let second = try sandbox.run(["import", "usaspending", file])
        #expect(second.stderr.contains("awards 0 added, 0 updated, 720 unchanged; 0 vendors and 0 agencies created"))
        #expect(try sandbox.succeed(["head"]) == head)
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
    }

    @Test("a rejected row is reported with its line and reason, and the exit status is 6")
    func rejectedRow() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        try sandbox.write("contract_award_unique_key,recipient_name,awarding_agency_code,total_obligated_amount\nK1,Acme,070,$5\nK2,Acme,070,5\n",
                          to: "awards.csv")
        let run = try sandbox.run(["import", "usaspending", "awards.csv"])
        #expect(run.status == 6)
        #expect(run.stderr == """
            awards.csv: 2 rows read; awards 1 added, 0 updated, 0 unchanged; 1 vendors and 1 agencies created; 1 rejected
              row 2: invalid total_obligated_amount '$5': expected an amount like 1200, 1,200.50 or -35.10 (at most 2 decimals)

            """)
    }
}
