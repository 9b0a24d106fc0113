// One plain struct per table. Codable gives the interchange JSON (snake_case keys, nulls omitted) and
// database decoding; Storage/Records+GRDB.swift writes the columns, including each date's derived range.

/// A government body: department, sub-agency or office, with its real codes where known.
public struct Agency: Codable, Hashable, Sendable {
    public var id: Int64?
    public var name: String
    public var acronym: String?
    public var level: AgencyLevel
    /// The agency above this one (ICE's parent is DHS).
    public var parentId: Int64?
    /// Toptier CGAC code, e.g. `070` for DHS.
    public var cgacCode: String?
    /// FPDS department code, e.g. `7000`, `4700`.
    public var fpdsCode: String?
    /// Sub-tier code, e.g. `7012` for ICE.
    public var subtierCode: String?
    /// Office code as the files write it: usually an AAC (`70CDCR`), sometimes not (`VOA/LN`).
    public var officeCode: String?
    /// FREC code: USAspending names some toptier agencies by a 4-digit FREC code instead of their CGAC
    /// (Executive Office of the President 1100, Department of Labor 1601, Smithsonian 3300).
    public var frecCode: String?
    /// The agency this one was merged into (`govledger merge`); it stays as a pointer, so references still resolve.
    public var mergedIntoId: Int64?
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?

    /// Creates an agency record.
    public init(id: Int64? = nil, name: String, acronym: String? = nil, level: AgencyLevel, parentId: Int64? = nil,
                cgacCode: String? = nil, fpdsCode: String? = nil, subtierCode: String? = nil, officeCode: String? = nil,
                frecCode: String? = nil) {
        self.id = id
        self.name = name
        self.acronym = acronym
        self.level = level
        self.parentId = parentId
        self.cgacCode = cgacCode
        self.fpdsCode = fpdsCode
        self.subtierCode = subtierCode
        self.officeCode = officeCode
        self.frecCode = frecCode
    }
}

/// A company that sells to government.
public struct Vendor: Codable, Hashable, Sendable {
    public var id: Int64?
    public var name: String
    /// SAM.gov Unique Entity ID: twelve capital letters and digits.
    public var uei: String?
    /// The parent company (Slack Technologies → Salesforce).
    public var parentId: Int64?
    public var website: String?
    /// Other names it goes by ("Salesforce.com, Inc."), kept in `vendor_aliases`.
    public var aliases: [String]
    /// The vendor this one was merged into (`govledger merge`); it stays as a pointer, so references still resolve.
    public var mergedIntoId: Int64?
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?
    /// Its identifiers beyond `uei`: DUNS numbers (older files) and further UEIs, kept in `vendor_identifiers`;
    /// nil when it has none, so that the images of vendors recorded before them stay as they were.
    public var identifiers: [VendorIdentifier]?

    /// Creates a vendor record.
    public init(id: Int64? = nil, name: String, uei: String? = nil, parentId: Int64? = nil, website: String? = nil,
                aliases: [String] = [], identifiers: [VendorIdentifier]? = nil) {
        self.id = id
        self.aliases = aliases
        self.identifiers = identifiers
        self.name = name
        self.uei = uei
        self.parentId = parentId
        self.website = website
    }
}

/// One identifier a vendor has held: a company keeps its name while its registrations change (a DUNS number
/// until April 2022, then one or more UEIs), so it is found by any of them.
public struct VendorIdentifier: Codable, Hashable, Sendable {
    /// Which registry issued it.
    public enum Scheme: String, Codable, Hashable, Sendable, CaseIterable {
        /// SAM.gov's Unique Entity ID: twelve capital letters and digits.
        case uei
        /// Dun & Bradstreet's DUNS number: nine digits, used by federal files until April 2022.
        case duns
    }

    public var scheme: Scheme
    public var value: String

    /// Creates an identifier.
    public init(scheme: Scheme, value: String) {
        self.scheme = scheme
        self.value = value
    }
}

/// Where a fact came from. A confidential source is never named outside the ledger file.
public struct Source: Codable, Hashable, Sendable {
    public var id: Int64?
    public var kind: SourceKind
    public var title: String
    public var publisher: String?
    public var url: String?
    public var date: LedgerDate?
    public var confidential: Bool
    public var notes: String?
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?
    /// The person the source is (an interviewee); a confidential source's person is as private as the source.
    public var personId: Int64?

