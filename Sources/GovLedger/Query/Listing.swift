import GRDB

/// Which filters each kind of record understands; any other is an error rather than silently ignored.
let applicableFilters: [RecordKind: Set<String>] = [
    .pursuit: ["vendor", "agency", "administration", "stage", "kind", "since", "until"],
    .stageChange: ["vendor", "agency", "administration", "stage", "since", "until"],
    .award: ["vendor", "agency", "administration", "since", "until"],
    .document: ["vendor", "agency", "administration", "kind", "since", "until"],
    .event: ["vendor", "agency", "administration", "kind", "since", "until"],
    .solicitation: ["agency", "administration", "kind", "since", "until"],
    .source: ["administration", "kind", "since", "until"],
    .vendor: ["vendor"],
    .agency: ["agency"],
    .person: ["vendor", "agency"],
    .request: ["vendor", "agency", "administration", "since", "until"],
]

extension Ledger {
    /// Lists records of one kind, filtered, oldest first (by the range their date covers).
    public func list(_ kind: RecordKind, filter: Filter = Filter()) throws -> Table {
        let used: [(String, String?)] = [
            ("vendor", filter.vendor), ("agency", filter.agency), ("administration", filter.administration?.slug),
            ("stage", filter.stage?.rawValue), ("kind", filter.kind), ("since", filter.since?.text),
            ("until", filter.until?.text),
        ]
        for case let (name, value?) in used where !(applicableFilters[kind]?.contains(name) ?? false) {
            throw LedgerError.invalidValue(field: "--\(name)", value: value,
                                           expected: "a filter that applies to \(kind.table)")
        }
        if let kindName = filter.kind { try Ledger.checkKind(kindName, for: kind) }
        return try read { db in
            var conditions = Conditions()
            return try Listings.table(kind, try ResolvedFilter(filter, in: db), &conditions, in: db)
        }
    }

    static func checkKind(_ raw: String, for kind: RecordKind) throws {
        switch kind {
        case .pursuit: _ = try PursuitKind.parse(raw)
        case .document: _ = try DocumentKind.parse(raw)
        case .event: _ = try EventKind.parse(raw)
        case .source: _ = try SourceKind.parse(raw)
        case .solicitation: _ = try NoticeType.parse(raw, field: "kind")
        default: break
        }
    }
}

/// One output column: its name and how to read it from a row.
struct OutputColumn {
    let name: String
    let value: (Row, Database) throws -> Cell

    init(_ name: String, _ value: @escaping (Row, Database) throws -> Cell) {
        self.name = name
        self.value = value
    }

    /// A column read as-is from the row.
    static func text(_ name: String, _ column: String? = nil) -> OutputColumn {
        OutputColumn(name) { row, _ in Cell((try row.decode(forColumn: column ?? name)) as String?) }
    }

    static func int(_ name: String, _ column: String? = nil) -> OutputColumn {
        OutputColumn(name) { row, _ in Cell((try row.decode(forColumn: column ?? name)) as Int64?) }
    }

    /// A count that may be approximate: `about 900` for people when `X_qualifier` holds a word, else the number.
    static func approximate(_ name: String) -> OutputColumn {
        OutputColumn(name) { row, _ in
            guard let value = (try row.decode(forColumn: name)) as Int64? else { return .null }
            guard let word = (try row.decode(forColumn: name + "_qualifier")) as String?,
                  let approximation = Approximation(rawValue: word) else { return .int(value) }
            return .approximate(value, approximation)
        }
    }

    /// The administration derived from `X_from`/`X_to`.
    static func administration(_ column: String = "date") -> OutputColumn {
        OutputColumn("administration") { row, _ in
            guard let first = (try row.decode(forColumn: column + "_from")) as String?, let last = (try row.decode(forColumn: column + "_to")) as String? else {
                return .null
            }
            // A date naming a president of several terms (`trump`) says which terms it may be.
            if let text = (try row.decode(forColumn: column)) as String?, let set = AdministrationSet.named(text),
               set.terms.count > 1
            {
                return Cell("ambiguous: " + set.terms.map(\.slug).joined(separator: " or "))
            }
            return Cell(AdministrationMatch(first: first, last: last).label)
        }
    }

