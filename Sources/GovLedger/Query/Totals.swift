import GRDB

/// What `totals` groups awards by.
public enum TotalsDimension: String, LedgerVocabulary {
    /// The administration in office on the award's start date.
    case administration
    /// The federal fiscal year of the award's start date (FY2021 = 2020-10-01 … 2021-09-30).
    case fiscalYear = "fiscal-year"
    /// The calendar year of the award's start date.
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
    /// Which date the totals attribute an award to. Transactions (when a file holds them) are summed into
    /// their award, so an award's money counts under the administration of its start date.
    public static let totalsBasis = "each award counts under its start date (period of performance start)"

    /// Counts awards and sums their obligations and potential values per group and currency.
    ///
    /// `filter` takes `vendor` (with subsidiaries), `agency` (with everything beneath it), `since`/`until` and
    /// `administration`, all applied to the award's start date, like the grouping; `fiscalYear` keeps awards
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
        if let fiscalYear, !(1001...9999).contains(fiscalYear) {
            throw LedgerError.invalidValue(field: "--fiscal-year", value: "\(fiscalYear)", expected: "a year such as 2021")
        }
        return try read { db in
            let f = try ResolvedFilter(Filter(vendor: filter.vendor, agency: filter.agency), in: db)
            var c = Conditions()
            f.addStanding(to: &c, "x")
            if let ids = f.vendorIds { c.add("x.vendor_id", in: ids) }
            if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
            if let since = filter.since { c.add("x.date_from >= ?", since.first) }
            if let until = filter.until { c.add("x.date_from <= ?", until.last) }
            if let administration = filter.administration {
                c.add("x.date_from >= ?", administration.startsOn)
                if let end = administration.endsOn { c.add("x.date_from < ?", end) }
            }
            if let fiscalYear {
                c.add("x.date_from BETWEEN ? AND ?", "\(fiscalYear - 1)-10-01", "\(fiscalYear)-09-30")
            }
            // SQLite groups by the raw keys (few groups even at a million awards); names and roll-ups follow.
            let keys: [TotalsDimension: String] = [
                .administration: """
                    CASE WHEN x.date_from IS NULL THEN NULL ELSE ifnull((SELECT a.slug FROM administrations a
                      WHERE x.date_from >= a.starts_on AND (a.ends_on IS NULL OR x.date_from < a.ends_on)),
                      'before-1993') END
                    """,
                .fiscalYear: "CAST(substr(x.date_from, 1, 4) AS INTEGER) + (substr(x.date_from, 6, 2) >= '10')",
                .year: "CAST(substr(x.date_from, 1, 4) AS INTEGER)",
                .vendor: "x.vendor_id",
                .agency: "x.agency_id",
                .awardType: "upper(x.award_type)",
            ]
            let selected = dimensions.enumerated().map { "\(keys[$1]!) AS k\($0)" }.joined(separator: ", ")
            let groups = dimensions.indices.map { "k\($0)" }.joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(selected), x.currency AS currency, count(*) AS awards,
                  sum(x.obligated_cents) AS obligated, sum(x.potential_cents) AS potential,
                  count(*) - count(x.obligated_cents) AS unknown
                FROM awards x\(c.sql) GROUP BY \(groups), x.currency
                """, arguments: c.arguments)
            let names = try TotalsNames(db)
            var merged: [[Cell]: Sum] = [:]
            var order: [[Cell]: [SortKey]] = [:]
            for row in rows {
                var label: [Cell] = []
                var sort: [SortKey] = []
                for (index, dimension) in dimensions.enumerated() {
                    let (cell, key) = try names.label(dimension, row, column: "k\(index)")
                    label.append(cell)
                    sort.append(key)
                }
                label.append(.text(try row.decode(forColumn: "currency")))
                var sum = merged[label] ?? Sum()
                try sum.add(row)
                merged[label] = sum
                order[label] = sort
            }
            let last = dimensions.count - 1
            // Within each group of the leading dimensions: time in order, everything else largest first.
            var sorted = merged.keys.sorted { a, b in
                for index in 0...last {
                    let (ka, kb) = (order[a]![index], order[b]![index])
                    if ka == kb { continue }
                    if dimensions[index].isTime { return ka < kb }
                    let (sa, sb) = (merged[a]!.obligated, merged[b]!.obligated)
                    if index == last, sa != sb { return sa > sb }
                    return ka < kb
                }
                return a.last!.plain < b.last!.plain
            }
            if let top {
                var kept: [[Cell]: Int] = [:]
                sorted = sorted.filter { label in
                    let prefix = Array(label.prefix(last)) + [label.last!]
                    kept[prefix, default: 0] += 1
                    return kept[prefix]! <= top
                }
            }
            let columns = dimensions.map { $0.rawValue.replacingOccurrences(of: "-", with: "_") }
                + ["currency", "awards", "obligated_cents", "potential_cents", "awards_without_obligation"]
            let table = Table(columns: columns, rows: sorted.map { label in
                let sum = merged[label]!
                let currency = label.last!.plain
                return Array(label) + [.int(sum.awards), .money(sum.obligated, currency: currency),
                                       sum.potentialKnown ? .money(sum.potential, currency: currency) : .null,
                                       .int(sum.unknown)]
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

    mutating func add(_ row: Row) throws {
        let pieces: [Int64?] = [try row.decode(forColumn: "awards"), try row.decode(forColumn: "obligated"),
                                try row.decode(forColumn: "potential"), try row.decode(forColumn: "unknown")]
        func plus(_ a: Int64, _ b: Int64) throws -> Int64 {
            let (value, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw LedgerError.refused("the totals exceed what 64-bit cents can hold") }
            return value
        }
        awards = try plus(awards, pieces[0] ?? 0)
        obligated = try plus(obligated, pieces[1] ?? 0)
        if let value = pieces[2] {
            potential = try plus(potential, value)
            potentialKnown = true
        }
        unknown = try plus(unknown, pieces[3] ?? 0)
    }
}

/// Names for the raw group keys: vendors and agencies by name, offices rolled up to their sub-tier agency.
private struct TotalsNames {
    var vendors: [Int64: String] = [:]
    var agencies: [Int64: (name: String, acronym: String?, level: String, parent: Int64?)] = [:]
    let terms: [String: Int]

    init(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM vendors WHERE id IN (SELECT DISTINCT vendor_id FROM awards)") {
            vendors[try row.decode(forColumn: "id")] = try row.decode(forColumn: "name")
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, name, acronym, level, parent_id FROM agencies") {
            agencies[try row.decode(forColumn: "id")] = (try row.decode(forColumn: "name"), try row.decode(forColumn: "acronym"),
                                                         try row.decode(forColumn: "level"), try row.decode(forColumn: "parent_id"))
        }
        terms = Dictionary(uniqueKeysWithValues: Administration.all.enumerated().map { ($1.slug, $0) })
    }

    func label(_ dimension: TotalsDimension, _ row: Row, column: String) throws -> (Cell, SortKey) {
        switch dimension {
        case .administration:
            guard let slug = try row.decode(String?.self, forColumn: column) else { return (.text("undated"), .number(Int64.max)) }
            return (.text(slug), .number(Int64(terms[slug] ?? -1)))
        case .fiscalYear:
            guard let year = try row.decode(Int64?.self, forColumn: column) else { return (.text("undated"), .number(Int64.max)) }
            return (.text("FY\(year)"), .number(year))
        case .year:
            guard let year = try row.decode(Int64?.self, forColumn: column) else { return (.text("undated"), .number(Int64.max)) }
            return (.text(String(year)), .number(year))
        case .vendor:
            let id: Int64 = try row.decode(forColumn: column)
            let name = vendors[id] ?? "vendor \(id)"
            return (.text(name), .text(name))
        case .agency:
            var id: Int64 = try row.decode(forColumn: column)
            // An office is reported as the sub-tier agency it belongs to (ICE, not each of its 17 offices).
            while let agency = agencies[id], agency.level == AgencyLevel.office.rawValue, let parent = agency.parent {
                id = parent
            }
            guard let agency = agencies[id] else { return (.text("agency \(id)"), .text("agency \(id)")) }
            let name = agency.acronym.map { "\(agency.name) (\($0))" } ?? agency.name
            return (.text(name), .text(name))
        case .awardType:
            let type = try row.decode(String?.self, forColumn: column) ?? "unknown"
            return (.text(type), .text(type))
        }
    }
}
