import Foundation
import GRDB
import Testing
@testable import GovLedger

/// Every layout of real download in Tests/data imports (issue 10): other agencies' files, not only the ICE ones.
@Suite("Real files of every layout")
struct RealFileTests {
    static let usaspending = [
        ("multi-agency-covid-fy2021-award-summaries-trimmed.csv", 742), ("rice-university-award-summaries.csv", 104),
        ("rice-university-transactions.csv", 177), ("us-local-gov-ice-contracts.csv", 720),
        ("us-reg-state-gov-ice-contracts.csv", 331), ("ice-excel-resave.csv", 60), ("ice-pandas-trim.csv", 60),
    ]

    static func importAll(_ ledger: Ledger) throws -> [ImportSummary] {
        try usaspending.map { name, _ in try ledger.importUSAspending(path: name, data: try USAspendingData.data(name)) }
    }

    @Test("every USAspending sample imports with 0 rejected rows, and a second round changes nothing")
    func everyUSAspendingFile() throws {
        let ledger = try Ledger.inMemory()
        let first = try Self.importAll(ledger)
        for (summary, (name, rows)) in zip(first, Self.usaspending) {
            #expect(summary.rejected.isEmpty, "\(name): \(summary.rejected.prefix(3))")
            #expect(summary.rowsRead == rows, "\(name)")
        }
        // The resaved samples hold some of the ICE files' awards: a second round rewrites those back and forth,
        // so the round that must change nothing is of the downloads as they came.
        let downloads = try Ledger.inMemory()
        for (name, _) in Self.usaspending.prefix(5) {
            _ = try downloads.importUSAspending(path: name, data: try USAspendingData.data(name))
        }
        let head = try downloads.head()
        for (name, _) in Self.usaspending.prefix(5) {
            let again = try downloads.importUSAspending(path: name, data: try USAspendingData.data(name))
            #expect(again.awardsAdded == 0 && again.awardsUpdated == 0, "\(again.line)")
        }
        #expect(try downloads.head() == head)
        #expect(try downloads.verify().intact)
    }

