import Foundation
import Testing

/// Connecting the record (docs/correcting.md): vendor families for `--vendor`, agencies without their "U.S.",
/// `match vendors` and `judge`, `link` and `unlink`, and `show vendor` with its subsidiaries and pursuits.
/// Exact output, exit status, and `verify` after every command that writes.
@Suite("Connecting the record")
struct LinkingTests {
    /// Two real recipients (PALANTIR TECHNOLOGIES INC. and its subsidiary PALANTIR USG INC, linked by parent UEI as
    /// USAspending gives them) and two unrelated companies whose names both begin with "General".
    static let palantir = """
        contract_award_unique_key,award_id_piid,recipient_name,recipient_uei,recipient_parent_uei,recipient_parent_name,awarding_agency_code,total_obligated_amount,period_of_performance_start_date
        CONT_AWD_P1,P1,PALANTIR TECHNOLOGIES INC.,FSY4LVSBGWB7,FSY4LVSBGWB7,PALANTIR TECHNOLOGIES INC.,070,1000.00,2021-03-01
        CONT_AWD_P2,P2,PALANTIR USG INC,HNN4F9JZWDY8,FSY4LVSBGWB7,PALANTIR TECHNOLOGIES INC.,097,250.50,2021-04-01
        CONT_AWD_G1,G1,GENERAL DYNAMICS CORP,AAAABBBBCCC1,,,097,10.00,2021-05-01
        CONT_AWD_G2,G2,GENERAL ELECTRIC COMPANY,AAAABBBBCCC2,,,097,20.00,2021-05-01

        """

    /// Runs a command that reports on stderr (import, init, load) and must succeed.
    func setUp(_ sandbox: Sandbox, _ arguments: [String], db: String = "ledger.sqlite",
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try sandbox.run(arguments, db: db, sourceLocation: sourceLocation)
        #expect(result.status == 0, "\(result)", sourceLocation: sourceLocation)
    }

