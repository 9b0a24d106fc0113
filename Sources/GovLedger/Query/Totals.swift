import GRDB

/// What `totals` groups awards by.
public enum TotalsDimension: String, LedgerVocabulary {
    /// The administration in office on the date that dates the money: each transaction's action date where
    /// the award has transactions, else the award's start date (`Ledger.totalsBasis`).
    case administration
    /// The federal fiscal year of that date (FY2021 = 2020-10-01 … 2021-09-30).
    case fiscalYear = "fiscal-year"
    /// The calendar year of that date.
    case year
    /// The vendor recorded on the award (subsidiaries are not folded into their parents).
    case vendor
    /// The agency that awarded it, rolled up from an office to its sub-tier agency.
    case agency
    /// The award type as the record gives it (`DEFINITIVE CONTRACT`, `PO`…).
    case awardType = "award-type"

    public static let fieldName = "--by"
}

/// The rows `totals` groups and sums, as plain data for every renderer.
public struct Totals: Sendable, Hashable {
    /// The grouping, in the order asked.
    public var dimensions: [TotalsDimension]
    /// Which date decides an award's administration, fiscal year and year, in words.
    public var basis: String
    /// One row per group and currency, in output order.
    public var table: Table
}

extension Ledger {
    /// Which date the totals attribute an award's money to: the action date of each of its transactions where a
    /// transactions download recorded them, the award's start date otherwise. Each row's `basis` says which.
    public static let totalsBasis = "an award with transactions counts each transaction under its action date (its potential value under its start date); any other award counts under its start date (period of performance start)"

    /// The federal fiscal years a ledger date can fall in: FY1000 (1000-01..1000-09) to FY10000 (9999-10..9999-12).
    public static let fiscalYears = 1000...10000

