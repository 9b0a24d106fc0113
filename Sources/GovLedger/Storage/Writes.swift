import GRDB

// The named write operations. Each is one transaction through `write(_:_:)`, validates its input with
// one-line errors naming the field, resolves references, and keeps the ledger's invariants
// (a pursuit's stage is its latest stage change; every citation points at a record that exists).

extension Ledger {
    /// Records an agency; `parent` is a reference to an existing agency. Returns the new id.
    public func addAgency(name: String, acronym: String? = nil, level: AgencyLevel, parent: String? = nil,
                          cgacCode: String? = nil, fpdsCode: String? = nil, subtierCode: String? = nil,
                          officeCode: String? = nil, sources: [String] = []) throws -> Int64 {
        try write("add agency") { db in
            var agency = Agency(
                name: try Text.name(name, field: "name"), acronym: try Text.line(acronym, field: "acronym"),
                level: level, parentId: try parent.map { try Ledger.agencyId($0, field: "parent", in: db) },
                cgacCode: try Text.code(cgacCode, field: "cgac", lengths: 3...3),
                fpdsCode: try Text.code(fpdsCode, field: "fpds", lengths: 4...4),
                subtierCode: try Text.code(subtierCode, field: "subtier", lengths: 4...4),
                officeCode: try Text.officeCode(officeCode, field: "office"))
            try Ledger.requireNewAgency(agency, in: db)
            try agency.insert(db)
            return try Ledger.citeAll(sources, .agency, agency.id!, in: db)
        }
    }

    /// Every ledger holds the federal agency reference, so a typed-in agency is most often one already there:
    /// point at it rather than record a second ICE.
    static func requireNewAgency(_ agency: Agency, in db: Database) throws {
        let codes: [(String, String, String?)] = [
            ("cgac", "cgac_code", agency.cgacCode), ("fpds", "fpds_code", agency.fpdsCode),
            ("subtier", "subtier_code", agency.subtierCode), ("office", "office_code", agency.officeCode),
        ]
        let label = "SELECT name || ifnull(' (' || acronym || ')', '') || ' (agency ' || id || ')' FROM agencies WHERE "
        for (field, column, code) in codes {
            guard let code, let existing = try String.fetchOne(db, sql: label + "\(column) = ?", arguments: [code]) else {
                continue
            }
            throw LedgerError.invalidValue(field: field, value: code,
                                           expected: "a code no agency has; \(existing) already has it, use that one")
        }
        if let existing = try String.fetchOne(db, sql: label + "match_key = ? AND level = ? ORDER BY id LIMIT 1",
                                              arguments: [MatchKey.agency(agency.name), agency.level]) {
            throw LedgerError.invalidValue(field: "name", value: agency.name,
                                           expected: "a new agency; \(existing) already has that name, use that one")
        }
    }

    /// Records a vendor with its aliases; `parent` names its parent company. Returns the new id.
    ///
    /// One vendor, one record: a name, alias or UEI another vendor already has is refused, naming that vendor,
    /// unless `distinct` says these really are different companies (counties of the same name, IBM's units).
    public func addVendor(name: String, aliases: [String] = [], uei: String? = nil, parent: String? = nil,
                          website: String? = nil, sources: [String] = [], distinct: Bool = false) throws -> Int64 {
        try write("add vendor") { db in
            var vendor = Vendor(
                name: try Text.name(name, field: "name"), uei: try Text.uei(uei),
                parentId: try parent.map { try Ledger.vendorId($0, field: "parent", in: db) },
                website: try Text.line(website, field: "website"),
                aliases: try aliases.map { alias throws(LedgerError) in try Text.name(alias, field: "alias") })
            if !distinct { try Ledger.requireNewVendor(vendor, in: db) }
            try Ledger.insert(&vendor, in: db)
            return try Ledger.citeAll(sources, .vendor, vendor.id!, in: db)
        }
    }

    /// Refuses a vendor whose UEI, name or an alias another vendor already answers to (a merged vendor's names
    /// answer for its survivor), so that `--vendor NAME` never becomes ambiguous by accident.
    static func requireNewVendor(_ vendor: Vendor, in db: Database) throws {
        try requireNewNames([("name", vendor.name)] + vendor.aliases.map { ("alias", $0) }, uei: vendor.uei, in: db)
    }

