import GRDB

/// What a `list` or `report` is limited to. Every field is optional; references are resolved by the ledger.
public struct Filter: Sendable, Hashable {
    /// A vendor reference; its subsidiaries are included. Words that name no vendor exactly take the one family
    /// they pick out (`Palantir`: Palantir Technologies and Palantir USG).
    public var vendor: String?
    /// An agency reference; its sub-agencies and offices are included.
    public var agency: String?
    /// Only facts whose whole date range lies in this administration, or in one of its terms for a president of
    /// several (`trump`; a fact dated `trump` itself is in too). Ambiguous dates are left out.
    public var administration: AdministrationSet?
    /// Pursuits in this stage.
    public var stage: Stage?
    /// Records of this kind (pursuit, document, event, source or solicitation kinds).
    public var kind: String?
    /// Facts whose date range reaches this date or later.
    public var since: LedgerDate?
    /// Facts whose date range starts on or before this date.
    public var until: LedgerDate?
    /// Retracted records too (`--include-retracted`), marked; otherwise only records that stand.
    public var includeRetracted: Bool
    /// Only records tagged with every one of these words (`govledger tag`).
    public var tags: [String] = []

    /// Creates a filter.
    public init(vendor: String? = nil, agency: String? = nil, administration: AdministrationSet? = nil,
                stage: Stage? = nil, kind: String? = nil, since: LedgerDate? = nil, until: LedgerDate? = nil,
                includeRetracted: Bool = false) {
        self.vendor = vendor
        self.agency = agency
        self.administration = administration
        self.stage = stage
        self.kind = kind
        self.since = since
        self.until = until
        self.includeRetracted = includeRetracted
    }

    /// Parses an administration slug for `--administration`.
    public static func administration(_ raw: String) throws(LedgerError) -> AdministrationSet {
        guard let administration = AdministrationSet.named(raw.trimmingSpaces) else {
            throw .invalidValue(field: "administration", value: raw,
                                expected: "one of " + AdministrationSet.allSlugs.joined(separator: ", "))
        }
        return administration
    }
}

/// A filter with its references resolved to sets of ids, ready to become SQL.
struct ResolvedFilter {
    var vendorIds: [Int64]?
    var agencyIds: [Int64]?
    var filter: Filter

    init(_ filter: Filter, in db: Database) throws {
        self.filter = filter
        vendorIds = try filter.vendor.map { try Ledger.vendorFilterIds($0, in: db) }
        agencyIds = try filter.agency.map { try Ledger.agencySubtree(Ledger.agencyId($0, in: db), in: db) }
    }

    /// Keeps only the records of `alias` that stand (not retracted), unless the filter includes retracted ones:
    /// the one place every listing, report and total leaves retracted records out.
    func addStanding(to conditions: inout Conditions, _ alias: String) {
        if !filter.includeRetracted { conditions.add("\(alias).retraction IS NULL") }
    }

    /// Keeps only records of `kind` tagged with every word of the filter's `tags`.
    func addTags(to conditions: inout Conditions, _ alias: String, _ kind: RecordKind) throws {
        for word in filter.tags {
            conditions.add("\(alias).id IN (SELECT record_id FROM tags WHERE record_kind = ? AND word = ?)", kind.rawValue,
                           try Ledger.tagWord(word, field: "--tag"))
        }
    }

    /// Adds conditions on a date column triple `X`, `X_from`, `X_to` of `alias`.
    func addDateConditions(to conditions: inout Conditions, _ alias: String, _ column: String = "date") {
        if let since = filter.since { conditions.add("\(alias).\(column)_to >= ?", since.first) }
        if let until = filter.until { conditions.add("\(alias).\(column)_from <= ?", until.last) }
        if let administration = filter.administration {
            var either = administration.terms.map { term in
                "(\(alias).\(column)_from >= '\(term.startsOn)'" + (term.endsOn.map { " AND \(alias).\(column)_to < '\($0)'" } ?? "") + ")"
            }
            // A fact dated with the president's name itself lies in one of the terms, whichever it was.
            if administration.terms.count > 1 { either.append("\(alias).\(column) = '\(administration.slug)'") }
            // The terms' days are the schema's reference rows, never user input, so they are spelled out.
            conditions.add("(" + either.joined(separator: " OR ") + ")")
        }
    }
}

/// A WHERE clause built up piece by piece, every value bound, never spliced.
struct Conditions {
    private(set) var clauses: [String] = []
    private(set) var arguments = StatementArguments()

    mutating func add(_ clause: String, _ values: (any DatabaseValueConvertible)...) {
        clauses.append(clause)
        arguments += StatementArguments(values)
    }

    /// `column IN (…)` over ids the ledger itself produced.
    mutating func add(_ column: String, in ids: [Int64]) {
        clauses.append("\(column) IN (" + ids.map { _ in "?" }.joined(separator: ",") + ")")
        arguments += StatementArguments(ids)
    }

    mutating func appendArguments(_ more: StatementArguments) {
        arguments += more
    }

    var sql: String { clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ") }
}
