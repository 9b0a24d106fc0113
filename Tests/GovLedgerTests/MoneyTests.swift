import Testing
@testable import GovLedger

@Suite("Money")
struct MoneyTests {
    static let parsed: [(String, Int64)] = [
        ("1200", 120_000),
        ("1,200,000.50", 120_000_050),
        ("-35.10", -3_510),
        ("0.5", 50),
        ("0.05", 5),
        ("0", 0),
        ("1,000", 100_000),
        ("999", 99_900),
        (" 12.34 ", 1_234),
        ("92233720368547758.07", Int64.max),
        ("-92233720368547758.07", -Int64.max),
    ]

    @Test("decimal amounts become integer cents", arguments: parsed)
    func parses(_ text: String, _ cents: Int64) throws {
        #expect(try Money.parseCents(text, field: "--value") == cents)
    }

    static let rejected = [
        "12,34", "1,2345", ",100", "1,00,000", "$5", "5$", "1e309", "1E3", "NaN", "nan", "inf", "", "   ", "-", "1.234",
        "1.", ".5", "1.2.3", "--5", "+5", "5-", "1 000", "0x10", "٣", "92233720368547758.08", "99999999999999999999",
        "-92233720368547758.08",
    ]

    @Test("anything but a plain decimal amount is rejected, naming the field and value", arguments: rejected)
    func rejects(_ text: String) throws {
        let error = try #require(throws: LedgerError.self) { try Money.parseCents(text, field: "--value") }
        guard case .invalidValue(let field, let value, _) = error else {
            Issue.record("expected invalidValue, got \(error)")
            return
        }
        #expect(field == "--value")
        #expect(value == text)
    }

    @Test("an amount beyond 64-bit cents says so")
    func overflowMessage() throws {
        let error = try #require(throws: LedgerError.self) {
            try Money.parseCents("92233720368547758.08", field: "--value")
        }
        #expect(error.description.contains("92,233,720,368,547,758.07"))
    }

    @Test("negative amounts can be refused")
    func negative() throws {
        let error = try #require(throws: LedgerError.self) {
            try Money.parseCents("-1", field: "--obligated", allowNegative: false)
        }
        #expect(error == .invalidValue(field: "--obligated", value: "-1", expected: "an amount that is not negative"))
        #expect(try Money.parseCents("1", field: "--obligated", allowNegative: false) == 100)
    }

    static let formatted: [(Int64, String)] = [
        (120_000_050, "USD 1,200,000.50"),
        (-3_510, "USD -35.10"),
        (0, "USD 0.00"),
        (5, "USD 0.05"),
        (50, "USD 0.50"),
        (100_000, "USD 1,000.00"),
        (99_999, "USD 999.99"),
        (Int64.max, "USD 92,233,720,368,547,758.07"),
        (Int64.min, "USD -92,233,720,368,547,758.08"),
    ]

    @Test("cents format with grouping and two decimals", arguments: formatted)
    func formats(_ cents: Int64, _ text: String) {
        #expect(Money.format(cents: cents, currency: "USD") == text)
    }

    @Test("a formatted amount parses back to the same cents", arguments: [0, 1, 99, 100, 123_456_789, -3_510, Int64.max])
    func roundTrip(_ cents: Int64) throws {
        let text = Money.format(cents: cents, currency: "USD").dropFirst(4)
        #expect(try Money.parseCents(String(text), field: "amount") == cents)
    }

    @Test("currency codes are three letters, returned in capitals")
    func currency() throws {
        #expect(try Money.parseCurrency("usd", field: "--currency") == "USD")
        #expect(try Money.parseCurrency(" EUR ", field: "--currency") == "EUR")
        for bad in ["US", "USDX", "U5D", "", "€€€"] {
            #expect(throws: LedgerError.self) { try Money.parseCurrency(bad, field: "--currency") }
        }
    }
}
