import Foundation
import GRDB

extension Ledger {
    /// The whole ledger in the interchange format. Confidential sources are redacted unless
    /// `includeConfidential` is set (see `Redaction`), and so are the quotes of their citations.
    public func exportFile(includeConfidential: Bool = false) throws -> LedgerFile {
        try read { db in
            var file = LedgerFile()
            file.agencies = try Agency.fetchAll(db, sql: Ledger.agenciesInUse)
            file.vendors = try Ledger.fetchVendors(db, sql: "SELECT * FROM vendors ORDER BY id")
            let sources = try Source.order(Column("id")).fetchAll(db)
            file.sources = includeConfidential ? sources : sources.map(Redaction.redact)
            file.solicitations = try Solicitation.order(Column("id")).fetchAll(db)
            file.pursuits = try Pursuit.order(Column("id")).fetchAll(db)
            file.stageChanges = try Ledger.fetchStageChanges(db, sql: "SELECT * FROM stage_changes ORDER BY id")
            file.documents = try Ledger.fetchDocuments(db, sql: "SELECT * FROM documents ORDER BY id")
            file.awards = try Ledger.withTransactions(Award.order(Column("id")).fetchAll(db), in: db)
            file.events = try Ledger.fetchEvents(db, sql: "SELECT * FROM events ORDER BY id")
            let citations = try Citation.order(Column("id")).fetchAll(db)
            let confidential = includeConfidential ? [] : try Redaction.confidentialSources(in: db)
            file.citations = citations.map { Redaction.redact($0, confidential: confidential) }
            file.judgements = try Judgement.order(Column("id")).fetchAll(db)
            let tags = try Tag.fetchAll(db, sql: "SELECT * FROM tags ORDER BY id")
            file.tags = tags.isEmpty ? nil : tags
            if includeConfidential {
                let notes = try Note.fetchAll(db, sql: "SELECT * FROM notes ORDER BY id")
                file.notes = notes.isEmpty ? nil : notes
                // The bytes go only where confidential sources go: to one's own machines (docs/evidence.md).
                let hashes = try String.fetchAll(db, sql: """
                    SELECT sha256 FROM evidence_blobs WHERE withheld IS NULL
                      AND sha256 IN (SELECT sha256 FROM document_files) ORDER BY sha256
                    """)
                let contents = try hashes.map { sha256 in
                    EvidenceContent(sha256: sha256, contentBase64: try Ledger.bytes(of: sha256, in: db).base64EncodedString())
                }
                file.evidence = contents.isEmpty ? nil : contents
            }
            file.people = try Ledger.fetchPeople(db, sql: "SELECT * FROM people ORDER BY id")
            file.requests = try Ledger.fetchRequests(db, sql: "SELECT * FROM reply_requests ORDER BY id")
            if !includeConfidential {
                Redaction.withoutConfidentialPeople(&file, Set(try Int64.fetchAll(db, sql: Ledger.confidentialPeople)))
                // The files of a document only confidential sources back keep their hashes, not their names.
                let secret = Set(try Int64.fetchAll(db, sql: Redaction.confidentialOnlyDocuments))
                file.documents = file.documents.map { document in
                    guard let id = document.id, secret.contains(id) else { return document }
                    var document = document
                    document.files = document.files?.map(Redaction.withholdName)
                    return document
                }
            }
            return file
        }
    }

