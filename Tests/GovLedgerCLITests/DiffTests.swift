import Foundation
import Testing

/// `govledger diff` (docs/diff-and-watch.md): what changed since a published head, exact output in every format.
@Suite("Diff")
struct DiffTests {
    /// The published head, as `head` prints it: `SEQ HASH`.
    static func head(_ sandbox: Sandbox) throws -> (seq: String, hash: String) {
        let parts = try sandbox.succeed(["head"]).trimmingCharacters(in: .newlines).split(separator: " ").map(String.init)
        return (parts[0], parts[1])
    }

    /// Runs a diff that must succeed, and returns its stdout (the counts are on stderr).
    static func listed(_ sandbox: Sandbox, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let run = try sandbox.run(["diff"] + arguments, sourceLocation: sourceLocation)
        #expect(run.status == 0 && (run.stderr.hasPrefix("since entry ") || run.stderr.isEmpty), "\(arguments): \(run)",
                sourceLocation: sourceLocation)
        return run.stdout
    }

    @Test("edits, a stage, a retraction and a merge since a published head: rows per field, Markdown for the editor")
    func sinceAPublishedHead() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        _ = try sandbox.succeed(["add", "vendor", "Palantir USG"])
        let published = try Self.head(sandbox)
        #expect(published.seq == "121")
        _ = try sandbox.succeed(["edit", "pursuit", "1", "--title", "Salesforce AI for ICE hiring", "--reason", "shorter"])
        _ = try sandbox.succeed(["stage", "1", "lost", "--on", "2025-09"])
        _ = try sandbox.succeed(["retract", "award", "1", "--reason", "not an award after all"])
        _ = try sandbox.succeed(["merge", "vendor", "Palantir USG", "--into", "Palantir Technologies", "--reason", "same company"])
        let now = try Self.head(sandbox)
        let csv = try sandbox.run(["diff", published.seq, published.hash, "--format", "csv"])
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stdout == """
            kind,record_id,record,change,field,before,after,entries\r
            vendor,3,Palantir Technologies,changed,aliases,"[""Palantir""]","[""Palantir"",""Palantir USG""]",126\r
            vendor,9,Palantir USG,merged,merged_into_id,,3,127\r
            pursuit,1,Salesforce AI for ICE hiring,changed,stage,responded,lost,122; 124\r
            pursuit,1,Salesforce AI for ICE hiring,changed,title,"Salesforce AI for ICE ""talent acquisition"": hiring 10,000 officers and agents",Salesforce AI for ICE hiring,122; 124\r
            stage-change,7,pursuit 1: lost,added,,,,123\r
            award,1,"Salesforce contract(s) with ICE under the Obama administration. Number, dates an…",retracted,retraction,,not an award after all,125\r

            """)
        #expect(csv.stderr == "since entry 121: 1 vendor changed, 1 vendor merged, 1 pursuit changed, 1 stage change added, 1 award retracted\n")
        #expect(try Self.listed(sandbox, [published.seq, published.hash, "--format", "md"]) == """
            # What changed since journal entry 121

            From entry 121 (`\(published.hash)`) to the head, entry 127 (`\(now.hash)`).

            1 vendor changed, 1 vendor merged, 1 pursuit changed, 1 stage change added, 1 award retracted.

            ## Vendors

            - **changed**: vendor 3 Palantir Technologies (entry 126)
              - aliases: `["Palantir"]` → `["Palantir","Palantir USG"]`
            - **merged**: vendor 9 Palantir USG (entry 127)
              - merged_into_id: (none) → `3`

            ## Pursuits

            - **changed**: pursuit 1 Salesforce AI for ICE hiring (entries 122, 124)
              - stage: `responded` → `lost`
              - title: `Salesforce AI for ICE "talent acquisition": hiring 10,000 officers and agents` → `Salesforce AI for ICE hiring`

            ## Stage changes

            - **added**: stage-change 7 pursuit 1: lost (entry 123)

            ## Awards

            - **retracted**: award 1 Salesforce contract(s) with ICE under the Obama administration. Number, dates an… (entry 125)
              - retraction: (none) → `not an award after all`

            """)
        // The same rows in JSON and NDJSON; restoring the award and unmerging the vendor are changes too.
        let json = try #require(try sandbox.run(["diff", published.seq, "--format", "json"]).json() as? [[String: Any]])
        #expect(json.count == 6)
        #expect(json.last?["change"] as? String == "retracted")
        _ = try sandbox.succeed(["restore", "award", "1"])
        _ = try sandbox.succeed(["unmerge", "vendor", "9", "--reason", "not the same after all"])
        let lines = try Self.listed(sandbox, [now.seq, "--format", "nl"]).split(separator: "\n")
        #expect(lines.contains { $0.contains(#""record_id": 9, "record": "Palantir USG", "change": "unmerged""#) }, "\(lines)")
        #expect(lines.contains { $0.contains(#""kind": "award", "record_id": 1"#) && $0.contains(#""change": "restored""#) }, "\(lines)")
    }

    @Test("a journal rewritten after the head was published is refused (exit 1), nothing listed; without HASH it is not checked")
    func rewrittenJournal() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let published = try Self.head(sandbox)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        shell.arguments = [sandbox.url(sandbox.db).path, "DROP TRIGGER journal_no_update; UPDATE journal SET actor = 'mallory' WHERE seq = 50"]
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 0)
        let run = try sandbox.run(["diff", published.seq, published.hash, "--format", "csv"])
        #expect(run.status == 1 && run.stdout.isEmpty, "\(run)")
        #expect(run.stderr == "govledger: error: the journal does not match the published head: journal 50: hash does not match its content and the entry before it (edited, or inserted)\n")
        #expect(try sandbox.run(["diff", published.seq, "--format", "csv"]).status == 0)
    }

    @Test("nothing changed: [] and a summary, in every format; --limit keeps the counts whole; --since a day")
    func emptyAndLimited() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let published = try Self.head(sandbox)
        for (format, expected) in [("json", "[]\n"), ("nl", ""), ("csv", "kind,record_id,record,change,field,before,after,entries\r\n")] {
            let run = try sandbox.run(["diff", published.seq, published.hash, "--format", format])
            #expect(run.status == 0 && run.stdout == expected && run.stderr == "since entry 120: no records changed\n", "\(format): \(run)")
        }
        #expect(try Self.listed(sandbox, [published.seq, "--format", "md"]).hasSuffix("\n\nNo records changed.\n"))
        // Everything since the first entry, listed two at a time: the counts still cover every record.
        let limited = try sandbox.run(["diff", "0", "--limit", "2", "--format", "csv"])
        #expect(limited.stdout.split(separator: "\r\n").count == 3, "\(limited)")
        #expect(limited.stderr.hasPrefix("since entry 0: "), "\(limited)")
        #expect(limited.stderr.hasSuffix(" more not listed (--limit)\n"), "\(limited)")
        // The demo's journal is all dated 2026-03-01: since that day is since entry 0, since the next is nothing.
        let counted = try sandbox.run(["diff", "0", "--limit", "0", "--format", "csv"]).stderr
        #expect(try sandbox.run(["diff", "--since", "2026-03-01", "--limit", "0", "--format", "csv"]).stderr == counted)
        #expect(try sandbox.run(["diff", "--since", "2026-03-02", "--format", "json"]).stderr == "since entry 120: no records changed\n")
    }

    @Test("bulk imports: new awards added, re-imported ones changed without their journaled old values, a retracted one with them")
    func bulkImports() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        let rice = try String(contentsOf: Package.root.appendingPathComponent("Tests/data/usaspending/rice-university-award-summaries.csv"), encoding: .utf8)
        try sandbox.write(rice, to: "rice.csv")
        let header = "contract_transaction_unique_key,contract_award_unique_key,modification_number,recipient_name,awarding_agency_code,federal_action_obligation,action_date\n"
        try sandbox.write(header + "T0,KEY-1,0,ALPHA LLC,070,100.00,2016-05-01\nT1,KEY-2,0,BETA LLC,070,50.00,2017-03-01\n", to: "t1.csv")
        try sandbox.write(header + "T0,KEY-1,0,ALPHA LLC,070,100.00,2016-05-01\nT1,KEY-2,0,BETA LLC,070,75.00,2017-03-01\nT2,KEY-3,0,GAMMA LLC,070,10.00,2018-03-01\n", to: "t2.csv")
        _ = try sandbox.run(["import", "usaspending", "rice.csv"])
        _ = try sandbox.run(["import", "usaspending", "t1.csv"])
        let published = try Self.head(sandbox)
        // The imported award's image at the head is only a hash in its import's entry: retracting it journals the
        // image, which the diff finds matches that hash, so the retraction shows field by field.
        _ = try sandbox.succeed(["retract", "award", "1", "--reason", "counted twice"])
        _ = try sandbox.run(["import", "usaspending", "t2.csv"])
        #expect(try Self.listed(sandbox, [published.seq, published.hash, "--format", "csv"]) == """
            kind,record_id,record,change,field,before,after,entries\r
            vendor,4,GAMMA LLC,added,,,,57\r
            award,1,0001,retracted,retraction,,counted twice,54; 55\r
            award,105,KEY-1,changed,,[earlier values not journaled: written by a bulk import],,56\r
            award,106,KEY-2,changed,,[earlier values not journaled: written by a bulk import],,56\r
            award,107,KEY-3,added,,,,56\r

            """)
        let markdown = try Self.listed(sandbox, [published.seq, "--format", "md"])
        #expect(markdown.contains("""

            1 vendor added, 1 award added, 2 awards changed, 1 award retracted.

            ## Imports

            - t2.csv (entry 56, SHA-256 `1aca9e6998d74b64f41a811e6609310e7019c537f03b2f10339bf9104dca142f`): 1 award added, 2 updated

            """), "\(markdown)")
        #expect(markdown.contains("- **changed**: award 105 KEY-1 (entry 56)\n  - [earlier values not journaled: written by a bulk import]\n"))
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
    }

    @Test("confidential sources: masked in every format and in files; --include-confidential shows them, to a file")
    func confidentialSources() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let published = try Self.head(sandbox)
        let source = try sandbox.succeed([
            "add", "source", "ZQX-TITLE-MARKER the insider", "--kind", "interview", "--confidential",
            "--publisher", "ZQX-PUBLISHER-MARKER", "--url", "https://zqx-url-marker.example/x", "--notes", "ZQX-NOTES-MARKER",
        ]).trimmingCharacters(in: .newlines)
        _ = try sandbox.succeed(["cite", "pursuit", "1", "--source", source, "--quote", "ZQX-QUOTE-MARKER said so"])
        _ = try sandbox.succeed(["edit", "source", source, "--notes", "ZQX-NOTES-MARKER again", "--reason", "ZQX-REASON-MARKER"])
        let markers = ["ZQX-TITLE-MARKER", "ZQX-PUBLISHER-MARKER", "zqx-url-marker", "ZQX-NOTES-MARKER", "ZQX-QUOTE-MARKER", "ZQX-REASON-MARKER"]
        for format in ["table", "json", "csv", "nl", "md"] {
            let run = try sandbox.run(["diff", published.seq, "--format", format])
            #expect(run.status == 0, "\(format): \(run)")
            for marker in markers {
                #expect(!run.stdout.localizedCaseInsensitiveContains(marker) && !run.stderr.localizedCaseInsensitiveContains(marker),
                        "\(format) printed \(marker)")
            }
            #expect(run.stdout.contains("[confidential source]") && run.stdout.contains("source 7 on pursuit 1"), "\(format): \(run)")
        }
        _ = try Self.listed(sandbox, [published.seq, "--format", "md", "-o", "diff.md"])
        let written = try sandbox.bytes("diff.md")
        for marker in markers { #expect(written.range(of: Data(marker.utf8)) == nil, "diff.md holds \(marker)") }
        // Asked for explicitly, to a file (or a pipe), the sources are whole.
        _ = try Self.listed(sandbox, [published.seq, "--format", "json", "--include-confidential", "-o", "private.json"])
        let secret = try sandbox.bytes("private.json")
        for marker in ["ZQX-TITLE-MARKER"] { #expect(secret.range(of: Data(marker.utf8)) != nil, "private.json lacks \(marker)") }
    }
}
