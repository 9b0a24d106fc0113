import GRDB
import GRDBSQLite

/// One group key as SQLite gave it: a term's slug, a year, a vendor or agency id, an award type.
enum GroupKey: Hashable {
    case null
    case int(Int64)
    case text(String)
}

/// One group of `totals`: its keys and currency, the awards counted, and their sums (nil when none was known).
struct GroupSum {
    var keys: [GroupKey]
    var currency: String
    var awards: Int64 = 0
    var obligated: Int64 = 0
    var potential: Int64?
    /// Awards counted without an obligated amount.
    var unknown: Int64 = 0
}

extension Ledger {
    /// The administration in office on `date` (a `YYYY-MM-DD` column), as a CASE over the terms of
    /// `Administration.all`, which are `schema.sql`'s administrations rows; NULL for an undated row.
    static func administrationCase(_ date: String) -> String {
        var sql = "CASE WHEN \(date) IS NULL THEN NULL"
        var previous = "before-1993"
        for term in Administration.all {
            sql += " WHEN \(date) < '\(term.startsOn)' THEN '\(previous)'"
            previous = term.slug
        }
        return sql + " ELSE '\(previous)' END"
    }

    /// Sums `SELECT k0…k(keys-1), currency, obligated_cents, potential_cents FROM …` per keys and currency.
    ///
    /// Stepped on the raw statement with checked sums: GRDB's rows box every value, and SQLite's GROUP BY sorts
    /// every row into a temporary b-tree first; a hash of a few hundred groups does neither.
    static func groupedSums(_ db: Database, sql: String, arguments: StatementArguments, keys: Int) throws -> [GroupSum] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var groups: [[GroupKey]: GroupSum] = [:]
        func key(_ column: Int32) -> GroupKey {
            switch sqlite3_column_type(handle, column) {
            case SQLITE_INTEGER: .int(sqlite3_column_int64(handle, column))
            case SQLITE_NULL: .null
            default: .text(String(cString: sqlite3_column_text(handle, column)))
            }
        }
        func plus(_ a: Int64, _ b: Int64) throws -> Int64 {
            let (value, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw LedgerError.refused("the totals exceed what 64-bit cents can hold") }
            return value
        }
        let count = Int32(keys)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            var groupKeys = (0..<count).map(key)
            guard case .text(let currency) = key(count) else { continue }
            groupKeys.append(.text(currency))
            var group = groups[groupKeys] ?? GroupSum(keys: Array(groupKeys.dropLast()), currency: currency)
            group.awards += 1
            if sqlite3_column_type(handle, count + 1) == SQLITE_NULL {
                group.unknown += 1
            } else {
                group.obligated = try plus(group.obligated, sqlite3_column_int64(handle, count + 1))
            }
            if sqlite3_column_type(handle, count + 2) != SQLITE_NULL {
                group.potential = try plus(group.potential ?? 0, sqlite3_column_int64(handle, count + 2))
            }
            groups[groupKeys] = group
        }
        return Array(groups.values)
    }

    /// Reads rows SQLite already grouped (`k0…`, currency, awards, obligated, potential, unknown).
    static func groupRows(_ db: Database, sql: String, arguments: StatementArguments, keys: Int) throws -> [GroupSum] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let groupKeys: [GroupKey] = try (0..<keys).map { index in
                let value: DatabaseValue = row[index]
                switch value.storage {
                case .int64(let number): return .int(number)
                case .string(let text): return .text(text)
                case .double(let number): return .int(Int64(exactly: number.rounded()) ?? 0)
                case .null, .blob: return .null
                }
            }
            return GroupSum(keys: groupKeys, currency: try row.decode(forColumn: "currency"),
                            awards: try row.decode(Int64?.self, forColumn: "awards") ?? 0,
                            obligated: try row.decode(Int64?.self, forColumn: "obligated") ?? 0,
                            potential: try row.decode(forColumn: "potential"),
                            unknown: try row.decode(Int64?.self, forColumn: "unknown") ?? 0)
        }
    }
}