    /// The agencies an export carries: those anything refers to, those recorded or changed since the reference
    /// seeded them, and the parents of both. The untouched rest of the reference is in every ledger already.
    static let agenciesInUse = """
        WITH RECURSIVE used(id) AS (
          SELECT agency_id FROM solicitations UNION SELECT agency_id FROM pursuits UNION SELECT agency_id FROM awards
          UNION SELECT funding_agency_id FROM awards WHERE funding_agency_id IS NOT NULL
          UNION SELECT agency_id FROM document_links WHERE agency_id IS NOT NULL
          UNION SELECT agency_id FROM event_links WHERE agency_id IS NOT NULL
          UNION SELECT agency_id FROM citations WHERE agency_id IS NOT NULL
          UNION SELECT record_id FROM journal WHERE kind = 'agency'
          UNION SELECT record_id FROM tags WHERE record_kind = 'agency' UNION SELECT record_id FROM notes WHERE record_kind = 'agency'
          UNION SELECT a.parent_id FROM agencies a JOIN used ON a.id = used.id WHERE a.parent_id IS NOT NULL)
        SELECT * FROM agencies WHERE id IN used ORDER BY id
        """

    /// Loads interchange files in one transaction: all of them, or nothing.
    ///
    /// Ids are local to each file: a record keeps its id when that id is free, else it gets a new one and
    /// references are remapped. Agencies already in the ledger are matched by code (else by name and level),
    /// vendors by UEI (else by name), and reused rather than duplicated. Returns the records added per kind.
    @discardableResult
    public func load(_ files: [(path: String, file: LedgerFile)]) throws -> LoadSummary {
        try write("load") { db in
            var added = LoadSummary()
            for (path, file) in files {
                var loader = Loader(db: db, path: path)
                do {
                    try loader.load(file)
                } catch LedgerError.invalidValue(let field, let value, let expected) {
                    // A bad value inside a file is a malformed input file: name the file (exit status 6).
                    throw LedgerError.inputFile(path: path, row: nil, problem: LedgerError.invalidValue(
                        field: field, value: value, expected: expected).description)
                }
                added.records.merge(loader.added, uniquingKeysWith: +)
                added.judgements += loader.judgements
            }
            return added
        }
    }

    static func fetchVendors(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Vendor] {
        try Vendor.fetchAll(db, sql: sql, arguments: arguments).map { vendor in
            var vendor = vendor
            vendor.aliases = try String.fetchAll(
                db.cachedStatement(sql: "SELECT alias FROM vendor_aliases WHERE vendor_id = ? ORDER BY id"),
                arguments: [vendor.id])
            vendor.identifiers = try vendor.id.flatMap { try identifiers(ofVendor: $0, in: db) }
            return vendor
        }
    }

    static func fetchDocuments(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Document] {
        try Document.fetchAll(db, sql: sql, arguments: arguments).map { document in
            var document = document
            document.links = try links(db, table: "document_links", owner: "document_id", id: document.id!)
            document.files = try files(ofDocument: document.id!, in: db)
            document.people = try documentPeople(db, id: document.id)
            return document
        }
    }

    static func fetchEvents(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Event] {
        try Event.fetchAll(db, sql: sql, arguments: arguments).map { event in
            var event = event
            event.links = try links(db, table: "event_links", owner: "event_id", id: event.id!)
            event.personIds = try personIds(db, table: "event_people", owner: "event_id", id: event.id)
            return event
        }
    }

    private static func links(_ db: Database, table: String, owner: String, id: Int64) throws -> Links {
        func ids(_ column: String) throws -> [Int64] {
            try Int64.fetchAll(db, sql: "SELECT \(column) FROM \(table) WHERE \(owner) = ? AND \(column) IS NOT NULL ORDER BY \(column)",
                               arguments: [id])
        }
        return Links(pursuitIds: try ids("pursuit_id"), vendorIds: try ids("vendor_id"), agencyIds: try ids("agency_id"))
    }
}

/// What `load` added: records per kind, and judgements on pairs of vendors (journaled, but no kind of record a
/// command names), which a file carries too.
public struct LoadSummary: Sendable, Equatable {
    /// Records added per kind; a kind with none added is absent.
    public var records: [RecordKind: Int] = [:]
    /// Judgements added (a pair the ledger had judged keeps the ledger's judgement and is not counted).
    public var judgements = 0

    /// Records of `kind` added, or nil when none.
    public subscript(_ kind: RecordKind) -> Int? { records[kind] }
}
