import GRDB

// `govledger edit KIND REF --field value … --clear FIELD --reason TEXT`: the flags of `add`, applied to a record
// that exists. The record is read, changed and written back whole, so the derived columns (each date's range, each
// name's match key) follow; a stage change's edit recomputes its pursuit's stage. See docs/correcting.md.

/// One `--field value` of an edit, as typed.
public struct FieldValue: Sendable, Hashable {
    /// The flag without its dashes: `title`, `on`, `alias`.
    public var field: String
    public var value: String

    /// Creates a field value.
    public init(_ field: String, _ value: String) {
        self.field = field
        self.value = value
    }
}

/// The fields `edit` takes for each kind: the flags of `add KIND` (the title or name included), and `source`,
/// which cites one more source. Fields marked repeatable add a value each time (`--alias`, a document's
/// `--pursuit`); `--clear` empties them.
public enum EditableFields {
    /// Every field a kind takes, in the order the docs list them.
    public static let all: [RecordKind: [String]] = [
        .agency: ["name", "acronym", "level", "parent", "cgac", "fpds", "subtier", "office", "source"],
        .vendor: ["name", "alias", "uei", "parent", "website", "source"],
        .source: ["title", "kind", "publisher", "url", "on", "confidential", "notes"],
        .solicitation: ["title", "agency", "type", "notice-id", "number", "description", "url", "posted",
                        "response-due", "source"],
        .pursuit: ["title", "vendor", "agency", "kind", "on", "summary", "solicitation", "value", "currency", "source"],
        .stageChange: ["stage", "on", "note", "source"],
        .document: ["title", "kind", "on", "pages", "author", "summary", "url", "sha256", "pursuit", "vendor",
                    "agency", "source"],
        .award: ["vendor", "agency", "key", "piid", "description", "type", "obligated", "potential", "currency", "on",
                 "ends", "pursuit", "solicitation", "permalink", "source"],
        .event: ["title", "kind", "on", "summary", "signatures", "url", "pursuit", "vendor", "agency", "source"],
        .person: ["name", "notes"],
        // A request is corrected by retracting it and asking again: its answer is recorded once, by `reply`.
        .request: [],
    ]

    /// Fields that take several values.
    static func repeatable(_ kind: RecordKind) -> Set<String> {
        switch kind {
        case .vendor: ["alias", "source"]
        case .document, .event: ["pursuit", "vendor", "agency", "source"]
        default: ["source"]
        }
    }

    /// Fields every record of the kind must have, which `--clear` cannot empty.
    static func required(_ kind: RecordKind) -> Set<String> {
        switch kind {
        case .agency, .vendor: ["name", "level", "source"]
        case .source: ["title", "kind", "confidential"]
        case .solicitation: ["title", "agency", "type", "source"]
        case .pursuit: ["title", "vendor", "agency", "kind", "on", "source"]
        case .stageChange: ["stage", "on", "source"]
        case .document: ["title", "kind", "source"]
        case .award: ["vendor", "agency", "currency", "source"]
        case .event: ["title", "kind", "on", "source"]
        case .person: ["name"]
        case .request: []
        }
    }
}

/// An edit's values checked against the kind's fields: each single-valued field at most once, nothing both set
/// and cleared, no field the kind does not have.
struct FieldEdits {
    let kind: RecordKind
    private(set) var values: [String: [String]] = [:]
    let cleared: Set<String>

