import Testing
@testable import GovLedger

/// `search`'s query language (docs/reports.md, "Search") and what it finds.
@Suite struct SearchTests {
    @Test("queries become quoted FTS5 expressions", arguments: [
        ("tip line", #""tip" AND ("line" OR "line"*)"#),
        (#""tip line""#, #""tip line""#),
        ("ai", #""ai""#),
        ("facial OR biometric", #"("facial" OR "facial"* OR "biometric" OR "biometric"*)"#),
        ("detention -housing", #"(("detention" OR "detention"*)) NOT ("housing" OR "housing"*)"#),
        ("detention NOT bed", #"(("detention" OR "detention"*)) NOT ("bed")"#),
        ("detain*", #""detain"*"#),
        ("detain", #"("detain" OR "detain"* OR "detention")"#),
        ("tip-line", #""tip line""#),
        (#"tip" OR "zzz"#, #""tip" AND "or" AND "zzz""#),  // the quotes make OR a quoted word
        ("'); DROP TABLE vendors;--", #"("drop" OR "drop"*) AND ("table" OR "table"*) AND ("vendors" OR "vendors"*)"#),
        ("Détention", #"("detention" OR "detention"*)"#),
        ("or", #""or""#),
    ])
    func language(_ text: String, _ match: String) throws {
        #expect(try SearchQuery(text).match == match)
    }

    @Test("a query of nothing, or of exclusions only, is refused", arguments: [
        ("\"!?", "at least one word to search for"),
        ("-housing", "at least one word to find besides the words to leave out"),
        ("NOT housing", "at least one word to find besides the words to leave out"),
    ])
    func refused(_ text: String, _ expected: String) throws {
        let error = try #require(throws: LedgerError.self) { try SearchQuery(text) }
        #expect(error == .invalidValue(field: "text", value: text, expected: expected))
    }

    /// A ledger with awards describing detainees, detention and housing, as ICE's do.
    func ledger() throws -> Ledger {
        let ledger = try Ledger.inMemory()
        _ = try ledger.addVendor(name: "GEO Group")
        let descriptions = [
            "Detainee transportation services", "Medical care for detainees", "Detention bed space",
            "Detention housing at the county jail", "Office furniture",
        ]
        for (index, description) in descriptions.enumerated() {
            _ = try ledger.addAward(vendor: "GEO Group", agency: "ICE", piid: "P\(index + 1)", description: description,
                                    obligatedCents: Int64(index + 1) * 100_000_00, date: try date("2019-0\(index + 1)-15"))
        }
        _ = try ledger.lead("Detention management software", vendor: "GEO Group", agency: "ICE", date: try date("2025"))
        return ledger
    }

    @Test func stemsPrefixesAndNouns() throws {
        let ledger = try ledger()
        let found = { (text: String) in try ledger.search(text, kinds: [.award]).rows.map { $0[2] } }
        #expect(try Set(found("detain")) == [.text("P1"), .text("P2"), .text("P3"), .text("P4")])
        #expect(try Set(found("detention -housing")) == [.text("P3")])
        #expect(try Set(found("\"detention bed\"")) == [.text("P3")])
        #expect(try Set(found("furniture OR transportation")) == [.text("P1"), .text("P5")])
        #expect(try found("detainees").count == 2)
    }

    @Test func totalKindsAndAwardDetails() throws {
        let ledger = try ledger()
        let all = try ledger.find("detention", limit: 1)
        #expect(all.total == 3)
        #expect(all.table.rows.count == 1)
        #expect(try ledger.find("detention", kinds: [.pursuit]).total == 1)
        let award = try #require(try ledger.find("bed", kinds: [.award]).table.records.first)
        #expect(award["vendor"] == .text("GEO Group"))
        #expect(award["agency"] == .text("ICE"))
        #expect(award["date"] == .text("2019-03-15"))
        #expect(award["obligated_cents"] == .money(300_000_00, currency: "USD"))
    }

    /// The ranking (SearchRank): the words used more often first, a rarer word over a common one, length not
    /// counted, and equal scores by number, so that `--limit` always shows the same hits.
    @Test func ranksByFrequencyAndRarityAndBreaksTiesByNumber() throws {
        let ledger = try Ledger.inMemory()
        _ = try ledger.addVendor(name: "GEO Group")
        let descriptions = [
            "guard services",                                                            // P1
            "guard services, guard towers, guard posts and guard training",              // P2: guard four times
            "guard services " + String(repeating: "and other long wording ", count: 40), // P3: once, long
            "biometric guard services",                                                  // P4: the rare word too
            "guard services",                                                            // P5: ties P1
        ] + (6...30).map { "services \($0)" }
        for (index, description) in descriptions.enumerated() {
            _ = try ledger.addAward(vendor: "GEO Group", agency: "ICE", piid: "P\(index + 1)", description: description,
                                    obligatedCents: 100_00, date: try date("2019-01-15"))
        }
        let order = { (text: String, limit: Int) in try ledger.search(text, kinds: [.award], limit: limit).rows.map { $0[2] } }
        // guard: P2 uses it most; P1, P3 and P5 once each (P3's length does not count), so by number.
        #expect(try order("guard", 50) == [.text("P2"), .text("P1"), .text("P3"), .text("P4"), .text("P5")])
        // biometric is in one award of 30, services in all: P4 holds both, and the rare one outweighs P2's guards.
        #expect(try order("biometric OR guard", 2) == [.text("P4"), .text("P2")])
        // Thirty awards say services once each: a limit inside the tie cuts it by number, every time.
        #expect(try order("services", 3) == [.text("P1"), .text("P2"), .text("P3")])
    }
}