    /// Creates a source record.
    public init(id: Int64? = nil, kind: SourceKind, title: String, publisher: String? = nil, url: String? = nil,
                date: LedgerDate? = nil, confidential: Bool = false, notes: String? = nil) {
        self.id = id
        self.kind = kind
        self.title = title
        self.publisher = publisher
        self.url = url
        self.date = date
        self.confidential = confidential
        self.notes = notes
    }
}

/// A notice an agency issues: a request for information, sources sought, a solicitation, an award notice.
public struct Solicitation: Codable, Hashable, Sendable {
    public var id: Int64?
    public var agencyId: Int64
    public var title: String
    public var noticeType: NoticeType
    /// The notice's original type (SAM.gov's BaseType); it differs from `noticeType` when the notice has since changed.
    public var baseNoticeType: NoticeType?
    /// SAM.gov NoticeId.
    public var noticeId: String?
    public var solicitationNumber: String?
    public var description: String?
    public var url: String?
    public var posted: LedgerDate?
    public var responseDue: LedgerDate?
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?

    /// Creates a solicitation record.
    public init(id: Int64? = nil, agencyId: Int64, title: String, noticeType: NoticeType,
                baseNoticeType: NoticeType? = nil, noticeId: String? = nil, solicitationNumber: String? = nil,
                description: String? = nil, url: String? = nil, posted: LedgerDate? = nil,
                responseDue: LedgerDate? = nil) {
        self.id = id
        self.agencyId = agencyId
        self.title = title
        self.noticeType = noticeType
        self.baseNoticeType = baseNoticeType
        self.noticeId = noticeId
        self.solicitationNumber = solicitationNumber
        self.description = description
        self.url = url
        self.posted = posted
        self.responseDue = responseDue
    }
}

/// A vendor pursuing business with an agency: what the vendor itself calls an "opportunity".
public struct Pursuit: Codable, Hashable, Sendable {
    public var id: Int64?
    public var vendorId: Int64
    public var agencyId: Int64
    public var solicitationId: Int64?
    public var title: String
    public var summary: String?
    public var kind: PursuitKind
    /// The stage of the latest stage change (the ledger keeps it so).
    public var stage: Stage
    public var estimatedValueCents: Int64?
    /// How the estimate is known when not exactly (`~1,200,000`: about); nil for an exact figure, and left out of
    /// the journal image then, so images written before schema 13 stay as they were.
    public var estimatedValueQualifier: Approximation?
    public var currency: String?
    /// When the pursuit is first known to have existed.
    public var date: LedgerDate
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?

    /// Creates a pursuit record.
    public init(id: Int64? = nil, vendorId: Int64, agencyId: Int64, solicitationId: Int64? = nil, title: String,
                summary: String? = nil, kind: PursuitKind, stage: Stage, estimatedValueCents: Int64? = nil,
                currency: String? = nil, date: LedgerDate) {
        self.id = id
        self.vendorId = vendorId
        self.agencyId = agencyId
        self.solicitationId = solicitationId
        self.title = title
        self.summary = summary
        self.kind = kind
        self.stage = stage
        self.estimatedValueCents = estimatedValueCents
        self.currency = currency
        self.date = date
    }
}

/// One dated step in a pursuit's life.
public struct StageChange: Codable, Hashable, Sendable {
    public var id: Int64?
    public var pursuitId: Int64
    public var stage: Stage
    public var date: LedgerDate
    public var note: String?
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?
    /// The people involved, kept in `stage_change_people`; nil when none, so older images stay as they were.
    public var personIds: [Int64]?

    /// Creates a stage-change record.
    public init(id: Int64? = nil, pursuitId: Int64, stage: Stage, date: LedgerDate, note: String? = nil) {
        self.id = id
        self.pursuitId = pursuitId
        self.stage = stage
        self.date = date
        self.note = note
    }
}

/// A memo, spreadsheet, slide deck, letter, petition, agreement, statement or article.
public struct Document: Codable, Hashable, Sendable {
    public var id: Int64?
    public var kind: DocumentKind
    public var title: String
    public var date: LedgerDate?
    public var pages: Int64?
    public var authorOrganization: String?
    public var summary: String?
    public var url: String?
    /// SHA-256 of the file, lower-case hex.
    public var sha256: String?
    /// The pursuits, vendors and agencies it concerns, kept in `document_links`.
    public var links: Links
    /// The files attached to it (`attach`, `add document --file`), in the order attached; nil when none, so that
    /// the images of documents without files stay as they were.
    public var files: [DocumentFile]?
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?
    /// Its authors and recipients, kept in `document_people`; nil when none, so older images stay as they were.
    public var people: [DocumentPerson]?

