import Foundation
import GRDB

/// A ledger: one SQLite file (or memory) holding pursuits, awards, documents, events and their sources.
///
/// It owns the database connection and is the only place SQL runs. Every change goes through
/// `write(_:_:)`, one immediate transaction per command, so a command either happens whole or not at all.
public final class Ledger: Sendable {
    /// The file behind the ledger; nil in memory.
    public let path: String?
    /// Who the journal says made the changes.
    public let actor: String
    let database: any DatabaseWriter
    /// The time stamped on journal entries and reports.
    let clock: @Sendable () -> Date

    /// The schema version this build creates and understands (`PRAGMA user_version`).
    public static let schemaVersion = 3

    /// The text of `schema.sql`, embedded at build time.
    public static let schemaSQL = String(decoding: PackageResources.schema_sql, as: UTF8.self)

    private init(path: String?, database: any DatabaseWriter, actor: String, clock: (@Sendable () -> Date)?) {
        self.path = path
        self.database = database
        self.actor = actor
        self.clock = clock ?? { Date() }
    }

    /// The actor every journal entry will name, checked by the text policy before anything is opened or written
    /// (a newline or ESC in `--as` would otherwise go into the journal and out to terminals).
    static func checkedActor(_ actor: String?) throws -> String {
        try Text.actor(actor ?? Ledger.systemUser)
    }

    /// The OS user, the actor when none is named.
    public static var systemUser: String {
        ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"]
            ?? ProcessInfo.processInfo.userName
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(30)
        // So that a refusal can name the value a UNIQUE constraint refused (see `refusal`). GovLedger never prints
        // a DatabaseError itself: only its message, and that one value.
        config.publicStatementArguments = true
        return config
    }

    /// Creates a new ledger file, readable by its owner only; fails if anything exists at `path`.
    public static func create(at path: String, actor: String? = nil, clock: (@Sendable () -> Date)? = nil) throws
        -> Ledger
    {
        let actor = try checkedActor(actor)
        guard !FileManager.default.fileExists(atPath: path) else {
            throw LedgerError.ledger(path: path, problem: "a file already exists there")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw LedgerError.ledger(path: path, problem: "cannot create the file")
        }
        do {
            let ledger = Ledger(path: path, database: try DatabasePool(path: path, configuration: configuration()),
                                actor: actor, clock: clock)
            try ledger.database.write { db in try db.execute(sql: schemaSQL) }
            try ledger.seedAgencyReference(command: "init")
            return ledger
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw LedgerError.ledger(path: path, problem: "cannot create the ledger: \(error)")
        }
    }

