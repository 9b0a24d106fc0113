/// A proleptic Gregorian calendar day, kept as integers so that no time zone can shift it.
public struct CalendarDay: Hashable, Comparable, Sendable {
    /// Four-digit year (1000...9999).
    public let year: Int
    /// Month, 1...12.
    public let month: Int
    /// Day of month, 1...28/29/30/31.
    public let day: Int

    static let maximum = CalendarDay(year: 9999, month: 12, day: 31)
    /// The first day the ledger can name: where a range open at its start (`..2025-08-26`) begins.
    static let minimum = CalendarDay(year: 1000, month: 1, day: 1)

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`, rejecting days the calendar does not have.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = CalendarDay.digits(parts[0]), let m = CalendarDay.digits(parts[1]),
            let d = CalendarDay.digits(parts[2]), y >= 1000, (1...12).contains(m),
            (1...CalendarDay.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// The day before this one.
    public var previous: CalendarDay {
        if day > 1 { return CalendarDay(year: year, month: month, day: day - 1) }
        if month > 1 {
            return CalendarDay(year: year, month: month - 1, day: CalendarDay.daysIn(month: month - 1, year: year))
        }
        return CalendarDay(year: year - 1, month: 12, day: 31)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

/// Zero-padded decimal digits, without Foundation's locale-dependent formatting.
func padded(_ value: Int, _ width: Int) -> String {
    let text = "\(value)"
    return String(repeating: "0", count: max(0, width - text.count)) + text
}
