import Testing
@testable import GovLedger

/// A small ledger built through the named writes: DHS > ICE (seeded), Salesforce > Slack, one public source.
struct Basics {
    let ledger: Ledger
    let dhs: Int64
    let ice: Int64
    let salesforce: Int64
    let slack: Int64
    let article: Int64

    init() throws {
        ledger = try Ledger.inMemory()
        // DHS and ICE come with every ledger (the agency reference).
        dhs = try ledger.read { db in try Ledger.agencyId("070", in: db) }
        ice = try ledger.read { db in try Ledger.agencyId("7012", in: db) }
        salesforce = try ledger.addVendor(name: "Salesforce", aliases: ["Salesforce, Inc.", "salesforce.com"],
                                          website: "https://www.salesforce.com")
        slack = try ledger.addVendor(name: "Slack Technologies", aliases: ["Slack"], parent: "salesforce.com, inc.")
        article = try ledger.addSource(kind: .newsReport, title: "Salesforce Staff Urge CEO to End ICE Partnership",
                                       publisher: "AICNBC", url: "https://aicnbc.com/17287.html", date: try date("2026"),
                                       notes: "Seed article A.")
    }
}

@Suite("Named writes")
struct RecordTests {
    @Test("agencies: fields, parent by acronym or code, codes upper-cased")
    func agencies() throws {
        let b = try Basics()
        let office = try b.ledger.addAgency(name: "  ICE Office of Acquisition Management ", level: .office,
                                            parent: "7012", officeCode: "70cdcr", sources: [String(b.article)])
        let file = try b.ledger.exportFile()
        #expect(file.agencies == [
            Agency(id: b.dhs, name: "Department of Homeland Security", acronym: "DHS", level: .department,
                   cgacCode: "070", fpdsCode: "7000"),
            Agency(id: b.ice, name: "U.S. Immigration and Customs Enforcement", acronym: "ICE", level: .subagency,
                   parentId: b.dhs, subtierCode: "7012"),
            Agency(id: office, name: "ICE Office of Acquisition Management", level: .office, parentId: b.ice,
                   officeCode: "70CDCR"),
        ])
        #expect(file.citations == [Citation(id: 1, sourceId: b.article, recordKind: .agency, recordId: office)])
        let ice = try #require(try b.ledger.list(.agency).record(where: "subtier_code", contains: "7012"))
        #expect(ice["parent"] == .text("DHS"))
        #expect(ice["level"] == .text("subagency"))
        #expect(ice["subtier_code"] == .text("7012"))
        let shown = try b.ledger.show(.agency, "DHS")
        #expect(shown.table("record")?.strings("name") == ["Department of Homeland Security"])
        #expect(shown.table("sub_agencies")?.strings("acronym").contains("ICE") == true)
        #expect(try b.ledger.show(.agency, "70CDCR").table("citations")?.strings("source")
            == ["Salesforce Staff Urge CEO to End ICE Partnership"])
    }

    @Test("vendors: aliases, UEI in capitals, parent by alias")
    func vendors() throws {
        let b = try Basics()
        let acme = try b.ledger.addVendor(name: "Acme Federal", uei: "abcdefgh1234", website: " https://acme.example ")
        let file = try b.ledger.exportFile()
        #expect(file.vendors == [
            Vendor(id: b.salesforce, name: "Salesforce", website: "https://www.salesforce.com",
                   aliases: ["Salesforce, Inc.", "salesforce.com"]),
            Vendor(id: b.slack, name: "Slack Technologies", parentId: b.salesforce, aliases: ["Slack"]),
            Vendor(id: acme, name: "Acme Federal", uei: "ABCDEFGH1234", website: "https://acme.example"),
        ])
        let slack = try #require(try b.ledger.list(.vendor).record(where: "name", contains: "Slack"))
        #expect(slack["parent"] == .text("Salesforce"))
        #expect(slack["aliases"] == .list(["Slack"]))
        #expect(try b.ledger.show(.vendor, "Salesforce").table("subsidiaries")?.strings("name") == ["Slack Technologies"])
    }

    @Test("sources: every field kept; a confidential one shown only as the placeholder")
    func sources() throws {
        let b = try Basics()
        let secret = try b.ledger.addSource(kind: .interview, title: "Insider at the agency", publisher: "Self",
                                            url: "https://secret.example", date: try date("2025-10"), confidential: true,
                                            notes: "Never publish.")
        let full = try b.ledger.exportFile(includeConfidential: true).sources
        #expect(full == [
            Source(id: b.article, kind: .newsReport, title: "Salesforce Staff Urge CEO to End ICE Partnership",
                   publisher: "AICNBC", url: "https://aicnbc.com/17287.html", date: try date("2026"),
                   notes: "Seed article A."),
            Source(id: secret, kind: .interview, title: "Insider at the agency", publisher: "Self",
                   url: "https://secret.example", date: try date("2025-10"), confidential: true, notes: "Never publish."),
        ])
        #expect(try b.ledger.exportFile().sources[1]
            == Source(id: secret, kind: .interview, title: "[confidential source]", date: try date("2025-10"),
                      confidential: true))
        let listed = try b.ledger.list(.source)
        #expect(listed.strings("title") == ["Salesforce Staff Urge CEO to End ICE Partnership", "[confidential source]"])
        #expect(listed.records[1]["publisher"] == .null)
        #expect(listed.records[1]["url"] == .null)
        #expect(listed.records[1]["confidential"] == .bool(true))
        #expect(try b.ledger.show(.source, String(secret)).table("record")?.strings("title") == ["[confidential source]"])
    }

    @Test("solicitations: fields, dates and resolution by notice id")
    func solicitations() throws {
        let b = try Basics()
        let id = try b.ledger.addSolicitation(
            agency: "ICE", title: "ICE request for information on hiring", noticeType: .requestForInformation,
            noticeId: "abc123", solicitationNumber: "70CDCR25I00000001", description: "Help hire 10,000 agents.",
            url: "https://sam.gov/opp/abc123", posted: try date("2025-01-20..2025-08-26"),
            responseDue: try date("2025-09"), sources: ["Salesforce Staff Urge CEO to End ICE Partnership"])
        #expect(try b.ledger.exportFile().solicitations == [
            Solicitation(id: id, agencyId: b.ice, title: "ICE request for information on hiring",
                         noticeType: .requestForInformation, noticeId: "abc123",
                         solicitationNumber: "70CDCR25I00000001", description: "Help hire 10,000 agents.",
                         url: "https://sam.gov/opp/abc123", posted: try date("2025-01-20..2025-08-26"),
                         responseDue: try date("2025-09")),
        ])
        let row = try #require(try b.ledger.list(.solicitation).records.first)
        #expect(row["agency"] == .text("ICE"))
        #expect(row["notice_type"] == .text("request-for-information"))
        #expect(row["posted"] == .text("2025-01-20..2025-08-26"))
        #expect(row["administration"] == .text("trump-2"))
        #expect(row["response_due"] == .text("2025-09"))
        let pursuit = try b.ledger.addPursuit(vendor: "Salesforce", agency: "ICE", title: "Hiring", kind: .hiringRecruitment,
                                              date: try date("2025-08-26"), solicitation: "abc123")
        #expect(try b.ledger.exportFile().pursuits.first { $0.id == pursuit }?.solicitationId == id)
        #expect(try b.ledger.show(.solicitation, "70CDCR25I00000001").table("pursuits")?.strings("title") == ["Hiring"])
    }

    @Test("pursuits: fields, money, first stage change and citation in one write")
    func pursuits() throws {
        let b = try Basics()
        let id = try b.ledger.addPursuit(
            vendor: "salesforce.com", agency: "7012", title: "Talent acquisition for ICE", kind: .hiringRecruitment,
            stage: .responded, date: try date("2025-08-26"), summary: "Memo of August 26.",
            estimatedValue: Money(cents: 120_000_050, currency: "USD"), note: "Memo sent.", sources: [String(b.article)])
        let file = try b.ledger.exportFile()
        #expect(file.pursuits == [
            Pursuit(id: id, vendorId: b.salesforce, agencyId: b.ice, title: "Talent acquisition for ICE",
                    summary: "Memo of August 26.", kind: .hiringRecruitment, stage: .responded,
                    estimatedValueCents: 120_000_050, currency: "USD", date: try date("2025-08-26")),
        ])
        #expect(file.stageChanges.map(\.pursuitId) == [id])
        #expect(file.stageChanges.first?.stage == .responded)
        #expect(file.stageChanges.first?.date == (try date("2025-08-26")))
        #expect(file.stageChanges.first?.note == "Memo sent.")
        #expect(file.citations.count == 1)
        #expect(file.citations.first?.recordKind == .pursuit)
        #expect(file.citations.first?.recordId == id)
        let row = try #require(try b.ledger.list(.pursuit).records.first)
        #expect(row["vendor"] == .text("Salesforce"))
        #expect(row["agency"] == .text("ICE"))
        #expect(row["stage"] == .text("responded"))
        #expect(row["administration"] == .text("trump-2"))
        #expect(row["estimated_value_cents"] == .int(120_000_050))
        #expect(row["currency"] == .text("USD"))
        #expect(row["sources"] == .list(["Salesforce Staff Urge CEO to End ICE Partnership — AICNBC (source \(b.article))"]))
    }

    @Test("a later stage change moves the pursuit; an earlier-dated one does not")
    func stages() throws {
        let b = try Basics()
        let id = try b.ledger.addPursuit(vendor: "Salesforce", agency: "ICE", title: "Talent acquisition",
                                         kind: .hiringRecruitment, date: try date("2025-08-26"))
        func current() throws -> Stage? { try b.ledger.exportFile().pursuits.first { $0.id == id }?.stage }
        #expect(try current() == .lead)

        let pitched = try b.ledger.stage(String(id), to: .pitched, on: try date("2025-09-15"), note: "Pitched.",
                                         sources: [String(b.article)])
        #expect(try current() == .pitched)

        _ = try b.ledger.stage("talent acquisition", to: .proposal, on: try date("2025-07"))
        #expect(try current() == .pitched)
        #expect(try b.ledger.list(.pursuit).records.first?["stage"] == .text("pitched"))

        let history = try #require(try b.ledger.show(.pursuit, String(id)).table("stage_history"))
        #expect(history.strings("date") == ["2025-07", "2025-08-26", "2025-09-15"])
        #expect(history.strings("stage") == ["proposal", "lead", "pitched"])
        let pitchedRow = try #require(history.records.first { $0["id"] == .int(pitched) })
        #expect(pitchedRow["note"] == .text("Pitched."))
        #expect(pitchedRow["sources"] == .list(["Salesforce Staff Urge CEO to End ICE Partnership — AICNBC (source \(b.article))"]))

        // Recorded later on the same day: the later record wins.
        _ = try b.ledger.stage(String(id), to: .awarded, on: try date("2025-09-15"))
        #expect(try current() == .awarded)
        // A stage change for a pursuit that does not exist is refused.
        #expect(throws: LedgerError.unknownReference(field: "pursuit", value: "99", suggestions: [])) {
            try b.ledger.stage("99", to: .lost, on: try date("2026"))
        }
    }

    @Test("documents: fields, links (deduplicated) and sources")
    func documents() throws {
        let b = try Basics()
        let pursuit = try b.ledger.addPursuit(vendor: "Salesforce", agency: "ICE", title: "Talent acquisition",
                                              kind: .hiringRecruitment, date: try date("2025-08-26"))
        let digest = String(repeating: "AB", count: 32)
        let id = try b.ledger.addDocument(
            kind: .memo, title: "Memo on talent acquisition", date: try date("2025-08-26"), pages: 5,
            authorOrganization: "Salesforce", summary: "Five pages.", url: "https://example.org/memo.pdf",
            sha256: digest, pursuits: [String(pursuit)], vendors: ["Salesforce"], agencies: ["ICE", "7012"],
            sources: [String(b.article)])
        #expect(try b.ledger.exportFile().documents == [
            Document(id: id, kind: .memo, title: "Memo on talent acquisition", date: try date("2025-08-26"), pages: 5,
                     authorOrganization: "Salesforce", summary: "Five pages.", url: "https://example.org/memo.pdf",
                     sha256: digest.lowercased(),
                     links: Links(pursuitIds: [pursuit], vendorIds: [b.salesforce], agencyIds: [b.ice])),
        ])
        let row = try #require(try b.ledger.list(.document).records.first)
        #expect(row["kind"] == .text("memo"))
        #expect(row["pages"] == .int(5))
        #expect(row["administration"] == .text("trump-2"))
        #expect(row["linked"] == .list([
            "pursuit \(pursuit): Talent acquisition", "vendor \(b.salesforce): Salesforce", "agency \(b.ice): ICE",
        ]))
        #expect(try b.ledger.show(.pursuit, String(pursuit)).table("documents")?.strings("title")
            == ["Memo on talent acquisition"])
        #expect(try b.ledger.list(.pursuit).records.first?["documents"] == .list(["Memo on talent acquisition"]))
    }

    @Test("awards: fields, money in cents, resolution by PIID")
    func awards() throws {
        let b = try Basics()
        let id = try b.ledger.addAward(
            vendor: "Salesforce", agency: "ICE", awardKey: "CONT_AWD_HSCETC15C00001_7012", piid: "HSCETC15C00001",
            description: "CRM licences", awardType: "definitive contract", obligatedCents: 1_000_000,
            potentialCents: 2_500_000, date: try date("2015-06"), ends: try date("2016"),
            permalink: "https://www.usaspending.gov/award/CONT_AWD_HSCETC15C00001_7012", sources: [String(b.article)])
        #expect(try b.ledger.exportFile().awards == [
            Award(id: id, awardKey: "CONT_AWD_HSCETC15C00001_7012", piid: "HSCETC15C00001", vendorId: b.salesforce,
                  agencyId: b.ice, description: "CRM licences", awardType: "definitive contract",
                  obligatedCents: 1_000_000, potentialCents: 2_500_000, currency: "USD", date: try date("2015-06"),
                  ends: try date("2016"), permalink: "https://www.usaspending.gov/award/CONT_AWD_HSCETC15C00001_7012"),
        ])
        let row = try #require(try b.ledger.list(.award).records.first)
        #expect(row["administration"] == .text("obama"))
        #expect(row["obligated_cents"] == .int(1_000_000))
        #expect(row["ends"] == .text("2016"))
        let citation = try b.ledger.cite(.award, "HSCETC15C00001", source: String(b.article), quote: "contracted", page: 3)
        let citations = try #require(try b.ledger.show(.award, String(id)).table("citations"))
        #expect(citations.records.last?["id"] == .int(citation))
        #expect(citations.records.last?["quote"] == .text("contracted"))
        #expect(citations.records.last?["page"] == .int(3))
    }

    @Test("events: fields, signatures and links")
    func events() throws {
        let b = try Basics()
        let pursuit = try b.ledger.addPursuit(vendor: "Salesforce", agency: "ICE", title: "Talent acquisition",
                                              kind: .hiringRecruitment, date: try date("2025-08-26"))
        let id = try b.ledger.addEvent(
            kind: .letter, title: "Employees' letter", date: try date("2026"), summary: "More than 1,400 signed.",
            signatures: 1_400, url: "https://aicnbc.com/17287.html", pursuits: ["Talent acquisition"],
            vendors: ["Salesforce"], agencies: ["ICE"], sources: [String(b.article)])
        #expect(try b.ledger.exportFile().events == [
            Event(id: id, kind: .letter, title: "Employees' letter", date: try date("2026"),
                  summary: "More than 1,400 signed.", signatures: 1_400, url: "https://aicnbc.com/17287.html",
                  links: Links(pursuitIds: [pursuit], vendorIds: [b.salesforce], agencyIds: [b.ice])),
        ])
        let row = try #require(try b.ledger.list(.event).records.first)
        #expect(row["signatures"] == .int(1_400))
        #expect(row["administration"] == .text("trump-2"))
        #expect(try b.ledger.show(.pursuit, String(pursuit)).table("events")?.strings("title") == ["Employees' letter"])
        #expect(try b.ledger.show(.vendor, "Slack").table("events")?.rows.isEmpty == true)
    }

    @Test("cite: quote and page on any record, sources by title")
    func cite() throws {
        let b = try Basics()
        let document = try b.ledger.addDocument(kind: .memo, title: "Memo", date: try date("2025-08-26"))
        let id = try b.ledger.cite(.document, "memo", source: "salesforce staff urge ceo to end ice partnership",
                                   quote: "a five-page memo", page: 2)
        #expect(try b.ledger.exportFile().citations == [
            Citation(id: id, sourceId: b.article, recordKind: .document, recordId: document, quote: "a five-page memo",
                     page: 2),
        ])
        let row = try #require(try b.ledger.show(.document, "Memo").table("citations")?.records.first)
        #expect(row["source"] == .text("Salesforce Staff Urge CEO to End ICE Partnership"))
        #expect(row["publisher"] == .text("AICNBC"))
        #expect(row["quote"] == .text("a five-page memo"))
        #expect(row["page"] == .int(2))
        let cited = try #require(try b.ledger.show(.source, String(b.article)).table("cited_for"))
        #expect(cited.records.first?["kind"] == .text("document"))
        #expect(cited.records.first?["ref"] == .int(document))

        #expect(throws: LedgerError.invalidValue(field: "page", value: "0", expected: "a number above 0")) {
            try b.ledger.cite(.document, "Memo", source: String(b.article), page: 0)
        }
        #expect(throws: LedgerError.unknownReference(field: "document", value: "Letter", suggestions: [])) {
            try b.ledger.cite(.document, "Letter", source: String(b.article))
        }
        // A source cannot cite a source.
        #expect(throws: LedgerError.invalidValue(field: "kind", value: "source", expected: "a kind of record other than a source")) {
            try b.ledger.cite(.source, String(b.article), source: String(b.article))
        }
        #expect(try b.ledger.count("citations") == 1)
    }

    @Test("lead: an unknown vendor suggests names; with create it is recorded")
    func lead() throws {
        let ledger = try Fixture.ledger()
        let before = try ledger.counts()
        let error = try #require(throws: LedgerError.self) {
            try ledger.lead("Salesforce pitches ICE analytics", vendor: "Salesforse", agency: "ICE",
                            date: try date("2025-09"))
        }
        guard case .unknownReference(let field, let value, let suggestions) = error else {
            Issue.record("expected unknownReference, got \(error)")
            return
        }
        #expect(field == "vendor")
        #expect(value == "Salesforse")
        #expect(suggestions.first == "Salesforce")
        #expect(try ledger.counts() == before)

        let known = try ledger.lead("Salesforce pitches ICE analytics", vendor: "salesforce.com", agency: "ICE",
                                    date: try date("2025-09"), kind: .dataAnalytics, sources: ["1"])
        let created = try ledger.lead("A new firm pitches ICE", vendor: "Salesforse", agency: "ICE",
                                      date: try date("2025-09"), create: true)
        let newAgency = try ledger.lead("Pitch to a new office", vendor: "Salesforce", agency: "ICE Office of Nowhere",
                                        date: try date("2025-10"), create: true)
        let file = try ledger.exportFile()
        let pursuits = Dictionary(uniqueKeysWithValues: file.pursuits.map { ($0.id!, $0) })
        #expect(pursuits[known]?.vendorId == 1)
        #expect(pursuits[known]?.agencyId == 885)
        #expect(pursuits[known]?.stage == .lead)
        #expect(pursuits[known]?.kind == .dataAnalytics)
        #expect(file.citations.contains { $0.sourceId == 1 && $0.recordKind == .pursuit && $0.recordId == known })
        let newVendor = try #require(file.vendors.first { $0.name == "Salesforse" })
        #expect(pursuits[created]?.vendorId == newVendor.id)
        #expect(pursuits[created]?.stage == .lead)
        let office = try #require(file.agencies.first { $0.name == "ICE Office of Nowhere" })
        #expect(office.level == .subagency)
        #expect(pursuits[newAgency]?.agencyId == office.id)
        #expect(try ledger.count("vendors") == before["vendors"]! + 1)
        #expect(try ledger.count("agencies") == before["agencies"]! + 1)
        #expect(try ledger.count("pursuits") == before["pursuits"]! + 3)
        #expect(try ledger.count("stage_changes") == before["stage_changes"]! + 3)
        // An unknown numeric id is never created, even with create.
        #expect(throws: LedgerError.unknownReference(field: "vendor", value: "999", suggestions: [])) {
            try ledger.lead("x", vendor: "999", agency: "ICE", date: try date("2025"), create: true)
        }
    }

    @Test("bad input to named writes is refused, naming the field")
    func invalidInput() throws {
        let b = try Basics()
        let before = try b.ledger.counts()
        let cases: [(String, () throws -> Int64)] = [
            ("name", { try b.ledger.addVendor(name: "   ") }),
            ("name", { try b.ledger.addVendor(name: "Evil\nCorp") }),
            ("name", { try b.ledger.addVendor(name: "Nul\u{0}Corp") }),
            ("name", { try b.ledger.addVendor(name: String(repeating: "x", count: 1_001)) }),
            ("alias", { try b.ledger.addVendor(name: "Acme", aliases: [" "]) }),
            ("uei", { try b.ledger.addVendor(name: "Acme", uei: "SHORT") }),
            ("uei", { try b.ledger.addVendor(name: "Acme", uei: "ABCDEFGH12-4") }),
            ("cgac", { try b.ledger.addAgency(name: "X", level: .department, cgacCode: "70") }),
            ("subtier", { try b.ledger.addAgency(name: "X", level: .subagency, subtierCode: "70-2") }),
            ("office", { try b.ledger.addAgency(name: "X", level: .office, officeCode: "ABC") }),
            ("parent", { try b.ledger.addAgency(name: "X", level: .office, parent: "Nowhere") }),
            ("title", { try b.ledger.addSource(kind: .other, title: "") }),
            ("sha256", { try b.ledger.addDocument(kind: .memo, title: "M", sha256: "abc") }),
            ("pages", { try b.ledger.addDocument(kind: .memo, title: "M", pages: 0) }),
            ("pursuit", { try b.ledger.addDocument(kind: .memo, title: "M", pursuits: ["No such pursuit"]) }),
            ("signatures", { try b.ledger.addEvent(kind: .petition, title: "P", date: try date("2026"), signatures: -1) }),
            ("vendor", { try b.ledger.addAward(vendor: "Nobody", agency: "ICE") }),
            ("agency", { try b.ledger.addSolicitation(agency: "Nowhere", title: "T", noticeType: .other) }),
            ("source", { try b.ledger.addPursuit(vendor: "Salesforce", agency: "ICE", title: "T", kind: .other,
                                                 date: try date("2025"), sources: ["99"]) }),
        ]
        for (field, write) in cases {
            let error = try #require(throws: LedgerError.self) { _ = try write() }
            #expect(error.field == field, "\(error)")
        }
        #expect(try b.ledger.counts() == before)
    }

    @Test("vocabularies accept any case, spaces or underscores, and list the choices when wrong")
    func vocabularies() throws {
        #expect(try DocumentKind.parse("Slide Deck") == .slideDeck)
        #expect(try PursuitKind.parse("hiring_recruitment") == .hiringRecruitment)
        #expect(try NoticeType.parse(" Sources Sought ") == .sourcesSought)
        #expect(try RecordKind.named("Agencies") == .agency)
        #expect(try RecordKind.named("stages") == .stageChange)
        #expect(try RecordKind.named("stage change") == .stageChange)
        let error = try #require(throws: LedgerError.self) { try Stage.parse("won") }
        #expect(error == .invalidValue(field: "stage", value: "won",
                                       expected: "one of lead, pitched, responded, proposal, awarded, lost, withdrawn, cancelled, agreement"))
        #expect(Stage.agreement.isTerminal && !Stage.pitched.isTerminal)
    }
}
