import GRDB

// Retract, never delete: a retracted record keeps its row, its citations and its journal, and every read but the
// interchange file and the journal leaves it out (`ResolvedFilter.addStanding`, `Ledger.requireStanding`).
// `restore` undoes it. See docs/correcting.md.

extension Ledger {
    /// Retracts a record with `reason`, journaled as `retract KIND` with the reason. Returns its id.
    ///
    /// Refused for a record already retracted, for a pursuit's last standing stage change (retract the pursuit
    /// instead), and for a vendor or agency that standing records still name (retract, edit or merge them first):
    /// a report would otherwise name a vendor that is not in the ledger.
    public func retract(_ kind: RecordKind, _ ref: String, reason: String) throws -> Int64 {
        let reason = try Ledger.requiredReason(reason)
        return try write("retract \(kind.rawValue)", reason: reason) { db in
            let id = try Ledger.recordId(kind, ref, standing: false, in: db)
            if try Ledger.isRetracted(kind, id, in: db) {
                throw LedgerError.invalidValue(field: kind.rawValue, value: ref,
                                               expected: "a record that stands; \(kind.rawValue) \(id) is already retracted")
            }
            try Ledger.requireNothingStandsOn(kind, id, ref: ref, in: db)
            var pursuit: Int64?
            if kind == .stageChange {
                pursuit = try Int64.fetchOne(db, sql: "SELECT pursuit_id FROM stage_changes WHERE id = ?", arguments: [id])
                let others = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM stage_changes WHERE pursuit_id = ? AND id <> ? AND retraction IS NULL
                    """, arguments: [pursuit, id]) ?? 0
                guard others > 0 else {
                    throw LedgerError.invalidValue(field: kind.rawValue, value: ref,
                                                   expected: "a stage change that is not its pursuit's only one; retract pursuit \(pursuit ?? 0) instead")
                }
            }
            if kind == .award { try Ledger.releaseFromImports([id], command: "retract award", ledger: self, in: db) }
            try db.execute(sql: "UPDATE \(kind.table) SET retraction = ? WHERE id = ?", arguments: [reason, id])
            if let pursuit { try Ledger.refreshStage(of: pursuit, in: db) }
            return id
        }
    }

    /// Brings a retracted record back, journaled as `restore KIND` (with `reason` when given). Returns its id.
    public func restore(_ kind: RecordKind, _ ref: String, reason: String? = nil) throws -> Int64 {
        let reason = try Text.prose(reason, field: "reason")
        return try write("restore \(kind.rawValue)", reason: reason) { db in
            let id = try Ledger.recordId(kind, ref, standing: false, in: db)
            guard try Ledger.isRetracted(kind, id, in: db) else {
                throw LedgerError.invalidValue(field: kind.rawValue, value: ref,
                                               expected: "a retracted record; \(kind.rawValue) \(id) stands")
            }
            try db.execute(sql: "UPDATE \(kind.table) SET retraction = NULL WHERE id = ?", arguments: [id])
            if kind == .stageChange,
                let pursuit = try Int64.fetchOne(db, sql: "SELECT pursuit_id FROM stage_changes WHERE id = ?", arguments: [id]) {
                try Ledger.refreshStage(of: pursuit, in: db)
            }
            return id
        }
    }

    /// A `--reason` that says something: retracting needs one, for the reader of the journal.
    static func requiredReason(_ reason: String) throws -> String {
        guard let text = try Text.prose(reason, field: "reason"), !text.trimmingSpaces.isEmpty else {
            throw LedgerError.invalidValue(field: "reason", value: reason, expected: "why the record is retracted")
        }
        return text
    }

    /// Refuses to retract a vendor or agency that standing records still point at, naming how many.
    static func requireNothingStandsOn(_ kind: RecordKind, _ id: Int64, ref: String, in db: Database) throws {
        let dependents: [(what: String, table: String, column: String)]
        switch kind {
        case .vendor:
            dependents = [("pursuits", "pursuits", "vendor_id"), ("awards", "awards", "vendor_id"),
                          ("subsidiaries", "vendors", "parent_id")]
        case .agency:
            dependents = [("pursuits", "pursuits", "agency_id"), ("awards", "awards", "agency_id"),
                          ("solicitations", "solicitations", "agency_id"), ("sub-agencies", "agencies", "parent_id")]
        default:
            return
        }
        var named: [String] = []
        for (what, table, column) in dependents {
            let count = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM \(table) WHERE \(column) = ? AND retraction IS NULL
                """ + (table == "vendors" || table == "agencies" ? " AND merged_into_id IS NULL" : ""), arguments: [id]) ?? 0
            if count > 0 { named.append("\(count) \(what)") }
        }
        guard named.isEmpty else {
            throw LedgerError.invalidValue(
                field: kind.rawValue, value: ref,
                expected: "a \(kind.rawValue) nothing standing names; \(kind.rawValue) \(id) has \(named.joined(separator: ", ")) (retract, edit or merge them first)")
        }
    }
}
