import Foundation
import PropertyBased
import Testing
@testable import GovLedger

/// Properties checked on generated inputs, against oracles that do not share the code under test.
/// Property closures cannot throw: record a thrown error as an issue instead.
func attempt(_ body: () throws -> Void) {
    do { try body() } catch { Issue.record(error) }
}

@Suite("Properties")
struct PropertyTests {
    /// Foundation's Gregorian calendar says whether a day exists. It switches to Julian rules before October 1582
    /// (the ledger's calendar is proleptic Gregorian), so generated years start at 1600.
    static func exists(_ year: Int, _ month: Int, _ day: Int) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return DateComponents(calendar: calendar, year: year, month: month, day: day).isValidDate
    }

    static func iso(_ year: Int, _ month: Int, _ day: Int) -> String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    @Test("a day parses exactly when the calendar has it, keeping its precision")
    func days() async {
        await propertyCheck(count: 500, input: Gen.int(in: 1600...9999), Gen.int(in: 1...12), Gen.int(in: 1...31)) {
            year, month, day in
            attempt {
                let text = Self.iso(year, month, day)
                let parsed = try? LedgerDate(parsing: text, field: "date")
                #expect((parsed != nil) == Self.exists(year, month, day), "\(text)")
                if let parsed {
                    #expect(parsed.first == text && parsed.last == text && parsed.precision == .day && parsed.text == text)
                }
            }
        }
    }

    @Test("a month covers its first to its last day, and the day after is the next month's first")
    func months() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1600...9998), Gen.int(in: 1...12)) { year, month in
            attempt {
                let date = try #require(try? LedgerDate(parsing: String(format: "%04d-%02d", year, month), field: "date"))
                let last = try #require(CalendarDay(iso: date.last))
                #expect(date.first == Self.iso(year, month, 1))
                #expect(Self.exists(year, month, last.day) && !Self.exists(year, month, last.day + 1))
                #expect(last.adding(days: 1).day == 1)
            }
        }
    }

    @Test("a day's administration is the one whose half-open term holds it")
    func administrations() async {
        await propertyCheck(count: 500, input: Gen.int(in: 1990...2030), Gen.int(in: 1...12), Gen.int(in: 1...28)) {
            year, month, day in
            attempt {
                let text = Self.iso(year, month, day)
                let date = try #require(try? LedgerDate(parsing: text, field: "date"))
                // Oracle: Jan 20 of an inauguration year starts the new term.
                let inaugurations = [(1993, "clinton"), (2001, "bush"), (2009, "obama"), (2017, "trump-1"), (2021, "biden"),
                                     (2025, "trump-2")]
                let expected = inaugurations.last { start, _ in (year, month, day) >= (start, 1, 20) }?.1
                #expect(date.administration.label == expected, "\(text)")
            }
        }
    }

    @Test("any amount of cents survives formatting and parsing, with or without thousands separators")
    func money() async {
        await propertyCheck(count: 500, input: Gen.int64(in: -(Int64.max / 2)...(Int64.max / 2))) { cents in
            attempt {
                let formatted = Money.format(cents: cents, currency: "USD").dropFirst(4)  // "USD 1,234.56"
                let grouped = try Money.parseCents(String(formatted), field: "amount")
                let plain = try Money.parseCents(String(formatted).replacingOccurrences(of: ",", with: ""), field: "amount")
                #expect(grouped == cents && plain == cents)
            }
        }
    }

    @Test("text that is not a plain decimal amount is refused")
    func moneyRejects() async {
        await propertyCheck(count: 300, input: Gen.letterOrNumber.string(of: 1...12)) { text in
            attempt {
                guard text.contains(where: \.isLetter) else { return }
                #expect(throws: LedgerError.self) { try Money.parseCents(text, field: "amount") }
            }
        }
    }

    @Test("export json → load → export json is the identity on random ledgers")
    func roundTrip() async {
        let names = Gen.letterOrNumber.string(of: 1...12)
        await propertyCheck(count: 25, input: names, names, Gen.int(in: 1990...2030), Gen.int(in: 1...12),
                            Gen.int64(in: 0...9_999_999_999)) { vendor, title, year, month, cents in
            attempt {
                let ledger = try Ledger.inMemory()
                let source = try ledger.addSource(kind: .newsReport, title: "Source \(title)", confidential: cents % 2 == 0)
                _ = try ledger.addAgency(name: "Agency \(vendor)", acronym: "A\(year)", level: .department)
                _ = try ledger.addVendor(name: "Vendor \(vendor)", aliases: ["\(vendor) Holdings"])
                let on = try LedgerDate(parsing: String(format: "%04d-%02d", year, month), field: "date")
                let pursuit = try ledger.addPursuit(vendor: "1", agency: "A\(year)", title: "Pursuit \(title)", kind: .other,
                                                    date: on, estimatedValue: Money(cents: cents), sources: ["\(source)"])
                _ = try ledger.stage("\(pursuit)", to: .pitched, on: on, note: "note \(title)")
                _ = try ledger.addAward(vendor: "1", agency: "A\(year)", obligatedCents: cents, date: on)
                _ = try ledger.addDocument(kind: .memo, title: "Memo \(title)", date: on, pursuits: ["\(pursuit)"])
                _ = try ledger.addEvent(kind: .letter, title: "Letter \(title)", date: on, vendors: ["1"])
                let first = try ledger.exportFile(includeConfidential: true).encoded()
                let copy = try Ledger.inMemory()
                try copy.load([(path: "random.json", file: try LedgerFile.decode(first, path: "random.json"))])
                #expect(try copy.exportFile(includeConfidential: true).encoded() == first)
                #expect(try copy.verify().intact)
            }
        }
    }
}
