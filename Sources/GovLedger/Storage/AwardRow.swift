import GRDB

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

extension LedgerDate {
    /// A date as a ledger column stores it. A plain day (most imported awards) is read from its bytes; the general
    /// parser, which also knows ranges, months and administrations, would otherwise be most of the cost of reading
    /// a million awards. Both accept and produce the same values for a plain day.
    static func stored(_ text: String?, field: String) throws -> LedgerDate? {
        guard let text else { return nil }
        if text.utf8.count == 10, let day = text.utf8.withContiguousStorageIfAvailable(FileValues.isoDay), let day {
            return day
        }
        return try LedgerDate(parsing: text, field: field)
    }
}
