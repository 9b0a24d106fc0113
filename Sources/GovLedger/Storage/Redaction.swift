/// Keeps confidential sources inside the ledger file: every output path shows them only as a placeholder.
public enum Redaction {
    /// What a confidential source's title becomes in every output.
    public static let placeholder = "[confidential source]"

    /// The source as it may leave the machine: a confidential one keeps only its id, kind, date and flag.
    /// What stands for the reason a confidential source was retracted, or a journal entry's reason about one:
    /// the reporter's words may name it.
    public static let withheldReason = "[reason withheld: confidential source]"

    /// A confidential source with only its id, kind, date and flag (and whether it is retracted).
    public static func redact(_ source: Source) -> Source {
        guard source.confidential else { return source }
        var redacted = Source(id: source.id, kind: source.kind, title: placeholder, date: source.date, confidential: true)
        redacted.retraction = source.retraction.map { _ in withheldReason }
        return redacted
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
