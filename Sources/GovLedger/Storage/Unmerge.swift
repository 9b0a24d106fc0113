import GRDB

// `unmerge vendor A` undoes `merge vendor A --into B` from the journal: the merge's entries (one write, so one
// run of entries under the command `merge vendor A into B`) hold every changed record's image before and after.
// Each pointer the merge moved from A to B, and that still points at B, points at A again; B loses the aliases
// and identifiers it took from A; A is a record of its own again. What was changed since (an edit of B, a
// pursuit re-pointed by hand) is left as it is.

extension Ledger {
    /// Undoes the merge of vendor or agency `ref` (the merged record: its id or its own name), journaled as
    /// `unmerge KIND`. Returns a summary of what moved back.
    public func unmerge(_ kind: RecordKind, _ ref: String, reason: String? = nil) throws -> MergeSummary {
        guard kind == .vendor || kind == .agency else {
            throw LedgerError.invalidValue(field: "kind", value: kind.rawValue, expected: "vendor or agency")
        }
        let reason = try Text.prose(reason, field: "reason")
        return try write("unmerge \(kind.rawValue)", reason: reason) { db in
            let shape = MergeShape.of(kind)
            let table = kind.table
            let from = try Ledger.mergedRecord(kind, ref, in: db)
            guard let into = try Int64.fetchOne(db, sql: "SELECT merged_into_id FROM \(table) WHERE id = ?", arguments: [from])
            else {
                throw LedgerError.invalidValue(field: kind.rawValue, value: ref, expected: "a merged \(kind.rawValue); \(kind.rawValue) \(from) is not merged")
            }
            let entries = try Ledger.mergeEntries("merge \(kind.rawValue) \(from) into \(into)", kind: kind, id: from, in: db)
            var moved: [String: Int] = [:]
            for entry in entries {
                guard let recordKind = JournaledKind(rawValue: entry.kind), let id = entry.recordId,
                    let beforeText = entry.before, let afterText = entry.after
                else { continue }
                let before = try JSONValue(parsing: beforeText).members
                let after = try JSONValue(parsing: afterText).members
                if recordKind.rawValue == kind.rawValue, id == from || id == into { continue }
                for column in ["vendor_id", "agency_id", "funding_agency_id", "parent_id"]
                where before[column] == .int(from) && after[column] == .int(into) {
                    let changes = try Ledger.changes(db, "UPDATE \(recordKind.table) SET \(column) = ? WHERE id = ? AND \(column) = ?",
                                                     [from, id, into])
                    if changes > 0 { moved[recordKind.table, default: 0] += 1 }
                }
                if recordKind == .document || recordKind == .event {
                    try Ledger.unmergeLinks(recordKind, id, shape: shape, from: from, into: into,
                                            before: before, after: after, in: db)
                    moved[recordKind.table, default: 0] += 1
                }
            }
            // The survivor gives back what it took; the merged record gets back what it gave and stands alone.
            let survivor = entries.last { $0.kind == kind.rawValue && $0.recordId == into && $0.before != nil }
            let merged = entries.last { $0.kind == kind.rawValue && $0.recordId == from && $0.before != nil }
            let intoBefore = try survivor?.before.map { try JSONValue(parsing: $0).members } ?? [:]
            let intoAfter = try survivor?.after.map { try JSONValue(parsing: $0).members } ?? [:]
            let fromBefore = try merged?.before.map { try JSONValue(parsing: $0).members } ?? [:]
            if kind == .vendor {
                // The survivor's row is touched first: a deleted alias row no longer names its vendor, so the
                // journal would otherwise miss the survivor's change (and `verify` would find it BROKEN).
                try db.execute(sql: "UPDATE vendors SET id = id WHERE id = ?", arguments: [into])
                let had = Set(intoBefore["aliases"]?.strings ?? [])
                for alias in (intoAfter["aliases"]?.strings ?? []) where !had.contains(alias) {
                    moved["aliases", default: 0] += try Ledger.changes(
                        db, "DELETE FROM vendor_aliases WHERE vendor_id = ? AND alias = ?", [into, alias])
                }
            }
            for column in shape.identifiers {
                guard case .string(let value)? = fromBefore[column], intoBefore[column] == nil,
                    intoAfter[column] == .string(value)
                else { continue }
                try db.execute(sql: "UPDATE \(table) SET \(column) = NULL WHERE id = ? AND \(column) = ?", arguments: [into, value])
                try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE id = ? AND \(column) IS NULL", arguments: [value, from])
            }
            if intoBefore["parent_id"] != intoAfter["parent_id"] {
                let parent: Int64? = if case .int(let id)? = intoBefore["parent_id"] { id } else { nil }
                let current: Int64? = if case .int(let id)? = intoAfter["parent_id"] { id } else { nil }
                try db.execute(sql: "UPDATE \(table) SET parent_id = ? WHERE id = ? AND parent_id IS ?", arguments: [parent, into, current])
            }
            let parent: Int64? = if case .int(let id)? = fromBefore["parent_id"] { id } else { nil }
            try db.execute(sql: "UPDATE \(table) SET merged_into_id = NULL, parent_id = ? WHERE id = ?", arguments: [parent, from])
            func label(_ id: Int64) throws -> String {
                "\(kind.rawValue) \(id) (\(try String.fetchOne(db, sql: "SELECT name FROM \(table) WHERE id = ?", arguments: [id]) ?? ""))"
            }
            let order = shape.pointers.map(\.table) + shape.links.map(\.ownerTable) + ["aliases"]
            var seen = Set<String>()
            return MergeSummary(from: try label(from), into: try label(into),
                                moved: order.filter { seen.insert($0).inserted && (moved[$0] ?? 0) > 0 }
                                    .map { (what: $0, count: moved[$0] ?? 0) })
        }
    }

