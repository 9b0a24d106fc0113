import Foundation
import Testing

/// Read commands on the Salesforce–ICE fixture ledger (`demo --db`), compared with exact output.
@Suite("Queries on the Salesforce–ICE ledger")
struct QueryTests {
    @Test("list pursuits --vendor Salesforce --agency ICE --format json: the talent-acquisition pursuit and its memo")
    func salesforcePursuitsAsJSON() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["list", "pursuits", "--vendor", "Salesforce", "--agency", "ICE", "--format", "json"])
        try expectGolden(output, "list-pursuits-salesforce-ice.json")

        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows.compactMap { $0["id"] as? Int } == [2, 1])
        let pursuit = try #require(rows.first { $0["date"] as? String == "2025-08-26" })
        #expect(pursuit["id"] as? Int == 1)
        #expect(pursuit["title"] as? String == "Salesforce AI for ICE \"talent acquisition\": hiring 10,000 officers and agents")
        #expect(pursuit["vendor"] as? String == "Salesforce")
        #expect(pursuit["agency"] as? String == "ICE")
        #expect(pursuit["kind"] as? String == "hiring-recruitment")
        #expect(pursuit["stage"] as? String == "responded")
        #expect(pursuit["administration"] as? String == "trump-2")
        #expect(pursuit["estimated_value_cents"] is NSNull)
        let documents = try #require(pursuit["documents"] as? [String])
        let memo = "Salesforce memo on helping ICE with \"talent acquisition\""
        #expect(documents.contains(memo))
        #expect(documents.count == 5)

        // The memo is the five-page one, dated the same day.
        let memos = try sandbox.succeed(["list", "documents", "--kind", "memo", "--vendor", "Salesforce", "--format", "json"])
        let memoRows = try #require(try JSONSerialization.jsonObject(with: Data(memos.utf8)) as? [[String: Any]])
        #expect(memoRows.count == 1)
        #expect(memoRows.first?["title"] as? String == memo)
        #expect(memoRows.first?["pages"] as? Int == 5)
        #expect(memoRows.first?["date"] as? String == "2025-08-26")
        expectNoConfidentialLeak(output + memos)
    }

    @Test("list awards --vendor salesforce.com --agency ICE --format csv: the awards under obama and biden")
    func salesforceAwardsAsCSV() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["list", "awards", "--vendor", "salesforce.com", "--agency", "ICE", "--format", "csv"])
        #expect(output == """
            id,award_key,piid,vendor,agency,description,award_type,obligated_cents,potential_cents,currency,date,administration,ends\r
            1,,,Salesforce,ICE,"Salesforce contract(s) with ICE under the Obama administration. Number, dates and value not reported.",,,,USD,obama,obama,\r
            2,,,Salesforce,ICE,"Salesforce contract(s) with ICE under the Biden administration. Number, dates and value not reported.",,,,USD,biden,biden,\r

            """)
    }

    @Test("list pursuits --vendor Slack finds the GSA discount agreement")
    func slackFindsTheGSAAgreement() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["list", "pursuits", "--vendor", "Slack", "--format", "csv"])
        #expect(output == """
            id,title,vendor,agency,kind,stage,date,administration,estimated_value_cents,estimated_value_qualifier,currency,documents,sources\r
            3,Discounted Slack for government agencies (GSA agreement),Slack Technologies,GSA,discount-agreement,agreement,2025-01-20..2026,trump-2,,,,,Salesforce Staff Urge CEO to End ICE Partnership — AICNBC (source 1)\r

            """)
    }

    @Test("list pursuits --agency DHS includes ICE's rows")
    func departmentIncludesSubagencies() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let dhs = try sandbox.succeed(["list", "pursuits", "--agency", "DHS", "--format", "json"])
        let ice = try sandbox.succeed(["list", "pursuits", "--agency", "ICE", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(dhs.utf8)) as? [[String: Any]])
        #expect(rows.compactMap { $0["id"] as? Int } == [2, 1])
        #expect(rows.allSatisfy { $0["agency"] as? String == "ICE" })
        // CBP, the other sub-agency, has no pursuits: DHS's rows are exactly ICE's.
        #expect(dhs == ice)
        // By code too: 070 is DHS's CGAC code, 7012 ICE's sub-tier code.
        #expect(try sandbox.succeed(["list", "pursuits", "--agency", "070", "--format", "json"]) == dhs)
        #expect(try sandbox.succeed(["list", "pursuits", "--agency", "7012", "--format", "json"]) == ice)
    }

    @Test("search \"tip line\" --format json finds the slide deck")
    func searchFindsTheSlideDeck() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["search", "tip line", "--format", "json"])
        try expectGolden(output, "search-tip-line.json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        let deck = try #require(rows.first { $0["kind"] as? String == "document" })
        #expect(deck["ref"] as? Int == 3)
        #expect(deck["title"] as? String == "Salesforce brainstorming deck: AI agents for ICE's tip line and investigations")
        // One hit shown of all that matched: stdout holds the hit, stderr says how many there were. Quotes 25 and
        // 26 say "tip line" once each and length does not count, so the lower number is the best.
        let first = try sandbox.run(["search", "tip line", "--limit", "1", "--format", "csv"])
        #expect(first.status == 0)
        #expect(first.stdout == """
            kind,ref,title,vendor,agency,date,obligated_cents,currency,snippet\r
            citation,25,quote on pursuit 2,,,,,,…evaluate information sent to the agency’s [tip] [line] and improve investigations\r

            """)
        #expect(first.stderr == "1 of \(rows.count) hits; --limit \(rows.count) shows them all\n")
    }

    @Test("report --vendor Salesforce --agency ICE --format md: per-administration table, no confidential source")
    func markdownReport() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let report = try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE", "--format", "md"])
        try expectGolden(report, "report-salesforce-ice.md")
        let lines = report.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix("| Obama (obama) | 2009-01-20..2017-01-19 | 0 |  | 1 |") })
        #expect(lines.contains { $0.hasPrefix("| Biden (biden) | 2021-01-20..2025-01-19 | 0 |  | 1 |") })
        #expect(lines.contains { $0.hasPrefix("| Trump (2nd term) (trump-2) | 2025-01-20.. | 2 | lead 1, responded 1 |") })
        #expect(report.contains("[confidential source] (source 5)"))
        expectNoConfidentialLeak(report)
    }

    @Test("report --format json matches its golden file and redacts the confidential source")
    func jsonReport() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let report = try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE", "--format", "json"])
        try expectGolden(report, "report-salesforce-ice.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let administrations = try #require(object["administrations"] as? [[String: Any]])
        #expect(administrations.compactMap { $0["administration"] as? String } == ["obama", "biden", "trump-2"])
        let sources = try #require(object["sources"] as? [[String: Any]])
        let secret = try #require(sources.first { $0["id"] as? Int == 5 })
        #expect(secret["title"] as? String == "[confidential source]")
        #expect(secret["confidential"] as? Bool == true)
        #expect(secret["notes"] == nil && secret["publisher"] == nil && secret["url"] == nil)
        expectNoConfidentialLeak(report)
    }

    @Test("demo prints exactly the report golden files, and leaves nothing in the working directory")
    func demoEqualsReport() throws {
        let sandbox = try Sandbox()
        let markdown = try sandbox.succeed(["demo"], db: nil)
        try expectGolden(markdown, "report-salesforce-ice.md")
        let json = try sandbox.succeed(["demo", "--format", "json"], db: nil)
        try expectGolden(json, "report-salesforce-ice.json")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path) == [])
        // And the same bytes as `report` on a ledger `demo --db` kept.
        try sandbox.demoLedger()
        #expect(try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE"]) == markdown)
    }

    @Test("report -o FILE writes the same bytes as stdout")
    func reportToFile() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        #expect(try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE", "-o", "report.md"]) == "")
        let stdout = try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE"])
        #expect(String(decoding: try sandbox.bytes("report.md"), as: UTF8.self) == stdout)
    }

    @Test("report --format html is one self-contained document without the confidential source")
    func htmlReport() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let html = try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE", "--format", "html"])
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http"))
        expectNoConfidentialLeak(html)
        try expectGolden(html, "report-salesforce-ice.html")
        // Deterministic under a pinned clock.
        #expect(try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE", "--format", "html"]) == html)
    }

    @Test("show pursuit 1 --format json matches its golden file")
    func showPursuit() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["show", "pursuit", "1", "--format", "json"])
        try expectGolden(output, "show-pursuit-1.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let record = try #require(object["record"] as? [String: Any])
        #expect(record["id"] as? Int == 1)
        #expect(record["date"] as? String == "2025-08-26")
        let history = try #require(object["stage_history"] as? [[String: Any]])
        #expect(history.compactMap { $0["stage"] as? String } == ["responded"])
        #expect((history.first?["sources"] as? [String])?.contains("[confidential source] (source 5)") == true)
        expectNoConfidentialLeak(output)
        // By title, case-insensitively, it is the same record.
        let byTitle = try sandbox.succeed(["show", "pursuit", "salesforce ai for ice \"talent acquisition\": hiring 10,000 officers and agents",
                                           "--format", "json"])
        #expect(byTitle == output)
    }

    @Test("show vendor Salesforce --format table matches its golden file")
    func showVendor() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["show", "vendor", "Salesforce", "--format", "table"])
        try expectGolden(output, "show-vendor-salesforce.txt")
        #expect(output.hasPrefix("""
            id       1
            name     Salesforce
            aliases  Salesforce, Inc.; Salesforce.com, Inc.; salesforce.com
            website  https://www.salesforce.com

            identifiers (0)

            subsidiaries (1)

            """))
    }

    @Test("show source 5 names the confidential source only by its placeholder")
    func showConfidentialSource() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["show", "source", "5", "--format", "json"])
        #expect(output == """
            {
              "record": {"id": 5, "kind": "other", "title": "[confidential source]", "publisher": null, "url": null, "date": null, "confidential": true, "citations": 4},
              "cited_for": [
                {"id": 33, "kind": "stage-change", "ref": 1, "quote": null, "page": null},
                {"id": 40, "kind": "document", "ref": 1, "quote": null, "page": null},
                {"id": 43, "kind": "document", "ref": 2, "quote": null, "page": null},
                {"id": 46, "kind": "document", "ref": 3, "quote": null, "page": null}
              ]
            }

            """)
    }

    /// One small query in each of the four formats.
    /// `list agencies --agency ICE` on the demo ledger plus one office under ICE.
    static let agencyFormats: [(format: String, output: String)] = [
        ("table", """
            id    name                                      acronym  level      parent  cgac_code  fpds_code  subtier_code  office_code
            ----  ----------------------------------------  -------  ---------  ------  ---------  ---------  ------------  -----------
            1517  ICE Office of Acquisition Management               office     ICE                                         70CDCR
            885   U.S. Immigration and Customs Enforcement  ICE      subagency  DHS                           7012

            """),
        ("json", """
            [
              {"id": 1517, "name": "ICE Office of Acquisition Management", "acronym": null, "level": "office", "parent": "ICE", "cgac_code": null, "fpds_code": null, "subtier_code": null, "office_code": "70CDCR"},
              {"id": 885, "name": "U.S. Immigration and Customs Enforcement", "acronym": "ICE", "level": "subagency", "parent": "DHS", "cgac_code": null, "fpds_code": null, "subtier_code": "7012", "office_code": null}
            ]

            """),
        ("csv", """
            id,name,acronym,level,parent,cgac_code,fpds_code,subtier_code,office_code\r
            1517,ICE Office of Acquisition Management,,office,ICE,,,,70CDCR\r
            885,U.S. Immigration and Customs Enforcement,ICE,subagency,DHS,,,7012,\r

            """),
        ("nl", """
            {"id": 1517, "name": "ICE Office of Acquisition Management", "acronym": null, "level": "office", "parent": "ICE", "cgac_code": null, "fpds_code": null, "subtier_code": null, "office_code": "70CDCR"}
            {"id": 885, "name": "U.S. Immigration and Customs Enforcement", "acronym": "ICE", "level": "subagency", "parent": "DHS", "cgac_code": null, "fpds_code": null, "subtier_code": "7012", "office_code": null}

            """),
    ]

    @Test("list agencies --agency ICE in every format", arguments: agencyFormats)
    func listFormats(format: String, output: String) throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        _ = try sandbox.succeed(["add", "agency", "ICE Office of Acquisition Management", "--level", "office",
                                 "--parent", "ICE", "--office", "70CDCR"])
        #expect(try sandbox.succeed(["list", "agencies", "--agency", "ICE", "--format", format]) == output)
    }

    @Test("no rows: JSON is []\\n, CSV is the header, nl and table print no rows")
    func emptyResults() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let query = ["list", "awards", "--vendor", "Google", "--format"]
        #expect(try sandbox.succeed(query + ["json"]) == "[]\n")
        #expect(try sandbox.succeed(query + ["nl"]) == "")
        #expect(try sandbox.succeed(query + ["csv"])
            == "id,award_key,piid,vendor,agency,description,award_type,obligated_cents,potential_cents,currency,date,administration,ends\r\n")
        #expect(try sandbox.succeed(query + ["table"]) == """
            id  award_key  piid  vendor  agency  description  award_type  obligated_cents  potential_cents  currency  date  administration  ends
            --  ---------  ----  ------  ------  -----------  ----------  ---------------  ---------------  --------  ----  --------------  ----

            """)
        #expect(try sandbox.succeed(["search", "zeppelin", "--format", "json"]) == "[]\n")
    }

    @Test("without --format and not on a terminal, read commands print JSON")
    func defaultFormatIsJSON() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        _ = try sandbox.succeed(["add", "agency", "ICE Office of Acquisition Management", "--level", "office",
                                 "--parent", "ICE", "--office", "70CDCR"])
        #expect(try sandbox.succeed(["list", "agencies", "--agency", "ICE"]) == Self.agencyFormats[1].output)
    }

    @Test("list sources never names the confidential source")
    func listSourcesRedacts() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["list", "sources", "--kind", "other", "--format", "csv"])
        #expect(output == "id,kind,title,publisher,url,date,confidential,citations\r\n5,other,[confidential source],,,,true,4\r\n")
        for format in ["json", "table", "nl"] {
            expectNoConfidentialLeak(try sandbox.succeed(["list", "sources", "--format", format]))
        }
    }

    @Test("export json matches its golden file, with the confidential source redacted")
    func exportRedacts() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let export = try sandbox.succeed(["export", "json"])
        try expectGolden(export, "export-salesforce-ice.json")
        expectNoConfidentialLeak(export)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(export.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "govledger")
        let sources = try #require(object["sources"] as? [[String: Any]])
        #expect(sources.count == 6)
        let secret = try #require(sources.first { $0["id"] as? Int == 5 })
        #expect(secret.keys.sorted() == ["confidential", "id", "kind", "title"])
        #expect(secret["title"] as? String == "[confidential source]")
        // -o writes the same bytes.
        #expect(try sandbox.succeed(["export", "json", "-o", "export.json"]) == "")
        #expect(try sandbox.bytes("export.json") == Data(export.utf8))
    }

    @Test("no output of the journal commands names the confidential source")
    func journalRedacts() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        for arguments in [["journal", "--format", "json"], ["history", "source", "5", "--format", "json"],
                          ["history", "document", "1", "--format", "nl"], ["check", "--format", "json"]] {
            expectNoConfidentialLeak(try sandbox.succeed(arguments))
        }
    }
}
