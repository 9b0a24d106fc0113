import Foundation
import Testing
@testable import GovLedger

/// A date as written and what it must parse to.
struct DateCase: Sendable, CustomTestStringConvertible {
    let input: String
    let text: String
    let first: String
    let last: String
    let precision: LedgerDate.Precision
    var testDescription: String { "'\(input)'" }

    init(_ input: String, _ first: String, _ last: String, _ precision: LedgerDate.Precision) {
        self.init(input, text: input, first, last, precision)
    }

    init(_ input: String, text: String, _ first: String, _ last: String, _ precision: LedgerDate.Precision) {
        self.input = input
        self.text = text
        self.first = first
        self.last = last
        self.precision = precision
    }
}

@Suite("LedgerDate")
struct DateTests {
    static let accepted: [DateCase] = [
        // Years: the whole calendar year.
        DateCase("2025", "2025-01-01", "2025-12-31", .year),
        DateCase("1000", "1000-01-01", "1000-12-31", .year),
        // Months: first to last day, leap years included.
        DateCase("2025-08", "2025-08-01", "2025-08-31", .month),
        DateCase("2025-04", "2025-04-01", "2025-04-30", .month),
        DateCase("2025-02", "2025-02-01", "2025-02-28", .month),
        DateCase("2024-02", "2024-02-01", "2024-02-29", .month),
        DateCase("2000-02", "2000-02-01", "2000-02-29", .month),
        DateCase("1900-02", "1900-02-01", "1900-02-28", .month),
        DateCase("2025-12", "2025-12-01", "2025-12-31", .month),
        // Days.
        DateCase("2025-08-26", "2025-08-26", "2025-08-26", .day),
        DateCase("2024-02-29", "2024-02-29", "2024-02-29", .day),
        DateCase("2000-02-29", "2000-02-29", "2000-02-29", .day),
        DateCase("2025-12-31", "2025-12-31", "2025-12-31", .day),
        DateCase(" 2025-08-26\n", text: "2025-08-26", "2025-08-26", "2025-08-26", .day),
        // Administrations: the whole term; the slug is canonicalised.
        DateCase("obama", "2009-01-20", "2017-01-19", .term),
        DateCase("OBAMA", text: "obama", "2009-01-20", "2017-01-19", .term),
        DateCase("clinton", "1993-01-20", "2001-01-19", .term),
        DateCase("trump-1", "2017-01-20", "2021-01-19", .term),
        DateCase("biden", "2021-01-20", "2025-01-19", .term),
        DateCase("trump-2", "2025-01-20", "9999-12-31", .term),
        // Ranges: from the first day of A to the last day of B.
        DateCase("2025-08..2025-10", "2025-08-01", "2025-10-31", .range),
        DateCase("2025-01-20..2025-10", "2025-01-20", "2025-10-31", .range),
        DateCase("2009-01-20..2017-01-19", "2009-01-20", "2017-01-19", .range),
        DateCase("2025-08-26..2025-08-26", "2025-08-26", "2025-08-26", .range),
        DateCase("obama..biden", "2009-01-20", "2025-01-19", .range),
        DateCase("2024..2026", "2024-01-01", "2026-12-31", .range),
        // Open ranges: on or before B (from the calendar's first day), on or after A (to its last); each end any
        // precision, the open end kept in the text.
        DateCase("..2025-08-26", "1000-01-01", "2025-08-26", .range),
        DateCase("2025-01-20..", "2025-01-20", "9999-12-31", .range),
        DateCase("..2025", "1000-01-01", "2025-12-31", .range),
        DateCase("..2025-08", "1000-01-01", "2025-08-31", .range),
        DateCase("2025-08..", "2025-08-01", "9999-12-31", .range),
        DateCase("2024..", "2024-01-01", "9999-12-31", .range),
        DateCase("..obama", "1000-01-01", "2017-01-19", .range),
        DateCase("trump-2..", "2025-01-20", "9999-12-31", .range),
        DateCase("Biden..", text: "biden..", "2021-01-20", "9999-12-31", .range),
        DateCase(" ..2025-08-26\n", text: "..2025-08-26", "1000-01-01", "2025-08-26", .range),
        DateCase("..1000-01-01", "1000-01-01", "1000-01-01", .range),
        // A president of several terms: from the first term's start to the last one's end.
        DateCase("trump", "2017-01-20", "9999-12-31", .term),
        DateCase("Trump", text: "trump", "2017-01-20", "9999-12-31", .term),
    ]