    @Test("toptier agencies by FREC code: EOP 1100 and DOL 1601 are the reference's departments, Peace Corps 1125 its own")
    func frecToptiers() throws {
        let ledger = try Ledger.inMemory()
        let summary = try ledger.importUSAspending(
            path: "covid.csv", data: try USAspendingData.data("multi-agency-covid-fy2021-award-summaries-trimmed.csv"))
        #expect(summary.rejected.isEmpty)
        try ledger.database.read { (db: Database) throws -> Void in
            func department(frec: String) throws -> (name: String, cgac: String?)? {
                try Row.fetchOne(db, sql: "SELECT name, cgac_code FROM agencies WHERE frec_code = ? AND level = 'department'",
                                 arguments: [frec]).map { ($0["name"], $0["cgac_code"]) }
            }
            #expect(try department(frec: "1100")?.cgac == "011")
            #expect(try department(frec: "1601")?.name == "Department of Labor")
            #expect(try department(frec: "1601")?.cgac == "016")
            #expect(try department(frec: "3300")?.cgac == "033")
            let peaceCorps = try department(frec: "1125")
            #expect(peaceCorps?.name == "Peace Corps" && peaceCorps?.cgac == nil)
            // Funding agencies are kept beside awarding ones.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM awards WHERE funding_agency_id IS NULL") == 0)
        }
        // A code only a FREC holds names the department: `--agency 1125` is the Peace Corps.
        let peaceCorps = try ledger.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM agencies WHERE frec_code = '1125'")
        }
        #expect(try ledger.database.read { db in try Ledger.agencyId("1125", in: db) } == peaceCorps)
    }

    @Test("office codes as the file holds them: VOA/LN")
    func officeCodes() throws {
        let ledger = try Ledger.inMemory()
        let summary = try ledger.importUSAspending(path: "rice.csv",
                                                   data: try USAspendingData.data("rice-university-award-summaries.csv"))
        #expect(summary.rejected.isEmpty)
        #expect(try ledger.database.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM agencies WHERE office_code = 'VOA/LN' AND level = 'office'")
        } == 1)
    }

    @Test("a spreadsheet resave and a pandas trim import, and the summary says what was normalised")
    func filesAsPeopleHaveThem() throws {
        let ledger = try Ledger.inMemory()
        let resaved = try ledger.importUSAspending(path: "ice-excel-resave.csv",
                                                   data: try USAspendingData.data("ice-excel-resave.csv"))
        #expect(resaved.rejected.isEmpty && resaved.awardsAdded == 60)
        for part in ["dates read as M/D/YY", "e.g. 7/1/22 → 2022-07-01", "dates read as M/D/YYYY", "e.g. $20,250.00 → 2025000 cents",
                     "codes padded with their lost leading zeros", "e.g. 70 → 070", "repeated columns read from their first occurrence"] {
            #expect(resaved.line.contains(part), "\(part): \(resaved.line)")
        }
        let trimmed = try ledger.importUSAspending(path: "ice-pandas-trim.csv",
                                                   data: try USAspendingData.data("ice-pandas-trim.csv"))
        #expect(trimmed.rejected.isEmpty && trimmed.awardsAdded == 60)
        #expect(trimmed.line.contains("awarding sub-tier agency read from contract_award_unique_key (60 values"))
        try ledger.database.read { (db: Database) throws -> Void in
            // Every trimmed award is ICE's (sub-tier 7012, from the key).
            #expect(try Int.fetchOne(db, sql: """
                SELECT count(*) FROM awards w JOIN agencies a ON a.id = w.agency_id
                WHERE w.source_file = 'ice-pandas-trim.csv' AND a.subtier_code = '7012'
                """) == 60)
            #expect(try String.fetchOne(db, sql: "SELECT date FROM awards WHERE award_key = 'CONT_AWD_70CDCR22P00000017_7012_-NONE-_-NONE-'")
                    == "2022-07-01")
        }
    }

    @Test("the SAM.gov file trimmed with pandas imports: CGAC 97.0 is 097, notices without an agency are kept")
    func samTrimmed() throws {
        let ledger = try Ledger.inMemory()
        let data = try Data(contentsOf: Package.root.appendingPathComponent("Tests/data/sam/research-notices-trimmed.csv"))
        let summary = try ledger.importSAM(path: "research-notices-trimmed.csv", data: data)
        #expect(summary.rejected.isEmpty && summary.solicitationsAdded == 526)
        #expect(summary.line.contains("codes written as numbers (510 values, e.g. 97.0 → 097)"), "\(summary.line)")
        #expect(summary.line.contains("notices naming no agency filed under"))
        let head = try ledger.head()
        let again = try ledger.importSAM(path: "research-notices-trimmed.csv", data: data)
        #expect(again.solicitationsUnchanged == 526 && again.awardsUnchanged == summary.awardsAdded)
        #expect(try ledger.head() == head)
        #expect(try ledger.verify().intact)
        // 40 solicitation numbers have two or more notices from one office: amendments, one history each.
        let histories = try ledger.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT 1 FROM solicitations WHERE solicitation_number IS NOT NULL
                  GROUP BY solicitation_number, agency_id HAVING count(*) > 1)
                """)
        }
        #expect(histories == 40)
        // DLA's SP4701-24-S-C001: three solicitations, 2025-02 to 2026-03, listed oldest first.
        let id = try #require(try ledger.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM solicitations WHERE solicitation_number = 'SP4701-24-S-C001' ORDER BY posted_from DESC LIMIT 1")
        })
        let history = try #require(try ledger.show(.solicitation, String(id)).sections.first { $0.name == "history" }?.table)
        let posted = try #require(history.columns.firstIndex(of: "posted"))
        #expect(history.rows.map { $0[posted].plain } == ["2025-02-03", "2025-04-15", "2026-03-10"])
    }

    @Test("a transactions file keeps the totals a summaries file gave, in either order")
    func summariesWin() throws {
        func totals(_ order: [String]) throws -> [String: Int64?] {
            let ledger = try Ledger.inMemory()
            for name in order { _ = try ledger.importUSAspending(path: name, data: try USAspendingData.data(name)) }
            return try ledger.database.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT award_key, obligated_cents FROM awards")
                    .map { ($0["award_key"] as String, $0["obligated_cents"] as Int64?) })
            }
        }
        let names = ["rice-university-award-summaries.csv", "rice-university-transactions.csv"]
        let forward = try totals(names)
        #expect(forward.count == 104)
        #expect(forward == (try totals(names.reversed())))
        #expect(forward["CONT_AWD_DACA7201C0021_9700_-NONE-_-NONE-"] == 97_830_215)
    }
}

