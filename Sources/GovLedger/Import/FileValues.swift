/// What an import normalised in a file, reported in its summary line: files as people have them (resaved by
/// Excel, trimmed with pandas) are read when what they mean is unambiguous, and the reader is told how.
///
/// Each kind of normalisation is counted once per value, with the first value it was applied to as an example.
public struct Normalisations: Sendable, Equatable, Encodable {
    /// One kind of normalisation: what was done, an example (`3/22/21 → 2021-03-22`) and how many values.
    public struct Note: Sendable, Equatable, Encodable {
        public var what: String
        public var example: String
        public var values: Int
    }

    public private(set) var notes: [Note] = []

    /// How many values were normalised so far, of every kind.
    var count: Int { notes.reduce(0) { $0 + $1.values } }

    /// Counts one value normalised as `what`; `example` is evaluated only for the first.
    mutating func note(_ what: String, _ example: @autoclosure () -> String) {
        if let index = notes.firstIndex(where: { $0.what == what }) {
            notes[index].values += 1
        } else {
            notes.append(Note(what: what, example: example(), values: 1))
        }
    }

    /// `; normalised: dates read as M/D/YY … (720 values, e.g. 3/22/21 → 2021-03-22)`, or empty when nothing was.
    var line: String {
        guard !notes.isEmpty else { return "" }
        return "; normalised: " + notes.map { "\($0.what) (\($0.values) value\($0.values == 1 ? "" : "s"), e.g. \($0.example))" }
            .joined(separator: "; ")
    }
}

/// The rules for values read from an imported file, shared by every importer: dates, amounts and agency codes
/// as the public record writes them, and as spreadsheets and data frames rewrite them. `docs/importing.md`
/// states each rule; change the two together.
enum FileValues {
    // MARK: Dates

    /// The day a file's date names: `2025-08-26`, the same with a time and zone (`2025-08-26T10:30:00-04:00`,
    /// `2025-08-26 10:30:00.000-04`, `…Z`: the day as written, no time-zone conversion), or a spreadsheet's
    /// `M/D/YYYY` and `M/D/YY` (US order, optionally followed by a time; two-digit years 00–49 are 2000–2049,
    /// 50–99 are 1950–1999). Anything else is refused: `2025-08-261234`, a day-first `26/8/2025`, `2025-02-30`.
    static func day(_ raw: String, field: String, notes: inout Normalisations) throws(LedgerError) -> LedgerDate {
        let text = raw.trimmingSpaces
        let bytes = Array(text.utf8)
        if let day = bytes.withUnsafeBufferPointer({ isoDay($0) }) { return day }
        if let (day, twoDigitYear) = slashDay(bytes, raw: raw, field: field) {
            if case .failure(let error) = day { throw error }
            let value = try day.get()
            notes.note(twoDigitYear ? "dates read as M/D/YY, a spreadsheet resave (00–49 → 20xx, 50–99 → 19xx)"
                                    : "dates read as M/D/YYYY, a spreadsheet resave", "\(text) → \(value.text)")
            return value
        }
        throw .invalidValue(field: field, value: raw,
                            expected: "a date like 2025-08-26, 2025-08-26T10:30:00-04:00 or 8/26/2025")
    }

    /// A `YYYY-MM-DD` day, alone or followed by a time (`T` or a space, `HH:MM`, optional `:SS`, fraction and zone
    /// `Z`, `±HH`, `±HHMM` or `±HH:MM`), read from its bytes; nil for anything else.
    static func isoDay(_ field: UnsafeBufferPointer<UInt8>) -> LedgerDate? {
        guard let (year, month, day) = dayParts(field) else { return nil }
        if field.count > 10 {
            guard field[10] == 0x54 || field[10] == 0x20, isTime(field, from: 11) else { return nil }
        }
        return LedgerDate(day: CalendarDay(year: year, month: month, day: day))
    }

    /// Whether `field` is exactly a valid `YYYY-MM-DD` day (a stored date column), without making a date of it.
    static func isPlainDay(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.count == 10 && dayParts(field) != nil
    }

    /// The year, month and day of the `YYYY-MM-DD` that `field` starts with, when that day exists.
    private static func dayParts(_ field: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard field.count >= 10, field[4] == 0x2D, field[7] == 0x2D else { return nil }
        guard let year = number(field, 0..<4), year >= 1000, let month = number(field, 5..<7), (1...12).contains(month),
            let day = number(field, 8..<10), day >= 1, day <= CalendarDay.daysIn(month: month, year: year)
        else { return nil }
        return (year, month, day)
    }

