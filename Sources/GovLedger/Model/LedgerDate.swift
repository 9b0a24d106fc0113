/// A date as a reporter knows it: a year, a month, a day, a whole administration's term, or a range of those.
///
/// The text is kept exactly (canonicalised) so that precision is never lost; `first` and `last` are the
/// inclusive days it covers, which is what filters, sorting and administration derivation use.
public struct LedgerDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// How precisely the date is known.
    public enum Precision: String, Codable, Sendable {
        case year, month, day
        /// A whole administration's term, written as its slug (`obama`).
        case term
        /// A range `A..B` of any of the above.
        case range
    }

    /// Canonical text: `2025`, `2025-08`, `2025-08-26`, `obama`, `trump`, `2025-08..2025-10`, `..2025-08-26`,
    /// `2025-01-20..`.
    public let text: String
    /// First day covered, `YYYY-MM-DD`; `1000-01-01` (the calendar's first day) for a range open at its start.
    public let first: String
    /// Last day covered, inclusive, `YYYY-MM-DD`; `9999-12-31` for a range open at its end.
    ///
    /// An open end runs to the edge of the calendar rather than to today, so a stored date never goes stale:
    /// filters treat it as "may be any day that side" (it overlaps every later `--since`), it sorts by its first
    /// day like any range, and its administration is one term only when the known end lies in the term still
    /// open (`2025-01-20..` is trump-2; `..2025-08-26` straddles every term before it and is ambiguous).
    public let last: String
    /// How precisely the date is known.
    public let precision: Precision

    /// What the parser accepts, for error messages and help.
    public static let accepted =
        "YYYY, YYYY-MM, YYYY-MM-DD, an administration (obama, trump), a range A..B, or an open range ..B or A.."

    /// Parses a date; `field` names the input in the error (e.g. `--on`).
    public init(parsing raw: String, field: String) throws(LedgerError) {
        let text = raw.trimmingSpaces
        if let range = text.range(of: "..") {
            let lowerText = String(text[..<range.lowerBound]), upperText = String(text[range.upperBound...])
            // `..` alone says nothing; `...2025` and `2025..` followed by more dots are typos, not open ranges.
            guard !(lowerText.isEmpty && upperText.isEmpty) else {
                throw .invalidValue(field: field, value: raw, expected: "at least one end: ..B, A.. or A..B")
            }
            let lower = lowerText.isEmpty ? nil : try LedgerDate(single: lowerText, raw: raw, field: field)
            let upper = upperText.isEmpty ? nil : try LedgerDate(single: upperText, raw: raw, field: field)
            let first = lower?.first ?? CalendarDay.minimum.iso, last = upper?.last ?? CalendarDay.maximum.iso
            guard first <= last else {
                throw .invalidValue(field: field, value: raw, expected: "a range whose start is not after its end")
            }
            self.init(text: (lower?.text ?? "") + ".." + (upper?.text ?? ""), first: first, last: last,
                      precision: .range)
        } else {
            self = try LedgerDate(single: text, raw: raw, field: field)
        }
    }

    /// True for a range open at its start (`..2025-08-26`: on or before).
    public var isOpenStart: Bool { text.hasPrefix("..") }

    /// True for a range open at its end (`2025-01-20..`: on or after).
    public var isOpenEnd: Bool { text.hasSuffix("..") }

    /// Parses an exact day, `YYYY-MM-DD`.
    public init(day: CalendarDay) {
        self.init(text: day.iso, first: day.iso, last: day.iso, precision: .day)
    }

    /// A day already checked to be a valid `YYYY-MM-DD` (`LedgerDate.stored`).
    init(validatedDay text: String) {
        self.init(text: text, first: text, last: text, precision: .day)
    }

    private init(text: String, first: String, last: String, precision: Precision) {
        self.text = text
        self.first = first
        self.last = last
        self.precision = precision
    }

    private init(single text: String, raw: String, field: String) throws(LedgerError) {
        if let administration = Administration.named(text) {
            self.init(text: administration.slug, first: administration.startsOn, last: administration.lastDay,
                      precision: .term)
            return
        }
        // A president of several terms (`trump`): the days from the first term's start to the last one's end,
        // whose administration is "one of those terms" (see `administration`).
        if let set = AdministrationSet.named(text), let earliest = set.terms.first, let latest = set.terms.last {
            self.init(text: set.slug, first: earliest.startsOn, last: latest.lastDay, precision: .term)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let fail = LedgerError.invalidValue(field: field, value: raw, expected: LedgerDate.accepted)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = CalendarDay.digits(parts[0]), year >= 1000
        else { throw fail }
        switch parts.count {
        case 1:
            self.init(text: text, first: "\(year)-01-01", last: "\(year)-12-31", precision: .year)
        case 2:
            guard parts[1].count == 2, let month = CalendarDay.digits(parts[1]), (1...12).contains(month) else {
                throw fail
            }
            let days = CalendarDay.daysIn(month: month, year: year)
            let prefix = "\(year)-" + padded(month, 2)
            self.init(text: text, first: prefix + "-01", last: prefix + "-" + padded(days, 2), precision: .month)
        default:
            guard let day = CalendarDay(iso: text) else {
                if parts[1].count == 2, parts[2].count == 2, let m = CalendarDay.digits(parts[1]), (1...12).contains(m),
                    CalendarDay.digits(parts[2]) != nil
                {
                    throw .invalidValue(field: field, value: raw, expected: "a day that exists in \(text.prefix(7))")
                }
                throw fail
            }
            self.init(day: day)
        }
    }

    /// The administration this date falls in, derived from the days it covers.
    ///
    /// A president's set of terms (`trump`) is ambiguous between exactly those terms, not the ones between them.
    public var administration: AdministrationMatch {
        if precision == .term, Administration.named(text) == nil, let set = AdministrationSet.named(text) {
            return .ambiguous(set.terms)
        }
        return AdministrationMatch(first: first, last: last)
    }

    /// The administration as people read it: the slug, or "ambiguous" with the terms it may be when the date names
    /// a president of several terms (`ambiguous: trump-1 or trump-2`); nil before the first term the ledger knows.
    public var administrationText: String? {
        if precision == .term, Administration.named(text) == nil, let set = AdministrationSet.named(text) {
            return "ambiguous: " + set.terms.map(\.slug).joined(separator: " or ")
        }
        return administration.label
    }

    public var description: String { text }

    /// Dates sort by the range they cover: first day, then last day.
    public static func < (a: LedgerDate, b: LedgerDate) -> Bool {
        (a.first, a.last) < (b.first, b.last)
    }
}

extension LedgerDate: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try LedgerDate(parsing: text, field: "date")
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        // Most values have nothing to trim: answer those without a copy or a walk over Characters (an import
        // trims every field of every row).
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = utf8.first, let last = utf8.last else { return self }
        if !isSpace(first) && !isSpace(last) { return self }
        var scalars = Substring(self)
        while let c = scalars.first, c == " " || c == "\t" || c == "\n" || c == "\r" { scalars.removeFirst() }
        while let c = scalars.last, c == " " || c == "\t" || c == "\n" || c == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}
