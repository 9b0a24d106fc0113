import Foundation
import Testing
import GRDB
@testable import GovLedger

/// SAM.gov Contract Opportunities files in the real format: the 47-column header in its order, every field quoted,
/// CRLF line ends, Windows-1252 bytes, descriptions that span lines.
enum SAMData {
    static let headerURL = Package.root.appendingPathComponent("Tests/data/sam/ContractOpportunitiesFullCSV_header.txt")

    /// The header line exactly as SAM writes it.
    static func headerLine() throws -> String {
        try String(contentsOf: headerURL, encoding: .utf8).trimmingCharacters(in: .newlines)
    }

    /// The 47 column names, in order.
    static func columns() throws -> [String] {
        try headerLine().split(separator: ",").map { String($0.dropFirst().dropLast()) }
    }

    /// Windows-1252 for the few non-ASCII characters the tests use beyond Latin-1.
    static let cp1252: [Unicode.Scalar: UInt8] = [
        "€": 0x80, "…": 0x85, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97, "™": 0x99,
    ]

    static func cp1252Bytes(_ text: String) -> Data {
        Data(text.unicodeScalars.map { scalar -> UInt8 in
            if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) { return UInt8(scalar.value) }
            guard let byte = cp1252[scalar] else { preconditionFailure("no cp1252 byte for \(scalar)") }
            return byte
        })
    }

    /// The text of a file: the header, then each row with every column quoted (missing cells empty).
    static func text(_ rows: [[String: String]], lineEnd: String = "\r\n") throws -> String {
        let columns = try columns()
        func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let lines = [try headerLine()] + rows.map { row in columns.map { quote(row[$0] ?? "") }.joined(separator: ",") }
        return lines.joined(separator: lineEnd) + lineEnd
    }

    /// A file as SAM publishes it: Windows-1252 bytes.
    static func file(_ rows: [[String: String]]) throws -> Data {
        cp1252Bytes(try text(rows))
    }

    /// An ICE notice (DHS 070 > ICE 7012 > office 70CDCR) with every column SAM fills for one.
    static func notice(_ id: String, title: String = "Talent acquisition support", type: String = "Sources Sought",
                       base: String? = nil, posted: String = "2025-08-26 10:30:00.000-04",
                       deadline: String = "2025-09-10T17:00:00-04:00",
                       description: String = "ICE seeks sources.") -> [String: String] {
        ["NoticeId": id, "Title": title, "Sol#": "70CDCR25R0000\(id.suffix(4))",
         "Department/Ind.Agency": "HOMELAND SECURITY, DEPARTMENT OF", "CGAC": "070",
         "Sub-Tier": "US IMMIGRATION AND CUSTOMS ENFORCEMENT", "FPDS Code": "7012",
         "Office": "DETENTION COMPLIANCE AND REMOVALS", "AAC Code": "70CDCR", "PostedDate": posted, "Type": type,
         "BaseType": base ?? type, "ArchiveType": "autocustom", "ArchiveDate": "2025-12-31", "SetASideCode": "",
         "ResponseDeadLine": deadline, "NaicsCode": "541511", "ClassificationCode": "R408", "PopCity": "Washington",
         "PopState": "DC", "PopCountry": "USA", "Active": "Yes", "PrimaryContactTitle": "Contracting Officer",
         "PrimaryContactFullname": "Pat Example", "PrimaryContactEmail": "pat@example.gov",
         "PrimaryContactPhone": "202-555-0100", "OrganizationType": "OFFICE", "State": "DC", "City": "Washington",
         "ZipCode": "20536", "CountryCode": "USA", "Link": "https://sam.gov/opp/\(id)/view", "Description": description]
    }

    /// An award notice naming its awardee and amount.
    static func awardNotice(_ id: String, awardee: String = "Acme Analytics, Inc.", amount: String = "$1,234,567.89")
        -> [String: String] {
        var row = notice(id, title: "Award: tip-line analytics", type: "Award Notice", deadline: "")
        row["AwardNumber"] = "70CDCR25C00000042"
        row["AwardDate"] = "2025-09-30"
        row["Award$"] = amount
        row["Awardee"] = awardee
        return row
    }

    /// Three notices: a Sources Sought with a cp1252 description over three lines, a notice whose type changed
    /// (Presolicitation → Combined Synopsis/Solicitation) and an award notice.
    static func standard() -> [[String: String]] {
        [notice("aaaa0001", title: "Sources sought: AI for ICE talent acquisition",
                description: "Caf\u{E9} r\u{E9}sum\u{E9}s \u{2014} the agency\u{2019}s needs:\r\n\u{2022} hiring\r\n\"quoted\", with commas"),
         notice("aaaa0002", title: "Tip-line modernization", type: "Combined Synopsis/Solicitation",
                base: "Presolicitation", posted: "2025-07-01T09:00:00-04:00", deadline: "2025-08-01 17:00:00.000-04"),
         awardNotice("aaaa0003")]
    }
}