    @Test("accepted forms give the right days and precision", arguments: accepted)
    func parses(_ c: DateCase) throws {
        let parsed = try LedgerDate(parsing: c.input, field: "--on")
        #expect(parsed.text == c.text)
        #expect(parsed.first == c.first)
        #expect(parsed.last == c.last)
        #expect(parsed.precision == c.precision)
        #expect(parsed.description == c.text)
        // The canonical text parses back to the same date.
        #expect(try LedgerDate(parsing: parsed.text, field: "--on") == parsed)
    }

    static let rejected = [
        "2025-02-29", "2025-02-30", "2023-02-29", "1900-02-29", "2025-04-31", "2025-08-32", "2025-08-00",
        "2025-13", "2025-00", "2025-13-01", "25-08-26", "2025-8", "2025-08-5", "20255", "0999", "+2025", "-2025",
        "yesterday", "today", "", "   ", "2025/08/26", "2025-08-26T10:00", "2025...2026",
        // Open ranges need one whole end and exactly two dots.
        "..", " .. ", "2025-..", "...2025", "2025...", "..2025..", "2025-08-26...", "..2025-02-30", "...", ".2025",
        "2025.", "..0999", "trump-3..", "trum", "trump-", "bush-1", "~2025",
        "2025-10..2025-08", "2017-01-20..2017-01-19", "biden..obama", "trump-3", "obama-2", "２０２５",
    ]

    @Test("malformed and impossible dates are rejected, naming the field and value", arguments: rejected)
    func rejects(_ input: String) throws {
        let error = try #require(throws: LedgerError.self) { try LedgerDate(parsing: input, field: "--on") }
        guard case .invalidValue(let field, let value, _) = error else {
            Issue.record("expected invalidValue, got \(error)")
            return
        }
        #expect(field == "--on")
        #expect(value == input)
        #expect(error.description.contains("--on"))
        #expect(error.description.contains(LedgerError.quote(input)))
        #expect(error.exitCode == 3)
    }

    @Test("an impossible day says which month it is not in")
    func impossibleDayMessage() throws {
        let error = try #require(throws: LedgerError.self) { try LedgerDate(parsing: "2025-02-30", field: "--on") }
        #expect(error == .invalidValue(field: "--on", value: "2025-02-30", expected: "a day that exists in 2025-02"))
        #expect(error.description == "invalid --on '2025-02-30': expected a day that exists in 2025-02")
    }