    /// Counts awards and sums their obligations and potential values per group and currency.
    ///
    /// Money is dated by `totalsBasis`: an award with transactions counts each one under its action date (so in
    /// every administration it obligated money under: its `awards` count once in each), any other award under
    /// its start date; the `basis` column says which dates placed each row (`start-date`, `transactions`, `both`).
    ///
    /// `filter` takes `vendor` (with subsidiaries), `agency` (with everything beneath it), `since`/`until` and
    /// `administration`, all applied to the date that dates the money, like the grouping; `fiscalYear` keeps awards
    /// that start in that federal fiscal year. With `top`, only the `top` largest rows (by obligations) are
    /// kept within each group of the dimensions before the last one (`--by administration,vendor --top 20`:
    /// the 20 largest vendors of each administration). Undated awards are grouped as `undated`.
    public func totals(by dimensions: [TotalsDimension], filter: Filter = Filter(), fiscalYear: Int? = nil,
                       top: Int? = nil) throws -> Totals {
        guard !dimensions.isEmpty else {
            throw LedgerError.invalidValue(field: "--by", value: "", expected: "one or more of " + TotalsDimension.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard Set(dimensions).count == dimensions.count else {
            throw LedgerError.invalidValue(field: "--by", value: dimensions.map(\.rawValue).joined(separator: ","),
                                           expected: "each dimension once")
        }
        if let top, !(1...10_000).contains(top) {
            throw LedgerError.invalidValue(field: "--top", value: "\(top)", expected: "a number from 1 to 10000")
        }
        // Dates run from 1000 to 9999, so their fiscal years from FY1000 to FY10000 (9999-10..): the ones
        // `--by fiscal-year` can print.
        if let fiscalYear, !Ledger.fiscalYears.contains(fiscalYear) {
            throw LedgerError.invalidValue(field: "--fiscal-year", value: "\(fiscalYear)",
                                           expected: "a fiscal year from 1000 to 10000, such as 2021")
        }
        return try read { db in
            try Ledger.totals(in: db, by: dimensions, scope: try ResolvedFilter(Filter(vendor: filter.vendor, agency: filter.agency), in: db),
                              filter: filter, fiscalYear: fiscalYear, top: top)
        }
    }

    /// `totals(by:filter:fiscalYear:top:)` inside a read already open (the report's snapshot), its arguments checked.
    /// `scope` gives the vendors and agencies (the report passes several vendors' families at once).
    static func totals(in db: Database, by dimensions: [TotalsDimension], scope f: ResolvedFilter, filter: Filter,
                       fiscalYear: Int?, top: Int?) throws -> Totals {
        do {
            // `--tag`: awards tagged with every word (not the awards of tagged pursuits or vendors: docs/reports.md).
            let tags = try filter.tags.map { try Ledger.tagWord($0, field: "--tag") }
            /// The filter's conditions, with `date` the column that dates the money.
            func conditions(date: String) -> Conditions {
                var c = Conditions()
                f.addStanding(to: &c, "x")
                for word in tags {
                    c.add("x.id IN (SELECT record_id FROM tags WHERE record_kind = 'award' AND word = ?)", word)
                }
                if let ids = f.vendorIds { c.add("x.vendor_id", in: ids) }
                if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
                if let since = filter.since { c.add("\(date) >= ?", since.first) }
                if let until = filter.until { c.add("\(date) <= ?", until.last) }
                if let administration = filter.administration {
                    c.add("(" + administration.terms.map { term in
                        "(\(date) >= '\(term.startsOn)'" + (term.endsOn.map { " AND \(date) < '\($0)'" } ?? "") + ")"
                    }.joined(separator: " OR ") + ")")
                }
                if let fiscalYear {
                    // Bounded by the dates there can be, so that both ends stay four-digit years (text compares).
                    c.add("\(date) BETWEEN ? AND ?", fiscalYear == Ledger.fiscalYears.lowerBound ? "1000-01-01" : "\(fiscalYear - 1)-10-01",
                          fiscalYear == Ledger.fiscalYears.upperBound ? "9999-12-31" : "\(fiscalYear)-09-30")
                }
                return c
            }
            // SQLite groups by the raw keys (few groups even at a million awards); names and roll-ups follow.
            /// With `termsInSwift`, an administration key is the raw date, which `groupedSums` keys by term itself.
            func keys(date: String, termsInSwift: Bool = false) -> String {
                let keys: [TotalsDimension: String] = [
                    // The administrations are schema.sql's reference rows (verify holds the table to them), so the
                    // terms are spelled out: a correlated lookup for every award was most of a query's time.
                    .administration: termsInSwift ? date : Ledger.administrationIndexCase(date),
                    .fiscalYear: "CAST(substr(\(date), 1, 4) AS INTEGER) + (substr(\(date), 6, 2) >= '10')",
                    .year: "CAST(substr(\(date), 1, 4) AS INTEGER)",
                    .vendor: "x.vendor_id",
                    .agency: "x.agency_id",
                    .awardType: "upper(x.award_type)",
                ]
                return dimensions.enumerated().map { "\(keys[$1]!) AS k\($0)" }.joined(separator: ", ")
            }
            let groups = dimensions.indices.map { "k\($0)" }.joined(separator: ", ")
            // Awards without transactions count under their start date. A ledger that holds no transactions (most
            // of them, and the benchmark's) runs only this query, over the covering indexes, as before.
            let hasHistory = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM award_transactions)") ?? false
            var byStart = conditions(date: "x.date_from")
            if hasHistory { byStart.add("NOT EXISTS (SELECT 1 FROM award_transactions t WHERE t.award_id = x.id)") }
            // Grouped here rather than by SQLite: a GROUP BY sorts every row into a temporary b-tree, while this
            // reads the covering index once (an agency's totals at a million awards: 15 ms against 1.5 ms).
            var rows = try Ledger.groupedSums(db, sql: """
                SELECT \(keys(date: "x.date_from", termsInSwift: true)), x.currency, x.obligated_cents, x.potential_cents
                FROM awards x\(byStart.sql)
                """, arguments: byStart.arguments, keys: dimensions.count,
                termColumns: Set(dimensions.indices.filter { dimensions[$0] == .administration })).map { ($0, false) }
            if hasHistory {
                // Awards with transactions: each action's money under its own action date (an award started under
                // Obama and modified under Trump counts under both); the award's potential value, which no action
                // splits, under its start date.
                let byAction = conditions(date: "t.action_date_from")
                rows += try Ledger.groupRows(db, sql: """
                    SELECT \(keys(date: "t.action_date_from")), t.currency AS currency, count(DISTINCT x.id) AS awards,
                      sum(t.obligated_cents) AS obligated, NULL AS potential,
                      count(DISTINCT x.id) - count(DISTINCT CASE WHEN t.obligated_cents IS NOT NULL THEN x.id END) AS unknown
                    FROM award_transactions t JOIN awards x ON x.id = t.award_id\(byAction.sql)
                    GROUP BY \(groups), t.currency
                    """, arguments: byAction.arguments, keys: dimensions.count).map { ($0, true) }
                var potential = conditions(date: "x.date_from")
                potential.add("x.potential_cents IS NOT NULL")
                potential.add("EXISTS (SELECT 1 FROM award_transactions t WHERE t.award_id = x.id)")
                rows += try Ledger.groupRows(db, sql: """
                    SELECT \(keys(date: "x.date_from")), x.currency AS currency, 0 AS awards, NULL AS obligated,
                      sum(x.potential_cents) AS potential, 0 AS unknown
                    FROM awards x\(potential.sql) GROUP BY \(groups), x.currency
                    """, arguments: potential.arguments, keys: dimensions.count).map { ($0, true) }
            }
            // Groups are merged and ranked by their raw keys (offices rolled up to their agency); names are looked
            // up only where a comparison needs one and for the rows kept, which at an agency's thousands of
            // vendors and `--top 20` is a few dozen.
            let names = try TotalsNames(db, agencies: dimensions.contains(.agency))
            var merged: [[GroupKey]: Sum] = [:]
            // Without transactions or offices to roll up, each row is already its own group.
            let unique = !hasHistory && !dimensions.contains(.agency)
            var grouped: [(key: [GroupKey], value: Sum)] = []
            if unique {
                grouped = try rows.map { row, _ in
                    var sum = Sum()
                    try sum.add(row)
                    sum.byStartDate = true
                    return (row.keys + [.text(row.currency)], sum)
                }
            }
            merged.reserveCapacity(unique ? 0 : rows.count)
            for (row, byTransactions) in rows where !unique {
                var key = row.keys
                for (index, dimension) in dimensions.enumerated() where dimension == .agency {
                    key[index] = names.rolledUp(key[index])
                }
                key.append(.text(row.currency))
                var sum = merged[key] ?? Sum()
                try sum.add(row)
                if byTransactions, row.awards > 0 {
                    sum.byTransactions = true
                } else if !byTransactions {
                    sum.byStartDate = true
                }
                merged[key] = sum
            }
            // Ranked in buckets of the dimensions before the last (an administration's vendors), sorting indices
            // by plain integers: sorting the groups themselves copied every group's keys at each step.
            let last = dimensions.count - 1
            if !unique { grouped = merged.map { (key: $0.key, value: $0.value) } }
            var bucketOf: [[GroupKey]: Int] = [:]
            var buckets: [[Int]] = []
            var bucketKeys: [[GroupKey]] = []
            for (index, group) in grouped.enumerated() {
                let prefix = Array(group.key.prefix(last))
                if let bucket = bucketOf[prefix] {
                    buckets[bucket].append(index)
                } else {
                    bucketOf[prefix] = buckets.count
                    buckets.append([index])
                    bucketKeys.append(prefix)
                }
            }
            /// Whether key `a` comes before `b`: in time, or by name, then by number (two vendor records of one name;
            /// left to the merge dictionary, their order changed from run to run). Orders the buckets, and the
            /// last dimension's groups of equal obligations.
            func precedes(_ dimension: TotalsDimension, _ a: GroupKey, _ b: GroupKey) throws -> Bool {
                if dimension.isTime { return names.sortKey(dimension, a) < names.sortKey(dimension, b) }
                let (x, y) = (try names.label(dimension, a), try names.label(dimension, b))
                return x != y ? x < y : names.sortKey(dimension, a) < names.sortKey(dimension, b)
            }
            var bucketOrder = Array(buckets.indices)
            try bucketOrder.sort { a, b in
                for index in 0..<last where bucketKeys[a][index] != bucketKeys[b][index] {
                    return try precedes(dimensions[index], bucketKeys[a][index], bucketKeys[b][index])
                }
                return false
            }
            let lastKeys = grouped.map { $0.key[last] }
            let obligated = grouped.map { $0.value.obligated }
            // Each group's currency as its place among the codes in alphabetical order: compared and counted as
            // a plain integer.
            let codes = grouped.map { names.currency($0.key[last + 1]) }
            let place = Dictionary(Set(codes).sorted().enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let currencies = codes.map { place[$0] ?? 0 }
            let ranked = dimensions[last]
            var order: [Int] = []
            order.reserveCapacity(grouped.count)
            for bucket in bucketOrder {
                var members = buckets[bucket]
                if let top, !ranked.isTime {
                    members = Self.contenders(members, top: top, currencies: currencies, currencyCount: place.count,
                                              obligated: obligated)
                }
                // The last dimension in time order (each time's currencies together), or each currency's largest
                // obligations first (by name when equal, then by number): amounts in two currencies are not
                // compared, which also keeps this a strict order (comparing them made the sort's order a cycle).
                try members.sort { a, b in
                    if ranked.isTime {
                        let (x, y) = (names.sortKey(ranked, lastKeys[a]), names.sortKey(ranked, lastKeys[b]))
                        return x != y ? x < y : currencies[a] < currencies[b]
                    }
                    if currencies[a] != currencies[b] { return currencies[a] < currencies[b] }
                    if obligated[a] != obligated[b] { return obligated[a] > obligated[b] }
                    return try precedes(ranked, lastKeys[a], lastKeys[b])
                }
                if let top {
                    // The `top` largest of each currency.
                    var kept = [Int](repeating: 0, count: place.count)
                    members = members.filter { member in
                        kept[currencies[member]] += 1
                        return kept[currencies[member]] <= top
                    }
                }
                order += members
            }
            let output = order.map { grouped[$0] }
            if let column = dimensions.firstIndex(of: .vendor) { try names.loadVendors(output.map { $0.key[column] }) }
            let columns = dimensions.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }
                + ["currency", "awards", "obligated_cents", "potential_cents", "awards_without_obligation", "basis"]
            // Two vendor records of one name (different UEIs) stay two rows; the label then says which is which.
            let vendorsNamedAlike: Set<String> = try dimensions.firstIndex(of: .vendor).map { column in
                var ids: [String: Set<GroupKey>] = [:]
                for group in output { ids[try names.label(.vendor, group.key[column]), default: []].insert(group.key[column]) }
                return Set(ids.filter { $0.value.count > 1 }.keys)
            } ?? []
            let table = Table(columns: columns, rows: try output.map { group in
                let sum = group.value
                guard case .text(let currency) = group.key[last + 1] else { return [] }
                let labels = try dimensions.indices.map { Cell.text(try names.label(dimensions[$0], group.key[$0], telling: vendorsNamedAlike)) }
                return labels + [.text(currency), .int(sum.awards), .money(sum.obligated, currency: currency),
                                 sum.potentialKnown ? .money(sum.potential, currency: currency) : .null,
                                 .int(sum.unknown), .text(sum.basis)]
            })
            return Totals(dimensions: dimensions, basis: Ledger.totalsBasis, table: table)
        }
    }
}

extension Ledger {
    /// The members of a bucket that can be among the `top` largest obligations of their currency: those at least
    /// the `top`-th largest of it. Only these are then sorted by obligations and name, so an agency's thousands of
    /// vendors cost a sort of integers, not of names. Every member that the full sort would keep is kept (ties at
    /// the threshold included), and the kept ones' order is theirs in the full sort.
    static func contenders(_ members: [Int], top: Int, currencies: [Int], currencyCount: Int, obligated: [Int64]) -> [Int] {
        guard members.count > top else { return members }
        var amounts = [[Int64]](repeating: [], count: currencyCount)
        for member in members { amounts[currencies[member]].append(obligated[member]) }
        let thresholds = amounts.map { values -> Int64 in
            guard values.count > top else { return Int64.min }
            guard top <= 64 else { return values.sorted(by: >)[top - 1] }
            // The `top` largest so far, largest first: most values are below the smallest of them and cost
            // one comparison.
            var largest: [Int64] = []
            largest.reserveCapacity(top + 1)
            for value in values where largest.count < top || value > largest[largest.count - 1] {
                let place = largest.firstIndex { $0 < value } ?? largest.count
                largest.insert(value, at: place)
                if largest.count > top { largest.removeLast() }
            }
            return largest[top - 1]
        }
        return members.filter { obligated[$0] >= thresholds[currencies[$0]] }
    }
}

extension TotalsDimension {
    var isTime: Bool { self == .administration || self == .fiscalYear || self == .year }
}

/// Sums of one group, with overflow refused rather than wrapped.
private struct Sum {
    var awards: Int64 = 0
    var obligated: Int64 = 0
    var potential: Int64 = 0
    var potentialKnown = false
    var unknown: Int64 = 0
    /// Which dates placed the group's obligations: awards' start dates, transactions' action dates, or both.
    var byStartDate = false
    var byTransactions = false

