import GRDB
import GRDBSQLite

extension Award {
    /// Reads an award from a row of `awards` (`SELECT *`). Reports, `verify` and exports read millions of
    /// imported awards this way, so the date columns take `LedgerDate.stored`'s fast path.
    init(storedRow row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"), awardKey: try row.decode(forColumn: "award_key"),
            piid: try row.decode(forColumn: "piid"), vendorId: try row.decode(forColumn: "vendor_id"),
            agencyId: try row.decode(forColumn: "agency_id"), pursuitId: try row.decode(forColumn: "pursuit_id"),
            solicitationId: try row.decode(forColumn: "solicitation_id"),
            description: try row.decode(forColumn: "description"), awardType: try row.decode(forColumn: "award_type"),
            obligatedCents: try row.decode(forColumn: "obligated_cents"),
            potentialCents: try row.decode(forColumn: "potential_cents"), currency: try row.decode(forColumn: "currency"),
            date: try LedgerDate.stored(try row.decode(forColumn: "date"), field: "awards.date"),
            ends: try LedgerDate.stored(try row.decode(forColumn: "ends"), field: "awards.ends"),
            permalink: try row.decode(forColumn: "permalink"))
        sourceFile = try row.decode(forColumn: "source_file")
        sourceSha256 = try row.decode(forColumn: "source_sha256")
        sourceRow = try row.decode(forColumn: "source_row")
        fundingAgencyId = try row.decode(forColumn: "funding_agency_id")
        retraction = try row.decode(forColumn: "retraction")
        editedByHand = try row.decode(forColumn: "edited_by_hand")
    }
}

extension Award {
    /// The columns `init(streamedRow:)` reads, in its order, with the two derived ranges `verify` checks and the
    /// bulk import entry that wrote the row last.
    static let streamedColumns = """
        id, award_key, piid, vendor_id, agency_id, pursuit_id, solicitation_id, description, award_type, obligated_cents,
        potential_cents, currency, date, ends, permalink, source_file, source_sha256, source_row, funding_agency_id,
        retraction, edited_by_hand, date_from, date_to, ends_from, ends_to, import_seq
        """

    /// Reads an award from a row of `SELECT \(streamedColumns) FROM awards` by position: `verify` streams every
    /// award, and a lookup by column name for each of 26 columns of a million rows was a large part of its time.
    init(streamedRow row: Row) throws {
        self.init(
            id: try row.decode(atIndex: 0), awardKey: try row.decode(atIndex: 1), piid: try row.decode(atIndex: 2),
            vendorId: try row.decode(atIndex: 3), agencyId: try row.decode(atIndex: 4), pursuitId: try row.decode(atIndex: 5),
            solicitationId: try row.decode(atIndex: 6), description: try row.decode(atIndex: 7),
            awardType: try row.decode(atIndex: 8), obligatedCents: try row.decode(atIndex: 9),
            potentialCents: try row.decode(atIndex: 10), currency: try row.decode(atIndex: 11),
            date: try LedgerDate.stored(try row.decode(atIndex: 12), field: "awards.date"),
            ends: try LedgerDate.stored(try row.decode(atIndex: 13), field: "awards.ends"),
            permalink: try row.decode(atIndex: 14))
        sourceFile = try row.decode(atIndex: 15)
        sourceSha256 = try row.decode(atIndex: 16)
        sourceRow = try row.decode(atIndex: 17)
        fundingAgencyId = try row.decode(atIndex: 18)
        retraction = try row.decode(atIndex: 19)
        editedByHand = try row.decode(atIndex: 20)
    }

    /// The date columns (`date`, `ends`) whose stored ranges in a streamed row are not the ones the dates give:
    /// filters and totals read the ranges, so a change to them behind the journal's back matters.
    func mismatchedRanges(_ row: Row) throws -> [String] {
        let stored: [String?] = try (21...24).map { try row.decode(atIndex: $0) }
        var columns: [String] = []
        if stored[0] != date?.first || stored[1] != date?.last { columns.append("date") }
        if stored[2] != ends?.first || stored[3] != ends?.last { columns.append("ends") }
        return columns
    }
}

/// The current row of a statement stepped by hand, read by position without boxing each value: `verify`
/// streams every award, and GRDB's `Row` made a value of each of 26 columns of a million rows.
struct RawRow {
    let handle: SQLiteStatement

    /// Steps `statement` (its arguments set) to its end, calling `body` with each row, then resets it: the one
    /// hand-stepped loop behind verify's award stream, the index digests, totals, search and the report's scan.
    /// An SQLite error is thrown as the `DatabaseError` GRDB would have thrown.
    static func forEach(_ statement: Statement, in db: Database, _ body: (RawRow) throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let row = RawRow(handle: handle)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: statement.sql)
            }
            try body(row)
        }
    }

    /// The column's text; nil for NULL. Another type is given as SQLite converts it (a tampered row then
    /// differs from its image rather than failing to read).
    func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// The column's integer; nil for NULL.
    func int(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }
}

extension Award {
    /// Reads an award from the current row of `SELECT \(streamedColumns) FROM awards`, as `init(streamedRow:)`.
    init(raw row: RawRow) throws {
        self.init(
            id: row.int(0), awardKey: row.text(1), piid: row.text(2), vendorId: row.int(3) ?? 0, agencyId: row.int(4) ?? 0,
            pursuitId: row.int(5), solicitationId: row.int(6), description: row.text(7), awardType: row.text(8),
            obligatedCents: row.int(9), potentialCents: row.int(10), currency: row.text(11) ?? "",
            date: try LedgerDate.stored(row.text(12), field: "awards.date"),
            ends: try LedgerDate.stored(row.text(13), field: "awards.ends"), permalink: row.text(14))
        sourceFile = row.text(15)
        sourceSha256 = row.text(16)
        sourceRow = row.int(17)
        fundingAgencyId = row.int(18)
        retraction = row.text(19)
        editedByHand = row.int(20).map { $0 != 0 }
    }

    /// `mismatchedRanges(_:)` for a raw row.
    func mismatchedRanges(_ row: RawRow) -> [String] {
        var columns: [String] = []
        if row.text(21) != date?.first || row.text(22) != date?.last { columns.append("date") }
        if row.text(23) != ends?.first || row.text(24) != ends?.last { columns.append("ends") }
        return columns
    }
}

extension LedgerDate {
    /// A date as a ledger column stores it. A plain day (most imported awards) is read from its bytes; the general
    /// parser, which also knows ranges, months and administrations, would otherwise be most of the cost of reading
    /// a million awards. Both accept and produce the same values for a plain day.
    static func stored(_ text: String?, field: String) throws -> LedgerDate? {
        guard let text else { return nil }
        // A valid `YYYY-MM-DD` is its own text, first and last day: kept as it is, not formatted anew.
        if text.utf8.count == 10, text.utf8.withContiguousStorageIfAvailable(FileValues.isPlainDay) == true {
            return LedgerDate(validatedDay: text)
        }
        return try LedgerDate(parsing: text, field: field)
    }
}
