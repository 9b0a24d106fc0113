import Foundation
import GRDB

/// What `exportRedactedCopy(to:)` wrote.
public struct RedactedCopy: Sendable, Equatable {
    /// The new file.
    public var path: String
    /// Confidential sources whose title became the placeholder and whose publisher, URL and notes were removed.
    public var sourcesRedacted: Int
    /// Journal images (before or after) that were masked.
    public var imagesMasked: Int
    /// Journal entries in the copy, all re-chained.
    public var journalEntries: Int
    /// The copy's journal head. It differs from the original's whenever an image was masked.
    public var headSeq: Int64
    public var headHash: String
}

extension Ledger {
    /// Writes a copy of the ledger, same schema, from which no confidential content can be recovered.
    ///
    /// SQLite's backup API copies the ledger into a private temporary directory (0700, under `$TMPDIR`; see
    /// `AtomicFile.withStagingDirectory`), never beside `path`, so that no unredacted byte ever lands in the
    /// directory being published from, even for a moment or after a crash. The snapshot must pass `verify`:
    /// re-chaining a forged journal would make it look intact, so a ledger that does not verify is never
    /// published (`LedgerError.notIntact`, nothing written). Then, in one transaction, every confidential
    /// source's title becomes `[confidential source]` and its publisher, URL and notes NULL, and the journal is
    /// rebuilt with its source images masked the same way and re-chained (so `verify` passes on the copy, with a
    /// head of its own). `VACUUM` then rewrites the file so that no deleted text lingers in free pages, in
    /// rollback-journal mode so that it is one self-contained file, and only then are its bytes written to `path`
    /// through `AtomicFile` (whole or not at all, 0600). Refuses to write over any existing file (the ledger
    /// itself included) and a path beside which a `-journal`, `-wal` or `-shm` file exists.
    @discardableResult
    public func exportRedactedCopy(to path: String) throws -> RedactedCopy {
        let options = AtomicFile.Options(field: "OUT", protected: self.path.map { [$0] } ?? [],
                                         expectedNew: "a path where no file exists yet (the copy never overwrites one)")
        try Ledger.checkDatabaseDestination(path, options)
        return try AtomicFile.withStagingDirectory { directory in
            var summary: RedactedCopy
            do {
                summary = try copyAndScrub(into: directory + "/copy.sqlite")
            } catch let error as LedgerError {
                throw error
            } catch {
                throw LedgerError.inputFile(path: path, row: nil, problem: "cannot write the copy (\(Ledger.sqliteMessage(error)))")
            }
            try AtomicFile.publish(file: directory + "/copy.sqlite", to: path, options)
            summary.path = path
            return summary
        }
    }

    /// Refuses, before any work, a destination for a database file that `AtomicFile` would refuse, and a new file
    /// beside which a `-journal`, `-wal` or `-shm` file exists (SQLite would read it as part of the copy).
    static func checkDatabaseDestination(_ path: String, _ options: AtomicFile.Options) throws {
        try AtomicFile.check(path, options)
        guard case .absent = try AtomicFile.resolve(path, options) else { return }
        for suffix in ["-journal", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            throw LedgerError.invalidValue(field: options.field, value: path + suffix,
                                           expected: "a path where no file exists yet (it would be read as part of the copy)")
        }
    }

    private func copyAndScrub(into temporary: String) throws -> RedactedCopy {
        var configuration = Ledger.configuration()
        configuration.journalMode = .default
        let copy = try DatabaseQueue(path: temporary, configuration: configuration)
        defer { try? copy.close() }
        try database.backup(to: copy)
        // The very snapshot that is about to be published must verify (Ledger.verification is what `verify` runs).
        let verification = try Ledger.deepened(try copy.read { db in try Ledger.verification(db) }, copy)
        guard verification.intact else {
            throw LedgerError.notIntact(path: self.path ?? ":memory:", summary: verification.summary)
        }
        // Out of WAL mode before any scrubbing, so that no page of the unscrubbed copy survives in a WAL file;
        // secure_delete zeroes what the transaction frees.
        try copy.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        let summary = try copy.write { db in try Ledger.scrub(db) }
        try copy.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
        try copy.close()
        return summary
    }