    private static func number(_ field: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let byte = field[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `HH:MM[:SS[.fff…]][Z|±HH[[:]MM]]` from `start` to the end of `field`.
    private static func isTime(_ field: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        func two(_ limit: Int) -> Bool {
            guard index + 2 <= field.count, let value = number(field, index..<index + 2), value <= limit else { return false }
            index += 2
            return true
        }
        guard two(23), index < field.count, field[index] == 0x3A, { index += 1; return two(59) }() else { return false }
        if index < field.count, field[index] == 0x3A {
            index += 1
            guard two(60) else { return false }
            if index < field.count, field[index] == 0x2E {
                index += 1
                let digits = index
                while index < field.count, field[index] >= 0x30, field[index] <= 0x39 { index += 1 }
                guard index > digits else { return false }
            }
        }
        if index == field.count { return true }
        if field[index] == 0x5A { return index + 1 == field.count }  // Z
        guard field[index] == 0x2B || field[index] == 0x2D else { return false }
        index += 1
        guard two(23) else { return false }
        if index == field.count { return true }
        if field[index] == 0x3A { index += 1 }
        return two(59) && index == field.count
    }

    /// `M/D/YYYY` or `M/D/YY`, optionally followed by a space and a time (`0:00`, `10:30:00`, `10:30 AM`); nil when
    /// the text is not of that shape at all, else the day (or why it is refused) and whether the year had two digits.
    private static func slashDay(_ bytes: [UInt8], raw: String, field: String)
        -> (Result<LedgerDate, LedgerError>, Bool)?
    {
        var end = bytes.count
        if let space = bytes.firstIndex(of: 0x20) {
            let time = bytes[(space + 1)...]
            guard !time.isEmpty, time.allSatisfy({ ($0 >= 0x30 && $0 <= 0x3A) || $0 == 0x20 || $0 == 0x2E
                || $0 == 0x41 || $0 == 0x50 || $0 == 0x4D || $0 == 0x61 || $0 == 0x70 || $0 == 0x6D })
            else { return nil }
            end = space
        }
        let parts = bytes[0..<end].split(separator: 0x2F, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
            (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), [2, 4].contains(parts[2].count)
        else { return nil }
        func value(_ part: ArraySlice<UInt8>) -> Int { part.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        let (month, day, written) = (value(parts[0]), value(parts[1]), value(parts[2]))
        let twoDigits = parts[2].count == 2
        let year = twoDigits ? (written < 50 ? 2000 + written : 1900 + written) : written
        guard (1...12).contains(month) else {
            let expected = day <= 12
                ? "a month first, as US downloads write dates (8/26/2025); this looks day-first: resave the file with dates as YYYY-MM-DD"
                : "a date like 8/26/2025 (month/day/year)"
            return (.failure(.invalidValue(field: field, value: raw, expected: expected)), twoDigits)
        }
        guard year >= 1000, day >= 1, day <= CalendarDay.daysIn(month: month, year: year) else {
            return (.failure(.invalidValue(field: field, value: raw, expected: "a real day (month/day/year)")), twoDigits)
        }
        return (.success(LedgerDate(day: CalendarDay(year: year, month: month, day: day))), twoDigits)
    }

    // MARK: Amounts

    /// The cents of a plain amount (`-1234.5`, `1234.56`, `1234`, at most 15 digits before the point, no commas),
    /// read from its bytes; nil for anything else, which `cents` then reads or refuses. It never overflows: it
    /// gives up after 15 digits, before the value could.
    static func fastCents(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let count = field.count
        var negative = false
        if index < count, field[index] == 0x2D {
            negative = true
            index += 1
        }
        var value: Int64 = 0
        var digits = 0
        while index < count, field[index] >= 0x30, field[index] <= 0x39 {
            digits += 1
            guard digits <= 15 else { return nil }
            value = value * 10 + Int64(field[index] - 0x30)
            index += 1
        }
        guard digits > 0 else { return nil }
        var decimals = 0
        if index < count, field[index] == 0x2E {
            index += 1
            while index < count, field[index] >= 0x30, field[index] <= 0x39, decimals < 3 {
                value = value * 10 + Int64(field[index] - 0x30)
                decimals += 1
                index += 1
            }
            guard decimals == 1 || decimals == 2 else { return nil }
        }
        guard index == count else { return nil }
        for _ in decimals..<2 { value *= 10 }
        return negative ? -value : value
    }

    /// An amount as files write it: `1234.56`, `1234`, `1,234.56`, and a spreadsheet's `$1,234.56`, `-$1,234.56`,
    /// `$-1,234.56` or `($1,234.56)` (negative). At most two decimals; beyond 64-bit cents is refused.
    static func cents(_ raw: String, field: String, allowNegative: Bool = true, notes: inout Normalisations)
        throws(LedgerError) -> Int64
    {
        var text = Substring(raw.trimmingSpaces)
        var negative = false
        var formatted = false
        if text.first == "(", text.last == ")" {
            negative = true
            formatted = true
            text = text.dropFirst().dropLast()
        }
        if text.first == "-" {
            negative = !negative
            text = text.dropFirst()
        }
        if text.first == "$" {
            formatted = true
            text = text.dropFirst()
            if text.first == "-", !negative {
                negative = true
                text = text.dropFirst()
            }
        }
        formatted = formatted || text.contains(",")
        let magnitude: Int64
        do {
            magnitude = try Money.parseCents(String(text), field: field, allowNegative: false)
        } catch {
            if case .invalidValue(_, _, let expected) = error, expected.hasPrefix("an amount within") {
                throw .invalidValue(field: field, value: raw, expected: expected)
            }
            throw .invalidValue(field: field, value: raw,
                                expected: "an amount like 1234.56, 1,234.56 or $1,234.56 (at most 2 decimals)")
        }
        guard !negative || allowNegative else {
            throw .invalidValue(field: field, value: raw, expected: "an amount that is not negative")
        }
        if formatted { notes.note("amounts read with $, commas or parentheses", "\(raw.trimmingSpaces) → \(negative ? -magnitude : magnitude) cents") }
        return negative ? -magnitude : magnitude
    }

    // MARK: Codes

    /// A toptier agency code: a 3-digit CGAC or a 4-digit FREC.
    enum Toptier: Equatable {
        case cgac(String)
        case frec(String)

        var code: String {
            switch self {
            case .cgac(let code), .frec(let code): code
            }
        }
    }

    /// Digits written as a number by a data frame (`97.0`, `7012.0`) without the `.0`; nil when not digits.
    private static func digits(_ text: String) -> (digits: String, float: Bool)? {
        var text = Substring(text)
        var float = false
        if let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) {
            text = text[..<dot]
            float = true
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return (String(text), float)
    }

    /// A toptier agency code: `070` (CGAC), `1100` (FREC); `70` and `70.0` (leading zeros lost to a spreadsheet
    /// or written as a float by pandas) are CGAC `070`. A 3-digit code is always a CGAC, never a FREC missing its
    /// leading zero. Letters, or more than 4 digits, are refused.
    static func toptier(_ raw: String?, field: String, notes: inout Normalisations) throws(LedgerError) -> Toptier? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        guard let (digits, float) = digits(text), digits.count <= 4 else {
            throw .invalidValue(field: field, value: text, expected: "a 3-digit CGAC or 4-digit FREC agency code (070, 1100)")
        }
        let code = digits.count < 3 ? String(repeating: "0", count: 3 - digits.count) + digits : digits
        if float { notes.note("codes written as numbers", "\(text) → \(code)") }
        else if code != digits { notes.note("codes padded with their lost leading zeros", "\(text) → \(code)") }
        return code.count == 3 ? .cgac(code) : .frec(code)
    }

    /// A sub-tier agency code: four letters or digits (`7012`, `12C2`); all-digit codes that lost their leading
    /// zeros (`559`, `559.0`) are padded (`0559`).
    static func subtier(_ raw: String?, field: String, notes: inout Normalisations) throws(LedgerError) -> String? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        if let (digits, float) = digits(text), digits.count <= 4 {
            let code = String(repeating: "0", count: 4 - digits.count) + digits
            if float { notes.note("codes written as numbers", "\(text) → \(code)") }
            else if code != digits { notes.note("codes padded with their lost leading zeros", "\(text) → \(code)") }
            return code
        }
        let upper = text.uppercased()
        guard upper.utf8.count == 4, upper.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }) else {
            throw .invalidValue(field: field, value: text, expected: "a 4-character sub-tier agency code (7012, 12C2)")
        }
        return upper
    }

