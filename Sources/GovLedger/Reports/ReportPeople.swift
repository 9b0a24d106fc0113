import GRDB

extension Report {
    /// A person the report's records name, with their roles; never a confidential source's person.
    public struct PersonEntry: Encodable, Sendable, Equatable {
        public var id: Int64
        public var name: String
        /// `CEO at Salesforce (1999..)`, one per role.
        public var roles: [String]
    }

    /// What one party named in the report was asked and answered (right of reply).
    public struct ReplyEntry: Encodable, Sendable, Equatable {
        /// `vendor`, `agency` or `person`.
        public var partyKind: String
        public var party: String
        /// The request, when there is one; nil when the party was never asked.
        public var request: Int64?
        public var asked: String?
        public var via: String?
        public var deadline: String?
        /// `never-asked`, `awaiting`, `replied`, `declined` or `no-response`.
        public var outcome: String
        public var answered: String?
        /// Their statement in their words, or the document holding it (`document 12: Statement from Salesforce`).
        public var said: String?
    }
}

extension Ledger {
    /// The people named by the report's records, and the right-of-reply lines for every party it names: the
    /// vendors and agencies of its pursuits and the people it names who were asked. Both are nil when the
    /// ledger holds no people (and no requests), so reports of ledgers without them are as they were.
    static func reportPeople(_ pursuits: [Pursuit], documents: [Document], events: [Event], scope f: ResolvedFilter,
                             in db: Database) throws -> (people: [Report.PersonEntry]?, replies: [Report.ReplyEntry]?) {
        let hasPeople = try Int.fetchOne(db, sql: "SELECT count(*) FROM people") ?? 0 > 0
        let hasRequests = try Int.fetchOne(db, sql: "SELECT count(*) FROM reply_requests") ?? 0 > 0
        var named: [Int64] = []
        func name(_ ids: [Int64]?) { for id in ids ?? [] where !named.contains(id) { named.append(id) } }
        for document in documents { name(document.people?.map(\.personId)) }
        for event in events { name(event.personIds) }
        for pursuit in pursuits {
            name(try Int64.fetchAll(db, sql: """
                SELECT l.person_id FROM stage_change_people l JOIN stage_changes s ON s.id = l.stage_change_id
                WHERE s.pursuit_id = ? AND s.retraction IS NULL ORDER BY s.date_from, l.person_id
                """, arguments: [pursuit.id]))
        }
        var vendors: [Int64] = f.vendorIds ?? []
        var agencies: [Int64] = f.agencyIds ?? []
        for pursuit in pursuits {
            if !vendors.contains(pursuit.vendorId) { vendors.append(pursuit.vendorId) }
            if !agencies.contains(pursuit.agencyId) { agencies.append(pursuit.agencyId) }
        }
        for (ids, column) in [(vendors, "vendor_id"), (agencies, "agency_id")] {
            for id in ids {
                name(try Int64.fetchAll(db, sql: "SELECT person_id FROM person_roles WHERE \(column) = ? ORDER BY id", arguments: [id]))
                name(try Int64.fetchAll(db, sql: "SELECT person_id FROM reply_requests WHERE \(column) = ? AND person_id IS NOT NULL AND retraction IS NULL ORDER BY id", arguments: [id]))
            }
        }
        let secret = Set(try Int64.fetchAll(db, sql: confidentialPeople))
        let standing = Set(try Int64.fetchAll(db, sql: "SELECT id FROM people WHERE retraction IS NULL"))
        named = named.filter { !secret.contains($0) && standing.contains($0) }
        let people = try named.map { id in
            Report.PersonEntry(id: id, name: try String.fetchOne(db, sql: "SELECT name FROM people WHERE id = ?", arguments: [id]) ?? "",
                               roles: try String.fetchAll(db, sql: Listings.rolesSQL, arguments: [id]))
        }
        guard hasRequests else { return (hasPeople ? people : nil, nil) }
        var replies: [Report.ReplyEntry] = []
        let parties: [(String, String, Int64, String)] = vendors.map { ("vendor", "vendor_id", $0, "SELECT name FROM vendors WHERE id = ?") }
            + agencies.map { ("agency", "agency_id", $0, "SELECT ifnull(acronym, name) FROM agencies WHERE id = ?") }
            + named.map { ("person", "person_id", $0, "SELECT name FROM people WHERE id = ?") }
        for (kind, column, id, label) in parties {
            let party = try String.fetchOne(db, sql: label, arguments: [id]) ?? ""
            let only = kind == "person" ? " AND vendor_id IS NULL AND agency_id IS NULL" : ""
            let requests = try fetchRequests(db, sql: """
                SELECT * FROM reply_requests WHERE \(column) = ?\(only) AND retraction IS NULL ORDER BY asked_from, id
                """, arguments: [id])
            if requests.isEmpty {
                if kind != "person" {
                    replies.append(Report.ReplyEntry(partyKind: kind, party: party, outcome: "never-asked"))
                }
                continue
            }
            for request in requests {
                var said = request.text
                if let document = request.documentId {
                    let label = "document \(document): " + (try String.fetchOne(db, sql: "SELECT title FROM documents WHERE id = ?", arguments: [document]) ?? "")
                    said = said.map { "\($0) (\(label))" } ?? label
                }
                replies.append(Report.ReplyEntry(
                    partyKind: kind, party: party, request: request.id, asked: request.asked.text, via: request.via?.rawValue,
                    deadline: request.deadline?.text, outcome: request.outcome?.rawValue ?? "awaiting",
                    answered: request.answered?.text, said: said))
            }
        }
        return (hasPeople ? people : nil, replies)
    }
}

extension ReportRenderer {
    /// The people and right-of-reply sections in Markdown; empty when the report has neither.
    static func peopleMarkdown(_ report: Report) -> String {
        var out = ""
        if let people = report.people {
            out += "\n## People named\n\n"
            if people.isEmpty { out += "None.\n" }
            for person in people {
                out += "- \(escape(person.name))" + (person.roles.isEmpty ? "" : " — " + person.roles.map(escape).joined(separator: "; "))
                    + " [person \(person.id)]\n"
            }
        }
        if let replies = report.replies {
            out += "\n## Right of reply\n\n"
            if replies.isEmpty { out += "None.\n" }
            for reply in replies { out += "- " + escape(replyLine(reply)) + "\n" }
        }
        return out
    }

    /// One party's line: `Salesforce (vendor): asked 2025-10-20 by email, deadline 2025-10-22; replied 2025-10-21: "…"`.
    static func replyLine(_ reply: Report.ReplyEntry) -> String {
        var line = "\(reply.party) (\(reply.partyKind)): "
        guard let asked = reply.asked else { return line + "never asked for comment" }
        line += "asked \(asked)" + (reply.via.map { " by \($0)" } ?? "") + (reply.deadline.map { ", deadline \($0)" } ?? "")
        switch reply.outcome {
        case "replied": line += "; replied \(reply.answered ?? "")" + (reply.said.map { ": “\($0)”" } ?? "")
        case "declined": line += "; declined to comment \(reply.answered ?? "")"
        case "no-response": line += "; no response (recorded \(reply.answered ?? ""))"
        default: line += "; no answer yet"
        }
        return line + (reply.request.map { " [request \($0)]" } ?? "")
    }
}
