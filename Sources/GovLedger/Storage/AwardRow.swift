import GRDB

extension Award {
    /// An award from its row, without Codable's per-row cost: reports, `verify` and the importers read awards
    /// by the million through it.
    static func read(_ row: Row) throws -> Award {
        var award = Award(
            id: (try row.decode(forColumn: "id")), awardKey: (try row.decode(forColumn: "award_key")), piid: (try row.decode(forColumn: "piid")), vendorId: (try row.decode(forColumn: "vendor_id")),
            agencyId: (try row.decode(forColumn: "agency_id")), pursuitId: (try row.decode(forColumn: "pursuit_id")), solicitationId: (try row.decode(forColumn: "solicitation_id")),
            description: (try row.decode(forColumn: "description")), awardType: (try row.decode(forColumn: "award_type")), obligatedCents: (try row.decode(forColumn: "obligated_cents")),
            potentialCents: (try row.decode(forColumn: "potential_cents")), currency: (try row.decode(forColumn: "currency")),
            date: try Award.date(row, "date"), ends: try Award.date(row, "ends"),
            permalink: (try row.decode(forColumn: "permalink")))
        (award.sourceFile, award.sourceSha256, award.sourceRow) = ((try row.decode(forColumn: "source_file")), (try row.decode(forColumn: "source_sha256")), (try row.decode(forColumn: "source_row")))
        award.fundingAgencyId = try row.decode(forColumn: "funding_agency_id")
        return award
    }

    /// An award's date column; a plain day (most imported awards) is read from its bytes, the general parser
    /// being most of a large report's cost otherwise.
    static func date(_ row: Row, _ column: String) throws -> LedgerDate? {
        guard let text = (try row.decode(forColumn: column)) as String? else { return nil }
        if text.utf8.count == 10, let day = text.utf8.withContiguousStorageIfAvailable(FileValues.isoDay), let day {
            return day
        }
        return try LedgerDate(parsing: text, field: "awards.\(column)")
    }
}
