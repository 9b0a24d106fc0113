import GRDB

/// The kinds of record `search` looks in (`search --kind`).
public enum SearchKind: String, CaseIterable, Sendable {
    case pursuit, solicitation, document, award, event, stageChange = "stage-change", citation
    /// People by name and notes; a confidential source's person is never found.
    case person
    /// Answers to requests for comment, by what was said.
    case request
}

/// What a search found: the hits shown, best first, and how many matched in all.
public struct SearchResult: Sendable {
    /// One row per hit: kind, ref, title, vendor, agency, date, obligated_cents and currency (awards), snippet.
    public var table: Table
    /// Every hit the query matched, shown or not: "50 of 263".
    public var total: Int
}

extension Ledger {
    /// "pursuit 3", "document 7": what a citation row `t` points at.
    static let citedRecordLabel = "'quote on ' || " + "coalesce("
        + RecordKind.citable.map { "'\($0.rawValue) ' || t.\($0.foreignKey)" }.joined(separator: ", ") + ")"

    /// Full-text search, best matches first: the hits' table only (see `find` for the total).
    public func search(_ text: String, kinds: Set<SearchKind> = [], limit: Int = 50, tags: [String] = []) throws -> Table {
        try find(text, kinds: kinds, limit: limit, tags: tags).table
    }

