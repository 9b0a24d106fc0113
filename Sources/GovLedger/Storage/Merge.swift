import GRDB

// One vendor, one record: `merge vendor A --into B` points everything that named A at B, gives B A's names
// and identifiers, and leaves A as a pointer (`merged_into_id`) so that old references, ids in published
// reports and A's names still resolve, to B. Agencies merge the same way (a typed-in agency that is really a
// reference row). Every row it changes is journaled under one command naming both ids, which is what
// `unmerge` reads to undo it. See docs/correcting.md.

/// Which parent a merged vendor or agency keeps when both had a different one.
public enum MergeParent: String, LedgerVocabulary {
    /// The parent of the record merged away.
    case from
    /// The parent of the record merged into.
    case into

    public static let fieldName = "--parent-from"
}

/// What a merge moved (or, with `--dry-run`, would move).
public struct MergeSummary: Sendable {
    /// The record merged away and the one it became, each as `vendor 7 (Palantir USG Inc)`.
    public var from: String
    public var into: String
    /// Rows re-pointed, by what they are (`pursuits`, `awards`, `aliases`…), in a fixed order; zeros left out.
    public var moved: [(what: String, count: Int)]
}

/// The tables and columns that point at a vendor or an agency.
struct MergeShape {
    let kind: RecordKind
    /// Record tables with a column naming the kind: (what to call them, table, column).
    let pointers: [(what: String, table: String, column: String)]
    /// Link tables of documents and events: (table, owner column, owner table).
    let links: [(table: String, owner: String, ownerTable: String)]
    /// Identifier columns, each UNIQUE: moved to the survivor when it has none.
    let identifiers: [String]

    static func of(_ kind: RecordKind) -> MergeShape {
        let links = [("document_links", "document_id", "documents"), ("event_links", "event_id", "events")]
        if kind == .vendor {
            return MergeShape(kind: kind, pointers: [
                ("pursuits", "pursuits", "vendor_id"), ("awards", "awards", "vendor_id"),
                ("citations", "citations", "vendor_id"), ("subsidiaries", "vendors", "parent_id"),
            ], links: links, identifiers: ["uei"])
        }
        return MergeShape(kind: kind, pointers: [
            ("pursuits", "pursuits", "agency_id"), ("awards", "awards", "agency_id"),
            ("funded awards", "awards", "funding_agency_id"), ("solicitations", "solicitations", "agency_id"),
            ("citations", "citations", "agency_id"), ("sub-agencies", "agencies", "parent_id"),
        ], links: links, identifiers: ["cgac_code", "fpds_code", "subtier_code", "office_code", "frec_code"])
    }

    var column: String { kind == .vendor ? "vendor_id" : "agency_id" }
}

extension Ledger {
    /// Merges vendor or agency `from` into `into` (see the file comment); with `dryRun`, only says what would
    /// move. Refused: a record merged into itself (or one it was already merged into), into its own subsidiary
    /// or sub-agency, a retracted one, and two different parents unless `parentFrom` says which one stays.
    public func merge(_ kind: RecordKind, _ from: String, into: String, parentFrom: MergeParent? = nil,
                      dryRun: Bool = false, reason: String? = nil) throws -> MergeSummary {
        guard kind == .vendor || kind == .agency else {
            throw LedgerError.invalidValue(field: "kind", value: kind.rawValue, expected: "vendor or agency")
        }
        let reason = try Text.prose(reason, field: "reason")
        let shape = MergeShape.of(kind)
        if dryRun {
            return try read { db in try Ledger.planMerge(shape, from, into, parentFrom: parentFrom, in: db).summary }
        }
        // The command names both ids, so that `unmerge` can find exactly this merge's entries.
        let plan = try read { db in try Ledger.planMerge(shape, from, into, parentFrom: parentFrom, in: db) }
        return try write("merge \(kind.rawValue) \(plan.from) into \(plan.into)", reason: reason) { db in
            let plan = try Ledger.planMerge(shape, from, into, parentFrom: parentFrom, in: db)
            try Ledger.applyMerge(shape, plan, ledger: self, in: db)
            return plan.summary
        }
    }

    struct MergePlan {
        let from: Int64
        let into: Int64
        /// The survivor's parent afterwards, when it changes.
        let newParent: Int64??
        let summary: MergeSummary
    }