    /// Creates a document record.
    public init(id: Int64? = nil, kind: DocumentKind, title: String, date: LedgerDate? = nil, pages: Int64? = nil,
                authorOrganization: String? = nil, summary: String? = nil, url: String? = nil, sha256: String? = nil,
                links: Links = Links()) {
        self.id = id
        self.links = links
        self.kind = kind
        self.title = title
        self.date = date
        self.pages = pages
        self.authorOrganization = authorOrganization
        self.summary = summary
        self.url = url
        self.sha256 = sha256
    }
}

/// A contract actually awarded: the public record.
public struct Award: Codable, Hashable, Sendable {
    public var id: Int64?
    /// USAspending's `contract_award_unique_key` when known.
    public var awardKey: String?
    public var piid: String?
    public var vendorId: Int64
    public var agencyId: Int64
    public var pursuitId: Int64?
    public var solicitationId: Int64?
    public var description: String?
    public var awardType: String?
    /// Total obligated, in cents; nil when unknown.
    public var obligatedCents: Int64?
    /// Potential value including options, in cents; nil when unknown.
    public var potentialCents: Int64?
    public var currency: String
    /// Start of the award (its first action or period of performance).
    public var date: LedgerDate?
    /// End of the period of performance.
    public var ends: LedgerDate?
    public var permalink: String?
    /// The file an imported award was last read from, its SHA-256, and the line its row starts on.
    public var sourceFile: String?
    public var sourceSha256: String?
    public var sourceRow: Int64?
    /// The agency that paid (USAspending's funding agency), when known and recorded; `agencyId` is the one that
    /// bought (the awarding agency).
    public var fundingAgencyId: Int64?
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?
    /// True once an imported award was corrected by hand (`govledger edit`): a later import reports a conflict
    /// instead of overwriting the correction. Nil otherwise (never false, so older images are unchanged).
    public var editedByHand: Bool?
    /// Its history: each action (the base award, each modification) a transactions download recorded, ordered
    /// by `transactionKey`'s bytes; nil when none was imported, so that older awards' images stay as they were.
    public var transactions: [AwardTransaction]?

    /// Creates an award record.
    public init(id: Int64? = nil, awardKey: String? = nil, piid: String? = nil, vendorId: Int64, agencyId: Int64,
                pursuitId: Int64? = nil, solicitationId: Int64? = nil, description: String? = nil,
                awardType: String? = nil, obligatedCents: Int64? = nil, potentialCents: Int64? = nil,
                currency: String = "USD", date: LedgerDate? = nil, ends: LedgerDate? = nil, permalink: String? = nil,
                fundingAgencyId: Int64? = nil) {
        self.id = id
        self.awardKey = awardKey
        self.piid = piid
        self.vendorId = vendorId
        self.agencyId = agencyId
        self.pursuitId = pursuitId
        self.solicitationId = solicitationId
        self.description = description
        self.awardType = awardType
        self.obligatedCents = obligatedCents
        self.potentialCents = potentialCents
        self.currency = currency
        self.date = date
        self.ends = ends
        self.permalink = permalink
        self.fundingAgencyId = fundingAgencyId
    }
}

/// One action on an award, as a USAspending transactions download records it: the base award or a
/// modification, the day it was signed and the money it obligated (negative when it took money back).
public struct AwardTransaction: Codable, Hashable, Sendable {
    /// USAspending's `contract_transaction_unique_key`; without one, the award key and modification number.
    public var transactionKey: String
    public var modificationNumber: String?
    /// The action date: it decides which administration the money was obligated under.
    public var actionDate: LedgerDate?
    /// USAspending's `action_type` (`FUNDING ONLY ACTION`, `EXERCISE AN OPTION`…), as the file writes it.
    public var actionType: String?
    /// `federal_action_obligation` in cents; nil when the file leaves it empty.
    public var obligatedCents: Int64?
    public var currency: String
    public var description: String?
    /// The file the transaction was last read from, its SHA-256, and the line its row starts on.
    public var sourceFile: String?
    public var sourceSha256: String?
    public var sourceRow: Int64?

