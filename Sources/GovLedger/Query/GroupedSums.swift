import GRDB
import GRDBSQLite

/// One group key as SQLite gave it: a term's index, a year, a vendor or agency id, an award type.
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

    /// `administrationCase` as the term's index in `Administration.all` (-1 before the first): an integer
    /// key groups without making a string of every award's slug.
    ///
    /// The terms are searched by halves (nested CASEs), so a date meets four comparisons rather than up to eleven:
    /// this expression runs for every award `totals` reads.
    static func administrationIndexCase(_ date: String) -> String {
        let starts = Administration.all.map(\.startsOn)
        /// The index of the term in office on `date`, knowing it is one of `low...high` (-1: before the first).
        func search(_ low: Int, _ high: Int) -> String {
            guard low < high else { return "\(low)" }
            let middle = (low + high + 1) / 2
            return "CASE WHEN \(date) < '\(starts[middle])' THEN \(search(low, middle - 1)) ELSE \(search(middle, high)) END"
        }
        return "CASE WHEN \(date) IS NULL THEN NULL ELSE \(search(-1, starts.count - 1)) END"
    }

    /// Sums `SELECT k0…k(keys-1), currency, obligated_cents, potential_cents FROM …` per keys and currency.
    ///
    /// Stepped on the raw statement with checked sums: GRDB's rows box every value, and SQLite's GROUP BY sorts
    /// every row into a temporary b-tree first; a hash of a few hundred groups does neither. Each row's keys are
    /// packed into one vector of integers (texts interned, NULL as `Int64.min`), so a row costs no allocation.
    ///
    /// The columns listed in `termColumns` hold a `YYYY-MM-DD` text and are keyed by the term in office on it,
    /// as `administrationIndexCase` would key them: compared here, byte for byte as SQLite compares texts, that
    /// costs a fraction of the CASE run by SQLite's VM for every row.
    static func groupedSums(_ db: Database, sql: String, arguments: StatementArguments, keys: Int,
                            termColumns: Set<Int> = []) throws -> [GroupSum] {
        precondition(keys < 8, "at most seven grouping keys")
        let terms = TermStarts()
        let isTerm = (0..<8).map { termColumns.contains($0) }
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        // Each group's position in `packedKeys` and `sums`: the sums are plain integers updated in place.
        var groups = GroupTable()
        var packedKeys: [SIMD8<Int64>] = []
        var sums: [(awards: Int64, obligated: Int64, potential: Int64, potentialKnown: Bool, unknown: Int64)] = []
        var texts = TextInterner()
        func plus(_ a: Int64, _ b: Int64) throws -> Int64 {
            let (value, overflow) = a.addingReportingOverflow(b)
            guard !overflow else { throw LedgerError.refused("the totals exceed what 64-bit cents can hold") }
            return value
        }
        let count = Int32(keys)
        var packed = SIMD8<Int64>(repeating: 0)
        try RawRow.forEach(statement, in: db) { row in
            let handle = row.handle
            // A row without a currency is not money (the schema requires one).
            guard sqlite3_column_type(handle, count) == SQLITE_TEXT else { return }
            // Lane 7 says which lanes hold an interned text rather than an integer.
            packed[7] = 0
            for column in 0...count {
                let type = sqlite3_column_type(handle, column)
                if isTerm[Int(column)] {
                    packed[Int(column)] = type == SQLITE_NULL ? Int64.min : terms.index(handle, column, type)
                    continue
                }
                switch type {
                case SQLITE_INTEGER: packed[Int(column)] = sqlite3_column_int64(handle, column)
                case SQLITE_NULL: packed[Int(column)] = Int64.min
                default:
                    packed[Int(column)] = texts.id(handle, column)
                    packed[7] |= 1 << Int64(column)
                }
            }
            let index = groups.index(of: packed, in: &packedKeys)
            if index == sums.count { sums.append((0, 0, 0, false, 0)) }
            sums[index].awards += 1
            if sqlite3_column_type(handle, count + 1) == SQLITE_NULL {
                sums[index].unknown += 1
            } else {
                sums[index].obligated = try plus(sums[index].obligated, sqlite3_column_int64(handle, count + 1))
            }
            if sqlite3_column_type(handle, count + 2) != SQLITE_NULL {
                sums[index].potential = try plus(sums[index].potential, sqlite3_column_int64(handle, count + 2))
                sums[index].potentialKnown = true
            }
        }
        // The keys back as values, once per group.
        return zip(packedKeys, sums).map { packed, sum in
            let keys: [GroupKey] = (0..<Int(count)).map { column in
                let value = packed[column]
                if packed[7] & (1 << Int64(column)) != 0 { return .text(texts.text(value)) }
                return value == Int64.min ? .null : .int(value)
            }
            return GroupSum(keys: keys, currency: texts.text(packed[Int(count)]), awards: sum.awards, obligated: sum.obligated,
                            potential: sum.potentialKnown ? sum.potential : nil, unknown: sum.unknown)
        }
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

/// Text keys (currencies, award types) as small integers, per column. The last text seen in a column is
/// compared by its bytes first: a million awards in one currency make one string, not a million.
private struct TextInterner {
    private var ids: [String: Int64] = [:]
    private var byId: [String] = []
    /// Per column (at most eight): an array, as a dictionary lookup for every row's currency showed in profiles.
    private var last: [(bytes: [UInt8], id: Int64)?] = Array(repeating: nil, count: 8)

    mutating func id(_ handle: SQLiteStatement, _ column: Int32) -> Int64 {
        let count = Int(sqlite3_column_bytes(handle, column))
        let bytes = sqlite3_column_text(handle, column)
        let buffer = UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count)
        if let seen = last[Int(column)], seen.bytes.elementsEqual(buffer) { return seen.id }
        let text = String(decoding: buffer, as: UTF8.self)
        let id: Int64
        if let known = ids[text] {
            id = known
        } else {
            id = Int64(byId.count)
            ids[text] = id
            byId.append(text)
        }
        last[Int(column)] = (Array(buffer), id)
        return id
    }

    func text(_ id: Int64) -> String {
        id >= 0 && id < byId.count ? byId[Int(id)] : ""
    }
}

