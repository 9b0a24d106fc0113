import GRDB
import GRDBSQLite

/// Inserts imported awards through one prepared statement bound with SQLite's own `sqlite3_bind_*` calls.
///
/// GRDB's `StatementArguments` box every value (about 5 µs a row of Swift runtime work), which at a million rows
/// costs more than SQLite's own work; binding on GRDB's statement handle does not. Only the importers use it,
/// inside their `Ledger.write` transaction.
struct AwardBulkWriter {
    private let statement: Statement
    private let connection: SQLiteConnection

    /// Every column an import writes, in the order they are bound.
    private static let sql = """
        INSERT INTO awards (award_key, piid, vendor_id, agency_id, pursuit_id, solicitation_id, description, award_type,
          obligated_cents, potential_cents, currency, date, date_from, date_to, ends, ends_from, ends_to, permalink,
          source_file, source_sha256, source_row, import_seq, funding_agency_id)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
        ON CONFLICT (award_key) DO NOTHING
        """

    init(_ db: Database) throws {
        statement = try db.makeStatement(sql: AwardBulkWriter.sql)
        connection = db.sqliteConnection!
    }

    /// Inserts `award` as written by import entry `importSeq` and returns its new id; nil when an award with its
    /// key is already in the ledger (the caller then compares and updates it).
    func insert(_ award: Award, importSeq: Int64?) throws -> Int64? {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        func text(_ index: Int32, _ value: String?) {
            guard var value else { return _ = sqlite3_bind_null(handle, index) }
            // An empty buffer may have no address, which SQLite would read as NULL.
            guard !value.isEmpty else { return _ = sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT) }
            value.withUTF8 { bytes in
                _ = bytes.withMemoryRebound(to: CChar.self) { chars in
                    sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), SQLITE_TRANSIENT)
                }
            }
        }
        func int(_ index: Int32, _ value: Int64?) {
            guard let value else { return _ = sqlite3_bind_null(handle, index) }
            sqlite3_bind_int64(handle, index, value)
        }
        text(1, award.awardKey)
        text(2, award.piid)
        int(3, award.vendorId)
        int(4, award.agencyId)
        int(5, award.pursuitId)
        int(6, award.solicitationId)
        text(7, award.description)
        text(8, award.awardType)
        int(9, award.obligatedCents)
        int(10, award.potentialCents)
        text(11, award.currency)
        text(12, award.date?.text)
        text(13, award.date?.first)
        text(14, award.date?.last)
        text(15, award.ends?.text)
        text(16, award.ends?.first)
        text(17, award.ends?.last)
        text(18, award.permalink)
        text(19, award.sourceFile)
        text(20, award.sourceSha256)
        int(21, award.sourceRow)
        int(22, importSeq)
        int(23, award.fundingAgencyId)
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: AwardBulkWriter.sql)
        }
        return sqlite3_changes(connection) == 0 ? nil : sqlite3_last_insert_rowid(connection)
    }

    /// The awards table's secondary indexes and full-text triggers, dropped so that a large import fills the
    /// table first and builds them once afterwards (cheaper than maintaining them row by row). Returns the exact
    /// SQL SQLite holds for them, which `restore` runs again, so the schema afterwards is the same text.
    static func suspendIndexes(_ db: Database) throws -> [String] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT type, name, sql FROM sqlite_master
            WHERE tbl_name = 'awards' AND sql IS NOT NULL
              AND (type = 'index' OR (type = 'trigger' AND name LIKE 'awards\\_fts\\_%' ESCAPE '\\'))
            ORDER BY rowid
            """)
        for row in rows {
            let type: String = (try row.decode(forColumn: "type"))
            let name: String = (try row.decode(forColumn: "name"))
            try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name.quotedDatabaseIdentifier)")
        }
        return try rows.map { try $0.decode(forColumn: "sql") }
    }

    /// Recreates what `suspendIndexes` dropped and rebuilds the awards' full-text index from the table.
    static func restore(_ sql: [String], _ db: Database) throws {
        for statement in sql { try db.execute(sql: statement) }
        try db.execute(sql: "INSERT INTO awards_fts(awards_fts) VALUES ('rebuild')")
    }
}

private let SQLITE_TRANSIENT = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