    /// Redacts confidential sources and rebuilds the journal with masked, re-chained images.
    static func scrub(_ db: Database) throws -> RedactedCopy {
        let confidential = try Redaction.confidentialSources(in: db)
        // A published copy keeps every file's hash, size and media type, never its bytes (docs/evidence.md).
        try db.execute(sql: "DELETE FROM evidence_chunks")
        try db.execute(sql: "UPDATE evidence_blobs SET withheld = 1")
        // Watches are the reporter's own reading state (their names and filters say what they follow): not copied.
        try db.execute(sql: "DELETE FROM watch_marks")
        try db.execute(sql: "DELETE FROM watches")
        // A document only confidential sources back keeps its files' hashes, not their names or who attached them.
        let secretDocuments = Set(try Int64.fetchAll(db, sql: Redaction.confidentialOnlyDocuments))
        try db.execute(sql: """
            UPDATE document_files SET name = 'withheld-' || sha256, attached_by = ?
            WHERE document_id IN (\(Redaction.confidentialOnlyDocuments))
            """, arguments: [Redaction.withheldAttacher])
        // Private notes never leave the machine: the copy keeps that a note exists, not what it says.
        try db.execute(sql: "UPDATE notes SET text = ?", arguments: [Ledger.privateNote])
        try db.execute(sql: "UPDATE sources SET title = ?, publisher = NULL, url = NULL, notes = NULL WHERE confidential <> 0",
                       arguments: [Redaction.placeholder])
        try db.execute(sql: "UPDATE sources SET retraction = ? WHERE confidential <> 0 AND retraction IS NOT NULL",
                       arguments: [Redaction.withheldReason])
        // A confidential source's quotes go too, from the citations and from the full-text index, which a
        // 'delete' alone leaves recoverable in its older segments until it is rebuilt.
        try db.execute(sql: """
            UPDATE citations SET quote = ? WHERE quote IS NOT NULL AND source_id IN (SELECT id FROM sources WHERE confidential <> 0)
            """, arguments: [Redaction.withheldQuote])
        try db.execute(sql: "INSERT INTO citations_fts(citations_fts) VALUES ('rebuild')")
        let triggers = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal' AND sql IS NOT NULL ORDER BY name
            """)
        let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'")
        for name in names { try db.execute(sql: "DROP TRIGGER \(name.quotedDatabaseIdentifier)") }
        // A confidential source's person: the name, match key, notes and roles go; a request made to them alone
        // goes. The journal's images of both are masked below.
        let secretPeople = Set(try Int64.fetchAll(db, sql: Ledger.confidentialPeople))
        let secretRequests = Set(try Int64.fetchAll(db, sql: Redaction.confidentialRequests))
        for id in secretPeople {
            try db.execute(sql: "UPDATE people SET name = ?, match_key = '', notes = NULL WHERE id = ?", arguments: [Redaction.placeholder, id])
            try db.execute(sql: "UPDATE people SET retraction = ? WHERE id = ? AND retraction IS NOT NULL", arguments: [Redaction.withheldReason, id])
            try db.execute(sql: "DELETE FROM person_roles WHERE person_id = ?", arguments: [id])
        }
        for id in secretRequests {
            try db.execute(sql: "DELETE FROM reply_requests WHERE id = ?", arguments: [id])
        }
        // A request with a confidential source's person as its contact stays, its retraction reason withheld.
        let contacted = Set(try Int64.fetchAll(db, sql: Redaction.requestsToConfidentialPeople))
        try db.execute(sql: "UPDATE reply_requests SET retraction = ? WHERE retraction IS NOT NULL AND id IN (\(Redaction.requestsToConfidentialPeople))",
                       arguments: [Redaction.withheldReason])
        if !secretPeople.isEmpty {
            // The full-text indexes are rebuilt from the scrubbed rows, so no old term survives in them.
            try db.execute(sql: "INSERT INTO people_fts(people_fts) VALUES ('rebuild')")
            try db.execute(sql: "INSERT INTO reply_requests_fts(reply_requests_fts) VALUES ('rebuild')")
        }
        var entries = try JournalEntry.fetchAll(db, sql: "SELECT * FROM journal ORDER BY seq")
        var previous = JournalEntry.genesis
        var masked = 0
        for index in entries.indices {
            var entry = entries[index]
            if entry.kind == JournaledKind.source.rawValue {
                let secret = entry.recordId.map(confidential.contains) ?? false
                let before = try Redaction.maskCopyImage(entry.before, secret: secret)
                let after = try Redaction.maskCopyImage(entry.after, secret: secret)
                masked += (before != entry.before ? 1 : 0) + (after != entry.after ? 1 : 0)
                if before != entry.before || after != entry.after || secret {
                    entry.reason = entry.reason.map { _ in Redaction.withheldReason }
                }
                entry.before = before
                entry.after = after
            } else if entry.kind == JournaledKind.citation.rawValue {
                let before = try entry.before.map { try Redaction.maskCitationImage($0, confidential: confidential) }
                let after = try entry.after.map { try Redaction.maskCitationImage($0, confidential: confidential) }
                masked += (before != entry.before ? 1 : 0) + (after != entry.after ? 1 : 0)
                entry.reason = try Redaction.maskReason(entry, confidential: confidential)
                entry.before = before
                entry.after = after
            }
            if entry.kind == JournaledKind.note.rawValue {
                entry.before = try Redaction.maskImage(entry.before, kind: entry.kind, confidential: [])
                entry.after = try Redaction.maskImage(entry.after, kind: entry.kind, confidential: [])
                entry.reason = entry.reason.map { _ in Ledger.privateNote }
            }
            if entry.kind == JournaledKind.document.rawValue {
                entry.before = try Redaction.withholdFiles(entry.before)
                entry.after = try Redaction.withholdFiles(entry.after)
                if let id = entry.recordId, secretDocuments.contains(id) {
                    let before = try Redaction.withholdFileNames(entry.before)
                    let after = try Redaction.withholdFileNames(entry.after)
                    masked += (before != entry.before ? 1 : 0) + (after != entry.after ? 1 : 0)
                    (entry.before, entry.after) = (before, after)
                }
            }
            if entry.kind == JournaledKind.request.rawValue, let id = entry.recordId, secretRequests.contains(id) {
                // The request made to a confidential source's person alone is not in the copy: its entries keep
                // their place in the chain but carry no image, so the copy's journal agrees that it is not there.
                (entry.before, entry.after) = (nil, nil)
                entry.reason = entry.reason.map { _ in Redaction.withheldReason }
                masked += 1
            } else if Redaction.isToConfidentialPerson(entry, contacted: contacted),
                      !Redaction.isSecret(entry, people: secretPeople, requests: secretRequests) {
                entry.before = try Redaction.maskRequestRetraction(entry.before)
                entry.after = try Redaction.maskRequestRetraction(entry.after)
                entry.reason = entry.reason.map { _ in Redaction.withheldReason }
                masked += 1
            } else if Redaction.isSecret(entry, people: secretPeople, requests: secretRequests) {
                entry.before = try Redaction.maskPersonImage(entry.before, entry, people: secretPeople, requests: secretRequests)
                entry.after = try Redaction.maskPersonImage(entry.after, entry, people: secretPeople, requests: secretRequests)
                entry.reason = entry.reason.map { _ in Redaction.withheldReason }
                masked += 1
            }
            entry.hash = try entry.expectedHash(after: previous)
            previous = entry.hash
            entries[index] = entry
        }
        try db.execute(sql: "DELETE FROM journal")
        for entry in entries { try entry.insert(db) }
        for sql in triggers { try db.execute(sql: sql) }
        let head = try Journal.head(db)
        return RedactedCopy(path: "", sourcesRedacted: confidential.count, imagesMasked: masked,
                            journalEntries: entries.count, headSeq: head.seq, headHash: head.hash)
    }
}

extension Redaction {
    /// A source's journal image as the redacted copy keeps it: masked when the image says the source is
    /// confidential (as `history` shows it) or when the source is confidential now (`secret`), so that an
    /// image from before a source was made confidential cannot give it away either.
    static func maskCopyImage(_ image: String?, secret: Bool) throws -> String? {
        guard let image else { return nil }
        var members = try JSONValue(parsing: image).members
        guard secret || members["confidential"] == .bool(true) else { return image }
        members["title"] = .string(placeholder)
        for field in ["publisher", "url", "notes"] { members.removeValue(forKey: field) }
        if members["retraction"] != nil { members["retraction"] = .string(withheldReason) }
        return JSONValue.object(members).canonical
    }
}

extension Redaction {
    /// A document's journal image as the redacted copy keeps it: each file marked withheld, as the copy's
    /// documents now are (the copy holds their hashes, never their bytes).
    static func withholdFiles(_ image: String?) throws -> String? {
        guard let image else { return nil }
        var members = try JSONValue(parsing: image).members
        guard case .array(let files)? = members["files"] else { return image }
        members["files"] = .array(files.map { file in
            var fields = file.members
            fields["withheld"] = .bool(true)
            return .object(fields)
        })
        return JSONValue.object(members).canonical
    }
}

/// Datasette configuration for a redacted copy.
public enum Datasette {
    /// The name Datasette gives a database file: its name without the last extension.
    public static func databaseName(forFile path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// Metadata (`datasette serve COPY -m FILE`) naming, for each table with a full-text index, its FTS5 table.
    ///
    /// Datasette finds an external-content FTS table by itself when its SQL says `content="table"`, as schema.sql
    /// does; the metadata names them explicitly as well, for tools and Datasette versions that do not look.
    public static func metadata(database: String) -> OpenJSON {
        var tables: [String: OpenJSON] = [:]
        for (table, fts) in ftsTables() {
            tables[table] = .object(["fts_table": .string(fts), "fts_pk": .string("id")])
        }
        return .object([
            "title": .string("GovLedger (redacted copy)"),
            "description": .string("A copy of a GovLedger ledger with every confidential source redacted."),
            "databases": .object([database: .object(["tables": .object(tables)])]),
        ])
    }

    /// (table, FTS5 table) for every `CREATE VIRTUAL TABLE X USING fts5(…, content="T", …)` in schema.sql.
    static func ftsTables() -> [(table: String, fts: String)] {
        Ledger.schemaSQL.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("CREATE VIRTUAL TABLE "), line.contains("USING fts5("),
                  let contentStart = line.range(of: "content=\"")
            else { return nil }
            let name = line.dropFirst("CREATE VIRTUAL TABLE ".count).prefix { $0 != " " }
            let table = line[contentStart.upperBound...].prefix { $0 != "\"" }
            return (String(table), String(name))
        }
    }
}