    /// A DUNS number: nine digits. One with fewer digits lost its leading zeros to a spreadsheet or pandas
    /// (`60704780` → `060704780`), one written as a float (`60704780.0`) was read as a number; both are
    /// restored and noted. Anything else (letters, ten digits or more) refuses the row.
    static func duns(_ raw: String?, field: String, notes: inout Normalisations) throws(LedgerError) -> String? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        guard let (digits, float) = digits(text), digits.count <= 9, !digits.isEmpty else {
            throw .invalidValue(field: field, value: text, expected: "a 9-digit DUNS number")
        }
        let number = String(repeating: "0", count: 9 - digits.count) + digits
        if float { notes.note("codes written as numbers", "\(text) → \(number)") }
        else if number != digits { notes.note("codes padded with their lost leading zeros", "\(text) → \(number)") }
        return number
    }

    /// An office code as the file holds it (`70CDCR`, `VOA/LN`, `00214`), in capitals: 4 to 6 printable characters,
    /// no spaces. A shorter one is refused rather than guessed: its lost leading zeros could be one or two.
    static func office(_ raw: String?, field: String) throws(LedgerError) -> String? {
        try Text.officeCode(raw, field: field)
    }

    /// The sub-tier code a USAspending award key names: `CONT_AWD_{PIID}_{sub-tier}_{parent PIID}_{parent agency}`
    /// or `CONT_IDV_{PIID}_{sub-tier}`; nil when the key is not of that shape.
    static func subtierInAwardKey(_ key: String) -> String? {
        let parts = key.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "CONT" else { return nil }
        let candidate: Substring
        switch parts[1] {
        case "AWD" where parts.count >= 6: candidate = parts[parts.count - 3]
        case "IDV": candidate = parts[parts.count - 1]
        default: return nil
        }
        guard candidate.utf8.count == 4, candidate.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) })
        else { return nil }
        return String(candidate)
    }
}
