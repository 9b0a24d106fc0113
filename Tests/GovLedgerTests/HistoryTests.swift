import Foundation
import GRDB
import Testing
@testable import GovLedger

/// Issue 10, items 4 and 5: an award's transactions are its history, and a vendor keeps every identifier it held.
@Suite("Award history and vendor identifiers")
struct HistoryTests {
    static let header = "contract_transaction_unique_key,contract_award_unique_key,modification_number,recipient_name,"
        + "recipient_name_raw,recipient_uei,recipient_duns,awarding_agency_code,federal_action_obligation,action_date,"
        + "action_type,transaction_description,period_of_performance_start_date"
    /// An award started under Obama and modified under Trump (first term), and one begun under Biden.
    static let transactions = [
        header,
        "T0,K1,0,ACME LLC,ACME LIMITED LIABILITY CO (HOUSTON),ABCDEFGHJKLM,60704780.0,070,100.00,2016-05-01,,BASE AWARD,2016-05-01",
        "T1,K1,P00001,ACME LLC,ACME LLC,ABCDEFGHJKLM,060704780,070,-25.50,2017-03-01,FUNDING ONLY ACTION,DEOBLIGATION,2016-05-01",
        "T2,K2,0,ACME LLC,ACME LLC,ABCDEFGHJKLM,060704780,070,10.00,2021-02-01,,SECOND,2021-02-01",
        "",
    ].joined(separator: "\n")

    static func imported() throws -> Ledger {
        let ledger = try Ledger.inMemory()
        _ = try ledger.importUSAspending(path: "transactions.csv", data: Data(transactions.utf8))
        return ledger
    }

    @Test("a transactions download keeps each transaction under its award, besides the sum")
    func keepsEachTransaction() throws {
        let ledger = try Ledger.inMemory()
        let summary = try ledger.importUSAspending(path: "transactions.csv", data: Data(Self.transactions.utf8))
        #expect(summary.awardsAdded == 2 && summary.transactionsRecorded == 3, "\(summary.line)")
        #expect(summary.line.contains("3 transactions recorded"))
        let awards = try ledger.exportFile().awards
        #expect(awards.map(\.obligatedCents) == [7_450, 1_000])
        let history = try #require(awards[0].transactions)
        #expect(history.map(\.transactionKey) == ["T0", "T1"])
        #expect(history.map(\.modificationNumber) == ["0", "P00001"])
        #expect(history.map { $0.actionDate?.text } == ["2016-05-01", "2017-03-01"])
        #expect(history.map(\.obligatedCents) == [10_000, -2_550])
        #expect(history[1].actionType == "FUNDING ONLY ACTION" && history[1].description == "DEOBLIGATION")
        #expect(history[0].sourceFile == "transactions.csv" && history[0].sourceRow == 2)
        #expect(try ledger.verify().intact)
        let again = try ledger.importUSAspending(path: "transactions.csv", data: Data(Self.transactions.utf8))
        #expect(again.awardsUnchanged == 2 && again.transactionsRecorded == 0, "\(again.line)")
    }

