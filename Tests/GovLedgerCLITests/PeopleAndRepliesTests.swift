import Foundation
import Testing

/// People and right of reply (docs/people-and-replies.md), end to end on the Salesforce–ICE ledger: exact
/// output and exit status, and `verify` after every write.
@Suite("People and replies")
struct PeopleAndRepliesTests {
    func write(_ sandbox: Sandbox, _ arguments: [String], _ expected: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try sandbox.succeed(arguments, sourceLocation: sourceLocation) == expected, sourceLocation: sourceLocation)
        #expect(try sandbox.succeed(["verify"], sourceLocation: sourceLocation).hasPrefix("intact: "), sourceLocation: sourceLocation)
    }

    @Test("the seed case holds Benioff and Salesforce's reply; people get dated roles and are named by records")
    func people() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        #expect(try sandbox.succeed(["list", "people", "--format", "csv"]) == """
            id,name,roles\r
            1,Marc Benioff,CEO at Salesforce\r
            2,Tim Cook,CEO of Apple\r

            """)
        try write(sandbox, ["add", "person", "Miriam Vogel", "--role", "Chief of staff", "--agency", "ICE",
                            "--since", "2025-02", "--until", "2025-11"], "3\n")
        try write(sandbox, ["role", "add", "3", "--role", "Deputy director", "--agency", "ICE", "--since", "2025-12"], "3\n")
        try write(sandbox, ["stage", "1", "proposal", "--on", "2025-11", "--person", "Marc Benioff"], "7\n")
        try write(sandbox, ["add", "document", "Memo to the ICE director", "--kind", "memo", "--written-by", "3",
                            "--recipient", "Marc Benioff"], "7\n")
        // Sections are separated by CRLF lines in CSV; compared with line ends normalised.
        #expect(try sandbox.succeed(["show", "person", "3", "--format", "csv"]).replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) == """
            # record
            id,name,roles
            3,Miriam Vogel,Chief of staff at ICE (2025-02..2025-11); Deputy director at ICE (2025-12..)

            # roles
            role,vendor,agency,since,until
            Chief of staff,,ICE,2025-02,2025-11
            Deputy director,,ICE,2025-12,

            # documents
            id,kind,title,date,administration,pages,author_organization,url,linked,sources
            7,memo,Memo to the ICE director,,,,,,,

            # events
            id,kind,title,date,administration,signatures,signatures_qualifier,url,linked,sources

            # stage_changes
            id,pursuit_id,pursuit,stage,date,administration,note,sources

            # requests
            id,party,contact,asked,via,deadline,outcome,answered,answer,about
            """)
        #expect(try sandbox.succeed(["list", "people", "--agency", "ICE", "--format", "csv"]) == """
            id,name,roles\r
            3,Miriam Vogel,Chief of staff at ICE (2025-02..2025-11); Deputy director at ICE (2025-12..)\r

            """)
        // A role whose first day is known only as "by 2025" is said in words, not as "(..2025..)".
        try write(sandbox, ["add", "person", "Tom Homan", "--role", "Border czar", "--agency", "ICE", "--since", "..2025"], "4\n")
        try write(sandbox, ["role", "add", "4", "--role", "Acting director", "--agency", "ICE", "--since", "2017-01..",
                            "--until", "..2018-06"], "4\n")
        #expect(try sandbox.succeed(["list", "people", "--format", "csv"]).contains(
            #"4,Tom Homan,"Border czar at ICE (since ..2025); Acting director at ICE (since 2017-01.., until ..2018-06)""# + "\r\n"))
        let search = try sandbox.succeed(["search", "Benioff", "--kind", "person", "--format", "csv"])
        #expect(search.contains("person,1,Marc Benioff,"), "\(search)")
        let report = try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE", "--format", "md"])
        #expect(report.contains("""
            ## People named

            - Marc Benioff — CEO at Salesforce [person 1]
            - Miriam Vogel — Chief of staff at ICE (2025-02..2025-11); Deputy director at ICE (2025-12..) [person 3]
            """), "\(report)")
        let ftm = try sandbox.succeed(["export", "ftm"])
        #expect(ftm.contains(#"{"id":"govledger-employment-3000","properties":{"employee":["govledger-person-3"],"employer":["govledger-agency-885"],"endDate":["2025-11"],"role":["Chief of staff"],"startDate":["2025-02"]},"schema":"Employment"}"#), "\(ftm)")
        #expect(ftm.contains(#"{"id":"govledger-directorship-1000","properties":{"director":["govledger-person-1"],"organization":["govledger-vendor-1"],"role":["CEO"]},"schema":"Directorship"}"#))
        #expect(try sandbox.succeed(["export", "ocds"]).contains(#""name": "Marc Benioff, CEO""#))
    }

    /// People are matched on load as vendors are: a ledger's own export loaded into it adds no one twice, and a
    /// role the file adds to someone the ledger knows joins their roles.
    @Test("load of a ledger's own export adds no person twice; a new role joins the person it belongs to")
    func loadMatchesPeople() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let before = try sandbox.succeed(["list", "people", "--format", "csv"])
        _ = try sandbox.succeed(["export", "json", "-o", "own.json"])
        let load = try sandbox.run(["load", "own.json"])
        #expect(load.status == 0 && !load.stderr.contains("people"), "\(load)")
        #expect(try sandbox.succeed(["list", "people", "--format", "csv"]) == before)
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
        try sandbox.write(#"{"format": "govledger", "version": 1, "people": [{"id": 9, "name": "Marc Benioff", "roles": [{"title": "Chair"}]}]}"#,
                          to: "role.json")
        let role = try sandbox.run(["load", "role.json"])
        #expect(role.status == 0 && role.stderr == "loaded 1 file: nothing new\n", "\(role)")
        let people = try sandbox.succeed(["list", "people", "--format", "csv"])
        #expect(people.split(separator: "\r\n").count == before.split(separator: "\r\n").count)
        #expect(people.contains("Chair"), "\(people)")
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
    }

    /// An overdue request to a confidential source's person is still overdue: check says so, without their name.
    @Test("check warns of an overdue request to a confidential person without naming them")
    func overdueConfidentialRequest() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let person = try sandbox.succeed(["add", "person", "ZQX Hidden Insider"]).trimmingCharacters(in: .newlines)
        _ = try sandbox.succeed(["add", "source", "Interview", "--kind", "interview", "--confidential", "--person", person])
        let request = try sandbox.succeed(["ask", person, "--party", "person", "--on", "2026-02-10", "--deadline", "2026-02-13"])
            .trimmingCharacters(in: .newlines)
        for format in ["table", "json", "csv", "nl"] {
            let check = try sandbox.run(["check", "--format", format])
            #expect(!check.stdout.contains("ZQX") && !check.stderr.contains("ZQX"), "\(format)")
        }
        let check = try sandbox.run(["check", "--format", "csv"])
        #expect(check.stdout.contains("reply-missing,warning,request,\(request),request \(request) (to a confidential person): the deadline 2026-02-13 passed with no answer recorded ('govledger reply \(request) --no-response' if none came)\r\n"), "\(check)")
    }

    @Test("ask and reply: the request, its one answer, the report's right-of-reply lines and check's reply-missing")
    func replies() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try write(sandbox, ["add", "person", "Miriam Vogel", "--role", "Press officer", "--agency", "ICE"], "3\n")
        try write(sandbox, ["ask", "ICE", "--on", "2026-02-10", "--via", "email", "--deadline", "2026-02-13",
                            "--about", "1", "--person", "Miriam Vogel"], "2\n")
        #expect(try sandbox.succeed(["list", "requests", "--format", "csv"]) == """
            id,party,contact,asked,via,deadline,outcome,answered,answer,about\r
            1,Salesforce,,2025-10,,,replied,2025-10,"It has served the US government across multiple administrations, and all customers are bound by company policies requiring responsible product use.","pursuit 1: Salesforce AI for ICE ""talent acquisition"": hiring 10,000 officers and agents; pursuit 2: Salesforce AI agents for ICE's tip line and investigations"\r
            2,ICE,Miriam Vogel,2026-02-10,email,2026-02-13,awaiting,,,"pursuit 1: Salesforce AI for ICE ""talent acquisition"": hiring 10,000 officers and agents"\r

            """)
        let check = try sandbox.run(["check", "--format", "csv"])
        #expect(check.stdout.contains("reply-missing,warning,request,2,the deadline 2026-02-13 passed with no answer recorded ('govledger reply 2 --no-response' if none came)\r\n"), "\(check)")
        #expect(check.stdout.contains("reply-missing,warning,vendor,2,Slack Technologies has 1 pursuit and was never asked for comment ('govledger ask')\r\n"))
        #expect(!check.stdout.contains("reply-missing,warning,agency,885,"))
        try write(sandbox, ["reply", "2", "--on", "2026-02-14", "--declined"], "2\n")
        #expect(!(try sandbox.run(["check", "--format", "csv"]).stdout.contains("reply-missing,warning,request,")))
        let report = try sandbox.succeed(["report", "--vendor", "Salesforce", "--agency", "ICE", "--format", "md"])
        #expect(report.contains("""
            ## Right of reply

            - Salesforce (vendor): asked 2025-10; replied 2025-10: “It has served the US government across multiple administrations, and all customers are bound by company policies requiring responsible product use. (document 6: Salesforce statement on its work with ICE)” [request 1]
            - Slack Technologies (vendor): never asked for comment
            - ICE (agency): asked 2026-02-10 by email, deadline 2026-02-13; declined to comment 2026-02-14 [request 2]
            """), "\(report)")
        // A second answer is refused, naming the first; the ledger is unchanged.
        let again = try sandbox.run(["reply", "2", "--on", "2026-02-15", "--text", "We do not comment."])
        #expect(again.status == 3)
        #expect(again.stderr == "govledger: error: invalid request '2': expected a request with no answer yet; request 2 was answered (declined) on 2026-02-14\n")
    }

    @Test("people and requests round-trip through export json and load byte for byte")
    func roundTrip() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        _ = try sandbox.succeed(["add", "person", "Miriam Vogel", "--role", "Press officer", "--agency", "ICE", "--since", "2025-06"])
        _ = try sandbox.succeed(["add", "event", "Meeting at ICE", "--on", "2025-09", "--kind", "meeting", "--person", "3", "--person", "1"])
        _ = try sandbox.succeed(["ask", "Miriam Vogel", "--on", "2026-01-05", "--via", "in-person"])
        _ = try sandbox.succeed(["export", "json", "--include-confidential", "-o", "first.json"])
        #expect(try sandbox.run(["init"], db: "second.sqlite").status == 0)
        #expect(try sandbox.run(["load", "first.json"], db: "second.sqlite").status == 0)
        _ = try sandbox.succeed(["export", "json", "--include-confidential", "-o", "second.json"], db: "second.sqlite")
        #expect(try sandbox.bytes("first.json") == sandbox.bytes("second.json"))
        #expect(try sandbox.succeed(["verify"], db: "second.sqlite").hasPrefix("intact: "))
    }
}
