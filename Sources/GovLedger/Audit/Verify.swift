import Crypto
import Foundation
import GRDB
import GRDBSQLite

/// What `verify` found: intact, or the first broken journal entry and the first rows that differ.
public struct Verification: Sendable, Equatable, Encodable {
    /// One problem: a journal entry or a record that does not match.
    public struct Problem: Sendable, Equatable, Encodable {
        /// `journal` for a chain problem, else the record's kind.
        public var kind: String
        /// The entry's sequence number or the record's id.
        public var ref: Int64
        /// What is wrong, in one line.
        public var message: String
        /// The fields that differ, for a record edited behind the journal's back.
        public var fields: [String]

        /// `journal 12`, `vendor 3`, or `schema` (a schema problem has no record).
        public var label: String { kind == "schema" ? kind : "\(kind) \(ref)" }
    }

    /// The journal's head when verified.
    public var seq: Int64
    public var hash: String
    /// Records compared with their journal images.
    public var recordsChecked: Int
    /// Empty when the ledger is intact.
    public var problems: [Problem]

    /// True when the chain is intact and every row matches its journal.
    public var intact: Bool { problems.isEmpty }

    /// One line: the verdict.
    public var summary: String {
        if let first = problems.first {
            return "BROKEN: \(first.label): \(first.message)"
                + (problems.count > 1 ? " (and \(problems.count - 1) more)" : "")
        }
        return "intact: \(seq) journal entries, \(recordsChecked) records match, head \(hash)"
    }
}

extension Ledger {
    /// The journal's head: the sequence number and hash a newsroom can publish to pin the ledger's state.
    public func head() throws -> (seq: Int64, hash: String) {
        try read { db in try Journal.head(db) }
    }

    /// Recomputes the hash chain and compares every current record with the journal's latest image of it.
    ///
    /// Catches an entry edited, deleted or inserted, and a row edited, deleted or inserted behind the
    /// journal's back. With `at`, also confirms that a published head is a prefix of today's journal.
    public func verify(at published: (seq: Int64, hash: String)? = nil) throws -> Verification {
        // SQLite's check of the file reads all of it, as the journal comparison does: on a ledger file it runs on a
        // second connection at the same time, so the two share the machine's cores.
        try migrateIfNeeded()
        let storage = path.flatMap { StorageCheck(path: $0) }
        let verification = try read { db in try Ledger.verification(db, at: published) }
        do {
            return try Ledger.deepened(verification, database, found: storage?.wait())
        } catch let error as DatabaseError {
            throw LedgerError.ledger(path: path ?? ":memory:", problem: Ledger.sqliteMessage(error))
        }
    }

    /// Adds what only SQLite itself can see, or a rolled-back write can check (see `Integrity`), to a
    /// verification of the same database: `verify` and the publishing copy of `export sqlite` both run this.
    /// `found` is what `StorageCheck` already found on another connection.
    static func deepened(_ verification: Verification, _ writer: any DatabaseWriter,
                         found: [Verification.Problem]? = nil) throws -> Verification {
        var verification = verification
        // Only on a schema as schema.sql made it: otherwise the checks below may not even run.
        guard !verification.problems.contains(where: { $0.kind == "schema" }) else { return verification }
        if let found {
            verification.problems += found
        } else {
            verification.problems += try writer.read { db in try Integrity.storageProblems(db) }
            verification.problems += try Integrity.writeCheckedProblems(writer).problems
        }
        return verification
    }

