import GRDB

// Tags and private notes on any record. Each is a journaled record of its own (kinds `tag` and `note`), as a
// citation is, so that tagging never changes the image of the record tagged (an imported award's image is
// pinned by its import's digest).

extension Tag: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "tags"

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), recordKind: try RecordKind.parse(try row.decode(forColumn: "record_kind")),
                  recordId: try row.decode(forColumn: "record_id"), word: try row.decode(forColumn: "word"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["record_kind"] = recordKind.rawValue
        container["record_id"] = recordId
        container["word"] = word
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Note: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "notes"

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), recordKind: try RecordKind.parse(try row.decode(forColumn: "record_kind")),
                  recordId: try row.decode(forColumn: "record_id"), text: try row.decode(forColumn: "text"))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["record_kind"] = recordKind.rawValue
        container["record_id"] = recordId
        container["text"] = text
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Ledger {
    /// What a private note becomes in the journal and history views and in the redacted copy.
    public static let privateNote = "[private note]"

    /// Tags record `kind`/`ref` with each of `words` (lower-cased; a word it already has is kept once). Returns
    /// all its tags, sorted.
    public func tag(_ kind: RecordKind, _ ref: String, words: [String]) throws -> [String] {
        try RecordKind.requireAnnotatable(kind)
        return try write("tag") { db in
            let id = try Ledger.recordId(kind, ref, in: db)
            for word in words {
                let word = try Ledger.tagWord(word, field: "WORD")
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM tags WHERE record_kind = ? AND record_id = ? AND word = ?",
                                        arguments: [kind.rawValue, id, word]) != true else { continue }
                var tag = Tag(recordKind: kind, recordId: id, word: word)
                try tag.insert(db)
            }
            return try Ledger.tags(of: kind, id, in: db)
        }
    }

    /// Removes each of `words` from record `kind`/`ref`; a word it does not have is an error. Returns its tags.
    public func untag(_ kind: RecordKind, _ ref: String, words: [String]) throws -> [String] {
        try RecordKind.requireAnnotatable(kind)
        return try write("untag") { db in
            let id = try Ledger.recordId(kind, ref, in: db)
            for raw in words {
                let word = try Ledger.tagWord(raw, field: "WORD")
                guard let tagId = try Int64.fetchOne(db, sql: "SELECT id FROM tags WHERE record_kind = ? AND record_id = ? AND word = ?",
                                                     arguments: [kind.rawValue, id, word]) else {
                    throw LedgerError.invalidValue(field: "WORD", value: raw, expected: "a tag \(kind.rawValue) \(id) has")
                }
                try Journal.requireUntampered(.tag, tagId, in: db)
                try db.execute(sql: "DELETE FROM tags WHERE id = ?", arguments: [tagId])
            }
            return try Ledger.tags(of: kind, id, in: db)
        }
    }

    /// Adds a private note to record `kind`/`ref`. Returns the note's id.
    public func note(_ kind: RecordKind, _ ref: String, text: String) throws -> Int64 {
        try RecordKind.requireAnnotatable(kind)
        return try write("note") { db in
            guard let text = try Text.prose(text, field: "TEXT") else {
                throw LedgerError.invalidValue(field: "TEXT", value: text, expected: "the note's text")
            }
            var note = Note(recordKind: kind, recordId: try Ledger.recordId(kind, ref, in: db), text: text)
            try note.insert(db)
            return note.id!
        }
    }

    /// A tag as stored: lower case, letters, digits, `-` and `_`, at most 64 characters.
    static func tagWord(_ raw: String, field: String) throws -> String {
        let word = raw.trimmingSpaces.lowercased()
        guard !word.isEmpty, word.count <= 64,
              word.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else {
            throw LedgerError.invalidValue(field: field, value: raw,
                                           expected: "one word of letters, digits, '-' or '_' (at most 64), such as follow-up")
        }
        return word
    }

    static func tags(of kind: RecordKind, _ id: Int64, in db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT word FROM tags WHERE record_kind = ? AND record_id = ? ORDER BY word",
                            arguments: [kind.rawValue, id])
    }

    /// The `tags` and `notes` sections of `show`, each only when the record has some.
    static func annotationSections(_ kind: RecordKind, _ id: Int64, in db: Database) throws -> [(name: String, table: Table)] {
        var sections: [(name: String, table: Table)] = []
        let words = try tags(of: kind, id, in: db)
        if !words.isEmpty { sections.append(("tags", Table(columns: ["tag"], rows: words.map { [.text($0)] }))) }
        let notes = try Note.fetchAll(db, sql: "SELECT * FROM notes WHERE record_kind = ? AND record_id = ? ORDER BY id",
                                      arguments: [kind.rawValue, id])
        if !notes.isEmpty {
            sections.append(("notes", Table(columns: ["id", "note"], rows: notes.map { [.int($0.id!), .text($0.text)] })))
        }
        return sections
    }
}
