/// An amount of money in integer cents with an ISO 4217 currency: never a floating-point number.
public struct Money: Hashable, Sendable, Codable {
    /// Whole cents; negative for de-obligations.
    public var cents: Int64
    /// Three capital letters, e.g. `USD`.
    public var currency: String

    /// Creates an amount.
    public init(cents: Int64, currency: String = "USD") {
        self.cents = cents
        self.currency = currency
    }

    /// Parses a decimal amount such as `1200`, `1200.5`, `1,200,000.00` or `-35.10` into cents.
    ///
    /// Commas are accepted only as thousands separators; anything else (`12,34`, `$5`, `1e309`, `NaN`)
    /// is refused, as is an amount beyond what 64-bit cents can hold.
    public static func parseCents(_ raw: String, field: String, allowNegative: Bool = true) throws(LedgerError) -> Int64 {
        let fail = LedgerError.invalidValue(
            field: field, value: raw, expected: "an amount like 1200, 1,200.50 or -35.10 (at most 2 decimals)")
        var text = Substring(raw.trimmingSpaces)
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        }
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !pieces[0].isEmpty else { throw fail }
        let groups = pieces[0].split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { throw fail }
        }
        let whole = groups.joined()
        let fraction = pieces.count == 2 ? pieces[1] : ""
        guard pieces.count == 1 || (1...2).contains(fraction.count) else { throw fail }
        let digits = whole + fraction + String(repeating: "0", count: 2 - fraction.count)
        guard digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { throw fail }
        guard let magnitude = Int64(digits) else {
            throw .invalidValue(field: field, value: raw, expected: "an amount within ±92,233,720,368,547,758.07")
        }
        guard !negative || allowNegative else {
            throw .invalidValue(field: field, value: raw, expected: "an amount that is not negative")
        }
        return negative ? -magnitude : magnitude
    }

    /// Holds cents read from a file to the rules of `parseCents`: what `add` refuses, `load` refuses too
    /// (a negative estimate or potential value; Int64.min, whose negation overflows).
    public static func checkCents(_ cents: Int64?, field: String, allowNegative: Bool) throws(LedgerError) -> Int64? {
        guard let cents else { return nil }
        guard cents != Int64.min else {
            throw .invalidValue(field: field, value: "\(cents)", expected: "an amount within ±9223372036854775807 cents")
        }
        guard allowNegative || cents >= 0 else {
            throw .invalidValue(field: field, value: "\(cents)", expected: "an amount that is not negative")
        }
        return cents
    }

    /// Validates a currency code: three letters, returned in capitals.
    public static func parseCurrency(_ raw: String, field: String) throws(LedgerError) -> String {
        let code = raw.trimmingSpaces.uppercased()
        guard code.count == 3, code.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
            throw .invalidValue(field: field, value: raw, expected: "a three-letter ISO 4217 code such as USD")
        }
        return code
    }

    /// Formats cents as `USD 1,200,000.00` for people; machine formats carry the integer cents instead.
    /// An amount as people read it: `$1,234,567.89` in US dollars, `1,234.50 EUR` in any other currency.
    public static func display(cents: Int64, currency: String) -> String {
        let text = format(cents: cents, currency: currency)
        let number = String(text.dropFirst(currency.count + 1))
        guard currency == "USD" else { return number + " " + currency }
        return number.hasPrefix("-") ? "-$" + number.dropFirst() : "$" + number
    }

    public static func format(cents: Int64, currency: String) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        var whole = String(magnitude / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return "\(currency) \(negative ? "-" : "")\(whole)\(grouped).\(padded(Int(magnitude % 100), 2))"
    }
}
