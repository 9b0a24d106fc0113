import Testing
@testable import GovLedger

@Suite("References")
struct ReferenceTests {
    // Fixture ids: vendors 1 Salesforce, 2 Slack Technologies (parent 1), 3 Palantir Technologies, 4 Microsoft,
    // 5 IBM, 6 Adobe, 7 ServiceNow, 8 Google.

    static let vendors: [(String, Int64)] = [
        ("1", 1), (" 3 ", 3), ("Salesforce", 1), ("SALESFORCE", 1), ("salesforce", 1), ("Salesforce, Inc.", 1),
        ("salesforce.com, inc.", 1), ("Salesforce.com", 1), ("salesforce com", 1), ("Slack", 2),
        ("Slack Technologies", 2), ("slack technologies, inc.", 2), ("Palantir", 3), ("palantir technologies", 3),
        ("The Palantir Technologies Corp.", 3), ("International Business Machines", 5), ("ibm", 5), ("ServiceNow", 7),
        ("Servicenow, LLC", 7),
    ]

    @Test("vendors resolve by id, name or alias, whatever the case and punctuation", arguments: vendors)
    func vendor(_ ref: String, _ id: Int64) throws {
        let ledger = try Fixture.ledger()
        #expect(try ledger.read { db in try Ledger.vendorId(ref, in: db) } == id)
    }

    // Agencies are the reference's rows every ledger is seeded with: 56 DHS, 885 ICE, 887 CBP (both under DHS),
    // 33 GSA, 768 FAS (sub-tier 4732; "FAS" alone is ambiguous: Foreign Agricultural Service too).
    static let agencies: [(String, Int64)] = [
        ("56", 56), ("885", 885), ("DHS", 56), ("dhs", 56), ("ICE", 885), ("ice", 885), ("CBP", 887), ("GSA", 33),
        ("Department of Homeland Security", 56), ("department of homeland security", 56),
        ("U.S. Immigration and Customs Enforcement", 885), ("u.s. immigration and customs enforcement", 885),
        ("General Services Administration", 33), ("The General Services Administration", 33),
        ("070", 56), ("7000", 56), ("7012", 885), ("7014", 887), ("047", 33), ("4700", 33), ("4732", 768),
    ]

    @Test("agencies resolve by id, acronym, name or code", arguments: agencies)
    func agency(_ ref: String, _ id: Int64) throws {
        let ledger = try Fixture.ledger()
        #expect(try ledger.read { db in try Ledger.agencyId(ref, in: db) } == id)
    }

    @Test("a vendor resolves by its UEI in any case")
    func uei() throws {
        let ledger = try Fixture.ledger()
        let id = try ledger.addVendor(name: "Acme Federal", uei: "abcdefgh1234")
        #expect(try ledger.read { db in try Ledger.vendorId("ABCDEFGH1234", in: db) } == id)
        #expect(try ledger.read { db in try Ledger.vendorId("abcdefgh1234", in: db) } == id)
        #expect(try ledger.list(.vendor, filter: Filter(vendor: "abcdefgh1234")).strings("name") == ["Acme Federal"])
    }

