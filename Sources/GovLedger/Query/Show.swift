import GRDB

extension Ledger {
    /// One record with everything linked to it: for a pursuit its stage history, documents, events, awards
    /// and citations; for a vendor or agency its pursuits, awards and the rest (a vendor's with its subsidiaries',
    /// and what is linked to its pursuits).
    ///
    /// A retracted record is refused unless `includeRetracted`, which shows it and whatever retracted records
    /// are linked to it, each marked with its retraction.
    public func show(_ kind: RecordKind, _ ref: String, includeRetracted: Bool = false) throws -> Sections {
        try read { db in
            let id = try Ledger.recordId(kind, ref, standing: !includeRetracted, in: db)
            var sections = [(name: String, table: Table)]()
            let unfiltered = try ResolvedFilter(Filter(includeRetracted: includeRetracted), in: db)
            // `bound`: the clause takes the record's id as its one argument (otherwise it names ids of its own).
            func add(_ name: String, _ listing: RecordKind, where clause: String, bound: Bool = true) throws {
                var conditions = Conditions()
                if bound { conditions.add(clause, id) } else { conditions.add(clause) }
                sections.append((name, try Listings.table(listing, unfiltered, &conditions, in: db)))
            }
            try add("record", kind, where: "x.id = ?")
            switch kind {
            case .pursuit:
                try add("stage_history", .stageChange, where: "x.pursuit_id = ?")
                try add("documents", .document, where: "x.id IN (SELECT document_id FROM document_links WHERE pursuit_id = ?)")
                try add("events", .event, where: "x.id IN (SELECT event_id FROM event_links WHERE pursuit_id = ?)")
                try add("awards", .award, where: "x.pursuit_id = ?")
            case .vendor:
                // What the company is in the record: its own and its subsidiaries' pursuits and awards, and the
                // documents and events linked to any of them or to those pursuits (Slack's GSA pursuit and its memo
                // under Salesforce).
                let family = try Ledger.vendorFamily(id, in: db).map(String.init).joined(separator: ",")
                let pursuits = "SELECT id FROM pursuits WHERE vendor_id IN (\(family))"
                try add("subsidiaries", .vendor, where: "x.parent_id = ?")
                try add("pursuits", .pursuit, where: "x.vendor_id IN (\(family))", bound: false)
                try add("awards", .award, where: "x.vendor_id IN (\(family))", bound: false)
                try add("documents", .document, where: """
                    x.id IN (SELECT document_id FROM document_links WHERE vendor_id IN (\(family)) OR pursuit_id IN (\(pursuits)))
                    """, bound: false)
                try add("events", .event, where: """
                    x.id IN (SELECT event_id FROM event_links WHERE vendor_id IN (\(family)) OR pursuit_id IN (\(pursuits)))
                    """, bound: false)
            case .agency:
                try add("sub_agencies", .agency, where: "x.parent_id = ?")
                try add("solicitations", .solicitation, where: "x.agency_id = ?")
                try add("pursuits", .pursuit, where: "x.agency_id = ?")
                try add("awards", .award, where: "x.agency_id = ?")
                try add("documents", .document, where: "x.id IN (SELECT document_id FROM document_links WHERE agency_id = ?)")
                try add("events", .event, where: "x.id IN (SELECT event_id FROM event_links WHERE agency_id = ?)")
            case .solicitation:
                // Its history: every notice with its solicitation number from the same office (the agency a notice
                // is filed under is the most specific one it names), this one included, oldest first. SAM.gov
                // gives an amendment a new NoticeId and keeps the number.
                try add("history", .solicitation, where: """
                    x.id IN (SELECT o.id FROM solicitations s JOIN solicitations o
                      ON o.solicitation_number = s.solicitation_number AND o.agency_id = s.agency_id WHERE s.id = ?)
                    """)
                try add("pursuits", .pursuit, where: "x.solicitation_id = ?")
                try add("awards", .award, where: "x.solicitation_id = ?")
            case .award:
                sections.append(("transactions", try Ledger.transactionsTable(award: id, in: db)))
            case .person:
                sections.append(("roles", try Ledger.rolesTable(person: id, in: db)))
                try add("documents", .document, where: "x.id IN (SELECT document_id FROM document_people WHERE person_id = ?)")
                try add("events", .event, where: "x.id IN (SELECT event_id FROM event_people WHERE person_id = ?)")
                try add("stage_changes", .stageChange, where: "x.id IN (SELECT stage_change_id FROM stage_change_people WHERE person_id = ?)")
                try add("requests", .request, where: "x.person_id = ?")
            case .request:
                try add("about", .pursuit, where: "x.id IN (SELECT pursuit_id FROM reply_request_pursuits WHERE request_id = ?)")
            case .document:
                if try Ledger.files(ofDocument: id, in: db) != nil {
                    sections.append(("files", try Ledger.filesTable(document: id, in: db)))
                }
                sections.append(("people", try Ledger.peopleTable("document_people", "document_id", id, role: true, in: db)))
            case .event:
                sections.append(("people", try Ledger.peopleTable("event_people", "event_id", id, in: db)))
            case .stageChange:
                sections.append(("people", try Ledger.peopleTable("stage_change_people", "stage_change_id", id, in: db)))
            case .source:
                break
            }
            if kind == .vendor || kind == .agency {
                try add("people", .person, where: "x.id IN (SELECT person_id FROM person_roles WHERE \(kind.foreignKey) = ?)")
                try add("requests", .request, where: "x.\(kind.foreignKey) = ?")
            }
            if kind == .vendor {
                sections.insert(("identifiers", try Ledger.identifiersTable(vendor: id, in: db)), at: 1)
            }
            if kind == .source {
                sections.append(("cited_for", try Ledger.citedFor(source: id, in: db)))
            } else if RecordKind.citable.contains(kind) {
                sections.append(("citations", try Ledger.citations(of: kind, id, in: db)))
            }
            sections += try Ledger.annotationSections(kind, id, in: db)
            return Sections(sections)
        }
    }