@Suite("SAM.gov import")
struct SAMTests {
    @Test("the test file is what SAM publishes: 47 quoted columns, CRLF, cp1252 bytes")
    func fileFormat() throws {
        #expect(try SAMData.columns().count == 47)
        let columns = try SAMData.columns()
        #expect(columns.first == "NoticeId" && columns.last == "Description" && columns.contains("Award$"))
        let data = try SAMData.file(SAMData.standard())
        #expect(data.contains(0xE9) && data.contains(0x92) && data.contains(0x97))  // é ’ —
        #expect(String(data: data, encoding: .utf8) == nil)
        #expect(data.starts(with: Data("\"NoticeId\",\"Title\",\"Sol#\",".utf8)))
    }

    @Test("notices become solicitations, an award notice an award, agencies a hierarchy")
    func imports() throws {
        let ledger = try Ledger.inMemory()
        let summary = try ledger.importSAM(path: "/tmp/ContractOpportunitiesFullCSV.csv", data: try SAMData.file(SAMData.standard()))
        #expect(summary.rejected == [])
        #expect(summary.rowsRead == 3 && summary.solicitationsAdded == 3 && summary.awardsAdded == 1)
        #expect(summary.vendorsCreated == 1 && summary.agenciesCreated == 1)  // the office; DHS and ICE are seeded
        #expect(summary.line == "ContractOpportunitiesFullCSV.csv: 3 rows read; solicitations 3 added, 0 updated, 0 unchanged; "
            + "awards 1 added, 0 updated, 0 unchanged; 1 vendors and 1 agencies created; 0 rejected")

        let file = try ledger.exportFile()
        let notices = file.solicitations
        #expect(notices.map(\.noticeId) == ["aaaa0001", "aaaa0002", "aaaa0003"])
        #expect(notices.map(\.noticeType) == [.sourcesSought, .combinedSynopsisSolicitation, .awardNotice])
        #expect(notices.map(\.baseNoticeType) == [.sourcesSought, .presolicitation, .awardNotice])
        #expect(notices.map { $0.posted?.text } == ["2025-08-26", "2025-07-01", "2025-08-26"])
        #expect(notices.map { $0.responseDue?.text } == ["2025-09-10", "2025-08-01", nil])
        #expect(notices[0].description == "Café résumés — the agency’s needs:\n• hiring\n\"quoted\", with commas")
        #expect(notices[0].title == "Sources sought: AI for ICE talent acquisition")
        #expect(notices[0].solicitationNumber == "70CDCR25R00000001")
        #expect(notices[0].url == "https://sam.gov/opp/aaaa0001/view")