    @Test("records of other kinds resolve by id or title, case-insensitively")
    func otherKinds() throws {
        let ledger = try Fixture.ledger()
        #expect(try ledger.read { db in
            try Ledger.recordId(.pursuit, "salesforce ai agents for ice's tip line and investigations", in: db)
        } == 2)
        #expect(try ledger.read { db in try Ledger.recordId(.source, "USAspending agency codes list (agency_codes_list.csv)", in: db) } == 6)
        #expect(try ledger.read { db in try Ledger.recordId(.document, "3", in: db) } == 3)
        #expect(throws: LedgerError.unknownReference(field: "pursuit", value: "99", suggestions: [])) {
            try ledger.read { db in try Ledger.recordId(.pursuit, "99", in: db) }
        }
        #expect(throws: LedgerError.unknownReference(field: "document", value: "No such memo", suggestions: [])) {
            try ledger.read { db in try Ledger.recordId(.document, "No such memo", in: db) }
        }
    }

    @Test("an unknown vendor suggests the nearest names")
    func unknownVendorSuggests() throws {
        let ledger = try Fixture.ledger()
        let error = try #require(throws: LedgerError.self) { try ledger.read { db in try Ledger.vendorId("Salesforse", in: db) } }
        guard case .unknownReference(let field, let value, let suggestions) = error else {
            Issue.record("expected unknownReference, got \(error)")
            return
        }
        #expect(field == "vendor")
        #expect(value == "Salesforse")
        #expect(suggestions.first == "Salesforce")
        #expect(suggestions.count <= 3)
        #expect(!suggestions.contains("Slack Technologies"))
        #expect(error.description.hasPrefix("unknown vendor 'Salesforse'; did you mean 'Salesforce'"))
    }

    @Test("an unknown id, or a name far from every other, suggests nothing")
    func unknownWithoutSuggestions() throws {
        let ledger = try Fixture.ledger()
        #expect(throws: LedgerError.unknownReference(field: "vendor", value: "42", suggestions: [])) {
            try ledger.read { db in try Ledger.vendorId("42", in: db) }
        }
        #expect(throws: LedgerError.unknownReference(field: "agency", value: "Zzyzx Bureau of Qwerty", suggestions: [])) {
            try ledger.read { db in try Ledger.agencyId("Zzyzx Bureau of Qwerty", in: db) }
        }
        #expect(throws: LedgerError.unknownReference(field: "agency", value: "99999", suggestions: [])) {
            try ledger.read { db in try Ledger.agencyId("99999", in: db) }
        }
    }

    @Test("an empty reference is an invalid value")
    func emptyReference() throws {
        let ledger = try Fixture.ledger()
        let error = try #require(throws: LedgerError.self) { try ledger.read { db in try Ledger.vendorId("  ", in: db) } }
        #expect(error.field == "vendor")
        if case .invalidValue = error {} else { Issue.record("expected invalidValue, got \(error)") }
    }

    @Test("two vendors sharing an alias make the alias ambiguous, listing both")
    func ambiguousVendor() throws {
        let ledger = try Fixture.ledger()
        let northwind = try ledger.addVendor(name: "Northwind Traders", aliases: ["NW Group"])
        let northwest = try ledger.addVendor(name: "Northwest Widgets", aliases: ["NW Group"], distinct: true)
        let error = try #require(throws: LedgerError.self) { try ledger.read { db in try Ledger.vendorId("nw group", in: db) } }
        #expect(error == .ambiguousReference(field: "vendor", value: "nw group", candidates: [
            "Northwind Traders (vendor \(northwind))", "Northwest Widgets (vendor \(northwest))",
        ]))
        #expect(error.exitCode == 4)
        // Their own names still resolve.
        #expect(try ledger.read { db in try Ledger.vendorId("Northwest Widgets", in: db) } == northwest)
        // Writes that name the ambiguous alias fail and change nothing.
        let before = try ledger.counts()
        #expect(throws: LedgerError.self) {
            try ledger.addPursuit(vendor: "NW Group", agency: "ICE", title: "x", kind: .other, date: try date("2025"))
        }
        #expect(try ledger.counts() == before)
    }

    @Test("two agencies with the same acronym make it ambiguous, listing both")
    func ambiguousAgency() throws {
        let ledger = try Fixture.ledger()
        let air = try ledger.addAgency(name: "Air Force Office of Special Investigations", acronym: "OSI", level: .office)
        let doj = try ledger.addAgency(name: "Office of Special Investigations", acronym: "osi", level: .office)
        let error = try #require(throws: LedgerError.self) { try ledger.read { db in try Ledger.agencyId("OSI", in: db) } }
        #expect(error == .ambiguousReference(field: "agency", value: "OSI", candidates: [
            "Air Force Office of Special Investigations (OSI) (agency \(air))",
            "Office of Special Investigations (osi) (agency \(doj))",
        ]))
        #expect(error.description.hasPrefix("ambiguous agency 'OSI': it matches "))
        #expect(try ledger.read { db in try Ledger.agencyId("Office of Special Investigations", in: db) } == doj)
    }

    @Test("a vendor filter includes its subsidiaries")
    func vendorFamily() throws {
        let ledger = try Fixture.ledger()
        let pursuits = try ledger.list(.pursuit, filter: Filter(vendor: "Salesforce"))
        #expect(pursuits.strings("vendor").sorted() == ["Salesforce", "Salesforce", "Slack Technologies"])
        #expect(pursuits.record(where: "title", contains: "Discounted Slack")?["agency"] == .text("GSA"))
        #expect(try ledger.list(.vendor, filter: Filter(vendor: "Salesforce")).strings("name")
            == ["Salesforce", "Slack Technologies"])
        // A subsidiary's filter does not climb to its parent.
        #expect(try ledger.list(.pursuit, filter: Filter(vendor: "Slack")).strings("vendor") == ["Slack Technologies"])
    }

    @Test("an agency filter includes the agencies beneath it")
    func agencySubtree() throws {
        let ledger = try Fixture.ledger()
        let cbpPursuit = try ledger.addPursuit(vendor: "Palantir", agency: "CBP", title: "Border analytics",
                                               kind: .dataAnalytics, date: try date("2025-06"))
        let pursuits = try ledger.list(.pursuit, filter: Filter(agency: "DHS"))
        #expect(pursuits.strings("id") == ["2", String(cbpPursuit), "1"])
        #expect(Set(pursuits.strings("agency")) == ["ICE", "CBP"])
        let dhs = try ledger.list(.agency, filter: Filter(agency: "DHS")).strings("acronym")
        #expect(Set(["CBP", "DHS", "ICE", "FEMA", "TSA"]).isSubset(of: dhs))
        #expect(!dhs.contains("GSA"))
        // The Google petition is linked to both ICE and CBP; the deaths in Minnesota only to ICE.
        let events = try ledger.list(.event, filter: Filter(agency: "DHS")).strings("title")
        #expect(events.contains { $0.hasPrefix("Google employees petition") })
        #expect(events.contains { $0.hasPrefix("U.S. citizens Renee Nicole Good") })
        #expect(!events.contains { $0.hasPrefix("Salesforce announces GSA agreements") })
        let cbpOnly = try ledger.list(.event, filter: Filter(agency: "CBP")).strings("title")
        #expect(cbpOnly.count == 1)
        #expect(cbpOnly.first?.hasPrefix("Google employees petition") == true)
        // GSA's subtree is GSA and FAS, not DHS.
        #expect(try ledger.list(.pursuit, filter: Filter(agency: "GSA")).strings("agency") == ["GSA", "GSA", "GSA", "GSA"])
        #expect(try ledger.list(.pursuit, filter: Filter(agency: "4732")).rows.isEmpty)
    }
}