/// Line ends and blank lines as files have them (issue 14: CR-only files imported 0 rows and exited 0; one
/// trailing blank line refused the whole file).
@Suite("CSV line ends")
struct LineEndTests {
    static let header = "contract_award_unique_key,recipient_name,awarding_agency_code,total_obligated_amount"

    @Test("CR-only, LF and CRLF line ends, with blank lines anywhere and trailing, import every row", arguments: [
        "\r", "\n", "\r\n",
    ])
    func lineEnds(_ end: String) throws {
        let ledger = try Ledger.inMemory()
        let text = [Self.header, "K1,Acme,070,5", "", "\"K2\",\"Beta, Inc\",070,6", "K3,Gamma,070,7", "", ""].joined(separator: end)
        let summary = try ledger.importUSAspending(path: "ends.csv", data: Data(text.utf8))
        #expect(summary.rejected.isEmpty && summary.rowsRead == 3 && summary.awardsAdded == 3, "\(summary.line)")
    }

    @Test("one trailing blank line is not a row")
    func trailingBlankLine() throws {
        let ledger = try Ledger.inMemory()
        let summary = try ledger.importUSAspending(path: "blank.csv", data: Data((Self.header + "\nK1,Acme,070,5\n\n").utf8))
        #expect(summary.rejected.isEmpty && summary.rowsRead == 1)
    }

    @Test("a record beyond the reader's bound stops it with a line, instead of growing without end")
    func boundedRecord() throws {
        let ledger = try Ledger.inMemory()
        let data = Data((Self.header + "\n" + String(repeating: ",", count: CSVReader.maxFields + 5) + "\n").utf8)
        let error = #expect(throws: LedgerError.self) { try ledger.importUSAspending(path: "wide.csv", data: data) }
        #expect(error?.description.hasPrefix("'wide.csv' row 2: has a row longer than") == true, "\(String(describing: error))")
    }
}

/// The rules for values in imported files (docs/importing.md), one by one.
@Suite("File values")
struct FileValueTests {
    @Test("dates: ISO with or without a time and zone, M/D/YYYY, M/D/YY (00–49 → 20xx, 50–99 → 19xx)", arguments: [
        ("2025-08-26", "2025-08-26"), ("2025-08-26T10:30:00-04:00", "2025-08-26"), ("2025-08-26 10:30:00.000-04", "2025-08-26"),
        ("2025-08-26T23:59:59Z", "2025-08-26"), ("2025-08-26 00:00:00+0000", "2025-08-26"), ("8/26/2025", "2025-08-26"),
        ("08/26/2025", "2025-08-26"), ("8/26/25", "2025-08-26"), ("3/1/49", "2049-03-01"), ("3/1/50", "1950-03-01"),
        ("12/31/99", "1999-12-31"), ("1/2/2008 0:00", "2008-01-02"), ("2/29/2024", "2024-02-29"),
    ])
    func days(_ text: String, _ expected: String) throws {
        var notes = Normalisations()
        #expect(try FileValues.day(text, field: "d", notes: &notes).text == expected)
    }

    @Test("dates refused: glued digits, day-first, impossible days, other shapes", arguments: [
        "2025-08-261234", "2025-08-26T", "2025-08-26 noon", "2025-08-26T25:00", "26/8/2025", "13/1/21", "2/30/2024",
        "2025-8-26", "8/26", "obama", "2025", "8-26-2025", "1e5",
    ])
    func badDays(_ text: String) {
        var notes = Normalisations()
        #expect(throws: LedgerError.self) { try FileValues.day(text, field: "d", notes: &notes) }
    }

