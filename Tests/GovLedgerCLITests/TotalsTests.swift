import Foundation
import Testing

/// `govledger totals` on the two real ICE files: exact output, and figures equal to Python's own.
@Suite("Totals")
struct TotalsTests {
    static let ice = ["us-local-gov-ice-contracts.csv", "us-reg-state-gov-ice-contracts.csv"]
        .map { Package.root.appendingPathComponent("Tests/data/usaspending/\($0)").path }

    static func imported() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        _ = try sandbox.run(["import", "usaspending"] + ice)
        return sandbox
    }

    @Test("per administration, as a table in dollars")
    func byAdministration() throws {
        let sandbox = try Self.imported()
        #expect(try sandbox.succeed(["totals", "--by", "administration", "--format", "table"]) == """
            administration  currency  awards  obligated      potential      awards_without_obligation  basis
            --------------  --------  ------  -------------  -------------  -------------------------  ----------
            bush            USD       497     $3,536,937.69  $99,057.56     0                          start-date
            obama           USD       457     $4,644,386.42  $2,173,799.09  0                          start-date
            trump-1         USD       69      $3,302,259.37  $3,960,352.84  0                          start-date
            biden           USD       16      $728,731.09    $1,601,628.27  0                          start-date

            """)
    }

    @Test("the largest vendors of each administration, in exact cents for machines")
    func topVendorsPerAdministration() throws {
        let sandbox = try Self.imported()
        #expect(try sandbox.succeed(["totals", "--by", "administration,vendor", "--agency", "ICE", "--top", "1",
                                     "--format", "csv"]) == """
            administration,vendor,currency,awards,obligated_cents,potential_cents,awards_without_obligation,basis\r
            bush,NEBRASKA DEPARTMENT OF HEALTH & HUMAN SERVICES,USD,1,98000000,,0,start-date\r
            obama,HUDSON RIVER PARK TRUST,USD,3,98201004,71767884,0,start-date\r
            trump-1,COUNTY OF LEHIGH,USD,1,110207600,110207600,0,start-date\r
            biden,HUDSON RIVER PARK TRUST,USD,1,30487781,79735847,0,start-date\r

            """)
    }

    @Test("per administration and per fiscal year, equal to what Python's csv module computes from the files")
    func equalToPython() throws {
        let sandbox = try Self.imported()
        try sandbox.write(try sandbox.succeed(["totals", "--by", "administration", "--format", "json"]), to: "a.json")
        try sandbox.write(try sandbox.succeed(["totals", "--by", "fiscal-year", "--format", "json"]), to: "f.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Package.root.appendingPathComponent("Tests/data/usaspending/check_totals_command.py").path,
                             sandbox.url("a.json").path, sandbox.url("f.json").path] + Self.ice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("with a transactions file, money is dated by action date (basis column), equal to Python's own figures")
    func transactionsBasisEqualToPython() throws {
        let rice = ["rice-university-award-summaries.csv", "rice-university-transactions.csv"]
            .map { Package.root.appendingPathComponent("Tests/data/usaspending/\($0)").path }
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        _ = try sandbox.run(["import", "usaspending"] + rice)
        let table = try sandbox.succeed(["totals", "--by", "administration", "--format", "csv"])
        #expect(table.split(separator: "\r\n").dropFirst().allSatisfy { $0.hasSuffix(",transactions") }, "\(table)")
        try sandbox.write(try sandbox.succeed(["totals", "--by", "administration", "--format", "json"]), to: "a.json")
        try sandbox.write(try sandbox.succeed(["totals", "--by", "fiscal-year", "--format", "json"]), to: "f.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Package.root.appendingPathComponent("Tests/data/usaspending/check_totals_command.py").path,
                             sandbox.url("a.json").path, sandbox.url("f.json").path] + rice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("a fiscal year is a filter: FY2021 is 2020-10-01 to 2021-09-30")
    func fiscalYearFilter() throws {
        let sandbox = try Self.imported()
        #expect(try sandbox.succeed(["totals", "--by", "fiscal-year", "--fiscal-year", "2021", "--format", "nl"])
                == #"{"fiscal_year": "FY2021", "currency": "USD", "awards": 15, "obligated_cents": 70067234, "potential_cents": 153341952, "awards_without_obligation": 0, "basis": "start-date"}"# + "\n")
    }

    /// The text keys (award types) and the rolled-up keys (offices under their agency) group as the integer ones do.
    @Test("by award type and by agency: each group once, every award counted once, the same sums as by administration")
    func textAndRolledUpKeys() throws {
        let sandbox = try Self.imported()
        func rows(_ by: String) throws -> [[String: Any]] {
            let json = try sandbox.succeed(["totals", "--by", by, "--format", "json"])
            return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        }
        let byTerm = try rows("administration")
        func sums(_ rows: [[String: Any]]) -> (awards: Int, cents: Int) {
            rows.reduce((0, 0)) { ($0.0 + ($1["awards"] as? Int ?? 0), $0.1 + ($1["obligated_cents"] as? Int ?? 0)) }
        }
        for (by, column) in [("award-type", "award_type"), ("agency", "agency"), ("agency,award-type", "agency")] {
            let grouped = try rows(by)
            #expect(sums(grouped) == sums(byTerm), "\(by)")
            let keys = grouped.map { row in by.split(separator: ",").map { "\(row[String($0).replacingOccurrences(of: "-", with: "_")] ?? "")" } }
            #expect(Set(keys).count == grouped.count, "\(by): a group printed twice")
            #expect(grouped.allSatisfy { ($0[column] as? String)?.isEmpty == false }, "\(by)")
        }
        // ICE's offices are counted under ICE: no office name is a row of its own.
        #expect(try rows("agency").contains { ($0["agency"] as? String)?.contains("(ICE)") == true })
    }

    /// Identifiers, not names, make a vendor: two records of one name are two rows, each labelled with its number.
    @Test("two vendor records of one name stay two rows, told apart by number, until merged")
    func vendorsOfOneName() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        _ = try sandbox.succeed(["add", "vendor", "Acme", "--uei", "AAAAAAAAAAA1"])
        _ = try sandbox.succeed(["add", "vendor", "Acme", "--uei", "AAAAAAAAAAA2", "--distinct"])
        _ = try sandbox.succeed(["add", "vendor", "Zeta"])
        for (vendor, amount) in [("AAAAAAAAAAA1", "5"), ("AAAAAAAAAAA2", "3"), ("AAAAAAAAAAA2", "3"), ("Zeta", "7")] {
            _ = try sandbox.succeed(["add", "award", "--vendor", vendor, "--agency", "ICE", "--on", "2020-03", "--obligated", amount])
        }
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--format", "csv"]) == """
            vendor,currency,awards,obligated_cents,potential_cents,awards_without_obligation,basis\r
            Zeta,USD,1,700,,0,start-date\r
            Acme (vendor 2),USD,2,600,,0,start-date\r
            Acme (vendor 1),USD,1,500,,0,start-date\r

            """)
        // With only one of them shown, its name alone.
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--top", "2", "--format", "csv"]).contains("\nAcme,USD,2,600"))
        _ = try sandbox.succeed(["merge", "vendor", "2", "--into", "1", "--reason", "one company"])
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--format", "csv"]).contains("\nAcme,USD,3,1100"))
    }

    /// Every fiscal year `--by fiscal-year` can print, the first and last that dates allow included, filters.
    @Test("--fiscal-year filters FY1000 and FY10000, the fiscal years of the first and last dates")
    func fiscalYearsAtTheEdges() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        _ = try sandbox.succeed(["add", "vendor", "Acme"])
        for (on, amount) in [("1000-03", "1"), ("9999-11", "2"), ("9999-09", "4")] {
            _ = try sandbox.succeed(["add", "award", "--vendor", "Acme", "--agency", "ICE", "--on", on, "--obligated", amount])
        }
        #expect(try sandbox.succeed(["totals", "--by", "fiscal-year", "--format", "csv"]).split(separator: "\r\n").map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
                == ["fiscal_year,currency,awards,obligated_cents", "FY1000,USD,1,100", "FY9999,USD,1,400", "FY10000,USD,1,200"])
        for (year, cents) in [("1000", "100"), ("9999", "400"), ("10000", "200")] {
            let row = try sandbox.succeed(["totals", "--by", "fiscal-year", "--fiscal-year", year, "--format", "csv"])
            #expect(row.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") }
                    == ["FY\(year),USD,1,\(cents)"], "\(year): \(row)")
        }
    }

    @Test("no awards: an empty list")
    func empty() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--format", "json"]) == "[]\n")
    }

    static let bad: [(arguments: [String], status: Int32, message: String)] = [
        (["--by", "nonsense"], 3, "invalid --by 'nonsense': expected one of administration, fiscal-year, year, vendor, agency, award-type"),
        (["--by", "year,year"], 3, "invalid --by 'year,year': expected each dimension once"),
        (["--by", "vendor", "--top", "0"], 3, "invalid --top '0': expected a number from 1 to 10000"),
        (["--by", "vendor", "--vendor", "Nobody At All"], 4, "unknown vendor 'Nobody At All'"),
        ([], 2, "Missing expected argument '--by <dimension[,dimension…]>'"),
    ]

    @Test("bad input: one line, documented status", arguments: bad.indices)
    func badInput(_ index: Int) throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        let run = try sandbox.run(["totals"] + Self.bad[index].arguments)
        #expect(run.status == Self.bad[index].status)
        #expect(run.stderr == "govledger: error: \(Self.bad[index].message)\n")
        #expect(run.stdout == "")
    }
}