@Suite("Review fixes")
struct ReviewFixTests {
    @Test("an agency code shared by two agencies is ambiguous, not a silent pick")
    func ambiguousCode() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        _ = try ledger.addAgency(name: "Department A", level: .department, fpdsCode: "7000")
        _ = try ledger.addAgency(name: "Sub-agency B", level: .subagency, subtierCode: "7000")
        #expect(throws: LedgerError.ambiguousReference(
            field: "agency", value: "7000", candidates: ["Department A (agency 1)", "Sub-agency B (agency 2)"])) {
            try ledger.list(.pursuit, filter: Filter(agency: "7000"))
        }
    }

    @Test("a confidential source answers to its id only")
    func confidentialByIdOnly() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        _ = try ledger.addSource(kind: .other, title: "Deep Throat", confidential: true)
        #expect(throws: LedgerError.unknownReference(field: "source", value: "Deep Throat", suggestions: [])) {
            try ledger.show(.source, "Deep Throat")
        }
        #expect(try ledger.show(.source, "1").table("record")?.strings("title") == [Redaction.placeholder])
    }

    @Test("citing a source itself is an invalid value, not a database refusal")
    func citeSource() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        _ = try ledger.addSource(kind: .other, title: "A")
        #expect(throws: LedgerError.invalidValue(field: "kind", value: "source", expected: "a kind of record other than a source")) {
            try ledger.cite(.source, "1", source: "1")
        }
    }

    @Test("two vendors in one file whose names normalise alike stay two vendors")
    func loadKeepsDistinctRecords() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        var file = LedgerFile()
        file.vendors = [Vendor(id: 1, name: "Acme Inc"), Vendor(id: 2, name: "ACME, LLC")]
        file.agencies = [Agency(id: 1, name: "Office of the CIO", level: .office),
                         Agency(id: 2, name: "Office of the CIO", level: .office)]
        try ledger.load([(path: "two.json", file: file)])
        let export = try ledger.exportFile()
        #expect(export.vendors.count == 2 && export.agencies.count == 2)
        // Loading it again matches each to an existing record only when exactly one matches.
        #expect(throws: LedgerError.self) { try ledger.load([(path: "two.json", file: file)]) }
    }

    @Test("load checks every text field as add does, naming the record and field")
    func loadValidatesEveryField() throws {
        let ledger = try Ledger.inMemory(seeded: false)
        var file = LedgerFile()
        file.sources = [Source(id: 1, kind: .other, title: "A", notes: "fine\u{1B}[31m")]
        let error = try #require(throws: LedgerError.self) { try ledger.load([(path: "bad.json", file: file)]) }
        guard case .inputFile(let path, _, let problem) = error else { Issue.record("\(error)"); return }
        #expect(path == "bad.json" && problem.contains("sources[0].notes"))
        file.sources = []
        file.agencies = [Agency(id: 1, name: "ICE", level: .subagency, subtierCode: "70-2")]
        #expect(throws: LedgerError.self) { try ledger.load([(path: "bad.json", file: file)]) }
        file.agencies = [Agency(id: 1, name: "ICE", level: .subagency, subtierCode: "7012")]
        file.awards = [Award(id: 1, vendorId: 1, agencyId: 1, currency: "usd")]
        file.vendors = [Vendor(id: 1, name: "Acme", uei: "abcdefghijkl")]
        try ledger.load([(path: "good.json", file: file)])
        let export = try ledger.exportFile()
        #expect(export.awards.first?.currency == "USD" && export.vendors.first?.uei == "ABCDEFGHIJKL")
    }

    @Test("CSV and tables keep CRLF inside a field from breaking rows")
    func crlf() {
        let table = Table(columns: ["note"], rows: [[.text("one\r\ntwo")]])
        #expect(Renderer.render(table, as: .csv) == "note\r\n\"one\r\ntwo\"\r\n")
        #expect(!Renderer.render(table, as: .table).contains("\r\n"))
    }
}
