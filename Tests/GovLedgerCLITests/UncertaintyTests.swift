import Foundation
import Testing

/// Saying what is not known (docs/model.md, "Precision"), end to end: open date ranges, `trump` as either term,
/// approximate counts and amounts, through add, list, show, report, check, the exports and a JSON round trip.
@Suite("Uncertainty")
struct UncertaintyTests {
    /// An empty ledger with Salesforce in it (ICE comes with the agency reference).
    func ledger() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        #expect(try sandbox.succeed(["add", "vendor", "Salesforce"]) == "1\n")
        return sandbox
    }

    func write(_ sandbox: Sandbox, _ arguments: [String], _ expected: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try sandbox.succeed(arguments, sourceLocation: sourceLocation) == expected, sourceLocation: sourceLocation)
        #expect(try sandbox.succeed(["verify"], sourceLocation: sourceLocation).hasPrefix("intact: "), sourceLocation: sourceLocation)
    }

    @Test("an RFI answered 'before August 26' and a petition 'since the inauguration': open ranges kept as written")
    func openRanges() throws {
        let sandbox = try ledger()
        try write(sandbox, ["add", "pursuit", "Answer to ICE's hiring RFI", "--vendor", "Salesforce", "--agency", "ICE",
                            "--kind", "hiring-recruitment", "--on", "..2025-08-26"], "1\n")
        try write(sandbox, ["add", "event", "Petition against ICE work", "--kind", "petition", "--on", "2025-01-20..",
                            "--vendor", "Salesforce"], "1\n")
        try write(sandbox, ["stage", "1", "responded", "--on", "..2025-08-26", "--note", "memo sent before Aug 26"], "2\n")
        try write(sandbox, ["add", "document", "Memo", "--kind", "memo", "--on", "2025-08..", "--pursuit", "1"], "1\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--format", "csv"]) == """
            id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources\r
            1,Answer to ICE's hiring RFI,Salesforce,ICE,hiring-recruitment,responded,..2025-08-26,ambiguous,,,,Memo,\r

            """)
        #expect(try sandbox.succeed(["list", "events", "--format", "csv"]) == """
            id,kind,title,date,administration,signatures,signatures_qualifier,url,linked,sources\r
            1,petition,Petition against ICE work,2025-01-20..,trump-2,,,,vendor 1: Salesforce,\r

            """)
        // Filters treat an open end as "may be any day that side".
        #expect(try sandbox.succeed(["list", "pursuits", "--since", "2025-08", "--format", "csv"]).contains("\n1,"))
        #expect(try sandbox.succeed(["list", "pursuits", "--until", "2001", "--format", "csv"]).contains("\n1,"))
        #expect(try !sandbox.succeed(["list", "pursuits", "--since", "2025-08-27", "--format", "csv"]).contains("\n1,"))
        #expect(try !sandbox.succeed(["list", "events", "--until", "2025-01-19", "--format", "csv"]).contains("\n1,"))
        #expect(try sandbox.succeed(["list", "events", "--administration", "trump-2", "--format", "csv"]).contains("\n1,"))
        #expect(try !sandbox.succeed(["list", "pursuits", "--administration", "trump-2", "--format", "csv"]).contains("\n1,"))
        // Open ranges as filter values too.
        #expect(try sandbox.succeed(["list", "events", "--since", "..2025", "--format", "csv"]).contains("\n1,"))
        #expect(try sandbox.succeed(["list", "documents", "--since", "2025-09", "--format", "csv"]).contains(",Memo,"))

        let report = try sandbox.succeed(["report", "--vendor", "Salesforce", "--format", "md"])
        #expect(report.contains("- Stage: **responded** · Date: ..2025-08-26 (ambiguous)"), "\(report)")
        let check = try sandbox.succeed(["check", "--format", "csv"])
        #expect(check.contains("..2025-08-26 straddles clinton and bush and obama and trump-1 and biden and trump-2"), "\(check)")
        #expect(!check.contains("2025-01-20.. straddles"), "\(check)")

        // The exports say only the end that is known.
        let ftm = try sandbox.succeed(["export", "ftm"])
        let pursuit = try #require(ftm.split(separator: "\n").first { $0.contains("\"Answer to ICE's hiring RFI\"") })
        #expect(pursuit.contains(#""endDate":["2025-08-26"]"#), "\(pursuit)")
        #expect(!pursuit.contains("startDate") && !pursuit.contains("1000-01-01"), "\(pursuit)")
        let event = try #require(ftm.split(separator: "\n").first { $0.contains("Petition against ICE work") })
        #expect(event.contains(#""startDate":["2025-01-20"]"#) && !event.contains("endDate"), "\(event)")
        let ocds = try sandbox.succeed(["export", "ocds"])
        #expect(!ocds.contains("1000-01-01") && !ocds.contains("9999-12-31"), "\(ocds)")
        #expect(ocds.contains("\"datePublished\": \"2025-08-01T00:00:00Z\"") || ocds.contains("\"datePublished\":\"2025-08-01T00:00:00Z\""), "\(ocds)")

        try roundTrip(sandbox)
    }

    @Test("`trump` is either Trump term: as a date it is ambiguous between exactly those two; as a filter it is both")
    func eitherTrumpTerm() throws {
        let sandbox = try ledger()
        try write(sandbox, ["add", "pursuit", "Under President Trump", "--vendor", "Salesforce", "--agency", "ICE",
                            "--on", "Trump"], "1\n")
        try write(sandbox, ["add", "pursuit", "First term", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2018"], "2\n")
        try write(sandbox, ["add", "pursuit", "Biden years", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2022"], "3\n")
        try write(sandbox, ["add", "pursuit", "Second term", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2025-03"], "4\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--format", "csv"]).contains(
            "1,Under President Trump,Salesforce,ICE,other,lead,trump,ambiguous: trump-1 or trump-2,"))
        let either = try sandbox.succeed(["list", "pursuits", "--administration", "trump", "--format", "csv"])
        #expect(either.contains("\n1,") && either.contains("\n2,") && either.contains("\n4,"), "\(either)")
        #expect(!either.contains("\n3,"), "\(either)")
        let second = try sandbox.succeed(["list", "pursuits", "--administration", "trump-2", "--format", "csv"])
        #expect(!second.contains("\n1,") && second.contains("\n4,"), "\(second)")
        #expect(try sandbox.succeed(["show", "pursuit", "1", "--format", "json"]).contains("\"ambiguous: trump-1 or trump-2\""))
        let report = try sandbox.succeed(["report", "--vendor", "Salesforce", "--administration", "trump", "--format", "md"])
        #expect(report.contains("Date: trump (ambiguous: trump-1 or trump-2)"), "\(report)")
        #expect(report.contains("under Trump (either term)"), "\(report)")
        #expect(!report.contains("Biden years"), "\(report)")
        let check = try sandbox.succeed(["check", "--format", "csv"])
        #expect(check.contains("trump may be trump-1 or trump-2 (name the term)"), "\(check)")
        // Totals under either term: the first and second terms' awards, not Biden's.
        for (on, amount) in [("2018-05", "100"), ("2022-05", "200"), ("2025-05", "400")] {
            #expect(try sandbox.run(["add", "award", "--vendor", "Salesforce", "--agency", "ICE", "--on", on,
                                     "--obligated", amount]).status == 0)
        }
        let totals = try sandbox.succeed(["totals", "--by", "administration", "--administration", "trump", "--format", "csv"])
        #expect(totals.contains("trump-1,") && totals.contains("trump-2,") && !totals.contains("biden"), "\(totals)")
        // Narrowed, it is one term and no longer ambiguous.
        try write(sandbox, ["edit", "pursuit", "1", "--on", "trump-2", "--reason", "the memo is dated 2025"], "1\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--administration", "trump-2", "--format", "csv"]).contains("\n1,"))
        try roundTrip(sandbox)
    }

    @Test("'nearly 900 signatures' and an estimate of about $1.2 million: the number plus the word, everywhere")
    func approximateFigures() throws {
        let sandbox = try ledger()
        try write(sandbox, ["add", "pursuit", "Agentforce for ICE", "--vendor", "Salesforce", "--agency", "ICE",
                            "--on", "2025-09", "--value", "~1,200,000"], "1\n")
        try write(sandbox, ["add", "event", "Google employees petition", "--kind", "petition", "--on", "2026-02",
                            "--signatures", "nearly 900"], "1\n")
        try write(sandbox, ["add", "event", "Salesforce employees' letter", "--kind", "letter", "--on", "2026",
                            "--signatures", "More than 1,400"], "2\n")
        try write(sandbox, ["add", "event", "Meeting", "--on", "2026", "--signatures", "12"], "3\n")
        #expect(try sandbox.succeed(["list", "events", "--format", "csv"]) == """
            id,kind,title,date,administration,signatures,signatures_qualifier,url,linked,sources\r
            2,letter,Salesforce employees' letter,2026,trump-2,1400,more than,,,\r
            3,other,Meeting,2026,trump-2,12,,,,\r
            1,petition,Google employees petition,2026-02,trump-2,900,nearly,,,\r

            """)
        let table = try sandbox.succeed(["list", "events", "--format", "table"])
        #expect(table.contains("nearly 900") && table.contains("more than 1,400"), "\(table)")
        let json = try #require(try sandbox.run(["list", "events", "--format", "json"]).json() as? [[String: Any]])
        #expect(json.map { $0["signatures"] as? Int } == [1400, 12, 900])
        #expect(json.map { $0["signatures_qualifier"] as? String } == ["more than", nil, "nearly"])
        let pursuits = try #require(try sandbox.run(["list", "pursuits", "--format", "json"]).json() as? [[String: Any]])
        #expect(pursuits.first?["estimated_value_cents"] as? Int == 120_000_000)
        #expect(pursuits.first?["estimated_value_qualifier"] as? String == "about")

        let report = try sandbox.succeed(["report", "--vendor", "Salesforce", "--format", "md"])
        #expect(report.contains("- Estimated value: about $1,200,000.00"), "\(report)")
        let reportJSON = try sandbox.succeed(["report", "--vendor", "Salesforce", "--format", "json"])
        #expect(reportJSON.contains("\"estimated_value_qualifier\""), "\(reportJSON)")
        let ftm = try sandbox.succeed(["export", "ftm"])
        #expect(ftm.contains("Signatures: nearly 900") && ftm.contains("Signatures: more than 1400"), "\(ftm)")
        #expect(ftm.contains("estimated value: about USD 1,200,000.00"), "\(ftm)")
        let ocds = try sandbox.succeed(["export", "ocds"])
        #expect(ocds.contains("120000") || ocds.contains("1200000"), "\(ocds)")

        // A new exact figure drops the word; a new approximate one brings its own.
        let before = try #require(try sandbox.succeed(["head"]).split(separator: " ").first.map(String.init))
        try write(sandbox, ["edit", "event", "1", "--signatures", "912", "--reason", "the petition page counts 912"], "1\n")
        // For an editor the number and its word change together; machines get the two fields.
        let diff = try sandbox.succeed(["diff", before, "--format", "md"])
        #expect(diff.contains("  - signatures: `nearly 900` → `912`\n") && !diff.contains("signatures_qualifier"), "\(diff)")
        let csv = try sandbox.run(["diff", before, "--format", "csv"]).stdout
        #expect(csv.contains("signatures_qualifier,nearly,,"), "\(csv)")
        try write(sandbox, ["edit", "pursuit", "1", "--value", "up to 2,000,000"], "1\n")
        #expect(try sandbox.succeed(["list", "events", "--format", "csv"]).contains("1,petition,Google employees petition,2026-02,trump-2,912,,"))
        #expect(try sandbox.succeed(["report", "--vendor", "Salesforce", "--format", "md"]).contains("- Estimated value: up to $2,000,000.00"))
        try write(sandbox, ["edit", "pursuit", "1", "--clear", "value"], "1\n")
        let cleared = try #require(try sandbox.run(["list", "pursuits", "--format", "json"]).json() as? [[String: Any]])
        #expect(cleared.first?["estimated_value_qualifier"] is NSNull)
        try roundTrip(sandbox)
    }

    @Test("an exact figure's journal image has no qualifier: images written before schema 13 stay as they were")
    func exactImagesUnchanged() throws {
        let sandbox = try ledger()
        try write(sandbox, ["add", "event", "Letter", "--on", "2026", "--signatures", "1400"], "1\n")
        let journal = try sandbox.succeed(["journal", "--format", "json"])
        #expect(journal.contains("signatures") && !journal.contains("qualifier"), "\(journal)")
        try write(sandbox, ["add", "event", "Petition", "--on", "2026", "--signatures", "~900"], "2\n")
        #expect(try sandbox.succeed(["journal", "--format", "json"]).contains("signatures_qualifier"))
    }

    /// `export json` → `load` into a new ledger → `export json` is byte for byte the same.
    func roundTrip(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let exported = try sandbox.succeed(["export", "json"], sourceLocation: sourceLocation)
        try sandbox.write(exported, to: "ledger.json")
        #expect(try sandbox.run(["init"], db: "copy.sqlite").status == 0, sourceLocation: sourceLocation)
        #expect(try sandbox.run(["load", "ledger.json"], db: "copy.sqlite").status == 0, sourceLocation: sourceLocation)
        #expect(try sandbox.succeed(["export", "json"], db: "copy.sqlite", sourceLocation: sourceLocation) == exported,
                sourceLocation: sourceLocation)
        #expect(try sandbox.succeed(["verify"], db: "copy.sqlite", sourceLocation: sourceLocation).hasPrefix("intact: "),
                sourceLocation: sourceLocation)
    }
}