    /// `start-date`, `transactions` or `both`: the basis column.
    var basis: String {
        byTransactions ? (byStartDate ? "both" : "transactions") : "start-date"
    }

    mutating func add(_ row: GroupSum) throws {
        func plus(_ a: Int64, _ b: Int64) throws -> Int64 {
            let (value, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw LedgerError.refused("the totals exceed what 64-bit cents can hold") }
            return value
        }
        awards = try plus(awards, row.awards)
        obligated = try plus(obligated, row.obligated)
        if let value = row.potential {
            potential = try plus(potential, value)
            potentialKnown = true
        }
        unknown = try plus(unknown, row.unknown)
    }
}

/// Names for the raw group keys: vendors and agencies by name, offices rolled up to their sub-tier agency.
/// Vendors are looked up when first asked for and remembered (a class, so the sort's comparator can fill it).
private final class TotalsNames {
    private let db: Database
    private var vendors: [Int64: String] = [:]
    private var agencies: [Int64: (name: String, acronym: String?, level: String, parent: Int64?)] = [:]
    /// Each agency's lowest-numbered namesake (same name and acronym).
    private var firstOfName: [Int64: Int64] = [:]

    /// `agencies`: whether the agencies are grouped (their names and roll-ups are then read, once).
    init(_ db: Database, agencies: Bool) throws {
        self.db = db
        guard agencies else { return }
        for row in try Row.fetchAll(db, sql: "SELECT id, name, acronym, level, parent_id FROM agencies") {
            self.agencies[try row.decode(forColumn: "id")] = (try row.decode(forColumn: "name"), try row.decode(forColumn: "acronym"),
                                                              try row.decode(forColumn: "level"), try row.decode(forColumn: "parent_id"))
        }
        func label(_ agency: (name: String, acronym: String?, level: String, parent: Int64?)) -> String {
            agency.name + "\u{0}" + (agency.acronym ?? "")
        }
        var first: [String: Int64] = [:]
        for (id, agency) in self.agencies { first[label(agency)] = min(first[label(agency)] ?? id, id) }
        for (id, agency) in self.agencies { firstOfName[id] = first[label(agency)] }
    }

