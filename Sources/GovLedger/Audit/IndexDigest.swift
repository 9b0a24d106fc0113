import GRDB
import GRDBSQLite

/// SQLite's integrity check, at the cost of a scan rather than a lookup per row and index for the tables that hold
/// millions of imported rows.
///
/// `PRAGMA integrity_check` proves that every index holds exactly its table's rows by looking each row up in each
/// index: at a million awards and five indexes that is most of `verify`'s time. For the bulk tables this check
/// instead reads each index once, in its own order, and the table once, and compares a multiset digest of the
/// entries: the sum of a keyed hash of each entry (its indexed values and rowid). The key is Swift's per-process
/// random hash seed, so whoever edits the file beforehand cannot choose entries that sum to the same digest; a
/// missing, extra or altered entry changes it (but for a 2⁻⁶⁴ chance). Every other table gets SQLite's own
/// `integrity_check(TABLE)`, and `quick_check` covers every page of the file (its structure and well-formed records).
enum IndexDigest {
    /// Tables whose indexes are compared by digest: the ones an import fills with millions of rows.
    static let bulkTables: Set<String> = ["awards", "award_transactions"]

    /// One problem line per index that does not hold exactly its table's rows, for `Integrity.storageProblems`.
    static func problems(_ db: Database, table: String) throws -> [String] {
        let indexes = try indexColumns(db, table: table)
        guard let indexes else {
            // An index on an expression: SQLite's own per-row check is the only one that reads it right.
            return try String.fetchAll(db, sql: "PRAGMA integrity_check(\(table.quotedDatabaseIdentifier))").filter { $0 != "ok" }
        }
        guard !indexes.isEmpty else { return [] }
        // The table once, NOT INDEXED: every indexed column, and whether each partial index should hold the row.
        var columns: [String] = []
        for index in indexes { for column in index.columns where !columns.contains(column) { columns.append(column) } }
        let partials = indexes.map { $0.condition.map { "(\($0))" } ?? "1" }
        let tableSQL = "SELECT rowid, " + (columns.map(\.quotedDatabaseIdentifier) + partials).joined(separator: ", ")
            + " FROM \(table.quotedDatabaseIdentifier) NOT INDEXED"
        var fromTable = [Digest](repeating: Digest(), count: indexes.count)
        let positions = indexes.map { index in index.columns.map { 1 + columns.firstIndex(of: $0)! } }
        try scan(db, tableSQL) { statement in
            for (i, index) in positions.enumerated() where sqlite3_column_int64(statement, Int32(1 + columns.count + i)) != 0 {
                fromTable[i].add(statement, columns: index, rowid: 0)
            }
        }
        var lines: [String] = []
        for (i, index) in indexes.enumerated() {
            var fromIndex = Digest()
            let count = Int32(index.columns.count)
            let sql = "SELECT " + (index.columns.map(\.quotedDatabaseIdentifier) + ["rowid"]).joined(separator: ", ")
                + " FROM \(table.quotedDatabaseIdentifier) INDEXED BY \(index.name.quotedDatabaseIdentifier)"
                + (index.condition.map { " WHERE \($0)" } ?? "")
            try scan(db, sql) { statement in fromIndex.add(statement, columns: (0..<Int(count)).map { $0 }, rowid: count) }
            if fromIndex != fromTable[i] {
                lines.append("rows missing from index \(index.name), or entries it should not hold (it holds \(fromIndex.count) entries for \(fromTable[i].count) rows of \(table))")
            }
        }
        return lines
    }

    /// One index: its name, the table columns it holds in order, and its WHERE clause when it is partial.
    struct Index {
        var name: String
        var columns: [String]
        var condition: String?
    }

    /// The table's indexes, or nil when one of them indexes an expression.
    static func indexColumns(_ db: Database, table: String) throws -> [Index]? {
        var result: [Index] = []
        let list = try Row.fetchAll(db, sql: "SELECT name, partial FROM pragma_index_list(?) ORDER BY name", arguments: [table])
        for row in list {
            let name: String = try row.decode(atIndex: 0)
            var columns: [String] = []
            for column in try Row.fetchAll(db, sql: "SELECT cid, name FROM pragma_index_info(?) ORDER BY seqno", arguments: [name]) {
                let cid: Int = try column.decode(atIndex: 0)
                guard cid >= 0, let columnName: String = try column.decode(atIndex: 1) else { return nil }
                columns.append(columnName)
            }
            var condition: String?
            if (try row.decode(Int.self, atIndex: 1)) != 0 {
                // The schema was compared with schema.sql before this runs, so this text is schema.sql's own.
                guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [name]),
                      let range = sql.range(of: " WHERE ", options: .backwards) else { return nil }
                condition = String(sql[range.upperBound...])
            }
            result.append(Index(name: name, columns: columns, condition: condition))
        }
        return result
    }

    /// Steps a statement to its end on the raw connection: GRDB's rows box every value, which at a million rows
    /// costs more than the scan.
    static func scan(_ db: Database, _ sql: String, _ body: (OpaquePointer) -> Void) throws {
        try RawRow.forEach(try db.makeStatement(sql: sql), in: db) { body($0.handle) }
    }

    /// A multiset digest: the count and the wrapping sum of each entry's keyed hash.
    struct Digest: Equatable {
        var count = 0
        var sum: UInt64 = 0

        /// Adds the entry made of `columns` and the rowid at column `rowid` of the current row.
        mutating func add(_ statement: OpaquePointer, columns: [Int], rowid: Int32) {
            var hasher = Hasher()
            hasher.combine(sqlite3_column_int64(statement, rowid))
            for column in columns {
                let i = Int32(column)
                switch sqlite3_column_type(statement, i) {
                case SQLITE_INTEGER: hasher.combine(0 as UInt8); hasher.combine(sqlite3_column_int64(statement, i))
                case SQLITE_FLOAT: hasher.combine(1 as UInt8); hasher.combine(sqlite3_column_double(statement, i).bitPattern)
                case SQLITE_NULL: hasher.combine(4 as UInt8)
                case let type:
                    // Text and blobs by their bytes (both sides store the same encoding).
                    let bytes = type == SQLITE_TEXT ? UnsafeRawPointer(sqlite3_column_text(statement, i)) : sqlite3_column_blob(statement, i)
                    let length = Int(sqlite3_column_bytes(statement, i))
                    hasher.combine(type == SQLITE_TEXT ? 2 as UInt8 : 3 as UInt8)
                    hasher.combine(length)
                    if let bytes { hasher.combine(bytes: UnsafeRawBufferPointer(start: bytes, count: length)) }
                }
            }
            count += 1
            sum &+= UInt64(bitPattern: Int64(hasher.finalize()))
        }
    }
}
