import Foundation
import Testing
@testable import GovLedger

enum USAspendingData {
    static let directory = Package.root.appendingPathComponent("Tests/data/usaspending")
    static let files = ["us-local-gov-ice-contracts.csv", "us-reg-state-gov-ice-contracts.csv"]

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// A CSV with the current 286-column header (in its own order) and the given cells by column name.
    static func current(_ rows: [[String: String]], lineEnd: String = "\r\n", bom: Bool = true) throws -> Data {
        let header = try String(contentsOf: directory.appendingPathComponent("award_d1_columns_current.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        func quote(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let lines = [header.joined(separator: ",")] + rows.map { row in header.map { quote(row[$0] ?? "") }.joined(separator: ",") }
        return Data(((bom ? "\u{FEFF}" : "") + lines.joined(separator: lineEnd) + lineEnd).utf8)
    }

    static func row(_ key: String, _ recipient: String, obligated: String = "100.00", start: String = "2016-05-01",
                    type: String = "PURCHASE ORDER", uei: String = "") -> [String: String] {
        ["contract_award_unique_key": key, "award_id_piid": key + "-PIID", "recipient_name": recipient,
         "recipient_uei": uei, "total_obligated_amount": obligated, "period_of_performance_start_date": start,
         "awarding_agency_code": "070", "awarding_agency_name": "Department of Homeland Security",
         "awarding_sub_agency_code": "7012", "awarding_sub_agency_name": "U.S. Immigration and Customs Enforcement",
         "award_type": type, "prime_award_base_transaction_description": "Test, \"quoted\"\nsecond line"]
    }
}

@Suite("USAspending import")
struct USAspendingTests {
    @Test("both real ICE files import with no rejected row, and again with no change")
    func realFiles() throws {
        let ledger = try Ledger.inMemory()
        var summaries: [ImportSummary] = []
        for name in USAspendingData.files {
            summaries.append(try ledger.importUSAspending(path: name, data: try USAspendingData.data(name)))
        }
        #expect(summaries.map(\.rowsRead) == [720, 331])
        #expect(summaries.allSatisfy { $0.rejected.isEmpty })
        // 12 awards appear in both files, identically.
        #expect(summaries.map(\.awardsAdded) == [720, 319] && summaries[1].awardsUnchanged == 12)
        let head = try ledger.head()
        let again = try ledger.importUSAspending(path: USAspendingData.files[0], data: try USAspendingData.data(USAspendingData.files[0]))
        #expect(again.awardsUnchanged == 720 && again.awardsAdded == 0 && again.awardsUpdated == 0)
        #expect(try ledger.head() == head)
        #expect(try ledger.verify().intact)
        // Agencies resolve into the hierarchy with their real names: DHS > ICE > offices.
        let ice = try ledger.list(.agency, filter: Filter(agency: "7012"))
        #expect(ice.record(where: "acronym", contains: "ICE")?["parent"] == .text("DHS"))
        #expect(try ledger.list(.award, filter: Filter(agency: "ICE")).rows.count == 1_039)
        #expect(try ledger.list(.award, filter: Filter(agency: "Department of Homeland Security")).rows.count == 1_039)
        let award = try #require(try ledger.exportFile().awards.first)
        #expect(award.sourceFile == "us-local-gov-ice-contracts.csv" && award.sourceRow == 2 && award.permalink != nil)
    }

    @Test("the current 286-column header, a BOM, CRLF, quoted commas and newlines, negative and empty amounts")
    func quirks() throws {
        let ledger = try Ledger.inMemory()
        var empty = USAspendingData.row("K3", "Acme", obligated: "", start: "")
        empty["award_type"] = "PO"
        let data = try USAspendingData.current([
            USAspendingData.row("K1", "Acme Analytics, Inc.", obligated: "1,234.50"),
            USAspendingData.row("K2", "ACME ANALYTICS INC", obligated: "-35.10", start: "2021-01-20"), empty,
        ])
        let summary = try ledger.importUSAspending(path: "quirks.csv", data: data)
        #expect(summary.rejected == [] && summary.awardsAdded == 3 && summary.vendorsCreated == 2)  // "Acme Analytics", "Acme"
        let awards = try ledger.exportFile().awards
        #expect(awards.map(\.obligatedCents) == [123_450, -3_510, nil])
        #expect(awards.map { $0.date?.administration.label } == ["obama", "biden", nil])
        #expect(awards.map(\.awardType) == ["PURCHASE ORDER", "PURCHASE ORDER", "PURCHASE ORDER"])
        #expect(awards[0].description == "Test, \"quoted\"\nsecond line")
        #expect(awards.map(\.sourceRow) == [2, 4, 6])  // each row spans two lines
    }

    @Test("a bad row refuses the whole file: nothing written, the first rejected row named, the others counted")
    func rejectedRowsRefuseTheFile() throws {
        let ledger = try Ledger.inMemory()
        let head = try ledger.head()
        let data = try USAspendingData.current([
            USAspendingData.row("K1", "Acme"), USAspendingData.row("K2", "Acme", obligated: "12,34"),
            USAspendingData.row("K3", "Acme", start: "2016-02-30"), USAspendingData.row("K4", "Acme"),
        ], lineEnd: "\n", bom: false)
        let error = try #require(throws: LedgerError.self) { try ledger.importUSAspending(path: "bad.csv", data: data) }
        #expect(error == .inputFile(path: "bad.csv", row: 4, problem: "invalid total_obligated_amount '12,34': expected an "
            + "amount like 1234.56, 1,234.56 or $1,234.56 (at most 2 decimals) (and 1 more rejected row); nothing imported "
            + "(--skip-rejected imports the others)"))
        #expect(try ledger.head() == head)
        #expect(try ledger.list(.award).rows.isEmpty && ledger.list(.vendor).rows.isEmpty)
    }