    @Test("a day-first date says what to do")
    func dayFirst() {
        var notes = Normalisations()
        let error = #expect(throws: LedgerError.self) { try FileValues.day("26/08/2025", field: "action_date", notes: &notes) }
        #expect(error?.description.contains("resave the file with dates as YYYY-MM-DD") == true)
    }

    @Test("amounts: plain, without cents, with $ and commas, negative in parentheses", arguments: [
        ("1234.56", 123_456), ("1234", 123_400), ("-35.1", -3_510), ("$1,234.56", 123_456), ("-$1,234.56", -123_456),
        ("$-1,234.56", -123_456), ("($1,234.56)", -123_456), ("1,200,000", 120_000_000), ("0", 0),
    ] as [(String, Int64)])
    func amounts(_ text: String, _ cents: Int64) throws {
        var notes = Normalisations()
        #expect(try FileValues.cents(text, field: "a", notes: &notes) == cents)
    }

    @Test("amounts refused: 3 decimals, European commas, 19+ digits, words", arguments: [
        "1.234", "12,34", "99999999999999999999", "92233720368547758.08", "1e6", "NaN", "$$5", "--5", "USD 5", "",
    ])
    func badAmounts(_ text: String) {
        var notes = Normalisations()
        #expect(throws: LedgerError.self) { try FileValues.cents(text, field: "a", notes: &notes) }
    }

    @Test("the cents fast path never overflows: 19+ digits fall through to the checked parser")
    func fastCentsBounded() {
        for text in ["99999999999999999999", "9223372036854775807", "-99999999999999999999.99", "1234567890123456"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer(FileValues.fastCents) == nil, "\(text)")
        }
        #expect(Array("123456789012345.67".utf8).withUnsafeBufferPointer(FileValues.fastCents) == 12_345_678_901_234_567)
    }

    @Test("toptier codes: CGAC, FREC, lost zeros, floats; letters refused")
    func toptiers() throws {
        var notes = Normalisations()
        #expect(try FileValues.toptier("070", field: "c", notes: &notes) == .cgac("070"))
        #expect(try FileValues.toptier("70", field: "c", notes: &notes) == .cgac("070"))
        #expect(try FileValues.toptier("97.0", field: "c", notes: &notes) == .cgac("097"))
        #expect(try FileValues.toptier("1100", field: "c", notes: &notes) == .frec("1100"))
        #expect(try FileValues.toptier("1601.0", field: "c", notes: &notes) == .frec("1601"))
        #expect(try FileValues.toptier(" ", field: "c", notes: &notes) == nil)
        for bad in ["ABC", "07A", "12345", "9.5", "-70"] {
            #expect(throws: LedgerError.self, "\(bad)") { try FileValues.toptier(bad, field: "c", notes: &notes) }
        }
        #expect(notes.notes.map(\.what) == ["codes padded with their lost leading zeros", "codes written as numbers"])
        #expect(try FileValues.subtier("559", field: "s", notes: &notes) == "0559")
        #expect(try FileValues.subtier("7012.0", field: "s", notes: &notes) == "7012")
        #expect(try FileValues.subtier("12c2", field: "s", notes: &notes) == "12C2")
        #expect(throws: LedgerError.self) { try FileValues.subtier("12C", field: "s", notes: &notes) }
        #expect(try FileValues.office("VOA/LN", field: "o") == "VOA/LN")
        #expect(try FileValues.office("70cdcr", field: "o") == "70CDCR")
        for bad in ["214", "VOA LN", "ABCDEFG"] {
            #expect(throws: LedgerError.self, "\(bad)") { try FileValues.office(bad, field: "o") }
        }
        #expect(FileValues.subtierInAwardKey("CONT_AWD_70CDCR18P00000093_7012_-NONE-_-NONE-") == "7012")
        #expect(FileValues.subtierInAwardKey("CONT_AWD_A_B_9700_N0024403G0003_9700") == "9700")
        #expect(FileValues.subtierInAwardKey("CONT_IDV_GS35F0119Y_4730") == "4730")
        #expect(FileValues.subtierInAwardKey("K1") == nil)
    }
}
