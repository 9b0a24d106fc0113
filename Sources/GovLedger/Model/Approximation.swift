/// How a count or an amount is known when a reporter has only an approximate figure: "about 900", "nearly 900".
///
/// The number is stored exactly as typed (900) and the approximation beside it, so sums and exports that need a
/// number still have one and every output that people read says the figure is not exact. `~` is shorthand for
/// `about`; the other words are kept as typed. The set is small on purpose: each word says which side of the
/// number the truth may lie, and an editor can read it back (docs/model.md, "Precision").
public enum Approximation: String, Codable, Sendable, CaseIterable {
    /// Either side (`~900`, "about 900").
    case about
    /// Just under ("nearly 900", "almost 900").
    case nearly, almost
    /// Above ("over 900", "more than 900").
    case over
    case moreThan = "more than"
    /// The number or above ("at least 900").
    case atLeast = "at least"
    /// The number or below ("up to 900").
    case upTo = "up to"

    /// Reads the word from a ledger file, naming the accepted words when it is not one of them.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let word = Approximation(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription:
                "invalid qualifier \(LedgerError.quote(raw)): expected one of "
                + Approximation.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        self = word
    }

    /// What a count or amount may be written as, for error messages and help.
    public static let accepted = "a number, ~N for about N, or one of about, nearly, almost, over, more than, "
        + "at least, up to before it (\"nearly 900\")"

    /// Splits `~900` or `nearly 900` into the approximation and the number's text; a plain number has none.
    /// `field` names the input in the error (`--signatures`).
    public static func split(_ raw: String, field: String) throws(LedgerError) -> (approximation: Approximation?, number: String) {
        let text = raw.trimmingSpaces
        let fail = LedgerError.invalidValue(field: field, value: raw, expected: accepted)
        if text.hasPrefix("~") {
            let number = String(text.dropFirst()).trimmingSpaces
            guard !number.isEmpty else { throw fail }
            return (.about, number)
        }
        let lowered = text.lowercased()
        // Longest words first, so "more than" is never read as an unknown word "more".
        for word in allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }) where lowered.hasPrefix(word.rawValue) {
            let rest = text.dropFirst(word.rawValue.count)
            guard rest.first == " " else { continue }
            let number = String(rest).trimmingSpaces
            guard !number.isEmpty else { throw fail }
            return (word, number)
        }
        // Anything else is the number's parser's to judge, in its own words (`$5`: "an amount like 1200…").
        return (nil, text)
    }

    /// Parses a count of people or things (`900`, `1,200`, `~900`, `nearly 900`): 0 or more.
    public static func count(_ raw: String, field: String) throws(LedgerError) -> (value: Int64, approximation: Approximation?) {
        let (approximation, number) = try split(raw, field: field)
        let groups = number.split(separator: ",", omittingEmptySubsequences: false)
        let grouped = groups.count == 1
            || ((1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 })
        let digits = groups.joined()
        guard grouped, !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw .invalidValue(field: field, value: raw, expected: "a whole number of 0 or more, or " + accepted)
        }
        guard let value = Int64(digits) else {
            throw .invalidValue(field: field, value: raw, expected: "a count within 9,223,372,036,854,775,807")
        }
        return (value, approximation)
    }

    /// Parses an amount into cents (`1,200,000`, `~1,200,000`, `about 1.2`) to `Money.parseCents`'s rules.
    public static func cents(_ raw: String, field: String, allowNegative: Bool) throws(LedgerError)
        -> (cents: Int64, approximation: Approximation?)
    {
        let (approximation, number) = try split(raw, field: field)
        do {
            return (try Money.parseCents(number, field: field, allowNegative: allowNegative), approximation)
        } catch {
            // Name what was typed, qualifier and all.
            if case .invalidValue(_, _, let expected) = error {
                throw .invalidValue(field: field, value: raw, expected: expected)
            }
            throw error
        }
    }

    /// The figure as people read it: `900`, `about 900`, `nearly $1,200,000.00`.
    public static func text(_ number: String, _ approximation: Approximation?) -> String {
        approximation.map { "\($0.rawValue) \(number)" } ?? number
    }

    /// A count with its approximation and thousands separators, as people read it: `about 900`, `1,200`.
    public static func text(count: Int64, _ approximation: Approximation?) -> String {
        var digits = String(count.magnitude), grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return text((count < 0 ? "-" : "") + digits + grouped, approximation)
    }
}
