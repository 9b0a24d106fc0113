import GRDB
import GRDBSQLite

/// The report's summed sections: each one SQL aggregate over the scope's awards, so that a report on a vendor
/// with tens of thousands of awards reads indexes, not every award.
enum ReportSections {
    /// The scope as the report states it, with each agency and vendor named once.
    static func scope(_ filter: Filter, vendors: [String], _ f: ResolvedFilter, in db: Database) throws -> Report.Scope {
        func unique(_ names: [String]) -> [String] {
            var seen = Set<String>()
            return names.filter { seen.insert($0).inserted }
        }
        let vendorNames = unique(try Ledger.names(f.vendorIds, "SELECT name FROM vendors WHERE id = ?", db))
        let agencyNames = unique(try Ledger.names(f.agencyIds, "SELECT ifnull(acronym, name) FROM agencies WHERE id = ?", db))
        var words: [String] = []
        var named: [String] = []
        if !vendors.isEmpty {
            named = unique(try vendors.map {
                try String.fetchOne(db, sql: "SELECT name FROM vendors WHERE id = ?", arguments: [try Ledger.vendorId($0, in: db)]) ?? $0
            })
            words.append(list(named) + " (each with its subsidiaries)")
        } else if let ref = filter.vendor {
            let root = try Ledger.vendorId(ref, in: db)
            let name = try String.fetchOne(db, sql: "SELECT name FROM vendors WHERE id = ?", arguments: [root]) ?? ref
            let others = vendorNames.filter { $0 != name }
            words.append(name + (others.isEmpty ? "" : others.count <= 3
                ? " and its \(others.count == 1 ? "subsidiary" : "subsidiaries") " + list(others)
                : " and its \(others.count) subsidiaries"))
        } else {
            words.append("all vendors")
        }
        if let ref = filter.agency {
            let root = try Ledger.agencyId(ref, in: db)
            let name = try String.fetchOne(db, sql: "SELECT ifnull(acronym, name) FROM agencies WHERE id = ?", arguments: [root]) ?? ref
            // What lies beneath, counted by level and named once each: "ICE and its 17 offices".
            var counts: [(String, Int)] = []
            for (level, one, many) in [("subagency", "sub-agency", "sub-agencies"), ("office", "office", "offices")] {
                var c = Conditions()
                c.add("level = ?", level)
                c.add("id <> ?", root)
                c.add("id", in: f.agencyIds ?? [])
                let beneath = try String.fetchAll(db, sql: "SELECT DISTINCT ifnull(acronym, name) FROM agencies" + c.sql,
                                                  arguments: c.arguments).filter { $0 != name }
                if !beneath.isEmpty { counts.append((beneath.count == 1 ? one : many, beneath.count)) }
            }
            words.append("at " + name + (counts.isEmpty ? "" : " and its " + list(counts.map { "\($1) \($0)" })))
        } else {
            words.append("at all agencies")
        }
        if let administration = filter.administration { words.append("under \(administration.name)") }
        if let since = filter.since { words.append("since \(since.text)") }
        if let until = filter.until { words.append("until \(until.text)") }
        return Report.Scope(vendors: vendorNames, agencies: agencyNames, administration: filter.administration?.slug,
                            since: filter.since?.text, until: filter.until?.text, words: words.joined(separator: ", "),
                            compared: named)
    }

    /// "A", "A and B", "A, B and C".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    /// The five largest vendors (or agencies) of each administration, as `totals --by administration,vendor --top 5`.
    static func summary(_ f: ResolvedFilter, _ filter: Filter, leadersAre: String, in db: Database) throws -> Report.Summary {
        let totals = try Ledger.totals(in: db, by: [.administration, leadersAre == "agencies" ? .agency : .vendor], scope: f,
                                       filter: Filter(administration: filter.administration, since: filter.since, until: filter.until),
                                       fiscalYear: nil, top: 5)
        var leaders: [Report.Leaders] = []
        // Only those with known obligations rank: a vendor whose awards have no recorded value leads nothing.
        for row in totals.table.rows {
            guard case .text(let administration) = row[0], case .text(let name) = row[1], case .text(let currency) = row[2],
                  case .int(let awards) = row[3], case .money(let cents, _) = row[4], cents != 0 else { continue }
            if leaders.last?.administration != administration { leaders.append(Report.Leaders(administration: administration, ranked: [])) }
            leaders[leaders.count - 1].ranked.append(Report.Ranked(name: name, awards: Int(awards), obligatedCents: cents, currency: currency))
        }
        return Report.Summary(leadersAre: leadersAre, leaders: leaders, basis: Ledger.totalsBasis)
    }

