import Foundation
import GRDB

/// A ledger: one SQLite file (or memory) holding pursuits, awards, documents, events and their sources.
///
/// It owns the database connection; SQL runs only inside the library (queries, reports, importers and exports
/// read and write through this type's connection), never in the CLI. Every change goes through
/// `write(_:_:)`, one immediate transaction per command, so a command either happens whole or not at all.
public final class Ledger: Sendable {
    /// The file behind the ledger; nil in memory.
    public let path: String?
    /// Who the journal says made the changes.
    public let actor: String
    let database: any DatabaseWriter
    /// The time stamped on journal entries and reports.
    let clock: @Sendable () -> Date
    /// The schema version found on open when it is older than this build's: the migration then runs inside
    /// the first write's transaction (so a command refused on bad input leaves the file as it was) or on its
    /// own before the first read. Guarded by `lock`.
    nonisolated(unsafe) private var pendingMigration: Int?
    private let lock = NSLock()

    /// The schema version this build creates and understands (`PRAGMA user_version`).
    public static let schemaVersion = 14

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

    /// Called once per process when a command has waited a second for another process's write (an import
    /// can hold the ledger for a minute). The CLI says so on stderr; the library never prints.
    nonisolated(unsafe) public static var onWaitForWriter: (@Sendable () -> Void)?

