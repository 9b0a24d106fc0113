import Foundation
import Testing

/// `export ocds`, `export ftm` and `export sqlite` on the Salesforce–ICE ledger, end to end.
@Suite("Open-standard exports of the Salesforce–ICE ledger")
struct OpenExportTests {
    /// Strings of the fixture's confidential source, searched for in raw bytes.
    static let markers = [confidentialTitle, "Person who provided", "Never publish"] + confidentialNotes

    static func expectNoMarkers(in bytes: Data, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for marker in markers {
            #expect(bytes.range(of: Data(marker.utf8)) == nil, "\(what) holds \(marker)", sourceLocation: sourceLocation)
        }
    }

    @Test("export ocds: a release package, golden; ocids, roles and document types of the Salesforce–ICE case")
    func ocds() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["export", "ocds"])
        try expectGolden(output, "export-ocds.json")
        expectNoConfidentialLeak(output)

        let package = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(package["version"] as? String == "1.1")
        #expect(package["publishedDate"] as? String == pinnedNow)
        #expect((package["publisher"] as? [String: Any])?["name"] as? String == "GovLedger")
        let head = try sandbox.succeed(["head"]).split(separator: " ")
        #expect(package["uri"] as? String == "urn:govledger:journal:\(head[0]):\(head[1].trimmingCharacters(in: .newlines))")
        let releases = try #require(package["releases"] as? [[String: Any]])
        #expect(releases.compactMap { $0["ocid"] as? String }
            == (1...6).map { "ocds-govldg-pursuit-\($0)" } + (1...5).map { "ocds-govldg-award-\($0)" })

        let talent = try #require(releases.first)
        #expect(talent["tag"] as? [String] == ["tender"])
        let parties = try #require(talent["parties"] as? [[String: Any]])
        #expect(parties.compactMap { $0["id"] as? String } == ["govledger-agency-885", "govledger-vendor-1"])
        #expect(parties.compactMap { $0["roles"] as? [String] } == [["buyer", "procuringEntity"], ["tenderer"]])
        let tender = try #require(talent["tender"] as? [String: Any])
        #expect(tender["status"] as? String == "active")
        let documents = try #require(tender["documents"] as? [[String: Any]])
        #expect(documents.compactMap { $0["documentType"] as? String }
            == ["submissionDocuments", "submissionDocuments", "bidders", "bidders", "bidders"])
        #expect(documents.first?["datePublished"] as? String == "2025-08-26T00:00:00Z")

        let obama = try #require(releases.first { $0["ocid"] as? String == "ocds-govldg-award-1" })
        let award = try #require((obama["awards"] as? [[String: Any]])?.first)
        #expect(award["date"] as? String == "2009-01-20T00:00:00Z")
        #expect((award["suppliers"] as? [[String: Any]])?.first?["name"] as? String == "Salesforce")

        // -o, a prefix of one's own, and the same bytes for the same ledger.
        try sandbox.succeed(["export", "ocds", "-o", "package.json", "--prefix", "ocds-213czf"])
        let written = try sandbox.bytes("package.json")
        #expect(String(decoding: written, as: UTF8.self) == output.replacingOccurrences(of: "ocds-govldg-", with: "ocds-213czf-"))
    }

    @Test("export ocds refuses a malformed prefix (exit 3) and the ledger as -o")
    func ocdsRefusals() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let before = try sandbox.bytes(sandbox.db)
        let bad = try sandbox.run(["export", "ocds", "--prefix", "ocds-XYZ"])
        #expect(bad.status == 3)
        #expect(bad.stdout == "")
        #expect(bad.stderr.hasPrefix("govledger: error: ") && bad.stderr.contains("--prefix"))
        let clobber = try sandbox.run(["export", "ocds", "-o", sandbox.db])
        #expect(clobber.status == 3)
        #expect(try sandbox.bytes(sandbox.db) == before)
        let empty = try Sandbox()
        try empty.emptyLedger()
        let nothing = try empty.run(["export", "ocds"])
        #expect(nothing.status == 3)
        #expect(nothing.stderr.contains("at least one pursuit, solicitation or award"))
    }

    @Test("export ftm: one entity a line, golden; vendors, agencies, awards and documents as FtM schemata")
    func ftm() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let output = try sandbox.succeed(["export", "ftm"])
        try expectGolden(output, "export-ftm.jsonl")
        expectNoConfidentialLeak(output)
        #expect(!output.contains("[confidential source]"))
        let lines = output.split(separator: "\n")
        #expect(output.hasSuffix("\n"))
        #expect(lines.count == 74)
        let entities = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let byId = Dictionary(uniqueKeysWithValues: entities.map { ($0["id"] as! String, $0) })
        func property(_ id: String, _ name: String) -> [String]? {
            (byId[id]?["properties"] as? [String: Any])?[name] as? [String]
        }
        #expect(byId["govledger-vendor-1"]?["schema"] as? String == "Company")
        #expect(property("govledger-vendor-1", "alias") == ["Salesforce, Inc.", "Salesforce.com, Inc.", "salesforce.com"])
        #expect(byId["govledger-agency-885"]?["schema"] as? String == "PublicBody")
        #expect(property("govledger-agency-885", "weakAlias") == ["ICE"])
        #expect(byId["govledger-award-1"]?["schema"] as? String == "ContractAward")
        #expect(property("govledger-award-1", "contract") == ["govledger-contract-1"])
        #expect(property("govledger-award-1", "supplier") == ["govledger-vendor-1"])
        #expect(byId["govledger-contract-1"]?["schema"] as? String == "Contract")
        #expect(byId["govledger-document-3"]?["schema"] as? String == "Pages")
        #expect(property("govledger-documentation-3-pursuit-2", "entity") == ["govledger-pursuit-2"])
        #expect(property("govledger-event-9", "sourceUrl") == ["https://aicnbc.com/17287.html"])

        try sandbox.succeed(["export", "ftm", "-o", "entities.jsonl"])
        #expect(try sandbox.bytes("entities.jsonl") == Data(output.utf8))
    }

    @Test("export sqlite: no confidential marker anywhere in the copy's bytes; verify passes on it with its own head")
    func sqlite() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let original = try sandbox.bytes(sandbox.db)
        #expect(original.range(of: Data("Person who provided".utf8)) != nil, "the fixture ledger holds the secret")

        let output = try sandbox.succeed(["export", "sqlite", "public.sqlite", "--datasette-metadata", "metadata.json"])
        let head = try sandbox.succeed(["head", "--db", "public.sqlite"], db: nil)
        let originalHead = try sandbox.succeed(["head"])
        #expect(head != originalHead)
        #expect(output == "wrote public.sqlite: 1 confidential source(s) redacted, 1 journal image(s) masked, "
            + "120 entries re-chained, head \(head)")
        Self.expectNoMarkers(in: try sandbox.bytes("public.sqlite"), "the copy")
        #expect(!sandbox.exists("public.sqlite-wal") && !sandbox.exists("public.sqlite-journal"))
        #expect(try sandbox.bytes(sandbox.db) == original, "the ledger itself is untouched")

        let verify = try sandbox.run(["verify", "--db", "public.sqlite"], db: nil)
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.stdout.hasPrefix("intact: 120 journal entries, 1635 records match"))
        let sources = try sandbox.succeed(["list", "sources", "--db", "public.sqlite", "--format", "csv"], db: nil)
        #expect(sources.contains("5,other,[confidential source],,,,true,"))
        let search = try sandbox.succeed(["search", "tip line", "--db", "public.sqlite", "--format", "json"], db: nil)
        #expect(search.contains("Salesforce brainstorming deck"))

        let metadata = try #require(try JSONSerialization.jsonObject(with: try sandbox.bytes("metadata.json")) as? [String: Any])
        let tables = ((metadata["databases"] as? [String: Any])?["public"] as? [String: Any])?["tables"] as? [String: Any]
        #expect((tables?["documents"] as? [String: String]) == ["fts_table": "documents_fts", "fts_pk": "id"])
    }

    @Test("export sqlite never overwrites: an existing file, the ledger itself (exit 3, both untouched)")
    func sqliteRefusals() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try sandbox.write("not a ledger", to: "taken.sqlite")
        let original = try sandbox.bytes(sandbox.db)
        for target in ["taken.sqlite", sandbox.db, "./" + sandbox.db] {
            let result = try sandbox.run(["export", "sqlite", target])
            #expect(result.status == 3, "\(target): \(result)")
            #expect(result.stdout == "")
            #expect(result.stderr.hasPrefix("govledger: error: "))
        }
        #expect(try sandbox.bytes("taken.sqlite") == Data("not a ledger".utf8))
        #expect(try sandbox.bytes(sandbox.db) == original)
        let metadataClash = try sandbox.run(["export", "sqlite", "copy.sqlite", "--datasette-metadata", "taken.sqlite"])
        #expect(metadataClash.status == 3)
        #expect(!sandbox.exists("copy.sqlite"))
        let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path)
        #expect(!files.contains { $0.contains("partial") })
    }
}