    /// Creates a transaction.
    public init(transactionKey: String, modificationNumber: String? = nil, actionDate: LedgerDate? = nil,
                actionType: String? = nil, obligatedCents: Int64? = nil, currency: String = "USD",
                description: String? = nil) {
        self.transactionKey = transactionKey
        self.modificationNumber = modificationNumber
        self.actionDate = actionDate
        self.actionType = actionType
        self.obligatedCents = obligatedCents
        self.currency = currency
        self.description = description
    }
}

/// A dated happening: an employee letter, a petition, a news report, a public statement.
public struct Event: Codable, Hashable, Sendable {
    public var id: Int64?
    public var kind: EventKind
    public var title: String
    public var date: LedgerDate
    public var summary: String?
    /// How many people signed, for letters and petitions.
    public var signatures: Int64?
    /// How the count is known when not exactly ("nearly 900"); nil for an exact count, and left out of the journal
    /// image then, so images written before schema 13 stay as they were.
    public var signaturesQualifier: Approximation?
    public var url: String?
    /// The pursuits, vendors and agencies it concerns, kept in `event_links`.
    public var links: Links
    /// Why the record was retracted (`govledger retract`); nil while it stands. A retracted record is kept, and
    /// hidden from every listing, report, total and export but the interchange file.
    public var retraction: String?
    /// The people involved, kept in `event_people`; nil when none, so older images stay as they were.
    public var personIds: [Int64]?

    /// Creates an event record.
    public init(id: Int64? = nil, kind: EventKind, title: String, date: LedgerDate, summary: String? = nil,
                signatures: Int64? = nil, url: String? = nil, links: Links = Links()) {
        self.id = id
        self.links = links
        self.kind = kind
        self.title = title
        self.date = date
        self.summary = summary
        self.signatures = signatures
        self.url = url
    }
}

/// A source cited for exactly one record, with an optional quote and page.
public struct Citation: Codable, Hashable, Sendable {
    public var id: Int64?
    public var sourceId: Int64
    /// What is cited: the record's kind and id.
    public var recordKind: RecordKind
    public var recordId: Int64
    public var quote: String?
    public var page: Int64?
    /// Creates a citation record.
    public init(id: Int64? = nil, sourceId: Int64, recordKind: RecordKind, recordId: Int64, quote: String? = nil,
                page: Int64? = nil) {
        self.id = id
        self.sourceId = sourceId
        self.recordKind = recordKind
        self.recordId = recordId
        self.quote = quote
        self.page = page
    }
}

/// The records a document or event concerns.
public struct Links: Codable, Hashable, Sendable {
    public var pursuitIds: [Int64]
    public var vendorIds: [Int64]
    public var agencyIds: [Int64]

    /// Creates a set of links.
    public init(pursuitIds: [Int64] = [], vendorIds: [Int64] = [], agencyIds: [Int64] = []) {
        self.pursuitIds = pursuitIds
        self.vendorIds = vendorIds
        self.agencyIds = agencyIds
    }

    /// True when nothing is linked.
    public var isEmpty: Bool { pursuitIds.isEmpty && vendorIds.isEmpty && agencyIds.isEmpty }
}

extension Citation {
    private enum Keys: String, CodingKey {
        case id, sourceId, quote, page
    }

    private struct ForeignKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Interchange form: `{"id", "source_id", "<kind>_id": N, "quote", "page"}` with exactly one `<kind>_id`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        id = try container.decodeIfPresent(Int64.self, forKey: .id)
        sourceId = try container.decode(Int64.self, forKey: .sourceId)
        quote = try container.decodeIfPresent(String.self, forKey: .quote)
        page = try container.decodeIfPresent(Int64.self, forKey: .page)
        let targets = try decoder.container(keyedBy: ForeignKey.self)
        var found: [(RecordKind, Int64)] = []
        for kind in RecordKind.citable {
            if let value = try targets.decodeIfPresent(Int64.self, forKey: ForeignKey(stringValue: kind.codingKey)) {
                found.append((kind, value))
            }
        }
        guard found.count == 1 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a citation names exactly one record (e.g. pursuit_id); found \(found.count)"))
        }
        (recordKind, recordId) = found[0]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode(sourceId, forKey: .sourceId)
        try container.encodeIfPresent(quote, forKey: .quote)
        try container.encodeIfPresent(page, forKey: .page)
        var target = encoder.container(keyedBy: ForeignKey.self)
        try target.encode(recordId, forKey: ForeignKey(stringValue: recordKind.codingKey))
    }
}
