import Testing
@testable import GovLedger

/// `totals` keys awards by term and ranks `--top` outside SQLite (GroupedSums, Ledger.contenders): the edges of
/// both, on awards placed there by hand.
@Suite("Totals keys and ranking")
struct TotalsKeyTests {
    /// Each term from its first day: the day before a term starts still belongs to the one before.
    @Test func termsFromTheirFirstDay() throws {
        let ledger = try Ledger.inMemory()
        _ = try ledger.addVendor(name: "GEO Group")
        let days = ["1993-01-19", "1993-01-20", "2001-01-19", "2001-01-20", "2009-01-19", "2009-01-20", "2017-01-19",
                    "2017-01-20", "2021-01-19", "2021-01-20", "2025-01-19", "2025-01-20", "9999-12-31"]
        for (index, day) in days.enumerated() {
            _ = try ledger.addAward(vendor: "GEO Group", agency: "ICE", piid: "P\(index)", obligatedCents: 100, date: try date(day))
        }
        _ = try ledger.addAward(vendor: "GEO Group", agency: "ICE", piid: "undated", obligatedCents: 100)
        let rows = try ledger.totals(by: [.administration]).table.records.map { ($0["administration"], $0["awards"]) }
        let expected: [(String, Int64)] = [("before-1993", 1), ("clinton", 2), ("bush", 2), ("obama", 2), ("trump-1", 2),
                                           ("biden", 2), ("trump-2", 2), ("undated", 1)]
        #expect(rows.map { $0.0 } == expected.map { .text($0.0) })
        #expect(rows.map { $0.1 } == expected.map { .int($0.1) })
    }

    /// `--top N` among equal obligations keeps the first by name, as a full sort would, in each currency.
    @Test(arguments: [(1, ["A"]), (2, ["A", "B"]), (3, ["A", "B", "C"]), (4, ["A", "B", "C", "D"]), (9, ["A", "B", "C", "D", "E"])])
    func topAmongTies(top: Int, kept: [String]) throws {
        let ledger = try Ledger.inMemory()
        // Added out of name order, so that insertion order cannot pass for name order.
        let amounts: [(String, Int64)] = [("D", 300), ("E", 100), ("C", 300), ("A", 500), ("B", 300)]
        for (index, (vendor, cents)) in amounts.enumerated() {
            _ = try ledger.addVendor(name: vendor)
            _ = try ledger.addAward(vendor: vendor, agency: "ICE", piid: "U\(index)", obligatedCents: cents, date: try date("2019-05-01"))
            // The same vendors in euros, in the reverse order of amounts: each currency has its own top.
            _ = try ledger.addAward(vendor: vendor, agency: "ICE", piid: "E\(index)", obligatedCents: 600 - cents, currency: "EUR",
                                    date: try date("2019-05-01"))
        }
        let rows = try ledger.totals(by: [.administration, .vendor], top: top).table.records
        let euros = rows.filter { $0["currency"] == .text("EUR") }.map { $0["vendor"] }
        let dollars = rows.filter { $0["currency"] == .text("USD") }.map { $0["vendor"] }
        #expect(dollars == kept.map { .text($0) })
        // In euros: E 500, then B, C, D at 300 (by name), then A 100.
        #expect(euros == Array(["E", "B", "C", "D", "A"].prefix(top)).map { .text($0) })
        // Each currency's rows together, in the codes' order.
        #expect(rows.map { $0["currency"] } == Array(repeating: Cell.text("EUR"), count: min(top, 5)) + Array(repeating: Cell.text("USD"), count: min(top, 5)))
    }

    /// Two vendor records of one name before the last dimension keep one order, run after run (found by a review:
    /// their buckets tied on the name and fell to a dictionary's order).
    @Test func sameNamedVendorsInAStableOrder() throws {
        let ledger = try Ledger.inMemory()
        let first = try ledger.addVendor(name: "Twin Corp", uei: "AAAAAAAAAAA1")
        let second = try ledger.addVendor(name: "Twin Corp", uei: "BBBBBBBBBBB2", distinct: true)
        _ = try ledger.addAward(vendor: String(first), agency: "ICE", piid: "T1", obligatedCents: 100, date: try date("2019-05-01"))
        _ = try ledger.addAward(vendor: String(second), agency: "CBP", piid: "T2", obligatedCents: 200, date: try date("2019-05-01"))
        _ = try ledger.addAward(vendor: String(second), agency: "ICE", piid: "T3", obligatedCents: 50, date: try date("2019-05-01"))
        let orders = try Set((0..<30).map { _ in try ledger.totals(by: [.vendor, .agency]).table.rows.map { $0[0].exact } })
        #expect(orders == [["Twin Corp (vendor \(first))", "Twin Corp (vendor \(second))", "Twin Corp (vendor \(second))"]])
    }
}
