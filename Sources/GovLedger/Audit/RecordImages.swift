import GRDB

/// The kinds of record the journal follows, and how to read each one's canonical image.
///
/// An image is the record in the interchange format (a vendor with its aliases, a document or event with its
/// links, a citation with its one target), so changes to child rows are changes to their owner.
enum JournaledKind: String, CaseIterable, Sendable {
    case agency, vendor, source, solicitation, pursuit, stageChange = "stage-change", document, award, event
    case citation
    /// A decision on a pair of vendors (schema version 7).
    case judgement
    /// Tags and private notes on records (schema version 8).
    case tag, note
    /// People and requests for comment (schema version 9).
    case person, request

    var table: String {
        switch self {
        case .agency: "agencies"
        case .stageChange: "stage_changes"
        case .person: "people"
        case .request: "reply_requests"
        default: rawValue + "s"
        }
    }

    /// Which journaled record a changed row of `table` belongs to; nil for tables the journal ignores.
    static func owner(ofRowIn table: String) -> (kind: JournaledKind, ownerColumn: String?)? {
        switch table {
        case "vendor_aliases", "vendor_identifiers": (.vendor, "vendor_id")
        case "award_transactions": (.award, "award_id")
        case "document_links", "document_files": (.document, "document_id")
        case "event_links": (.event, "event_id")
        case "document_people": (.document, "document_id")
        case "event_people": (.event, "event_id")
        case "stage_change_people": (.stageChange, "stage_change_id")
        case "person_roles": (.person, "person_id")
        case "reply_request_pursuits": (.request, "request_id")
        default: allCases.first { $0.table == table }.map { ($0, nil) }
        }
    }

    /// Tables whose changes the journal follows.
    static let observedTables: Set<String> = Set(allCases.map(\.table)).union(["vendor_aliases", "vendor_identifiers", "document_links", "document_files", "event_links", "award_transactions"])
        .union(peopleTables)

    /// The tables of people, their roles and mentions, and requests for comment (schema 9).
    static let peopleTables: Set<String> = ["person_roles", "document_people", "event_people", "stage_change_people",
                                            "reply_request_pursuits"]

    /// The canonical image of record `id`, or nil when it does not exist.
    func image(_ id: Int64, in db: Database) throws -> String? {
        try images(in: db, sql: "WHERE id = ?", arguments: [id]).first?.image
    }

    /// Canonical images of records `ids` (those that exist), by id, read in batches.
    func images(ids: [Int64], in db: Database) throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            let found = try images(in: db, sql: "WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                                   arguments: StatementArguments(chunk.map { $0 as (any DatabaseValueConvertible)? }))
            for (id, image) in found { result[id] = image }
        }
        return result
    }

    /// Canonical images of every record of this kind (or those matching `sql`), by id.
    func images(in db: Database, sql: String = "", arguments: StatementArguments = []) throws
        -> [(id: Int64, image: String)]
    {
        let query = "SELECT * FROM \(table) \(sql) ORDER BY id"
        func encode<R: Encodable>(_ records: [R], _ id: (R) -> Int64?) throws -> [(id: Int64, image: String)] {
            try records.map { (id($0)!, try JSONValue(encoding: $0).canonical) }
        }
        switch self {
        case .agency:
            return try Agency.fetchAll(db, sql: query, arguments: arguments).map { ($0.id!, $0.canonicalImage) }
        case .vendor: return try encode(Ledger.fetchVendors(db, sql: query, arguments: arguments), \.id)
        case .source: return try encode(Source.fetchAll(db, sql: query, arguments: arguments), \.id)
        case .solicitation: return try encode(Solicitation.fetchAll(db, sql: query, arguments: arguments), \.id)
        case .pursuit: return try encode(Pursuit.fetchAll(db, sql: query, arguments: arguments), \.id)
        case .stageChange: return try encode(Ledger.fetchStageChanges(db, sql: query, arguments: arguments), \.id)
        case .document: return try encode(Ledger.fetchDocuments(db, sql: query, arguments: arguments), \.id)
        case .award:
            return try Ledger.withTransactions(Award.fetchAll(db, sql: query, arguments: arguments), in: db)
                .map { ($0.id!, $0.canonicalImage) }
        case .event: return try encode(Ledger.fetchEvents(db, sql: query, arguments: arguments), \.id)
        case .citation: return try encode(Citation.fetchAll(db, sql: query, arguments: arguments), \.id)
        case .judgement: return try encode(Judgement.fetchAll(db, sql: query, arguments: arguments), \.id)
        case .tag: return try encode(Tag.fetchAll(db, sql: query, arguments: arguments), \.id)
        case .note: return try encode(Note.fetchAll(db, sql: query, arguments: arguments), \.id)
        case .person: return try encode(Ledger.fetchPeople(db, sql: query, arguments: arguments), \.id)
        case .request: return try encode(Ledger.fetchRequests(db, sql: query, arguments: arguments), \.id)
        }
    }
}

extension Agency {
    /// The canonical image, built without a JSON encoder round trip: the seed and `verify` make one for each of the
    /// reference's agencies. A test holds it equal to the canonical form of the interchange JSON.
    var canonicalImage: String {
        var members: [String: JSONValue] = ["level": .string(level.rawValue), "name": .string(name)]
        func put(_ key: String, _ value: String?) { if let value { members[key] = .string(value) } }
        if let id { members["id"] = .int(id) }
        if let parentId { members["parent_id"] = .int(parentId) }
        if let mergedIntoId { members["merged_into_id"] = .int(mergedIntoId) }
        put("retraction", retraction)
        put("acronym", acronym)
        put("cgac_code", cgacCode)
        put("fpds_code", fpdsCode)
        put("subtier_code", subtierCode)
        put("office_code", officeCode)
        put("frec_code", frecCode)
        return JSONValue.object(members).canonical
    }
}
