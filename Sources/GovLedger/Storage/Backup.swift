import Foundation
import GRDB

extension Ledger {
    /// Writes a consistent copy of the ledger to a new file (owner-only permissions) with SQLite's online
    /// backup API, which copies one snapshot even while other processes keep writing.
    public func backup(to path: String) throws {
        if let own = self.path,
            URL(fileURLWithPath: own).standardizedFileURL.path == URL(fileURLWithPath: path).standardizedFileURL.path
        {
            throw LedgerError.invalidValue(field: "path", value: path, expected: "a path other than the ledger itself")
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError.invalidValue(field: "path", value: path, expected: "a new file")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw LedgerError.inputFile(path: path, row: nil, problem: "cannot create the file")
        }
        do {
            let copy = try DatabaseQueue(path: path, configuration: Ledger.configuration())
            try database.backup(to: copy)
            try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try copy.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw LedgerError.inputFile(path: path, row: nil, problem: "backup failed: \(Ledger.sqliteMessage(error))")
        }
    }
}