    /// A list of strings from a correlated query bound to the row's id.
    static func list(_ name: String, _ sql: String) -> OutputColumn {
        OutputColumn(name) { row, db in .list(try String.fetchAll(db, sql: sql, arguments: [(try row.decode(forColumn: "id")) as Int64])) }
    }
}

/// The SELECT, columns and ordering for each kind of listing.
enum Listings {
    struct Query {
        let select: String
        let columns: [OutputColumn]
        let order: String
    }

    static let linked = """
        SELECT label FROM (
          SELECT 'pursuit ' || p.id || ': ' || p.title AS label, 1 AS o, p.id AS i FROM %LINKS% l JOIN pursuits p ON p.id = l.pursuit_id WHERE l.%OWNER% = ?1 AND p.retraction IS NULL
          UNION ALL SELECT 'vendor ' || v.id || ': ' || v.name, 2, v.id FROM %LINKS% l JOIN vendors v ON v.id = l.vendor_id WHERE l.%OWNER% = ?1
          UNION ALL SELECT 'agency ' || a.id || ': ' || ifnull(a.acronym, a.name), 3, a.id FROM %LINKS% l JOIN agencies a ON a.id = l.agency_id WHERE l.%OWNER% = ?1)
        ORDER BY o, i
        """

    static func linkedList(_ table: String, _ owner: String) -> OutputColumn {
        .list("linked", linked.replacingAll("%LINKS%", table).replacingAll("%OWNER%", owner))
    }

    /// Records linked (directly, or through a linked pursuit) to the filter's vendors and agencies.
    static func linkConditions(_ f: ResolvedFilter, _ c: inout Conditions, table: String, owner: String) {
        for (ids, column) in [(f.vendorIds, "vendor_id"), (f.agencyIds, "agency_id")] {
            guard let ids else { continue }
            let marks = ids.map { _ in "?" }.joined(separator: ",")
            c.add("x.id IN (SELECT l.\(owner) FROM \(table) l LEFT JOIN pursuits p ON p.id = l.pursuit_id WHERE l.\(column) IN (\(marks)) OR p.\(column) IN (\(marks)))")
            c.addArguments(ids + ids)
        }
    }

    /// Runs the listing of `kind` under the filter plus any conditions already in `c`.
    static func table(_ kind: RecordKind, _ f: ResolvedFilter, _ c: inout Conditions, in db: Database) throws -> Table {
        let query = Listings.query(kind, f, &c)
        f.addStanding(to: &c, "x")
        try f.addTags(to: &c, "x", kind)
        var columns = query.columns
        switch kind {
        // A merged vendor or agency is a pointer to the one it became, no longer a record of its own.
        case .vendor, .agency: c.add("x.merged_into_id IS NULL")
        // A retracted pursuit's stage changes go with it.
        case .stageChange: f.addStanding(to: &c, "p")
        default: break
        }
        if f.filter.includeRetracted {
            // A confidential source's reason may name it; so may the reason a confidential source's person, or a
            // request made to one, was retracted (`secret`).
            let mask: String? = switch kind {
            case .source: "confidential"
            case .person, .request: "secret"
            default: nil
            }
            if let mask {
                columns.append(OutputColumn("retracted") { row, _ in
                    let reason: String? = try row.decode(forColumn: "retraction")
                    return Cell((try row.decode(forColumn: mask)) as Bool? == true ? reason.map { _ in Redaction.withheldReason } : reason)
                })
            } else {
                columns.append(.text("retracted", "retraction"))
            }
        }
        let rows = try Row.fetchAll(db, sql: query.select + c.sql + " ORDER BY " + query.order, arguments: c.arguments)
        return Table(columns: columns.map(\.name), rows: try rows.map { row in
            try columns.map { try $0.value(row, db) }
        })
    }

