/// A presidential administration: a half-open range of days, its first day belonging to it.
public struct Administration: Codable, Hashable, Sendable {
    /// Short stable name used on the command line and in output: `obama`, `trump-2`.
    public let slug: String
    /// Display name: "Trump (2nd term)".
    public let name: String
    /// The president's full name.
    public let president: String
    /// First day of the term, `YYYY-MM-DD` (January 20 belongs to the incoming administration).
    public let startsOn: String
    /// The successor's first day (exclusive end), or nil while the term is open.
    public let endsOn: String?

    /// The administrations the schema seeds, oldest first. `SchemaTests` proves these equal the table's rows,
    /// so date parsing can expand a slug without a database round trip.
    public static let all: [Administration] = [
        .init(slug: "clinton", name: "Clinton", president: "Bill Clinton", startsOn: "1993-01-20", endsOn: "2001-01-20"),
        .init(slug: "bush", name: "Bush", president: "George W. Bush", startsOn: "2001-01-20", endsOn: "2009-01-20"),
        .init(slug: "obama", name: "Obama", president: "Barack Obama", startsOn: "2009-01-20", endsOn: "2017-01-20"),
        .init(slug: "trump-1", name: "Trump (1st term)", president: "Donald Trump", startsOn: "2017-01-20", endsOn: "2021-01-20"),
        .init(slug: "biden", name: "Biden", president: "Joe Biden", startsOn: "2021-01-20", endsOn: "2025-01-20"),
        .init(slug: "trump-2", name: "Trump (2nd term)", president: "Donald Trump", startsOn: "2025-01-20", endsOn: nil),
    ]

    /// The administration with this slug, if any.
    public static func named(_ slug: String) -> Administration? {
        all.first { $0.slug == slug.lowercased() }
    }

    /// The last day of the term, inclusive (`9999-12-31` while open).
    public var lastDay: String {
        guard let endsOn else { return CalendarDay.maximum.iso }
        return CalendarDay(iso: endsOn)!.previous.iso
    }

    /// True when every day from `first` to `last` (inclusive ISO days) lies within this term.
    public func contains(first: String, last: String) -> Bool {
        first >= startsOn && (endsOn.map { last < $0 } ?? true)
    }

    /// True when the days from `first` to `last` overlap this term at all.
    public func overlaps(first: String, last: String) -> Bool {
        last >= startsOn && (endsOn.map { first < $0 } ?? true)
    }
}

/// The terms a reporter names together: one term (`obama`, `trump-2`), or every term of a president who served
/// several, by the president's name alone (`trump`: trump-1 or trump-2, never the terms between them).
public struct AdministrationSet: Hashable, Sendable {
    /// What was typed, canonicalised: `trump-2`, `trump`.
    public let slug: String
    /// Display name: "Trump (2nd term)", "Trump (either term)".
    public let name: String
    /// The terms, oldest first.
    public let terms: [Administration]

    /// The set of one term.
    public init(_ term: Administration) {
        slug = term.slug
        name = term.name
        terms = [term]
    }

    private init(slug: String, name: String, terms: [Administration]) {
        self.slug = slug
        self.name = name
        self.terms = terms
    }

    /// The term with this slug, or every term of the president whose slugs start `slug-` (`trump` → trump-1,
    /// trump-2) when there are several; nil otherwise.
    public static func named(_ raw: String) -> AdministrationSet? {
        let slug = raw.lowercased()
        if let one = Administration.named(slug) { return AdministrationSet(one) }
        let terms = Administration.all.filter { $0.slug.hasPrefix(slug + "-") }
        guard terms.count > 1, Set(terms.map(\.president)).count == 1, let base = terms.first?.name else { return nil }
        let word = terms.count == 2 ? "either term" : "any term"
        return AdministrationSet(slug: slug, name: String(base.prefix { $0 != " " }) + " (\(word))", terms: terms)
    }

    /// Every name `--administration` accepts: the terms, then the presidents of several terms.
    public static var allSlugs: [String] {
        Administration.all.map(\.slug) + Set(Administration.all.compactMap { term -> String? in
            guard let dash = term.slug.lastIndex(of: "-") else { return nil }
            let base = String(term.slug[..<dash])
            return named(base) == nil ? nil : base
        }).sorted()
    }
}

/// What a dated fact's administration is, derived from the range of days its date covers.
public enum AdministrationMatch: Hashable, Sendable {
    /// The whole range lies within one term.
    case single(Administration)
    /// The range straddles a transition; we say so rather than guess.
    case ambiguous([Administration])
    /// The range lies before the first administration the ledger knows.
    case none

    /// Derives the administration of the inclusive day range `first...last`.
    public init(first: String, last: String) {
        if let one = Administration.all.first(where: { $0.contains(first: first, last: last) }) {
            self = .single(one)
        } else {
            let touched = Administration.all.filter { $0.overlaps(first: first, last: last) }
            self = touched.isEmpty ? .none : .ambiguous(touched)
        }
    }

    /// The label used in output: the slug, `ambiguous`, or nil when no administration applies.
    public var label: String? {
        switch self {
        case .single(let administration): administration.slug
        case .ambiguous: "ambiguous"
        case .none: nil
        }
    }
}