    /// Opens an existing ledger file, migrating an older schema forward and refusing a newer one.
    public static func open(at path: String, actor: String? = nil, clock: (@Sendable () -> Date)? = nil) throws
        -> Ledger
    {
        let actor = try checkedActor(actor)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LedgerError.ledger(path: path, problem: "no ledger here; create one with 'govledger init'")
        }
        guard !isDirectory.boolValue else { throw LedgerError.ledger(path: path, problem: "is a directory") }
        let version: Int
        // A queue, not a pool: opening a DatabasePool writes to the file (GRDB creates and drops a table to get a
        // non-empty WAL), which changed the ledger's bytes on every read and made read-only ledgers unreadable.
        // The file is already in WAL mode (set by `create`), which SQLite keeps.
        let pool: DatabaseQueue
        do {
            pool = try DatabaseQueue(path: path, configuration: configuration())
            version = try pool.read { db in
                guard try db.tableExists("administrations") else { return -1 }
                return try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            }
        } catch {
            throw LedgerError.ledger(path: path, problem: "not a GovLedger ledger (\(Ledger.sqliteMessage(error)))")
        }
        guard version > 0 else { throw LedgerError.ledger(path: path, problem: "not a GovLedger ledger") }
        guard version <= schemaVersion else {
            throw LedgerError.ledger(
                path: path,
                problem: "written by a newer GovLedger (schema \(version), this build knows \(schemaVersion)); left untouched")
        }
        let ledger = Ledger(path: path, database: pool, actor: actor, clock: clock)
        if version < schemaVersion { try ledger.migrate(from: version) }
        return ledger
    }

    /// A ledger in memory, for tests and throwaway work.
    public static func inMemory(actor: String? = nil, clock: (@Sendable () -> Date)? = nil) throws -> Ledger {
        try inMemory(actor: actor, clock: clock, seeded: true)
    }

    /// Without `seeded`, a ledger without the agency reference: for tests of resolution and constraints that need
    /// agencies of their own, and nothing else.
    static func inMemory(actor: String? = nil, clock: (@Sendable () -> Date)? = nil, seeded: Bool) throws -> Ledger {
        let ledger = Ledger(path: nil, database: try DatabaseQueue(configuration: configuration()), actor: try checkedActor(actor),
                            clock: clock)
        try ledger.database.write { db in try db.execute(sql: schemaSQL) }
        if seeded { try ledger.seedAgencyReference(command: "init") }
        return ledger
    }

    /// Runs the migrations from `version` up to `schemaVersion`, in one transaction: a ledger is migrated whole
    /// or left as it was. Data a migration adds is journaled like any other change.
    func migrate(from version: Int) throws {
        let command = "migrate to schema \(Ledger.schemaVersion)"
        try write(command, bulkTables: ["agencies"]) { db in
            for migration in Migrations.all where migration.version > version {
                try db.execute(sql: migration.sql)
                try migration.data?(db, self, command)
                try db.execute(sql: "PRAGMA user_version = \(migration.version)")
            }
        }
    }

    /// Runs `body` as one immediate transaction: everything it does is kept, or nothing is.
    ///
    /// Every record the body touches gets a journal entry in the same transaction, naming `command`
    /// (`add vendor`, `stage`). `BEGIN IMMEDIATE` serialises writers, so the chain cannot fork.
    ///
    /// The body journals the rows it writes to `bulkTables` itself (one entry per imported file, or the agency
    /// seed) and the tracker leaves them alone; everything else it touches is journaled record by record.
    func write<T>(_ command: String, bulkTables: Set<String> = [], _ body: (Database) throws -> T) throws -> T {
        let tracker = ChangeTracker(bulkTables: bulkTables)
        do {
            return try database.writeWithoutTransaction { db in
                db.add(transactionObserver: tracker, extent: .observerLifetime)
                defer { db.remove(transactionObserver: tracker) }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    try journal(try tracker.touchedRecords(db), command: command, in: db)
                    return .commit
                }
                return result!
            }
        } catch let error as DatabaseError {
            throw LedgerError.refused(Ledger.refusal(error))
        }
    }

    private func journal(_ touched: [(kind: JournaledKind, id: Int64)], command: String, in db: Database) throws {
        let at = Journal.timestamp(clock())
        for (kind, id) in touched {
            let before = try Journal.latestImage(db, kind: kind.rawValue, id: id)
            let after = try kind.image(id, in: db)
            guard before != after else { continue }
            try Journal.append(db, at: at, actor: actor, command: command, kind: kind.rawValue, recordId: id,
                               before: before, after: after)
        }
    }

    /// Runs `body` on a consistent snapshot of the ledger.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw LedgerError.ledger(path: path ?? ":memory:", problem: Ledger.sqliteMessage(error))
        } catch let error as RowDecodingError {
            throw LedgerError.ledger(path: path ?? ":memory:", problem: "a row cannot be read (\(error)); run 'govledger verify'")
        }
    }

    /// SQLite's message for a refused write, naming the value when a UNIQUE constraint refused it:
    /// `UNIQUE constraint failed: awards.award_key` becomes `awards.award_key 'K1' is already in the ledger
    /// (UNIQUE constraint failed: awards.award_key)`. The value is found by the column's place in the statement's
    /// column list; only that one value is ever quoted, never the rest of the row.
    static func refusal(_ error: DatabaseError) -> String {
        let message = sqliteMessage(error)
        let prefix = "UNIQUE constraint failed: "
        guard error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE, message.hasPrefix(prefix),
            let sql = error.sql, let arguments = error.arguments
        else { return message }
        let target = message.dropFirst(prefix.count)
        // One column only ("table.column"); a composite key is left as SQLite says it.
        guard !target.contains(","), let dot = target.firstIndex(of: ".") else { return message }
        let column = String(target[target.index(after: dot)...])
        // The statement's placeholders in order: `INSERT … ("a", "b") VALUES (?, ?)` and `UPDATE … SET "a"=?, "b"=?`
        // name one column per argument, in the order of their first mention.
        var names: [String] = []
        if let open = sql.firstIndex(of: "("), sql.uppercased().hasPrefix("INSERT"),
            let close = sql[open...].firstIndex(of: ")") {
            names = sql[sql.index(after: open)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: " \n\"`[]"))
            }
        } else if sql.uppercased().hasPrefix("UPDATE"), let set = sql.range(of: " SET ") {
            let assignments = sql[set.upperBound...].components(separatedBy: " WHERE ").first ?? ""
            names = assignments.split(separator: ",").compactMap { part in
                part.split(separator: "=").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \n\"`[]")) }
            }
        }
        // GRDB keeps the positional values internal; its public description quotes every value, so they are read
        // by reflection instead (GRDB 7.10's `StatementArguments.values: [DatabaseValue]`).
        let values = Mirror(reflecting: arguments).children.first { $0.label == "values" }?.value as? [DatabaseValue] ?? []
        guard let index = names.firstIndex(of: column), index < values.count,
            let value = String.fromDatabaseValue(values[index])
        else { return message }
        return "\(target) \(LedgerError.quote(value)) is already in the ledger (\(message))"
    }

    static func sqliteMessage(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

/// Schema changes after version 1, oldest first. Each lands with the matching edit of `schema.sql`
/// and is never edited afterwards.
enum Migrations {
    struct Step: Sendable {
        let version: Int
        /// Schema changes (empty when a version only adds data).
        let sql: String
        /// Data the version adds, written in the same transaction: (database, ledger, journal command).
        var data: (@Sendable (Database, Ledger, String) throws -> Void)?
    }

    static let all: [Step] = [
        // 2: covering indexes for per-vendor and per-agency award queries; every ledger holds the federal agency
        // reference, seeded as one journal entry; agencies already recorded (by code, else by name and level) are
        // kept and not duplicated.
        Step(version: 2, sql: """
            DROP INDEX awards_vendor_date;
            DROP INDEX awards_agency_date;
            CREATE INDEX awards_vendor_date ON awards(vendor_id, date_from, date_to, currency, obligated_cents);
            CREATE INDEX awards_agency_date ON awards(agency_id, date_from, date_to, vendor_id, currency, obligated_cents);
            """, data: { db, ledger, command in
            try Seed.agencyReference(db, at: Journal.timestamp(ledger.clock()), actor: ledger.actor, command: command)
        }),
        // 3: USAspending's toptier agencies are identified by CGAC or by a 4-digit FREC code (EOP 1100, DOL 1601),
        // and an award's funding agency is kept beside its awarding one. Both columns are nullable, so every
        // existing row and journal image stays as it was (images leave nil members out).
        Step(version: 3, sql: """
            ALTER TABLE agencies ADD COLUMN frec_code TEXT CHECK (frec_code IS NULL OR frec_code GLOB '[0-9][0-9][0-9][0-9]');
            CREATE UNIQUE INDEX agencies_frec ON agencies(frec_code);
            ALTER TABLE awards ADD COLUMN funding_agency_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT;
            CREATE INDEX awards_funding_agency ON awards(funding_agency_id) WHERE funding_agency_id IS NOT NULL;
            """),
    ]
}