    static func query(_ kind: RecordKind, _ f: ResolvedFilter, _ c: inout Conditions) -> Query {
        let kindFilter = f.filter.kind.map { $0.trimmingSpaces.lowercased().replacingSpacesWithHyphens }
        switch kind {
        case .pursuit:
            if let ids = f.vendorIds { c.add("x.vendor_id", in: ids) }
            if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
            if let stage = f.filter.stage { c.add("x.stage = ?", stage.rawValue) }
            if let kindFilter { c.add("x.kind = ?", kindFilter) }
            f.addDateConditions(to: &c, "x")
            return Query(
                select: """
                    SELECT x.*, v.name AS vendor, ifnull(a.acronym, a.name) AS agency FROM pursuits x
                    JOIN vendors v ON v.id = x.vendor_id JOIN agencies a ON a.id = x.agency_id
                    """,
                columns: [.int("id"), .text("title"), .text("vendor"), .text("agency"), .text("kind"), .text("stage"),
                          .text("date"), .administration(), .int("estimated_value_cents"),
                          .text("estimated_value_qualifier"), .text("currency"),
                          .list("documents", "SELECT d.title FROM document_links l JOIN documents d ON d.id = l.document_id WHERE l.pursuit_id = ? AND d.retraction IS NULL ORDER BY d.date_from, d.id"),
                          .list("sources", Listings.sourcesSQL("pursuit_id"))],
                order: "x.date_from, x.date_to, x.id")
        case .stageChange:
            if let ids = f.vendorIds { c.add("p.vendor_id", in: ids) }
            if let ids = f.agencyIds { c.add("p.agency_id", in: ids) }
            if let stage = f.filter.stage { c.add("x.stage = ?", stage.rawValue) }
            f.addDateConditions(to: &c, "x")
            return Query(
                select: "SELECT x.*, p.title AS pursuit FROM stage_changes x JOIN pursuits p ON p.id = x.pursuit_id",
                columns: [.int("id"), .int("pursuit_id"), .text("pursuit"), .text("stage"), .text("date"),
                          .administration(), .text("note"), .list("sources", Listings.sourcesSQL("stage_change_id"))],
                order: "x.date_from, x.date_to, x.id")
        case .award:
            if let ids = f.vendorIds { c.add("x.vendor_id", in: ids) }
            if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
            f.addDateConditions(to: &c, "x")
            return Query(
                select: """
                    SELECT x.*, v.name AS vendor, ifnull(a.acronym, a.name) AS agency FROM awards x
                    JOIN vendors v ON v.id = x.vendor_id JOIN agencies a ON a.id = x.agency_id
                    """,
                columns: [.int("id"), .text("award_key"), .text("piid"), .text("vendor"), .text("agency"),
                          .text("description"), .text("award_type"), .int("obligated_cents"), .int("potential_cents"),
                          .text("currency"), .text("date"), .administration(), .text("ends")],
                order: "x.date_from IS NULL, x.date_from, x.date_to, x.id")
        case .document:
            linkConditions(f, &c, table: "document_links", owner: "document_id")
            if let kindFilter { c.add("x.kind = ?", kindFilter) }
            f.addDateConditions(to: &c, "x")
            return Query(
                select: "SELECT x.* FROM documents x",
                columns: [.int("id"), .text("kind"), .text("title"), .text("date"), .administration(), .int("pages"),
                          .text("author_organization"), .text("url"), linkedList("document_links", "document_id"),
                          .list("sources", Listings.sourcesSQL("document_id"))],
                order: "x.date_from IS NULL, x.date_from, x.date_to, x.id")
        case .event:
            linkConditions(f, &c, table: "event_links", owner: "event_id")
            if let kindFilter { c.add("x.kind = ?", kindFilter) }
            f.addDateConditions(to: &c, "x")
            return Query(
                select: "SELECT x.* FROM events x",
                columns: [.int("id"), .text("kind"), .text("title"), .text("date"), .administration(),
                          .approximate("signatures"), .text("signatures_qualifier"), .text("url"),
                          linkedList("event_links", "event_id"),
                          .list("sources", Listings.sourcesSQL("event_id"))],
                order: "x.date_from, x.date_to, x.id")
        case .solicitation:
            if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
            if let kindFilter { c.add("x.notice_type = ?", kindFilter) }
            f.addDateConditions(to: &c, "x", "posted")
            return Query(
                select: "SELECT x.*, ifnull(a.acronym, a.name) AS agency FROM solicitations x JOIN agencies a ON a.id = x.agency_id",
                columns: [.int("id"), .text("title"), .text("agency"), .text("notice_type"), .text("notice_id"),
                          .text("solicitation_number"), .text("posted"), .administration("posted"),
                          .text("response_due")],
                order: "x.posted_from IS NULL, x.posted_from, x.id")
        case .source:
            if let kindFilter { c.add("x.kind = ?", kindFilter) }
            f.addDateConditions(to: &c, "x")
            return Query(
                select: "SELECT x.*, (SELECT count(*) FROM citations WHERE source_id = x.id) AS citations FROM sources x",
                columns: [.int("id"), .text("kind"),
                          OutputColumn("title") { row, _ in .text((try row.decode(forColumn: "confidential")) ? Redaction.placeholder : (try row.decode(forColumn: "title"))) },
                          OutputColumn("publisher") { row, _ in (try row.decode(forColumn: "confidential")) ? .null : Cell((try row.decode(forColumn: "publisher")) as String?) },
                          OutputColumn("url") { row, _ in (try row.decode(forColumn: "confidential")) ? .null : Cell((try row.decode(forColumn: "url")) as String?) },
                          .text("date"), OutputColumn("confidential") { row, _ in .bool((try row.decode(forColumn: "confidential"))) },
                          .int("citations")],
                order: "x.id")
        case .vendor:
            if let ids = f.vendorIds { c.add("x.id", in: ids) }
            return Query(
                select: "SELECT x.*, p.name AS parent FROM vendors x LEFT JOIN vendors p ON p.id = x.parent_id",
                columns: [.int("id"), .text("name"), .text("uei"), .text("parent"),
                          .list("aliases", "SELECT alias FROM vendor_aliases WHERE vendor_id = ? ORDER BY id"),
                          .text("website")],
                order: "x.match_key, x.id")
        case .person:
            for (ids, column) in [(f.vendorIds, "vendor_id"), (f.agencyIds, "agency_id")] {
                guard let ids else { continue }
                c.add("x.id IN (SELECT person_id FROM person_roles WHERE \(column) IN (\(ids.map { _ in "?" }.joined(separator: ","))))")
                c.addArguments(ids)
            }
            return Query(
                select: "SELECT x.*, x.id IN (\(Ledger.confidentialPeople)) AS secret FROM people x",
                columns: [.int("id"), Listings.personName("name", "name"),
                          OutputColumn("roles") { row, db in
                              (try row.decode(forColumn: "secret")) ? .list([])
                                  : .list(try String.fetchAll(db, sql: Listings.rolesSQL, arguments: [(try row.decode(forColumn: "id")) as Int64]))
                          }],
                order: "x.match_key, x.id")
        case .request:
            if let ids = f.vendorIds { c.add("x.vendor_id", in: ids) }
            if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
            f.addDateConditions(to: &c, "x", "asked")
            return Query(
                select: """
                    SELECT x.*, v.name AS vendor_name, ifnull(a.acronym, a.name) AS agency_name, p.name AS person_name,
                      x.person_id IN (\(Ledger.confidentialPeople)) AS secret, d.title AS document_title
                    FROM reply_requests x LEFT JOIN vendors v ON v.id = x.vendor_id LEFT JOIN agencies a ON a.id = x.agency_id
                    LEFT JOIN people p ON p.id = x.person_id LEFT JOIN documents d ON d.id = x.document_id
                    """,
                columns: [.int("id"),
                          OutputColumn("party") { row, _ in
                              if let vendor: String = try row.decode(forColumn: "vendor_name") { return .text(vendor) }
                              if let agency: String = try row.decode(forColumn: "agency_name") { return .text(agency) }
                              return try Listings.personCell(row)
                          },
                          OutputColumn("contact") { row, _ in
                              let vendor: Int64? = try row.decode(forColumn: "vendor_id")
                              let agency: Int64? = try row.decode(forColumn: "agency_id")
                              return vendor == nil && agency == nil ? .null : try Listings.personCell(row)
                          },
                          .text("asked"), .text("via"), .text("deadline"),
                          OutputColumn("outcome") { row, _ in .text((try row.decode(forColumn: "outcome")) ?? "awaiting") },
                          .text("answered"),
                          OutputColumn("answer") { row, _ in
                              // What a confidential source's person said, asked alone, stays in the ledger file.
                              let vendor: Int64? = try row.decode(forColumn: "vendor_id")
                              let agency: Int64? = try row.decode(forColumn: "agency_id")
                              if vendor == nil, agency == nil, (try row.decode(forColumn: "secret")) as Bool? == true { return .null }
                              if let text: String = try row.decode(forColumn: "text") { return .text(text) }
                              if let title: String = try row.decode(forColumn: "document_title") {
                                  return .text("document \((try row.decode(forColumn: "document_id")) as Int64): \(title)")
                              }
                              return .null
                          },
                          .list("about", "SELECT 'pursuit ' || p.id || ': ' || p.title FROM reply_request_pursuits r JOIN pursuits p ON p.id = r.pursuit_id WHERE r.request_id = ? AND p.retraction IS NULL ORDER BY p.id")],
                order: "x.asked_from, x.asked_to, x.id")
        case .agency:
            if let ids = f.agencyIds { c.add("x.id", in: ids) }
            return Query(
                select: "SELECT x.*, ifnull(p.acronym, p.name) AS parent FROM agencies x LEFT JOIN agencies p ON p.id = x.parent_id",
                columns: [.int("id"), .text("name"), .text("acronym"), .text("level"), .text("parent"),
                          .text("cgac_code"), .text("fpds_code"), .text("subtier_code"), .text("office_code")],
                order: "x.match_key, x.id")
        }
    }

