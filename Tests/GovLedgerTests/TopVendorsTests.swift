import Testing
@testable import GovLedger

@Suite("Top vendors")
struct TopVendorsTests {
    /// Awards by ICE (7012) and one by CBP (7014), both under DHS.
    static func ledger() throws -> Ledger {
        let ledger = try Ledger.inMemory()
        var cbp = USAspendingData.row("K5", "Gamma Logistics", obligated: "1000.00", start: "2018-01-01")
        cbp["awarding_sub_agency_code"] = "7014"
        cbp["awarding_sub_agency_name"] = "U.S. Customs and Border Protection"
        let data = try USAspendingData.current([
            USAspendingData.row("K1", "Acme Analytics", obligated: "100.00", start: "2016-05-01"),
            USAspendingData.row("K2", "Acme Analytics", obligated: "50.00", start: "2018-03-01"),
            USAspendingData.row("K3", "Beta Systems", obligated: "120.00", start: "2018-06-01"),
            USAspendingData.row("K4", "Beta Systems", obligated: "", start: "2018-07-01"),
            cbp,
            USAspendingData.row("K6", "Delta Data", obligated: "-35.10", start: "2019-01-01"),
        ])
        let summary = try ledger.importUSAspending(path: "top.csv", data: data)
        #expect(summary.rejected == [] && summary.awardsAdded == 6)
        return ledger
    }

    @Test("an agency's vendors by obligations, with award counts and unknown values")
    func byAgency() throws {
        let ledger = try TopVendorsTests.ledger()
        let top = try ledger.topVendors(agency: "ICE")
        #expect(top.columns == ["id", "vendor", "uei", "awards", "obligated_cents", "awards_with_unknown_value"])
        #expect(top.strings("vendor") == ["Acme Analytics", "Beta Systems", "Delta Data"])
        #expect(top.strings("awards") == ["2", "2", "1"])
        #expect(top.strings("obligated_cents") == ["15000", "12000", "-3510"])
        #expect(top.strings("awards_with_unknown_value") == ["0", "1", "0"])
        // A department includes its sub-agencies.
        #expect(try ledger.topVendors(agency: "DHS").strings("vendor").first == "Gamma Logistics")
    }

    @Test("a date window keeps awards overlapping it; no agency means all; limit")
    func windowAndLimit() throws {
        let ledger = try TopVendorsTests.ledger()
        let window = try ledger.topVendors(agency: "7012", since: date("2017"), until: date("2018"))
        #expect(window.strings("vendor") == ["Beta Systems", "Acme Analytics"])
        #expect(window.strings("obligated_cents") == ["12000", "5000"])
        let all = try ledger.topVendors()
        #expect(all.strings("vendor") == ["Gamma Logistics", "Acme Analytics", "Beta Systems", "Delta Data"])
        #expect(try ledger.topVendors(limit: 2).rows.count == 2)
        #expect(try ledger.topVendors(agency: "ICE", since: date("2020")).rows.isEmpty)
        #expect(throws: LedgerError.self) { try ledger.topVendors(limit: 0) }
        #expect(throws: LedgerError.self) { try ledger.topVendors(agency: "No Such Agency") }
    }
}
