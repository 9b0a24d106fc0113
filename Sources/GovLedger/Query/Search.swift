import GRDB

extension Ledger {
    /// "pursuit 3", "document 7": what a citation row `t` points at.
    static let citedRecordLabel = "'quote on ' || " + "coalesce("
        + RecordKind.citable.map { "'\($0.rawValue) ' || t.\($0.foreignKey)" }.joined(separator: ", ") + ")"

    /// Full-text search over titles, summaries, descriptions, notes and quotes, best matches first.
    ///
    /// Every word must match (a stemmed, case-insensitive prefix-free match); the result names each hit's
    /// kind and reference, with a snippet in which the matches are [bracketed].
    public func search(_ text: String, limit: Int = 50) throws -> Table {
        guard (1...10_000).contains(limit) else {
            throw LedgerError.invalidValue(field: "--limit", value: "\(limit)", expected: "a number from 1 to 10000")
        }
        let words = MatchKey.words(text)
        guard !words.isEmpty else {
            throw LedgerError.invalidValue(field: "text", value: text, expected: "at least one word to search for")
        }
        // FTS5's cost grows with the square of the terms: 10,000 words took 22 s. No real question needs 64.
        guard words.count <= 64 else {
            throw LedgerError.invalidValue(field: "text", value: text, expected: "at most 64 words to search for")
        }
        let match = words.map { "\"" + $0 + "\"" }.joined(separator: " ")
        // Retracted records are not found; a retracted pursuit's stage changes and a retracted source's
        // quotes neither.
        // One primary-key lookup per hit, so a common word over a million awards costs what it did.
        func standing(_ table: String, _ extra: String = "") -> String {
            "NOT EXISTS (SELECT 1 FROM \(table) r WHERE r.id = \(table)_fts.rowid AND (r.retraction IS NOT NULL\(extra)))"
        }
        let sources: [(kind: String, table: String, title: String, standing: String)] = [
            ("pursuit", "pursuits", "t.title", standing("pursuits")),
            ("solicitation", "solicitations", "t.title", standing("solicitations")),
            ("document", "documents", "t.title", standing("documents")),
            ("award", "awards", "ifnull(t.piid, t.award_key)", standing("awards")),
            ("event", "events", "t.title", standing("events")),
            ("stage-change", "stage_changes", "(SELECT title FROM pursuits WHERE id = t.pursuit_id)",
             standing("stage_changes", " OR (SELECT retraction FROM pursuits WHERE id = r.pursuit_id) IS NOT NULL")),
            ("citation", "citations", Ledger.citedRecordLabel,
             "NOT EXISTS (SELECT 1 FROM citations r JOIN sources s ON s.id = r.source_id WHERE r.id = citations_fts.rowid AND s.retraction IS NOT NULL)"),
        ]
        // Rank first, then make snippets for the hits shown only: a snippet costs more than ranking, and a common
        // pair of words can match thousands of awards.
        let union = sources.map { source in
            """
            SELECT '\(source.kind)' AS kind, \(source.table)_fts.rowid AS ref, bm25(\(source.table)_fts) AS score
            FROM \(source.table)_fts WHERE \(source.table)_fts MATCH ?1 AND \(source.standing)
            """
        }.joined(separator: "\nUNION ALL\n")
        let detail = Dictionary(uniqueKeysWithValues: sources.map { source in
            (source.kind, """
                SELECT \(source.title) AS title, snippet(\(source.table)_fts, -1, '[', ']', '…', 12) AS snippet
                FROM \(source.table)_fts JOIN \(source.table) t ON t.id = \(source.table)_fts.rowid
                WHERE \(source.table)_fts MATCH ?1 AND \(source.table)_fts.rowid = ?2
                """)
        })
        return try read { db in
            let hits = try Row.fetchAll(db, sql: union + "\nORDER BY score, kind, ref LIMIT ?2", arguments: [match, limit])
            return Table(columns: ["kind", "ref", "title", "snippet"], rows: try hits.map { hit in
                let kind: String = (try hit.decode(forColumn: "kind"))
                let ref: Int64 = (try hit.decode(forColumn: "ref"))
                let row = try Row.fetchOne(db.cachedStatement(sql: detail[kind]!), arguments: [match, ref])
                return [.text(kind), .int(ref), Cell((try row?.decode(forColumn: "title")) as String?), Cell((try row?.decode(forColumn: "snippet")) as String?)]
            })
        }
    }
}
