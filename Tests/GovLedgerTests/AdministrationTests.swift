import Testing
@testable import GovLedger

/// A transfer of power on January 20: the day before belongs to the outgoing administration.
struct Transition: Sendable, CustomTestStringConvertible {
    let year: Int
    let outgoing: String
    let incoming: String
    var testDescription: String { "\(year): \(outgoing) → \(incoming)" }
}

@Suite("Administration derivation")
struct AdministrationTests {
    static let transitions = [
        Transition(year: 2001, outgoing: "clinton", incoming: "bush"),
        Transition(year: 2009, outgoing: "bush", incoming: "obama"),
        Transition(year: 2017, outgoing: "obama", incoming: "trump-1"),
        Transition(year: 2021, outgoing: "trump-1", incoming: "biden"),
        Transition(year: 2025, outgoing: "biden", incoming: "trump-2"),
    ]

    func administration(_ slug: String) throws -> Administration {
        try #require(Administration.named(slug))
    }

    @Test("January 19 is the outgoing administration's last day", arguments: transitions)
    func dayBefore(_ t: Transition) throws {
        let match = try date("\(t.year)-01-19").administration
        #expect(match == .single(try administration(t.outgoing)))
        #expect(match.label == t.outgoing)
    }

    @Test("January 20 is the incoming administration's first day", arguments: transitions)
    func inauguration(_ t: Transition) throws {
        let match = try date("\(t.year)-01-20").administration
        #expect(match == .single(try administration(t.incoming)))
        #expect(match.label == t.incoming)
        #expect(try administration(t.incoming).startsOn == "\(t.year)-01-20")
        #expect(try administration(t.outgoing).endsOn == "\(t.year)-01-20")
        #expect(try administration(t.outgoing).lastDay == "\(t.year)-01-19")
    }

    @Test("the transition's month is ambiguous", arguments: transitions)
    func transitionMonth(_ t: Transition) throws {
        let match = try date("\(t.year)-01").administration
        #expect(match == .ambiguous([try administration(t.outgoing), try administration(t.incoming)]))
        #expect(match.label == "ambiguous")
    }

    @Test("the transition's year is ambiguous", arguments: transitions)
    func transitionYear(_ t: Transition) throws {
        let match = try date("\(t.year)").administration
        #expect(match == .ambiguous([try administration(t.outgoing), try administration(t.incoming)]))
        #expect(match.label == "ambiguous")
    }

    @Test("a range across the transition is ambiguous, one ending the day before is not", arguments: transitions)
    func rangesAtTransition(_ t: Transition) throws {
        #expect(try date("\(t.year - 1)-12..\(t.year)-01-19").administration.label == t.outgoing)
        #expect(try date("\(t.year)-01-20..\(t.year)-02").administration.label == t.incoming)
        #expect(try date("\(t.year)-01-19..\(t.year)-01-20").administration.label == "ambiguous")
    }

    @Test("before the first known administration there is none")
    func beforeHistory() throws {
        let match = try date("1990").administration
        #expect(match == .none)
        #expect(match.label == nil)
        #expect(try date("1993-01-19").administration == .none)
        #expect(try date("1993-01-20").administration.label == "clinton")
    }

    @Test("a whole term, written as a range or a slug, is that administration")
    func wholeTerm() throws {
        #expect(try date("2009-01-20..2017-01-19").administration == .single(try administration("obama")))
        #expect(try date("obama").administration.label == "obama")
        #expect(try date("2009-01-20..2017-01-20").administration.label == "ambiguous")
        #expect(try date("2009-01-19..2017-01-19").administration
            == .ambiguous([try administration("bush"), try administration("obama")]))
    }

    @Test("every slug, used as a date, is its own administration", arguments: Administration.all)
    func slugsAsDates(_ administration: Administration) throws {
        #expect(try date(administration.slug).administration == .single(administration))
    }

    @Test("the current term is open-ended")
    func openTerm() throws {
        let trump2 = try administration("trump-2")
        #expect(trump2.endsOn == nil)
        #expect(trump2.lastDay == "9999-12-31")
        #expect(try date("2100-06").administration == .single(trump2))
        #expect(try date("2025-01-20..2026").administration == .single(trump2))
    }

    @Test("an open range is one administration only when its known end lies in the open term")
    func openRanges() throws {
        #expect(try date("2025-01-20..").administration == .single(try administration("trump-2")))
        #expect(try date("2025-06..").administration.label == "trump-2")
        #expect(try date("2021-01-20..").administration
            == .ambiguous([try administration("biden"), try administration("trump-2")]))
        #expect(try date("..2025-08-26").administration == .ambiguous(Administration.all))
        #expect(try date("..1993-01-19").administration == .none)
        #expect(try date("..1993-01-20").administration == .ambiguous([try administration("clinton")]))
    }

    @Test("`trump` as a date is ambiguous between exactly the two Trump terms, not Biden's between them")
    func presidentOfTwoTerms() throws {
        let trump = try date("trump")
        #expect(trump.administration == .ambiguous([try administration("trump-1"), try administration("trump-2")]))
        #expect(trump.administration.label == "ambiguous")
        #expect(trump.administrationText == "ambiguous: trump-1 or trump-2")
        #expect(try date("trump-1").administrationText == "trump-1")
        #expect(try date("2020..2021").administrationText == "ambiguous")
        #expect(AdministrationSet.named("bush")?.terms == [try administration("bush")])
        #expect(AdministrationSet.named("trump")?.name == "Trump (either term)")
        #expect(AdministrationSet.named("obama-2") == nil)
        #expect(AdministrationSet.allSlugs == ["clinton", "bush", "obama", "trump-1", "biden", "trump-2", "trump"])
    }

    @Test("--administration trump is either term")
    func filterSet() throws {
        let trump = try Filter.administration("TRUMP")
        #expect(trump.slug == "trump")
        #expect(trump.terms.map(\.slug) == ["trump-1", "trump-2"])
        #expect(try Filter.administration("trump-2").terms.map(\.slug) == ["trump-2"])
        let error = try #require(throws: LedgerError.self) { try Filter.administration("biden-2") }
        #expect(error.description.contains("trump-2, trump"))
    }

    @Test("terms are contiguous and in order")
    func contiguous() {
        for (earlier, later) in zip(Administration.all, Administration.all.dropFirst()) {
            #expect(earlier.endsOn == later.startsOn)
        }
        #expect(Administration.all.map(\.slug) == ["clinton", "bush", "obama", "trump-1", "biden", "trump-2"])
    }

    @Test("--administration accepts a slug in any case and rejects anything else")
    func filterSlug() throws {
        #expect(try Filter.administration(" Obama ").slug == "obama")
        let error = try #require(throws: LedgerError.self) { try Filter.administration("lincoln") }
        #expect(error.field == "administration")
        #expect(error.description.contains("'lincoln'"))
        #expect(error.description.contains("trump-2"))
    }
}