    @Test("totals per administration come from transaction action dates, and say so")
    func totalsByActionDate() throws {
        let ledger = try Self.imported()
        // A summaries award of the same vendor, started under Obama: counted by its start date.
        let summaries = """
            contract_award_unique_key,recipient_name,recipient_uei,awarding_agency_code,total_obligated_amount,period_of_performance_start_date
            K9,ACME LLC,ABCDEFGHJKLM,070,5.00,2015-01-01

            """
        _ = try ledger.importUSAspending(path: "summaries.csv", data: Data(summaries.utf8))
        let totals = try ledger.totals(by: [.administration])
        #expect(totals.table.columns.last == "basis")
        let rows = totals.table.rows.map { $0.map(\.exact) }
        #expect(rows == [
            ["obama", "USD", "2", "10500", "", "0", "both"],
            ["trump-1", "USD", "1", "-2550", "", "0", "transactions"],
            ["biden", "USD", "1", "1000", "", "0", "transactions"],
        ], "\(rows)")
        // Without a time dimension every award counts once, with its transactions' sum.
        let byVendor = try ledger.totals(by: [.vendor]).table.rows.map { $0.map(\.exact) }
        #expect(byVendor == [["ACME LLC", "USD", "3", "8950", "", "0", "both"]], "\(byVendor)")
        // The report's per-administration table and its SQL twin agree, and name the basis.
        let report = try ledger.report()
        #expect(report.administrations.map { [$0.administration, "\($0.awards)", "\($0.obligatedCents)", $0.obligationsBasis ?? "-"] }
                == [["obama", "2", "10500", "both"], ["trump-1", "1", "-2550", "transactions"], ["biden", "1", "1000", "transactions"]])
        #expect(try ledger.awardTotals(Filter()).map { [$0.administration, "\($0.awards)", "\($0.obligatedCents)", $0.basis ?? "-"] }
                == [["obama", "2", "10500", "both"], ["trump-1", "1", "-2550", "transactions"], ["biden", "1", "1000", "transactions"]])
        #expect(ReportRenderer.basisLine(report).contains("under its action date (rows: obama, trump-1, biden)"))
        // A ledger without transactions says its figures are by start date.
        let plain = try Ledger.inMemory()
        _ = try plain.importUSAspending(path: "summaries.csv", data: Data(summaries.utf8))
        #expect(try plain.totals(by: [.administration]).table.rows.map { $0.last!.exact } == ["start-date"])
    }

    @Test("summaries and transactions files in either order give one award each, with its history")
    func eitherOrder() throws {
        func state(_ order: [String]) throws -> (awards: [String], journal: Int64, ledger: Ledger) {
            let ledger = try Ledger.inMemory()
            for name in order { _ = try ledger.importUSAspending(path: name, data: try USAspendingData.data(name)) }
            let awards = try ledger.exportFile().awards.map { award in
                var award = award
                (award.id, award.sourceFile, award.sourceSha256, award.sourceRow) = (nil, nil, nil, nil)
                // Agencies are numbered in the order each file created them.
                (award.agencyId, award.fundingAgencyId) = (0, nil)
                return "\(award)"
            }.sorted()
            return (awards, try ledger.head().seq, ledger)
        }
        let names = ["rice-university-award-summaries.csv", "rice-university-transactions.csv"]
        let forward = try state(names)
        let backward = try state(names.reversed())
        #expect(forward.awards.count == 104)
        #expect(forward.awards == backward.awards)
        let history = try forward.ledger.exportFile().awards.compactMap(\.transactions)
        #expect(history.count == 104 && history.map(\.count).reduce(0, +) == 177)
        // The summary's total is kept, its history beside it.
        let award = try #require(try forward.ledger.exportFile().awards.first { $0.awardKey == "CONT_AWD_DACA7201C0021_9700_-NONE-_-NONE-" })
        #expect(award.obligatedCents == 97_830_215 && award.sourceFile == "rice-university-award-summaries.csv")
        #expect(award.transactions?.isEmpty == false)
        for ledger in [forward.ledger, backward.ledger] {
            #expect(try ledger.verify().intact)
            let head = try ledger.head()
            for name in names + names.reversed() {
                let again = try ledger.importUSAspending(path: name, data: try USAspendingData.data(name))
                #expect(again.awardsAdded == 0 && again.awardsUpdated == 0, "\(again.line)")
            }
            #expect(try ledger.head() == head)
        }
    }

    @Test("a transaction key filed under another award rejects the row, naming both")
    func transactionUnderAnotherAward() throws {
        let ledger = try Self.imported()
        let moved = Self.header + "\nT0,K7,0,ACME LLC,,,,070,1.00,2016-05-01,,,2016-05-01\n"
        #expect(throws: LedgerError.inputFile(path: "moved.csv", row: 2, problem: "invalid contract_transaction_unique_key 'T0': expected a transaction of award 'K7' (the ledger has it under award 'K1'); nothing imported (--skip-rejected imports the others)")) {
            try ledger.importUSAspending(path: "moved.csv", data: Data(moved.utf8))
        }
    }

    @Test("verify catches a transaction an import wrote, edited behind the journal's back")
    func tamperedTransaction() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("ledger.sqlite").path
            do {
                let ledger = try Ledger.create(at: path)
                _ = try ledger.importUSAspending(path: "transactions.csv", data: Data(Self.transactions.utf8))
                #expect(try ledger.verify().intact)
            }
            try sqlite3(path, "UPDATE award_transactions SET obligated_cents = 1 WHERE transaction_key = 'T1'")
            let verification = try Ledger.open(at: path).verify()
            #expect(verification.problems.map(\.message).contains { $0.contains("no longer match its digest") }, "\(verification.problems)")
        }
    }

    @Test("DUNS beside UEI: normalised, kept, and a vendor found by any of its identifiers")
    func identifiers() throws {
        let ledger = try Self.imported()
        let vendors = try ledger.exportFile().vendors
        #expect(vendors.count == 1)
        #expect(vendors[0].uei == "ABCDEFGHJKLM")
        #expect(vendors[0].identifiers == [VendorIdentifier(scheme: .duns, value: "060704780")])
        // recipient_name_raw, when it is another name, is an alias.
        #expect(vendors[0].aliases == ["ACME LIMITED LIABILITY CO (HOUSTON)"])
        // The same company re-registered under a new UEI, known by its DUNS: one vendor holding both UEIs.
        let renamed = Self.header + "\nT5,K5,0,ACME LLC,,ZYXWVUTSRQPN,060704780,070,1.00,2023-05-01,,,2023-05-01\n"
        let summary = try ledger.importUSAspending(path: "new-uei.csv", data: Data(renamed.utf8))
        #expect(summary.vendorsCreated == 0, "\(summary.line)")
        let vendor = try #require(try ledger.exportFile().vendors.first)
        #expect(vendor.identifiers == [VendorIdentifier(scheme: .duns, value: "060704780"),
                                       VendorIdentifier(scheme: .uei, value: "ZYXWVUTSRQPN")])
        for ref in ["ABCDEFGHJKLM", "zyxwvutsrqpn", "060704780", "ACME LIMITED LIABILITY CO (HOUSTON)"] {
            #expect(try ledger.list(.award, filter: Filter(vendor: ref)).rows.count == 3, "\(ref)")
        }
        let shown = try ledger.show(.vendor, "060704780")
        #expect(shown.sections.map(\.name).prefix(2) == ["record", "identifiers"])
        #expect(shown.sections[1].table.rows.map { $0.map(\.exact) }
                == [["uei", "ABCDEFGHJKLM"], ["duns", "060704780"], ["uei", "ZYXWVUTSRQPN"]])
        #expect(try ledger.verify().intact)
    }

    @Test("show award lists its transactions, oldest first, with their administrations")
    func showAward() throws {
        let ledger = try Self.imported()
        let shown = try ledger.show(.award, "1")
        let section = try #require(shown.sections.first { $0.name == "transactions" })
        #expect(section.table.rows.map { $0.prefix(5).map(\.exact) } == [
            ["0", "2016-05-01", "obama", "", "10000"], ["P00001", "2017-03-01", "trump-1", "FUNDING ONLY ACTION", "-2550"],
        ])
    }

    @Test("export json → load → export json keeps transactions and identifiers, byte for byte")
    func roundTrip() throws {
        let ledger = try Self.imported()
        let first = try ledger.exportFile().encoded()
        let loaded = try Ledger.inMemory()
        _ = try loaded.load([(path: "export.json", file: try LedgerFile.decode(first, path: "export.json"))])
        #expect(try loaded.exportFile().encoded() == first)
        #expect(try loaded.exportFile().awards.first?.transactions?.count == 2)
        #expect(try loaded.verify().intact)
    }

    @Test("the canonical images written by hand equal the canonical interchange JSON")
    func canonicalImages() throws {
        let ledger = try Self.imported()
        for award in try ledger.exportFile().awards {
            #expect(award.canonicalImage == (try JSONValue(encoding: award).canonical))
        }
    }

    @Test("a DUNS number that is not nine digits refuses the row, naming it")
    func badDUNS() throws {
        let ledger = try Ledger.inMemory()
        let bad = Self.header + "\nT0,K1,0,ACME LLC,,,12345678901,070,1.00,2016-05-01,,,2016-05-01\n"
        #expect(throws: LedgerError.inputFile(path: "bad.csv", row: 2, problem: "invalid recipient_duns '12345678901': expected a 9-digit DUNS number; nothing imported (--skip-rejected imports the others)")) {
            try ledger.importUSAspending(path: "bad.csv", data: Data(bad.utf8))
        }
    }
}