    /// The merged record `ref` names: its id, or its own name (not an alias its survivor took).
    static func mergedRecord(_ kind: RecordKind, _ ref: String, in db: Database) throws -> Int64 {
        let text = ref.trimmingSpaces
        if let id = Int64(text), try Row.fetchOne(db, sql: "SELECT 1 FROM \(kind.table) WHERE id = ?", arguments: [id]) != nil {
            return id
        }
        let key = kind == .vendor ? MatchKey.vendor(text) : MatchKey.agency(text)
        let ids = try Int64.fetchAll(db, sql: """
            SELECT id FROM \(kind.table) WHERE match_key = ? AND merged_into_id IS NOT NULL ORDER BY id
            """, arguments: [key])
        guard ids.count == 1 else {
            throw ids.isEmpty ? LedgerError.unknownReference(field: kind.rawValue, value: ref, suggestions: [])
                : LedgerError.ambiguousReference(field: kind.rawValue, value: ref, candidates: ids.map { "\(kind.rawValue) \($0)" })
        }
        return ids[0]
    }

    /// The entries of the latest write journaled as `command` that changed record `kind`/`id`.
    static func mergeEntries(_ command: String, kind: RecordKind, id: Int64, in db: Database) throws -> [JournalEntry] {
        guard let seq = try Int64.fetchOne(db, sql: """
            SELECT max(seq) FROM journal WHERE command = ? AND kind = ? AND record_id = ?
            """, arguments: [command, kind.rawValue, id]) else {
            throw LedgerError.refused("the journal holds no '\(command)'; the merge cannot be undone from it")
        }
        let first = (try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal WHERE seq < ? AND command <> ?",
                                        arguments: [seq, command]) ?? 0) + 1
        let last = (try Int64.fetchOne(db, sql: "SELECT min(seq) FROM journal WHERE seq > ? AND command <> ?",
                                       arguments: [seq, command])).map { $0 - 1 } ?? Int64.max
        return try JournalEntry.fetchAll(db, sql: "SELECT * FROM journal WHERE seq BETWEEN ? AND ? ORDER BY seq",
                                         arguments: [first, last])
    }

    /// Puts back a document's or event's link to the merged record, and drops the survivor's link the merge made.
    private static func unmergeLinks(_ kind: JournaledKind, _ id: Int64, shape: MergeShape, from: Int64, into: Int64,
                                     before: [String: JSONValue], after: [String: JSONValue], in db: Database) throws {
        let key = shape.kind == .vendor ? "vendor_ids" : "agency_ids"
        let had = before["links"]?.members[key]?.ints ?? []
        let has = after["links"]?.members[key]?.ints ?? []
        let (table, owner) = kind == .document ? ("document_links", "document_id") : ("event_links", "event_id")
        try db.execute(sql: "UPDATE \(kind.table) SET id = id WHERE id = ?", arguments: [id])
        if had.contains(from) {
            try db.execute(sql: "INSERT OR IGNORE INTO \(table) (\(owner), \(shape.column)) VALUES (?, ?)", arguments: [id, from])
        }
        if !had.contains(into), has.contains(into) {
            try db.execute(sql: "DELETE FROM \(table) WHERE \(owner) = ? AND \(shape.column) = ?", arguments: [id, into])
        }
    }

    /// Runs a statement and returns how many rows it changed.
    static func changes(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> Int {
        try db.execute(sql: sql, arguments: arguments)
        return db.changesCount
    }
}

extension JSONValue {
    /// The strings of an array value.
    var strings: [String] {
        guard case .array(let items) = self else { return [] }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    /// The integers of an array value.
    var ints: [Int64] {
        guard case .array(let items) = self else { return [] }
        return items.compactMap { if case .int(let value) = $0 { value } else { nil } }
    }
}