    /// Reads the names of the vendors `keys` holds that are not known yet, in one query: the rows shown
    /// (`--top 20` of each term) would otherwise cost a query each.
    func loadVendors(_ keys: [GroupKey]) throws {
        let ids = Set(keys.compactMap { key -> Int64? in
            guard case .int(let id) = key, vendors[id] == nil else { return nil }
            return id
        })
        guard !ids.isEmpty else { return }
        let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM vendors WHERE id IN (SELECT value FROM json_each(?))",
                                       arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
        while let row = try rows.next() { vendors[try row.decode(Int64.self, atIndex: 0)] = try row.decode(String.self, atIndex: 1) }
    }

    /// An agency key as the sub-tier agency it belongs to (ICE, not each of its 17 offices); agencies of one
    /// name and acronym are one row, as they read.
    func rolledUp(_ value: GroupKey) -> GroupKey {
        guard case .int(var id) = value else { return value }
        while let agency = agencies[id], agency.level == AgencyLevel.office.rawValue, let parent = agency.parent {
            id = parent
        }
        return .int(firstOfName[id] ?? id)
    }

    /// The order of a time dimension's keys: terms in office order, years by number, undated last.
    func sortKey(_ dimension: TotalsDimension, _ value: GroupKey) -> Int64 {
        guard case .int(let number) = value else { return Int64.max }
        return number
    }