@Suite("Output files")
struct OutputFileTests {
    @Test("-o refuses an existing file and the ledger itself unless --force (never the ledger)")
    func refusesToOverwrite() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try sandbox.write("keep me\n", to: "notes.txt")
        let refused = try sandbox.run(["report", "-o", "notes.txt"])
        #expect(refused.status == 3 && refused.stderr == "govledger: error: invalid --output 'notes.txt': expected a new file (or --force to replace it)\n")
        #expect(String(decoding: try sandbox.bytes("notes.txt"), as: UTF8.self) == "keep me\n")
        #expect(try sandbox.succeed(["report", "-o", "notes.txt", "--force"]) == "")
        #expect(String(decoding: try sandbox.bytes("notes.txt"), as: UTF8.self).hasPrefix("# GovLedger report"))
        let ledger = try sandbox.run(["export", "json", "-o", sandbox.db, "--force"])
        #expect(ledger.status == 3 && ledger.stderr.contains("a path other than the ledger itself"))
    }

    @Test("export json --include-confidential keeps the source whole, for a file or a pipe")
    func includeConfidential() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        #expect(try sandbox.succeed(["export", "json", "--include-confidential", "-o", "full.json"]) == "")
        let full = String(decoding: try sandbox.bytes("full.json"), as: UTF8.self)
        #expect(full.contains("Person who provided Salesforce's internal ICE documents to The New York Times"))
        expectNoConfidentialLeak(try sandbox.succeed(["export", "json"]))
    }
}