    /// Whether `onWaitForWriter` has been called in this process. Guarded by `waitLock`.
    nonisolated(unsafe) private static var toldOfWait = false
    private static let waitLock = NSLock()

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // A writer waits for the one holding the lock for as long as it takes, never giving up with "database
        // is locked" and losing what the user typed (an import can hold the lock for a minute or more); the
        // user is told it is waiting and can stop it with Ctrl-C, which changes nothing.
        config.busyMode = .callback { tries in
            // Said only after a second of waiting: writers taking turns wait milliseconds, silently.
            if tries == 50 {
                Ledger.waitLock.lock()
                let first = !Ledger.toldOfWait
                Ledger.toldOfWait = true
                Ledger.waitLock.unlock()
                if first { Ledger.onWaitForWriter?() }
            }
            usleep(tries < 50 ? 20_000 : 100_000)
            return true
        }
        // So that a refusal can name the value a UNIQUE constraint refused (see `refusal`). GovLedger never prints
        // a DatabaseError itself: only its message, and that one value.
        config.publicStatementArguments = true
        // Search ranks by its own function (SearchRank), which each connection must know.
        config.prepareDatabase { db in try SearchRank.register(db) }
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
        // A FIFO or a device would block SQLite's open or feed it endless bytes.
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw LedgerError.ledger(path: path, problem: "not a regular file, so not a ledger")
        }
        let version: Int
        // A queue, not a pool: opening a DatabasePool writes to the file (GRDB creates and drops a table to get a
        // non-empty WAL), which changed the ledger's bytes on every read and made read-only ledgers unreadable.
        // The file is already in WAL mode (set by `create`), which SQLite keeps.
        let pool: DatabaseQueue
        do {
            (pool, version) = try connect(path)
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
        if version < schemaVersion { ledger.pendingMigration = version }
        return ledger
    }

    /// Opens the file and reads its schema version (-1 when it is not a ledger). A ledger in a folder that
    /// cannot be written (a read-only mount, a full disk, another user's folder) cannot get the `-wal` and
    /// `-shm` files SQLite wants beside it; it is then opened read-only, and failing that as immutable, so that
    /// `verify`, `list` and `report` still work and writes are refused with a clear line.
    private static func connect(_ path: String) throws -> (DatabaseQueue, Int) {
        func version(_ queue: DatabaseQueue) throws -> Int {
            try queue.read { db in
                guard try db.tableExists("administrations"), try db.tableExists("journal") else { return -1 }
                return try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            }
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration())
            return (queue, try version(queue))
        } catch let error as DatabaseError
            where [.SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_PERM]
            .contains(error.resultCode.primaryResultCode) && FileManager.default.isReadableFile(atPath: path)
        {
            var readOnly = configuration()
            readOnly.readonly = true
            if let queue = try? DatabaseQueue(path: path, configuration: readOnly), let found = try? version(queue) {
                return (queue, found)
            }
            let uri = URL(fileURLWithPath: path).absoluteString + "?immutable=1"
            let queue = try DatabaseQueue(path: uri, configuration: readOnly)
            return (queue, try version(queue))
        }
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

    /// The migration still to run, taken so that exactly one transaction runs it.
    private func takePendingMigration() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return pendingMigration
    }

    private func clearPendingMigration() {
        lock.lock()
        defer { lock.unlock() }
        pendingMigration = nil
    }

    /// Runs the migrations from `version` up to `schemaVersion` inside the caller's transaction: a ledger is
    /// migrated whole, together with the command that needed it, or left as it was. Data a migration adds is
    /// journaled like any other change (the bulk journal for the agency seed).
    static func runMigrations(from version: Int, _ db: Database, ledger: Ledger, command: String) throws {
        for migration in Migrations.all where migration.version > version {
            try db.execute(sql: migration.sql)
            try migration.data?(db, ledger, command)
            try db.execute(sql: "PRAGMA user_version = \(migration.version)")
        }
    }

    /// Migrates an older ledger on its own, for a command that only reads.
    func migrateIfNeeded() throws {
        guard takePendingMigration() != nil else { return }
        try write("migrate to schema \(Ledger.schemaVersion)", bulkTables: ["agencies"]) { _ in }
    }

    /// Runs `body` as one immediate transaction: everything it does is kept, or nothing is.
    ///
    /// Every record the body touches gets a journal entry in the same transaction, naming `command`
    /// (`add vendor`, `stage`). `BEGIN IMMEDIATE` serialises writers, so the chain cannot fork.
    ///
    /// Before the body runs, the ledger's schema and reference rows are checked against `schema.sql`
    /// (`Integrity`). Before anything is journaled, every touched record's state before this transaction is
    /// compared with its latest journal image, read from a snapshot taken once the write lock was held: this
    /// is the one place that decides whether a record is untampered, so no command, import or load can
    /// journal a value changed behind the journal's back as its own.
    ///
    /// The body journals the rows it writes to `bulkTables` itself (one entry per imported file, or the agency
    /// seed) and the tracker leaves them alone; everything else it touches is journaled record by record.
    ///
    /// `reason` (the `--reason` of an edit, retraction or merge) goes into every entry the write makes.
    func write<T>(_ command: String, bulkTables: Set<String> = [], reason: String? = nil,
                  _ body: (Database) throws -> T) throws -> T {
        let migration = takePendingMigration()
        let tracker = ChangeTracker(bulkTables: migration == nil ? bulkTables : bulkTables.union(["agencies"]))
        do {
            let result = try withPriorState { prior in
                try database.writeWithoutTransaction { db in
                    db.add(transactionObserver: tracker, extent: .observerLifetime)
                    defer { db.remove(transactionObserver: tracker) }
                    var result: T?
                    try db.inTransaction(.immediate) {
                        if let migration {
                            try Ledger.runMigrations(from: migration, db, ledger: self,
                                                     command: "migrate to schema \(Ledger.schemaVersion)")
                        }
                        try Integrity.requireIntactStructure(db)
                        // The snapshot starts now that this connection holds the write lock: it sees exactly
                        // the state this transaction builds on. A migration changes the images' shape, so the
                        // old-schema snapshot cannot be compared; the migration's own write checks nothing old.
                        let snapshot = migration == nil ? try prior.map { try PriorState(begin: $0) } : nil
                        result = try body(db)
                        try journal(try tracker.touchedRecords(db), command: command, reason: reason, in: db, prior: snapshot)
                        return .commit
                    }
                    guard let result else { throw LedgerError.refused("the write produced no result") }
                    return result
                }
            }
            if migration != nil { clearPendingMigration() }
            return result
        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_READONLY {
            throw LedgerError.ledger(path: path ?? ":memory:", problem: "cannot be written here (a read-only file, folder or disk); nothing was changed")
        } catch let error as DatabaseError {
            throw LedgerError.refused(Ledger.refusal(error))
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.ledger(path: path ?? ":memory:", problem: Ledger.decodingMessage(error))
        }
    }

    /// A second, read-only connection to the ledger file for `write`'s before-state check; nil in memory.
    private func withPriorState<T>(_ body: (Database?) throws -> T) throws -> T {
        guard let path else { return try body(nil) }
        var config = Ledger.configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        return try queue.inDatabase { prior in
            defer { if prior.isInsideTransaction { try? prior.rollback() } }
            return try body(prior)
        }
    }

    private func journal(_ touched: [(kind: JournaledKind, id: Int64)], command: String, reason: String?, in db: Database,
                         prior: PriorState?) throws {
        let at = Journal.timestamp(clock())
        // Images are read per kind in batches rather than record by record: an import that creates thousands of
        // vendors and agencies would otherwise prepare and run four statements per record (bench/run).
        var ids: [JournaledKind: [Int64]] = [:]
        for (kind, id) in touched { ids[kind, default: []].append(id) }
        var journaled: [JournaledKind: [Int64: String]] = [:]
        var before: [JournaledKind: [Int64: String]] = [:]
        var after: [JournaledKind: [Int64: String]] = [:]
        for (kind, kindIds) in ids {
            journaled[kind] = try Journal.latestImages(db, kind: kind.rawValue, ids: kindIds)
            if let prior { before[kind] = try kind.images(ids: kindIds, in: prior.db) }
            after[kind] = try kind.images(ids: kindIds, in: db)
        }
        var head = try Journal.head(db)
        for (kind, id) in touched {
            let latest = journaled[kind]?[id]
            if prior != nil, before[kind]?[id] != latest {
                throw LedgerError.refused("\(kind.rawValue) \(id) was changed behind the journal's back; run 'govledger verify'")
            }
            let image = after[kind]?[id]
            guard latest != image else { continue }
            head = try Journal.append(db, after: head, at: at, actor: actor, command: command, kind: kind.rawValue,
                                      recordId: id, before: latest, after: image, reason: reason)
        }
    }

    /// Runs `body` on a consistent snapshot of the ledger (migrating an older ledger first).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try migrateIfNeeded()
        do {
            return try database.read(body)
        } catch let error as DatabaseError {
            throw LedgerError.ledger(path: path ?? ":memory:", problem: Ledger.sqliteMessage(error))
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.ledger(path: path ?? ":memory:", problem: Ledger.decodingMessage(error))
        }
    }

    /// Says a row could not be decoded without its value or the row: GRDB's own description prints the
    /// whole row, which may hold a confidential source's fields; Swift's DecodingError quotes values too.
    static func decodingMessage(_ error: any Error) -> String {
        "a row cannot be read (a column holds a value of the wrong type); run 'govledger verify'"
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
        if let error = error as? LedgerError { return error.description }
        return decodingMessage(error)
    }
}

