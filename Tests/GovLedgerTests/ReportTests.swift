import Foundation
import Testing
@testable import GovLedger

@Suite("Audit report")
struct ReportTests {
    static func salesforceICE() throws -> (Ledger, Report) {
        let ledger = try Fixture.ledger()
        return (ledger, try ledger.report(Filter(vendor: "Salesforce", agency: "ICE")))
    }

    @Test("scope: Salesforce with its subsidiary, ICE")
    func scope() throws {
        let (_, report) = try Self.salesforceICE()
        #expect(report.scope.vendors == ["Salesforce", "Slack Technologies"])
        #expect(report.scope.agencies == ["ICE"])
        #expect(report.scope.administration == nil)
    }

    @Test("one row per administration: Obama and Biden awards, Trump's second-term pursuits")
    func administrations() throws {
        let (_, report) = try Self.salesforceICE()
        #expect(report.administrations.map(\.administration) == ["obama", "biden", "trump-2"])
        let rows = Dictionary(uniqueKeysWithValues: report.administrations.map { ($0.administration, $0) })

        let obama = try #require(rows["obama"])
        #expect(obama.name == "Obama")
        #expect(obama.term == "2009-01-20..2017-01-19")
        #expect(obama.pursuits == 0 && obama.pursuitsByStage.isEmpty)
        #expect(obama.awards == 1 && obama.awardsWithUnknownValue == 1 && obama.obligatedCents == 0)
        #expect(obama.documents == 0 && obama.events == 0)

        let biden = try #require(rows["biden"])
        #expect(biden.term == "2021-01-20..2025-01-19")
        #expect(biden.pursuits == 0 && biden.awards == 1 && biden.awardsWithUnknownValue == 1)
        #expect(biden.documents == 0 && biden.events == 0)

        let trump2 = try #require(rows["trump-2"])
        #expect(trump2.name == "Trump (2nd term)")
        #expect(trump2.term == "2025-01-20..")
        #expect(trump2.pursuits == 2)
        #expect(trump2.pursuitsByStage == [Report.StageCount(stage: .lead, count: 1),
                                           Report.StageCount(stage: .responded, count: 1)])
        #expect(trump2.awards == 0)
        #expect(trump2.documents == 6)
        // The NYT report, Salesforce's statement, the Las Vegas remark and the employees' letter.
        #expect(trump2.events == 4)
    }

    @Test("pursuits, awards and the timeline")
    func entries() throws {
        let (_, report) = try Self.salesforceICE()
        #expect(report.pursuits.map(\.id) == [2, 1])
        let memo = try #require(report.pursuits.first { $0.id == 1 })
        #expect(memo.date == "2025-08-26" && memo.administration == "trump-2" && memo.stage == .responded)
        #expect(memo.solicitation == "ICE request for firms to explain how they could help hire 10,000 more officers and agents")
        #expect(memo.stageHistory.map(\.stage) == [.responded])
        #expect(memo.documents.contains { $0.kind == .memo && $0.pages == 5 && $0.date == "2025-08-26" })
        #expect(report.awards.map(\.administration) == ["obama", "biden"])
        #expect(report.awards.allSatisfy { $0.vendor == "Salesforce" && $0.agency == "ICE" && $0.obligatedCents == nil })
        #expect(report.timeline.map(\.first) == report.timeline.map(\.first).sorted())
        #expect(report.timeline.first?.kind == "award" && report.timeline.first?.administration == "obama")
        #expect(report.timeline.contains { $0.kind == "stage-change" && $0.date == "2025-08-26" })
    }

    @Test("the confidential source appears only as the placeholder")
    func confidential() throws {
        let (_, report) = try Self.salesforceICE()
        let secret = try #require(report.sources.first { $0.id == 5 })
        #expect(secret.title == "[confidential source]")
        #expect(secret.publisher == nil && secret.url == nil && secret.confidential)
        #expect(report.sources.map(\.id) == [1, 2, 3, 4, 5])
        let memoChange = try #require(report.pursuits.first { $0.id == 1 }?.stageHistory.first)
        #expect(memoChange.sources.contains("[confidential source] (source 5)"))
        for format in ReportFormat.allCases {
            let text = try ReportRenderer.render(report, as: format)
            #expect(text.contains("[confidential source]"), "\(format)")
            for secretWords in ["Person who provided", "Never publish", "cannot be named", "Identity withheld"] {
                #expect(!text.contains(secretWords), "\(format) output contains \(secretWords)")
            }
        }
    }

    @Test("markdown and JSON render deterministically", arguments: ReportFormat.allCases)
    func deterministic(_ format: ReportFormat) throws {
        let (ledger, report) = try Self.salesforceICE()
        let once = try ReportRenderer.render(report, as: format)
        #expect(try ReportRenderer.render(report, as: format) == once)
        // A second build of the same ledger gives the same content.
        let again = try ledger.report(Filter(vendor: "Salesforce", agency: "ICE"))
        #expect(again.administrations == report.administrations)
        #expect(again.pursuits == report.pursuits && again.awards == report.awards)
        #expect(again.timeline == report.timeline && again.sources == report.sources)
        #expect(once.hasSuffix("\n"))
    }

    @Test("the markdown has the per-administration table")
    func markdown() throws {
        let (_, report) = try Self.salesforceICE()
        let md = try ReportRenderer.render(report, as: .md)
        #expect(md.hasPrefix("# GovLedger report: Salesforce × ICE\n"))
        #expect(md.contains("\n## Summary\n\n### By administration\n"))
        #expect(md.contains("| Obama (obama) | 2009-01-20..2017-01-19 | 0 |  | 1 |  | 1 | 0 | 0 |"))
        #expect(md.contains("| Biden (biden) | 2021-01-20..2025-01-19 | 0 |  | 1 |  | 1 | 0 | 0 |"))
        #expect(md.contains("| Trump (2nd term) (trump-2) | 2025-01-20.. | 2 | lead 1, responded 1 | 0 |  | 0 | 6 | 4 |"))
        // User text cannot break the tables.
        #expect(ReportRenderer.escape("a | b <script>") == "a \\| b \\<script\\>")
    }

    @Test("the JSON is valid and carries the same rows")
    func json() throws {
        let (_, report) = try Self.salesforceICE()
        let text = try ReportRenderer.render(report, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let rows = try #require(object["administrations"] as? [[String: Any]])
        #expect(rows.compactMap { $0["administration"] as? String } == ["obama", "biden", "trump-2"])
        #expect(rows.compactMap { $0["awards_with_unknown_value"] as? Int } == [1, 1, 0])
    }

    @Test("a report of an empty scope says so")
    func emptyScope() throws {
        let ledger = try Fixture.ledger()
        let report = try ledger.report(Filter(vendor: "Google", agency: "GSA"))
        #expect(report.administrations.isEmpty && report.pursuits.isEmpty && report.awards.isEmpty)
        let md = try ReportRenderer.render(report, as: .md)
        #expect(md.contains("Nothing in scope."))
    }

    @Test("a known obligation is summed and formatted")
    func obligations() throws {
        let ledger = try Fixture.ledger()
        _ = try ledger.addAward(vendor: "Salesforce", agency: "ICE", piid: "P1", obligatedCents: 120_000_050,
                                date: try date("2016-03"))
        _ = try ledger.addAward(vendor: "Salesforce", agency: "ICE", piid: "P2", obligatedCents: 50,
                                date: try date("2010"))
        let report = try ledger.report(Filter(vendor: "Salesforce", agency: "ICE",
                                              administration: AdministrationSet(try #require(Administration.named("obama")))))
        #expect(report.scope.administration == "obama")
        let obama = try #require(report.administrations.first)
        #expect(report.administrations.count == 1)
        #expect(obama.awards == 3 && obama.obligatedCents == 120_000_100 && obama.awardsWithUnknownValue == 1)
        #expect(try ReportRenderer.render(report, as: .md).contains("$1,200,001.00"))
    }
}

@Suite("Renderers")
struct RenderTests {
    static let table = Table(columns: ["id", "name", "tags", "ok"], rows: [
        [.int(1), .text("Comma, \"quoted\"\nline"), .list(["a", "b"]), .bool(true)],
        [.int(2), .null, .list([]), .bool(false)],
    ])

    @Test("JSON rows are objects in column order, strings escaped")
    func json() throws {
        let text = Renderer.render(Self.table, as: .json)
        #expect(text == """
            [
              {"id": 1, "name": "Comma, \\"quoted\\"\\nline", "tags": ["a", "b"], "ok": true},
              {"id": 2, "name": null, "tags": [], "ok": false}
            ]

            """)
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8)) is [Any])
        #expect(Renderer.render(Table(columns: ["id"]), as: .json) == "[]\n")
        // The journal's canonical escaping: control characters only; U+2028 is valid JSON as it is.
        #expect(Renderer.string("\u{2028}\u{1}\"") == "\"\u{2028}\\u0001\\\"\"")
    }

    @Test("CSV quotes what needs quoting and ends lines with CRLF")
    func csv() {
        #expect(Renderer.render(Self.table, as: .csv)
            == "id,name,tags,ok\r\n1,\"Comma, \"\"quoted\"\"\nline\",a; b,true\r\n2,,,false\r\n")
    }

    @Test("NDJSON is one object per line")
    func ndjson() {
        let lines = Renderer.render(Self.table, as: .nl).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1] == #"{"id": 2, "name": null, "tags": [], "ok": false}"#)
    }

    @Test("tables align columns and keep each row on one line")
    func aligned() {
        let text = Renderer.render(Self.table, as: .table)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines[0] == "id  name" + String(repeating: " ", count: 18) + "tags  ok")
        #expect(lines[1] == "--  " + String(repeating: "-", count: 20) + "  ----  -----")
        #expect(lines[2].hasPrefix("1   Comma, \"quoted\" line  "))
    }
}