    /// Refuses names and a UEI that a vendor other than `vendor` (and those merged into it) already answers to:
    /// `add vendor` and `edit vendor --name/--alias/--uei` without `--distinct`.
    static func requireNewNames(_ names: [(String, String)], uei: String?, except vendor: Int64? = nil,
                                in db: Database) throws {
        let label = "SELECT name || ' (vendor ' || id || ')' FROM vendors WHERE id = ?"
        func other(_ ids: [Int64]) throws -> Int64? {
            try ids.map { try survivor(.vendor, $0, in: db) }.first { $0 != vendor }
        }
        if let uei, let id = try other(try Int64.fetchAll(db, sql: "SELECT id FROM vendors WHERE uei = ?", arguments: [uei])) {
            let existing = try String.fetchOne(db, sql: label, arguments: [id]) ?? "vendor \(id)"
            throw LedgerError.invalidValue(field: "uei", value: uei,
                                           expected: "a UEI no vendor has; \(existing) already has it, use that one")
        }
        for (field, name) in names {
            guard let id = try other(try Int64.fetchAll(db, sql: """
                SELECT id FROM vendors WHERE match_key = ?1 UNION SELECT vendor_id FROM vendor_aliases WHERE match_key = ?1
                ORDER BY 1
                """, arguments: [MatchKey.vendor(name)])) else { continue }
            let existing = try String.fetchOne(db, sql: label, arguments: [id]) ?? "vendor \(id)"
            throw LedgerError.invalidValue(
                field: field, value: name,
                expected: "a new vendor; \(existing) already goes by that name, use that one (or --distinct if they really are different companies)")
        }
    }

    /// Records a source. Returns the new id. `person` is who the source is (an interviewee): a confidential
    /// source's person becomes as private as the source.
    public func addSource(kind: SourceKind, title: String, publisher: String? = nil, url: String? = nil,
                          date: LedgerDate? = nil, confidential: Bool = false, notes: String? = nil,
                          person: String? = nil) throws -> Int64 {
        try write("add source") { db in
            var source = Source(
                kind: kind, title: try Text.name(title, field: "title"),
                publisher: try Text.line(publisher, field: "publisher"), url: try Text.line(url, field: "url"),
                date: date, confidential: confidential, notes: try Text.prose(notes, field: "notes"))
            // Found by id only once confidential; named here by whatever the reporter typed, which stays local.
            source.personId = try person.map { try Ledger.recordId(.person, $0, field: "--person", in: db) }
            try source.insert(db)
            return source.id!
        }
    }

    /// Records a notice an agency issued. Returns the new id.
    public func addSolicitation(agency: String, title: String, noticeType: NoticeType, noticeId: String? = nil,
                                solicitationNumber: String? = nil, description: String? = nil, url: String? = nil,
                                posted: LedgerDate? = nil, responseDue: LedgerDate? = nil,
                                sources: [String] = []) throws -> Int64 {
        try write("add solicitation") { db in
            var solicitation = Solicitation(
                agencyId: try Ledger.agencyId(agency, in: db), title: try Text.name(title, field: "title"),
                noticeType: noticeType, noticeId: try Text.line(noticeId, field: "notice-id"),
                solicitationNumber: try Text.line(solicitationNumber, field: "number"),
                description: try Text.prose(description, field: "description"), url: try Text.line(url, field: "url"),
                posted: posted, responseDue: responseDue)
            try solicitation.insert(db)
            return try Ledger.citeAll(sources, .solicitation, solicitation.id!, in: db)
        }
    }