/// The ledger as it was when a write transaction began, read through a second connection.
struct PriorState {
    let db: Database

    /// Starts a read transaction on `db`: from here on it sees the last committed state.
    init(begin db: Database) throws {
        self.db = db
        try db.beginTransaction(.deferred)
        _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
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
        // 4: an award's transactions (its history, one row per action of a transactions download) and a vendor's
        // identifiers beyond vendors.uei (DUNS, further UEIs). Both tables start empty, so every existing record's
        // journal image stays as it was (images leave out an empty history and an empty identifier list).
        Step(version: 4, sql: """
            CREATE TABLE award_transactions (
              id INTEGER PRIMARY KEY NOT NULL,
              award_id INTEGER NOT NULL REFERENCES awards(id) ON DELETE CASCADE,
              -- USAspending's contract_transaction_unique_key, or the award key and modification number when a file lacks it
              transaction_key TEXT NOT NULL UNIQUE CHECK (length(trim(transaction_key)) > 0),
              modification_number TEXT,
              action_date TEXT,
              action_date_from TEXT,
              action_date_to TEXT,
              action_type TEXT,
              obligated_cents INTEGER,
              currency TEXT NOT NULL DEFAULT 'USD' CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
              description TEXT,
              source_file TEXT,
              source_sha256 TEXT CHECK (source_sha256 IS NULL OR (length(source_sha256) = 64 AND source_sha256 NOT GLOB '*[^0-9a-f]*')),
              source_row INTEGER CHECK (source_row IS NULL OR source_row > 0),
              CHECK ((action_date IS NULL) = (action_date_from IS NULL) AND (action_date IS NULL) = (action_date_to IS NULL)
                AND action_date_from <= action_date_to)
            ) STRICT;
            CREATE INDEX award_transactions_award ON award_transactions(award_id, action_date_from, currency, obligated_cents);

            CREATE TABLE vendor_identifiers (
              id INTEGER PRIMARY KEY NOT NULL,
              vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE CASCADE,
              scheme TEXT NOT NULL CHECK (scheme IN ('uei', 'duns')),
              value TEXT NOT NULL CHECK ((scheme = 'uei' AND length(value) = 12 AND value NOT GLOB '*[^A-Z0-9]*')
                OR (scheme = 'duns' AND length(value) = 9 AND value NOT GLOB '*[^0-9]*')),
              UNIQUE (scheme, value)
            ) STRICT;
            CREATE INDEX vendor_identifiers_vendor ON vendor_identifiers(vendor_id);

            CREATE TRIGGER vendor_identifiers_uei_once BEFORE INSERT ON vendor_identifiers
            WHEN NEW.scheme = 'uei' AND EXISTS (SELECT 1 FROM vendors WHERE uei = NEW.value)
            BEGIN
              SELECT RAISE(ABORT, 'a UEI names one vendor: it is already a vendor''s uei');
            END;
            CREATE TRIGGER vendors_uei_once BEFORE UPDATE OF uei ON vendors
            WHEN NEW.uei IS NOT NULL AND EXISTS (SELECT 1 FROM vendor_identifiers WHERE scheme = 'uei' AND value = NEW.uei)
            BEGIN
              SELECT RAISE(ABORT, 'a UEI names one vendor: it is already another identifier of a vendor');
            END;
            CREATE TRIGGER vendors_uei_once_insert BEFORE INSERT ON vendors
            WHEN NEW.uei IS NOT NULL AND EXISTS (SELECT 1 FROM vendor_identifiers WHERE scheme = 'uei' AND value = NEW.uei)
            BEGIN
              SELECT RAISE(ABORT, 'a UEI names one vendor: it is already another identifier of a vendor');
            END;
            """),
        // 5: correcting the record (docs/correcting.md). Every record can be retracted (kept, hidden from reads)
        // with a reason; a merged vendor or agency stays as a pointer to the one it became (no cycles); an award
        // edited by hand is marked so that a later import reports a conflict instead of undoing the edit; a
        // journal entry can say why. All columns are nullable, so existing rows and journal images are unchanged.
        // (Version 4 is another change's; a ledger at 3 runs 4 then 5, or 5 alone before 4 has landed.)
        Step(version: 5, sql: """
            ALTER TABLE agencies ADD COLUMN merged_into_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT CHECK (merged_into_id IS NULL OR merged_into_id <> id);
            ALTER TABLE agencies ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            CREATE INDEX agencies_merged_into ON agencies(merged_into_id) WHERE merged_into_id IS NOT NULL;
            ALTER TABLE vendors ADD COLUMN merged_into_id INTEGER REFERENCES vendors(id) ON DELETE RESTRICT CHECK (merged_into_id IS NULL OR merged_into_id <> id);
            ALTER TABLE vendors ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            CREATE INDEX vendors_merged_into ON vendors(merged_into_id) WHERE merged_into_id IS NOT NULL;
            ALTER TABLE sources ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            ALTER TABLE solicitations ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            ALTER TABLE pursuits ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            ALTER TABLE stage_changes ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            ALTER TABLE documents ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            ALTER TABLE awards ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            DROP INDEX awards_vendor_date;
            DROP INDEX awards_agency_date;
            CREATE INDEX awards_vendor_date ON awards(vendor_id, date_from, date_to, currency, obligated_cents, retraction);
            CREATE INDEX awards_agency_date ON awards(agency_id, date_from, date_to, vendor_id, currency, obligated_cents, retraction);
            ALTER TABLE awards ADD COLUMN edited_by_hand INTEGER CHECK (edited_by_hand IS NULL OR edited_by_hand = 1);
            ALTER TABLE events ADD COLUMN retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0);
            ALTER TABLE journal ADD COLUMN reason TEXT;
            CREATE TRIGGER vendors_no_merge_cycle BEFORE UPDATE OF merged_into_id ON vendors
            WHEN NEW.merged_into_id IS NOT NULL AND EXISTS (
              WITH RECURSIVE up(id) AS (
                SELECT NEW.merged_into_id
                UNION SELECT v.merged_into_id FROM vendors v JOIN up ON v.id = up.id WHERE v.merged_into_id IS NOT NULL)
              SELECT 1 FROM up WHERE id = NEW.id)
            BEGIN
              SELECT RAISE(ABORT, 'vendor merge would form a cycle');
            END;
            CREATE TRIGGER agencies_no_merge_cycle BEFORE UPDATE OF merged_into_id ON agencies
            WHEN NEW.merged_into_id IS NOT NULL AND EXISTS (
              WITH RECURSIVE up(id) AS (
                SELECT NEW.merged_into_id
                UNION SELECT a.merged_into_id FROM agencies a JOIN up ON a.id = up.id WHERE a.merged_into_id IS NOT NULL)
              SELECT 1 FROM up WHERE id = NEW.id)
            BEGIN
              SELECT RAISE(ABORT, 'agency merge would form a cycle');
            END;
            """),
        // 6: SAM.gov notices are bulk-journaled as USAspending awards are (one entry per file, `import_seq` on each
        // row), and a solicitation's history (notices sharing its number and office) is found by an index. The
        // column is nullable, so existing rows and images stay as they were.
        Step(version: 6, sql: """
            ALTER TABLE solicitations ADD COLUMN import_seq INTEGER REFERENCES journal(seq) DEFERRABLE INITIALLY DEFERRED;
            CREATE INDEX solicitations_import ON solicitations(import_seq) WHERE import_seq IS NOT NULL;
            CREATE INDEX solicitations_history ON solicitations(solicitation_number, agency_id) WHERE solicitation_number IS NOT NULL;
            """),
        // 7: judgements, a person's decision on a pair of vendors (`judge A B same|different|unsure`), journaled as
        // records of their own. The table starts empty, so every existing row and image stays as it was.
        Step(version: 7, sql: """
            CREATE TABLE judgements (
              id INTEGER PRIMARY KEY NOT NULL,
              vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE RESTRICT,
              other_vendor_id INTEGER NOT NULL REFERENCES vendors(id) ON DELETE RESTRICT,
              verdict TEXT NOT NULL CHECK (verdict IN ('same', 'different', 'unsure')),
              reason TEXT CHECK (reason IS NULL OR length(trim(reason)) > 0),
              CHECK (vendor_id <> other_vendor_id)
            ) STRICT;
            CREATE UNIQUE INDEX judgements_pair ON judgements(min(vendor_id, other_vendor_id), max(vendor_id, other_vendor_id));
            CREATE INDEX judgements_other ON judgements(other_vendor_id);
            """),
        // 8: the evidence locker (docs/evidence.md): files' bytes once per SHA-256, in chunks, and a document's
        // files; tags and private notes on any record, journaled records of their own. The tables start empty, so every existing document's image stays as it was (an image leaves out
        // an empty file list). (Version 7 is another change's; a ledger at 6 runs 7 then 8, or 8 alone.)
        Step(version: 8, sql: """
            CREATE TABLE evidence_blobs (
              sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
              size INTEGER NOT NULL CHECK (size >= 0),
              media_type TEXT NOT NULL CHECK (length(media_type) > 0),
              withheld INTEGER CHECK (withheld IS NULL OR withheld = 1)
            ) STRICT;
            CREATE TABLE evidence_chunks (
              id INTEGER PRIMARY KEY NOT NULL,
              sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256) ON DELETE CASCADE,
              seq INTEGER NOT NULL CHECK (seq >= 0),
              bytes BLOB NOT NULL,
              UNIQUE (sha256, seq)
            ) STRICT;
            CREATE TABLE document_files (
              id INTEGER PRIMARY KEY NOT NULL,
              document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
              sha256 TEXT NOT NULL REFERENCES evidence_blobs(sha256) ON DELETE RESTRICT,
              name TEXT NOT NULL CHECK (length(name) > 0 AND name NOT GLOB '*/*' AND name NOT IN ('.', '..')),
              attached_at TEXT NOT NULL,
              attached_by TEXT NOT NULL,
              UNIQUE (document_id, sha256)
            ) STRICT;
            CREATE INDEX document_files_sha256 ON document_files(sha256);
            CREATE TABLE tags (
              id INTEGER PRIMARY KEY NOT NULL,
              record_kind TEXT NOT NULL CHECK (record_kind IN ('agency', 'vendor', 'source', 'solicitation', 'pursuit', 'stage-change',
                'document', 'award', 'event')),
              record_id INTEGER NOT NULL,
              word TEXT NOT NULL CHECK (length(word) BETWEEN 1 AND 64 AND word NOT GLOB '*[^a-z0-9_-]*'),
              UNIQUE (record_kind, record_id, word)
            ) STRICT;
            CREATE INDEX tags_word ON tags(word, record_kind, record_id);
            CREATE TABLE notes (
              id INTEGER PRIMARY KEY NOT NULL,
              record_kind TEXT NOT NULL CHECK (record_kind IN ('agency', 'vendor', 'source', 'solicitation', 'pursuit', 'stage-change',
                'document', 'award', 'event')),
              record_id INTEGER NOT NULL,
              text TEXT NOT NULL CHECK (length(trim(text)) > 0)
            ) STRICT;
            CREATE INDEX notes_record ON notes(record_kind, record_id);
            """),
        // 9: people (dated roles at vendors and agencies; named by documents, events and stage changes), the person
        // a source is, and requests for comment with their answers (docs/people-and-replies.md). New tables start
        // empty and the new columns are nullable, so existing rows and journal images stay as they were.
        // (Versions 7 and 8 are other changes'; a ledger at 6 runs them in order, or 9 alone before they land.)
        Step(version: 9, sql: """
            CREATE TABLE people (
              id INTEGER PRIMARY KEY NOT NULL,
              name TEXT NOT NULL CHECK (length(trim(name)) > 0),
              match_key TEXT NOT NULL,
              notes TEXT,
              retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0)
            ) STRICT;
            CREATE INDEX people_match_key ON people(match_key);
            ALTER TABLE sources ADD COLUMN person_id INTEGER REFERENCES people(id) ON DELETE RESTRICT;
            CREATE INDEX sources_person ON sources(person_id) WHERE person_id IS NOT NULL;

            -- A person's dated roles: at most one vendor or agency each (a freelance role names neither).
            CREATE TABLE person_roles (
              id INTEGER PRIMARY KEY NOT NULL,
              person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
              title TEXT NOT NULL CHECK (length(trim(title)) > 0),
              vendor_id INTEGER REFERENCES vendors(id) ON DELETE RESTRICT,
              agency_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT,
              since TEXT,
              since_from TEXT,
              since_to TEXT,
              until TEXT,
              until_from TEXT,
              until_to TEXT,
              CHECK ((vendor_id IS NOT NULL) + (agency_id IS NOT NULL) <= 1),
              CHECK ((since IS NULL) = (since_from IS NULL) AND (since IS NULL) = (since_to IS NULL) AND since_from <= since_to),
              CHECK ((until IS NULL) = (until_from IS NULL) AND (until IS NULL) = (until_to IS NULL) AND until_from <= until_to),
              CHECK (since_from IS NULL OR until_to IS NULL OR since_from <= until_to)
            ) STRICT;
            CREATE INDEX person_roles_person ON person_roles(person_id);
            CREATE INDEX person_roles_vendor ON person_roles(vendor_id) WHERE vendor_id IS NOT NULL;
            CREATE INDEX person_roles_agency ON person_roles(agency_id) WHERE agency_id IS NOT NULL;

            -- The people a document names as its author or recipient, an event as involved, a stage change as involved.
            CREATE TABLE document_people (
              id INTEGER PRIMARY KEY NOT NULL,
              document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
              person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
              role TEXT NOT NULL CHECK (role IN ('author', 'recipient')),
              UNIQUE (document_id, person_id, role)
            ) STRICT;
            CREATE INDEX document_people_person ON document_people(person_id);
            CREATE TABLE event_people (
              id INTEGER PRIMARY KEY NOT NULL,
              event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
              person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
              UNIQUE (event_id, person_id)
            ) STRICT;
            CREATE INDEX event_people_person ON event_people(person_id);
            CREATE TABLE stage_change_people (
              id INTEGER PRIMARY KEY NOT NULL,
              stage_change_id INTEGER NOT NULL REFERENCES stage_changes(id) ON DELETE CASCADE,
              person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
              UNIQUE (stage_change_id, person_id)
            ) STRICT;
            CREATE INDEX stage_change_people_person ON stage_change_people(person_id);

            -- A request for comment (right of reply) and its answer. The party asked is a vendor, an agency, or a person
            -- alone; with a vendor or agency, person_id is the contact asked there. The answer is recorded once.
            CREATE TABLE reply_requests (
              id INTEGER PRIMARY KEY NOT NULL,
              vendor_id INTEGER REFERENCES vendors(id) ON DELETE RESTRICT,
              agency_id INTEGER REFERENCES agencies(id) ON DELETE RESTRICT,
              person_id INTEGER REFERENCES people(id) ON DELETE RESTRICT,
              asked TEXT NOT NULL,
              asked_from TEXT NOT NULL,
              asked_to TEXT NOT NULL CHECK (asked_from <= asked_to),
              via TEXT CHECK (via IS NULL OR via IN ('email', 'phone', 'letter', 'in-person')),
              deadline TEXT,
              deadline_from TEXT,
              deadline_to TEXT,
              outcome TEXT CHECK (outcome IS NULL OR outcome IN ('replied', 'declined', 'no-response')),
              answered TEXT,
              answered_from TEXT,
              answered_to TEXT,
              document_id INTEGER REFERENCES documents(id) ON DELETE RESTRICT,
              text TEXT,
              retraction TEXT CHECK (retraction IS NULL OR length(trim(retraction)) > 0),
              CHECK ((vendor_id IS NOT NULL) + (agency_id IS NOT NULL) <= 1 AND (vendor_id IS NOT NULL OR agency_id IS NOT NULL OR person_id IS NOT NULL)),
              CHECK ((deadline IS NULL) = (deadline_from IS NULL) AND (deadline IS NULL) = (deadline_to IS NULL) AND deadline_from <= deadline_to),
              CHECK ((answered IS NULL) = (answered_from IS NULL) AND (answered IS NULL) = (answered_to IS NULL) AND answered_from <= answered_to),
              CHECK ((outcome IS NULL) = (answered IS NULL)),
              CHECK (deadline_to IS NULL OR deadline_to >= asked_from),
              CHECK (answered_to IS NULL OR answered_to >= asked_from),
              CHECK ((outcome = 'replied') = (document_id IS NOT NULL OR text IS NOT NULL))
            ) STRICT;
            CREATE INDEX reply_requests_vendor ON reply_requests(vendor_id) WHERE vendor_id IS NOT NULL;
            CREATE INDEX reply_requests_agency ON reply_requests(agency_id) WHERE agency_id IS NOT NULL;
            CREATE INDEX reply_requests_person ON reply_requests(person_id) WHERE person_id IS NOT NULL;
            CREATE TABLE reply_request_pursuits (
              id INTEGER PRIMARY KEY NOT NULL,
              request_id INTEGER NOT NULL REFERENCES reply_requests(id) ON DELETE CASCADE,
              pursuit_id INTEGER NOT NULL REFERENCES pursuits(id) ON DELETE CASCADE,
              UNIQUE (request_id, pursuit_id)
            ) STRICT;
            CREATE INDEX reply_request_pursuits_pursuit ON reply_request_pursuits(pursuit_id);

            CREATE VIRTUAL TABLE people_fts USING fts5(name, notes, content="people", content_rowid='id', tokenize='porter unicode61');
            CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
              INSERT INTO people_fts(rowid, name, notes) VALUES (new.id, new.name, new.notes);
            END;
            CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
              INSERT INTO people_fts(people_fts, rowid, name, notes) VALUES ('delete', old.id, old.name, old.notes);
            END;
            CREATE TRIGGER people_fts_update AFTER UPDATE OF name, notes ON people BEGIN
              INSERT INTO people_fts(people_fts, rowid, name, notes) VALUES ('delete', old.id, old.name, old.notes);
              INSERT INTO people_fts(rowid, name, notes) VALUES (new.id, new.name, new.notes);
            END;

            CREATE VIRTUAL TABLE reply_requests_fts USING fts5(text, content="reply_requests", content_rowid='id', tokenize='porter unicode61');
            CREATE TRIGGER reply_requests_fts_insert AFTER INSERT ON reply_requests BEGIN
              INSERT INTO reply_requests_fts(rowid, text) VALUES (new.id, new.text);
            END;
            CREATE TRIGGER reply_requests_fts_delete AFTER DELETE ON reply_requests BEGIN
              INSERT INTO reply_requests_fts(reply_requests_fts, rowid, text) VALUES ('delete', old.id, old.text);
            END;
            CREATE TRIGGER reply_requests_fts_update AFTER UPDATE OF text ON reply_requests BEGIN
              INSERT INTO reply_requests_fts(reply_requests_fts, rowid, text) VALUES ('delete', old.id, old.text);
              INSERT INTO reply_requests_fts(rowid, text) VALUES (new.id, new.text);
            END;
            """),
        // 11: the covering indexes also hold the potential value, so `totals` reads only the index; the retracted
        // awards and notices are indexed apart, so search leaves them out without a lookup per hit.
        Step(version: 11, sql: """
            DROP INDEX awards_vendor_date;
            DROP INDEX awards_agency_date;
            CREATE INDEX awards_vendor_date ON awards(vendor_id, date_from, date_to, currency, obligated_cents, potential_cents, retraction);
            CREATE INDEX awards_agency_date ON awards(agency_id, date_from, date_to, vendor_id, currency, obligated_cents, potential_cents, retraction);
            CREATE INDEX awards_retracted ON awards(id) WHERE retraction IS NOT NULL;
            CREATE INDEX solicitations_retracted ON solicitations(id) WHERE retraction IS NOT NULL;
            """),
        // 12: saved queries for `govledger watch` and their marks, the reporter's own reading state: not journaled
        // (no journaled kind observes these tables), so the tables start empty and no image changes.
        Step(version: 12, sql: """
            CREATE TABLE watches (
              id INTEGER PRIMARY KEY NOT NULL,
              name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 200),
              kinds TEXT NOT NULL CHECK (length(kinds) > 0),
              vendor TEXT,
              agency TEXT,
              administration TEXT,
              since TEXT,
              until TEXT,
              tags TEXT NOT NULL DEFAULT '',
              created_at TEXT NOT NULL,
              looked_at TEXT
            ) STRICT;
            CREATE TABLE watch_marks (
              watch_id INTEGER NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
              record_kind TEXT NOT NULL,
              record_id INTEGER NOT NULL,
              PRIMARY KEY (watch_id, record_kind, record_id)
            ) STRICT, WITHOUT ROWID;
            """),
        // 13: approximate figures (docs/model.md, "Precision"): an event's signatures and a pursuit's estimated
        // value may be "about", "nearly"… the number. Nullable columns, so every existing row and journal image
        // stays as it was (images leave nil members out). Version 12 is another change's.
        Step(version: 13, sql: """
            ALTER TABLE events ADD COLUMN signatures_qualifier TEXT CHECK (signatures_qualifier IS NULL OR (signatures IS NOT NULL AND signatures_qualifier IN ('about', 'nearly', 'almost', 'over', 'more than', 'at least', 'up to')));
            ALTER TABLE pursuits ADD COLUMN estimated_value_qualifier TEXT CHECK (estimated_value_qualifier IS NULL OR (estimated_value_cents IS NOT NULL AND estimated_value_qualifier IN ('about', 'nearly', 'almost', 'over', 'more than', 'at least', 'up to')));
            """),
        // 14: a vendor's covering index also holds the awarding agency, so a vendor's report ranks its agencies
        // from the index rather than reading a table page per award.
        Step(version: 14, sql: """
            DROP INDEX awards_vendor_date;
            CREATE INDEX awards_vendor_date ON awards(vendor_id, date_from, date_to, currency, obligated_cents, potential_cents, retraction, agency_id);
            """),
    ]
}