    /// Awards and known US-dollar obligations per federal fiscal year, dated as `totals` dates them.
    static func fiscalYears(_ f: ResolvedFilter, _ filter: Filter, in db: Database) throws -> [Report.FiscalYearTotal] {
        let totals = try Ledger.totals(in: db, by: [.fiscalYear], scope: f,
                                       filter: Filter(administration: filter.administration, since: filter.since, until: filter.until),
                                       fiscalYear: nil, top: nil)
        let years = totals.table.rows.compactMap { row -> Report.FiscalYearTotal? in
            guard case .text(let label) = row[0], label.hasPrefix("FY"), let year = Int(label.dropFirst(2)),
                  case .text("USD") = row[1], case .int(let awards) = row[2], case .money(let cents, _) = row[3] else { return nil }
            return Report.FiscalYearTotal(fiscalYear: year, awards: Int(awards), obligatedCents: cents)
        }
        // No known obligation at all (the seed case's awards of unreported value): no chart of zeros.
        return years.contains { $0.obligatedCents != 0 } ? years : []
    }

    /// What one pass over a scope's award rows finds: the typed-in awards, the imported ones per fiscal year of
    /// their start, and how many came from each imported file.
    struct Scan {
        /// Awards without a source file (typed in), by id.
        var typedIn: [Int64] = []
        /// Imported, dated awards per federal fiscal year of their start: how many, and their US-dollar obligations.
        var perFiscalYear: [Int64: (awards: Int, obligatedCents: Int64)] = [:]
        /// Imported awards per file name and SHA-256.
        var files: [FileKey: Int] = [:]

        struct FileKey: Hashable {
            var file: String
            var sha256: String
        }
    }

    /// Reads the scope's awards once (`c` on alias `x`) for `Scan`, stepping the statement by hand.
    static func scan(_ c: Conditions, in db: Database) throws -> Scan {
        let sql = "SELECT x.id, x.source_file, x.source_sha256, x.date_from, x.currency, x.obligated_cents FROM awards x" + c.sql
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(c.arguments)
        var scan = Scan()
        try RawRow.forEach(statement, in: db) { row in
            guard let file = row.text(1) else {
                if let id = row.int(0) { scan.typedIn.append(id) }
                return
            }
            if let sha = row.text(2) { scan.files[Scan.FileKey(file: file, sha256: sha), default: 0] += 1 }
            if let start = row.text(3), start.utf8.count >= 7, let year = Int64(start.prefix(4)) {
                let fiscalYear = year + (start.dropFirst(5).prefix(2) >= "10" ? 1 : 0)
                var entry = scan.perFiscalYear[fiscalYear] ?? (0, 0)
                entry.awards += 1
                if row.text(4) == "USD", let cents = row.int(5) {
                    let (sum, overflow) = entry.obligatedCents.addingReportingOverflow(cents)
                    guard !overflow else {
                        throw LedgerError.refused("the obligations in this report's scope exceed what 64-bit cents can hold (±$92,233,720,368,547,758.07)")
                    }
                    entry.obligatedCents = sum
                }
                scan.perFiscalYear[fiscalYear] = entry
            }
        }
        return scan
    }

    /// One timeline mark per fiscal year for the imported awards (by start date), instead of one per award.
    static func importedPerFiscalYear(_ scan: Scan) throws -> [Report.TimelineEntry] {
        try scan.perFiscalYear.sorted { $0.key < $1.key }.map { year, entry in
            let (awards, cents) = entry
            let first = "\(year - 1)-10-01", last = "\(year)-09-30"
            let date = try LedgerDate(parsing: "\(first)..\(last)", field: "fiscal year")
            return Report.TimelineEntry(
                date: "FY\(year)", first: first, last: last, administration: date.administration.label,
                kind: "imported-awards", ref: year,
                title: "\(awards) imported award\(awards == 1 ? "" : "s") starting in FY\(year), \(Money.display(cents: cents, currency: "USD"))",
                awards: awards, obligatedCents: cents)
        }
    }

