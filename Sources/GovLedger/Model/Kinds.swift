/// A closed vocabulary stored as text and checked by the schema: stages, kinds and notice types.
public protocol LedgerVocabulary: RawRepresentable<String>, CaseIterable, Codable, Hashable, Sendable {
    /// What the field is called in errors: `stage`, `document kind`.
    static var fieldName: String { get }
}

extension LedgerVocabulary {
    /// Parses a value, accepting spaces or underscores for hyphens and any letter case.
    public static func parse(_ raw: String, field: String? = nil) throws(LedgerError) -> Self {
        let key = raw.trimmingSpaces.lowercased().replacingSpacesWithHyphens
        guard let value = Self(rawValue: key) else {
            throw .invalidValue(
                field: field ?? fieldName, value: raw,
                expected: "one of " + allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }
}

extension String {
    var replacingSpacesWithHyphens: String {
        String(map { $0 == " " || $0 == "_" ? "-" : $0 })
    }
}

/// Where a pursuit stands. Every change is a dated row in the stage history.
public enum Stage: String, LedgerVocabulary {
    case lead, pitched, responded, proposal, awarded, lost, withdrawn, cancelled
    /// A discount or pricing agreement, such as GSA's OneGov deals.
    case agreement
    public static let fieldName = "stage"

    /// Stages after which a pursuit is over.
    public var isTerminal: Bool {
        switch self {
        case .awarded, .lost, .withdrawn, .cancelled, .agreement: true
        default: false
        }
    }
}

/// What a pursuit is about.
public enum PursuitKind: String, LedgerVocabulary {
    case hiringRecruitment = "hiring-recruitment"
    case investigationsTips = "investigations-tips"
    case softwareLicensing = "software-licensing"
    case discountAgreement = "discount-agreement"
    case cloudServices = "cloud-services"
    case dataAnalytics = "data-analytics"
    case caseManagement = "case-management"
    case professionalServices = "professional-services"
    case other
    public static let fieldName = "kind"
}

/// What a document is.
public enum DocumentKind: String, LedgerVocabulary {
    case memo, spreadsheet, slideDeck = "slide-deck", letter, petition, agreement, statement, article, contract
    case email, report, other
    public static let fieldName = "kind"
}

/// What a source is.
public enum SourceKind: String, LedgerVocabulary {
    case newsReport = "news-report", document, publicRecord = "public-record", interview, statement, other
    public static let fieldName = "kind"
}

/// What happened on the timeline.
public enum EventKind: String, LedgerVocabulary {
    case letter, petition, newsReport = "news-report", statement, protest, meeting, announcement, incident, other
    public static let fieldName = "kind"
}

/// A notice's type, as SAM.gov names them (Sources Sought is the usual vehicle for an RFI).
public enum NoticeType: String, LedgerVocabulary {
    case requestForInformation = "request-for-information"
    case sourcesSought = "sources-sought"
    case specialNotice = "special-notice"
    case presolicitation
    case solicitation
    case combinedSynopsisSolicitation = "combined-synopsis-solicitation"
    case awardNotice = "award-notice"
    case justification
    case intentToBundle = "intent-to-bundle"
    case saleOfSurplusProperty = "sale-of-surplus-property"
    case other
    public static let fieldName = "notice type"
}

/// Where an agency sits in the hierarchy: department > sub-agency > office.
public enum AgencyLevel: String, LedgerVocabulary {
    case department, subagency, office
    public static let fieldName = "level"
}

/// The kinds of record the ledger holds, as named on the command line.
public enum RecordKind: String, LedgerVocabulary {
    case agency, vendor, source, solicitation, pursuit, stageChange = "stage-change", document, award, event
    /// Someone the story names (docs/people-and-replies.md).
    case person
    /// A request for comment and its answer (right of reply).
    case request
    public static let fieldName = "kind"

    /// Accepts singular, plural and a few obvious synonyms (`agencies`, `stages`).
    public static func named(_ raw: String) throws(LedgerError) -> RecordKind {
        let key = raw.trimmingSpaces.lowercased().replacingSpacesWithHyphens
        let plurals: [String: RecordKind] = [
            "agencies": .agency, "vendors": .vendor, "sources": .source, "solicitations": .solicitation,
            "pursuits": .pursuit, "stage-changes": .stageChange, "stages": .stageChange, "stage": .stageChange,
            "documents": .document, "awards": .award, "events": .event, "people": .person, "persons": .person,
            "requests": .request,
        ]
        if let kind = plurals[key] { return kind }
        return try parse(raw, field: "kind")
    }

    /// The kinds a citation can point at: every kind but a source itself, a person and a request (a person is
    /// sourced through the documents and events naming them; a request is the reporter's own act).
    public static let citable = allCases.filter { ![.source, .person, .request].contains($0) }

    /// The kinds a tag or a private note can be put on: the schema's `record_kind` CHECK on `tags` and `notes`
    /// (version 8) predates people and requests, so those two need a schema step before they can be annotated.
    public static let annotatable = allCases.filter { ![.person, .request].contains($0) }

    /// Refuses, as a bad value of `KIND`, a kind that cannot be tagged or noted (instead of the schema's CHECK).
    static func requireAnnotatable(_ kind: RecordKind) throws(LedgerError) {
        guard annotatable.contains(kind) else {
            throw LedgerError.invalidValue(field: "KIND", value: kind.rawValue,
                                           expected: "a kind that takes tags and notes: " + annotatable.map(\.rawValue).joined(separator: ", "))
        }
    }

    /// The table holding this kind.
    public var table: String {
        switch self {
        case .agency: "agencies"
        case .stageChange: "stage_changes"
        case .person: "people"
        case .request: "reply_requests"
        default: rawValue + "s"
        }
    }

    /// The foreign-key column that points at this kind from link and citation tables.
    public var foreignKey: String {
        self == .stageChange ? "stage_change_id" : rawValue + "_id"
    }

    /// The same key as Swift's Codable sees it before snake_case conversion (`stageChangeId`).
    var codingKey: String {
        self == .stageChange ? "stageChangeId" : rawValue + "Id"
    }
}
