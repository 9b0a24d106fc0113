import Foundation
import Testing
@testable import GovLedger

@Suite("Queries on the fixture")
struct QueryTests {
    @Test("Salesforce × ICE pursuits include the talent-acquisition memo pursuit")
    func talentAcquisition() throws {
        let ledger = try Fixture.ledger()
        let pursuits = try ledger.list(.pursuit, filter: Filter(vendor: "Salesforce", agency: "ICE"))
        #expect(pursuits.strings("id") == ["2", "1"])
        let pursuit = try #require(pursuits.record(where: "title", contains: "talent acquisition"))
        #expect(pursuit["date"] == .text("2025-08-26"))
        #expect(pursuit["administration"] == .text("trump-2"))
        #expect(pursuit["stage"] == .text("responded"))
        #expect(pursuit["kind"] == .text("hiring-recruitment"))
        #expect(pursuit["vendor"] == .text("Salesforce"))
        #expect(pursuit["agency"] == .text("ICE"))
        guard case .list(let documents) = pursuit["documents"] else {
            Issue.record("documents is not a list: \(String(describing: pursuit["documents"]))")
            return
        }
        #expect(documents.contains("Salesforce memo on helping ICE with \"talent acquisition\""))
        #expect(documents.first == "Salesforce spreadsheet of ICE \"opportunities\"")
        #expect(documents.count == 5)
        guard case .list(let sources) = pursuit["sources"] else {
            Issue.record("sources is not a list")
            return
        }
        #expect(sources.count == 3)
        #expect(sources.contains("Salesforce Staff Urge CEO to End ICE Partnership — AICNBC (source 1)"))
    }

    @Test("Salesforce's ICE awards fall under Obama and Biden")
    func awardsByAdministration() throws {
        let ledger = try Fixture.ledger()
        let awards = try ledger.list(.award, filter: Filter(vendor: "salesforce.com", agency: "ICE"))
        #expect(awards.strings("administration") == ["obama", "biden"])
        #expect(awards.strings("date") == ["obama", "biden"])
        #expect(awards.strings("vendor") == ["Salesforce", "Salesforce"])
        #expect(awards.records.allSatisfy { $0["obligated_cents"] == .null })
        // All ICE awards: the three under Trump's second term are Palantir's, Microsoft's and IBM's.
        let ice = try ledger.list(.award, filter: Filter(agency: "ICE"))
        #expect(ice.strings("vendor") == ["Salesforce", "Salesforce", "Palantir Technologies", "Microsoft", "IBM"])
    }

    @Test("Slack finds the GSA discount agreement")
    func slack() throws {
        let ledger = try Fixture.ledger()
        let pursuits = try ledger.list(.pursuit, filter: Filter(vendor: "Slack"))
        #expect(pursuits.rows.count == 1)
        let pursuit = try #require(pursuits.records.first)
        #expect(pursuit["title"] == .text("Discounted Slack for government agencies (GSA agreement)"))
        #expect(pursuit["agency"] == .text("GSA"))
        #expect(pursuit["kind"] == .text("discount-agreement"))
        #expect(pursuit["stage"] == .text("agreement"))
        #expect(pursuit["administration"] == .text("trump-2"))
        let events = try ledger.list(.event, filter: Filter(vendor: "Slack"))
        #expect(events.strings("kind") == ["announcement"])
    }

