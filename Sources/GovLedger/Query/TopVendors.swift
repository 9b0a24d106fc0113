import GRDB

extension Ledger {
    /// The vendors with the largest obligations on awards, optionally by one agency (its sub-agencies and offices
    /// included) and in a window of dates (`since`/`until` keep awards whose date range overlaps it, as `list`
    /// does; undated awards then drop out).
    ///
    /// One row per vendor as recorded on the awards (subsidiaries are not folded into their parents): `id`,
    /// `vendor`, `uei`, `awards` (how many), `obligated_cents` (the sum of known obligations in US dollars, as the
    /// report sums them) and `awards_with_unknown_value` (no obligation recorded, or another currency). Largest
    /// obligation first, then most awards, then by id; at most `limit` rows (1…10,000).
    public func topVendors(agency: String? = nil, since: LedgerDate? = nil, until: LedgerDate? = nil, limit: Int = 20)
        throws -> Table
    {
        guard (1...10_000).contains(limit) else {
            throw LedgerError.invalidValue(field: "--limit", value: "\(limit)", expected: "a number from 1 to 10000")
        }
        return try read { db in
            let f = try ResolvedFilter(Filter(agency: agency, since: since, until: until), in: db)
            var c = Conditions()
            f.addStanding(to: &c, "x")
            if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
            f.addDateConditions(to: &c, "x")
            c.appendArguments([limit])
            let rows = try Row.fetchAll(db, sql: """
                SELECT v.id, v.name, v.uei, t.awards, t.obligated_cents, t.unknown FROM (
                  SELECT x.vendor_id, count(*) AS awards,
                    ifnull(sum(CASE WHEN x.currency = 'USD' THEN x.obligated_cents END), 0) AS obligated_cents,
                    count(*) - count(CASE WHEN x.currency = 'USD' THEN x.obligated_cents END) AS unknown
                  FROM awards x\(c.sql) GROUP BY x.vendor_id) t
                JOIN vendors v ON v.id = t.vendor_id
                ORDER BY t.obligated_cents DESC, t.awards DESC, v.id LIMIT ?
                """, arguments: c.arguments)
            return Table(
                columns: ["id", "vendor", "uei", "awards", "obligated_cents", "awards_with_unknown_value"],
                rows: try rows.map { row in
                    [.int((try row.decode(forColumn: "id"))), .text((try row.decode(forColumn: "name"))), Cell((try row.decode(forColumn: "uei")) as String?), .int((try row.decode(forColumn: "awards"))),
                     .int((try row.decode(forColumn: "obligated_cents"))), .int((try row.decode(forColumn: "unknown")))]
                })
        }
    }
}