        // DHS (070) > ICE (7012) > the office (70CDCR), with the reference's names where it has them.
        let agencies = file.agencies
        #expect(agencies.map(\.level) == [.department, .subagency, .office])
        #expect(agencies.map(\.name) == ["Department of Homeland Security", "U.S. Immigration and Customs Enforcement",
                                         "DETENTION COMPLIANCE AND REMOVALS"])
        #expect(agencies[1].parentId == agencies[0].id && agencies[2].parentId == agencies[1].id)
        #expect(Set(notices.map(\.agencyId)) == [agencies[2].id!])
        #expect(try ledger.list(.solicitation, filter: Filter(agency: "ICE")).rows.count == 3)

        let award = try #require(file.awards.first)
        #expect(award.awardKey == "SAM_aaaa0003" && award.piid == "70CDCR25C00000042")
        #expect(award.obligatedCents == 123_456_789 && award.currency == "USD" && award.date?.text == "2025-09-30")
        #expect(award.solicitationId == notices[2].id && award.agencyId == agencies[2].id)
        #expect(file.vendors.map(\.name) == ["Acme Analytics, Inc."] && award.vendorId == file.vendors[0].id)
        // Provenance: the file's name and digest, and the line the row starts on (row 1 spans lines 2–4).
        #expect(award.sourceFile == "ContractOpportunitiesFullCSV.csv" && award.sourceRow == 6)
        #expect(award.sourceSha256 == summary.sha256 && summary.sha256.count == 64)
        #expect(try ledger.verify().intact)
    }

    @Test("the same file twice changes nothing, not even the journal")
    func reimport() throws {
        let ledger = try Ledger.inMemory()
        let data = try SAMData.file(SAMData.standard())
        _ = try ledger.importSAM(path: "opportunities.csv", data: data)
        let head = try ledger.head()
        let again = try ledger.importSAM(path: "opportunities.csv", data: data)
        #expect(again.solicitationsUnchanged == 3 && again.solicitationsAdded == 0 && again.solicitationsUpdated == 0)
        #expect(again.awardsUnchanged == 1 && again.awardsAdded == 0 && again.awardsUpdated == 0)
        #expect(again.vendorsCreated == 0 && again.agenciesCreated == 0 && again.rejected == [])
        #expect(try ledger.head() == head)
    }

    @Test("a newer file updates what changed and leaves the rest")
    func newerFile() throws {
        let ledger = try Ledger.inMemory()
        _ = try ledger.importSAM(path: "week1.csv", data: try SAMData.file(SAMData.standard()))
        var rows = SAMData.standard()
        rows[0]["Type"] = "Solicitation"  // the sources sought became a solicitation; BaseType stays
        rows[0]["ResponseDeadLine"] = "2025-10-01T12:00:00-04:00"
        rows[2]["Award$"] = "1300000"
        rows.append(SAMData.notice("aaaa0004", title: "Special notice: industry day", type: "Special Notice"))
        let summary = try ledger.importSAM(path: "week2.csv", data: try SAMData.file(rows))
        #expect(summary.solicitationsAdded == 1 && summary.solicitationsUpdated == 1 && summary.solicitationsUnchanged == 2)
        #expect(summary.awardsUpdated == 1 && summary.agenciesCreated == 0 && summary.vendorsCreated == 0)
        let file = try ledger.exportFile()
        #expect(file.solicitations[0].noticeType == .solicitation && file.solicitations[0].baseNoticeType == .sourcesSought)
        #expect(file.solicitations[0].responseDue?.text == "2025-10-01")
        #expect(file.solicitations[3].noticeType == .specialNotice)
        #expect(file.awards.count == 1 && file.awards[0].obligatedCents == 130_000_000 && file.awards[0].sourceFile == "week2.csv")
        #expect(try ledger.verify().intact)
    }

    @Test("a notice changed behind the journal's back is never laundered by a newer file")
    func noLaundering() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ledger.sqlite").path
            _ = try Ledger.create(at: path).importSAM(path: "week1.csv", data: try SAMData.file(SAMData.standard()))
            try sqlite3(path, "UPDATE solicitations SET title = 'Something else' WHERE notice_id = 'aaaa0001'")
            let ledger = try Ledger.open(at: path)
            let head = try ledger.head()
            var rows = SAMData.standard()
            rows[0]["Type"] = "Solicitation"
            // The notice was written by the first file's one journal entry (2), whose digest no longer matches.
            #expect(throws: LedgerError.refused("the solicitations journal entry 2 imported were changed behind the journal's back; run 'govledger verify'")) {
                try ledger.importSAM(path: "week2.csv", data: try SAMData.file(rows))
            }
            #expect(try ledger.head() == head)
            #expect(!(try ledger.verify().intact))
        }
    }

    @Test("a bad date or amount refuses the whole file, naming the first rejected row and counting the others")
    func rejectedRowsRefuseTheFile() throws {
        let ledger = try Ledger.inMemory()
        let head = try ledger.head()
        var rows = SAMData.standard()
        rows[1]["ResponseDeadLine"] = "2025-09-101234"
        rows.append(SAMData.awardNotice("aaaa0006", amount: "12,34"))
        let error = try #require(throws: LedgerError.self) { try ledger.importSAM(path: "bad.csv", data: try SAMData.file(rows)) }
        #expect(error.description.hasPrefix("'bad.csv' row 5: invalid ResponseDeadLine '2025-09-101234'"), "\(error)")
        #expect(error.description.hasSuffix(" (and 1 more rejected row); nothing imported (--skip-rejected imports the others)"))
        #expect(try ledger.head() == head)
        #expect(try ledger.list(.solicitation).rows.isEmpty)
    }

    @Test("with skipRejected, a bad date or amount is rejected with its line and reason; the rest of the file imports")
    func rejectedRows() throws {
        let ledger = try Ledger.inMemory()
        var rows = SAMData.standard()
        rows[1]["ResponseDeadLine"] = "2025-09-101234"
        rows.append(SAMData.notice("aaaa0005", posted: "2025-02-30 10:00:00.000-05"))
        rows.append(SAMData.awardNotice("aaaa0006", amount: "12,34"))
        let summary = try ledger.importSAM(path: "bad.csv", data: try SAMData.file(rows), skipRejected: true)
        #expect(summary.rejected.map(\.row) == [5, 7, 8])  // row 1 spans lines 2–4
        #expect(summary.rejected[0].reason.contains("invalid ResponseDeadLine '2025-09-101234': expected a date like 2025-08-26"))
        #expect(summary.rejected[1].reason.contains("invalid PostedDate '2025-02-30 10:00:00.000-05'"))
        #expect(summary.rejected[2].reason.contains("invalid Award$ '12,34'"))
        #expect(summary.rowsRead == 5 && summary.solicitationsAdded == 2 && summary.awardsAdded == 1)
    }

    @Test("a byte Windows-1252 leaves undefined rejects the whole file, naming its line",
          arguments: [0x81, 0x8D, 0x8F, 0x90, 0x9D] as [UInt8])
    func undefinedByte(_ byte: UInt8) throws {
        let ledger = try Ledger.inMemory()
        var data = try SAMData.file(SAMData.standard())
        let marker = try #require(data.range(of: Data("hiring".utf8)))  // on line 3
        data[marker.lowerBound] = byte
        let head = try ledger.head()
        let error = try #require(throws: LedgerError.self) { try ledger.importSAM(path: "bad.csv", data: data) }
        let hex = String(byte, radix: 16, uppercase: true)
        #expect(error == .inputFile(path: "bad.csv", row: 3,
                                    problem: "is neither UTF-8 nor Windows-1252 text: byte 0x\(hex) is undefined in Windows-1252"))
        #expect(error.description == "'bad.csv' row 3: is neither UTF-8 nor Windows-1252 text: byte 0x\(hex) is undefined in Windows-1252")
        #expect(try ledger.head() == head)
    }

    @Test("a UTF-8 file (with or without a byte-order mark) imports like its cp1252 twin")
    func utf8File() throws {
        let cp1252 = try Ledger.inMemory()
        let utf8 = try Ledger.inMemory()
        let withBOM = try Ledger.inMemory()
        _ = try cp1252.importSAM(path: "a.csv", data: try SAMData.file(SAMData.standard()))
        let text = try SAMData.text(SAMData.standard())
        _ = try utf8.importSAM(path: "a.csv", data: Data(text.utf8))
        _ = try withBOM.importSAM(path: "a.csv", data: Data(("\u{FEFF}" + text).utf8))
        #expect(try utf8.exportFile().solicitations == cp1252.exportFile().solicitations)
        #expect(try withBOM.exportFile().solicitations == cp1252.exportFile().solicitations)
        #expect(try utf8.exportFile().solicitations[0].description?.contains("agency’s") == true)
    }

    @Test("Windows-1252 decodes by the code page: 0x80–0x9F by its table, 0xA0–0xFF to U+00A0–U+00FF")
    func codePage() throws {
        let high = (0x80...0x9F).map { UInt8($0) }.filter { ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }
        let decoded = try TextEncoding.utf8(Data(high), path: "x")
        #expect(String(decoding: decoded, as: UTF8.self) == "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")
        let latin1 = try TextEncoding.utf8(Data((0xA0...0xFF).map { UInt8($0) }), path: "x")
        #expect(String(decoding: latin1, as: UTF8.self).unicodeScalars.map(\.value) == (0xA0...0xFF).map { UInt32($0) })
        // Valid UTF-8 is left alone, byte for byte; invalid UTF-8 is read as cp1252.
        let utf8 = Data("résumé — ’".utf8)
        #expect(try TextEncoding.utf8(utf8, path: "x") == utf8)
        #expect(try String(decoding: TextEncoding.utf8(Data([0x72, 0xE9, 0x73]), path: "x"), as: UTF8.self) == "rés")
        for invalid: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x80], [0xFF]] {
            #expect(!invalid.withUnsafeBytes(TextEncoding.isUTF8), "\(invalid)")
        }
        for valid: [UInt8] in [[], [0x41], [0xC3, 0xA9], [0xE2, 0x80, 0x99], [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x8F, 0xBF, 0xBF]] {
            #expect(valid.withUnsafeBytes(TextEncoding.isUTF8), "\(valid)")
        }
    }

    @Test("SAM's notice types map onto the ledger's vocabulary", arguments: [
        ("Presolicitation", NoticeType.presolicitation), ("Solicitation", .solicitation),
        ("Combined Synopsis/Solicitation", .combinedSynopsisSolicitation), ("Sources Sought", .sourcesSought),
        ("Special Notice", .specialNotice), ("Award Notice", .awardNotice), ("Justification", .justification),
        ("Intent to Bundle Requirements (DoD-Funded)", .intentToBundle), ("Sale of Surplus Property", .saleOfSurplusProperty),
        ("sources  sought", .sourcesSought), ("Modification/Amendment", .other), ("", .other),
    ])
    func noticeTypes(_ raw: String, _ expected: NoticeType) {
        #expect(SAM.noticeType(raw) == expected)
    }

    @Test("dates keep their day; amounts take an optional $ and thousands commas")
    func values() throws {
        for text in ["2025-08-26", "2025-08-26 10:30:00.000-04", "2025-08-26T10:30:00-04:00", "2025-08-26T23:59:59Z", " 2025-08-26 ",
                     "08/26/2025", "8/26/25", "8/26/2025 0:00"] {
            #expect(try SAM.day(text, field: "PostedDate").text == "2025-08-26", "\(text)")
        }
        for text in ["2025-8-26", "26/08/2025", "2025-08-261234", "2025-08-26x", "2025-08-26 noon", "2025-08-26T", "2025-02-29", "2025-08", ""] {
            #expect(throws: LedgerError.self, "\(text)") { try SAM.day(text, field: "PostedDate") }
        }
        let amounts: [(String, Int64)] = [("1234.56", 123_456), ("$1,234.56", 123_456), ("1,234", 123_400), ("$0", 0), (" $ 5.5 ", 550)]
        for (text, cents) in amounts {
            #expect(try SAM.amount(text, field: "Award$") == cents, "\(text)")
        }
        for text in ["12,34", "-35.10", "$-5", "1.234,56", "$1.2M", "$$5", "1.234", "USD 5"] {
            #expect(throws: LedgerError.self, "\(text)") { try SAM.amount(text, field: "Award$") }
        }
    }

    @Test("a malformed file changes nothing", arguments: [
        ("", "is empty"), ("\"NoticeId\",\"Title\",\"Type\"\r\n\"n1\",\"x\",\"Sources Sought\"\r\n", "missing required column CGAC"),
        ("\"NoticeId\",\"Title\",\"Type\",\"CGAC\"\r\n\"n1,x,Sources Sought,070\r\n", "row 2: a quoted field is never closed"),
    ])
    func malformedFile(_ text: String, _ problem: String) throws {
        let ledger = try Ledger.inMemory()
        let head = try ledger.head()
        let error = try #require(throws: LedgerError.self) { try ledger.importSAM(path: "bad.csv", data: Data(text.utf8)) }
        #expect(error.description.contains(problem), "\(error)")
        #expect(try ledger.head() == head)
    }

    @Test("a ragged row, one without its id, title or type, or with a CGAC that is not one (ABC), is rejected, not misread")
    func incompleteRows() throws {
        let ledger = try Ledger.inMemory()
        var rows = [SAMData.notice("aaaa0001"), SAMData.notice(""), SAMData.notice("aaaa0003"), SAMData.notice("aaaa0004")]
        rows[2]["CGAC"] = "ABC"
        rows[3]["Type"] = " "
        var text = try SAMData.text(rows)
        text += "\"aaaa0005\",\"short\"\r\n"
        let summary = try ledger.importSAM(path: "rows.csv", data: SAMData.cp1252Bytes(text), skipRejected: true)
        #expect(summary.rejected == [
            .init(row: 3, reason: "invalid NoticeId '': expected the notice's id"),
            .init(row: 4, reason: "invalid CGAC 'ABC': expected a 3-digit CGAC or 4-digit FREC agency code (070, 1100)"),
            .init(row: 5, reason: "invalid Type '': expected a notice type such as Sources Sought"),
            .init(row: 6, reason: "has 2 fields; the header has 47"),
        ])
        #expect(summary.solicitationsAdded == 1)
    }

    @Test("awardees match typed-in vendors and their aliases; a notice id repeated in a file keeps its last row")
    func matchesAndRepeats() throws {
        let ledger = try Ledger.inMemory()
        _ = try ledger.addVendor(name: "Salesforce", aliases: ["Salesforce.com, Inc."], uei: "ABCDEFGHJKLM")
        let rows = [SAMData.awardNotice("aaaa0001", awardee: "SALESFORCE.COM, INC.", amount: "100"),
                    SAMData.notice("aaaa0002", title: "First version"), SAMData.notice("aaaa0002", title: "Second version")]
        let data = try SAMData.file(rows)
        let summary = try ledger.importSAM(path: "repeat.csv", data: data)
        #expect(summary.vendorsCreated == 0 && summary.agenciesCreated == 1)  // the office; DHS and ICE are seeded
        #expect(summary.rowsRead == 3 && summary.solicitationsAdded == 2 && summary.rejected == [])
        let file = try ledger.exportFile()
        #expect(file.solicitations.map(\.title) == ["Award: tip-line analytics", "Second version"])
        #expect(file.agencies.first { $0.acronym == "ICE" }?.subtierCode == "7012")
        #expect(try ledger.list(.award, filter: Filter(vendor: "Salesforce", agency: "ICE")).rows.count == 1)
        let head = try ledger.head()
        #expect(try ledger.importSAM(path: "repeat.csv", data: data).solicitationsUnchanged == 2)
        #expect(try ledger.head() == head)
        #expect(try ledger.verify().intact)
    }

    @Test("progress is reported, and an award notice without an amount is a solicitation only")
    func progressAndPartialAwards() throws {
        let ledger = try Ledger.inMemory()
        var partial = SAMData.awardNotice("aaaa0001")
        partial["Award$"] = ""
        var notAward = SAMData.notice("aaaa0002")
        notAward["Awardee"] = "Acme"
        notAward["Award$"] = "not an amount"  // only award notices become awards
        var calls: [Int] = []
        let summary = try ledger.importSAM(path: "p.csv", data: try SAMData.file([partial, notAward])) { calls.append($0) }
        #expect(summary.solicitationsAdded == 2 && summary.awardsAdded == 0 && summary.rejected == [])
        #expect(calls == [0, 2])
    }

    @Test("a file is one journal entry: no entry per notice or award, and verify covers what it wrote")
    func oneJournalEntry() throws {
        let ledger = try Ledger.inMemory()
        let before = try ledger.head().seq
        let summary = try ledger.importSAM(path: "a.csv", data: try SAMData.file(SAMData.standard()))
        let entries = try ledger.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, kind, command, after FROM journal WHERE seq > ? ORDER BY seq", arguments: [before])
        }
        // The import's entry, then the office and the vendor it created (journaled one by one, as every command's).
        #expect(entries.map { $0["kind"] as String } == ["import", "agency", "vendor"])
        #expect(entries.allSatisfy { $0["command"] as String == "import sam" })
        let image = try JSONValue(parsing: try #require(entries[0]["after"] as String?)).members
        #expect(image["source"] == .string("sam") && image["file"] == .string("a.csv") && image["sha256"] == .string(summary.sha256))
        #expect(image["solicitations"] == .int(3) && image["awards"] == .int(1) && image["solicitations_added"] == .int(3))
        let seq: Int64 = entries[0]["seq"]
        let pinned = try ledger.read { db in
            (try Int64.fetchAll(db, sql: "SELECT import_seq FROM solicitations"), try Int64.fetchAll(db, sql: "SELECT import_seq FROM awards"))
        }
        #expect(pinned.0 == [seq, seq, seq] && pinned.1 == [seq])
        let verification = try ledger.verify()
        #expect(verification.intact, "\(verification.problems)")
    }

    @Test("a newer file rewrites notices the earlier one wrote, releasing their old rows; verify still holds")
    func rewriteReleases() throws {
        let ledger = try Ledger.inMemory()
        _ = try ledger.importSAM(path: "week1.csv", data: try SAMData.file(SAMData.standard()))
        var rows = SAMData.standard()
        rows[0]["Title"] = "Sources sought, amended"
        rows[2]["Award$"] = "$99"
        let summary = try ledger.importSAM(path: "week2.csv", data: try SAMData.file(rows))
        #expect(summary.solicitationsUpdated == 1 && summary.solicitationsUnchanged == 2 && summary.awardsUpdated == 1)
        let after = try ledger.read { db in try String.fetchOne(db, sql: "SELECT after FROM journal WHERE kind = 'import' ORDER BY seq DESC LIMIT 1") }
        let image = try JSONValue(parsing: try #require(after)).members
        #expect(image["solicitations"] == .int(1) && image["awards"] == .int(1))
        #expect(image["solicitations_released"]?.members.count == 1 && image["released"]?.members.count == 1)
        let verification = try ledger.verify()
        #expect(verification.intact, "\(verification.problems)")
        #expect(try ledger.search("amended").rows.count == 1)
    }

    @Test("notices that amend one another (a new NoticeId, the same Sol# and office) are one solicitation's history")
    func amendmentHistory() throws {
        let ledger = try Ledger.inMemory()
        var first = SAMData.notice("bbbb0001", title: "Tip-line AI", type: "Presolicitation", posted: "2025-06-02")
        first["Sol#"] = "70CDCR25R00000099"
        var amendment = SAMData.notice("bbbb0002", title: "Tip-line AI (amended)", type: "Solicitation", posted: "2025-07-15")
        amendment["Sol#"] = "70CDCR25R00000099"
        var elsewhere = SAMData.notice("bbbb0003", title: "Same number, another office", posted: "2025-07-20")
        elsewhere["Sol#"] = "70CDCR25R00000099"
        elsewhere["AAC Code"] = "70CMSD"
        elsewhere["Office"] = "ICE MISSION SUPPORT DALLAS"
        let unrelated = SAMData.notice("bbbb0004")
        // The amendment comes first in the file: the history is by date, not by file order.
        _ = try ledger.importSAM(path: "a.csv", data: try SAMData.file([amendment, elsewhere, unrelated, first]))
        let ids = try ledger.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT notice_id, id FROM solicitations").map {
                ($0["notice_id"] as String, $0["id"] as Int64)
            })
        }
        func history(_ notice: String) throws -> [String] {
            let sections = try ledger.show(.solicitation, String(try #require(ids[notice])))
            let table = try #require(sections.sections.first { $0.name == "history" }?.table)
            let column = try #require(table.columns.firstIndex(of: "notice_id"))
            return table.rows.map { $0[column].plain }
        }
        #expect(try history("bbbb0002") == ["bbbb0001", "bbbb0002"])
        #expect(try history("bbbb0001") == ["bbbb0001", "bbbb0002"])
        #expect(try history("bbbb0003") == ["bbbb0003"])
        #expect(try history("bbbb0004") == ["bbbb0004"])
    }

    @Test("a file on disk streams and imports as the same bytes in memory do, cp1252 or UTF-8")
    func streamsFromDisk() throws {
        try withTemporaryDirectory { directory in
            for data in [try SAMData.file(SAMData.standard()), Data(try SAMData.text(SAMData.standard()).utf8)] {
                let file = directory.appendingPathComponent("ContractOpportunitiesFullCSV.csv")
                try data.write(to: file)
                let fromDisk = try Ledger.inMemory()
                let inMemory = try Ledger.inMemory()
                let summary = try fromDisk.importSAM(path: file.path)
                #expect(summary == (try inMemory.importSAM(path: file.path, data: data)))
                #expect(try fromDisk.exportFile().solicitations == inMemory.exportFile().solicitations)
                #expect(try fromDisk.exportFile().solicitations[0].description?.contains("agency’s") == true)
            }
        }
    }

    @Test("whether a file is UTF-8 is decided over chunks as over the whole, wherever a chunk ends")
    func utf8AcrossChunks() throws {
        let samples: [[UInt8]] = [Array("aé€😀z—".utf8), Array("résumé".utf8) + [0xE9], [0x41, 0xE2, 0x80], Array("ok".utf8)]
        for bytes in samples {
            let whole = bytes.withUnsafeBytes(TextEncoding.isUTF8)
            for cut in 0...bytes.count {
                for second in cut...bytes.count {
                    var check = TextEncoding.UTF8Check()
                    for part in [bytes[0..<cut], bytes[cut..<second], bytes[second...]] {
                        Array(part).withUnsafeBytes { check.add($0) }
                    }
                    #expect(check.finish() == whole, "\(bytes) cut at \(cut), \(second)")
                }
            }
        }
    }

    @Test("a notice's canonical image written from its bytes is its interchange JSON's canonical form")
    func canonicalImageBytes() throws {
        let notices = [
            Solicitation(id: 7, agencyId: 3, title: "Tip-line \"AI\" — ICE’s\\ needs", noticeType: .sourcesSought,
                         baseNoticeType: .presolicitation, noticeId: "n1", solicitationNumber: "70CDCR25R1",
                         description: "Line one\nline\ttwo \u{1F600} é", url: "https://sam.gov/opp/n1/view",
                         posted: try LedgerDate(parsing: "2025-08-26", field: "posted"),
                         responseDue: try LedgerDate(parsing: "2025-09", field: "due")),
            Solicitation(id: 12_345_678_901, agencyId: 1, title: "x", noticeType: .other),
        ]
        for notice in notices {
            var bytes: [UInt8] = []
            notice.writeCanonicalImage(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == (try JSONValue(encoding: notice).canonical))
        }
    }

    @Test("a description keeps its text and line breaks: CRLF and CR become LF, other controls spaces, ends trimmed")
    func descriptions() {
        #expect(SAM.description("  a\r\nb\rc\nd\te\u{7}f\u{7F}g — é\r\n") == "a\nb\nc\nd\te f g — é")
        #expect(SAM.description(" \r\n ") == nil && SAM.description(nil) == nil)
        let long = String(repeating: "é", count: Text.longLimit + 5)
        #expect(SAM.description(long)?.unicodeScalars.count == Text.longLimit && SAM.description(long)?.hasSuffix("…") == true)
        let exact = String(repeating: "é", count: Text.longLimit)
        #expect(SAM.description(exact) == exact)
    }
}
