import Foundation
import GRDB

extension Ledger {
    /// Writes a consistent copy of the ledger to a new file with SQLite's online backup API, which copies one
    /// snapshot even while other processes keep writing.
    ///
    /// The copy is the whole ledger, confidential sources unredacted, so it is created owner-only (0600) like
    /// the ledger. It is built in a private temporary directory (`AtomicFile.withStagingDirectory`) and then
    /// written to `path` through `AtomicFile`: a killed backup leaves nothing at `path` (or the whole copy),
    /// never a half-written file that blocks a retry. A ledger that does not verify is still backed up, as it
    /// is: a backup keeps the evidence.
    public func backup(to path: String) throws {
        let options = AtomicFile.Options(field: "path", protected: self.path.map { [$0] } ?? [], expectedNew: "a new file")
        try Ledger.checkDatabaseDestination(path, options)
        try AtomicFile.withStagingDirectory { directory in
            let staged = directory + "/backup.sqlite"
            do {
                let copy = try DatabaseQueue(path: staged, configuration: Ledger.configuration())
                defer { try? copy.close() }
                try database.backup(to: copy)
                // A ledger is in WAL mode (as `create` makes it); closing checkpoints, leaving one whole file.
                try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
                try copy.close()
            } catch {
                throw LedgerError.inputFile(path: path, row: nil, problem: "backup failed: \(Ledger.sqliteMessage(error))")
            }
            guard !FileManager.default.fileExists(atPath: staged + "-wal") else {
                throw LedgerError.inputFile(path: path, row: nil, problem: "backup failed: the copy's WAL was not checkpointed")
            }
            try AtomicFile.publish(file: staged, to: path, options)
        }
    }
}