/// Each group's number by its packed keys: an open-addressing table of indices into the keys array. Swift's
/// Dictionary seeds, feeds and finalises SipHash for every lookup, which was a tenth of an agency's totals; the
/// keys here are our own integers, so a multiplicative fold spreads them well enough.
private struct GroupTable {
    /// Group numbers, or -1 for an empty slot; the count is a power of two, kept at most half full.
    private var slots = [Int](repeating: -1, count: 1_024)
    private var count = 0

    /// The group number of `key`, adding it to `keys` (and so numbering it `keys.count - 1`) when new.
    mutating func index(of key: SIMD8<Int64>, in keys: inout [SIMD8<Int64>]) -> Int {
        var slot = Self.hash(key) & (slots.count - 1)
        while slots[slot] >= 0 {
            if keys[slots[slot]] == key { return slots[slot] }
            slot = (slot + 1) & (slots.count - 1)
        }
        slots[slot] = keys.count
        keys.append(key)
        count += 1
        if count * 2 > slots.count { grow(keys) }
        return keys.count - 1
    }

    private mutating func grow(_ keys: [SIMD8<Int64>]) {
        slots = [Int](repeating: -1, count: slots.count * 2)
        for (number, key) in keys.enumerated() {
            var slot = Self.hash(key) & (slots.count - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = number
        }
    }

    /// Each lane multiplied by its own odd constant and summed, then the high bits folded down (the low bits of a
    /// product of small ids are poor).
    private static func hash(_ key: SIMD8<Int64>) -> Int {
        let mixed = (key &* SIMD8<Int64>(-7046029254386353131, -4658895280553007687, -7723592293110705685,
                                         -4417276706812531889, 1609587929392839161, -8796714831421723037,
                                         2870177450012600261, -4265267296055464877)).wrappedSum()
        let folded = UInt64(bitPattern: mixed) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: folded >> 32)
    }
}

/// The terms' first days as bytes, to key a date column by the term in office as `administrationIndexCase` does.
private struct TermStarts {
    let starts: [[UInt8]] = Administration.all.map { Array($0.startsOn.utf8) }

    /// The index of the term in office on the row's value (-1: before the first), comparing as SQLite does: a
    /// number before any text, a blob after it, texts byte by byte with the shorter first when one begins the other.
    func index(_ handle: SQLiteStatement, _ column: Int32, _ type: Int32) -> Int64 {
        switch type {
        case SQLITE_INTEGER, SQLITE_FLOAT: return -1
        case SQLITE_TEXT: break
        default: return Int64(starts.count - 1)
        }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard let text = sqlite3_column_text(handle, column) else { return -1 }
        let date = UnsafeBufferPointer(start: text, count: count)
        // The last term that starts on or before the date; terms are in office order, so a binary search.
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(date, starts[middle]) { high = middle } else { low = middle + 1 }
        }
        return Int64(low - 1)
    }

    /// `a < b` under SQLite's BINARY collation.
    static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        for index in 0..<min(a.count, b.count) where a[index] != b[index] { return a[index] < b[index] }
        return a.count < b.count
    }
}