    /// Records a pursuit and its first stage change, both dated `date`. Returns the pursuit's id.
    public func addPursuit(vendor: String, agency: String, title: String, kind: PursuitKind, stage: Stage = .lead,
                           date: LedgerDate, summary: String? = nil, solicitation: String? = nil,
                           estimatedValue: Money? = nil, estimatedValueQualifier: Approximation? = nil,
                           note: String? = nil, sources: [String] = []) throws -> Int64 {
        try write("add pursuit") { db in
            if let estimatedValueQualifier, estimatedValue == nil {
                throw LedgerError.invalidValue(field: "--value", value: estimatedValueQualifier.rawValue,
                                               expected: "a number after the qualifier")
            }
            var pursuit = Pursuit(
                vendorId: try Ledger.vendorId(vendor, in: db), agencyId: try Ledger.agencyId(agency, in: db),
                solicitationId: try solicitation.map { try Ledger.recordId(.solicitation, $0, in: db) },
                title: try Text.name(title, field: "title"), summary: try Text.prose(summary, field: "summary"),
                kind: kind, stage: stage, estimatedValueCents: estimatedValue?.cents,
                currency: estimatedValue?.currency, date: date)
            pursuit.estimatedValueQualifier = estimatedValueQualifier
            return try Ledger.insertPursuit(pursuit, note: try Text.prose(note, field: "note"), sources: sources, in: db)
        }
    }

    /// The journalist's one-line capture: a pursuit in stage `lead`, citing every one of `sources`.
    ///
    /// With `create`, an unknown vendor or agency is recorded on the way; otherwise it is an error
    /// that suggests the nearest known names.
    public func lead(_ text: String, vendor: String, agency: String, date: LedgerDate, kind: PursuitKind = .other,
                     sources: [String] = [], create: Bool = false) throws -> Int64 {
        try write("lead") { db in
            let vendorId: Int64
            let agencyId: Int64
            do {
                vendorId = try Ledger.vendorId(vendor, in: db)
            } catch LedgerError.unknownReference where create && Int64(vendor.trimmingSpaces) == nil {
                var created = Vendor(name: try Text.name(vendor, field: "vendor"))
                try Ledger.insert(&created, in: db)
                vendorId = created.id!
            }
            do {
                agencyId = try Ledger.agencyId(agency, in: db)
            } catch LedgerError.unknownReference where create && Int64(agency.trimmingSpaces) == nil {
                var created = Agency(name: try Text.name(agency, field: "agency"), level: .subagency)
                try created.insert(db)
                agencyId = created.id!
            }
            return try Ledger.insertPursuit(
                Pursuit(vendorId: vendorId, agencyId: agencyId, title: try Text.name(text, field: "text"), kind: kind,
                        stage: .lead, date: date),
                note: nil, sources: sources, in: db)
        }
    }

    /// Moves a pursuit to `stage` on `date`; the citation, if any, is on the stage change. Returns its id.
    public func stage(_ pursuit: String, to stage: Stage, on date: LedgerDate, note: String? = nil,
                      sources: [String] = [], people: [String] = []) throws -> Int64 {
        try write("stage") { db in
            let pursuitId = try Ledger.recordId(.pursuit, pursuit, in: db)
            try Journal.requireUntampered(.pursuit, pursuitId, in: db)
            // The new stage is derived from the whole history: a stage change edited behind the journal's back
            // would otherwise become the pursuit's journaled stage.
            for earlier in try Int64.fetchAll(db, sql: "SELECT id FROM stage_changes WHERE pursuit_id = ?", arguments: [pursuitId]) {
                try Journal.requireUntampered(.stageChange, earlier, in: db)
            }
            var change = StageChange(pursuitId: pursuitId, stage: stage, date: date,
                                     note: try Text.prose(note, field: "note"))
            change.personIds = try Ledger.personIds(people, field: "--person", in: db)
            try Ledger.insert(&change, in: db)
            try Ledger.refreshStage(of: change.pursuitId, in: db)
            return try Ledger.citeAll(sources, .stageChange, change.id!, in: db)
        }
    }

    /// Cites `source` for the record `kind`/`ref`. Returns the citation's id.
    public func cite(_ kind: RecordKind, _ ref: String, source: String, quote: String? = nil,
                     page: Int64? = nil) throws -> Int64 {
        guard kind != .source else {
            throw LedgerError.invalidValue(field: "kind", value: kind.rawValue, expected: "a kind of record other than a source")
        }
        return try write("cite") { db in
            var citation = Citation(
                sourceId: try Ledger.recordId(.source, source, in: db), recordKind: kind,
                recordId: try Ledger.recordId(kind, ref, in: db), quote: try Text.prose(quote, field: "quote"),
                page: try Text.positive(page, field: "page"))
            try citation.insert(db)
            return citation.id!
        }
    }

