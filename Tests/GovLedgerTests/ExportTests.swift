import Foundation
import GRDB
import Testing
@testable import GovLedger

/// The open-standard exports: OCDS 1.1, FollowTheMoney, and the redacted SQLite copy.
@Suite("Exports")
struct ExportTests {
    /// The clock every export test pins, so publishedDate and journal hashes are the same on every run.
    static let now = Date(timeIntervalSince1970: 1_772_366_400)  // 2026-03-01T12:00:00Z
    static let nowText = "2026-03-01T12:00:00Z"

    /// The fixture's confidential source: none of this may leave the ledger.
    static let secrets = [
        "Person who provided", "Never publish", "Identity withheld by The New York Times", "an individual who cannot be named",
    ]

    /// A confidential source added on top of the fixture, with everything a source can have.
    static let extraSecrets = ["Deep Throat of the procurement office", "Secret Newsletter", "https://secret.example/tip",
                               "met in a parking garage"]

    /// The fixture, plus records that exercise what the fixture lacks: a UEI, amounts (one negative, one with
    /// cents), an awarded pursuit with its award and a contract document, a solicitation no pursuit answers
    /// with an award of its own, a permalink, and a second confidential source cited on several records.
    static func ledger(path: String? = nil) throws -> Ledger {
        let clock: @Sendable () -> Date = { ExportTests.now }
        let ledger = try path.map { try Ledger.create(at: $0, actor: "tests", clock: clock) }
            ?? Ledger.inMemory(actor: "tests", clock: clock)
        try ledger.load([(path: Package.fixturePath, file: try Fixture.file())])
        _ = try ledger.addVendor(name: "Acme Analytics", aliases: ["Acme Analytics LLC"], uei: "J7M9HPTGJ1S9",
                                 website: "https://acme.example")                                          // vendor 9
        _ = try ledger.addSource(kind: .interview, title: extraSecrets[0], publisher: extraSecrets[1],
                                 url: extraSecrets[2], date: try date("2025-09"), confidential: true,
                                 notes: "We " + extraSecrets[3] + ".")                                     // source 7
        _ = try ledger.addSource(kind: .publicRecord, title: "USAspending award page", publisher: "USAspending.gov",
                                 url: "https://www.usaspending.gov/award/CONT_AWD_70CMSD24C00000001_7012_-NONE-_-NONE-")
        _ = try ledger.addSolicitation(agency: "ICE", title: "Case analytics platform", noticeType: .solicitation,
                                       noticeId: "abc123", solicitationNumber: "70CMSD24R00000001",
                                       description: "ICE seeks a case analytics platform.",
                                       url: "https://sam.gov/opp/abc123/view", posted: try date("2024-03-04"),
                                       responseDue: try date("2024-04"), sources: ["7"])                 // solicitation 2
        _ = try ledger.addPursuit(vendor: "Acme Analytics", agency: "ICE", title: "Acme case analytics for ICE",
                                  kind: .dataAnalytics, stage: .proposal, date: try date("2024-03-20"),
                                  summary: "Acme bid on the case analytics platform.", solicitation: "2",
                                  estimatedValue: Money(cents: 120_000_050), sources: ["7", "8"])        // pursuit 7
        _ = try ledger.stage("7", to: .awarded, on: try date("2024-06-01"), sources: ["7"])
        _ = try ledger.addAward(vendor: "Acme Analytics", agency: "ICE",
                                awardKey: "CONT_AWD_70CMSD24C00000001_7012_-NONE-_-NONE-", piid: "70CMSD24C00000001",
                                description: "Case analytics platform", awardType: "DEFINITIVE CONTRACT",
                                obligatedCents: 120_000_050, potentialCents: 300_000_000, date: try date("2024-06-01"),
                                ends: try date("2027-05-31"), pursuit: "7",
                                permalink: "https://www.usaspending.gov/award/CONT_AWD_70CMSD24C00000001_7012_-NONE-_-NONE-",
                                sources: ["8", "7"])                                                      // award 6
        _ = try ledger.addDocument(kind: .contract, title: "Acme contract", date: try date("2024-06"),
                                   pursuits: ["7"], sources: ["7"])                                       // document 7
        _ = try ledger.addSolicitation(agency: "CBP", title: "Border data notice", noticeType: .awardNotice,
                                       url: "https://sam.gov/opp/def456/view", posted: try date("2024-09"))  // solicitation 3
        _ = try ledger.addAward(vendor: "Palantir", agency: "CBP", obligatedCents: -3_510, date: try date("2024-09"),
                                solicitation: "3")                                                        // award 7
        return ledger
    }

