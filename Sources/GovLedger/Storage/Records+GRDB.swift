import GRDB

// Database conformances. Columns are written explicitly so that each date also stores the range it covers
// (X_from, X_to) and each name its match key; reading uses Codable where the row has every property.

extension AgencyLevel: DatabaseValueConvertible {}
extension Stage: DatabaseValueConvertible {}
extension PursuitKind: DatabaseValueConvertible {}
extension DocumentKind: DatabaseValueConvertible {}
extension SourceKind: DatabaseValueConvertible {}
extension EventKind: DatabaseValueConvertible {}
extension Approximation: DatabaseValueConvertible {}
extension NoticeType: DatabaseValueConvertible {}
extension ReplyChannel: DatabaseValueConvertible {}
extension ReplyOutcome: DatabaseValueConvertible {}
extension DocumentPersonRole: DatabaseValueConvertible {}

extension LedgerDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { text.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> LedgerDate? {
        guard let text = String.fromDatabaseValue(dbValue) else { return nil }
        return try? LedgerDate(parsing: text, field: "date")
    }
}

extension LedgerDate {
    /// Reads a date column, failing with the table and value instead of trapping on text that is not a date.
    static func read(_ row: Row, _ column: String, _ table: String) throws -> LedgerDate? {
        guard let text = (try row.decode(forColumn: column)) as String? else { return nil }
        return try LedgerDate(parsing: text, field: "\(table).\(column)")
    }
}

extension PersistenceContainer {
    /// Writes a date as its text plus the first and last day it covers.
    mutating func setDate(_ date: LedgerDate?, _ column: String) {
        self[column] = date?.text
        self[column + "_from"] = date?.first
        self[column + "_to"] = date?.last
    }
}

/// A record kept in one table of the ledger.
public protocol LedgerRecord: FetchableRecord, MutablePersistableRecord, Codable, Sendable {
    var id: Int64? { get set }
    /// The record checked by the one text policy (and its codes normalised); throws naming the field.
    func validated(at: String) throws -> Self
}

extension LedgerRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// The last line of the text policy: whatever path a record took (typed, loaded, imported), it is saved only
    /// if its text passes `Text`'s checks, so no control character or unbounded name reaches a terminal or an export.
    public func willSave(_ db: Database) throws {
        _ = try validated(at: Self.databaseTableName)
    }
}

extension Agency: LedgerRecord {
    public static let databaseTableName = "agencies"

    /// Reads a row by column (Codable decoding cost more than the query when verify reads the whole reference).
    public init(row: Row) throws {
        guard let level = AgencyLevel(rawValue: (try row.decode(forColumn: "level")) as String? ?? "") else {
            throw LedgerError.ledger(path: "agencies", problem: "agency \((try row.decode(forColumn: "id")) as Int64? ?? 0) has an unknown level")
        }
        self.init(id: (try row.decode(forColumn: "id")), name: (try row.decode(forColumn: "name")), acronym: (try row.decode(forColumn: "acronym")), level: level, parentId: (try row.decode(forColumn: "parent_id")),
                  cgacCode: (try row.decode(forColumn: "cgac_code")), fpdsCode: (try row.decode(forColumn: "fpds_code")), subtierCode: (try row.decode(forColumn: "subtier_code")),
                  officeCode: (try row.decode(forColumn: "office_code")), frecCode: (try row.decode(forColumn: "frec_code")))
        mergedIntoId = try row.decode(forColumn: "merged_into_id")
        retraction = try row.decode(forColumn: "retraction")
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["acronym"] = acronym
        container["level"] = level
        container["parent_id"] = parentId
        container["cgac_code"] = cgacCode
        container["fpds_code"] = fpdsCode
        container["subtier_code"] = subtierCode
        container["office_code"] = officeCode
        container["frec_code"] = frecCode
        container["match_key"] = MatchKey.agency(name)
        container["merged_into_id"] = mergedIntoId
        container["retraction"] = retraction
    }
}

extension Vendor: LedgerRecord {
    public static let databaseTableName = "vendors"

