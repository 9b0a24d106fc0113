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
            /// The filter's conditions, with `date` the column that dates the money.
            func conditions(date: String) -> Conditions {
                var c = Conditions()
                f.addStanding(to: &c, "x")
                if let ids = f.vendorIds { c.add("x.vendor_id", in: ids) }
                if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
                if let since = filter.since { c.add("\(date) >= ?", since.first) }
                if let until = filter.until { c.add("\(date) <= ?", until.last) }
                if let administration = filter.administration {
                    c.add("\(date) >= ?", administration.startsOn)
                    if let end = administration.endsOn { c.add("\(date) < ?", end) }
                }
                if let fiscalYear {
                    // Bounded by the dates there can be, so that both ends stay four-digit years (text compares).
                    c.add("\(date) BETWEEN ? AND ?", fiscalYear == Ledger.fiscalYears.lowerBound ? "1000-01-01" : "\(fiscalYear - 1)-10-01",
                          fiscalYear == Ledger.fiscalYears.upperBound ? "9999-12-31" : "\(fiscalYear)-09-30")
                }
                return c
            }
            // SQLite groups by the raw keys (few groups even at a million awards); names and roll-ups follow.
            func keys(date: String) -> String {
                let keys: [TotalsDimension: String] = [
                    // The administrations are schema.sql's reference rows (verify holds the table to them), so the
                    // terms are spelled out: a correlated lookup for every award was most of a query's time.
                    .administration: Ledger.administrationCase(date),
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
                SELECT \(keys(date: "x.date_from")), x.currency, x.obligated_cents, x.potential_cents
                FROM awards x\(byStart.sql)
                """, arguments: byStart.arguments, keys: dimensions.count).map { ($0, false) }
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
            // Names only for the vendors in the result: asking which vendors have awards reads the whole index.
            let vendorColumn = dimensions.firstIndex(of: .vendor)
            let vendorIds = vendorColumn == nil ? [] : Set(rows.compactMap { row -> Int64? in
                if case .int(let id) = row.0.keys[dimensions.firstIndex(of: .vendor)!] { return id }
                return nil
            })
            let names = try TotalsNames(db, vendors: vendorIds)
            var merged: [[Cell]: Sum] = [:]
            var order: [[Cell]: [SortKey]] = [:]
            for (row, byTransactions) in rows {
                var label: [Cell] = []
                var sort: [SortKey] = []
                for (index, dimension) in dimensions.enumerated() {
                    let (cell, key) = names.label(dimension, row.keys[index])
                    label.append(cell)
                    sort.append(key)
                }
                label.append(.text(row.currency))
                var sum = merged[label] ?? Sum()
                try sum.add(row)
                if byTransactions, row.awards > 0 {
                    sum.byTransactions = true
                } else if !byTransactions {
                    sum.byStartDate = true
                }
                merged[label] = sum
                order[label] = sort
            }
            let last = dimensions.count - 1
            // Sorted as an array of groups: looking each group up by its label in every comparison hashed whole
            // labels a million times at an agency's few thousand vendor groups (100 ms of a 3 ms query).
            var ranked = merged.map { (label: $0.key, sort: order[$0.key]!, sum: $0.value) }
            ranked.sort { a, b in
                for index in 0...last {
                    let (ka, kb) = (a.sort[index], b.sort[index])
                    if ka == kb { continue }
                    if dimensions[index].isTime { return ka < kb }
                    let (sa, sb) = (a.sum.obligated, b.sum.obligated)
                    if index == last, sa != sb { return sa > sb }
                    return ka < kb
                }
                return a.label.last!.plain < b.label.last!.plain
            }
            if let top {
                var kept: [[Cell]: Int] = [:]
                ranked = ranked.filter { group in
                    let prefix = Array(group.label.prefix(last)) + [group.label.last!]
                    kept[prefix, default: 0] += 1
                    return kept[prefix]! <= top
                }
            }
            let columns = dimensions.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }
                + ["currency", "awards", "obligated_cents", "potential_cents", "awards_without_obligation", "basis"]
            let table = Table(columns: columns, rows: ranked.map { group in
                let (label, sum) = (group.label, group.sum)
                let currency = label.last!.plain
                return Array(label) + [.int(sum.awards), .money(sum.obligated, currency: currency),
                                       sum.potentialKnown ? .money(sum.potential, currency: currency) : .null,
                                       .int(sum.unknown), .text(sum.basis)]
            })
            return Totals(dimensions: dimensions, basis: Ledger.totalsBasis, table: table)
        }
    }
}

extension TotalsDimension {
    var isTime: Bool { self == .administration || self == .fiscalYear || self == .year }
}

/// How a group sorts: by a number (years, terms) or by text.
enum SortKey: Hashable, Comparable {
    case number(Int64)
    case text(String)
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
private struct TotalsNames {
    var vendors: [Int64: String] = [:]
    var agencies: [Int64: (name: String, acronym: String?, level: String, parent: Int64?)] = [:]
    let terms: [String: Int]

    init(_ db: Database, vendors ids: Set<Int64>) throws {
        let statement = try db.cachedStatement(sql: "SELECT name FROM vendors WHERE id = ?")
        for id in ids {
            vendors[id] = try String.fetchOne(statement, arguments: [id])
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, name, acronym, level, parent_id FROM agencies") {
            agencies[try row.decode(forColumn: "id")] = (try row.decode(forColumn: "name"), try row.decode(forColumn: "acronym"),
                                                         try row.decode(forColumn: "level"), try row.decode(forColumn: "parent_id"))
        }
        terms = Dictionary(uniqueKeysWithValues: Administration.all.enumerated().map { ($1.slug, $0) })
    }

    func label(_ dimension: TotalsDimension, _ value: GroupKey) -> (Cell, SortKey) {
        switch dimension {
        case .administration:
            guard case .text(let slug) = value else { return (.text("undated"), .number(Int64.max)) }
            return (.text(slug), .number(Int64(terms[slug] ?? -1)))
        case .fiscalYear:
            guard case .int(let year) = value else { return (.text("undated"), .number(Int64.max)) }
            return (.text("FY\(year)"), .number(year))
        case .year:
            guard case .int(let year) = value else { return (.text("undated"), .number(Int64.max)) }
            return (.text(String(year)), .number(year))
        case .vendor:
            guard case .int(let id) = value else { return (.text("unknown"), .text("unknown")) }
            let name = vendors[id] ?? "vendor \(id)"
            return (.text(name), .text(name))
        case .agency:
            guard case .int(var id) = value else { return (.text("unknown"), .text("unknown")) }
            // An office is reported as the sub-tier agency it belongs to (ICE, not each of its 17 offices).
            while let agency = agencies[id], agency.level == AgencyLevel.office.rawValue, let parent = agency.parent {
                id = parent
            }
            guard let agency = agencies[id] else { return (.text("agency \(id)"), .text("agency \(id)")) }
            let name = agency.acronym.map { "\(agency.name) (\($0))" } ?? agency.name
            return (.text(name), .text(name))
        case .awardType:
            guard case .text(let type) = value else { return (.text("unknown"), .text("unknown")) }
            return (.text(type), .text(type))
        }
    }
}
