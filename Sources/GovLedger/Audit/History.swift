import Foundation
import GRDB

extension Ledger {
    /// Every change to one record, oldest first, with images masked where a source is confidential.
    public func history(_ kindName: String, _ ref: String) throws -> Table {
        let key = kindName.trimmingSpaces.lowercased()
        let kind: JournaledKind
        let id: Int64
        if key == "citation" || key == "citations" {
            kind = .citation
            guard let number = Int64(ref.trimmingSpaces) else {
                throw LedgerError.invalidValue(field: "citation", value: ref, expected: "a citation id")
            }
            id = number
        } else if key == "judgement" || key == "judgements" {
            // A judgement is journaled like a record (made, changed, undone) but has no name: its id only.
            kind = .judgement
            guard let number = Int64(ref.trimmingSpaces) else {
                throw LedgerError.invalidValue(field: "judgement", value: ref, expected: "a judgement id")
            }
            guard try read({ db in
                try Row.fetchOne(db, sql: "SELECT 1 FROM journal WHERE kind = ? AND record_id = ?", arguments: [kind.rawValue, number])
            }) != nil else {
                throw LedgerError.unknownReference(field: "judgement", value: ref, suggestions: [])
            }
            id = number
        } else {
            let recordKind = try RecordKind.named(kindName)
            kind = JournaledKind(rawValue: recordKind.rawValue)!
            // A retracted record has a history too, and a merged one's id names its own, not its survivor's.
            id = try read { db in
                if let number = Int64(ref.trimmingSpaces),
                    try Row.fetchOne(db, sql: "SELECT 1 FROM \(recordKind.table) WHERE id = ?", arguments: [number]) != nil {
                    return number
                }
                return try Ledger.recordId(recordKind, ref, standing: false, in: db)
            }
        }
        guard kind == .agency else {
            return try journalTable(where: "kind = ? AND record_id = ?", [kind.rawValue, id], withHash: false)
        }
        // A seeded agency's first image is in the seed entry.
        return try journalTable(
            where: "(kind = ? AND record_id = ?) OR (kind = ? AND json_extract(after, '$.images.\"' || ? || '\"') IS NOT NULL)",
            [kind.rawValue, id, Seed.kind, id], withHash: false, seeded: id)
    }

    /// The raw journal, optionally from a sequence number or date on, and by one actor.
    public func journal(since: String? = nil, actor: String? = nil) throws -> Table {
        var conditions = Conditions()
        if let since {
            if let seq = Int64(since.trimmingSpaces) {
                conditions.add("seq >= ?", seq)
            } else {
                conditions.add("at >= ?", try LedgerDate(parsing: since, field: "--since").first)
            }
        }
        if let actor { conditions.add("actor = ?", actor) }
        let sql = conditions.clauses.joined(separator: " AND ")
        return try journalTable(where: sql.isEmpty ? "1" : sql, conditions.arguments, withHash: true)
    }