    public init(row: Row) throws {
        self.init(id: (try row.decode(forColumn: "id")), name: (try row.decode(forColumn: "name")), uei: (try row.decode(forColumn: "uei")), parentId: (try row.decode(forColumn: "parent_id")), website: (try row.decode(forColumn: "website")))
        mergedIntoId = try row.decode(forColumn: "merged_into_id")
        retraction = try row.decode(forColumn: "retraction")
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["uei"] = uei
        container["parent_id"] = parentId
        container["website"] = website
        container["match_key"] = MatchKey.vendor(name)
        container["merged_into_id"] = mergedIntoId
        container["retraction"] = retraction
    }
}

extension Source: LedgerRecord {
    public static let databaseTableName = "sources"

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["kind"] = kind
        container["title"] = title
        container["publisher"] = publisher
        container["url"] = url
        container.setDate(date, "date")
        container["confidential"] = confidential
        container["notes"] = notes
        container["retraction"] = retraction
        container["person_id"] = personId
    }
}

extension Solicitation: LedgerRecord {
    public static let databaseTableName = "solicitations"

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["agency_id"] = agencyId
        container["title"] = title
        container["notice_type"] = noticeType
        container["base_notice_type"] = baseNoticeType
        container["notice_id"] = noticeId
        container["solicitation_number"] = solicitationNumber
        container["description"] = description
        container["url"] = url
        container.setDate(posted, "posted")
        container.setDate(responseDue, "response_due")
        container["retraction"] = retraction
    }
}

extension Pursuit: LedgerRecord {
    public static let databaseTableName = "pursuits"

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["vendor_id"] = vendorId
        container["agency_id"] = agencyId
        container["solicitation_id"] = solicitationId
        container["title"] = title
        container["summary"] = summary
        container["kind"] = kind
        container["stage"] = stage
        container["estimated_value_cents"] = estimatedValueCents
        container["estimated_value_qualifier"] = estimatedValueQualifier
        container["currency"] = currency
        container.setDate(date, "date")
        container["retraction"] = retraction
    }
}

extension StageChange: LedgerRecord {
    public static let databaseTableName = "stage_changes"

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["pursuit_id"] = pursuitId
        container["stage"] = stage
        container.setDate(date, "date")
        container["note"] = note
        container["retraction"] = retraction
    }
}

extension Document: LedgerRecord {
    public static let databaseTableName = "documents"

    public init(row: Row) throws {
        self.init(
            id: (try row.decode(forColumn: "id")), kind: (try row.decode(forColumn: "kind")), title: (try row.decode(forColumn: "title")), date: try LedgerDate.read(row, "date", "documents"),
            pages: (try row.decode(forColumn: "pages")),
            authorOrganization: (try row.decode(forColumn: "author_organization")), summary: (try row.decode(forColumn: "summary")), url: (try row.decode(forColumn: "url")),
            sha256: (try row.decode(forColumn: "sha256")))
        retraction = try row.decode(forColumn: "retraction")
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["kind"] = kind
        container["title"] = title
        container.setDate(date, "date")
        container["pages"] = pages
        container["author_organization"] = authorOrganization
        container["summary"] = summary
        container["url"] = url
        container["sha256"] = sha256
        container["retraction"] = retraction
    }
}

extension Award: LedgerRecord {
    public static let databaseTableName = "awards"

    /// Reads a row by column; its transactions, kept in their own table, are attached by who needs them
    /// (`Ledger.withTransactions`).
    public init(row: Row) throws {
        self = try Award(storedRow: row)
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["award_key"] = awardKey
        container["piid"] = piid
        container["vendor_id"] = vendorId
        container["agency_id"] = agencyId
        container["pursuit_id"] = pursuitId
        container["solicitation_id"] = solicitationId
        container["description"] = description
        container["award_type"] = awardType
        container["obligated_cents"] = obligatedCents
        container["potential_cents"] = potentialCents
        container["currency"] = currency
        container.setDate(date, "date")
        container.setDate(ends, "ends")
        container["permalink"] = permalink
        container["source_file"] = sourceFile
        container["source_sha256"] = sourceSha256
        container["source_row"] = sourceRow
        container["funding_agency_id"] = fundingAgencyId
        container["retraction"] = retraction
        container["edited_by_hand"] = editedByHand
    }
}

extension Event: LedgerRecord {
    public static let databaseTableName = "events"

