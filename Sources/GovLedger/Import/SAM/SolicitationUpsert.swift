import GRDB

extension ImportEntry {
    /// Every column a notice writes, in the order they are bound.
    private static let insertSolicitation = """
        INSERT INTO solicitations (agency_id, title, notice_type, base_notice_type, notice_id, solicitation_number,
          description, url, posted, posted_from, posted_to, response_due, response_due_from, response_due_to, import_seq)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// Writes one notice as `upsert(_:keepEarlier:)` writes an award, keyed by its notice id, and sets its id.
    /// `repeated`: this same import had written it already (a notice id repeated in one file).
    mutating func upsert(_ solicitation: inout Solicitation) throws -> (outcome: Outcome, repeated: Bool) {
        let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM solicitations WHERE notice_id = ?"),
                                   arguments: [solicitation.noticeId])
        guard let row else {
            try db.cachedStatement(sql: ImportEntry.insertSolicitation).execute(arguments: [
                solicitation.agencyId, solicitation.title, solicitation.noticeType.rawValue,
                solicitation.baseNoticeType?.rawValue, solicitation.noticeId, solicitation.solicitationNumber,
                solicitation.description, solicitation.url, solicitation.posted?.text, solicitation.posted?.first,
                solicitation.posted?.last, solicitation.responseDue?.text, solicitation.responseDue?.first,
                solicitation.responseDue?.last, seq,
            ])
            solicitation.id = db.lastInsertedRowID
            add(solicitation)
            return (.added, false)
        }
        let existing = try Solicitation(row: row)
        let earlier: Int64? = try row.decode(forColumn: "import_seq")
        solicitation.id = existing.id
        if solicitation == existing { return (.unchanged, earlier == seq) }
        let id = existing.id!
        if earlier == seq {
            solicitations.remove(id)
            if keepsOriginals, let original = originalSolicitations[id],
               BulkJournal.hex(BulkJournal.solicitationDigest(solicitation, scratch: &scratch)) == original.hash {
                // Put back as it was before this file: no longer this import's.
                try solicitation.update(db)
                try db.execute(sql: "UPDATE solicitations SET import_seq = ? WHERE id = ?", arguments: [original.earlier, id])
                if let before = original.earlier { releasedSolicitations[before]?.removeAll { $0.id == id } }
                originalSolicitations[id] = nil
                return (.restored, false)
            }
        } else {
            let hash = BulkJournal.hex(BulkJournal.solicitationDigest(existing, scratch: &scratch))
            if let earlier {
                try requireIntact(.solicitation, earlier)
                releasedSolicitations[earlier, default: []].append((id, hash))
            } else {
                // A notice recorded by hand or by an import before notices were bulk-journaled: its own entries
                // cover it, and it must be as they say before the import builds on it.
                try Journal.requireUntampered(.solicitation, id, in: db)
            }
            if keepsOriginals { originalSolicitations[id] = (earlier, hash) }
        }
        try solicitation.update(db)
        try db.execute(sql: "UPDATE solicitations SET import_seq = ? WHERE id = ?", arguments: [seq, solicitation.id])
        add(solicitation)
        return (.updated, earlier == seq)
    }

    private mutating func add(_ solicitation: Solicitation) {
        solicitations.add(solicitation.id!, BulkJournal.solicitationDigest(solicitation, scratch: &scratch))
    }
}