    /// Full-text search over titles, summaries, descriptions, notes and quotes, best matches first (`SearchRank`).
    ///
    /// The query language is `SearchQuery`'s: words, `"phrases"`, `OR`, `-word`/`NOT word`, `prefix*`. Each hit
    /// names its kind and reference, the vendor, agency and date it concerns where it has them, an award's
    /// obligated amount, and a snippet in which the matches are [bracketed]. `kinds` limits the kinds searched.
    ///
    /// With `tags`, only records tagged with every one of them (`govledger tag`; quotes, which cannot be tagged,
    /// are then not searched).
    public func find(_ text: String, kinds: Set<SearchKind> = [], limit: Int = 50, tags: [String] = []) throws
        -> SearchResult
    {
        let words = try tags.map { try Ledger.tagWord($0, field: "--tag") }
        guard (1...10_000).contains(limit) else {
            throw LedgerError.invalidValue(field: "--limit", value: "\(limit)", expected: "a number from 1 to 10000")
        }
        let match = try SearchQuery(text).match
        let searched = SearchKind.allCases.filter { (kinds.isEmpty || kinds.contains($0)) && (words.isEmpty || $0 != .citation) }
        // Each tag is bound as ?2, ?3…, after the query (?1); the limit comes last.
        func tagged(_ kind: SearchKind, _ table: String) -> String {
            words.indices.map { index in
                " AND \(table)_fts.rowid IN (SELECT record_id FROM tags WHERE record_kind = '\(kind.rawValue)' AND word = ?\(index + 2))"
            }.joined()
        }
        // Retracted records are not found; a retracted pursuit's stage changes and a retracted source's
        // quotes neither, nor a confidential source's (its words give it away). The retracted ids are few and indexed (`awards_retracted`), so leaving them out costs a
        // probe of a small set per hit rather than a lookup of each hit's row.
        func standing(_ table: String, _ extra: String = "") -> String {
            extra.isEmpty ? "\(table)_fts.rowid NOT IN (SELECT id FROM \(table) WHERE retraction IS NOT NULL)"
                : "NOT EXISTS (SELECT 1 FROM \(table) r WHERE r.id = \(table)_fts.rowid AND (r.retraction IS NOT NULL\(extra)))"
        }
        func standing(_ kind: SearchKind) -> String {
            switch kind {
            case .stageChange:
                standing("stage_changes", " OR (SELECT retraction FROM pursuits WHERE id = r.pursuit_id) IS NOT NULL")
            case .citation:
                "NOT EXISTS (SELECT 1 FROM citations r JOIN sources s ON s.id = r.source_id WHERE r.id = citations_fts.rowid AND (s.retraction IS NOT NULL OR s.confidential <> 0))"
            case .person: standing("people", " OR r.id IN (\(Ledger.confidentialPeople))")
            case .request:
                standing("reply_requests", " OR (r.vendor_id IS NULL AND r.agency_id IS NULL AND r.person_id IN (\(Ledger.confidentialPeople)))")
            default: standing(Ledger.searchTable(kind))
            }
        }
        // Each kind's best hits come from its own index, then merge by score: the overall best `limit` are among
        // them. Ranked by `govledger_rank()` (SearchRank) in SQL with the limit, which SQLite keeps in a small heap;
        // FTS5's own `ORDER BY rank` sorted every hit and then sought each row shown again (6 ms against 3.7 ms
        // at a million awards). Snippets are made only for the hits shown, in the pass that counts a kind's hits:
        // a snippet costs more than ranking, and asked for one row at a time each ran the whole query again.
        func matches(_ kind: SearchKind) -> String {
            let table = Ledger.searchTable(kind)
            return "FROM \(table)_fts WHERE \(table)_fts MATCH ?1 AND \(standing(kind))\(tagged(kind, table))"
        }
        return try read { db in
            let bound: [any DatabaseValueConvertible] = [match] + words
            var ranked: [(kind: SearchKind, ref: Int64, score: Int64)] = []
            // A kind's count is known from its ranking when fewer than `limit` matched.
            var counts: [SearchKind: Int] = [:]
            for kind in searched {
                let table = Ledger.searchTable(kind)
                let best = try db.cachedStatement(sql: """
                    SELECT \(table)_fts.rowid, \(SearchRank.function)(\(table)_fts) AS score
                    \(matches(kind)) ORDER BY score LIMIT ?\(bound.count + 1)
                    """)
                let rows = try Row.fetchAll(best, arguments: StatementArguments(bound + [limit]))
                for row in rows {
                    ranked.append((kind, try row.decode(Int64.self, atIndex: 0), SearchRank.score(ofRank: try row.decode(Int64.self, atIndex: 1))))
                }
                if rows.count < limit { counts[kind] = rows.count }
            }
            // Best first; equal scores by kind, then by number.
            ranked.sort { ($0.score, $0.kind.rawValue, $0.ref) < ($1.score, $1.kind.rawValue, $1.ref) }
            let shown = ranked.prefix(limit)
            // One pass over each kind whose count is unknown or whose hits are shown: it counts the hits and makes
            // the snippets of the shown ones (their numbers bound as a JSON array).
            var snippets: [SearchKind: [Int64: String]] = [:]
            for kind in searched {
                let refs = shown.filter { $0.kind == kind }.map(\.ref)
                guard counts[kind] == nil || !refs.isEmpty else { continue }
                let table = Ledger.searchTable(kind)
                let pass = try db.cachedStatement(sql: """
                    SELECT \(table)_fts.rowid, CASE WHEN \(table)_fts.rowid IN (SELECT value FROM json_each(?\(bound.count + 1)))
                      THEN snippet(\(table)_fts, -1, '[', ']', '…', 12) END
                    \(matches(kind))
                    """)
                let wanted = "[" + refs.map(String.init).joined(separator: ",") + "]"
                try pass.setArguments(StatementArguments(bound + [wanted]))
                // Stepped on the raw statement: a GRDB row for each of thousands of hits cost more than the pass.
                var count = 0
                try RawRow.forEach(pass, in: db) { row in
                    count += 1
                    if let snippet = row.text(1), let ref = row.int(0) { snippets[kind, default: [:]][ref] = snippet }
                }
                counts[kind] = count
            }
            let total = counts.values.reduce(0, +)
            let hits = shown.map { (kind: $0.kind, ref: $0.ref, snippet: snippets[$0.kind]?[$0.ref]) }
            let table = Table(columns: ["kind", "ref", "title", "vendor", "agency", "date", "obligated_cents", "currency", "snippet"],
                              rows: try hits.map { hit in
                let (kind, ref, name) = (hit.kind, hit.ref, hit.kind.rawValue)
                guard let row = try Row.fetchOne(db.cachedStatement(sql: Ledger.searchDetail(kind)), arguments: [ref])
                else { return [.text(name), .int(ref), .null, .null, .null, .null, .null, .null, .null] }
                let cents: Int64? = try row.decode(forColumn: "obligated_cents")
                let currency: String? = try row.decode(forColumn: "currency")
                return [.text(name), .int(ref), Cell((try row.decode(forColumn: "title")) as String?),
                        Cell((try row.decode(forColumn: "vendor")) as String?),
                        Cell((try row.decode(forColumn: "agency")) as String?),
                        Cell((try row.decode(forColumn: "date")) as String?),
                        cents.map { .money($0, currency: currency ?? "USD") } ?? .null, Cell(cents == nil ? nil : currency),
                        Cell(hit.snippet)]
            })
            return SearchResult(table: table, total: total)
        }
    }

