import GRDB

// People, their roles, the records naming them, and requests for comment (docs/people-and-replies.md).
// A person who is a confidential source's identity is private: `Ledger.confidentialPeople` is the one query
// every output path uses to leave them out.

extension Ledger {
    /// The people who are a confidential source's identity, as SQL returning their ids: a subquery for `IN (…)`.
    static let confidentialPeople = "SELECT person_id FROM sources WHERE confidential = 1 AND person_id IS NOT NULL"

    /// Whether person `id` is a confidential source's identity.
    static func isConfidential(person id: Int64, in db: Database) throws -> Bool {
        try Row.fetchOne(db, sql: "SELECT 1 FROM sources WHERE confidential = 1 AND person_id = ?", arguments: [id]) != nil
    }

    /// Records a person with their roles. Returns the new id.
    public func addPerson(name: String, roles: [RoleInput] = [], notes: String? = nil) throws -> Int64 {
        try write("add person") { db in
            var person = Person(name: try Text.name(name, field: "name"),
                                roles: try roles.map { try $0.resolved(in: db) },
                                notes: try Text.prose(notes, field: "notes"))
            try Ledger.insert(&person, in: db)
            return person.id!
        }
    }

    /// Adds a dated role to a person. Returns the person's id.
    public func addRole(person: String, _ role: RoleInput) throws -> Int64 {
        try write("role add") { db in
            let id = try Ledger.recordId(.person, person, field: "person", in: db)
            try Journal.requireUntampered(.person, id, in: db)
            try Ledger.insertRole(try role.resolved(in: db), person: id, in: db)
            return id
        }
    }

    /// Records a request for comment to a vendor, an agency or a person. `party` is tried as a vendor, then an
    /// agency, then a person, unless `partyKind` says which. Returns the request's id.
    public func ask(_ party: String, partyKind: RecordKind? = nil, contact: String? = nil, on asked: LedgerDate,
                    via: ReplyChannel? = nil, deadline: LedgerDate? = nil, about pursuits: [String] = []) throws -> Int64 {
        if let deadline, deadline.last < asked.first {
            throw LedgerError.invalidValue(field: "--deadline", value: deadline.text,
                                           expected: "a date on or after the request (\(asked.text))")
        }
        return try write("ask") { db in
            var request = ReplyRequest(asked: asked, via: via, deadline: deadline,
                                       pursuitIds: try pursuits.map { try Ledger.recordId(.pursuit, $0, field: "--about", in: db) })
            switch try Ledger.party(party, kind: partyKind, in: db) {
            case (.vendor, let id): request.vendorId = id
            case (.agency, let id): request.agencyId = id
            case (_, let id): request.personId = id
            }
            if let contact {
                guard request.personId == nil else {
                    throw LedgerError.invalidValue(field: "--person", value: contact,
                                                   expected: "a contact at a vendor or agency; the party asked is already a person")
                }
                request.personId = try Ledger.recordId(.person, contact, field: "--person", in: db)
            }
            try Ledger.insert(&request, in: db)
            return request.id!
        }
    }

    /// What a party answered: a statement in their words or a document, a refusal, or nothing by the deadline.
    public enum Answer: Sendable, Hashable {
        case text(String)
        case document(String)
        case declined
        case noResponse
    }

    /// Records the answer to request `request`, once. Returns the request's id.
    public func reply(_ request: String, on date: LedgerDate, _ answer: Answer) throws -> Int64 {
        try write("reply") { db in
            let id = try Ledger.recordId(.request, request, field: "request", in: db)
            try Journal.requireUntampered(.request, id, in: db)
            guard var record = try Ledger.fetchRequests(db, sql: "SELECT * FROM reply_requests WHERE id = ?", arguments: [id]).first
            else { throw LedgerError.unknownReference(field: "request", value: request, suggestions: []) }
            if let outcome = record.outcome {
                throw LedgerError.invalidValue(
                    field: "request", value: request,
                    expected: "a request with no answer yet; request \(id) was answered (\(outcome.rawValue)) on \(record.answered?.text ?? "?")")
            }
            if date.last < record.asked.first {
                throw LedgerError.invalidValue(field: "--on", value: date.text,
                                               expected: "a date on or after the request (\(record.asked.text))")
            }
            record.answered = date
            switch answer {
            case .text(let text):
                record.outcome = .replied
                record.text = try Text.prose(text, field: "--text")
            case .document(let ref):
                record.outcome = .replied
                record.documentId = try Ledger.recordId(.document, ref, field: "--document", in: db)
            case .declined: record.outcome = .declined
            case .noResponse: record.outcome = .noResponse
            }
            try record.update(db)
            return id
        }
    }

