import Crypto
import Foundation
import GRDB

// The evidence locker: files kept in the ledger under their SHA-256, streamed in and out in 1 MiB chunks so that
// no file is ever whole in memory (docs/evidence.md). A document's journal image lists its files' hashes; the
// bytes are covered by `verify`, which re-hashes them.

/// A file `extract` wrote.
public struct ExtractedFile: Sendable, Equatable {
    /// The file as attached.
    public var file: DocumentFile
    /// Where its bytes now are.
    public var path: String
}

extension Ledger {
    /// Attaches `paths` to document `document`, in the order given, all or none. Returns the files attached.
    public func attach(document: String, files paths: [String]) throws -> [DocumentFile] {
        try write("attach") { db in
            let id = try Ledger.recordId(.document, document, in: db)
            return try paths.map { try Ledger.attach($0, to: id, at: Journal.timestamp(clock()), by: actor, in: db) }
        }
    }

    /// Stores the file at `path` (once per SHA-256) and attaches it to document `documentId`.
    static func attach(_ path: String, to documentId: Int64, at: String, by actor: String, in db: Database) throws
        -> DocumentFile
    {
        let input = try InputFile(path: path)
        defer { input.close() }
        let name = try attachedName(path)
        var hasher = SHA256()
        var size: Int64 = 0
        var prefix: [UInt8] = []
        try input.forEachChunk { chunk in
            hasher.update(bufferPointer: chunk)
            size += Int64(chunk.count)
            if prefix.count < MediaType.prefixLength { prefix += chunk.prefix(MediaType.prefixLength - prefix.count) }
        }
        let sha256 = BulkJournal.hex(hasher.finalize())
        if let existing = try String.fetchOne(db, sql: "SELECT name FROM document_files WHERE document_id = ? AND sha256 = ?",
                                              arguments: [documentId, sha256]) {
            throw LedgerError.invalidValue(
                field: "FILE", value: path,
                expected: "a file not yet attached to document \(documentId) (the same bytes are attached as \(LedgerError.quote(existing)))")
        }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM document_files WHERE document_id = ? AND name = ?",
                             arguments: [documentId, name]) == true {
            throw LedgerError.invalidValue(
                field: "FILE", value: path,
                expected: "a file whose name no other file of document \(documentId) has (rename it, so that extract can write both)")
        }
        let stored = try Row.fetchOne(db, sql: "SELECT media_type, withheld FROM evidence_blobs WHERE sha256 = ?",
                                      arguments: [sha256])
        let mediaType: String = try stored.map { try $0.decode(forColumn: "media_type") } ?? MediaType.sniff(prefix)
        let withheld: Int64? = try stored.flatMap { try $0.decode(Int64?.self, forColumn: "withheld") }
        if stored == nil || withheld != nil {
            try db.execute(sql: "DELETE FROM evidence_chunks WHERE sha256 = ?", arguments: [sha256])
            try db.execute(sql: """
                INSERT INTO evidence_blobs (sha256, size, media_type) VALUES (?, ?, ?)
                ON CONFLICT (sha256) DO UPDATE SET withheld = NULL
                """, arguments: [sha256, size, mediaType])
            // Second pass: the bytes go in as they are read, hashed again so that a file changed between the two
            // passes is refused rather than stored under a hash that does not describe it.
            var again = SHA256()
            var seq: Int64 = 0
            let insert = try db.cachedStatement(sql: "INSERT INTO evidence_chunks (sha256, seq, bytes) VALUES (?, ?, ?)")
            try input.forEachChunk { chunk in
                again.update(bufferPointer: chunk)
                try insert.execute(arguments: [sha256, seq, Data(chunk)])
                seq += 1
            }
            guard BulkJournal.hex(again.finalize()) == sha256 else {
                throw LedgerError.inputFile(path: path, row: nil, problem: "changed while it was being read; nothing attached")
            }
        }
        try input.requireUnchangedWhileAttached()
        let file = DocumentFile(sha256: sha256, size: size, mediaType: mediaType, name: name, attachedAt: at,
                                attachedBy: actor)
        try insertFile(file, document: documentId, in: db)
        return file
    }

    /// The name a file is kept under: its last path component, which must be a name `extract` can write back.
    static func attachedName(_ path: String) throws -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        return try safeName(name, field: "FILE")
    }

    /// A file name that names a file inside the folder `extract` writes to: no `/`, not `.` or `..`, one line.
    static func safeName(_ name: String, field: String) throws -> String {
        guard let line = try Text.line(name, field: field), line == name, !name.contains("/"), name != ".",
              name != "..", !name.contains("\0")
        else {
            throw LedgerError.invalidValue(field: field, value: name,
                                           expected: "a file name without '/', not '.' or '..', on one line")
        }
        return name
    }

    static func insertFile(_ file: DocumentFile, document documentId: Int64, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO document_files (document_id, sha256, name, attached_at, attached_by) VALUES (?, ?, ?, ?, ?)
            """, arguments: [documentId, file.sha256, file.name, file.attachedAt, file.attachedBy])
    }

    /// A document's files in the order attached; nil when it has none (its image then leaves the list out).
    static func files(ofDocument id: Int64, in db: Database) throws -> [DocumentFile]? {
        let files = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT f.sha256, b.size, b.media_type, f.name, f.attached_at, f.attached_by, b.withheld
            FROM document_files f JOIN evidence_blobs b ON b.sha256 = f.sha256 WHERE f.document_id = ? ORDER BY f.id
            """), arguments: [id]).map(file)
        return files.isEmpty ? nil : files
    }

    /// A document file entry of a row of `files(ofDocument:)`.
    private static func file(_ row: Row) throws -> DocumentFile {
        var file = DocumentFile(sha256: try row.decode(forColumn: "sha256"), size: try row.decode(forColumn: "size"),
                                mediaType: try row.decode(forColumn: "media_type"), name: try row.decode(forColumn: "name"),
                                attachedAt: try row.decode(forColumn: "attached_at"),
                                attachedBy: try row.decode(forColumn: "attached_by"))
        file.withheld = (try row.decode(Int64?.self, forColumn: "withheld")).map { _ in true }
        return file
    }

    /// Writes document `document`'s files into `directory`, byte for byte, each under the name it was attached
    /// with (0600, through `AtomicFile`). Every destination is checked before any is written: an existing file is
    /// refused unless `force`. A file whose bytes this copy does not hold (`export sqlite`) is refused.
    public func extract(document: String, to directory: String, force: Bool = false) throws -> [ExtractedFile] {
        try read { db in
            let id = try Ledger.recordId(.document, document, in: db)
            let files = try Ledger.files(ofDocument: id, in: db) ?? []
            guard !files.isEmpty else {
                throw LedgerError.invalidValue(field: "DOCUMENT", value: document,
                                               expected: "a document with files attached (attach them with 'govledger attach')")
            }
            var isDirectory: ObjCBool = false
            // No such folder is an output that cannot be written (exit 6, as for `-o` elsewhere); a file is a bad value.
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
                throw LedgerError.inputFile(path: directory, row: nil, problem: "cannot write the files: no such directory (--output)")
            }
            guard isDirectory.boolValue else {
                throw LedgerError.invalidValue(field: "--output", value: directory, expected: "an existing directory")
            }
            var options = AtomicFile.Options(field: "--output", replaceExisting: force, protected: path.map { [$0] } ?? [],
                                             expectedNew: "a folder where no file of that name exists (or --force to replace it)")
            // The names come from the ledger (perhaps a loaded file): a link there must not send the bytes elsewhere.
            options.followsLinks = false
            var planned: [(DocumentFile, String)] = []
            for file in files {
                let name = try Ledger.safeName(file.name, field: "name")
                let destination = (directory.hasSuffix("/") ? directory : directory + "/") + name
                try AtomicFile.check(destination, options)
                if file.withheld == true {
                    throw LedgerError.refused(
                        "document \(id)'s file \(LedgerError.quote(file.name)) was left out of this copy of the ledger (a published export keeps hashes, never bytes)")
                }
                planned.append((file, destination))
            }
            return try planned.map { file, destination in
                try AtomicFile.write(to: destination, options) { descriptor in
                    try Ledger.streamBytes(of: file, in: db) { chunk in
                        try AtomicFile.writeAll(descriptor, chunk, path: destination)
                    }
                }
                return ExtractedFile(file: file, path: destination)
            }
        }
    }

    /// Hands a file's stored bytes to `body` chunk by chunk, then refuses (before the caller keeps anything) bytes
    /// that no longer hash to the file's SHA-256.
    static func streamBytes(of file: DocumentFile, in db: Database, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var hasher = SHA256()
        let chunks = try Row.fetchCursor(db, sql: "SELECT bytes FROM evidence_chunks WHERE sha256 = ? ORDER BY seq",
                                         arguments: [file.sha256])
        while let row = try chunks.next() {
            let bytes: Data = try row.decode(forColumn: "bytes")
            try bytes.withUnsafeBytes { buffer in
                hasher.update(bufferPointer: buffer)
                try body(buffer)
            }
        }
        guard BulkJournal.hex(hasher.finalize()) == file.sha256 else {
            throw LedgerError.refused("the stored bytes of \(LedgerError.quote(file.name)) no longer match its SHA-256; run 'govledger verify'")
        }
    }

    /// A file's stored bytes, whole: for `export json --include-confidential` only.
    static func bytes(of sha256: String, in db: Database) throws -> Data {
        var data = Data()
        let file = DocumentFile(sha256: sha256, size: 0, mediaType: "", name: sha256, attachedAt: "", attachedBy: "")
        try streamBytes(of: file, in: db) { data.append(contentsOf: $0) }
        return data
    }

    /// Stores bytes read from an interchange file (already checked against their hash) for `load`.
    static func storeBlob(_ data: Data, sha256: String, mediaType: String, in db: Database) throws {
        try db.execute(sql: "DELETE FROM evidence_chunks WHERE sha256 = ?", arguments: [sha256])
        try db.execute(sql: """
            INSERT INTO evidence_blobs (sha256, size, media_type) VALUES (?, ?, ?)
            ON CONFLICT (sha256) DO UPDATE SET withheld = NULL
            """, arguments: [sha256, Int64(data.count), mediaType])
        let chunk = 1 << 20
        for (seq, start) in stride(from: 0, to: data.count, by: chunk).enumerated() {
            try db.execute(sql: "INSERT INTO evidence_chunks (sha256, seq, bytes) VALUES (?, ?, ?)",
                           arguments: [sha256, Int64(seq), data.subdata(in: start..<min(start + chunk, data.count))])
        }
    }

    /// Every stored file re-hashed: bytes changed, chunks missing, reordered or swapped between files behind the
    /// journal's back. A file whose bytes a copy left out (`withheld`) has nothing to hash and is not a problem.
    static func evidenceProblems(_ db: Database) throws -> [Verification.Problem] {
        var problems: [Verification.Problem] = []
        let blobs = try Row.fetchAll(db, sql: """
            SELECT b.sha256, b.size, (SELECT min(document_id) FROM document_files f WHERE f.sha256 = b.sha256) AS document_id,
              (SELECT name FROM document_files f WHERE f.sha256 = b.sha256 ORDER BY id LIMIT 1) AS name
            FROM evidence_blobs b WHERE b.withheld IS NULL ORDER BY b.sha256
            """)
        for blob in blobs {
            let sha256: String = try blob.decode(forColumn: "sha256")
            let size: Int64 = try blob.decode(forColumn: "size")
            let name: String = (try blob.decode(String?.self, forColumn: "name")) ?? sha256
            var hasher = SHA256()
            var length: Int64 = 0
            var expectedSeq: Int64 = 0
            var ordered = true
            let chunks = try Row.fetchCursor(db, sql: "SELECT seq, bytes FROM evidence_chunks WHERE sha256 = ? ORDER BY seq",
                                             arguments: [sha256])
            while let row = try chunks.next() {
                let seq: Int64 = try row.decode(forColumn: "seq")
                let bytes: Data = try row.decode(forColumn: "bytes")
                ordered = ordered && seq == expectedSeq
                expectedSeq += 1
                length += Int64(bytes.count)
                bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            }
            if !ordered || length != size || BulkJournal.hex(hasher.finalize()) != sha256 {
                problems.append(.init(
                    kind: JournaledKind.document.rawValue, ref: (try blob.decode(Int64?.self, forColumn: "document_id")) ?? 0,
                    message: "its file \(LedgerError.quote(name)) no longer matches its SHA-256 \(sha256) (its stored bytes were changed behind the journal's back)",
                    fields: ["files"]))
            }
        }
        let strays = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM evidence_chunks c WHERE NOT EXISTS (SELECT 1 FROM evidence_blobs b WHERE b.sha256 = c.sha256)
            """) ?? 0
        if strays > 0 {
            problems.append(.init(kind: JournaledKind.document.rawValue, ref: 0,
                                  message: "\(strays) stored chunks belong to no file (inserted behind the journal's back)",
                                  fields: ["files"]))
        }
        return problems
    }
}

extension InputFile {
    /// Refuses a file that changed since it was opened (attach reads it twice).
    func requireUnchangedWhileAttached() throws {
        do {
            try requireUnchanged()
        } catch {
            throw LedgerError.inputFile(path: path, row: nil, problem: "changed while it was being read; nothing attached")
        }
    }
}