    static func searchTable(_ kind: SearchKind) -> String {
        switch kind {
        case .stageChange: "stage_changes"
        case .person: "people"
        case .request: "reply_requests"
        default: kind.rawValue + "s"
        }
    }

    /// One hit's details: its title, the vendor, agency and date it concerns, an award's obligation.
    static func searchDetail(_ kind: SearchKind) -> String {
        let table = searchTable(kind)
        func v(_ column: String) -> String { "(SELECT name FROM vendors WHERE id = \(column))" }
        func a(_ column: String) -> String { "(SELECT coalesce(acronym, name) FROM agencies WHERE id = \(column))" }
        let (title, vendorSQL, agencySQL, date, money): (String, String, String, String, String)
        switch kind {
        case .pursuit: (title, vendorSQL, agencySQL, date, money) = ("t.title", v("t.vendor_id"), a("t.agency_id"), "t.date", "NULL, NULL")
        case .solicitation: (title, vendorSQL, agencySQL, date, money) = ("t.title", "NULL", a("t.agency_id"), "t.posted", "NULL, NULL")
        case .document: (title, vendorSQL, agencySQL, date, money) = ("t.title", "NULL", "NULL", "t.date", "NULL, NULL")
        case .award:
            (title, vendorSQL, agencySQL, date, money) = ("ifnull(t.piid, t.award_key)", v("t.vendor_id"), a("t.agency_id"),
                                                          "t.date", "t.obligated_cents, t.currency")
        case .event: (title, vendorSQL, agencySQL, date, money) = ("t.title", "NULL", "NULL", "t.date", "NULL, NULL")
        case .stageChange:
            (title, vendorSQL, agencySQL, date, money) = (
                "(SELECT title FROM pursuits WHERE id = t.pursuit_id)",
                v("(SELECT vendor_id FROM pursuits WHERE id = t.pursuit_id)"),
                a("(SELECT agency_id FROM pursuits WHERE id = t.pursuit_id)"), "t.date", "NULL, NULL")
        case .citation: (title, vendorSQL, agencySQL, date, money) = (Ledger.citedRecordLabel, "NULL", "NULL", "NULL", "NULL, NULL")
        case .person: (title, vendorSQL, agencySQL, date, money) = ("t.name", "NULL", "NULL", "NULL", "NULL, NULL")
        case .request:
            (title, vendorSQL, agencySQL, date, money) = (
                "'reply from ' || coalesce(\(v("t.vendor_id")), \(a("t.agency_id")), (SELECT name FROM people WHERE id = t.person_id))",
                v("t.vendor_id"), a("t.agency_id"), "t.answered", "NULL, NULL")
        }
        let moneyColumns = money == "NULL, NULL" ? "NULL AS obligated_cents, NULL AS currency"
            : "t.obligated_cents AS obligated_cents, t.currency AS currency"
        return """
            SELECT \(title) AS title, \(vendorSQL) AS vendor, \(agencySQL) AS agency, \(date) AS date, \(moneyColumns)
            FROM \(table) t WHERE t.id = ?
            """
    }
}
