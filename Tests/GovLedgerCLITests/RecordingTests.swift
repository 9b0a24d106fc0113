import Foundation
import Testing

/// Commands that create or change a ledger, with their exact output.
@Suite("Recording")
struct RecordingTests {
    @Test("init: a message on stderr, nothing on stdout, a file readable by its owner only")
    func initCreatesAPrivateLedger() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.run(["init"])
        #expect(run.status == 0)
        #expect(run.stdout == "")
        #expect(run.stderr == "created ledger ledger.sqlite\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.url("ledger.sqlite").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // An empty ledger lists nothing.
        #expect(try sandbox.succeed(["list", "pursuits", "--format", "json"]) == "[]\n")

        // A second init refuses, and leaves the file alone.
        let before = try sandbox.bytes("ledger.sqlite")
        let again = try sandbox.run(["init"])
        #expect(again.status == 5)
        #expect(again.stdout == "")
        #expect(again.stderr == "govledger: error: ledger 'ledger.sqlite': a file already exists there\n")
        #expect(try sandbox.bytes("ledger.sqlite") == before)
    }

    @Test("the ledger is --db, else $GOVLEDGER_DB, else ./govledger.sqlite")
    func ledgerPathResolution() throws {
        let sandbox = try Sandbox()
        let plain = try sandbox.run(["init"], db: nil)
        #expect(plain.status == 0 && plain.stderr == "created ledger govledger.sqlite\n")
        #expect(sandbox.exists("govledger.sqlite"))

        let fromEnvironment = try sandbox.run(["init"], db: nil, environment: ["GOVLEDGER_DB": "env.sqlite"])
        #expect(fromEnvironment.status == 0 && fromEnvironment.stderr == "created ledger env.sqlite\n")
        let id = try sandbox.run(["add", "vendor", "Only In Env"], db: nil, environment: ["GOVLEDGER_DB": "env.sqlite"])
        #expect(id.status == 0 && id.stdout == "1\n")
        #expect(try sandbox.succeed(["list", "vendors", "--format", "csv"], db: "env.sqlite")
            == "id,name,uei,parent,aliases,website\r\n1,Only In Env,,,,\r\n")
        #expect(try sandbox.succeed(["list", "vendors", "--format", "json"], db: "govledger.sqlite") == "[]\n")

        // --db wins over the environment.
        let explicit = try sandbox.run(["list", "vendors", "--format", "json"], db: "govledger.sqlite",
                                       environment: ["GOVLEDGER_DB": "env.sqlite"])
        #expect(explicit.status == 0 && explicit.stdout == "[]\n")
    }

    @Test("add, lead, stage and cite each print the new id; the records read back exactly")
    func recordACaseByHand() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        func id(_ arguments: [String], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let run = try sandbox.run(arguments, sourceLocation: sourceLocation)
            #expect(run.status == 0, "\(arguments): \(run)", sourceLocation: sourceLocation)
            #expect(run.stderr == "", "\(arguments): \(run)", sourceLocation: sourceLocation)
            #expect(run.stdout == expected + "\n", "\(arguments)", sourceLocation: sourceLocation)
        }
        try id(["add", "source", "AICNBC article", "--kind", "news-report", "--publisher", "AICNBC",
                "--url", "https://aicnbc.com/17287.html", "--on", "2026"], "1")
        try id(["add", "source", "Person who gave us the memo", "--kind", "other", "--confidential",
                "--notes", "met in person; never name"], "2")
        // DHS and ICE are in every ledger (the agency reference); an office is not.
        try id(["add", "agency", "ICE Office of Acquisition Management", "--level", "office", "--parent", "ICE",
                "--office", "70CDCR", "--source", "1"], "1517")
        try id(["add", "vendor", "Salesforce", "--alias", "Salesforce.com, Inc.", "--website", "https://www.salesforce.com"], "1")
        try id(["add", "vendor", "Slack Technologies", "--parent", "salesforce.com", "--alias", "Slack"], "2")
        try id(["add", "solicitation", "ICE request: help hire 10,000 officers and agents", "--agency", "7012",
                "--type", "request-for-information", "--posted", "2025-01-20..2025-08-26", "--source", "1"], "1")
        try id(["add", "pursuit", "Talent acquisition", "--vendor", "salesforce.com, inc.", "--agency", "ICE",
                "--kind", "hiring-recruitment", "--stage", "pitched", "--on", "2025-08", "--solicitation", "1",
                "--value", "1,200,000.50", "--note", "pitched in a memo", "--source", "1"], "1")
        try id(["add", "document", "Memo on talent acquisition", "--kind", "memo", "--on", "2025-08-26", "--pages", "5",
                "--author", "Salesforce", "--pursuit", "1", "--vendor", "Salesforce", "--agency", "ICE", "--source", "2"], "1")
        try id(["add", "award", "--vendor", "Salesforce", "--agency", "ICE", "--piid", "70CDCR25C0001",
                "--description", "Contract under Obama", "--obligated", "1,000.00", "--potential", "2500", "--on", "obama",
                "--ends", "2016-12", "--pursuit", "1"], "1")
        try id(["add", "event", "1,400 employees sign letter", "--kind", "letter", "--on", "2026", "--signatures", "1400",
                "--vendor", "Salesforce", "--agency", "ICE", "--source", "1"], "1")
        try id(["lead", "Tip-line AI", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2025-10",
                "--kind", "investigations-tips", "--source", "1"], "2")
        try id(["lead", "Google AI for CBP", "--vendor", "Google", "--agency", "Customs and Border Protection",
                "--on", "2026", "--create"], "3")
        // `stage` prints the new stage change's id; `cite` the new citation's.
        try id(["stage", "1", "responded", "--on", "2025-08-26", "--note", "Five-page memo", "--source", "2"], "4")
        try id(["cite", "pursuit", "2", "--source", "AICNBC article", "--quote", "assist in vetting tip-line reports",
                "--page", "3"], "8")

        let expected: [(String, String)] = [
            ("pursuits", """
                id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources
                1,Talent acquisition,Salesforce,ICE,hiring-recruitment,responded,2025-08,trump-2,120000050,,USD,Memo on talent acquisition,AICNBC article — AICNBC (source 1)
                2,Tip-line AI,Salesforce,ICE,investigations-tips,lead,2025-10,trump-2,,,,,AICNBC article — AICNBC (source 1)
                3,Google AI for CBP,Google,CBP,other,lead,2026,trump-2,,,,,
                """),
            ("stages", """
                id,pursuit_id,pursuit,stage,date,administration,note,sources
                1,1,Talent acquisition,pitched,2025-08,trump-2,pitched in a memo,
                4,1,Talent acquisition,responded,2025-08-26,trump-2,Five-page memo,[confidential source] (source 2)
                2,2,Tip-line AI,lead,2025-10,trump-2,,
                3,3,Google AI for CBP,lead,2026,trump-2,,
                """),
            ("awards", """
                id,award_key,piid,vendor,agency,description,award_type,obligated_cents,potential_cents,currency,date,administration,ends
                1,,70CDCR25C0001,Salesforce,ICE,Contract under Obama,,100000,250000,USD,obama,obama,2016-12
                """),
            ("documents", """
                id,kind,title,date,administration,pages,author_organization,url,linked,sources
                1,memo,Memo on talent acquisition,2025-08-26,trump-2,5,Salesforce,,pursuit 1: Talent acquisition; vendor 1: Salesforce; agency 885: ICE,[confidential source] (source 2)
                """),
            ("events", """
                id,kind,title,date,administration,signatures,signatures_qualifier,url,linked,sources
                1,letter,"1,400 employees sign letter",2026,trump-2,1400,,,vendor 1: Salesforce; agency 885: ICE,AICNBC article — AICNBC (source 1)
                """),
            ("solicitations", """
                id,title,agency,notice_type,notice_id,solicitation_number,posted,administration,response_due
                1,"ICE request: help hire 10,000 officers and agents",ICE,request-for-information,,,2025-01-20..2025-08-26,trump-2,
                """),
            ("sources", """
                id,kind,title,publisher,url,date,confidential,citations
                1,news-report,AICNBC article,AICNBC,https://aicnbc.com/17287.html,2026,false,6
                2,other,[confidential source],,,,true,2
                """),
            ("vendors", """
                id,name,uei,parent,aliases,website
                3,Google,,,,
                1,Salesforce,,,"Salesforce.com, Inc.",https://www.salesforce.com
                2,Slack Technologies,,Salesforce,Slack,
                """),
        ]
        for (kind, csv) in expected {
            let output = try sandbox.succeed(["list", kind, "--format", "csv"])
            #expect(output == csv.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n", "list \(kind)")
        }
        #expect(try sandbox.succeed(["show", "pursuit", "Tip-line AI", "--format", "csv"]) == """
            # record\r
            id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources\r
            2,Tip-line AI,Salesforce,ICE,investigations-tips,lead,2025-10,trump-2,,,,,AICNBC article — AICNBC (source 1)\r
            \r
            # stage_history\r
            id,pursuit_id,pursuit,stage,date,administration,note,sources\r
            2,2,Tip-line AI,lead,2025-10,trump-2,,\r
            \r
            # documents\r
            id,kind,title,date,administration,pages,author_organization,url,linked,sources\r
            \r
            # events\r
            id,kind,title,date,administration,signatures,signatures_qualifier,url,linked,sources\r
            \r
            # awards\r
            id,award_key,piid,vendor,agency,description,award_type,obligated_cents,potential_cents,currency,date,administration,ends\r
            \r
            # citations\r
            id,source_id,source,publisher,url,date,quote,page\r
            6,1,AICNBC article,AICNBC,https://aicnbc.com/17287.html,2026,,\r
            8,1,AICNBC article,AICNBC,https://aicnbc.com/17287.html,2026,assist in vetting tip-line reports,3\r

            """)
        // The confidential source's title and notes stay inside the file.
        for arguments in [["export", "json"], ["journal", "--format", "json"], ["list", "sources", "--format", "json"],
                          ["show", "document", "1", "--format", "json"], ["report", "--format", "md"]] {
            let output = try sandbox.succeed(arguments)
            #expect(!output.contains("Person who gave us the memo"), "\(arguments)")
            #expect(!output.contains("met in person"), "\(arguments)")
        }
        let agencies = try sandbox.succeed(["list", "agencies", "--format", "csv"]).split(separator: "\r\n")
        #expect(agencies.contains("1517,ICE Office of Acquisition Management,,office,ICE,,,,70CDCR"))
        #expect(agencies.contains("885,U.S. Immigration and Customs Enforcement,ICE,subagency,DHS,,,7012,"))
        // "Customs and Border Protection" is the reference's "U.S. Customs and Border Protection": found, not created.
        #expect(agencies.filter { $0.contains("Customs and Border Protection") }.count == 1)
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: 27 journal entries, 1541 records match, head "))
    }

    @Test("lead without --on is dated today (UTC, as $GOVLEDGER_NOW pins it)")
    func leadDefaultsToToday() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        #expect(try sandbox.succeed(["lead", "Agentforce for ICE case management", "--vendor", "Salesforce",
                                     "--agency", "ICE"]) == "7\n")
        let today = String(pinnedNow.prefix(10))
        #expect(try sandbox.succeed(["list", "pursuits", "--stage", "lead", "--since", today, "--format", "csv"]) == """
            id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources\r
            7,Agentforce for ICE case management,Salesforce,ICE,other,lead,\(today),trump-2,,,,,\r

            """)
    }

    @Test("lead --create records an unknown vendor and agency; without it the error suggests names")
    func leadCreate() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let refused = try sandbox.run(["lead", "Oracle HR cloud for ICE", "--vendor", "Oracle", "--agency", "ICE", "--on", "2026"])
        #expect(refused.status == 4)
        #expect(refused.stdout == "")
        #expect(refused.stderr == "govledger: error: unknown vendor 'Oracle'\n")
        #expect(try sandbox.succeed(["lead", "Oracle HR cloud for ICE", "--vendor", "Oracle", "--agency", "ICE",
                                     "--on", "2026", "--create"]) == "7\n")
        #expect(try sandbox.succeed(["list", "vendors", "--vendor", "Oracle", "--format", "csv"])
            == "id,name,uei,parent,aliases,website\r\n9,Oracle,,,,\r\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--vendor", "Oracle", "--format", "nl"]) == """
            {"id": 7, "title": "Oracle HR cloud for ICE", "vendor": "Oracle", "agency": "ICE", "kind": "other", "stage": "lead", "date": "2026", "administration": "trump-2", "estimated_value_cents": null, "estimated_value_qualifier": null, "currency": null, "documents": [], "sources": []}

            """)
    }

    @Test("stage moves a pursuit and keeps the history; the latest date decides the stage")
    func stageHistory() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        #expect(try sandbox.succeed(["stage", "2", "pitched", "--on", "2025-11-03", "--note", "Deck shown to ICE",
                                     "--source", "1"]) == "7\n")
        // A change dated earlier than the latest one is history, not the current stage.
        #expect(try sandbox.succeed(["stage", "2", "cancelled", "--on", "2025-02"]) == "8\n")
        #expect(try sandbox.succeed(["list", "stages", "--vendor", "Salesforce", "--agency", "ICE", "--format", "csv"]) == """
            id,pursuit_id,pursuit,stage,date,administration,note,sources\r
            2,2,Salesforce AI agents for ICE's tip line and investigations,lead,2025-01-20..2025-10,trump-2,Internal brainstorming slide deck on AI agents for ICE's tip line and investigations; among the internal documents reported in October 2025.,Internal documents show Salesforce pitched AI to ICE (report on The New York Times' story) (source 3)\r
            8,2,Salesforce AI agents for ICE's tip line and investigations,cancelled,2025-02,trump-2,,\r
            1,1,"Salesforce AI for ICE ""talent acquisition"": hiring 10,000 officers and agents",responded,2025-08-26,trump-2,Five-page memo sent on August 26 responding to ICE's request for firms to explain how they could help hire more agents.,Internal documents show Salesforce pitched AI to ICE (report on The New York Times' story) (source 3); [confidential source] (source 5)\r
            7,2,Salesforce AI agents for ICE's tip line and investigations,pitched,2025-11-03,trump-2,Deck shown to ICE,Salesforce Staff Urge CEO to End ICE Partnership — AICNBC (source 1)\r

            """)
        #expect(try sandbox.succeed(["list", "pursuits", "--stage", "pitched", "--format", "csv"]) == """
            id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources\r
            2,Salesforce AI agents for ICE's tip line and investigations,Salesforce,ICE,investigations-tips,pitched,2025-01-20..2025-10,trump-2,,,,"Salesforce spreadsheet of ICE ""opportunities""; Salesforce brainstorming deck: AI agents for ICE's tip line and investigations; Salesforce statement on its work with ICE; Salesforce employees' letter to CEO Marc Benioff on ICE",Internal documents show Salesforce pitched AI to ICE (report on The New York Times' story) (source 3); Salesforce Staff Urge CEO to End ICE Partnership — AICNBC (source 1); The New York Times report: internal documents show Salesforce pitched AI to ICE — The New York Times (source 2)\r

            """)
    }

    @Test("cite by title with a quote and page; the citation shows on the record")
    func citeByTitle() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        #expect(try sandbox.succeed(["cite", "event", "Google employees petition the company to divest from ICE and CBP",
                                     "--source", "Salesforce Staff Urge CEO to End ICE Partnership",
                                     "--quote", "nearly 900 Google employees", "--page", "2"]) == "70\n")
        let show = try sandbox.succeed(["show", "event", "8", "--format", "json"])
        #expect(show.hasSuffix("""
              "citations": [
                {"id": 68, "source_id": 1, "source": "Salesforce Staff Urge CEO to End ICE Partnership", "publisher": "AICNBC", "url": "https://aicnbc.com/17287.html", "date": "2026", "quote": "Just last week, nearly 900 Google employees petitioned their company to divest from ICE and U.S. Customs and Border Protection.", "page": null},
                {"id": 70, "source_id": 1, "source": "Salesforce Staff Urge CEO to End ICE Partnership", "publisher": "AICNBC", "url": "https://aicnbc.com/17287.html", "date": "2026", "quote": "nearly 900 Google employees", "page": 2}
              ]
            }

            """))
        // A confidential source answers to its id only (its title confirms nothing); the output redacts it.
        let byTitle = try sandbox.run(["cite", "pursuit", "2", "--source", confidentialTitle])
        #expect(byTitle.status == 4 && byTitle.stdout.isEmpty)
        #expect(byTitle.stderr.hasPrefix("govledger: error: unknown source "))  // it echoes only what was typed
        #expect(try sandbox.succeed(["cite", "pursuit", "2", "--source", "5"]) == "71\n")
        let citations = try sandbox.succeed(["show", "pursuit", "2", "--format", "json"])
        #expect(citations.contains(#"{"id": 71, "source_id": 5, "source": "[confidential source]", "publisher": null, "url": null, "date": null, "quote": null, "page": null}"#))
        expectNoConfidentialLeak(citations)
    }

    @Test("load prints a summary; load then export json round-trips byte for byte")
    func loadExportRoundTrip() throws {
        let sandbox = try Sandbox()
        let first = try sandbox.run(["init"], db: "first.sqlite")
        #expect(first.status == 0)
        let load = try sandbox.run(["load", Package.fixture.path], db: "first.sqlite")
        #expect(load.status == 0)
        #expect(load.stdout == "")
        // The fixture's agencies are rows of the agency reference every ledger has: none is added.
        #expect(load.stderr == "loaded 1 file: 8 vendors, 6 sources, 1 solicitations, 6 pursuits, "
            + "6 stage_changes, 6 documents, 5 awards, 9 events, 2 people, 1 requests\n")
        let exported = try sandbox.succeed(["export", "json", "-o", "first.json"], db: "first.sqlite")
        #expect(exported == "")
        let firstExport = try sandbox.bytes("first.json")
        // `load` of the fixture gives the same ledger as `demo`.
        try expectGolden(String(decoding: firstExport, as: UTF8.self), "export-salesforce-ice.json")

        #expect(try sandbox.run(["init"], db: "second.sqlite").status == 0)
        let reload = try sandbox.run(["load", "first.json"], db: "second.sqlite")
        #expect(reload.status == 0)
        #expect(reload.stderr == load.stderr)
        let secondExport = Data(try sandbox.succeed(["export", "json"], db: "second.sqlite").utf8)
        #expect(secondExport == firstExport)
        // Same records, same report.
        #expect(try sandbox.succeed(["list", "pursuits", "--format", "json"], db: "second.sqlite")
            == sandbox.succeed(["list", "pursuits", "--format", "json"], db: "first.sqlite"))
    }

    @Test("load of several files is one transaction; ids in the second file are remapped")
    func loadSeveralFiles() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try sandbox.write("""
            {"format": "govledger", "version": 1,
             "vendors": [{"id": 1, "name": "Salesforce.com, Inc.", "aliases": []}, {"id": 2, "name": "Oracle", "aliases": ["Oracle Corporation"]}],
             "agencies": [{"id": 7, "name": "U.S. Immigration and Customs Enforcement", "acronym": "ICE", "level": "subagency", "subtier_code": "7012"}],
             "pursuits": [{"id": 1, "vendor_id": 2, "agency_id": 7, "title": "Oracle HR cloud", "kind": "software-licensing", "stage": "pitched", "date": "2026-02"}]}
            """, to: "more.json")
        let run = try sandbox.run(["load", "more.json"])
        #expect(run.status == 0 && run.stdout == "")
        #expect(run.stderr == "loaded 1 file: 1 vendors, 1 pursuits\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--vendor", "Oracle Corporation", "--format", "csv"]) == """
            id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources\r
            7,Oracle HR cloud,Oracle,ICE,software-licensing,pitched,2026-02,trump-2,,,,,\r

            """)
    }

    @Test("an SQL-injection string as a vendor name is stored verbatim and breaks nothing")
    func sqlInjectionIsJustText() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let evil = "Robert'); DROP TABLE vendors;--"
        #expect(try sandbox.succeed(["add", "vendor", evil, "--alias", "x' OR '1'='1"]) == "9\n")
        #expect(try sandbox.succeed(["list", "vendors", "--vendor", evil, "--format", "json"]) == """
            [
              {"id": 9, "name": "Robert'); DROP TABLE vendors;--", "uei": null, "parent": null, "aliases": ["x' OR '1'='1"], "website": null}
            ]

            """)
        let all = try sandbox.succeed(["list", "vendors", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(all.utf8)) as? [[String: Any]])
        #expect(rows.count == 9)
        #expect(rows.contains { $0["name"] as? String == evil })
        // The alias resolves to that vendor only; it does not match everything.
        #expect(try sandbox.succeed(["show", "vendor", "x' OR '1'='1", "--format", "nl"]).hasPrefix(
            #"{"section": "record", "id": 9, "name": "Robert'); DROP TABLE vendors;--""#))
        #expect(try sandbox.succeed(["add", "pursuit", "Bobby tables", "--vendor", evil, "--agency", "ICE",
                                     "--on", "2026"]) == "7\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--vendor", evil, "--format", "csv"]) == """
            id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources\r
            7,Bobby tables,Robert'); DROP TABLE vendors;--,ICE,other,lead,2026,trump-2,,,,,\r

            """)
        // Searching for it is just words, and the full-text syntax is not injectable either.
        #expect(try sandbox.succeed(["search", "'); DROP TABLE vendors;--", "--format", "json"]) == "[]\n")
        #expect(try sandbox.succeed(["search", #"tip" OR "zzz"#, "--format", "json"]) == "[]\n")
        // Everything else still works, and the ledger verifies.
        #expect(try sandbox.succeed(["list", "vendors", "--vendor", "Salesforce", "--format", "csv"]).hasPrefix(
            "id,name,uei,parent,aliases,website\r\n1,Salesforce,"))
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: 123 journal entries, 1638 records match, head "))
        let export = try sandbox.succeed(["export", "json"])
        #expect(export.contains(#""name" : "Robert'); DROP TABLE vendors;--""#) || export.contains(#""name": "Robert'); DROP TABLE vendors;--""#))
    }

    @Test("head, verify, history, journal and check on the fixture ledger")
    func journalCommands() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let head = try sandbox.succeed(["head"])
        let parts = head.dropLast().split(separator: " ")
        #expect(head.hasSuffix("\n") && parts.count == 2 && parts[0] == "120")
        let hash = parts.count == 2 ? String(parts[1]) : ""
        #expect(hash.count == 64 && hash.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(try sandbox.succeed(["verify"]) == "intact: 120 journal entries, 1635 records match, head \(hash)\n")
        #expect(try sandbox.succeed(["verify", "--at", "120", hash]).hasPrefix("intact: "))
        // The report's provenance names the same head.
        #expect(try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE"]).contains("- Journal head: 120 \(hash)\n"))

        let history = try sandbox.succeed(["history", "award", "1", "--format", "nl"])
        #expect(history == """
            {"seq": 35, "at": "2026-03-01T12:00:00Z", "actor": "cli-tests", "command": "load", "kind": "award", "record_id": 1, "change": "created", "fields": [], "reason": null, "before": null, "after": "{\\"agency_id\\":885,\\"currency\\":\\"USD\\",\\"date\\":\\"obama\\",\\"description\\":\\"Salesforce contract(s) with ICE under the Obama administration. Number, dates and value not reported.\\",\\"id\\":1,\\"vendor_id\\":1}"}

            """)
        let journal = try sandbox.succeed(["journal", "--since", "117", "--format", "csv"])
        #expect(journal.hasPrefix("seq,at,actor,command,kind,record_id,change,fields,reason,before,after,hash\r\n117,2026-03-01T12:00:00Z,cli-tests,load,citation,69,created,"))
        #expect(journal.hasSuffix(",\(hash)\r\n"))
        #expect(try sandbox.succeed(["journal", "--actor", "somebody-else", "--format", "json"]) == "[]\n")

        #expect(try sandbox.succeed(["check", "--format", "csv"]) == """
            check,severity,kind,ref,message\r
            stale-pursuits,warning,pursuit,1,"still responded, no stage change since 2025-08-26"\r
            award-obligations,info,award,1,obligation unknown\r
            award-obligations,info,award,2,obligation unknown\r
            award-obligations,info,award,3,obligation unknown\r
            award-obligations,info,award,4,obligation unknown\r
            award-obligations,info,award,5,obligation unknown\r
            reply-missing,warning,vendor,2,Slack Technologies has 1 pursuit and was never asked for comment ('govledger ask')\r
            reply-missing,warning,vendor,4,Microsoft has 1 pursuit and was never asked for comment ('govledger ask')\r
            reply-missing,warning,vendor,6,Adobe has 1 pursuit and was never asked for comment ('govledger ask')\r
            reply-missing,warning,vendor,7,ServiceNow has 1 pursuit and was never asked for comment ('govledger ask')\r
            reply-missing,warning,agency,33,GSA has 4 pursuits and was never asked for comment ('govledger ask')\r
            reply-missing,warning,agency,885,ICE has 2 pursuits and was never asked for comment ('govledger ask')\r

            """)
    }

    @Test("--version and --help exit 0 on stdout")
    func versionAndHelp() throws {
        let sandbox = try Sandbox()
        let version = try sandbox.run(["--version"], db: nil)
        #expect(version.status == 0 && version.stdout == "0.1.0\n" && version.stderr == "")
        let help = try sandbox.run(["--help"], db: nil)
        #expect(help.status == 0 && help.stderr == "")
        #expect(help.stdout.hasPrefix("OVERVIEW: Keep a ledger of government-contract pursuits, awards and the\nevidence for them.\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path) == [])
    }
}