    static func verification(_ db: Database, at published: (seq: Int64, hash: String)? = nil) throws -> Verification {
        do {
            var problems: [Verification.Problem] = []
            var previous = JournalEntry.genesis
            var expectedSeq: Int64 = 1
            var latest: [String: [Int64: String?]] = [:]
            var latestSeq: [String: [Int64: Int64]] = [:]
            var imports: [Int64: BulkJournal.Recorded] = [:]
            var matchedPublished = published == nil
            let entries = try JournalEntry.fetchCursor(db, sql: "SELECT * FROM journal ORDER BY seq")
            while let entry = try entries.next() {
                if problems.isEmpty {
                    if entry.seq != expectedSeq {
                        problems.append(.init(
                            kind: "journal", ref: entry.seq,
                            message: entry.seq > expectedSeq
                                ? "entries \(expectedSeq)…\(entry.seq - 1) are missing (deleted)"
                                : "out of sequence after \(expectedSeq - 1)", fields: []))
                    } else if try entry.expectedHash(after: previous) != entry.hash {
                        problems.append(.init(
                            kind: "journal", ref: entry.seq,
                            message: "hash does not match its content and the entry before it (edited, or inserted)",
                            fields: []))
                    }
                }
                if let published, entry.seq == published.seq {
                    matchedPublished = entry.hash == published.hash && problems.isEmpty
                }
                previous = entry.hash
                expectedSeq = entry.seq + 1
                if let id = entry.recordId {
                    latest[entry.kind, default: [:]][id] = entry.after
                    latestSeq[entry.kind, default: [:]][id] = entry.seq
                } else if entry.kind == Seed.kind {
                    do {
                        for (id, image) in try Seed.images(seq: entry.seq, in: db) {
                            latest[JournaledKind.agency.rawValue, default: [:]][id] = image
                            latestSeq[JournaledKind.agency.rawValue, default: [:]][id] = entry.seq
                        }
                    } catch {
                        problems.append(.init(kind: "journal", ref: entry.seq, message: "a seed entry without its images",
                                              fields: []))
                    }
                } else if entry.kind == "import", let after = entry.after {
                    do {
                        imports[entry.seq] = try BulkJournal.Recorded(after)
                    } catch {
                        problems.append(.init(kind: "journal", ref: entry.seq, message: "an import entry without its digest",
                                              fields: []))
                    }
                }
            }
            if let published, !matchedPublished {
                problems.insert(.init(kind: "journal", ref: published.seq,
                                      message: "the published head \(published.hash) is not part of this journal",
                                      fields: []), at: 0)
            }
            var checked = 0
            let structural = try Integrity.structuralProblems(db)
            problems += structural
            // A table altered behind the journal's back may not even answer the queries below.
            guard structural.isEmpty else {
                let head = try Journal.head(db)
                return Verification(seq: head.seq, hash: head.hash, recordsChecked: 0, problems: problems)
            }
            problems += try Integrity.fullTextProblems(db)
            problems += try Ledger.derivedColumnProblems(db)
            // Awards a bulk import wrote are checked against its digest rather than an image of their own (their
            // `import_seq` is read as they are streamed).
            var covered: [Int64: BulkJournal.Digester] = [:]
            // Solicitations `import sam` wrote, likewise, with a digest of their own.
            let pinnedSolicitations = Dictionary(uniqueKeysWithValues: try Row.fetchAll(
                db, sql: "SELECT id, import_seq FROM solicitations WHERE import_seq IS NOT NULL"
            ).map { ((try $0.decode(forColumn: "id")) as Int64, (try $0.decode(forColumn: "import_seq")) as Int64) })
            var coveredSolicitations: [Int64: BulkJournal.Digester] = [:]
            for kind in JournaledKind.allCases {
                var expected = latest[kind.rawValue] ?? [:]
                var records: [(id: Int64, image: String)] = []
                do {
                    // Awards, which can be millions, are streamed and those an import wrote are hashed from
                    // their bytes; only the others become image strings.
                    records = kind == .award || kind == .solicitation ? [] : try kind.images(in: db)
                    if kind == .solicitation {
                        // Streamed too (the daily SAM.gov file is 230 MB of notices): those an import wrote are
                        // hashed into its digest as they are read, only the others kept.
                        let notices = try Solicitation.fetchCursor(db, sql: "SELECT * FROM solicitations ORDER BY id")
                        while let notice = try notices.next() {
                            let id = notice.id!
                            let image = try JSONValue(encoding: notice).canonical
                            guard let seq = pinnedSolicitations[id] else {
                                records.append((id, image))
                                continue
                            }
                            checked += 1
                            let own = latestSeq[kind.rawValue]?[id] ?? 0
                            expected.removeValue(forKey: id)
                            guard imports[seq]?.solicitationsDigest != nil, own < seq else {
                                problems.append(.init(kind: kind.rawValue, ref: id,
                                                      message: "claims a bulk import (entry \(seq)) that did not write it last",
                                                      fields: ["import_seq"]))
                                continue
                            }
                            coveredSolicitations[seq, default: BulkJournal.Digester()].add(id, BulkJournal.solicitationDigest(id, image: image))
                        }
                    }
                    if kind == .award {
                        var scratch: [UInt8] = []
                        // An award's transactions are part of its image, so a tampered one breaks its digest.
                        var histories = try Ledger.allTransactions(in: db)
                        let journaledSeqs = latestSeq[kind.rawValue] ?? [:]
                        // Stepped by hand and read by position (`RawRow`): this loop is most of verify's time.
                        let sql = "SELECT \(Award.streamedColumns) FROM awards ORDER BY id"
                        try RawRow.forEach(try db.makeStatement(sql: sql), in: db) { row in
                            var award = try Award(raw: row)
                            let id = award.id ?? 0
                            if !histories.isEmpty { award.transactions = histories.removeValue(forKey: id) }
                            for column in award.mismatchedRanges(row) {
                                problems.append(.init(kind: kind.rawValue, ref: id,
                                                      message: "its stored range for \(column) does not match its \(column)",
                                                      fields: [column + "_from", column + "_to"]))
                            }
                            guard let seq = row.int(25) else {
                                records.append((id, award.canonicalImage))
                                return
                            }
                            checked += 1
                            let own = journaledSeqs[id] ?? 0
                            expected.removeValue(forKey: id)
                            guard imports[seq] != nil, own < seq else {
                                problems.append(.init(kind: kind.rawValue, ref: id,
                                                      message: "claims a bulk import (entry \(seq)) that did not write it last",
                                                      fields: ["import_seq"]))
                                return
                            }
                            covered[seq, default: BulkJournal.Digester()].add(id, BulkJournal.rowDigest(award, scratch: &scratch))
                        }
                        for awardId in histories.keys.sorted() {
                            problems.append(.init(kind: "award", ref: awardId,
                                                  message: "has transactions but is not in the ledger", fields: ["transactions"]))
                        }
                    }
                } catch {
                    problems.append(.init(kind: kind.rawValue, ref: 0,
                                          message: "a row cannot be read (\(Ledger.sqliteMessage(error)))", fields: []))
                    continue
                }
                for (id, image) in records {
                    checked += 1
                    guard let journaled = expected.removeValue(forKey: id) else {
                        problems.append(.init(kind: kind.rawValue, ref: id,
                                              message: "is in the ledger but not in the journal (inserted behind its back)",
                                              fields: []))
                        continue
                    }
                    guard let journaled else {
                        problems.append(.init(kind: kind.rawValue, ref: id,
                                              message: "the journal says it was deleted, but it is in the ledger",
                                              fields: []))
                        continue
                    }
                    if journaled != image {
                        let fields = try Ledger.differingFields(journaled, image)
                        // Equal members written differently: the journal's bytes were rewritten.
                        let message = fields.isEmpty ? "differs from its journal image in its canonical bytes (the image was rewritten)"
                            : "differs from its journal image in " + fields.joined(separator: ", ")
                        problems.append(.init(kind: kind.rawValue, ref: id, message: message, fields: fields))
                    }
                }
                for (id, image) in expected.sorted(by: { $0.key < $1.key }) where image != nil {
                    problems.append(.init(kind: kind.rawValue, ref: id,
                                          message: "is in the journal but missing from the ledger (deleted behind its back)",
                                          fields: []))
                }
            }
            problems += try Ledger.evidenceProblems(db)
            for (seq, recorded) in imports.sorted(by: { $0.key < $1.key }) {
                let released = imports.values.flatMap { $0.released[seq] ?? [] }
                if (covered[seq] ?? BulkJournal.Digester()).digest(adding: released) != recorded.digest {
                    problems.append(.init(
                        kind: "journal", ref: seq,
                        message: "the awards this import wrote no longer match its digest (an imported award was edited, deleted or inserted behind its back)",
                        fields: []))
                }
                if let digest = recorded.solicitationsDigest {
                    let released = imports.values.flatMap { $0.solicitationsReleased[seq] ?? [] }
                    if (coveredSolicitations[seq] ?? BulkJournal.Digester()).digest(adding: released) != digest {
                        problems.append(.init(
                            kind: "journal", ref: seq,
                            message: "the solicitations this import wrote no longer match its digest (an imported notice was edited, deleted or inserted behind its back)",
                            fields: []))
                    }
                }
            }
            let head = try Journal.head(db)
            return Verification(seq: head.seq, hash: head.hash, recordsChecked: checked, problems: problems)
        }
    }

