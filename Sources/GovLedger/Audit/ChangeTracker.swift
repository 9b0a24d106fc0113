import GRDB

/// Collects the rows a write transaction changes, so that the journal can record each touched record once.
final class ChangeTracker: TransactionObserver, @unchecked Sendable {
    // Touched only from the writer's own connection during one `Ledger.write`.
    private(set) var rows: [(table: String, rowID: Int64)] = []
    /// Tables whose rows a bulk import journals itself, one entry per file (see `BulkJournal`).
    let bulkTables: Set<String>

    init(bulkTables: Set<String> = []) {
        self.bulkTables = bulkTables
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        JournaledKind.observedTables.contains(eventKind.tableName) && !bulkTables.contains(eventKind.tableName)
    }

    func databaseDidChange(with event: DatabaseEvent) {
        rows.append((event.tableName, event.rowID))
    }

    func databaseDidCommit(_ db: Database) { rows.removeAll() }
    func databaseDidRollback(_ db: Database) { rows.removeAll() }

    /// The records touched, in the order first touched. A deleted child row's owner cannot be found from the
    /// row any more; commands that delete child rows touch the owner too.
    func touchedRecords(_ db: Database) throws -> [(kind: JournaledKind, id: Int64)] {
        var seen = Set<String>()
        var result: [(JournaledKind, Int64)] = []
        for (table, rowID) in rows {
            guard let owner = JournaledKind.owner(ofRowIn: table) else { continue }
            let id: Int64
            if let column = owner.ownerColumn {
                guard let ownerId = try Int64.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE rowid = ?",
                                                       arguments: [rowID]) else { continue }
                id = ownerId
            } else {
                id = rowID
            }
            if seen.insert("\(owner.kind.rawValue)/\(id)").inserted { result.append((owner.kind, id)) }
        }
        return result
    }
}
