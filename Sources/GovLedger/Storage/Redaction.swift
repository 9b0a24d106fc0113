import GRDB

/// Keeps confidential sources inside the ledger file: every output path shows them only as a placeholder.
public enum Redaction {
    /// What a confidential source's title becomes in every output.
    public static let placeholder = "[confidential source]"

    /// The source as it may leave the machine: a confidential one keeps only its id, kind, date and flag.
    /// What stands for the reason a confidential source was retracted, or a journal entry's reason about one:
    /// the reporter's words may name it.
    public static let withheldReason = "[reason withheld: confidential source]"

    /// What stands for the quote of a confidential source's citation: the source's own words give it away.
    public static let withheldQuote = "[quote withheld: confidential source]"

    /// A citation as it may leave the machine: its quote withheld when its source is one of `confidential`.
    public static func redact(_ citation: Citation, confidential: Set<Int64>) -> Citation {
        guard citation.quote != nil, confidential.contains(citation.sourceId) else { return citation }
        var redacted = citation
        redacted.quote = withheldQuote
        return redacted
    }

    /// The ids of the sources that are confidential now; their citations are masked even in journal images
    /// from before the source was marked confidential.
    static func confidentialSources(in db: Database) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT id FROM sources WHERE confidential <> 0"))
    }

    /// A confidential source with only its id, kind, date and flag (and whether it is retracted).
    public static func redact(_ source: Source) -> Source {
        guard source.confidential else { return source }
        var redacted = Source(id: source.id, kind: source.kind, title: placeholder, date: source.date, confidential: true)
        redacted.retraction = source.retraction.map { _ in withheldReason }
        return redacted
    }

    /// Requests for comment made to a confidential source's person alone, as SQL returning their ids.
    static let confidentialRequests = """
        SELECT id FROM reply_requests WHERE vendor_id IS NULL AND agency_id IS NULL
          AND person_id IN (SELECT person_id FROM sources WHERE confidential = 1 AND person_id IS NOT NULL)
        """

    /// Requests for comment naming a confidential source's person at all (alone, or as a vendor's or agency's
    /// contact), as SQL returning their ids: the reason one was retracted may name the person.
    static let requestsToConfidentialPeople = """
        SELECT id FROM reply_requests WHERE person_id IN (SELECT person_id FROM sources WHERE confidential = 1 AND person_id IS NOT NULL)
        """

    /// Whether a journal entry is about a request in `contacted` (`requestsToConfidentialPeople`): its reason and
    /// the retraction in its images are withheld.
    static func isToConfidentialPerson(_ entry: JournalEntry, contacted: Set<Int64>) -> Bool {
        entry.kind == JournaledKind.request.rawValue && entry.recordId.map(contacted.contains) == true
    }

    /// A request's image with its retraction reason withheld, for a request made to a confidential source's person.
    static func maskRequestRetraction(_ image: String?) throws -> String? {
        guard let image else { return nil }
        var members = try JSONValue(parsing: image).members
        guard members["retraction"] != nil, members["retraction"] != .null else { return image }
        members["retraction"] = .string(withheldReason)
        return JSONValue.object(members).canonical
    }

    /// Whether a journal entry is about a confidential source's person, or a request made to one alone.
    static func isSecret(_ entry: JournalEntry, people: Set<Int64>, requests: Set<Int64>) -> Bool {
        guard let id = entry.recordId else { return false }
        return (entry.kind == JournaledKind.person.rawValue && people.contains(id))
            || (entry.kind == JournaledKind.request.rawValue && requests.contains(id))
    }

    /// A journal image as it may be shown: a confidential source's person keeps only their id (name the
    /// placeholder, no roles or notes); a request made to one alone keeps no words.
    static func maskPersonImage(_ image: String?, _ entry: JournalEntry, people: Set<Int64>, requests: Set<Int64>) throws -> String? {
        guard let image, isSecret(entry, people: people, requests: requests) else { return image }
        return try maskPersonImage(image, kind: entry.kind)
    }

    /// The same for record `id` of `kind` (`diff`, which compares images rather than journal entries).
    static func maskPersonImage(_ image: String?, kind: JournaledKind, id: Int64, people: Set<Int64>, requests: Set<Int64>) throws -> String? {
        guard let image, (kind == .person && people.contains(id)) || (kind == .request && requests.contains(id)) else { return image }
        return try maskPersonImage(image, kind: kind.rawValue)
    }

    private static func maskPersonImage(_ image: String, kind: String) throws -> String {
        var members = try JSONValue(parsing: image).members
        if kind == JournaledKind.person.rawValue {
            members["name"] = .string(placeholder)
            members["roles"] = .array([])
        }
        for field in ["notes", "text"] { members.removeValue(forKey: field) }
        if members["retraction"] != nil { members["retraction"] = .string(withheldReason) }
        return JSONValue.object(members).canonical
    }

    /// The file without the people who are confidential sources' identities: not their records, nor any link to
    /// them, nor a request for comment made to them. What a document or event says stays; who it names goes.
    static func withoutConfidentialPeople(_ file: inout LedgerFile, _ secret: Set<Int64>) {
        guard !secret.isEmpty else { return }
        func keep(_ ids: [Int64]?) -> [Int64]? {
            let kept = ids?.filter { !secret.contains($0) }
            return kept?.isEmpty == true ? nil : kept
        }
        file.people.removeAll { secret.contains($0.id ?? -1) }
        file.sources = file.sources.map { source in
            var source = source
            if let person = source.personId, secret.contains(person) { source.personId = nil }
            return source
        }
        file.documents = file.documents.map { document in
            var document = document
            document.people = document.people?.filter { !secret.contains($0.personId) }
            if document.people?.isEmpty == true { document.people = nil }
            return document
        }
        file.events = file.events.map { event in
            var event = event
            event.personIds = keep(event.personIds)
            return event
        }
        file.stageChanges = file.stageChanges.map { change in
            var change = change
            change.personIds = keep(change.personIds)
            return change
        }
        file.requests.removeAll { request in
            request.vendorId == nil && request.agencyId == nil && secret.contains(request.personId ?? -1)
        }
        file.requests = file.requests.map { request in
            var request = request
            if let person = request.personId, secret.contains(person) { request.personId = nil }
            return request
        }
    }
}