    @Test("--administration keeps only facts wholly inside the term")
    func administrationFilter() throws {
        let ledger = try Fixture.ledger()
        let obama = try #require(Administration.named("obama"))
        let biden = try #require(Administration.named("biden"))
        let trump2 = try #require(Administration.named("trump-2"))
        #expect(try ledger.list(.award, filter: Filter(administration: AdministrationSet(obama))).strings("date") == ["obama"])
        #expect(try ledger.list(.award, filter: Filter(administration: AdministrationSet(biden))).strings("date") == ["biden"])
        #expect(try ledger.list(.award, filter: Filter(administration: AdministrationSet(trump2))).rows.count == 3)
        #expect(try ledger.list(.pursuit, filter: Filter(administration: AdministrationSet(obama))).rows.isEmpty)
        #expect(try ledger.list(.pursuit, filter: Filter(administration: AdministrationSet(trump2))).rows.count == 6)
        #expect(try ledger.list(.source, filter: Filter(administration: AdministrationSet(trump2))).strings("id") == ["1", "2", "3", "4"])
        // A date straddling a transition belongs to neither side.
        let straddle = try ledger.addEvent(kind: .other, title: "Straddles 2021", date: try date("2021"))
        #expect(try ledger.list(.event, filter: Filter(administration: AdministrationSet(biden))).rows.isEmpty)
        #expect(try !ledger.list(.event, filter: Filter(administration: AdministrationSet(try #require(Administration.named("trump-1")))))
            .strings("id").contains(String(straddle)))
        let row = try #require(try ledger.list(.event).records.first { $0["id"] == .int(straddle) })
        #expect(row["administration"] == .text("ambiguous"))
    }

    @Test("since and until select facts whose range overlaps them")
    func sinceUntil() throws {
        let ledger = try Fixture.ledger()
        func awards(_ filter: Filter) throws -> [String] { try ledger.list(.award, filter: filter).strings("id") }
        // The Obama award covers 2009-01-20..2017-01-19.
        #expect(try awards(Filter(since: try date("2016"))) == ["1", "2", "3", "4", "5"])
        #expect(try awards(Filter(since: try date("2017-01-19"))) == ["1", "2", "3", "4", "5"])
        #expect(try awards(Filter(since: try date("2017-01-20"))) == ["2", "3", "4", "5"])
        #expect(try awards(Filter(until: try date("2009"))) == ["1"])
        #expect(try awards(Filter(until: try date("2009-01-19"))) == [])
        #expect(try awards(Filter(since: try date("2017-01-20"), until: try date("2021-01-19"))) == [])
        #expect(try awards(Filter(since: try date("trump-1"))) == ["2", "3", "4", "5"])
        #expect(try awards(Filter(until: try date("trump-1"))) == ["1"])

        func documents(_ filter: Filter) throws -> [String] { try ledger.list(.document, filter: filter).strings("id") }
        // Memo 2025-08-26; spreadsheet and deck 2025-01-20..2025-10; statement 2025-10; letter and supplement 2026.
        #expect(try documents(Filter(until: try date("2025-08"))) == ["2", "3", "1"])
        #expect(try documents(Filter(since: try date("2025-10"))) == ["2", "3", "6", "4", "5"])
        #expect(try documents(Filter(since: try date("2025-09"), until: try date("2025-09"))) == ["2", "3"])
        #expect(try documents(Filter(since: try date("2027"))) == [])
    }

    @Test("kind and stage filters")
    func kindAndStage() throws {
        let ledger = try Fixture.ledger()
        #expect(try ledger.list(.pursuit, filter: Filter(stage: .agreement)).rows.count == 4)
        #expect(try ledger.list(.pursuit, filter: Filter(stage: .lead)).strings("id") == ["2"])
        #expect(try ledger.list(.pursuit, filter: Filter(kind: "Hiring Recruitment")).strings("id") == ["1"])
        #expect(try ledger.list(.document, filter: Filter(kind: "slide deck")).strings("id") == ["3"])
        #expect(try ledger.list(.event, filter: Filter(kind: "petition")).strings("signatures") == ["900"])
        #expect(try ledger.list(.source, filter: Filter(kind: "public_record")).strings("id") == ["6"])
        #expect(try ledger.list(.stageChange, filter: Filter(vendor: "Salesforce", stage: .responded)).strings("pursuit_id") == ["1"])
        #expect(try ledger.list(.solicitation, filter: Filter(agency: "DHS", kind: "request for information")).rows.count == 1)
        #expect(throws: LedgerError.self) { try ledger.list(.document, filter: Filter(kind: "banana")) }
    }

    @Test("a filter that does not apply to a kind is an error, not ignored")
    func inapplicableFilter() throws {
        let ledger = try Fixture.ledger()
        let cases: [(RecordKind, Filter, String)] = [
            (.award, Filter(stage: .lead), "stage"),
            (.award, Filter(kind: "contract"), "kind"),
            (.vendor, Filter(agency: "ICE"), "agency"),
            (.agency, Filter(since: try date("2025")), "since"),
            (.source, Filter(vendor: "Salesforce"), "vendor"),
            (.solicitation, Filter(vendor: "Salesforce"), "vendor"),
        ]
        for (kind, filter, name) in cases {
            let error = try #require(throws: LedgerError.self) { try ledger.list(kind, filter: filter) }
            guard case .invalidValue(let field, _, let expected) = error else {
                Issue.record("expected invalidValue for \(name) on \(kind), got \(error)")
                continue
            }
            #expect(field.contains(name))
            #expect(expected.contains(kind.table))
        }
    }

    @Test("an unknown filter reference is an error")
    func unknownFilterReference() throws {
        let ledger = try Fixture.ledger()
        let error = try #require(throws: LedgerError.self) { try ledger.list(.pursuit, filter: Filter(vendor: "Oracle")) }
        #expect(error.field == "vendor")
    }

    @Test("search finds the tip-line slide deck")
    func searchTipLine() throws {
        let ledger = try Fixture.ledger()
        let hits = try ledger.search("tip line")
        #expect(hits.columns == ["kind", "ref", "title", "vendor", "agency", "date", "obligated_cents", "currency", "snippet"])
        let deck = try #require(hits.records.first { $0["kind"] == .text("document") && $0["ref"] == .int(3) })
        #expect(deck["title"] == .text("Salesforce brainstorming deck: AI agents for ICE's tip line and investigations"))
        #expect(deck["snippet"]?.plain.contains("[tip]") == true)
        #expect(hits.records.contains { $0["kind"] == .text("pursuit") && $0["ref"] == .int(2) })
        // Every word must match; stemming finds "investigation" from "investigations".
        #expect(try ledger.search("TIP investigation").records.contains { $0["kind"] == .text("document") && $0["ref"] == .int(3) })
        #expect(try ledger.search("tip line zebra").rows.isEmpty)
        #expect(try ledger.search("tip line", limit: 1).rows.count == 1)
    }

    @Test("search finds quotes, and never shows the confidential source's title")
    func searchQuotes() throws {
        let ledger = try Fixture.ledger()
        let hits = try ledger.search("ideal platform")
        #expect(hits.records.contains { $0["kind"] == .text("citation") && $0["title"] == .text("quote on event 2") })
        let all = try ledger.search("New York Times")
        #expect(!all.rows.isEmpty)
        #expect(!all.rows.flatMap { $0 }.contains { $0.plain.contains("Person who provided") })
    }

    @Test("search with no words is an error", arguments: ["", "   ", "!!! ... ???", "\"*\""])
    func searchWithoutWords(_ text: String) throws {
        let ledger = try Fixture.ledger()
        let error = try #require(throws: LedgerError.self) { try ledger.search(text) }
        #expect(error == .invalidValue(field: "text", value: text, expected: "at least one word to search for"))
    }

    @Test("show gives a pursuit with its history, documents, events, awards and citations")
    func showPursuit() throws {
        let ledger = try Fixture.ledger()
        let shown = try ledger.show(.pursuit, "1")
        #expect(shown.sections.map(\.name) == ["record", "stage_history", "documents", "events", "awards", "citations"])
        #expect(shown.table("stage_history")?.strings("stage") == ["responded"])
        #expect(shown.table("stage_history")?.records.first?["sources"]
            == .list(["Internal documents show Salesforce pitched AI to ICE (report on The New York Times' story) (source 3)",
                      "[confidential source] (source 5)"]))
        #expect(shown.table("documents")?.rows.count == 5)
        #expect(shown.table("events")?.strings("id") == ["2", "9"])
        #expect(shown.table("citations")?.strings("source_id") == ["3", "1", "2"])
        let vendor = try ledger.show(.vendor, "Salesforce")
        #expect(vendor.table("subsidiaries")?.strings("name") == ["Slack Technologies"])
        #expect(vendor.table("awards")?.strings("date") == ["obama", "biden"])
    }

    @Test("the confidential source is shown only as the placeholder")
    func showConfidential() throws {
        let ledger = try Fixture.ledger()
        let shown = try ledger.show(.source, "5")
        let record = try #require(shown.table("record")?.records.first)
        #expect(record["title"] == .text("[confidential source]"))
        #expect(record["publisher"] == .null)
        #expect(record["confidential"] == .bool(true))
        #expect(record["citations"] == .int(4))
        #expect(shown.table("cited_for")?.strings("kind") == ["stage-change", "document", "document", "document"])
        let sources = try ledger.list(.source)
        #expect(sources.strings("title").filter { $0.contains("Person who provided") }.isEmpty)
        for format in OutputFormat.allCases {
            let text = Renderer.render(shown, as: format) + Renderer.render(sources, as: format)
            #expect(!text.contains("Person who provided") && !text.contains("Never publish"), "\(format)")
        }
    }

    @Test("CSV output quotes a comma or a quote followed by a combining mark, and reads back as written (fuzz: csv)")
    func csvCombiningMarks() throws {
        // A quote or comma followed by a combining mark is one Character that is neither: checked by Character, such
        // a field was left unquoted (its comma split the row) or its quote was not doubled.
        let cells = ["a,\u{301}b", "say \"\u{35C}hi\"\u{35C}", "\"\u{301}", "plain", "two\nlines", "x\u{2028}y"]
        let table = Table(columns: ["c1", "c2", "c3", "c4", "c5", "c6"], rows: [cells.map(Cell.text)])
        let csv = Renderer.render(table, as: .csv)
        let read = ParserEntryPoints.csvRecords(Data(csv.utf8))
        #expect(read.problem == nil)
        #expect(read.records.map(\.fields) == [table.columns, cells], "\(csv.debugDescription)")
        #expect(Renderer.csvField("plain") == "plain")
    }
}