    @Test("a reversed range is rejected as such")
    func reversedRangeMessage() throws {
        let error = try #require(throws: LedgerError.self) { try LedgerDate(parsing: "2025-10..2025-08", field: "date") }
        #expect(error == .invalidValue(field: "date", value: "2025-10..2025-08",
                                       expected: "a range whose start is not after its end"))
    }

    @Test("a malformed date lists the accepted forms")
    func malformedMessage() throws {
        let error = try #require(throws: LedgerError.self) { try LedgerDate(parsing: "yesterday", field: "--since") }
        #expect(error == .invalidValue(field: "--since", value: "yesterday", expected: LedgerDate.accepted))
        #expect(error.description == "invalid --since 'yesterday': expected " + LedgerDate.accepted)
    }

    @Test("dates sort by the first day they cover, then the last")
    func ordering() throws {
        let dates = try ["2025-08-26", "2025", "2024", "2025-01", "obama", "2025-01-01"].map(date)
        #expect(dates.sorted().map(\.text) == ["obama", "2024", "2025-01-01", "2025-01", "2025", "2025-08-26"])
    }

    @Test("open ranges sort by the first day they cover: on-or-before first, on-or-after by its start")
    func openOrdering() throws {
        let dates = try ["2025-08-26", "2025-01-20..", "..2025-08-26", "2025", "..2024"].map(date)
        #expect(dates.sorted().map(\.text) == ["..2024", "..2025-08-26", "2025", "2025-01-20..", "2025-08-26"])
        #expect(try date("..2025-08-26").isOpenStart && !date("..2025-08-26").isOpenEnd)
        #expect(try date("2025-01-20..").isOpenEnd && !date("2025-01-20..").isOpenStart)
        #expect(try !date("2025..2026").isOpenStart && !date("2025..2026").isOpenEnd)
    }

    @Test("`..` alone names what is missing")
    func bareDotsMessage() throws {
        let error = try #require(throws: LedgerError.self) { try LedgerDate(parsing: "..", field: "--on") }
        #expect(error.description == "invalid --on '..': expected at least one end: ..B, A.. or A..B")
    }

    @Test("a date encodes as its text and decodes only when valid")
    func codable() throws {
        let encoded = try JSONEncoder().encode([try date("2025-01-20..2025-10")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2025-01-20..2025-10"]"#)
        #expect(try JSONDecoder().decode([LedgerDate].self, from: encoded) == [try date("2025-01-20..2025-10")])
        let open = try JSONEncoder().encode([try date("..2025-08-26"), try date("2025-01-20.."), try date("trump")])
        #expect(String(decoding: open, as: UTF8.self) == #"["..2025-08-26","2025-01-20..","trump"]"#)
        #expect(try JSONDecoder().decode([LedgerDate].self, from: open).map(\.text) == ["..2025-08-26", "2025-01-20..", "trump"])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LedgerDate].self, from: Data(#"["2025-02-30"]"#.utf8)) }
    }

    @Test("calendar days parse strictly and step back across months and years")
    func calendarDays() throws {
        #expect(CalendarDay(iso: "2024-02-29")?.iso == "2024-02-29")
        #expect(CalendarDay(iso: "2025-02-29") == nil)
        #expect(CalendarDay(iso: "2025-2-01") == nil)
        #expect(CalendarDay(iso: "0999-01-01") == nil)
        #expect(CalendarDay(iso: "2025-03-01")?.previous.iso == "2025-02-28")
        #expect(CalendarDay(iso: "2024-03-01")?.previous.iso == "2024-02-29")
        #expect(CalendarDay(iso: "2025-01-01")?.previous.iso == "2024-12-31")
        #expect(CalendarDay(iso: "2025-05-01")?.previous.iso == "2025-04-30")
    }
}

@Suite("LedgerError messages")
struct ErrorMessageTests {
    @Test("values are quoted on one line: control characters escaped, long values shortened")
    func quoting() {
        #expect(LedgerError.quote("plain") == "'plain'")
        #expect(LedgerError.quote("it's") == #"'it\'s'"#)
        #expect(LedgerError.quote("a\nb\tc\u{7}") == #"'a\nb\tc\u{7}'"#)
        let long = String(repeating: "x", count: 100)
        #expect(LedgerError.quote(long) == "'" + String(repeating: "x", count: 80) + "…' (100 characters)")
    }

    @Test("each kind of error has its exit status")
    func exitCodes() {
        #expect(LedgerError.invalidValue(field: "f", value: "v", expected: "e").exitCode == 3)
        #expect(LedgerError.unknownReference(field: "f", value: "v", suggestions: []).exitCode == 4)
        #expect(LedgerError.ambiguousReference(field: "f", value: "v", candidates: []).exitCode == 4)
        #expect(LedgerError.ledger(path: "p", problem: "x").exitCode == 5)
        #expect(LedgerError.inputFile(path: "p", row: 2, problem: "x").exitCode == 6)
        #expect(LedgerError.inputFile(path: "p", row: 2, problem: "x").description == "'p' row 2: x")
        #expect(LedgerError.unknownReference(field: "vendor", value: "Acme", suggestions: ["Acme Corp"]).description
            == "unknown vendor 'Acme'; did you mean 'Acme Corp'?")
    }
}