    /// Dates' stored ranges and names' match keys are derived from other columns; filters and lookups read
    /// them, so a change to them behind the journal's back matters even though no image holds them.
    static func derivedColumnProblems(_ db: Database) throws -> [Verification.Problem] {
        var problems: [Verification.Problem] = []
        // Awards' ranges are checked as verify streams them (`Award.mismatchedRanges`).
        let dates: [(JournaledKind, String)] = [
            (.source, "date"), (.solicitation, "posted"), (.solicitation, "response_due"), (.pursuit, "date"),
            (.stageChange, "date"), (.document, "date"), (.event, "date"),
        ]
        for (kind, column) in dates {
            let rows = try Row.fetchCursor(db, sql: "SELECT id, \(column) AS d, \(column)_from AS f, \(column)_to AS t FROM \(kind.table) ORDER BY id")
            while let row = try rows.next() {
                let text: String? = (try row.decode(forColumn: "d"))
                let first: String? = (try row.decode(forColumn: "f"))
                let last: String? = (try row.decode(forColumn: "t"))
                var fine = first == nil && last == nil
                if let text {
                    let parsed = try? LedgerDate.stored(text, field: column)
                    fine = parsed?.first == first && parsed?.last == last
                }
                if !fine {
                    problems.append(.init(kind: kind.rawValue, ref: (try row.decode(forColumn: "id")),
                                          message: "its stored range for \(column) does not match its \(column)",
                                          fields: [column + "_from", column + "_to"]))
                }
            }
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT award_id, action_date AS d, action_date_from AS f, action_date_to AS t FROM award_transactions ORDER BY id
            """) {
            let text: String? = (try row.decode(forColumn: "d"))
            let first: String? = (try row.decode(forColumn: "f"))
            let last: String? = (try row.decode(forColumn: "t"))
            var fine = first == nil && last == nil
            if let text {
                let parsed = try? LedgerDate(parsing: text, field: "action_date")
                fine = parsed?.first == first && parsed?.last == last
            }
            if !fine {
                problems.append(.init(kind: JournaledKind.award.rawValue, ref: (try row.decode(forColumn: "award_id")),
                                      message: "a transaction's stored range for action_date does not match its action_date",
                                      fields: ["transactions"]))
            }
        }
        let keys: [(JournaledKind, String, String, String, (String) -> String)] = [
            (.agency, "agencies", "id", "name", MatchKey.agency), (.vendor, "vendors", "id", "name", MatchKey.vendor),
            (.vendor, "vendor_aliases", "vendor_id", "alias", MatchKey.vendor),
        ]
        for (kind, table, owner, column, key) in keys {
            for row in try Row.fetchAll(db, sql: "SELECT \(owner) AS owner, \(column) AS name, match_key FROM \(table) ORDER BY id")
            where key((try row.decode(forColumn: "name"))) != (try row.decode(forColumn: "match_key")) {
                problems.append(.init(kind: kind.rawValue, ref: (try row.decode(forColumn: "owner")),
                                      message: "its stored match key does not match its \(column)", fields: ["match_key"]))
            }
        }
        return problems
    }

    static func differingFields(_ a: String, _ b: String) throws -> [String] {
        let left = try JSONValue(parsing: a).members
        let right = try JSONValue(parsing: b).members
        return Set(left.keys).union(right.keys).filter { left[$0] != right[$0] }.sorted()
    }
}

/// `Integrity.storageProblems` and `Integrity.writeCheckedProblems` of a ledger file, found on a thread of its own
/// over a second connection while `verify` compares the journal with the records. Nil from `wait()` when it could not run (a file that cannot be
/// opened a second time, a schema that differs from schema.sql): `deepened` then runs it itself, or not at all.
final class StorageCheck: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var storage: [Verification.Problem]?
    private var written: [Verification.Problem]?

    init?(path: String) {
        // Opened read-write though they only read: on a read-only connection SQLite's quick_check skips the CHECK
        // constraints (a confidential flag set to 2 behind the journal's back would pass).
        guard let reader = try? DatabaseQueue(path: path, configuration: Ledger.configuration()),
              let writer = try? DatabaseQueue(path: path, configuration: Ledger.configuration())
        else { return nil }
        // Two threads beside the journal comparison, so that the machine's cores share the three: SQLite's check
        // of every page and the indexes' digests on one connection, and on another the checks that need a write
        // transaction, rolled back (the full-text indexes tokenized again, a million awards' descriptions among
        // them). Both only on a schema as schema.sql made it, as in `deepened`: they read its definitions.
        Thread.detachNewThread { [self] in
            let found = try? reader.read { db in try Integrity.structuralProblems(db).isEmpty ? try Integrity.storageProblems(db) : nil } ?? nil
            // Closed before saying so: a connection closed later, on this thread, could checkpoint the WAL while
            // the caller (or the next command) already writes.
            try? reader.close()
            lock.withLock { storage = found }
            done.signal()
        }
        Thread.detachNewThread { [self] in
            let intact = (try? writer.read { db in try Integrity.structuralProblems(db).isEmpty }) ?? false
            let found = intact ? (try? Integrity.writeCheckedProblems(writer))?.problems : nil
            try? writer.close()
            lock.withLock { written = found }
            done.signal()
        }
    }

    /// The problems found, once both threads are done; nil when either could not run its checks.
    func wait() -> [Verification.Problem]? {
        done.wait()
        done.wait()
        return lock.withLock {
            guard let storage, let written else { return nil }
            return storage + written
        }
    }
}