    /// Records a document linked to the named pursuits, vendors and agencies, with `files` stored in the evidence
    /// locker and attached (see `attach(document:files:)`). Returns the new id.
    public func addDocument(kind: DocumentKind, title: String, date: LedgerDate? = nil, pages: Int64? = nil,
                            authorOrganization: String? = nil, summary: String? = nil, url: String? = nil,
                            sha256: String? = nil, pursuits: [String] = [], vendors: [String] = [],
                            agencies: [String] = [], sources: [String] = [], files: [String] = [],
                            authors: [String] = [], recipients: [String] = []) throws -> Int64 {
        try write("add document") { db in
            var document = Document(
                kind: kind, title: try Text.name(title, field: "title"), date: date,
                pages: try Text.positive(pages, field: "pages"),
                authorOrganization: try Text.line(authorOrganization, field: "author"),
                summary: try Text.prose(summary, field: "summary"), url: try Text.line(url, field: "url"),
                sha256: try Text.sha256(sha256),
                links: try Ledger.links(pursuits: pursuits, vendors: vendors, agencies: agencies, in: db))
            document.people = try Ledger.documentPeople(authors: authors, recipients: recipients, in: db)
            try Ledger.insert(&document, in: db)
            for path in files {
                _ = try Ledger.attach(path, to: document.id!, at: Journal.timestamp(clock()), by: actor, in: db)
            }
            return try Ledger.citeAll(sources, .document, document.id!, in: db)
        }
    }

    /// Records an award from the public record. Returns the new id.
    public func addAward(vendor: String, agency: String, awardKey: String? = nil, piid: String? = nil,
                         description: String? = nil, awardType: String? = nil, obligatedCents: Int64? = nil,
                         potentialCents: Int64? = nil, currency: String = "USD", date: LedgerDate? = nil,
                         ends: LedgerDate? = nil, pursuit: String? = nil, solicitation: String? = nil,
                         permalink: String? = nil, sources: [String] = []) throws -> Int64 {
        try write("add award") { db in
            var award = Award(
                awardKey: try Text.line(awardKey, field: "key"), piid: try Text.line(piid, field: "piid"),
                vendorId: try Ledger.vendorId(vendor, in: db), agencyId: try Ledger.agencyId(agency, in: db),
                pursuitId: try pursuit.map { try Ledger.recordId(.pursuit, $0, in: db) },
                solicitationId: try solicitation.map { try Ledger.recordId(.solicitation, $0, in: db) },
                description: try Text.prose(description, field: "description"),
                awardType: try Text.line(awardType, field: "type"), obligatedCents: obligatedCents,
                potentialCents: potentialCents, currency: currency, date: date, ends: ends,
                permalink: try Text.line(permalink, field: "permalink"))
            try award.insert(db)
            return try Ledger.citeAll(sources, .award, award.id!, in: db)
        }
    }

    /// Records a dated event linked to the named pursuits, vendors and agencies. Returns the new id.
    public func addEvent(kind: EventKind, title: String, date: LedgerDate, summary: String? = nil,
                         signatures: Int64? = nil, signaturesQualifier: Approximation? = nil, url: String? = nil,
                         pursuits: [String] = [], vendors: [String] = [], agencies: [String] = [],
                         sources: [String] = [], people: [String] = []) throws -> Int64 {
        try write("add event") { db in
            if let signatures, signatures < 0 {
                throw LedgerError.invalidValue(field: "signatures", value: "\(signatures)", expected: "0 or more")
            }
            var event = Event(
                kind: kind, title: try Text.name(title, field: "title"), date: date,
                summary: try Text.prose(summary, field: "summary"), signatures: signatures,
                url: try Text.line(url, field: "url"),
                links: try Ledger.links(pursuits: pursuits, vendors: vendors, agencies: agencies, in: db))
            event.signaturesQualifier = signaturesQualifier
            event.personIds = try Ledger.personIds(people, field: "--person", in: db)
            try Ledger.insert(&event, in: db)
            return try Ledger.citeAll(sources, .event, event.id!, in: db)
        }
    }
}