    /// How many awards the scope holds and their known US-dollar obligations.
    static func count(_ c: Conditions, in db: Database) throws -> (awards: Int, obligatedCents: Int64) {
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*) AS awards, ifnull(sum(CASE WHEN x.currency = 'USD' THEN x.obligated_cents END), 0) AS obligated
            FROM awards x\(c.sql)
            """, arguments: c.arguments)
        return (try row?.decode(forColumn: "awards") ?? 0, try row?.decode(forColumn: "obligated") ?? 0)
    }

    /// The imported files the scope's awards (and their transactions) came from, with their import entries.
    static func files(_ scan: Scan, _ c: Conditions, in db: Database) throws -> [Report.ImportedFile] {
        var rows: [(file: String, sha: String, n: Int)] = scan.files.map { ($0.key.file, $0.key.sha256, $0.value) }
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM award_transactions)") ?? false {
            var t = c
            t.add("t.source_file IS NOT NULL AND t.source_sha256 IS NOT NULL")
            rows += try Row.fetchAll(db, sql: """
                SELECT t.source_file AS file, t.source_sha256 AS sha, count(*) AS n
                FROM award_transactions t JOIN awards x ON x.id = t.award_id\(t.sql) GROUP BY t.source_file, t.source_sha256
                """, arguments: t.arguments).map { ((try $0.decode(forColumn: "file")) as String, (try $0.decode(forColumn: "sha")) as String,
                                                   (try $0.decode(forColumn: "n")) as Int) }
        }
        guard !rows.isEmpty else { return [] }
        // The import entries, by the SHA-256 their after image names (few: one per file imported).
        var entries: [String: [(seq: Int64, rows: Int?, download: String?)]] = [:]
        for entry in try Row.fetchAll(db, sql: """
            SELECT seq, json_extract(after, '$.sha256') AS sha, json_extract(after, '$.rows_read') AS rows,
              json_extract(after, '$.download') AS download FROM journal WHERE kind = 'import' AND after IS NOT NULL ORDER BY seq
            """) {
            guard let sha: String = try entry.decode(forColumn: "sha") else { continue }
            entries[sha, default: []].append((try entry.decode(forColumn: "seq"), try entry.decode(forColumn: "rows"),
                                              try entry.decode(forColumn: "download")))
        }
        var files: [String: Report.ImportedFile] = [:]
        // Files in a stable order, as SQLite's grouping gave them (by name, then hash).
        for row in rows.sorted(by: { ($0.file, $0.sha) < ($1.file, $1.sha) }) {
            let (name, sha) = (row.file, row.sha)
            let imports = entries[sha] ?? []
            var file = files[sha] ?? Report.ImportedFile(file: name, sha256: sha, download: imports.last?.download,
                                                         rowsRead: imports.last?.rows, inScope: 0, journalSeqs: imports.map(\.seq))
            file.inScope += row.n
            files[sha] = file
        }
        return files.values.sorted { ($0.journalSeqs.first ?? .max, $0.file) < ($1.journalSeqs.first ?? .max, $1.file) }
    }

    /// With two or more vendors: each one's awards, obligations and largest award per administration.
    static func comparison(_ vendors: [String], _ families: [[Int64]], _ f: ResolvedFilter, in db: Database,
                           builder: inout ReportBuilder) throws -> [Report.ComparisonRow] {
        guard vendors.count >= 2 else { return [] }
        var rows: [Report.ComparisonRow] = []
        for (root, family) in zip(try vendors.map { try Ledger.vendorId($0, in: db) }, families) {
            var one = f
            one.vendorIds = family
            let name = try String.fetchOne(db, sql: "SELECT name FROM vendors WHERE id = ?", arguments: [root]) ?? ""
            for total in try Ledger.awardTotals(one, in: db) {
                var c = Conditions()
                one.addStanding(to: &c, "x")
                c.add("x.vendor_id", in: family)
                if let ids = one.agencyIds { c.add("x.agency_id", in: ids) }
                one.addDateConditions(to: &c, "x")
                if let administration = Administration.named(total.administration) {
                    c.add("x.date_from >= ?", administration.startsOn)
                    if let end = administration.endsOn { c.add("x.date_to < ?", end) }
                } else {
                    c.add("0")
                }
                c.add("x.currency = 'USD' AND x.obligated_cents IS NOT NULL")
                let largest = try Row.fetchOne(db, sql: "SELECT x.* FROM awards x\(c.sql) ORDER BY x.obligated_cents DESC, x.id LIMIT 1",
                                               arguments: c.arguments).map(Award.init(storedRow:))
                rows.append(Report.ComparisonRow(administration: total.administration, vendor: name, awards: total.awards,
                                                 obligatedCents: total.obligatedCents,
                                                 largestAward: try largest.map { try builder.entry(for: $0) }))
            }
        }
        let order = ["before-1993"] + Administration.all.map(\.slug) + ["ambiguous", "undated"]
        return rows.enumerated().sorted {
            ((order.firstIndex(of: $0.element.administration) ?? order.count), $0.offset)
                < ((order.firstIndex(of: $1.element.administration) ?? order.count), $1.offset)
        }.map(\.element)
    }
}