    /// Resolves the party of a request: a vendor, else an agency, else a person (a name all three answer to is
    /// taken as the vendor; `kind` picks one).
    static func party(_ ref: String, kind: RecordKind?, in db: Database) throws -> (RecordKind, Int64) {
        if let kind {
            guard [.vendor, .agency, .person].contains(kind) else {
                throw LedgerError.invalidValue(field: "kind", value: kind.rawValue, expected: "vendor, agency or person")
            }
            return (kind, try recordId(kind, ref, field: kind.rawValue, in: db))
        }
        // An id names a record of each kind: which one is meant must be said (a DUNS number names a vendor).
        let text = ref.trimmingSpaces
        if Int64(text) != nil, text.utf8.count != 9 {
            throw LedgerError.invalidValue(field: "party", value: ref,
                                           expected: "a name, or an id with --party vendor, agency or person")
        }
        for candidate in [RecordKind.vendor, .agency, .person] {
            do {
                return (candidate, try recordId(candidate, ref, field: candidate.rawValue, in: db))
            } catch LedgerError.unknownReference {
                continue
            }
        }
        throw LedgerError.unknownReference(field: "party", value: ref, suggestions: [])
    }
}

/// A role as typed: its title, where (a vendor or an agency reference) and its dates.
public struct RoleInput: Sendable, Hashable {
    public var title: String
    public var vendor: String?
    public var agency: String?
    public var since: LedgerDate?
    public var until: LedgerDate?

    /// Creates a role to resolve.
    public init(title: String, vendor: String? = nil, agency: String? = nil, since: LedgerDate? = nil,
                until: LedgerDate? = nil) {
        self.title = title
        self.vendor = vendor
        self.agency = agency
        self.since = since
        self.until = until
    }

    func resolved(in db: Database) throws -> PersonRole {
        if let vendor, agency != nil {
            throw LedgerError.invalidValue(field: "--vendor", value: vendor, expected: "a vendor or an agency, not both")
        }
        if let since, let until, until.last < since.first {
            throw LedgerError.invalidValue(field: "--until", value: until.text, expected: "a date on or after --since (\(since.text))")
        }
        return PersonRole(title: try Text.name(title, field: "--role"),
                          vendorId: try vendor.map { try Ledger.vendorId($0, field: "--vendor", in: db) },
                          agencyId: try agency.map { try Ledger.agencyId($0, field: "--agency", in: db) },
                          since: since, until: until)
    }
}

// Reading and writing the child rows; shared by the named writes, `load` and the journal's images.
extension Ledger {
    static func fetchPeople(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [Person] {
        try Person.fetchAll(db, sql: sql, arguments: arguments).map { person in
            var person = person
            person.roles = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM person_roles WHERE person_id = ? ORDER BY id"),
                                            arguments: [person.id]).map { row in
                PersonRole(title: try row.decode(forColumn: "title"), vendorId: try row.decode(forColumn: "vendor_id"),
                           agencyId: try row.decode(forColumn: "agency_id"),
                           since: try LedgerDate.read(row, "since", "person_roles"),
                           until: try LedgerDate.read(row, "until", "person_roles"))
            }
            return person
        }
    }

    static func fetchRequests(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [ReplyRequest] {
        try ReplyRequest.fetchAll(db, sql: sql, arguments: arguments).map { request in
            var request = request
            request.pursuitIds = try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT pursuit_id FROM reply_request_pursuits WHERE request_id = ? ORDER BY pursuit_id"),
                arguments: [request.id])
            return request
        }
    }