    static func planMerge(_ shape: MergeShape, _ fromRef: String, _ intoRef: String, parentFrom: MergeParent?,
                          in db: Database) throws -> MergePlan {
        let kind = shape.kind
        let fromRecorded = try recordId(kind, fromRef, field: "from", in: db)
        let into = try recordId(kind, intoRef, field: "into", in: db)
        let from = fromRecorded
        func label(_ id: Int64) throws -> String {
            let name = try String.fetchOne(db, sql: "SELECT name FROM \(kind.table) WHERE id = ?", arguments: [id]) ?? ""
            return "\(kind.rawValue) \(id) (\(name))"
        }
        guard from != into else {
            // Two references to one record: the same, or one already merged into the other.
            let same = fromRef.trimmingSpaces.lowercased() == intoRef.trimmingSpaces.lowercased()
            throw LedgerError.invalidValue(
                field: "into", value: intoRef,
                expected: "another \(kind.rawValue); " + (same ? "\(try label(from)) cannot be merged into itself"
                    : "\(LedgerError.quote(fromRef)) and \(LedgerError.quote(intoRef)) are already one \(kind.rawValue), \(try label(from))"))
        }
        let family = kind == .vendor ? try vendorFamily(from, in: db) : try agencySubtree(from, in: db)
        if family.contains(into) {
            throw LedgerError.invalidValue(
                field: "into", value: intoRef,
                expected: "a \(kind.rawValue) outside \(try label(from))'s own family; \(try label(into)) is beneath it (merge the other way)")
        }
        let parents = try Row.fetchAll(db, sql: "SELECT id, parent_id FROM \(kind.table) WHERE id IN (?, ?)", arguments: [from, into])
            .reduce(into: [Int64: Int64?]()) { $0[try $1.decode(forColumn: "id")] = try $1.decode(forColumn: "parent_id") }
        let fromParent = parents[from] ?? nil
        let intoParent = parents[into] ?? nil
        var newParent: Int64?? = nil
        if let fromParent, fromParent != into, fromParent != intoParent {
            if intoParent == nil || parentFrom == .from {
                newParent = .some(fromParent)
            } else if parentFrom == nil {
                throw LedgerError.invalidValue(
                    field: "into", value: intoRef,
                    expected: "a \(kind.rawValue) with the same parent, or --parent-from from|into; \(try label(from)) has parent \(try label(fromParent)), \(try label(into)) has \(try label(intoParent!))")
            }
        }
        var moved: [(String, Int)] = []
        for pointer in shape.pointers {
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(pointer.table) WHERE \(pointer.column) = ?",
                                         arguments: [from]) ?? 0
            moved.append((pointer.what, count))
        }
        for link in shape.links {
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(link.table) WHERE \(shape.column) = ?",
                                         arguments: [from]) ?? 0
            moved.append((link.ownerTable, count))
        }
        if kind == .vendor {
            let names = try newAliases(from: from, into: into, in: db).count
            moved.append(("aliases", names))
        }
        return MergePlan(from: from, into: into, newParent: newParent,
                         summary: MergeSummary(from: try label(from), into: try label(into),
                                               moved: moved.filter { $0.1 > 0 }.map { (what: $0.0, count: $0.1) }))
    }

    /// The merged vendor's name and aliases that its survivor does not already go by.
    static func newAliases(from: Int64, into: Int64, in db: Database) throws -> [String] {
        let names = try String.fetchAll(db, sql: """
            SELECT name FROM vendors WHERE id = ?1 UNION ALL SELECT alias FROM (SELECT alias FROM vendor_aliases WHERE vendor_id = ?1 ORDER BY id)
            """, arguments: [from])
        var known = Set(try String.fetchAll(db, sql: """
            SELECT match_key FROM vendors WHERE id = ?1 UNION SELECT match_key FROM vendor_aliases WHERE vendor_id = ?1
            """, arguments: [into]))
        return names.filter { known.insert(MatchKey.vendor($0)).inserted }
    }

    static func applyMerge(_ shape: MergeShape, _ plan: MergePlan, ledger: Ledger, in db: Database) throws {
        let (from, into, table) = (plan.from, plan.into, shape.kind.table)
        let awards = try Int64.fetchAll(db, sql: "SELECT id FROM awards WHERE \(shape.column) = ?1"
                                        + (shape.kind == .agency ? " OR funding_agency_id = ?1" : "") + " ORDER BY id",
                                        arguments: [from])
        try releaseFromImports(awards, command: "merge \(shape.kind.rawValue) \(from) into \(into)", ledger: ledger, in: db)
        if shape.kind == .vendor {
            for alias in try newAliases(from: from, into: into, in: db) {
                try db.execute(sql: "INSERT INTO vendor_aliases (vendor_id, alias, match_key) VALUES (?, ?, ?)",
                               arguments: [into, alias, MatchKey.vendor(alias)])
            }
        }
        for pointer in shape.pointers {
            try db.execute(sql: "UPDATE \(pointer.table) SET \(pointer.column) = ? WHERE \(pointer.column) = ?",
                           arguments: [into, from])
        }
        for link in shape.links {
            // A document linked to both keeps one link; its row is touched first so that the journal sees the
            // document change even though the link row it loses is deleted.
            try db.execute(sql: """
                UPDATE \(link.ownerTable) SET id = id WHERE id IN (SELECT \(link.owner) FROM \(link.table) WHERE \(shape.column) = ?)
                """, arguments: [from])
            try db.execute(sql: "UPDATE OR IGNORE \(link.table) SET \(shape.column) = ? WHERE \(shape.column) = ?",
                           arguments: [into, from])
            try db.execute(sql: "DELETE FROM \(link.table) WHERE \(shape.column) = ?", arguments: [from])
        }
        for column in shape.identifiers {
            guard let value = try String.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE id = ?", arguments: [from]),
                try String.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE id = ?", arguments: [into]) == nil
            else { continue }
            try db.execute(sql: "UPDATE \(table) SET \(column) = NULL WHERE id = ?", arguments: [from])
            try db.execute(sql: "UPDATE \(table) SET \(column) = ? WHERE id = ?", arguments: [value, into])
        }
        if let newParent = plan.newParent {
            try db.execute(sql: "UPDATE \(table) SET parent_id = ? WHERE id = ?", arguments: [newParent, into])
        }
        try db.execute(sql: "UPDATE \(table) SET merged_into_id = ?, parent_id = NULL WHERE id = ?", arguments: [into, from])
    }
}