    static func package(_ ledger: Ledger, _ options: OCDS.Options = OCDS.Options()) throws -> OpenJSON {
        try ledger.ocdsPackage(options)
    }

    static func release(_ package: OpenJSON, _ ocid: String) throws -> OpenJSON {
        try #require(package["releases"]?.elements.first { $0["ocid"]?.stringValue == ocid }, "no release \(ocid)")
    }

    static func party(_ release: OpenJSON, _ id: String) throws -> OpenJSON {
        try #require(release["parties"]?.elements.first { $0["id"]?.stringValue == id }, "no party \(id)")
    }

    static func roles(_ party: OpenJSON) -> [String] {
        party["roles"]?.elements.compactMap(\.stringValue) ?? []
    }

    // MARK: OCDS

    @Test("an OCDS package: its fields, one process per pursuit, unanswered solicitation and unlinked award")
    func ocdsProcesses() throws {
        let ledger = try Self.ledger()
        let package = try Self.package(ledger)
        let head = try ledger.head()
        #expect(package["version"] == .string("1.1"))
        #expect(package["publishedDate"] == .string(Self.nowText))
        #expect(package["publisher"]?["name"] == .string("GovLedger"))
        #expect(package["uri"] == .string("urn:govledger:journal:\(head.seq):\(head.hash)"))
        let ocids = package["releases"]!.elements.compactMap { $0["ocid"]?.stringValue }
        #expect(ocids == (1...7).map { "ocds-govldg-pursuit-\($0)" } + ["ocds-govldg-solicitation-3"]
            + (1...5).map { "ocds-govldg-award-\($0)" })
        for release in package["releases"]!.elements {
            let ocid = try #require(release["ocid"]?.stringValue)
            #expect(release["id"] == .string("\(ocid)-journal-\(head.seq)"))
            #expect(release["date"] == .string(Self.nowText))
            #expect(release["initiationType"] == .string("tender"))
            #expect(!(release["tag"]?.elements.isEmpty ?? true))
            #expect(release["buyer"]?["id"]?.stringValue?.hasPrefix("govledger-agency-") == true)
        }
        // Solicitation 1 is answered by pursuit 1, so it has no process of its own; solicitation 2 by pursuit 7.
        #expect(!ocids.contains("ocds-govldg-solicitation-1"))
        #expect(!ocids.contains("ocds-govldg-solicitation-2"))
        // Award 6 belongs to pursuit 7's process and award 7 to solicitation 3's: neither has its own.
        #expect(!ocids.contains("ocds-govldg-award-6"))
        #expect(!ocids.contains("ocds-govldg-award-7"))
    }

    @Test("parties: the agency is buyer, the pursuing vendor tenderer, the awarded vendor supplier, with identifiers")
    func ocdsParties() throws {
        let package = try Self.package(try Self.ledger())
        let talent = try Self.release(package, "ocds-govldg-pursuit-1")
        let ice = try Self.party(talent, "govledger-agency-885")
        #expect(Self.roles(ice) == ["buyer", "procuringEntity"])
        #expect(ice["name"] == .string("U.S. Immigration and Customs Enforcement"))
        #expect(ice["identifier"]?["scheme"] == .string("SUBTIER"))
        #expect(ice["identifier"]?["id"] == .string("7012"))
        #expect(Self.roles(try Self.party(talent, "govledger-vendor-1")) == ["tenderer"])
        #expect(talent["buyer"] == .object(["id": .string("govledger-agency-885"),
                                            "name": .string("U.S. Immigration and Customs Enforcement")]))

        let acme = try Self.release(package, "ocds-govldg-pursuit-7")
        let vendor = try Self.party(acme, "govledger-vendor-9")
        #expect(Self.roles(vendor) == ["supplier", "tenderer"])
        #expect(vendor["identifier"] == .object(["scheme": .string("UEI"), "id": .string("J7M9HPTGJ1S9"),
                                                  "legalName": .string("Acme Analytics")]))
        #expect(acme["tender"]?["tenderers"] == .array([.object(["id": .string("govledger-vendor-9"),
                                                                  "name": .string("Acme Analytics")])]))
        #expect(acme["awards"]?.elements.first?["suppliers"] == acme["tender"]?["tenderers"])

        // GSA has a CGAC code and an FPDS code: the first is its identifier, the second an additional one.
        let gsa = try Self.party(try Self.release(package, "ocds-govldg-pursuit-3"), "govledger-agency-33")
        #expect(gsa["identifier"]?["scheme"] == .string("CGAC"))
        #expect(gsa["identifier"]?["id"] == .string("047"))
        #expect(gsa["additionalIdentifiers"]?.elements.first?["id"] == .string("4700"))
        // A lone award's process: buyer and supplier only.
        let palantir = try Self.release(package, "ocds-govldg-award-3")
        #expect(palantir["parties"]?.elements.map(Self.roles) == [["buyer"], ["supplier"]])
        #expect(palantir["tender"] == nil)
        #expect(palantir["tag"] == .array([.string("award"), .string("contract")]))
    }

    @Test("amounts are exact decimals converted from integer cents, with their currency")
    func ocdsAmounts() throws {
        let package = try Self.package(try Self.ledger())
        let acme = try Self.release(package, "ocds-govldg-pursuit-7")
        #expect(acme["tender"]?["value"] == .object(["amount": .number("1200000.50"), "currency": .string("USD")]))
        let award = try #require(acme["awards"]?.elements.first)
        #expect(award["id"] == .string("award-6"))
        #expect(award["value"] == .object(["amount": .number("1200000.50"), "currency": .string("USD")]))
        let contract = try #require(acme["contracts"]?.elements.first)
        #expect(contract["awardID"] == .string("award-6"))
        #expect(contract["value"] == .object(["amount": .number("3000000"), "currency": .string("USD")]))
        let deobligation = try Self.release(package, "ocds-govldg-solicitation-3")
        #expect(deobligation["awards"]?.elements.first?["value"]?["amount"] == .number("-35.10"))
        // The text is exactly what is written: no binary floating point on the way.
        #expect(package.pretty.contains("\"amount\": 1200000.50,"))
        #expect(package.pretty.contains("\"amount\": -35.10,"))
    }

    @Test("OpenJSON.amount converts cents exactly", arguments: [
        (Int64(0), "0"), (5, "0.05"), (10, "0.10"), (100, "1"), (-1, "-0.01"), (-3_510, "-35.10"),
        (120_000_050, "1200000.50"), (Int64.max, "92233720368547758.07"), (Int64.min, "-92233720368547758.08"),
    ])
    func exactAmounts(cents: Int64, text: String) {
        #expect(OpenJSON.amount(cents: cents) == .number(text))
    }

    @Test("the stage maps to tender, award and contract status; tags follow the sections present")
    func ocdsStatuses() throws {
        let package = try Self.package(try Self.ledger())
        let talent = try Self.release(package, "ocds-govldg-pursuit-1")                    // responded
        #expect(talent["tender"]?["status"] == .string("active"))
        #expect(talent["tag"] == .array([.string("tender")]))
        #expect(talent["tender"]?["id"] == .string("solicitation-1"))
        #expect(talent["tender"]?["title"] == .string("ICE request for firms to explain how they could help hire 10,000 more officers and agents"))
        let tipLine = try Self.release(package, "ocds-govldg-pursuit-2")                   // lead
        #expect(tipLine["tender"]?["status"] == .string("planning"))
        #expect(tipLine["tag"] == .array([.string("planning")]))
        #expect(tipLine["tender"]?["id"] == .string("pursuit-2"))
        #expect(tipLine["tender"]?["title"] == .string("Salesforce AI agents for ICE's tip line and investigations"))
        let slack = try Self.release(package, "ocds-govldg-pursuit-3")                     // agreement, no award record
        #expect(slack["tender"]?["status"] == .string("complete"))
        #expect(slack["awards"] == nil)
        let acme = try Self.release(package, "ocds-govldg-pursuit-7")                      // awarded
        #expect(acme["tender"]?["status"] == .string("complete"))
        #expect(acme["awards"]?.elements.first?["status"] == .string("active"))
        #expect(acme["contracts"]?.elements.first?["status"] == .string("active"))
        #expect(acme["tag"] == .array([.string("tender"), .string("award"), .string("contract")]))
        #expect(acme["tender"]?["tenderPeriod"] == .object(["startDate": .string("2024-03-04T00:00:00Z"),
                                                             "endDate": .string("2024-04-01T00:00:00Z")]))
        #expect(acme["contracts"]?.elements.first?["period"] == .object([
            "startDate": .string("2024-06-01T00:00:00Z"), "endDate": .string("2027-05-31T00:00:00Z")]))

        #expect(OCDS.statuses(for: .lost) == ("complete", "unsuccessful", "cancelled"))
        #expect(OCDS.statuses(for: .withdrawn) == ("withdrawn", "cancelled", "cancelled"))
        #expect(OCDS.statuses(for: .cancelled) == ("cancelled", "cancelled", "cancelled"))
        #expect(OCDS.statuses(for: .pitched) == ("planning", "pending", "pending"))
        #expect(OCDS.statuses(for: .proposal) == ("active", "pending", "pending"))
    }

    @Test("documents carry documentType codes from the OCDS codelist")
    func ocdsDocumentTypes() throws {
        let package = try Self.package(try Self.ledger())
        let talent = try Self.release(package, "ocds-govldg-pursuit-1")
        let documents = talent["tender"]?["documents"]?.elements ?? []
        let types = Dictionary(uniqueKeysWithValues: documents.map { ($0["id"]!.stringValue!, $0["documentType"]!.stringValue!) })
        #expect(types == ["document-1": "submissionDocuments", "document-2": "submissionDocuments",
                          "document-4": "bidders", "document-5": "bidders", "document-6": "bidders"])
        let memo = try #require(documents.first)
        #expect(memo["title"] == .string("Salesforce memo on helping ICE with \"talent acquisition\""))
        #expect(memo["datePublished"] == .string("2025-08-26T00:00:00Z"))
        let acme = try Self.release(package, "ocds-govldg-pursuit-7")
        let acmeTypes = acme["tender"]?["documents"]?.elements.compactMap { $0["documentType"]?.stringValue }
        #expect(acmeTypes == ["tenderNotice", "contractSigned"])
        #expect(acme["awards"]?.elements.first?["documents"]?.elements.first?["documentType"] == .string("awardNotice"))
        #expect(try Self.release(package, "ocds-govldg-solicitation-3")["tender"]?["documents"]?.elements.first?["documentType"]
            == .string("awardNotice"))

        // Every code the mapping can give is in the codelist copied from the standard.
        let csv = try String(contentsOf: Package.root.appendingPathComponent("Tests/standards/ocds/documentType.csv"),
                             encoding: .utf8)
        let rows = Self.csvRows(csv)
        let column = try #require(rows.first?.firstIndex(of: "Code"))
        let codes = Set(rows.dropFirst().compactMap { $0.count > column ? $0[column] : nil })
        #expect(codes.contains("tenderNotice") && codes.count > 30)
        for kind in DocumentKind.allCases {
            #expect(codes.contains(OCDS.documentType(for: kind)), "\(kind)")
        }
    }

    /// RFC 4180 rows: quoted fields may hold commas, quotes (doubled) and line breaks.
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field); field = ""
            } else if character == "\n" || character == "\r\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else if character != "\r" {
                field.append(character)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    @Test("OCDS dates are date-times: the first day of the ledger date's range at midnight UTC", arguments: [
        ("2025-08-26", "2025-08-26T00:00:00Z"), ("2025-08", "2025-08-01T00:00:00Z"), ("2026", "2026-01-01T00:00:00Z"),
        ("obama", "2009-01-20T00:00:00Z"), ("trump-2", "2025-01-20T00:00:00Z"),
        ("2025-01-20..2025-10", "2025-01-20T00:00:00Z"),
    ])
    func ocdsDates(text: String, expected: String) throws {
        #expect(OCDS.dateTime(try date(text)) == expected)
    }

    @Test("the ocid prefix: a well-formed one is used, anything else refused")
    func ocdsPrefix() throws {
        let ledger = try Self.ledger()
        let package = try Self.package(ledger, OCDS.Options(prefix: "ocds-213czf", publisher: "The Newsroom",
                                                            uri: "https://example.org/ocds.json"))
        #expect(package["releases"]?.elements.first?["ocid"] == .string("ocds-213czf-pursuit-1"))
        #expect(package["publisher"]?["name"] == .string("The Newsroom"))
        #expect(package["uri"] == .string("https://example.org/ocds.json"))
        for bad in ["ocds-", "ocds-12345", "ocds-1234567", "OCDS-213czf", "ocds-213CZF", "213czf", "ocds-213cz!", ""] {
            #expect(throws: LedgerError.self, "\(bad)") { try Self.package(ledger, OCDS.Options(prefix: bad)) }
            #expect((try? OCDS.validatePrefix(bad)) == nil, "\(bad)")
        }
        #expect(throws: LedgerError.self) { try Self.package(ledger, OCDS.Options(publisher: "  ")) }
    }

    @Test("an empty ledger has no contracting process, and says so")
    func ocdsEmpty() throws {
        let error = try #require(throws: LedgerError.self) { try Ledger.inMemory().ocdsPackage() }
        #expect(error.exitCode == 3)
        #expect(error.description.contains("at least one pursuit, solicitation or award"))
    }

    @Test("the same ledger gives the same package, byte for byte")
    func ocdsDeterministic() throws {
        let a = try Self.package(try Self.ledger()).pretty
        let b = try Self.package(try Self.ledger()).pretty
        #expect(a == b)
        #expect(a.hasSuffix("}\n"))
        let parsed = try JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any]
        #expect((parsed?["releases"] as? [Any])?.count == 13)
    }

    @Test("no confidential source reaches the OCDS package or the FtM entities")
    func noLeakInOpenExports() throws {
        let ledger = try Self.ledger()
        let texts = [try Self.package(ledger).pretty, try ledger.ftmLines()]
        for text in texts {
            for secret in Self.secrets + Self.extraSecrets {
                #expect(!text.contains(secret), "leaked: \(secret)")
            }
            #expect(!text.contains("[confidential source]"), "a confidential source is skipped, not even named")
        }
        // Public sources still lend their URLs to what they are cited for.
        #expect(texts[1].contains("https://www.usaspending.gov/award/CONT_AWD_70CMSD24C00000001_7012_-NONE-_-NONE-"))
    }

    // MARK: FollowTheMoney

    static func entities(_ ledger: Ledger) throws -> [String: OpenJSON] {
        let list = try ledger.ftmEntities()
        return Dictionary(list.map { ($0["id"]!.stringValue!, $0) }, uniquingKeysWith: { a, _ in a })
    }

    static func values(_ entity: OpenJSON?, _ property: String) -> [String] {
        entity?["properties"]?[property]?.elements.compactMap(\.stringValue) ?? []
    }

    @Test("FtM: one entity a line, stable unique ids, the schema each record maps to")
    func ftmShape() throws {
        let ledger = try Self.ledger()
        let lines = try ledger.ftmLines().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let objects = try lines.dropLast().map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.allSatisfy { Set($0.keys) == ["id", "schema", "properties"] })
        let ids = objects.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        #expect(try ledger.ftmLines() == (try Self.ledger().ftmLines()))
        let entities = try Self.entities(ledger)
        let schemas = entities.mapValues { $0["schema"]!.stringValue! }
        #expect(schemas["govledger-agency-885"] == "PublicBody")
        #expect(schemas["govledger-vendor-1"] == "Company")
        #expect(schemas["govledger-solicitation-1"] == "CallForTenders")
        #expect(schemas["govledger-pursuit-1"] == "Event")
        #expect(schemas["govledger-contract-6"] == "Contract")
        #expect(schemas["govledger-award-6"] == "ContractAward")
        #expect(schemas["govledger-document-1"] == "Pages")
        #expect(schemas["govledger-document-2"] == "Table")
        #expect(schemas["govledger-documentation-1-pursuit-1"] == "Documentation")
        #expect(schemas["govledger-event-9"] == "Event")
        #expect(schemas["govledger-ownership-2"] == "Ownership")
        #expect(schemas["govledger-membership-885"] == "Membership")
        #expect(Set(schemas.values) == ["PublicBody", "Company", "Ownership", "Membership", "CallForTenders", "Event",
                                        "Contract", "ContractAward", "Pages", "Table", "Documentation", "Person", "Directorship"])
        // Every entity reference points at an entity in the output.
        for entity in entities.values {
            for property in ["owner", "asset", "member", "organization", "authority", "tenderers", "organizer",
                             "involved", "supplier", "contract", "callForTenders", "document", "entity"] {
                for target in Self.values(entity, property) {
                    #expect(entities[target] != nil, "\(entity["id"]!) \(property) → \(target)")
                }
            }
        }
    }

    @Test("FtM: names, aliases, UEIs, codes, amounts from cents, dates with their precision, source URLs")
    func ftmContent() throws {
        let entities = try Self.entities(try Self.ledger())
        let salesforce = entities["govledger-vendor-1"]
        #expect(Self.values(salesforce, "name") == ["Salesforce"])
        #expect(Self.values(salesforce, "alias") == ["Salesforce, Inc.", "Salesforce.com, Inc.", "salesforce.com"])
        #expect(Self.values(salesforce, "website") == ["https://www.salesforce.com"])
        #expect(Self.values(salesforce, "sourceUrl").contains("https://aicnbc.com/17287.html"))
        #expect(Self.values(entities["govledger-vendor-9"], "uniqueEntityId") == ["J7M9HPTGJ1S9"])
        let ice = entities["govledger-agency-885"]
        #expect(Self.values(ice, "weakAlias") == ["ICE"])
        #expect(Self.values(ice, "idNumber") == ["sub-tier 7012"])
        #expect(Self.values(entities["govledger-agency-56"], "idNumber") == ["CGAC 070", "FPDS 7000"])
        #expect(Self.values(entities["govledger-ownership-2"], "owner") == ["govledger-vendor-1"])
        #expect(Self.values(entities["govledger-ownership-2"], "asset") == ["govledger-vendor-2"])
        #expect(Self.values(entities["govledger-membership-885"], "organization") == ["govledger-agency-56"])

        let award = entities["govledger-award-6"]
        #expect(Self.values(award, "amount") == ["1200000.50"])
        #expect(Self.values(award, "currency") == ["USD"])
        #expect(Self.values(award, "supplier") == ["govledger-vendor-9"])
        #expect(Self.values(award, "contract") == ["govledger-contract-6"])
        #expect(Self.values(award, "callForTenders") == ["govledger-solicitation-2"])
        #expect(Self.values(award, "startDate") == ["2024-06-01"])
        #expect(Self.values(award, "endDate") == ["2027-05-31"])
        #expect(Self.values(award, "recordId") == ["CONT_AWD_70CMSD24C00000001_7012_-NONE-_-NONE-"])
        #expect(Self.values(award, "sourceUrl") == ["https://www.usaspending.gov/award/CONT_AWD_70CMSD24C00000001_7012_-NONE-_-NONE-"])
        let contract = entities["govledger-contract-6"]
        #expect(Self.values(contract, "amount") == ["3000000"])
        #expect(Self.values(contract, "authority") == ["govledger-agency-885"])
        #expect(Self.values(contract, "procedureNumber") == ["70CMSD24C00000001"])
        #expect(Self.values(contract, "title") == ["Acme Analytics award from ICE (70CMSD24C00000001)"])
        #expect(Self.values(entities["govledger-award-7"], "amount") == ["-35.10"])

        // Dates keep their precision; a term or range becomes start and end; an open term has no end.
        #expect(Self.values(entities["govledger-pursuit-1"], "date") == ["2025-08-26"])
        #expect(Self.values(entities["govledger-pursuit-2"], "startDate") == ["2025-01-20"])
        #expect(Self.values(entities["govledger-pursuit-2"], "endDate") == ["2025-10"])
        #expect(Self.values(entities["govledger-award-1"], "startDate") == ["2009-01-20"])
        #expect(Self.values(entities["govledger-award-1"], "endDate") == ["2017-01-19"])
        #expect(Self.values(entities["govledger-award-3"], "startDate") == ["2025-01-20"])
        #expect(Self.values(entities["govledger-award-3"], "endDate") == [])
        #expect(Self.values(entities["govledger-event-9"], "date") == ["2026"])

        let pursuit = entities["govledger-pursuit-1"]
        #expect(Self.values(pursuit, "organizer") == ["govledger-vendor-1"])
        #expect(Self.values(pursuit, "involved") == ["govledger-vendor-1", "govledger-agency-885"])
        #expect(Self.values(pursuit, "keywords") == ["pursuit", "responded", "hiring-recruitment"])
        let letter = entities["govledger-event-9"]
        #expect(Self.values(letter, "description") == ["Signatures: 1400"])
        // The letter names Marc Benioff (the seed's person 1), Salesforce's CEO.
        #expect(Self.values(letter, "involved") == ["govledger-vendor-1", "govledger-agency-885", "govledger-person-1"])
        #expect(Self.values(entities["govledger-solicitation-2"], "tenderers") == ["govledger-vendor-9"])
        #expect(Self.values(entities["govledger-solicitation-2"], "callId") == ["abc123"])
        #expect(Self.values(entities["govledger-documentation-2-pursuit-2"], "document") == ["govledger-document-2"])
        #expect(Self.values(entities["govledger-document-1"], "author") == ["Salesforce"])
    }

    // MARK: SQLite

    /// Every secret the ledger holds, found nowhere in `bytes`.
    static func expectNoSecrets(in bytes: Data, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets + extraSecrets {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the copy's bytes hold \(secret)", sourceLocation: sourceLocation)
        }
    }

    @Test("export sqlite: no confidential text anywhere in the copy's bytes; same schema; verify passes, new head")
    func sqliteCopy() throws {
        try withTemporaryDirectory { directory in
            let original = try Self.ledger(path: directory.appendingPathComponent("ledger.sqlite").path)
            let out = directory.appendingPathComponent("public.sqlite").path
            let summary = try original.exportRedactedCopy(to: out)
            #expect(summary.sourcesRedacted == 2)
            #expect(summary.imagesMasked == 2)
            #expect(summary.journalEntries == Int(try original.head().seq))

            // The original still holds its secrets (the test would prove nothing otherwise); the copy none.
            let originalBytes = try Data(contentsOf: URL(fileURLWithPath: original.path!))
                + ((try? Data(contentsOf: URL(fileURLWithPath: original.path! + "-wal"))) ?? Data())
            #expect(originalBytes.range(of: Data("Person who provided".utf8)) != nil)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
            Self.expectNoSecrets(in: bytes)
            #expect(bytes.range(of: Data("Salesforce brainstorming deck".utf8)) != nil)
            // One self-contained file, nothing left beside it.
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            #expect(names.filter { $0.hasPrefix("public") } == ["public.sqlite"])
            #expect(!names.contains { $0.contains("partial") })

            let copy = try Ledger.open(at: out)
            let verification = try copy.verify()
            #expect(verification.intact, "\(verification.problems)")
            #expect(verification.seq == (try original.head().seq))
            #expect(verification.hash != (try original.head().hash))
            #expect(verification.hash == summary.headHash)
            #expect(try original.verify().intact)

            let sources = try copy.exportFile(includeConfidential: true).sources
            let secret = try #require(sources.first { $0.id == 5 })
            #expect(secret == Source(id: 5, kind: .other, title: Redaction.placeholder, confidential: true))
            #expect(sources.first { $0.id == 7 } == Source(id: 7, kind: .interview, title: Redaction.placeholder,
                                                            date: try date("2025-09"), confidential: true))
            #expect(sources.first { $0.id == 1 }?.url == "https://aicnbc.com/17287.html")
            // Everything else is as it was.
            var expected = try original.exportFile()
            expected.sources = expected.sources.map(Redaction.redact)
            #expect(try copy.exportFile(includeConfidential: true) == expected)

            try copy.database.read { db in
                #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "delete")
                #expect(try SchemaDump(db) == (try SchemaTests.referenceDump()))
                let history = try String.fetchAll(db, sql: "SELECT after FROM journal WHERE kind = 'source' AND record_id = 5")
                #expect(history.count == 1)
                #expect(history.allSatisfy { $0.contains(Redaction.placeholder) })
            }
            // The journal is append-only in the copy too.
            #expect(throws: (any Error).self) { try copy.rawWrite("UPDATE journal SET actor = 'x' WHERE seq = 1") }
            #expect(throws: (any Error).self) { try copy.rawWrite("DELETE FROM journal WHERE seq = 1") }
        }
    }

    @Test("export sqlite refuses an existing file and the ledger itself, and leaves them untouched")
    func sqliteRefuses() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ledger.sqlite").path
            let ledger = try Self.ledger(path: path)
            let existing = directory.appendingPathComponent("taken.sqlite").path
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: existing))
            let before = try Data(contentsOf: URL(fileURLWithPath: path))
            for target in [existing, path, directory.appendingPathComponent("./ledger.sqlite").path] {
                let error = try #require(throws: LedgerError.self) { try ledger.exportRedactedCopy(to: target) }
                #expect(error.exitCode == 3)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("keep me".utf8))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(!names.contains { $0.contains("partial") })
            // A directory that does not exist: an input-file error, and nothing left behind.
            let missing = directory.appendingPathComponent("no/such/dir/copy.sqlite").path
            #expect(throws: LedgerError.self) { try ledger.exportRedactedCopy(to: missing) }
        }
    }

    @Test("export sqlite from memory keeps the schema and its readable views")
    func sqliteViews() throws {
        try withTemporaryDirectory { directory in
            let ledger = try Self.ledger()
            let out = directory.appendingPathComponent("copy.sqlite").path
            try ledger.exportRedactedCopy(to: out)
            Self.expectNoSecrets(in: try Data(contentsOf: URL(fileURLWithPath: out)))
            let copy = try Ledger.open(at: out)
            try copy.database.read { db in
                #expect(try SchemaDump(db) == (try SchemaTests.referenceDump()))
                let award = try #require(try Row.fetchOne(db, sql: "SELECT * FROM awards_view WHERE id = 6"))
                #expect(award["vendor"] as String? == "Acme Analytics")
                #expect(award["agency_acronym"] as String? == "ICE")
                #expect(award["pursuit"] as String? == "Acme case analytics for ICE")
                #expect(award["administration"] as String? == "biden")
                #expect(award["obligated_cents"] as Int64? == 120_000_050)
                let obama = try #require(try Row.fetchOne(db, sql: "SELECT * FROM awards_view WHERE id = 1"))
                #expect(obama["administration"] as String? == "obama")
                let pursuit = try #require(try Row.fetchOne(db, sql: "SELECT * FROM pursuits_view WHERE id = 1"))
                #expect(pursuit["vendor"] as String? == "Salesforce")
                #expect(pursuit["agency"] as String? == "U.S. Immigration and Customs Enforcement")
                #expect(pursuit["solicitation"] as String?
                    == "ICE request for firms to explain how they could help hire 10,000 more officers and agents")
                #expect(pursuit["administration"] as String? == "trump-2")
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM pursuits_view") == 7)
            }
            #expect(try copy.verify().intact)
        }
    }

    @Test("a source image is masked when it says confidential, or when the source is confidential now")
    func maskCopyImage() throws {
        let open = #"{"confidential":false,"id":3,"kind":"other","title":"Jane Roe","url":"https://x.example"}"#
        let closed = #"{"confidential":true,"id":3,"kind":"other","notes":"n","publisher":"p","title":"Jane Roe"}"#
        #expect(try Redaction.maskCopyImage(open, secret: false) == open)
        #expect(try Redaction.maskCopyImage(open, secret: true)
            == #"{"confidential":false,"id":3,"kind":"other","title":"[confidential source]"}"#)
        #expect(try Redaction.maskCopyImage(closed, secret: false)
            == #"{"confidential":true,"id":3,"kind":"other","title":"[confidential source]"}"#)
        #expect(try Redaction.maskCopyImage(nil, secret: true) == nil)
    }

    @Test("Datasette metadata names the FTS5 table of every searchable table, under the copy's name")
    func datasetteMetadata() throws {
        let tables = Datasette.ftsTables()
        #expect(tables.map(\.table) == ["people", "reply_requests", "pursuits", "solicitations", "stage_changes", "documents",
                                        "awards", "events", "citations"])
        #expect(tables.allSatisfy { $0.fts == $0.table + "_fts" })
        #expect(Datasette.databaseName(forFile: "/tmp/x/demo.sqlite") == "demo")
        let metadata = Datasette.metadata(database: "demo")
        #expect(metadata["databases"]?["demo"]?["tables"]?["documents"]
            == .object(["fts_table": .string("documents_fts"), "fts_pk": .string("id")]))
    }
}