    /// With `seeded`, seed entries show that one agency's image; otherwise they show the seed without its images,
    /// which would fill a terminal with the whole agency reference.
    private func journalTable(where clause: String, _ arguments: StatementArguments, withHash: Bool,
                              seeded: Int64? = nil) throws -> Table {
        try read { db in
            var entries = try JournalEntry.fetchAll(db, sql: "SELECT * FROM journal WHERE \(clause) ORDER BY seq",
                                                    arguments: arguments)
            let seeds = Set(entries.filter { $0.kind == Seed.kind }.map(\.seq))
            entries = try entries.map { entry in
                guard entry.kind == Seed.kind, let after = entry.after else { return entry }
                var shown = entry
                if let seeded {
                    (shown.kind, shown.recordId) = (JournaledKind.agency.rawValue, seeded)
                    shown.after = try Seed.images(seq: entry.seq, in: db)[seeded]
                } else {
                    var members = try JSONValue(parsing: after).members
                    members.removeValue(forKey: "images")
                    shown.after = JSONValue.object(members).canonical
                }
                return shown
            }
            let confidential = try Redaction.confidentialSources(in: db)
            let secretPeople = Set(try Int64.fetchAll(db, sql: Ledger.confidentialPeople))
            let secretRequests = Set(try Int64.fetchAll(db, sql: Redaction.confidentialRequests))
            let contacted = Set(try Int64.fetchAll(db, sql: Redaction.requestsToConfidentialPeople))
            func mask(_ image: String?, _ entry: JournalEntry) throws -> String? {
                let masked = try Redaction.maskPersonImage(Redaction.maskImage(image, kind: entry.kind, confidential: confidential), entry,
                                                           people: secretPeople, requests: secretRequests)
                return Redaction.isToConfidentialPerson(entry, contacted: contacted) ? try Redaction.maskRequestRetraction(masked) : masked
            }
            var columns = ["seq", "at", "actor", "command", "kind", "record_id", "change", "fields", "reason", "before", "after"]
            if withHash { columns.append("hash") }
            return Table(columns: columns, rows: try entries.map { entry in
                let change = entry.before == nil ? "created" : entry.after == nil ? "deleted" : "updated"
                let fields = try entry.before.flatMap { before in
                    try entry.after.map { try Ledger.differingFields(before, $0) }
                } ?? []
                var row: [Cell] = [
                    .int(entry.seq), .text(entry.at), .text(entry.actor), .text(entry.command), .text(entry.kind),
                    Cell(entry.recordId),
                    .text(entry.kind == "import" ? "imported" : seeds.contains(entry.seq) ? "seeded" : change),
                    .list(fields),
                    Cell(Redaction.isSecret(entry, people: secretPeople, requests: secretRequests)
                         || Redaction.isToConfidentialPerson(entry, contacted: contacted)
                        ? entry.reason.map { _ in Redaction.withheldReason } : try Redaction.maskReason(entry, confidential: confidential)),
                    Cell(try mask(entry.before, entry)),
                    Cell(try mask(entry.after, entry)),
                ]
                if withHash { row.append(.text(entry.hash)) }
                return row
            })
        }
    }
}

extension Redaction {
    /// A journal image as it may be shown: a confidential source keeps only its id, kind, date and flag, and a
    /// citation of a source in `confidential` loses its quote.
    static func maskImage(_ image: String?, kind: String, confidential: Set<Int64>) throws -> String? {
        if let image, kind == JournaledKind.citation.rawValue { return try maskCitationImage(image, confidential: confidential) }
        if let image, kind == JournaledKind.note.rawValue {
            // A private note is shown by `show` only: the journal and history say a note changed, not what it says.
            var members = try JSONValue(parsing: image).members
            members["text"] = .string(Ledger.privateNote)
            return JSONValue.object(members).canonical
        }
        guard let image, kind == JournaledKind.source.rawValue else { return image }
        var members = try JSONValue(parsing: image).members
        // A source confidential now is masked in every image, also those from before it was marked so: its
        // earlier title, publisher and notes are what would name it.
        let secretNow: Bool = if case .int(let id)? = members["id"] { confidential.contains(id) } else { false }
        guard members["confidential"] == .bool(true) || secretNow else { return image }
        members["title"] = .string(placeholder)
        for secret in ["publisher", "url", "notes"] { members.removeValue(forKey: secret) }
        if members["retraction"] != nil { members["retraction"] = .string(withheldReason) }
        return JSONValue.object(members).canonical
    }
}

extension Redaction {
    /// A citation's journal image with its quote withheld when its source is one of `confidential`.
    static func maskCitationImage(_ image: String, confidential: Set<Int64>) throws -> String {
        var members = try JSONValue(parsing: image).members
        guard members["quote"] != nil, citesConfidential(members, confidential) else { return image }
        members["quote"] = .string(withheldQuote)
        return JSONValue.object(members).canonical
    }

    /// Whether a citation image names a source in `confidential`.
    static func citesConfidential(_ members: [String: JSONValue], _ confidential: Set<Int64>) -> Bool {
        guard case .int(let source)? = members["source_id"] else { return false }
        return confidential.contains(source)
    }
}

extension Redaction {
    /// A journal entry's reason as it may be shown: withheld for a confidential source or a citation of one.
    static func maskReason(_ entry: JournalEntry, confidential: Set<Int64>) throws -> String? {
        guard let reason = entry.reason else { return nil }
        if entry.kind == JournaledKind.citation.rawValue {
            for image in [entry.before, entry.after].compactMap({ $0 })
            where citesConfidential(try JSONValue(parsing: image).members, confidential) {
                return withheldReason
            }
            return reason
        }
        guard entry.kind == JournaledKind.source.rawValue else { return entry.reason }
        for image in [entry.before, entry.after].compactMap({ $0 })
        where try JSONValue(parsing: image).members["confidential"] == .bool(true) {
            return withheldReason
        }
        return reason
    }
}
