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

    /// Documents whose only sources are confidential (cited, and by no other source), as SQL returning their ids:
    /// their files are as private as those sources (docs/evidence.md), so what names them stays in the ledger.
    static let confidentialOnlyDocuments = """
        SELECT d.id FROM documents d WHERE EXISTS (SELECT 1 FROM citations c WHERE c.document_id = d.id)
          AND NOT EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.document_id = d.id AND s.confidential = 0)
        """

    /// Who attached a file of such a document, as an export shows it.
    public static let withheldAttacher = "[withheld: confidential source]"

    /// A file of a document whose only sources are confidential, as it may leave the machine: its hash, size and
    /// media type (what a report prints) and when it was attached; its name becomes one made of its hash (so that
    /// a document's files keep distinct names, the same in every export) and who attached it is withheld.
    public static func withholdName(_ file: DocumentFile) -> DocumentFile {
        var file = file
        file.name = "withheld-" + file.sha256
        file.attachedBy = withheldAttacher
        return file
    }

    /// A document's journal image with the names of its files withheld as `withholdName` withholds them.
    static func withholdFileNames(_ image: String?) throws -> String? {
        guard let image else { return nil }
        var members = try JSONValue(parsing: image).members
        guard case .array(let files)? = members["files"] else { return image }
        members["files"] = .array(files.map { file in
            var fields = file.members
            if case .string(let sha256)? = fields["sha256"] { fields["name"] = .string("withheld-" + sha256) }
            fields["attached_by"] = .string(withheldAttacher)
            return .object(fields)
        })
        return JSONValue.object(members).canonical
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
            if let person = request.personId, secret.contains(person) {
                // The contact goes, and the reason the request was retracted, which may name them.
                request.personId = nil
                request.retraction = request.retraction.map { _ in withheldReason }
            }
            return request
        }
    }
}
