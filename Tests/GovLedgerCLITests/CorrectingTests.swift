import Foundation
import Testing

/// Correcting the record (docs/correcting.md): edit, retract and restore, one vendor one record, merge and
/// unmerge, repeatable options. Exact output, exit status, and `verify` after every command that writes.
@Suite("Correcting the record")
struct CorrectingTests {
    static let usaspending = Package.root.appendingPathComponent("Tests/data/usaspending")

    /// Runs a write that must print `expected` and leave a ledger that verifies.
    func write(_ sandbox: Sandbox, _ arguments: [String], _ expected: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try sandbox.succeed(arguments, sourceLocation: sourceLocation) == expected, sourceLocation: sourceLocation)
        #expect(try sandbox.succeed(["verify"], sourceLocation: sourceLocation).hasPrefix("intact: "), sourceLocation: sourceLocation)
    }

    @Test("edit corrects a date: one journal entry with the field, the reason, before and after; derived range and administration follow")
    func editSolicitationDate() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try write(sandbox, ["edit", "solicitation", "1", "--posted", "2025-08-20", "--reason", "dated 2025 by mistake"], "1\n")
        #expect(try sandbox.succeed(["list", "solicitations", "--format", "csv"]) == """
            id,title,agency,notice_type,notice_id,solicitation_number,posted,administration,response_due\r
            1,"ICE request for firms to explain how they could help hire 10,000 more officers and agents",ICE,request-for-information,,,2025-08-20,trump-2,\r

            """)
        let journal = try sandbox.succeed(["journal", "--since", "121", "--format", "nl"])
        #expect(journal.hasPrefix("""
            {"seq": 121, "at": "2026-03-01T12:00:00Z", "actor": "cli-tests", "command": "edit solicitation", "kind": "solicitation", "record_id": 1, "change": "updated", "fields": ["posted"], "reason": "dated 2025 by mistake", "before": 
            """))
        #expect(journal.components(separatedBy: "\n").count == 2, "one entry: \(journal)")
        #expect(journal.contains(#"\"posted\":\"2025-08-20\""#))
        // --clear empties an optional field; the fields of `add` are the fields of `edit`.
        try write(sandbox, ["edit", "solicitation", "1", "--clear", "description", "--number", "70CDCR25R00001"], "1\n")
        #expect(try sandbox.succeed(["list", "solicitations", "--format", "csv"]).contains(",,70CDCR25R00001,2025-08-20,trump-2,"))
    }

    @Test("editing or retracting a stage change recomputes the pursuit's stage; restore brings it back")
    func stageChanges() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try write(sandbox, ["stage", "1", "lost", "--on", "2025-09"], "7\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--stage", "lost", "--format", "csv"]).hasPrefix("id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources\r\n1,"))
        // A stage entered by mistake: corrected, then retracted.
        try write(sandbox, ["edit", "stage-change", "7", "--stage", "withdrawn", "--reason", "it was withdrawn, not lost"], "7\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--stage", "withdrawn", "--format", "csv"]).contains("\r\n1,"))
        try write(sandbox, ["retract", "stage-change", "7", "--reason", "no such stage was reported"], "7\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--stage", "responded", "--format", "csv"]).contains("\r\n1,"))
        #expect(try sandbox.succeed(["list", "stages", "--stage", "withdrawn", "--format", "csv"]) == "id,pursuit_id,pursuit,stage,date,administration,note,sources\r\n")
        #expect(try sandbox.succeed(["list", "stages", "--stage", "withdrawn", "--include-retracted", "--format", "csv"]).hasSuffix(",no such stage was reported\r\n"))
        try write(sandbox, ["restore", "stage-change", "7"], "7\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--stage", "withdrawn", "--format", "csv"]).contains("\r\n1,"))
    }

    @Test("a retracted pursuit leaves list, show, search, report, totals and the open exports, stays in export json and the journal")
    func retractHidesEverywhere() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let title = "Salesforce AI agents for ICE's tip line and investigations"
        let reads: [[String]] = [["list", "pursuits", "--format", "csv"], ["list", "stages", "--format", "csv"],
                                 ["show", "vendor", "Salesforce", "--format", "json"], ["search", "tip line", "--format", "csv"],
                                 ["report", "--vendor", "Salesforce"], ["export", "ocds"], ["export", "ftm"]]
        for read in reads { #expect(try sandbox.succeed(read).contains(title), "\(read)") }
        try write(sandbox, ["retract", "pursuit", "2", "--reason", "an internal brainstorm, not a pitch"], "2\n")
        for read in reads { #expect(try !sandbox.succeed(read).contains(title), "\(read) still shows the retracted pursuit") }
        // Kept, marked, and in the interchange file with its citations.
        let marked = try sandbox.succeed(["list", "pursuits", "--include-retracted", "--format", "csv"])
        #expect(marked.hasPrefix("id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources,retracted\r\n"))
        #expect(marked.contains(",\"an internal brainstorm, not a pitch\"\r\n"))
        #expect(try sandbox.succeed(["show", "pursuit", "2", "--include-retracted", "--format", "json"]).contains(#""retracted": "an internal brainstorm, not a pitch""#))
        #expect(try sandbox.succeed(["export", "json"]).contains(#""retraction" : "an internal brainstorm, not a pitch""#))
        try write(sandbox, ["restore", "pursuit", "2", "--reason", "it was a pitch after all"], "2\n")
        for read in reads { #expect(try sandbox.succeed(read).contains(title), "\(read)") }
        #expect(try sandbox.succeed(["history", "pursuit", "2", "--format", "csv"]).contains(",restore pursuit,pursuit,2,updated,retraction,it was a pitch after all,"))
    }

    @Test("add vendor refuses a name another vendor goes by unless --distinct (51 real names repeat with different UEIs)")
    func oneVendorOneRecord() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let refused = try sandbox.run(["add", "vendor", "Salesforce, Inc."])
        #expect(refused.status == 3)
        #expect(refused.stderr == "govledger: error: invalid name 'Salesforce, Inc.': expected a new vendor; Salesforce (vendor 1) already goes by that name, use that one (or --distinct if they really are different companies)\n")
        let alias = try sandbox.run(["add", "vendor", "Salesforce Government Cloud", "--alias", "Slack"])
        #expect(alias.stderr == "govledger: error: invalid alias 'Slack': expected a new vendor; Slack Technologies (vendor 2) already goes by that name, use that one (or --distinct if they really are different companies)\n")
        try write(sandbox, ["add", "vendor", "Adams, County of", "--uei", "PUK2K5DSNUK3"], "9\n")
        try write(sandbox, ["add", "vendor", "Adams, County of", "--uei", "ZG3GRD183CY6", "--distinct"], "10\n")
        #expect(try sandbox.succeed(["list", "vendors", "--vendor", "ZG3GRD183CY6", "--format", "csv"]) == "id,name,uei,parent,aliases,website\r\n10,\"Adams, County of\",ZG3GRD183CY6,,,\r\n")
    }

    @Test("merge vendor: --dry-run changes nothing; the merge moves pursuits, links and names; old references resolve; unmerge undoes it")
    func mergeAndUnmerge() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try write(sandbox, ["add", "vendor", "Palantir USG Inc", "--uei", "PALANTIRUSG1", "--distinct"], "9\n")
        try write(sandbox, ["add", "pursuit", "Case management for HSI", "--vendor", "PALANTIRUSG1", "--agency", "ICE", "--on", "2025-04"], "7\n")
        try write(sandbox, ["add", "document", "Palantir USG memo", "--vendor", "9", "--vendor", "Palantir Technologies"], "7\n")
        let before = try sandbox.bytes("ledger.sqlite")
        #expect(try sandbox.succeed(["merge", "vendor", "Palantir USG Inc", "--into", "Palantir Technologies", "--dry-run"]) == """
            would merge vendor 9 (Palantir USG Inc) into vendor 3 (Palantir Technologies)
              pursuits: 1
              documents: 1
              aliases: 1

            """)
        #expect(try sandbox.bytes("ledger.sqlite") == before)
        try write(sandbox, ["merge", "vendor", "Palantir USG Inc", "--into", "Palantir Technologies", "--reason", "USG is Palantir's federal unit"], """
            merged vendor 9 (Palantir USG Inc) into vendor 3 (Palantir Technologies)
              pursuits: 1
              documents: 1
              aliases: 1

            """)
        // One vendor: the merged one's id, name and UEI all answer for the survivor, which took its UEI and name.
        #expect(try sandbox.succeed(["list", "vendors", "--vendor", "9", "--format", "csv"]) == """
            id,name,uei,parent,aliases,website\r
            3,Palantir Technologies,PALANTIRUSG1,,Palantir; Palantir USG Inc,\r

            """)
        for ref in ["9", "Palantir USG Inc", "PALANTIRUSG1"] {
            #expect(try sandbox.succeed(["list", "pursuits", "--vendor", ref, "--format", "csv"]).contains("\r\n7,Case management for HSI,Palantir Technologies,ICE,"), "\(ref)")
        }
        // The merged vendor is a pointer now, not a row of its own.
        #expect(try !sandbox.succeed(["list", "vendors", "--format", "csv"]).contains("\r\n9,"))
        #expect(try sandbox.succeed(["list", "documents", "--vendor", "Palantir", "--format", "csv"]).contains(",vendor 3: Palantir Technologies,"))
        #expect(try sandbox.succeed(["journal", "--since", "124", "--format", "csv"]).contains(",merge vendor 9 into 3,vendor,9,updated,merged_into_id; uei,USG is Palantir's federal unit,"))

        try write(sandbox, ["unmerge", "vendor", "9", "--reason", "kept apart for the story"], """
            unmerged vendor 9 (Palantir USG Inc) from vendor 3 (Palantir Technologies)
              pursuits: 1
              documents: 1
              aliases: 1

            """)
        #expect(try sandbox.succeed(["list", "vendors", "--vendor", "Palantir", "--format", "csv"]) == "id,name,uei,parent,aliases,website\r\n3,Palantir Technologies,,,Palantir,\r\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--vendor", "9", "--format", "csv"]).contains("\r\n7,Case management for HSI,Palantir USG Inc,ICE,"))
        #expect(try sandbox.succeed(["list", "documents", "--vendor", "9", "--format", "csv"]).contains(",vendor 3: Palantir Technologies; vendor 9: Palantir USG Inc,"))
    }

    @Test("editing and merging imported awards keeps verify and verify --at the import's head intact; the edit is marked as by hand")
    func importedAwards() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        let file = Self.usaspending.appendingPathComponent("us-local-gov-ice-contracts.csv").path
        #expect(try sandbox.run(["import", "usaspending", file]).status == 0)
        let head = try sandbox.succeed(["head"]).dropLast().split(separator: " ").map(String.init)
        try write(sandbox, ["edit", "award", "CONT_AWD_HSVSF5P0004_7012_-NONE-_-NONE-", "--obligated", "1234.50", "--reason", "the file's typo"], "456\n")
        let award = try sandbox.succeed(["export", "json"])
        #expect(award.contains(#""edited_by_hand" : true"#))
        #expect(award.contains(#""source_file" : "us-local-gov-ice-contracts.csv""#))
        try write(sandbox, ["merge", "vendor", "ZG3GRD183CY6", "--into", "PUK2K5DSNUK3"], """
            merged vendor 41 (ADAMS, COUNTY OF) into vendor 30 (ADAMS, COUNTY OF)
              awards: 1
              aliases: 1

            """)
        try write(sandbox, ["retract", "award", "131", "--reason", "a duplicate row"], "131\n")
        #expect(try sandbox.succeed(["verify", "--at"] + head).hasPrefix("intact: "))
        // A newer file (here the same rows, saved again) keeps the hand edit and says so; the retracted award
        // stays retracted, the merged vendor's award stays with its survivor.
        try sandbox.write(try String(contentsOfFile: file, encoding: .utf8) + "\n", to: "newer.csv")
        let again = try sandbox.run(["import", "usaspending", "newer.csv"])
        #expect(again.status == 0)
        #expect(again.stderr == "newer.csv: 720 rows read; awards 0 added, 0 updated, 719 unchanged; 1 kept as edited by hand, the file differs (award 456); 0 vendors and 0 agencies created; 0 rejected\n")
        #expect(try !sandbox.succeed(["list", "awards", "--format", "csv"]).contains("\r\n131,"))
        #expect(try sandbox.succeed(["list", "awards", "--vendor", "30", "--format", "csv"]).contains(",HSCEOP07P00336,"))
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
        try write(sandbox, ["unmerge", "vendor", "41"], """
            unmerged vendor 41 (ADAMS, COUNTY OF) from vendor 30 (ADAMS, COUNTY OF)
              awards: 1
              aliases: 1

            """)
    }

    @Test("export json then load round-trips retractions, merges and hand edits byte for byte")
    func interchangeRoundTrip() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try write(sandbox, ["add", "vendor", "Palantir USG Inc", "--uei", "PALANTIRUSG1", "--distinct"], "9\n")
        _ = try sandbox.succeed(["merge", "vendor", "9", "--into", "Palantir"])
        // The open exports use the merged identity: one company, which FollowTheMoney knows the old id for.
        let ftm = try sandbox.succeed(["export", "ftm"])
        #expect(ftm.contains(#""id":"govledger-vendor-3","properties":"#) && ftm.contains(#""referents":["govledger-vendor-9"]"#))
        #expect(!ftm.contains(#""id":"govledger-vendor-9""#))
        try write(sandbox, ["retract", "event", "1", "--reason", "misdated"], "1\n")
        try write(sandbox, ["edit", "award", "1", "--description", "Corrected by hand"], "1\n")
        let exported = try sandbox.succeed(["export", "json"])
        try sandbox.write(exported, to: "ledger.json")
        #expect(try sandbox.run(["init"], db: "copy.sqlite").status == 0)
        #expect(try sandbox.run(["load", "ledger.json"], db: "copy.sqlite").status == 0)
        #expect(try sandbox.succeed(["export", "json"], db: "copy.sqlite") == exported)
        #expect(try sandbox.succeed(["verify"], db: "copy.sqlite").hasPrefix("intact: "))
        #expect(try sandbox.succeed(["list", "vendors", "--vendor", "9", "--format", "csv"], db: "copy.sqlite").contains("\r\n3,Palantir Technologies,PALANTIRUSG1,"))
    }

    @Test("a repeatable option keeps every value: two --source cite both")
    func repeatableOptions() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try write(sandbox, ["lead", "Tip-line triage", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2025-11",
                            "--source", "1", "--source", "2"], "7\n")
        let citations = try sandbox.succeed(["show", "pursuit", "7", "--format", "json"])
        #expect(citations.contains(#""source_id": 1"#) && citations.contains(#""source_id": 2"#))
        try write(sandbox, ["edit", "vendor", "Slack", "--alias", "Slack Technologies, LLC", "--alias", "Slack Federal"], "2\n")
        #expect(try sandbox.succeed(["list", "vendors", "--vendor", "Slack", "--format", "csv"]).contains(#","Slack; Slack Technologies, LLC; Slack Federal","#))
    }

    @Test("merge agency: a typed-in agency that is really a reference row; unmerge gives it back its pursuit")
    func mergeAgency() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try write(sandbox, ["add", "agency", "Office of Tips", "--level", "office", "--parent", "ICE"], "1517\n")
        try write(sandbox, ["add", "pursuit", "Tip AI", "--vendor", "Salesforce", "--agency", "Office of Tips", "--on", "2025"], "7\n")
        try write(sandbox, ["merge", "agency", "Office of Tips", "--into", "ICE"], """
            merged agency 1517 (Office of Tips) into agency 885 (U.S. Immigration and Customs Enforcement)
              pursuits: 1

            """)
        #expect(try sandbox.succeed(["list", "pursuits", "--agency", "1517", "--format", "csv"]).contains("\r\n7,Tip AI,Salesforce,ICE,"))
        try write(sandbox, ["unmerge", "agency", "Office of Tips"], """
            unmerged agency 1517 (Office of Tips) from agency 885 (U.S. Immigration and Customs Enforcement)
              pursuits: 1

            """)
        #expect(try sandbox.succeed(["list", "pursuits", "--agency", "1517", "--format", "csv"]).contains("\r\n7,Tip AI,Salesforce,Office of Tips,"))
    }

    @Test("check and totals leave retracted records out: a retracted stage change is no stage mismatch")
    func checkAndTotals() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let check = try sandbox.succeed(["check", "--format", "csv"])
        let totals = try sandbox.succeed(["totals", "--by", "vendor", "--format", "csv"])
        try write(sandbox, ["stage", "1", "lost", "--on", "2025-09"], "7\n")
        try write(sandbox, ["retract", "stage-change", "7", "--reason", "entered by mistake"], "7\n")
        #expect(try sandbox.succeed(["check", "--format", "csv"]) == check)
        try write(sandbox, ["add", "award", "--vendor", "Salesforce", "--agency", "ICE", "--obligated", "1,000,000.00", "--on", "2025-03"], "6\n")
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--format", "csv"]) != totals)
        try write(sandbox, ["retract", "award", "6", "--reason", "no such award"], "6\n")
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--format", "csv"]) == totals)
        #expect(try sandbox.succeed(["check", "--format", "csv"]) == check)
    }
}