    /// A person's name, or the placeholder when they are a confidential source's identity (`secret`).
    static func personName(_ name: String, _ column: String) -> OutputColumn {
        OutputColumn(name) { row, _ in
            (try row.decode(forColumn: "secret")) ? .text(Redaction.placeholder) : .text(try row.decode(forColumn: column))
        }
    }

    /// The person of a request row (`person_name`, `secret`), or null.
    static func personCell(_ row: Row) throws -> Cell {
        guard let name: String = try row.decode(forColumn: "person_name") else { return .null }
        return (try row.decode(forColumn: "secret")) as Bool? == true ? .text(Redaction.placeholder) : .text(name)
    }

    /// A person's roles as one line each: `CEO at Salesforce (1999..)`, bound to the person's id. A period whose
    /// ends are themselves open (`--since ..2025`) is said in words, `(since ..2025)`: joined by `..` it read
    /// `(..2025..)`, which says nothing.
    static let rolesSQL = """
        SELECT r.title || ifnull(' at ' || ifnull(v.name, ifnull(a.acronym, a.name)), '')
          || CASE WHEN r.since IS NULL AND r.until IS NULL THEN ''
               WHEN instr(ifnull(r.since, '') || ' ' || ifnull(r.until, ''), '..') > 0
                 THEN ' (' || ifnull('since ' || r.since, '') || CASE WHEN r.since IS NOT NULL AND r.until IS NOT NULL THEN ', ' ELSE '' END
                   || ifnull('until ' || r.until, '') || ')'
               ELSE ' (' || ifnull(r.since, '') || '..' || ifnull(r.until, '') || ')' END
        FROM person_roles r LEFT JOIN vendors v ON v.id = r.vendor_id LEFT JOIN agencies a ON a.id = r.agency_id
        WHERE r.person_id = ? ORDER BY r.id
        """

    /// Labels of the sources cited for a record, confidential ones as the placeholder plus their reference.
    static func sourcesSQL(_ column: String) -> String {
        """
        SELECT CASE WHEN s.confidential THEN '\(Redaction.placeholder) (source ' || s.id || ')'
          ELSE s.title || ifnull(' — ' || s.publisher, '') || ' (source ' || s.id || ')' END
        FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.\(column) = ? AND s.retraction IS NULL
        GROUP BY s.id ORDER BY min(c.id)
        """
    }
}

extension Conditions {
    mutating func addArguments(_ ids: [Int64]) {
        appendArguments(StatementArguments(ids))
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
