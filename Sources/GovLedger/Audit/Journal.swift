import Crypto
import Foundation
import GRDB

/// One journal entry: a change to one record (or one imported file), chained to the entry before it.
public struct JournalEntry: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "journal"

    /// 1, 2, 3… with no gaps.
    public var seq: Int64
    /// When, in UTC: `2026-11-22T19:30:01Z`.
    public var at: String
    /// Who (`--as`, else `$GOVLEDGER_ACTOR`, else the OS user).
    public var actor: String
    /// The command that made the change: `add vendor`, `stage`, `load`.
    public var command: String
    /// The record's kind (`vendor`, `citation`…).
    public var kind: String
    public var recordId: Int64?
    /// Canonical JSON image before the change; nil for a new record.
    public var before: String?
    /// Canonical JSON image after the change; nil once deleted.
    public var after: String?
    /// SHA-256 of the previous entry's hash followed by this entry's canonical bytes, lower-case hex.
    public var hash: String
    /// Why the change was made (`edit`, `retract`, `merge` take `--reason`); nil when nobody said.
    public var reason: String?

    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }

    /// The hash the chain starts from.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical bytes of the entry, without its hash:
    /// `{"actor":…,"after":{…}|null,"at":…,"before":…,"command":…,"kind":…,"reason":…,"record_id":…|null,"seq":…}`,
    /// where `reason` appears only when there is one, so that every entry written before schema 5 hashes as it did.
    public func canonicalBytes() throws -> String {
        func image(_ text: String?) throws -> JSONValue { try text.map { try JSONValue(parsing: $0) } ?? .null }
        var members: [String: JSONValue] = [
            "actor": .string(actor), "after": try image(after), "at": .string(at), "before": try image(before),
            "command": .string(command), "kind": .string(kind), "record_id": recordId.map(JSONValue.int) ?? .null,
            "seq": .int(seq),
        ]
        if let reason { members["reason"] = .string(reason) }
        return JSONValue.object(members).canonical
    }

    /// The columns, `reason` only when there is one: a migration from before schema 5 journals its seed before
    /// the `reason` column exists.
    public func encode(to container: inout PersistenceContainer) {
        container["seq"] = seq
        container["at"] = at
        container["actor"] = actor
        container["command"] = command
        container["kind"] = kind
        container["record_id"] = recordId
        container["before"] = before
        container["after"] = after
        container["hash"] = hash
        if let reason { container["reason"] = reason }
    }

    /// `hash` as it should be after `previous`.
    public func expectedHash(after previous: String) throws -> String {
        Journal.sha256(previous + (try canonicalBytes()))
    }
}

/// Writing and reading the journal.
enum Journal {
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    /// The last entry's sequence number and hash (0 and the genesis value for an empty journal).
    static func head(_ db: Database) throws -> (seq: Int64, hash: String) {
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1") {
            return ((try row.decode(forColumn: "seq")), (try row.decode(forColumn: "hash")))
        }
        return (0, JournalEntry.genesis)
    }

    /// Appends an entry after the current head. Callers hold the write transaction, so the chain cannot fork.
    static func append(_ db: Database, at: String, actor: String, command: String, kind: String, recordId: Int64?,
                       before: String?, after: String?, reason: String? = nil) throws {
        _ = try append(db, after: try head(db), at: at, actor: actor, command: command, kind: kind,
                       recordId: recordId, before: before, after: after, reason: reason)
    }

    /// Appends an entry after `head`, which the caller read in this transaction, and returns the new head: a
    /// writer appending many entries reads the head once.
    static func append(_ db: Database, after head: (seq: Int64, hash: String), at: String, actor: String,
                       command: String, kind: String, recordId: Int64?, before: String?, after: String?,
                       reason: String? = nil) throws -> (seq: Int64, hash: String)
    {
        var entry = JournalEntry(seq: head.seq + 1, at: at, actor: actor, command: command, kind: kind,
                                 recordId: recordId, before: before, after: after, hash: "", reason: reason)
        entry.hash = try entry.expectedHash(after: head.hash)
        try entry.insert(db)
        return (entry.seq, entry.hash)
    }

    /// The latest after-image the journal holds for a record.
    static func latestImage(_ db: Database, kind: String, id: Int64) throws -> String? {
        if let row = try Row.fetchOne(db, sql: """
            SELECT after FROM journal WHERE kind = ? AND record_id = ? ORDER BY seq DESC LIMIT 1
            """, arguments: [kind, id]) {
            return (try row.decode(forColumn: "after"))
        }
        // An agency nobody has changed since the reference seeded it has only the seed's image.
        return kind == JournaledKind.agency.rawValue ? try Seed.image(ofAgency: id, in: db) : nil
    }

    /// The latest after-images the journal holds for records `ids` of `kind`, by id; ids it holds none for are
    /// missing (for agencies, the seed's image stands in, as in `latestImage`).
    static func latestImages(_ db: Database, kind: String, ids: [Int64]) throws -> [Int64: String] {
        var images: [Int64: String] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ ids[$0..<min($0 + 500, ids.count)] }) {
            // SQLite's bare-column rule: with max(seq), `after` comes from the row holding the maximum.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT record_id, after, max(seq) FROM journal
                WHERE kind = ? AND record_id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                GROUP BY record_id
                """, arguments: StatementArguments([kind] + chunk.map { $0 as (any DatabaseValueConvertible)? }))
            while let row = try rows.next() {
                let id: Int64 = try row.decode(forColumn: "record_id")
                if let after: String = try row.decode(forColumn: "after") { images[id] = after }
            }
        }
        if kind == JournaledKind.agency.rawValue {
            let missing = ids.filter { images[$0] == nil }
            if !missing.isEmpty {
                // Parse the seed entries once, not once per agency (each holds the whole reference's images).
                let seeded = try Seed.latestImages(in: db)
                for id in missing { images[id] = seeded[id] }
            }
        }
        return images
    }

    /// Refuses to build on a record that was changed behind the journal's back: otherwise the next legitimate
    /// change would journal the tampered state as if it were its own.
    static func requireUntampered(_ kind: JournaledKind, _ id: Int64, in db: Database) throws {
        let journaled = try latestImage(db, kind: kind.rawValue, id: id)
        let current = try kind.image(id, in: db)
        guard journaled == current else {
            throw LedgerError.refused("\(kind.rawValue) \(id) was changed behind the journal's back; run 'govledger verify'")
        }
    }

    /// Now, in UTC, to the second: `2026-11-22T19:30:01Z`.
    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
