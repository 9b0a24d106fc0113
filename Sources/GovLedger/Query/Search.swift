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
        let match = words.map { "\"" + $0 + "\"" }.joined(separator: " ")
        let sources: [(kind: String, table: String, title: String)] = [
            ("pursuit", "pursuits", "t.title"), ("solicitation", "solicitations", "t.title"),
            ("document", "documents", "t.title"), ("award", "awards", "ifnull(t.piid, t.award_key)"),
            ("event", "events", "t.title"),
            ("stage-change", "stage_changes", "(SELECT title FROM pursuits WHERE id = t.pursuit_id)"),
            ("citation", "citations", Ledger.citedRecordLabel),
        ]
        let union = sources.map { source in
            """
            SELECT '\(source.kind)' AS kind, t.id AS ref, \(source.title) AS title,
              snippet(\(source.table)_fts, -1, '[', ']', '…', 12) AS snippet, bm25(\(source.table)_fts) AS score
            FROM \(source.table)_fts JOIN \(source.table) t ON t.id = \(source.table)_fts.rowid
            WHERE \(source.table)_fts MATCH ?1
            """
        }.joined(separator: "\nUNION ALL\n")
        return try read { db in
            let rows = try Row.fetchAll(db, sql: union + "\nORDER BY score, kind, ref LIMIT ?2", arguments: [match, limit])
            return Table(columns: ["kind", "ref", "title", "snippet"], rows: rows.map { row in
                [.text(row["kind"]), .int(row["ref"]), Cell(row["title"] as String?), Cell(row["snippet"] as String?)]
            })
        }
    }
}