    /// A currency key's code.
    func currency(_ value: GroupKey) -> String {
        guard case .text(let code) = value else { return "" }
        return code
    }

    /// The text a key is shown as, which is also how non-time keys sort; a vendor whose name is in `alike` is
    /// told apart by its number.
    func label(_ dimension: TotalsDimension, _ value: GroupKey, telling alike: Set<String>) throws -> String {
        let text = try label(dimension, value)
        guard dimension == .vendor, alike.contains(text), case .int(let id) = value else { return text }
        return "\(text) (vendor \(id))"
    }

    /// The text a key is shown as, which is also how non-time keys sort.
    func label(_ dimension: TotalsDimension, _ value: GroupKey) throws -> String {
        switch dimension {
        case .administration:
            guard case .int(let index) = value else { return "undated" }
            return index < 0 ? "before-1993" : Administration.all.indices.contains(Int(index)) ? Administration.all[Int(index)].slug : "undated"
        case .fiscalYear:
            guard case .int(let year) = value else { return "undated" }
            return "FY\(year)"
        case .year:
            guard case .int(let year) = value else { return "undated" }
            return String(year)
        case .vendor:
            guard case .int(let id) = value else { return "unknown" }
            if let name = vendors[id] { return name }
            let name = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM vendors WHERE id = ?"), arguments: [id]) ?? "vendor \(id)"
            vendors[id] = name
            return name
        case .agency:
            guard case .int(let id) = value else { return "unknown" }
            guard let agency = agencies[id] else { return "agency \(id)" }
            return agency.acronym.map { "\(agency.name) (\($0))" } ?? agency.name
        case .awardType:
            guard case .text(let type) = value else { return "unknown" }
            return type
        }
    }
}