    init(_ kind: RecordKind, set: [FieldValue], clear: [String]) throws {
        self.kind = kind
        let known = EditableFields.all[kind] ?? []
        let expected = "a field of a \(kind.rawValue): " + known.joined(separator: ", ")
        guard !set.isEmpty || !clear.isEmpty else {
            throw LedgerError.invalidValue(field: "edit", value: kind.rawValue,
                                           expected: "at least one --FIELD VALUE or --clear FIELD (\(expected))")
        }
        for item in set {
            guard known.contains(item.field) else {
                throw LedgerError.invalidValue(field: "--" + item.field, value: item.value, expected: expected)
            }
            if values[item.field] != nil, !EditableFields.repeatable(kind).contains(item.field) {
                throw LedgerError.invalidValue(field: "--" + item.field, value: item.value,
                                               expected: "one value (--\(item.field) was given twice)")
            }
            values[item.field, default: []].append(item.value)
        }
        var cleared = Set<String>()
        for field in clear {
            let name = field.trimmingSpaces.lowercased()
            guard known.contains(name) else { throw LedgerError.invalidValue(field: "--clear", value: field, expected: expected) }
            guard !EditableFields.required(kind).contains(name) else {
                throw LedgerError.invalidValue(field: "--clear", value: field,
                                               expected: "a field a \(kind.rawValue) can be without (it must have a \(name))")
            }
            guard values[name] == nil || EditableFields.repeatable(kind).contains(name) else {
                throw LedgerError.invalidValue(field: "--clear", value: field, expected: "a field not also given a value")
            }
            cleared.insert(name)
        }
        self.cleared = cleared
    }

    /// The one value given for `field`.
    func value(_ field: String) -> String? { values[field]?.first }

    /// Applies a single-valued optional field: nil untouched, the parsed value when set, nil when cleared.
    func optional<T>(_ field: String, _ current: T?, _ parse: (String) throws -> T?) throws -> T? {
        if cleared.contains(field) { return nil }
        guard let raw = value(field) else { return current }
        return try parse(raw)
    }

    /// Applies a required field: untouched, or the parsed value.
    func required<T>(_ field: String, _ current: T, _ parse: (String) throws -> T) throws -> T {
        guard let raw = value(field) else { return current }
        return try parse(raw)
    }

    /// A list field: cleared first when `--clear` names it, then each value added once.
    func list<T: Equatable>(_ field: String, _ current: [T], _ parse: (String) throws -> T) throws -> [T] {
        var result = cleared.contains(field) ? [] : current
        for raw in values[field] ?? [] {
            let item = try parse(raw)
            if !result.contains(item) { result.append(item) }
        }
        return result
    }

    /// The date a field gives, checked.
    static func date(_ field: String) -> (String) throws -> LedgerDate {
        { raw in try LedgerDate(parsing: raw, field: "--" + field) }
    }

    /// A whole number of at least `minimum`.
    static func count(_ field: String, minimum: Int64) -> (String) throws -> Int64 {
        { raw in
            guard let value = Int64(raw.trimmingSpaces), value >= minimum else {
                throw LedgerError.invalidValue(field: "--" + field, value: raw, expected: "a whole number of at least \(minimum)")
            }
            return value
        }
    }
}

extension Ledger {
    /// Changes fields of one record, journaled as one entry (`edit KIND`, with `reason`) holding the images
    /// before and after. `set` holds the `--field value` pairs in the order typed, `clear` the fields to empty.
    ///
    /// Refused: a retracted record (restore it first), a field the kind does not have, a single-valued field
    /// given twice, a field both set and cleared, clearing a field the kind must have, and a pursuit's `stage`
    /// (it follows its stage changes: `stage`, or `edit stage-change`). An award imported from a file keeps its
    /// provenance and is marked as edited by hand. Returns the record's id.
    public func edit(_ kind: RecordKind, _ ref: String, set: [FieldValue], clear: [String] = [],
                     reason: String? = nil, distinct: Bool = false) throws -> Int64 {
        if kind == .pursuit, let stage = set.first(where: { $0.field == "stage" }) {
            throw LedgerError.invalidValue(field: "--stage", value: stage.value,
                                           expected: "no stage: a pursuit's stage is its latest stage change's ('govledger stage', or 'edit stage-change')")
        }
        let edits = try FieldEdits(kind, set: set, clear: clear)
        let reason = try Text.prose(reason, field: "reason")
        return try write("edit \(kind.rawValue)", reason: reason) { db in
            let id = try Ledger.recordId(kind, ref, in: db)
            try Ledger.apply(edits, to: id, in: db, ledger: self, distinct: distinct)
            return try Ledger.citeAll(edits.values["source"] ?? [], kind, id, in: db)
        }
    }

