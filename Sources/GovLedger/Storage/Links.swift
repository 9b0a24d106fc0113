import GRDB

// Linking after the fact: the award a pursuit won (`link award N --pursuit P`), the solicitation it answered,
// and what a document or an event concerns (`link document D --pursuit P|--vendor V|--agency A`). Each link or
// unlink is one journaled write of the record it changes (the award, or the document or event whose links are
// part of its image). An imported award is released from its import first, as an edit releases it.

/// What `link` and `unlink` did: `award 4 (CONT_AWD_…)` and `pursuit 2 (Slack for GSA)`.
public struct LinkSummary: Sendable, Hashable {
    public var record: String
    public var target: String
}

extension Ledger {
    /// Links (or with `unlink`, unlinks) record `ref` of `kind` to `targetRef` of `targetKind`. Awards link to a
    /// pursuit or a solicitation (one each); documents and events to pursuits, vendors and agencies (any number).
    /// Refused: a record or target that does not exist, a retracted record (or, to link, a retracted target), a
    /// link that is already there (or, to unlink, one that is not), an award already linked to another pursuit.
    public func link(_ kind: RecordKind, _ ref: String, to targetKind: RecordKind, _ targetRef: String,
                     unlink: Bool = false, reason: String? = nil) throws -> LinkSummary {
        let reason = try Text.prose(reason, field: "reason")
        let allowed: [RecordKind] = switch kind {
        case .award: [.pursuit, .solicitation]
        case .document, .event: [.pursuit, .vendor, .agency]
        default: []
        }
        guard !allowed.isEmpty else {
            throw LedgerError.invalidValue(field: "kind", value: kind.rawValue, expected: "award, document or event")
        }
        guard allowed.contains(targetKind) else {
            throw LedgerError.invalidValue(field: "--" + targetKind.rawValue, value: targetRef,
                                           expected: "for \(kind.rawValue)s one of " + allowed.map { "--" + $0.rawValue }.joined(separator: ", "))
        }
        let verb = unlink ? "unlink" : "link"
        let (id, target) = try read { db in
            (try Ledger.recordId(kind, ref, in: db), try Ledger.recordId(targetKind, targetRef, standing: !unlink, in: db))
        }
        return try write("\(verb) \(kind.rawValue) \(id) \(targetKind.rawValue) \(target)", reason: reason) { db in
            let id = try Ledger.recordId(kind, ref, in: db)
            let target = try Ledger.recordId(targetKind, targetRef, standing: !unlink, in: db)
            let summary = LinkSummary(record: try Ledger.label(kind, id, in: db), target: try Ledger.label(targetKind, target, in: db))
            let field = "--" + targetKind.rawValue
            if kind == .award {
                let column = targetKind.foreignKey
                let current = try Int64.fetchOne(db, sql: "SELECT \(column) FROM awards WHERE id = ?", arguments: [id])
                if unlink {
                    guard current == target else {
                        throw LedgerError.invalidValue(field: field, value: targetRef, expected: "the \(targetKind.rawValue) \(summary.record) is linked to; it is linked to "
                            + (try current.map { try Ledger.label(targetKind, $0, in: db) } ?? "no \(targetKind.rawValue)"))
                    }
                } else if let current {
                    throw LedgerError.invalidValue(field: field, value: targetRef, expected: current == target
                        ? "something \(summary.record) is not linked to yet; it is already linked to \(summary.target)"
                        : "no other \(targetKind.rawValue); \(summary.record) is linked to \(try Ledger.label(targetKind, current, in: db)) ('govledger unlink award \(id) \(field) \(current)' first)")
                }
                try Ledger.releaseFromImports([id], command: "\(verb) award", ledger: self, in: db)
                try db.execute(sql: "UPDATE awards SET \(column) = ? WHERE id = ?", arguments: [unlink ? nil : target, id])
                return summary
            }
            let (table, owner) = kind == .document ? ("document_links", "document_id") : ("event_links", "event_id")
            let column = targetKind.foreignKey
            let linked = try Row.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE \(owner) = ? AND \(column) = ?", arguments: [id, target]) != nil
            if linked != unlink {
                throw LedgerError.invalidValue(field: field, value: targetRef, expected: unlink
                    ? "something \(summary.record) is linked to; it is not linked to \(summary.target)"
                    : "something \(summary.record) is not linked to yet; it is already linked to \(summary.target)")
            }
            // The owner's row is touched so that the journal records the new image even when a link row is deleted.
            try db.execute(sql: "UPDATE \(kind.table) SET id = id WHERE id = ?", arguments: [id])
            if unlink {
                try db.execute(sql: "DELETE FROM \(table) WHERE \(owner) = ? AND \(column) = ?", arguments: [id, target])
            } else {
                try db.execute(sql: "INSERT INTO \(table) (\(owner), \(column)) VALUES (?, ?)", arguments: [id, target])
            }
            return summary
        }
    }

    /// `award 4 (PIID)`, `pursuit 2 (title)`, `vendor 3 (name)`: how a link names its two ends.
    static func label(_ kind: RecordKind, _ id: Int64, in db: Database) throws -> String {
        let expression = switch kind {
        case .award: "ifnull(piid, ifnull(award_key, ''))"
        case .vendor, .agency: "name"
        default: "title"
        }
        let text = try String.fetchOne(db, sql: "SELECT \(expression) FROM \(kind.table) WHERE id = ?", arguments: [id]) ?? ""
        return "\(kind.rawValue) \(id)" + (text.isEmpty ? "" : " (\(text))")
    }
}
