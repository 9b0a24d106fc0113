import Foundation
import Testing

/// `--tag WORD` on every read command it means something to (docs/reports.md): `list`, `search` and `report`
/// are covered by EvidenceTests; here `totals`, `diff` and `watch`.
@Suite("Tag filters")
struct TagFilterTests {
    @Test("totals --tag counts only the awards tagged with every word, not the awards of a tagged pursuit")
    func totals() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        try sandbox.succeed(["add", "vendor", "Salesforce"])
        for (on, amount) in [("2014-05-01", "100"), ("2015-05-01", "250.50"), ("2019-05-01", "1,000")] {
            try sandbox.succeed(["add", "award", "--vendor", "Salesforce", "--agency", "ICE", "--on", on, "--obligated", amount])
        }
        try sandbox.succeed(["lead", "AI for ICE", "--vendor", "Salesforce", "--agency", "ICE", "--on", "2025-08"])
        try sandbox.succeed(["tag", "award", "2", "ice-story"])
        try sandbox.succeed(["tag", "award", "3", "ice-story", "follow-up"])
        try sandbox.succeed(["tag", "pursuit", "1", "obama-era"])
        #expect(try sandbox.succeed(["totals", "--by", "administration", "--tag", "ice-story", "--format", "csv"]) == """
            administration,currency,awards,obligated_cents,potential_cents,awards_without_obligation,basis\r
            obama,USD,1,25050,,0,start-date\r
            trump-1,USD,1,100000,,0,start-date\r

            """)
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--tag", "ice-story", "--tag", "follow-up", "--format", "csv"]) == """
            vendor,currency,awards,obligated_cents,potential_cents,awards_without_obligation,basis\r
            Salesforce,USD,1,100000,,0,start-date\r

            """)
        // A tag on a pursuit does not tag its vendor's awards.
        #expect(try sandbox.succeed(["totals", "--by", "vendor", "--tag", "obama-era", "--format", "json"]) == "[]\n")
        let bad = try sandbox.run(["totals", "--by", "vendor", "--tag", "two words"])
        #expect(bad.status == 3)
        #expect(bad.stderr == "govledger: error: invalid --tag 'two words': expected one word of letters, digits, '-' or '_' (at most 64), such as follow-up\n")
    }

    @Test("watch --tag: tagging a record brings it to the watch, once")
    func watch() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try sandbox.succeed(["watch", "add", "story", "--tag", "ice-story", "--kind", "award", "--kind", "document"])
        try sandbox.succeed(["tag", "award", "1", "ice-story"])
        try sandbox.succeed(["tag", "document", "1", "ice-story"])
        let look = try sandbox.run(["watch", "--format", "csv"])
        #expect(look.status == 0, "\(look)")
        #expect(look.stdout.split(separator: "\r\n").map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
                == ["watch,kind,ref", "story,award,1", "story,document,1"])
        #expect(look.stderr == "story: 2 new (1 award, 1 document)\n")
        #expect(try sandbox.run(["watch", "--format", "json"]).stdout == "[]\n")
    }

    @Test("diff --tag lists only what changed in records tagged with the word, and says so in Markdown")
    func diff() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let seq = try #require(try sandbox.succeed(["head"]).split(separator: " ").first.map(String.init))
        try sandbox.succeed(["tag", "pursuit", "1", "ice-story"])
        try sandbox.succeed(["edit", "pursuit", "1", "--title", "Salesforce AI for ICE hiring", "--reason", "shorter"])
        try sandbox.succeed(["edit", "pursuit", "2", "--title", "Other", "--reason", "untagged"])
        let edited = try #require(Int(seq)) + 2
        let csv = try sandbox.run(["diff", seq, "--tag", "ice-story", "--format", "csv"])
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stdout == """
            kind,record_id,record,change,field,before,after,entries\r
            pursuit,1,Salesforce AI for ICE hiring,changed,title,"Salesforce AI for ICE ""talent acquisition"": hiring 10,000 officers and agents",Salesforce AI for ICE hiring,\(edited)\r

            """)
        #expect(csv.stderr == "since entry \(seq): 1 pursuit changed\n")
        let markdown = try sandbox.succeed(["diff", seq, "--tag", "ice-story", "--format", "md"])
        #expect(markdown.contains("1 pursuit changed.\n\nOnly records tagged `ice-story`.\n\n## Pursuits\n"), "\(markdown)")
        #expect(!markdown.contains("Other"))
        #expect(try sandbox.run(["diff", seq, "--tag", "nothing", "--format", "json"]).stdout == "[]\n")
    }
}