    private static func apply(_ e: FieldEdits, to id: Int64, in db: Database, ledger: Ledger, distinct: Bool) throws {
        func text(_ field: String) -> (String) throws -> String? { { try Text.line($0, field: "--" + field) } }
        func prose(_ field: String) -> (String) throws -> String? { { try Text.prose($0, field: "--" + field) } }
        func name(_ field: String) -> (String) throws -> String { { try Text.name($0, field: "--" + field) } }
        switch e.kind {
        case .agency:
            guard var agency = try Agency.fetchOne(db, key: id) else { return }
            agency.name = try e.required("name", agency.name, name("name"))
            agency.acronym = try e.optional("acronym", agency.acronym, text("acronym"))
            agency.level = try e.required("level", agency.level) { try AgencyLevel.parse($0, field: "--level") }
            agency.parentId = try e.optional("parent", agency.parentId) { try agencyId($0, field: "parent", in: db) }
            agency.cgacCode = try e.optional("cgac", agency.cgacCode) { try Text.code($0, field: "--cgac", lengths: 3...3) }
            agency.fpdsCode = try e.optional("fpds", agency.fpdsCode) { try Text.code($0, field: "--fpds", lengths: 4...4) }
            agency.subtierCode = try e.optional("subtier", agency.subtierCode) { try Text.code($0, field: "--subtier", lengths: 4...4) }
            agency.officeCode = try e.optional("office", agency.officeCode) { try Text.officeCode($0, field: "--office") }
            try agency.update(db)
        case .vendor:
            guard var vendor = try fetchVendors(db, sql: "SELECT * FROM vendors WHERE id = ?", arguments: [id]).first else { return }
            let before = vendor
            vendor.name = try e.required("name", vendor.name, name("name"))
            vendor.uei = try e.optional("uei", vendor.uei) { try Text.uei($0, field: "--uei") }
            vendor.parentId = try e.optional("parent", vendor.parentId) { try vendorId($0, field: "parent", in: db) }
            vendor.website = try e.optional("website", vendor.website, text("website"))
            let aliases = try e.list("alias", vendor.aliases, name("alias"))
            // One vendor, one record, as `add vendor` keeps it: a new name, alias or UEI another vendor goes by is
            // refused unless --distinct.
            if !distinct {
                try requireNewNames((vendor.name != before.name ? [("name", vendor.name)] : [])
                                        + aliases.filter { !before.aliases.contains($0) }.map { ("alias", $0) },
                                    uei: vendor.uei != before.uei ? vendor.uei : nil, except: id, in: db)
            }
            try vendor.update(db)
            if aliases != vendor.aliases {
                try db.execute(sql: "DELETE FROM vendor_aliases WHERE vendor_id = ? AND alias NOT IN (SELECT value FROM json_each(?))",
                               arguments: [id, JSONValue.array(aliases.map(JSONValue.string)).canonical])
                for alias in aliases where !vendor.aliases.contains(alias) {
                    try db.execute(sql: "INSERT INTO vendor_aliases (vendor_id, alias, match_key) VALUES (?, ?, ?)",
                                   arguments: [id, alias, MatchKey.vendor(alias)])
                }
            }
        case .source:
            guard var source = try Source.fetchOne(db, key: id) else { return }
            source.title = try e.required("title", source.title, name("title"))
            source.kind = try e.required("kind", source.kind) { try SourceKind.parse($0, field: "--kind") }
            source.publisher = try e.optional("publisher", source.publisher, text("publisher"))
            source.url = try e.optional("url", source.url, text("url"))
            source.date = try e.optional("on", source.date, FieldEdits.date("on"))
            source.notes = try e.optional("notes", source.notes, prose("notes"))
            source.confidential = try e.required("confidential", source.confidential) { raw in
                switch raw.trimmingSpaces.lowercased() {
                case "yes", "true": return true
                case "no", "false": return false
                default: throw LedgerError.invalidValue(field: "--confidential", value: raw, expected: "yes or no")
                }
            }
            try source.update(db)
        case .solicitation:
            guard var notice = try Solicitation.fetchOne(db, key: id) else { return }
            notice.title = try e.required("title", notice.title, name("title"))
            notice.agencyId = try e.required("agency", notice.agencyId) { try agencyId($0, in: db) }
            notice.noticeType = try e.required("type", notice.noticeType) { try NoticeType.parse($0, field: "--type") }
            notice.noticeId = try e.optional("notice-id", notice.noticeId, text("notice-id"))
            notice.solicitationNumber = try e.optional("number", notice.solicitationNumber, text("number"))
            notice.description = try e.optional("description", notice.description, prose("description"))
            notice.url = try e.optional("url", notice.url, text("url"))
            notice.posted = try e.optional("posted", notice.posted, FieldEdits.date("posted"))
            notice.responseDue = try e.optional("response-due", notice.responseDue, FieldEdits.date("response-due"))
            try notice.update(db)
        case .pursuit:
            guard var pursuit = try Pursuit.fetchOne(db, key: id) else { return }
            pursuit.title = try e.required("title", pursuit.title, name("title"))
            pursuit.vendorId = try e.required("vendor", pursuit.vendorId) { try vendorId($0, in: db) }
            pursuit.agencyId = try e.required("agency", pursuit.agencyId) { try agencyId($0, in: db) }
            pursuit.kind = try e.required("kind", pursuit.kind) { try PursuitKind.parse($0, field: "--kind") }
            pursuit.date = try e.required("on", pursuit.date, FieldEdits.date("on"))
            pursuit.summary = try e.optional("summary", pursuit.summary, prose("summary"))
            pursuit.solicitationId = try e.optional("solicitation", pursuit.solicitationId) { try recordId(.solicitation, $0, in: db) }
            pursuit.estimatedValueCents = try e.optional("value", pursuit.estimatedValueCents) {
                try Approximation.cents($0, field: "--value", allowNegative: false).cents
            }
            // The qualifier goes with the figure: a new `--value` brings its own (or none), clearing drops it.
            if let raw = e.value("value") {
                pursuit.estimatedValueQualifier = try Approximation.cents(raw, field: "--value", allowNegative: false).approximation
            }
            if let currency = e.value("currency") {
                pursuit.currency = try Money.parseCurrency(currency, field: "--currency")
            } else if e.cleared.contains("value") || e.cleared.contains("currency") {
                pursuit.estimatedValueCents = nil
                pursuit.estimatedValueQualifier = nil
                pursuit.currency = nil
            } else if pursuit.estimatedValueCents != nil, pursuit.currency == nil {
                pursuit.currency = "USD"
            }
            if pursuit.estimatedValueCents == nil, let currency = e.value("currency") {
                throw LedgerError.invalidValue(field: "--currency", value: currency, expected: "a currency for a --value")
            }
            try pursuit.update(db)
        case .stageChange:
            guard var change = try StageChange.fetchOne(db, key: id) else { return }
            change.stage = try e.required("stage", change.stage) { try Stage.parse($0, field: "--stage") }
            change.date = try e.required("on", change.date, FieldEdits.date("on"))
            change.note = try e.optional("note", change.note, prose("note"))
            try change.update(db)
            try refreshStage(of: change.pursuitId, in: db)
        case .document:
            guard var document = try fetchDocuments(db, sql: "SELECT * FROM documents WHERE id = ?", arguments: [id]).first else { return }
            document.title = try e.required("title", document.title, name("title"))
            document.kind = try e.required("kind", document.kind) { try DocumentKind.parse($0, field: "--kind") }
            document.date = try e.optional("on", document.date, FieldEdits.date("on"))
            document.pages = try e.optional("pages", document.pages, FieldEdits.count("pages", minimum: 1))
            document.authorOrganization = try e.optional("author", document.authorOrganization, text("author"))
            document.summary = try e.optional("summary", document.summary, prose("summary"))
            document.url = try e.optional("url", document.url, text("url"))
            document.sha256 = try e.optional("sha256", document.sha256) { try Text.sha256($0, field: "--sha256") }
            try document.update(db)
            try relink(e, document.links, table: "document_links", owner: "document_id", id: id, in: db)
        case .award:
            guard var award = try Award.fetchOne(db, key: id) else { return }
            award.vendorId = try e.required("vendor", award.vendorId) { try vendorId($0, in: db) }
            award.agencyId = try e.required("agency", award.agencyId) { try agencyId($0, in: db) }
            award.awardKey = try e.optional("key", award.awardKey, text("key"))
            award.piid = try e.optional("piid", award.piid, text("piid"))
            award.description = try e.optional("description", award.description, prose("description"))
            award.awardType = try e.optional("type", award.awardType, text("type"))
            award.obligatedCents = try e.optional("obligated", award.obligatedCents) { try Money.parseCents($0, field: "--obligated") }
            award.potentialCents = try e.optional("potential", award.potentialCents) { try Money.parseCents($0, field: "--potential") }
            award.currency = try e.required("currency", award.currency) { try Money.parseCurrency($0, field: "--currency") }
            award.date = try e.optional("on", award.date, FieldEdits.date("on"))
            award.ends = try e.optional("ends", award.ends, FieldEdits.date("ends"))
            award.pursuitId = try e.optional("pursuit", award.pursuitId) { try recordId(.pursuit, $0, in: db) }
            award.solicitationId = try e.optional("solicitation", award.solicitationId) { try recordId(.solicitation, $0, in: db) }
            award.permalink = try e.optional("permalink", award.permalink, text("permalink"))
            // Provenance stays: where the award was read from is still true; that a reporter corrected it is added.
            if award.sourceFile != nil { award.editedByHand = true }
            try releaseFromImports([id], command: "edit award", ledger: ledger, in: db)
            try award.update(db)
        case .event:
            guard var event = try fetchEvents(db, sql: "SELECT * FROM events WHERE id = ?", arguments: [id]).first else { return }
            event.title = try e.required("title", event.title, name("title"))
            event.kind = try e.required("kind", event.kind) { try EventKind.parse($0, field: "--kind") }
            event.date = try e.required("on", event.date, FieldEdits.date("on"))
            event.summary = try e.optional("summary", event.summary, prose("summary"))
            event.signatures = try e.optional("signatures", event.signatures) {
                try Approximation.count($0, field: "--signatures").value
            }
            // The qualifier goes with the count: a new `--signatures` brings its own (or none), clearing drops it.
            if let raw = e.value("signatures") {
                event.signaturesQualifier = try Approximation.count(raw, field: "--signatures").approximation
            } else if event.signatures == nil {
                event.signaturesQualifier = nil
            }
            event.url = try e.optional("url", event.url, text("url"))
            try event.update(db)
            try relink(e, event.links, table: "event_links", owner: "event_id", id: id, in: db)
        case .person:
            guard var person = try Person.fetchOne(db, key: id) else { return }
            person.name = try e.required("name", person.name, name("name"))
            person.notes = try e.optional("notes", person.notes, prose("notes"))
            try person.update(db)
        case .request:
            break
        }
    }

    /// A document's or event's links after `--pursuit`, `--vendor`, `--agency` (added) and `--clear` (emptied).
    private static func relink(_ e: FieldEdits, _ links: Links, table: String, owner: String, id: Int64,
                               in db: Database) throws {
        let targets: [(field: String, column: String, current: [Int64], resolve: (String) throws -> Int64)] = [
            ("pursuit", "pursuit_id", links.pursuitIds, { try recordId(.pursuit, $0, in: db) }),
            ("vendor", "vendor_id", links.vendorIds, { try vendorId($0, in: db) }),
            ("agency", "agency_id", links.agencyIds, { try agencyId($0, in: db) }),
        ]
        for target in targets {
            if e.cleared.contains(target.field) {
                try db.execute(sql: "DELETE FROM \(table) WHERE \(owner) = ? AND \(target.column) IS NOT NULL", arguments: [id])
            }
            for raw in e.values[target.field] ?? [] {
                try db.execute(sql: "INSERT OR IGNORE INTO \(table) (\(owner), \(target.column)) VALUES (?, ?)",
                               arguments: [id, try target.resolve(raw)])
            }
        }
    }
}