    /// The citations of one record; a confidential source appears only as the placeholder and its id, and the
    /// quote of its citation is withheld.
    static func citations(of kind: RecordKind, _ id: Int64, in db: Database) throws -> Table {
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.id, c.source_id, c.quote, c.page, s.kind, s.title, s.publisher, s.url, s.date, s.confidential
            FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.\(kind.foreignKey) = ? AND s.retraction IS NULL
            ORDER BY c.id
            """, arguments: [id])
        return Table(columns: ["id", "source_id", "source", "publisher", "url", "date", "quote", "page"], rows: try rows.map { row in
            let secret: Bool = (try row.decode(forColumn: "confidential"))
            return [.int((try row.decode(forColumn: "id"))), .int((try row.decode(forColumn: "source_id"))), .text(secret ? Redaction.placeholder : (try row.decode(forColumn: "title"))),
                    secret ? .null : Cell((try row.decode(forColumn: "publisher")) as String?), secret ? .null : Cell((try row.decode(forColumn: "url")) as String?),
                    Cell((try row.decode(forColumn: "date")) as String?),
                    Cell((try row.decode(forColumn: "quote") as String?).map { secret ? Redaction.withheldQuote : $0 }), Cell((try row.decode(forColumn: "page")) as Int64?)]
        })
    }

    /// What a source is cited for: kind and id of each record, with the quote (withheld for a confidential one).
    static func citedFor(source id: Int64, in db: Database) throws -> Table {
        let confidential = try Redaction.confidentialSources(in: db)
        let citations = try Citation.fetchAll(db, sql: "SELECT * FROM citations WHERE source_id = ? ORDER BY id",
                                              arguments: [id]).map { Redaction.redact($0, confidential: confidential) }
        return Table(columns: ["id", "kind", "ref", "quote", "page"], rows: citations.map { citation in
            [.int(citation.id!), .text(citation.recordKind.rawValue), .int(citation.recordId), Cell(citation.quote),
             Cell(citation.page)]
        })
    }

    /// An award's history, oldest action first: the modification, its date and administration, the action type
    /// and the money each action obligated.
    static func transactionsTable(award id: Int64, in db: Database) throws -> Table {
        let history = (try transactions(ofAward: id, in: db) ?? []).sorted { a, b in
            (a.actionDate?.first ?? "", a.transactionKey.utf8.count, a.transactionKey)
                < (b.actionDate?.first ?? "", b.transactionKey.utf8.count, b.transactionKey)
        }
        return Table(columns: ["modification_number", "action_date", "administration", "action_type", "obligated",
                               "description", "transaction_key"], rows: history.map { transaction in
            [Cell(transaction.modificationNumber), Cell(transaction.actionDate?.text),
             Cell(transaction.actionDate.map { $0.administration.label ?? "before-1993" }), Cell(transaction.actionType),
             transaction.obligatedCents.map { .money($0, currency: transaction.currency) } ?? .null,
             Cell(transaction.description), .text(transaction.transactionKey)]
        })
    }

    /// A document's files in the order attached: what `extract` writes back and the hashes that pin them.
    static func filesTable(document id: Int64, in db: Database) throws -> Table {
        Table(columns: ["name", "sha256", "size", "media_type", "attached_at", "attached_by"],
              rows: (try files(ofDocument: id, in: db) ?? []).map { file in
            [.text(file.name), .text(file.sha256), .int(file.size), .text(file.mediaType), .text(file.attachedAt),
             .text(file.attachedBy)]
        })
    }

    /// Every identifier a vendor is found by: its UEI, then the others in the order they were recorded.
    static func identifiersTable(vendor id: Int64, in db: Database) throws -> Table {
        let uei = try String.fetchOne(db, sql: "SELECT uei FROM vendors WHERE id = ?", arguments: [id])
        let all = (uei.map { [VendorIdentifier(scheme: .uei, value: $0)] } ?? []) + (try identifiers(ofVendor: id, in: db) ?? [])
        return Table(columns: ["scheme", "value"], rows: all.map { [.text($0.scheme.rawValue), .text($0.value)] })
    }

    /// A person's roles, oldest recorded first; none shown for a confidential source's person.
    static func rolesTable(person id: Int64, in db: Database) throws -> Table {
        let secret = try isConfidential(person: id, in: db)
        let rows = secret ? [] : try Row.fetchAll(db, sql: """
            SELECT r.title, v.name AS vendor, ifnull(a.acronym, a.name) AS agency, r.since, r.until
            FROM person_roles r LEFT JOIN vendors v ON v.id = r.vendor_id LEFT JOIN agencies a ON a.id = r.agency_id
            WHERE r.person_id = ? ORDER BY r.id
            """, arguments: [id])
        return Table(columns: ["role", "vendor", "agency", "since", "until"], rows: try rows.map { row in
            try ["title", "vendor", "agency", "since", "until"].map { Cell((try row.decode(forColumn: $0)) as String?) }
        })
    }

    /// The people a document, event or stage change names (a confidential source's person as the placeholder).
    static func peopleTable(_ table: String, _ owner: String, _ id: Int64, role: Bool = false, in db: Database) throws -> Table {
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.id, CASE WHEN p.id IN (\(confidentialPeople)) THEN '\(Redaction.placeholder)' ELSE p.name END AS name,
              \(role ? "l.role" : "NULL") AS role
            FROM \(table) l JOIN people p ON p.id = l.person_id WHERE l.\(owner) = ? AND p.retraction IS NULL ORDER BY p.id
            """, arguments: [id])
        return Table(columns: role ? ["person_id", "name", "role"] : ["person_id", "name"], rows: try rows.map { row in
            let cells: [Cell] = [.int(try row.decode(forColumn: "id")), .text(try row.decode(forColumn: "name"))]
            return role ? cells + [Cell((try row.decode(forColumn: "role")) as String?)] : cells
        })
    }
}
