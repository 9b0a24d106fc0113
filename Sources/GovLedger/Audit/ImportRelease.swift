import GRDB

// An imported award is covered by its import's journal entry (a digest over the awards it wrote), not by
// entries of its own. Before a hand write (edit, retract, merge) changes one, it is released from its import
// the way a later import releases it: an `import`-kind entry that wrote no awards lists it under `released`,
// so `verify` still recomputes the import's digest, and an award entry records the award as imported. From
// then on the award's own entries cover it, like any record typed in.

extension Ledger {
    /// Releases every award among `ids` that a bulk import still covers; the caller then changes them.
    static func releaseFromImports(_ ids: [Int64], command: String, ledger: Ledger, in db: Database) throws {
        guard !ids.isEmpty else { return }
        var released: [Int64: [(id: Int64, hash: String)]] = [:]
        var images: [(id: Int64, image: String)] = []
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM awards WHERE id IN (\(marks)) AND import_seq IS NOT NULL",
                                        arguments: StatementArguments(chunk))
            for row in rows {
                // The import's digest and the award's image cover its transactions too: without them a
                // transactions file's award would be released as a row the import never wrote.
                var award = try Award(storedRow: row)
                award.transactions = try award.id.flatMap { try Ledger.transactions(ofAward: $0, in: db) }
                let seq: Int64 = try row.decode(forColumn: "import_seq")
                released[seq, default: []].append((award.id!, BulkJournal.rowHash(award)))
                images.append((award.id!, award.canonicalImage))
            }
        }
        guard !released.isEmpty else { return }
        let at = Journal.timestamp(ledger.clock())
        let after = JSONValue.object([
            "source": .string(command), "awards": .int(0), "digest": .string(BulkJournal.digest([])),
            "released": .object(Dictionary(uniqueKeysWithValues: released.map { seq, pairs in
                (String(seq), JSONValue.array(pairs.sorted { $0.id < $1.id }.map { .array([.int($0.id), .string($0.hash)]) }))
            })),
        ]).canonical
        try Journal.append(db, at: at, actor: ledger.actor, command: command, kind: "import", recordId: nil,
                           before: nil, after: after)
        for (id, image) in images.sorted(by: { $0.id < $1.id }) {
            try Journal.append(db, at: at, actor: ledger.actor, command: command, kind: JournaledKind.award.rawValue,
                               recordId: id, before: nil, after: image)
            try db.execute(sql: "UPDATE awards SET import_seq = NULL WHERE id = ?", arguments: [id])
        }
    }
}
