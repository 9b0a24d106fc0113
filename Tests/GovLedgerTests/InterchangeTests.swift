import Foundation
import Testing
@testable import GovLedger

/// An interchange file that must not load.
struct BadFile: Sendable, CustomTestStringConvertible {
    let name: String
    let file: LedgerFile
    /// Words the error's problem must contain.
    let problem: String
    var testDescription: String { name }
}

@Suite("Interchange")
struct InterchangeTests {
    @Test("the fixture loads whole: the counts fixtures/README.md gives")
    func fixtureCounts() throws {
        let ledger = try Ledger.inMemory()
        let added = try ledger.load([(path: Package.fixturePath, file: try Fixture.file())])
        // The fixture's five agencies are the reference's rows every ledger is seeded with: none is added.
        #expect(added.records == [.vendor: 8, .source: 6, .solicitation: 1, .pursuit: 6, .stageChange: 6,
                          .document: 6, .award: 5, .event: 9, .person: 2, .request: 1])
        let counts = try ledger.counts()
        #expect(counts["agencies"] == AgencyReference.departmentList.count + AgencyReference.subtierList.count)
        #expect(counts["vendors"] == 8)
        #expect(counts["sources"] == 6)
        #expect(counts["solicitations"] == 1)
        #expect(counts["pursuits"] == 6)
        #expect(counts["stage_changes"] == 6)
        #expect(counts["documents"] == 6)
        #expect(counts["awards"] == 5)
        #expect(counts["events"] == 9)
        #expect(counts["citations"] == 69)
    }

    @Test("export → load → export is byte-identical")
    func roundTrip() throws {
        let first = try Fixture.ledger()
        let bytes = try first.exportFile(includeConfidential: true).encoded()
        let second = try Ledger.inMemory()
        try second.load([(path: "export.json", file: try LedgerFile.decode(bytes, path: "export.json"))])
        let again = try second.exportFile(includeConfidential: true).encoded()
        #expect(again == bytes)
        #expect(bytes.last == 0x0A)
        // The default (redacted) export is stable too.
        #expect(try first.exportFile().encoded() == (try second.exportFile().encoded()))
    }

    /// Link ids in document and event links, sorted: the order the ledger exports them in.
    static func sortingLinks(_ file: LedgerFile) -> LedgerFile {
        func sorted(_ links: Links) -> Links {
            Links(pursuitIds: links.pursuitIds.sorted(), vendorIds: links.vendorIds.sorted(),
                  agencyIds: links.agencyIds.sorted())
        }
        var file = file
        file.documents = file.documents.map { var d = $0; d.links = sorted(d.links); return d }
        file.events = file.events.map { var e = $0; e.links = sorted(e.links); return e }
        return file
    }

    @Test("loading the fixture and exporting it with confidential sources gives the fixture's records, ids kept")
    func fixtureRecordsKept() throws {
        let fixture = try Fixture.file()
        let exported = try Fixture.ledger().exportFile(includeConfidential: true)
        // Links are sets; the export lists their ids in ascending order.
        #expect(exported == Self.sortingLinks(fixture))
        #expect(exported.pursuits.map(\.id) == fixture.pursuits.map(\.id))
        #expect(exported.citations.map(\.id) == fixture.citations.map(\.id))
        #expect(exported.sources.first { $0.confidential } == fixture.sources.first { $0.confidential })
    }

    @Test("the fixture lists event 5's vendors out of order; the export canonicalises them")
    func linkOrder() throws {
        let fixture = try Fixture.file()
        let exported = try Fixture.ledger().exportFile(includeConfidential: true)
        #expect(fixture.events.first { $0.id == 5 }?.links.vendorIds == [1, 2, 6, 4, 7])
        #expect(exported.events.first { $0.id == 5 }?.links.vendorIds == [1, 2, 4, 6, 7])
    }

    @Test("the default export redacts the confidential source and leaks nothing about it")
    func redaction() throws {
        let ledger = try Fixture.ledger()
        let file = try ledger.exportFile()
        let secret = try #require(file.sources.first { $0.id == 5 })
        #expect(secret == Source(id: 5, kind: .other, title: "[confidential source]", confidential: true))
        #expect(secret.notes == nil && secret.publisher == nil && secret.url == nil)
        // Its citations stay, so the records still show they rest on it.
        #expect(file.citations.filter { $0.sourceId == 5 }.count == 4)
        // Everything else is untouched.
        let full = try ledger.exportFile(includeConfidential: true)
        #expect(file.sources.filter { $0.id != 5 } == full.sources.filter { $0.id != 5 })
        let text = String(decoding: try file.encoded(), as: UTF8.self)
        for secretWords in ["Person who provided", "Never publish", "cannot be named", "Identity withheld"] {
            #expect(!text.contains(secretWords), "the default export contains \(secretWords)")
        }
        #expect(text.contains("[confidential source]"))
        // With includeConfidential the words are there: the check above is not vacuous.
        let fullText = String(decoding: try full.encoded(), as: UTF8.self)
        #expect(fullText.contains("Person who provided") && fullText.contains("Never publish"))
    }

    static func agency(_ id: Int64, _ name: String, parent: Int64? = nil) -> Agency {
        Agency(id: id, name: name, level: parent == nil ? .department : .subagency, parentId: parent)
    }

    static func pursuit(_ id: Int64, vendor: Int64, agency: Int64) -> Pursuit {
        Pursuit(id: id, vendorId: vendor, agencyId: agency, title: "Pursuit \(id)", kind: .other, stage: .lead,
                date: try! LedgerDate(parsing: "2025", field: "date"))
    }

    static let badFiles: [BadFile] = {
        var missingVendor = LedgerFile()
        missingVendor.agencies = [agency(1, "Bureau of Tests")]
        missingVendor.pursuits = [pursuit(1, vendor: 99, agency: 1)]

        var missingCitationTarget = LedgerFile()
        missingCitationTarget.sources = [Source(id: 1, kind: .other, title: "S")]
        missingCitationTarget.citations = [Citation(id: 1, sourceId: 1, recordKind: .pursuit, recordId: 7)]

        var missingLink = LedgerFile()
        missingLink.documents = [Document(id: 1, kind: .memo, title: "M", links: Links(agencyIds: [3]))]

        var vendorCycle = LedgerFile()
        vendorCycle.vendors = [Vendor(id: 1, name: "Alpha Widgets", parentId: 2), Vendor(id: 2, name: "Beta Widgets", parentId: 1)]

        var agencyCycle = LedgerFile()
        agencyCycle.agencies = [agency(1, "Alpha Bureau", parent: 3), agency(2, "Beta Bureau", parent: 1),
                                agency(3, "Gamma Bureau", parent: 2)]

        var blankTitle = LedgerFile()
        blankTitle.sources = [Source(id: 1, kind: .other, title: "  ")]

        var refusedByDatabase = LedgerFile()
        refusedByDatabase.vendors = [Vendor(id: 1, name: "Alpha Widgets")]
        refusedByDatabase.agencies = [agency(1, "Bureau of Tests")]
        var valued = pursuit(1, vendor: 1, agency: 1)
        valued.estimatedValueCents = 100
        refusedByDatabase.pursuits = [valued]

        return [
            BadFile(name: "a pursuit naming a missing vendor", file: missingVendor, problem: "vendor_id"),
            BadFile(name: "a citation naming a missing pursuit", file: missingCitationTarget, problem: "pursuit_id"),
            BadFile(name: "a document linked to a missing agency", file: missingLink, problem: "agency_ids"),
            BadFile(name: "vendor parents in a cycle", file: vendorCycle, problem: "cycle"),
            BadFile(name: "agency parents in a cycle", file: agencyCycle, problem: "cycle"),
            BadFile(name: "a source with a blank title", file: blankTitle, problem: "title"),
            BadFile(name: "a pursuit the schema refuses (value without currency)", file: refusedByDatabase,
                    problem: "pursuits"),
        ]
    }()

    @Test("a bad file is refused as an input-file error and the ledger is unchanged", arguments: badFiles)
    func badFileRefused(_ bad: BadFile) throws {
        let ledger = try Fixture.ledger()
        let before = try ledger.exportFile(includeConfidential: true)
        let counts = try ledger.counts()
        let error = try #require(throws: LedgerError.self) { try ledger.load([(path: "bad.json", file: bad.file)]) }
        guard case .inputFile(let path, _, let problem) = error else {
            Issue.record("expected inputFile, got \(error)")
            return
        }
        #expect(path == "bad.json")
        #expect(problem.contains(bad.problem), "\(problem)")
        #expect(try ledger.counts() == counts)
        #expect(try ledger.exportFile(includeConfidential: true) == before)
    }

    @Test("load is all-or-nothing across files: a bad second file undoes the good first one", arguments: badFiles)
    func allOrNothing(_ bad: BadFile) throws {
        let ledger = try Ledger.inMemory()
        #expect(throws: LedgerError.self) {
            try ledger.load([(path: Package.fixturePath, file: try Fixture.file()), (path: "bad.json", file: bad.file)])
        }
        #expect(try ledger.counts().allSatisfy { $0.value == ($0.key == "agencies" ? AgencyReference.departmentList.count + AgencyReference.subtierList.count : 0) })
    }

    static let undecodable: [(String, String)] = [
        ("invalid JSON", "{\"format\": \"govledger\", "),
        ("not an object", "[1, 2, 3]"),
        ("empty", ""),
        ("another format", #"{"format": "datasette", "version": 1}"#),
        ("a newer version", #"{"format": "govledger", "version": 2}"#),
        ("no format", #"{"version": 1}"#),
        ("an impossible date", #"{"format": "govledger", "version": 1, "sources": [{"id": 1, "kind": "other", "title": "t", "confidential": false, "date": "2025-02-30"}]}"#),
        ("an unknown stage", #"{"format": "govledger", "version": 1, "stage_changes": [{"id": 1, "pursuit_id": 1, "stage": "won", "date": "2025"}]}"#),
        ("a citation with two targets", #"{"format": "govledger", "version": 1, "citations": [{"id": 1, "source_id": 1, "pursuit_id": 1, "vendor_id": 1}]}"#),
        ("a citation with no target", #"{"format": "govledger", "version": 1, "citations": [{"id": 1, "source_id": 1}]}"#),
    ]

    @Test("undecodable bytes are an input-file error naming the path", arguments: undecodable)
    func undecodableRefused(_ name: String, _ json: String) throws {
        let error = try #require(throws: LedgerError.self) { try LedgerFile.decode(Data(json.utf8), path: "in.json") }
        guard case .inputFile(let path, _, let problem) = error else {
            Issue.record("expected inputFile, got \(error)")
            return
        }
        #expect(path == "in.json")
        #expect(!problem.isEmpty)
        #expect(error.exitCode == 6)
    }

    @Test("a decode error says where in the file it went wrong")
    func decodeErrorLocation() throws {
        let json = #"{"format": "govledger", "version": 1, "pursuits": [{"id": 1, "vendor_id": 1, "agency_id": 1, "title": "t", "kind": "other", "stage": "lead"}]}"#
        let error = try #require(throws: LedgerError.self) { try LedgerFile.decode(Data(json.utf8), path: "in.json") }
        #expect(error.description.contains("pursuits[0]"))
        #expect(error.description.contains("date"))
    }

    @Test("a minimal hand-written file loads; a pursuit without history gets its first stage change")
    func minimalFile() throws {
        let json = #"""
            {"format": "govledger", "version": 1,
             "agencies": [{"id": 1, "name": "Bureau of Tests", "level": "department"}],
             "vendors": [{"id": 1, "name": "Acme", "aliases": []}],
             "pursuits": [{"id": 1, "vendor_id": 1, "agency_id": 1, "title": "A pitch", "kind": "other", "stage": "pitched", "date": "2024-03"}]}
            """#
        let ledger = try Ledger.inMemory()
        try ledger.load([(path: "min.json", file: try LedgerFile.decode(Data(json.utf8), path: "min.json"))])
        let file = try ledger.exportFile()
        #expect(file.stageChanges == [StageChange(id: 1, pursuitId: 1, stage: .pitched, date: try date("2024-03"))])
        #expect(try ledger.list(.pursuit).records.first?["administration"] == .text("biden"))
    }

    @Test("on load a pursuit's stage is recomputed from its latest stage change")
    func stageRecomputed() throws {
        var file = LedgerFile()
        file.agencies = [Self.agency(1, "Bureau of Tests")]
        file.vendors = [Vendor(id: 1, name: "Acme Widgets")]
        file.pursuits = [Self.pursuit(1, vendor: 1, agency: 1)]
        file.stageChanges = [
            StageChange(id: 1, pursuitId: 1, stage: .lead, date: try date("2025-02")),
            StageChange(id: 2, pursuitId: 1, stage: .lost, date: try date("2025-09-30")),
            StageChange(id: 3, pursuitId: 1, stage: .pitched, date: try date("2025-05")),
        ]
        let ledger = try Ledger.inMemory()
        try ledger.load([(path: "stages.json", file: file)])
        let exported = try ledger.exportFile()
        #expect(exported.pursuits.first?.stage == .lost)
        #expect(exported.stageChanges.count == 3)
    }

    @Test("ids already taken are remapped, and references follow them")
    func remapping() throws {
        let ledger = try Fixture.ledger()
        var extra = LedgerFile()
        extra.agencies = [Self.agency(1, "Bureau of Tests")]
        extra.vendors = [Vendor(id: 1, name: "Acme Widgets", aliases: ["Acme"])]
        extra.sources = [Source(id: 1, kind: .other, title: "Tip")]
        extra.pursuits = [Self.pursuit(1, vendor: 1, agency: 1)]
        extra.citations = [Citation(id: 1, sourceId: 1, recordKind: .pursuit, recordId: 1, quote: "remapped")]
        try ledger.load([(path: "extra.json", file: extra)])
        let file = try ledger.exportFile()
        let acme = try #require(file.vendors.first { $0.name == "Acme Widgets" })
        let bureau = try #require(file.agencies.first { $0.name == "Bureau of Tests" })
        let tip = try #require(file.sources.first { $0.title == "Tip" })
        let pursuit = try #require(file.pursuits.first { $0.title == "Pursuit 1" })
        #expect(acme.id == 9 && bureau.id == 1517 && tip.id == 7 && pursuit.id == 7)
        #expect(pursuit.vendorId == acme.id && pursuit.agencyId == bureau.id)
        let citation = try #require(file.citations.first { $0.quote == "remapped" })
        #expect(citation.sourceId == tip.id && citation.recordKind == .pursuit && citation.recordId == pursuit.id)
        #expect(citation.id == 70)
        // The fixture's own records are untouched.
        #expect(file.pursuits.first { $0.id == 1 }?.vendorId == 1)
    }

    @Test("loading the fixture twice reuses its agencies and vendors")
    func loadTwice() throws {
        let ledger = try Fixture.ledger()
        try ledger.load([(path: Package.fixturePath, file: try Fixture.file())])
        let counts = try ledger.counts()
        #expect(counts["agencies"] == AgencyReference.departmentList.count + AgencyReference.subtierList.count)
        #expect(counts["vendors"] == 8)
        #expect(counts["vendor_aliases"] == 6)
        #expect(counts["sources"] == 12)
        #expect(counts["pursuits"] == 12)
        #expect(counts["citations"] == 138)
        let second = try #require(try ledger.exportFile().pursuits.first { $0.id == 7 })
        #expect(second.vendorId == 1 && second.agencyId == 885 && second.stage == .responded)
    }
}
