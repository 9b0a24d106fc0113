// People named in the story, and the requests for comment a reporter makes before publishing (right of reply).
// See docs/people-and-replies.md.

/// Someone the story names: an executive, an official, an employee who signed a letter, a source's identity.
///
/// A person who is a confidential source's identity (`Source.personId`) is as private as the source: named in no
/// export, report, search result or error.
public struct Person: Codable, Hashable, Sendable {
    public var id: Int64?
    public var name: String
    /// The positions they held, oldest first as recorded, kept in `person_roles`.
    public var roles: [PersonRole]
    /// The reporter's notes about the person; published with the person unless the person is confidential.
    public var notes: String?
    /// Why the record was retracted (`govledger retract`); nil while it stands.
    public var retraction: String?

    /// Creates a person record.
    public init(id: Int64? = nil, name: String, roles: [PersonRole] = [], notes: String? = nil) {
        self.id = id
        self.name = name
        self.roles = roles
        self.notes = notes
    }
}

/// One dated position: "CEO" at Salesforce since 1999, "Acting Director" at ICE until 2025-06.
public struct PersonRole: Codable, Hashable, Sendable {
    public var title: String
    /// The vendor they held it at; at most one of `vendorId` and `agencyId`.
    public var vendorId: Int64?
    /// The agency they held it at.
    public var agencyId: Int64?
    /// First known day in the role, at the precision known.
    public var since: LedgerDate?
    /// Last known day in the role; nil while they hold it or when unknown.
    public var until: LedgerDate?

    /// Creates a role.
    public init(title: String, vendorId: Int64? = nil, agencyId: Int64? = nil, since: LedgerDate? = nil,
                until: LedgerDate? = nil) {
        self.title = title
        self.vendorId = vendorId
        self.agencyId = agencyId
        self.since = since
        self.until = until
    }
}

/// How a document names a person.
public enum DocumentPersonRole: String, LedgerVocabulary {
    case author, recipient
    public static let fieldName = "role"
}

/// A person a document names, and how.
public struct DocumentPerson: Codable, Hashable, Sendable {
    public var personId: Int64
    public var role: DocumentPersonRole

    /// Creates a link.
    public init(personId: Int64, role: DocumentPersonRole) {
        self.personId = personId
        self.role = role
    }
}

/// How a request for comment was made.
public enum ReplyChannel: String, LedgerVocabulary {
    case email, phone, letter, inPerson = "in-person"
    public static let fieldName = "via"
}

/// What came of a request for comment.
public enum ReplyOutcome: String, LedgerVocabulary {
    /// They answered: a statement (`text`) or a document (`documentId`).
    case replied
    /// They said they would not comment.
    case declined
    /// The deadline passed (or the reporter stopped waiting) with no answer.
    case noResponse = "no-response"
    public static let fieldName = "outcome"
}

/// A request for comment (right of reply): who was asked, when, how, by when, about which pursuits, and the
/// answer once it is recorded (once: a second answer is refused).
public struct ReplyRequest: Codable, Hashable, Sendable {
    public var id: Int64?
    /// The party asked: a vendor, an agency, or (with neither) the person.
    public var vendorId: Int64?
    public var agencyId: Int64?
    /// The person asked: the party itself, or the contact at the vendor or agency.
    public var personId: Int64?
    /// When they were asked.
    public var asked: LedgerDate
    public var via: ReplyChannel?
    /// The deadline given for an answer.
    public var deadline: LedgerDate?
    /// The pursuits they were asked about, kept in `reply_request_pursuits`.
    public var pursuitIds: [Int64]
    /// Nil until an answer (or its absence) is recorded.
    public var outcome: ReplyOutcome?
    /// When they answered, declined, or were given up on.
    public var answered: LedgerDate?
    /// The statement they sent, as a document in the ledger.
    public var documentId: Int64?
    /// What they said, in their words.
    public var text: String?
    /// Why the record was retracted (`govledger retract`); nil while it stands.
    public var retraction: String?

    /// Creates a request.
    public init(id: Int64? = nil, vendorId: Int64? = nil, agencyId: Int64? = nil, personId: Int64? = nil,
                asked: LedgerDate, via: ReplyChannel? = nil, deadline: LedgerDate? = nil, pursuitIds: [Int64] = []) {
        self.id = id
        self.vendorId = vendorId
        self.agencyId = agencyId
        self.personId = personId
        self.asked = asked
        self.via = via
        self.deadline = deadline
        self.pursuitIds = pursuitIds
    }
}