    @Test("with skipRejected, a bad row is rejected with its line and reason; the rest of the file imports")
    func rejectedRows() throws {
        let ledger = try Ledger.inMemory()
        let data = try USAspendingData.current([
            USAspendingData.row("K1", "Acme", obligated: "12,34"), USAspendingData.row("K2", "Acme", start: "2016-02-30"),
            USAspendingData.row("K3", "Acme"),
        ], lineEnd: "\n", bom: false)
        let summary = try ledger.importUSAspending(path: "bad.csv", data: data, skipRejected: true)
        #expect(summary.rejected.map(\.row) == [2, 4])
        #expect(summary.rejected[0].reason.contains("total_obligated_amount '12,34'"))
        #expect(summary.rejected[1].reason.contains("period_of_performance_start_date '2016-02-30'"))
        #expect(summary.awardsAdded == 1)
    }

    @Test("a malformed file changes nothing", arguments: [
        ("", "is empty"), ("contract_award_unique_key,recipient_name\nK1,Acme\n", "row 2: invalid awarding_agency_code '': expected an awarding agency: the file has no awarding_agency_code"),
        ("contract_award_unique_key,recipient_name,awarding_agency_code\n\"K1,Acme,070\n", "never closed"),
    ])
    func malformedFile(_ text: String, _ problem: String) throws {
        let ledger = try Ledger.inMemory()
        let head = try ledger.head()
        let error = try #require(throws: LedgerError.self) {
            try ledger.importUSAspending(path: "bad.csv", data: Data(text.utf8))
        }
        #expect(error.description.contains(problem), "\(error)")
        #expect(try ledger.head() == head)
    }

    @Test("an amount of 16 or more digits is refused with its column named, never trapped (fuzz: usaspending, money)")
    func hugeAmounts() throws {
        // The cents fast path multiplied before counting digits: 19+ digits overflowed Int64 and trapped.
        for digits in ["99999999999999999999", "92233720368547758070", "-1234567890123456789012345.50"] {
            let ledger = try Ledger.inMemory()
            let data = try USAspendingData.current([USAspendingData.row("K1", "Acme", obligated: digits)], lineEnd: "\n", bom: false)
            let error = try #require(throws: LedgerError.self) { try ledger.importUSAspending(path: "big.csv", data: data) }
            #expect(error.description.contains("invalid total_obligated_amount '\(digits)': expected an amount within ±92,233,720,368,547,758.07"),
                    "\(error)")
            #expect(Array(digits.utf8).withUnsafeBufferPointer { FileValues.fastCents($0) } == nil)
        }
        // What fits still takes the fast path: 15 digits and 2 decimals.
        let fits = Array("-123456789012345.67".utf8)
        #expect(fits.withUnsafeBufferPointer { FileValues.fastCents($0) } == -12_345_678_901_234_567)
        #expect(Array("1234567890123456".utf8).withUnsafeBufferPointer { FileValues.fastCents($0) } == nil)
        let ledger = try Ledger.inMemory()
        let data = try USAspendingData.current([USAspendingData.row("K1", "Acme", obligated: "9,999,999,999,999,999.99")],
                                               lineEnd: "\n", bom: false)
        #expect(try ledger.importUSAspending(path: "ok.csv", data: data).awardsAdded == 1)
    }

    @Test("a ragged row is rejected, not misread")
    func raggedRow() throws {
        let ledger = try Ledger.inMemory()
        let text = "contract_award_unique_key,recipient_name,awarding_agency_code\nK1,Acme,070\nK2,Acme\n"
        let summary = try ledger.importUSAspending(path: "ragged.csv", data: Data(text.utf8), skipRejected: true)
        #expect(summary.rejected == [.init(row: 3, reason: "has 2 fields; the header has 3")])
        let error = try #require(throws: LedgerError.self) {
            try Ledger.inMemory().importUSAspending(path: "ragged.csv", data: Data(text.utf8))
        }
        #expect(error.description == "'ragged.csv' row 3: has 2 fields; the header has 3; nothing imported (--skip-rejected imports the others)")
    }

    @Test("typed-in vendors and seeded agencies are matched, not duplicated")
    func matchesTypedInRecords() throws {
        let ledger = try Ledger.inMemory()
        _ = try ledger.addVendor(name: "Salesforce", aliases: ["Salesforce.com, Inc."])
        let data = try USAspendingData.current([USAspendingData.row("K1", "SALESFORCE.COM, INC.", uei: "ABCDEFGHJKLM")])
        let summary = try ledger.importUSAspending(path: "salesforce.csv", data: data)
        #expect(summary.vendorsCreated == 0 && summary.agenciesCreated == 0)  // DHS and ICE are in the seeded reference
        let vendors = try ledger.exportFile().vendors
        #expect(vendors.count == 1 && vendors[0].uei == "ABCDEFGHJKLM")
        #expect(try ledger.list(.award, filter: Filter(vendor: "Salesforce", agency: "ICE")).rows.count == 1)
        #expect(try ledger.verify().intact)
    }

    @Test("the transactions download is summed per award")
    func transactions() throws {
        let ledger = try Ledger.inMemory()
        let text = """
            contract_award_unique_key,recipient_name,awarding_agency_code,awarding_sub_agency_code,federal_action_obligation,action_date,modification_number
            K1,Acme,070,7012,100.00,2016-05-01,0
            K1,Acme,070,7012,-25.50,2017-03-01,P00001
            K2,Acme,070,7012,10.00,2021-02-01,0

            """
        let summary = try ledger.importUSAspending(path: "transactions.csv", data: Data(text.utf8))
        #expect(summary.rowsRead == 3 && summary.awardsAdded == 2)
        let awards = try ledger.exportFile().awards
        #expect(awards.map(\.obligatedCents) == [7_450, 1_000])
        #expect(awards[0].date?.text == "2016-05-01")
    }

    @Test("the CSV reader gives the same records whatever its buffer size (fields, quotes and CRLF split across reads)")
    func bufferBoundaries() throws {
        let data = try USAspendingData.current([
            USAspendingData.row("K1", "Acme Analytics, Inc.", obligated: "1,234.50"),
            USAspendingData.row("K2", "R\u{E9}sum\u{E9} \"Quoted\" LLC", obligated: "-35.10"),
        ])
        func records(_ size: Int) -> [[String]] {
            var reader = CSVReader(data, bufferSize: size)
            defer { reader.close() }
            var all: [[String]] = []
            while reader.next() { all.append(reader.record.fields + ["line \(reader.record.line)"]) }
            #expect(reader.problem == nil)
            return all
        }
        let whole = records(data.count)
        #expect(whole.count == 3 && whole[2].contains("R\u{E9}sum\u{E9} \"Quoted\" LLC"))
        for size in [4, 5, 7, 64, 1_000] { #expect(records(size) == whole, "buffer of \(size) bytes") }
    }

    @Test("a file imported from its path, streamed, gives what the same bytes in memory give")
    func streamedFile() throws {
        try withTemporaryDirectory { directory in
            let name = USAspendingData.files[1]
            let path = directory.appendingPathComponent(name).path
            try USAspendingData.data(name).write(to: URL(fileURLWithPath: path))
            let streamed = try Ledger.inMemory().importUSAspending(path: path)
            let inMemory = try Ledger.inMemory().importUSAspending(path: path, data: try USAspendingData.data(name))
            #expect(streamed == inMemory && streamed.awardsAdded == 319 + 12)
            #expect(throws: LedgerError.inputFile(path: directory.path, row: nil, problem: "is a directory")) {
                try Ledger.inMemory().importUSAspending(path: directory.path)
            }
            #expect(throws: LedgerError.inputFile(path: path + ".missing", row: nil, problem: "no such file")) {
                try Ledger.inMemory().importUSAspending(path: path + ".missing")
            }
        }
    }

    @Test("a key repeated in one file keeps its last row, and the import still verifies")
    func repeatedKey() throws {
        let ledger = try Ledger.inMemory()
        let data = try USAspendingData.current([
            USAspendingData.row("K1", "Acme"), USAspendingData.row("K2", "Acme"),
            USAspendingData.row("K1", "Acme", obligated: "5.00"),
        ])
        let summary = try ledger.importUSAspending(path: "repeat.csv", data: data)
        #expect(summary.awardsAdded == 2 && summary.awardsUpdated == 1)
        #expect(try ledger.exportFile().awards.map(\.obligatedCents) == [500, 10_000])
        #expect(try ledger.verify().intact)
    }
}
