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
        #expect(first.stderr == "us-local-gov-ice-contracts.csv: 720 rows read; awards 720 added, 0 updated, 0 unchanged; 303 vendors and 71 agencies created; 0 rejected\n")
        let head = try sandbox.succeed(["head"])
        let second = try sandbox.run(["import", "usaspending", file])
        #expect(second.stderr.contains("awards 0 added, 0 updated, 720 unchanged; 0 vendors and 0 agencies created"))
        #expect(try sandbox.succeed(["head"]) == head)
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
    }

    @Test("a rejected row refuses the file in one line (exit 6, ledger untouched); --skip-rejected imports the others")
    func rejectedRow() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        try sandbox.write("contract_award_unique_key,recipient_name,awarding_agency_code,total_obligated_amount\nK1,Acme,070,5.123\nK2,Acme,070,$5\nK3,Acme\n",
                          to: "awards.csv")
        let head = try sandbox.succeed(["head"])
        let refused = try sandbox.run(["import", "usaspending", "awards.csv"])
        #expect(refused.status == 6)
        #expect(refused.stderr == "govledger: error: 'awards.csv' row 2: invalid total_obligated_amount '5.123': expected an "
            + "amount like 1234.56, 1,234.56 or $1,234.56 (at most 2 decimals) (and 1 more rejected row); nothing imported "
            + "(--skip-rejected imports the others)\n")
        #expect(try sandbox.succeed(["head"]) == head)
        let run = try sandbox.run(["import", "usaspending", "--skip-rejected", "awards.csv"])
        #expect(run.status == 6)
        #expect(run.stderr == """
            awards.csv: 3 rows read; awards 1 added, 0 updated, 0 unchanged; 1 vendors and 0 agencies created; 2 rejected; normalised: amounts read with $, commas or parentheses (1 value, e.g. $5 → 500 cents)
              row 2: invalid total_obligated_amount '5.123': expected an amount like 1234.56, 1,234.56 or $1,234.56 (at most 2 decimals)
              row 4: has 2 fields; the header has 4

            """)
    }
}

@Suite("import sam")
struct ImportSAMTests {
    static let header = Package.root.appendingPathComponent("Tests/data/sam/ContractOpportunitiesFullCSV_header.txt")

    /// A SAM.gov bulk file: the real 47-column header, every field quoted, CRLF, Windows-1252 bytes (é is 0xE9,
    /// ’ is 0x92), a description over two lines.
    static func file(_ rows: [[String: String]]) throws -> Data {
        let headerLine = try String(contentsOf: header, encoding: .utf8).trimmingCharacters(in: .newlines)
        let columns = headerLine.split(separator: ",").map { String($0.dropFirst().dropLast()) }
        func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let text = ([headerLine] + rows.map { row in columns.map { quote(row[$0] ?? "") }.joined(separator: ",") })
            .joined(separator: "\r\n") + "\r\n"
        return Data(text.unicodeScalars.map { $0 == "’" ? 0x92 : UInt8($0.value) })
    }

    static func notice(_ id: String, type: String, title: String) -> [String: String] {
        ["NoticeId": id, "Title": title, "Department/Ind.Agency": "HOMELAND SECURITY, DEPARTMENT OF", "CGAC": "070",
         "Sub-Tier": "US IMMIGRATION AND CUSTOMS ENFORCEMENT", "FPDS Code": "7012", "Office": "ICE-DETENTION COMPLIANCE",
         "AAC Code": "70CDCR", "PostedDate": "2025-08-26 10:30:00.000-04", "Type": type, "BaseType": type,
         "ResponseDeadLine": "2025-09-10T17:00:00-04:00", "Active": "Yes", "Link": "https://sam.gov/opp/\(id)/view",
         "Description": "The agency\u{2019}s r\u{E9}sum\u{E9} screening:\r\nsecond line"]
    }

    static func rows() -> [[String: String]] {
        var award = notice("n2", type: "Award Notice", title: "Award: tip-line analytics")
        award["Awardee"] = "Acme Analytics, Inc."
        award["Award$"] = "$1,234.56"
        award["AwardDate"] = "2025-09-30"
        return [notice("n1", type: "Sources Sought", title: "Sources sought: r\u{E9}sum\u{E9} screening"), award]
    }

    @Test("imports a cp1252 bulk file, prints one summary line, and a second run changes nothing")
    func importsFile() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        try Self.file(Self.rows()).write(to: sandbox.url("ContractOpportunitiesFullCSV.csv"))
        let first = try sandbox.run(["import", "sam", "ContractOpportunitiesFullCSV.csv"])
        #expect(first.status == 0 && first.stdout.isEmpty, "\(first)")
        #expect(first.stderr == "ContractOpportunitiesFullCSV.csv: 2 rows read; solicitations 2 added, 0 updated, 0 unchanged; "
            + "awards 1 added, 0 updated, 0 unchanged; 1 vendors and 1 agencies created; 0 rejected\n")
        let head = try sandbox.succeed(["head"])
        let second = try sandbox.run(["import", "sam", "ContractOpportunitiesFullCSV.csv"])
        #expect(second.status == 0)
        #expect(second.stderr.contains("solicitations 0 added, 0 updated, 2 unchanged; awards 0 added, 0 updated, 1 unchanged"))
        #expect(try sandbox.succeed(["head"]) == head)
        let listed = try sandbox.succeed(["list", "solicitations", "--agency", "ICE", "--format", "csv"])
        #expect(listed.contains("Sources sought: résumé screening") && listed.contains("sources-sought"), "\(listed)")
        let awards = try sandbox.succeed(["list", "awards", "--vendor", "Acme Analytics", "--format", "nl"])
        #expect(awards.contains("\"award_key\": \"SAM_n2\"") && awards.contains("\"obligated_cents\": 123456"), "\(awards)")
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
    }

    @Test("a rejected row refuses the file (exit 6); --skip-rejected imports the others; a byte undefined in cp1252 rejects the whole file")
    func rejected() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        var rows = Self.rows()
        rows[1]["AwardDate"] = "30/09/2025"
        try Self.file(rows).write(to: sandbox.url("bad-date.csv"))
        let head = try sandbox.succeed(["head"])
        let refused = try sandbox.run(["import", "sam", "bad-date.csv"])
        #expect(refused.status == 6)
        #expect(refused.stderr == "govledger: error: 'bad-date.csv' row 4: invalid AwardDate '30/09/2025': expected a month "
            + "first, as US downloads write dates (8/26/2025); this looks day-first: resave the file with dates as "
            + "YYYY-MM-DD; nothing imported "
            + "(--skip-rejected imports the others)\n")
        #expect(try sandbox.succeed(["head"]) == head)
        let run = try sandbox.run(["import", "sam", "bad-date.csv", "--skip-rejected"])
        #expect(run.status == 6)
        #expect(run.stderr == """
            bad-date.csv: 2 rows read; solicitations 1 added, 0 updated, 0 unchanged; awards 0 added, 0 updated, 0 unchanged; 0 vendors and 1 agencies created; 1 rejected
              row 4: invalid AwardDate '30/09/2025': expected a month first, as US downloads write dates (8/26/2025); this looks day-first: resave the file with dates as YYYY-MM-DD

            """)
        var bytes = try Self.file(Self.rows())
        bytes[try #require(bytes.range(of: Data("second line".utf8))).lowerBound] = 0x9D  // line 3
        try bytes.write(to: sandbox.url("bad-byte.csv"))
        let before = try sandbox.succeed(["head"])
        let whole = try sandbox.run(["import", "sam", "bad-byte.csv"])
        #expect(whole.status == 6)
        #expect(whole.stderr.contains("'bad-byte.csv' row 3: is neither UTF-8 nor Windows-1252 text: byte 0x9D is undefined"), "\(whole)")
        #expect(try sandbox.succeed(["head"]) == before)
    }
}