    /// Runs a write that must print `expected` and leave a ledger that verifies.
    func write(_ sandbox: Sandbox, _ arguments: [String], _ expected: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try sandbox.succeed(arguments, sourceLocation: sourceLocation) == expected, sourceLocation: sourceLocation)
        #expect(try sandbox.succeed(["verify"], sourceLocation: sourceLocation).hasPrefix("intact: "), sourceLocation: sourceLocation)
    }

    @Test("--vendor Palantir takes the one family its words pick out; several unrelated ones are refused, listed")
    func families() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        try sandbox.write(Self.palantir, to: "palantir.csv")
        try setUp(sandbox, ["import", "usaspending", "palantir.csv"])
        let both = """
            id,award_key,piid,vendor,agency,description,award_type,obligated_cents,potential_cents,currency,date,administration,ends\r
            1,CONT_AWD_P1,P1,PALANTIR TECHNOLOGIES INC.,DHS,,,100000,,USD,2021-03-01,biden,\r
            2,CONT_AWD_P2,P2,PALANTIR USG INC,DOD,,,25050,,USD,2021-04-01,biden,\r

            """
        // A prefix, a distinctive word, and the reporter's own "Palantir Technologies" (an exact name: its family).
        for ref in ["Palantir", "palantir", "PALANTIR TECHNOLOGIES", "Palantir Technologies"] {
            #expect(try sandbox.succeed(["list", "awards", "--vendor", ref, "--format", "csv"]) == both, "\(ref)")
        }
        // Exact names keep winning: the subsidiary alone.
        #expect(try sandbox.succeed(["list", "awards", "--vendor", "Palantir USG", "--format", "csv"]).hasSuffix("\r\n2,CONT_AWD_P2,P2,PALANTIR USG INC,DOD,,,25050,,USD,2021-04-01,biden,\r\n"))
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--vendor", "Palantir", "--format", "csv"]) == """
            vendor,currency,awards,obligated_cents,potential_cents,awards_without_obligation,basis\r
            PALANTIR TECHNOLOGIES INC.,USD,1,100000,,0,start-date\r
            PALANTIR USG INC,USD,1,25050,,0,start-date\r

            """)
        let general = try sandbox.run(["list", "awards", "--vendor", "General"])
        #expect(general.status == 4)
        #expect(general.stdout == "")
        #expect(general.stderr == "govledger: error: ambiguous vendor 'General': it matches 'GENERAL DYNAMICS CORP (vendor 3)', 'GENERAL ELECTRIC COMPANY (vendor 4)'\n")
        // Unrelated by parents, related by name: a subsidiary marker is not what tells companies apart.
        _ = try sandbox.succeed(["add", "vendor", "Acme Rockets"])
        _ = try sandbox.succeed(["add", "vendor", "Acme Rockets Federal"])
        _ = try sandbox.succeed(["add", "award", "--vendor", "Acme Rockets Federal", "--agency", "ICE", "--key", "K-ACME"])
        #expect(try sandbox.succeed(["list", "awards", "--vendor", "Acme", "--format", "csv"]).contains("\r\n5,K-ACME,,Acme Rockets Federal,ICE,"))
    }

    @Test("an agency is found without its U.S.")
    func agencyWithoutUS() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let byAcronym = try sandbox.succeed(["list", "pursuits", "--agency", "ICE", "--format", "csv"])
        #expect(byAcronym.components(separatedBy: "\r\n").count == 4)
        #expect(try sandbox.succeed(["list", "pursuits", "--agency", "Immigration and Customs Enforcement", "--format", "csv"]) == byAcronym)
        #expect(try sandbox.succeed(["list", "pursuits", "--agency", "U.S. Immigration and Customs Enforcement", "--format", "csv"]) == byAcronym)
    }

    @Test("match vendors proposes, judge decides: same merges, different silences match and check, unsure is marked")
    func matchAndJudge() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        _ = try sandbox.succeed(["add", "vendor", "Palantir USG Inc", "--uei", "HNN4F9JZWDY8"])
        _ = try sandbox.succeed(["add", "vendor", "Slack Federal"])
        #expect(try sandbox.succeed(["match", "vendors", "--format", "csv"]) == """
            score,vendor,vendor_name,other,other_name,evidence,judgement\r
            72,2,Slack Technologies,10,Slack Federal,subsidiary pattern: FEDERAL,\r
            72,3,Palantir Technologies,9,Palantir USG Inc,subsidiary pattern: USG,\r

            """)
        #expect(try sandbox.succeed(["match", "vendors", "--format", "json", "--limit", "1"]) == """
            [
              {"score": 72, "vendor": 2, "vendor_name": "Slack Technologies", "other": 10, "other_name": "Slack Federal", "evidence": ["subsidiary pattern: FEDERAL"], "judgement": null}
            ]

            """)
        #expect(try sandbox.succeed(["match", "vendors", "--min-score", "80", "--format", "json"]) == "[]\n")
        try write(sandbox, ["judge", "Palantir USG Inc", "Palantir", "unsure", "--reason", "a subsidiary?"],
                  "judged vendor 9 (Palantir USG Inc) and vendor 3 (Palantir Technologies) unsure\n")
        #expect(try sandbox.succeed(["match", "vendors", "--format", "csv"]).hasSuffix("72,3,Palantir Technologies,9,Palantir USG Inc,subsidiary pattern: USG,unsure\r\n"))
        // A later judgement of the pair replaces the earlier one, whichever way round; the journal keeps both.
        try write(sandbox, ["judge", "3", "9", "different", "--reason", "its own UEI"],
                  "judged vendor 3 (Palantir Technologies) and vendor 9 (Palantir USG Inc) different\n")
        try write(sandbox, ["judge", "Slack Federal", "Slack", "same", "--reason", "the same company"], """
            judged vendor 10 (Slack Federal) and vendor 2 (Slack Technologies) same
            merged vendor 10 (Slack Federal) into vendor 2 (Slack Technologies)
              aliases: 1

            """)
        #expect(try sandbox.succeed(["match", "vendors", "--min-score", "0", "--format", "csv"]) == "score,vendor,vendor_name,other,other_name,evidence,judgement\r\n")
        let journal = try sandbox.succeed(["journal", "--since", "120", "--format", "nl"])
        #expect(journal.contains(#""command": "judge vendor 9 and 3 unsure", "kind": "judgement", "record_id": 1, "change": "created""#))
        #expect(journal.contains(#""command": "judge vendor 3 and 9 different", "kind": "judgement", "record_id": 1, "change": "updated", "fields": ["other_vendor_id", "reason", "vendor_id", "verdict"], "reason": "its own UEI""#))
        #expect(journal.contains(#""command": "merge vendor 10 into 2", "kind": "judgement", "record_id": 2, "change": "created""#))
        // The merge a `same` made is undone as any merge is; the pair is proposed again, marked.
        try write(sandbox, ["unmerge", "vendor", "10"], "unmerged vendor 10 (Slack Federal) from vendor 2 (Slack Technologies)\n  aliases: 1\n")
        #expect(try sandbox.succeed(["match", "vendors", "--format", "csv"]).hasSuffix(",Slack Federal,subsidiary pattern: FEDERAL,same\r\n"))
    }

    @Test("a pair judged different leaves check's duplicate-vendors")
    func differentSilencesCheck() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        _ = try sandbox.succeed(["add", "vendor", "Salesforce", "--distinct"])
        let finding = "duplicate-vendors,warning,vendor,9,looks like vendor 1 (Salesforce); link them or merge them\r\n"
        #expect(try sandbox.succeed(["check", "--format", "csv"]).contains(finding))
        #expect(try sandbox.succeed(["match", "vendors", "--format", "csv"]).contains("\r\n90,1,Salesforce,9,Salesforce,equal names,\r\n"))
        try write(sandbox, ["judge", "9", "1", "different", "--reason", "a county, not the company"],
                  "judged vendor 9 (Salesforce) and vendor 1 (Salesforce) different\n")
        #expect(try !sandbox.succeed(["check", "--format", "csv"]).contains(finding))
        #expect(try !sandbox.succeed(["match", "vendors", "--format", "csv"]).contains(",9,Salesforce,"))
    }

    @Test("judgements round-trip through export json and load, byte for byte; verify covers them")
    func judgementsRoundTrip() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        _ = try sandbox.succeed(["add", "vendor", "Palantir USG Inc"])
        _ = try sandbox.succeed(["judge", "Palantir USG Inc", "Palantir", "different", "--reason", "its own UEI"])
        _ = try sandbox.succeed(["export", "json", "-o", "first.json"])
        let first = try sandbox.bytes("first.json")
        #expect(String(decoding: first, as: UTF8.self).contains("""
              "judgements" : [
                {
                  "id" : 1,
                  "other_vendor_id" : 3,
                  "reason" : "its own UEI",
                  "vendor_id" : 9,
                  "verdict" : "different"
                }
              ],
            """))
        try setUp(sandbox, ["init"], db: "copy.sqlite")
        try setUp(sandbox, ["load", "first.json"], db: "copy.sqlite")
        _ = try sandbox.succeed(["export", "json", "-o", "second.json"], db: "copy.sqlite")
        #expect(try sandbox.bytes("second.json") == first)
        #expect(try sandbox.succeed(["verify"], db: "copy.sqlite").hasPrefix("intact: "))
        // A ledger without judgements exports as before: no empty array.
        let plain = try Sandbox()
        try plain.demoLedger()
        #expect(try !plain.succeed(["export", "json"]).contains("judgements"))
    }

    /// A judgement is journaled: `history judgement N` shows its entries, and `load` counts the ones it adds.
    @Test("history judgement N shows a judgement's journal; load's summary counts the judgements it adds")
    func judgementHistoryAndLoadSummary() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        _ = try sandbox.succeed(["add", "vendor", "Palantir USG Inc"])
        _ = try sandbox.succeed(["judge", "Palantir USG Inc", "Palantir", "different", "--reason", "its own UEI"])
        _ = try sandbox.succeed(["judge", "Palantir USG Inc", "Palantir", "unsure", "--reason", "the UEI was a typo"])
        let history = try sandbox.succeed(["history", "judgement", "1", "--format", "csv"]).split(separator: "\r\n")
        #expect(history.count == 3 && history[1].contains(",judgement,1,created,") && history[2].contains(",judgement,1,updated,reason; verdict,"),
                "\(history)")
        #expect(history[2].contains("the UEI was a typo"))
        let unknown = try sandbox.run(["history", "judgement", "99"])
        #expect(unknown.status == 4 && unknown.stderr == "govledger: error: unknown judgement '99'\n", "\(unknown)")
        _ = try sandbox.succeed(["export", "json", "-o", "first.json"])
        try setUp(sandbox, ["init"], db: "copy.sqlite")
        let load = try sandbox.run(["load", "first.json"], db: "copy.sqlite")
        #expect(load.status == 0 && load.stderr.hasSuffix(", 1 requests, 1 judgements\n"), "\(load)")
    }

    @Test("link and unlink an award, a document and an event, journaled; show follows")
    func linkAfterTheFact() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try write(sandbox, ["link", "award", "3", "--pursuit", "2"],
                  "linked award 3 to pursuit 2 (Salesforce AI agents for ICE's tip line and investigations)\n")
        #expect(try sandbox.succeed(["show", "pursuit", "2", "--format", "csv"]).contains("""
            # awards\r
            id,award_key,piid,vendor,agency,description,award_type,obligated_cents,potential_cents,currency,date,administration,ends\r
            3,,,Palantir Technologies,ICE,
            """))
        try write(sandbox, ["link", "award", "5", "--solicitation", "1"],
                  "linked award 5 to solicitation 1 (ICE request for firms to explain how they could help hire 10,000 more officers and agents)\n")
        try write(sandbox, ["unlink", "award", "3", "--pursuit", "2", "--reason", "won by another pitch"],
                  "unlinked award 3 from pursuit 2 (Salesforce AI agents for ICE's tip line and investigations)\n")
        try write(sandbox, ["link", "document", "3", "--vendor", "Slack"],
                  "linked document 3 (Salesforce brainstorming deck: AI agents for ICE's tip line and investigations) to vendor 2 (Slack Technologies)\n")
        try write(sandbox, ["link", "event", "8", "--pursuit", "1"],
                  "linked event 8 (Google employees petition the company to divest from ICE and CBP) to pursuit 1 (Salesforce AI for ICE \"talent acquisition\": hiring 10,000 officers and agents)\n")
        try write(sandbox, ["unlink", "event", "8", "--agency", "ICE"],
                  "unlinked event 8 (Google employees petition the company to divest from ICE and CBP) from agency 885 (U.S. Immigration and Customs Enforcement)\n")
        let journal = try sandbox.succeed(["journal", "--since", "121", "--format", "nl"]).split(separator: "\n")
        #expect(journal.count == 6)
        #expect(journal.map { $0.contains(#""change": "updated""#) } == Array(repeating: true, count: 6))
        #expect(journal[0].contains(#""command": "link award 3 pursuit 2", "kind": "award", "record_id": 3, "change": "updated", "fields": ["pursuit_id"]"#))
        #expect(journal[2].contains(#""command": "unlink award 3 pursuit 2", "kind": "award", "record_id": 3, "change": "updated", "fields": ["pursuit_id"], "reason": "won by another pitch""#))
        #expect(journal[5].contains(#""command": "unlink event 8 agency 885", "kind": "event", "record_id": 8, "change": "updated", "fields": ["links"]"#))
    }

    @Test("an imported award is linked to its pursuit without breaking its import's digest")
    func linkImportedAward() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try sandbox.write(Self.palantir, to: "palantir.csv")
        try setUp(sandbox, ["import", "usaspending", "palantir.csv"])
        try write(sandbox, ["link", "award", "CONT_AWD_P1", "--pursuit", "2"],
                  "linked award 6 (P1) to pursuit 2 (Salesforce AI agents for ICE's tip line and investigations)\n")
    }

    @Test("show vendor includes its subsidiaries' pursuits and what is linked to them (Slack's GSA pursuit and its announcement)")
    func showVendorFamily() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let shown = try sandbox.succeed(["show", "vendor", "Salesforce", "--format", "csv"])
        #expect(shown.contains("\r\n3,Discounted Slack for government agencies (GSA agreement),Slack Technologies,GSA,"))
        #expect(shown.contains("\r\n5,announcement,Salesforce announces GSA agreements"))
        #expect(shown.contains("# pursuits\r\n"))
    }

    @Test("edit vendor refuses another vendor's name unless --distinct")
    func editVendorName() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let refused = try sandbox.run(["edit", "vendor", "IBM", "--alias", "Slack"])
        #expect(refused.status == 3)
        #expect(refused.stderr == "govledger: error: invalid alias 'Slack': expected a new vendor; Slack Technologies (vendor 2) already goes by that name, use that one (or --distinct if they really are different companies)\n")
        // Its own names are its own: a new spelling of one is no conflict.
        try write(sandbox, ["edit", "vendor", "Salesforce", "--name", "Salesforce, Inc."], "1\n")
        try write(sandbox, ["edit", "vendor", "IBM", "--alias", "Slack", "--distinct"], "5\n")
    }
}