// Building blocks shared by the named writes and by `load`.
extension Ledger {
    static func insertPursuit(_ pursuit: Pursuit, note: String?, sources: [String], in db: Database) throws -> Int64 {
        var pursuit = pursuit
        try pursuit.insert(db)
        var first = StageChange(pursuitId: pursuit.id!, stage: pursuit.stage, date: pursuit.date, note: note)
        try first.insert(db)
        return try citeAll(sources, .pursuit, pursuit.id!, in: db)
    }

    /// Cites each source for the record and returns the record's id.
    static func citeAll(_ sources: [String], _ kind: RecordKind, _ id: Int64, in db: Database) throws -> Int64 {
        for ref in sources {
            var citation = Citation(sourceId: try recordId(.source, ref, field: "source", in: db), recordKind: kind,
                                    recordId: id)
            try citation.insert(db)
        }
        return id
    }

    /// Sets a pursuit's stage to that of its latest standing stage change (by date, then by order recorded).
    static func refreshStage(of pursuitId: Int64, in db: Database) throws {
        try db.execute(sql: """
            UPDATE pursuits SET stage = (SELECT stage FROM stage_changes WHERE pursuit_id = ?1 AND retraction IS NULL
              ORDER BY date_from DESC, date_to DESC, id DESC LIMIT 1) WHERE id = ?1
            """, arguments: [pursuitId])
    }

    static func links(pursuits: [String], vendors: [String], agencies: [String], in db: Database) throws -> Links {
        Links(pursuitIds: try pursuits.map { try recordId(.pursuit, $0, in: db) },
              vendorIds: try vendors.map { try vendorId($0, in: db) },
              agencyIds: try agencies.map { try agencyId($0, in: db) })
    }

    /// Inserts a vendor, its aliases and its identifiers.
    static func insert(_ vendor: inout Vendor, in db: Database) throws {
        try vendor.insert(db)
        for alias in vendor.aliases {
            try db.execute(sql: "INSERT INTO vendor_aliases (vendor_id, alias, match_key) VALUES (?, ?, ?)",
                           arguments: [vendor.id, alias, MatchKey.vendor(alias)])
        }
        for identifier in vendor.identifiers ?? [] {
            try db.execute(sql: "INSERT INTO vendor_identifiers (vendor_id, scheme, value) VALUES (?, ?, ?)",
                           arguments: [vendor.id, identifier.scheme.rawValue, identifier.value])
        }
    }

    /// Inserts an award and its transactions.
    static func insert(_ award: inout Award, in db: Database) throws {
        try award.insert(db)
        for transaction in award.transactions ?? [] { try upsert(transaction, award: award.id!, in: db) }
    }

    /// Inserts a document, its links and its files (whose bytes must be in the locker already).
    static func insert(_ document: inout Document, in db: Database) throws {
        try document.insert(db)
        try insertLinks(document.links, table: "document_links", owner: "document_id", id: document.id!, in: db)
        for file in document.files ?? [] { try insertFile(file, document: document.id!, in: db) }
        try insertDocumentPeople(document.people, id: document.id!, in: db)
    }

    /// Inserts a stage change and the people involved.
    static func insert(_ change: inout StageChange, in db: Database) throws {
        try change.insert(db)
        try insertPeople(change.personIds, table: "stage_change_people", owner: "stage_change_id", id: change.id!, in: db)
    }

    /// Inserts an event and its links.
    static func insert(_ event: inout Event, in db: Database) throws {
        try event.insert(db)
        try insertLinks(event.links, table: "event_links", owner: "event_id", id: event.id!, in: db)
        try insertPeople(event.personIds, table: "event_people", owner: "event_id", id: event.id!, in: db)
    }

    private static func insertLinks(_ links: Links, table: String, owner: String, id: Int64, in db: Database) throws {
        let targets = links.pursuitIds.map { ("pursuit_id", $0) } + links.vendorIds.map { ("vendor_id", $0) }
            + links.agencyIds.map { ("agency_id", $0) }
        for (column, target) in targets {
            try db.execute(sql: "INSERT OR IGNORE INTO \(table) (\(owner), \(column)) VALUES (?, ?)",
                           arguments: [id, target])
        }
    }
}