    static func fetchStageChanges(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [StageChange] {
        try StageChange.fetchAll(db, sql: sql, arguments: arguments).map { change in
            var change = change
            change.personIds = try personIds(db, table: "stage_change_people", owner: "stage_change_id", id: change.id)
            return change
        }
    }

    /// The people linked to one record, by id; nil when none (so images of records without people are unchanged).
    static func personIds(_ db: Database, table: String, owner: String, id: Int64?) throws -> [Int64]? {
        let ids = try Int64.fetchAll(db.cachedStatement(sql: "SELECT person_id FROM \(table) WHERE \(owner) = ? ORDER BY person_id"),
                                     arguments: [id])
        return ids.isEmpty ? nil : ids
    }

    /// A document's authors and recipients, by role then person; nil when none.
    static func documentPeople(_ db: Database, id: Int64?) throws -> [DocumentPerson]? {
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT person_id, role FROM document_people WHERE document_id = ? ORDER BY role, person_id"),
                                    arguments: [id])
        let people = try rows.map { row in
            DocumentPerson(personId: try row.decode(forColumn: "person_id"), role: try row.decode(forColumn: "role"))
        }
        return people.isEmpty ? nil : people
    }

    /// Inserts a person and their roles.
    static func insert(_ person: inout Person, in db: Database) throws {
        try person.insert(db)
        for role in person.roles { try insertRole(role, person: person.id!, in: db) }
    }

    static func insertRole(_ role: PersonRole, person: Int64, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO person_roles (person_id, title, vendor_id, agency_id, since, since_from, since_to, until, until_from, until_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [person, role.title, role.vendorId, role.agencyId, role.since?.text, role.since?.first,
                             role.since?.last, role.until?.text, role.until?.first, role.until?.last])
    }

    /// Inserts a request and the pursuits it is about.
    static func insert(_ request: inout ReplyRequest, in db: Database) throws {
        try request.insert(db)
        for pursuit in request.pursuitIds {
            try db.execute(sql: "INSERT OR IGNORE INTO reply_request_pursuits (request_id, pursuit_id) VALUES (?, ?)",
                           arguments: [request.id, pursuit])
        }
    }

    /// Links people to a record through `table` (`event_people`, `stage_change_people`).
    static func insertPeople(_ ids: [Int64]?, table: String, owner: String, id: Int64, in db: Database) throws {
        for person in ids ?? [] {
            try db.execute(sql: "INSERT OR IGNORE INTO \(table) (\(owner), person_id) VALUES (?, ?)", arguments: [id, person])
        }
    }

    static func insertDocumentPeople(_ people: [DocumentPerson]?, id: Int64, in db: Database) throws {
        for link in people ?? [] {
            try db.execute(sql: "INSERT OR IGNORE INTO document_people (document_id, person_id, role) VALUES (?, ?, ?)",
                           arguments: [id, link.personId, link.role.rawValue])
        }
    }

    /// Resolves person references for a link; nil when there are none.
    static func personIds(_ refs: [String], field: String, in db: Database) throws -> [Int64]? {
        let ids = try refs.map { try recordId(.person, $0, field: field, in: db) }
        return ids.isEmpty ? nil : Array(Set(ids)).sorted()
    }

    /// A document's authors and recipients from references; nil when there are none.
    static func documentPeople(authors: [String], recipients: [String], in db: Database) throws -> [DocumentPerson]? {
        let links = try authors.map { DocumentPerson(personId: try recordId(.person, $0, field: "--written-by", in: db), role: .author) }
            + recipients.map { DocumentPerson(personId: try recordId(.person, $0, field: "--recipient", in: db), role: .recipient) }
        let unique = Array(Set(links)).sorted { ($0.role.rawValue, $0.personId) < ($1.role.rawValue, $1.personId) }
        return unique.isEmpty ? nil : unique
    }
}