    public init(row: Row) throws {
        guard let date = try LedgerDate.read(row, "date", "events") else {
            throw LedgerError.refused("events row \((try row.decode(forColumn: "id")) as Int64? ?? 0) has no date")
        }
        self.init(
            id: (try row.decode(forColumn: "id")), kind: (try row.decode(forColumn: "kind")), title: (try row.decode(forColumn: "title")), date: date, summary: (try row.decode(forColumn: "summary")),
            signatures: (try row.decode(forColumn: "signatures")), url: (try row.decode(forColumn: "url")))
        signaturesQualifier = try row.decode(forColumn: "signatures_qualifier")
        retraction = try row.decode(forColumn: "retraction")
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["kind"] = kind
        container["title"] = title
        container.setDate(date, "date")
        container["summary"] = summary
        container["signatures"] = signatures
        container["signatures_qualifier"] = signaturesQualifier
        container["url"] = url
        container["retraction"] = retraction
    }
}

extension Citation: LedgerRecord {
    public static let databaseTableName = "citations"

    public init(row: Row) throws {
        guard let kind = try RecordKind.citable.first(where: { (try row.decode(forColumn: $0.foreignKey)) as Int64? != nil }) else {
            throw LedgerError.refused("citation \((try row.decode(forColumn: "id")) as Int64? ?? 0) cites no record")
        }
        self.init(
            id: (try row.decode(forColumn: "id")), sourceId: (try row.decode(forColumn: "source_id")), recordKind: kind, recordId: (try row.decode(forColumn: kind.foreignKey)),
            quote: (try row.decode(forColumn: "quote")), page: (try row.decode(forColumn: "page")))
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["source_id"] = sourceId
        for kind in RecordKind.citable {
            container[kind.foreignKey] = kind == recordKind ? recordId : nil
        }
        container["quote"] = quote
        container["page"] = page
    }
}

extension Verdict: DatabaseValueConvertible {}

extension Judgement: LedgerRecord {
    public static let databaseTableName = "judgements"

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["vendor_id"] = vendorId
        container["other_vendor_id"] = otherVendorId
        container["verdict"] = verdict
        container["reason"] = reason
    }
}

extension Person: LedgerRecord {
    public static let databaseTableName = "people"

    /// Reads a row; its roles, kept in their own table, are attached by `Ledger.fetchPeople`.
    public init(row: Row) throws {
        self.init(id: (try row.decode(forColumn: "id")), name: (try row.decode(forColumn: "name")),
                  notes: (try row.decode(forColumn: "notes")))
        retraction = try row.decode(forColumn: "retraction")
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = name
        container["match_key"] = MatchKey.vendor(name)
        container["notes"] = notes
        container["retraction"] = retraction
    }
}

extension ReplyRequest: LedgerRecord {
    public static let databaseTableName = "reply_requests"

    /// Reads a row; the pursuits it is about are attached by `Ledger.fetchRequests`.
    public init(row: Row) throws {
        guard let asked = try LedgerDate.read(row, "asked", "reply_requests") else {
            throw LedgerError.refused("reply_requests row \((try row.decode(forColumn: "id")) as Int64? ?? 0) has no date")
        }
        self.init(id: (try row.decode(forColumn: "id")), vendorId: (try row.decode(forColumn: "vendor_id")),
                  agencyId: (try row.decode(forColumn: "agency_id")), personId: (try row.decode(forColumn: "person_id")),
                  asked: asked, via: (try row.decode(forColumn: "via")),
                  deadline: try LedgerDate.read(row, "deadline", "reply_requests"))
        outcome = try row.decode(forColumn: "outcome")
        answered = try LedgerDate.read(row, "answered", "reply_requests")
        documentId = try row.decode(forColumn: "document_id")
        text = try row.decode(forColumn: "text")
        retraction = try row.decode(forColumn: "retraction")
    }

    public func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["vendor_id"] = vendorId
        container["agency_id"] = agencyId
        container["person_id"] = personId
        container.setDate(asked, "asked")
        container["via"] = via
        container.setDate(deadline, "deadline")
        container["outcome"] = outcome
        container.setDate(answered, "answered")
        container["document_id"] = documentId
        container["text"] = text
        container["retraction"] = retraction
    }
}
