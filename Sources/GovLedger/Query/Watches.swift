import GRDB

/// A saved query (`govledger watch add`): the filters of `list`, over one or more kinds of record.
///
/// A watch and its mark are the reporter's own reading state, like a bookmark, not something the ledger says:
/// they are not journaled, `verify` does not re-derive them, and no export carries them (docs/diff-and-watch.md).
public struct Watch: Sendable, Hashable {
    /// The name the reporter gave it; unique in the ledger.
    public var name: String
    /// The kinds of record it looks at, in the order its results are grouped.
    public var kinds: [RecordKind]
    /// The filters: vendor, agency, administration, since, until and tags, as typed (resolved at every look, so
    /// a subsidiary or an office added later is covered as `list` would cover it).
    public var filter: Filter

    /// The kinds a watch covers when none is named: the facts a story follows. Sources, people, vendors and
    /// agencies are watched only when named with `--kind`.
    public static let defaultKinds: [RecordKind] = [.pursuit, .stageChange, .award, .solicitation, .document, .event, .request]

    /// Creates a watch.
    public init(name: String, kinds: [RecordKind] = [], filter: Filter = Filter()) {
        self.name = name
        self.kinds = kinds
        self.filter = filter
    }
}

/// What one look at the watches found: the records that match now and did not at the last look.
public struct WatchLook: Sendable {
    /// One row per record new to a watch, grouped by watch (by name), then kind, then id: `watch, kind, ref,
    /// title, vendor, agency, date, obligated_cents, currency`. Awards show vendor, agency, date and obligation
    /// as `search` shows them.
    public var table: Table
    /// For each watch looked at, in order, how many records are new to it by kind (kinds with none left out).
    public var counts: [(watch: String, kinds: [(kind: RecordKind, count: Int)])]
    /// Records new to a watch but not shown: confidential sources, a confidential source's person, and a
    /// request made to that person alone (shown with `includeConfidential`).
    public var withheld: Int
}

extension Ledger {
    /// Saves a query and takes its first mark: every record it matches now counts as seen, so the first look
    /// shows only what comes to match afterwards (`lookAtWatches(all:)` shows everything). An unknown vendor or
    /// agency, or a filter that does not apply to a named kind, is refused exactly as `list` refuses it.
    /// Returns how many records the watch matches now (all marked as seen).
    @discardableResult
    public func addWatch(_ watch: Watch) throws -> Int {
        let name = try Text.name(watch.name, field: "NAME")
        var kinds: [RecordKind] = []
        for kind in watch.kinds where !kinds.contains(kind) { kinds.append(kind) }
        if kinds.isEmpty {
            kinds = Watch.defaultKinds.filter { Ledger.unusedFilter(watch.filter, for: $0) == nil }
            // With no kind named, the filters must fit at least one kind (`--vendor` with `--stage`, say).
            if kinds.isEmpty, let (field, value) = Ledger.unusedFilter(watch.filter, for: .pursuit) {
                throw LedgerError.invalidValue(field: field, value: value, expected: "a filter that applies to pursuits")
            }
        }
        for kind in kinds {
            if let (field, value) = Ledger.unusedFilter(watch.filter, for: kind) {
                throw LedgerError.invalidValue(field: field, value: value, expected: "a filter that applies to \(kind.table)")
            }
        }
        let tags = try watch.filter.tags.map { try Ledger.tagWord($0, field: "--tag") }
        var filter = watch.filter
        filter.tags = tags
        return try write("watch add") { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM watches WHERE name = ?", arguments: [name]) == true {
                throw LedgerError.invalidValue(field: "NAME", value: name, expected: "a name no other watch has (see 'govledger watch list')")
            }
            let resolved = try ResolvedFilter(filter, in: db)
            try db.execute(sql: """
                INSERT INTO watches (name, kinds, vendor, agency, administration, since, until, tags, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, kinds.map(\.rawValue).joined(separator: ","), filter.vendor, filter.agency,
                                 filter.administration?.slug, filter.since?.text, filter.until?.text,
                                 tags.joined(separator: " "), Journal.timestamp(clock())])
            let id = db.lastInsertedRowID
            var marked = 0
            for kind in kinds {
                let ids = try Listings.matchingIds(kind, resolved, in: db)
                try Ledger.mark(id, kind, adding: ids, in: db)
                marked += ids.count
            }
            return marked
        }
    }

    /// Every saved watch, by name: its kinds, filters, when it was made and last looked at, and how many records
    /// it matched at that look.
    public func watchList() throws -> Table {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT w.*, (SELECT count(*) FROM watch_marks m WHERE m.watch_id = w.id) AS marked FROM watches w ORDER BY w.name
                """)
            return Table(columns: ["name", "kinds", "vendor", "agency", "administration", "since", "until", "tags",
                                   "created", "looked", "matched"],
                         rows: try rows.map { row in
                let tags: String = try row.decode(forColumn: "tags")
                return [.text(try row.decode(forColumn: "name")),
                        .list((try row.decode(forColumn: "kinds") as String).split(separator: ",").map(String.init)),
                        Cell((try row.decode(forColumn: "vendor")) as String?), Cell((try row.decode(forColumn: "agency")) as String?),
                        Cell((try row.decode(forColumn: "administration")) as String?),
                        Cell((try row.decode(forColumn: "since")) as String?), Cell((try row.decode(forColumn: "until")) as String?),
                        .list(tags.split(separator: " ").map(String.init)),
                        .text(try row.decode(forColumn: "created_at")), Cell((try row.decode(forColumn: "looked_at")) as String?),
                        .int(try row.decode(forColumn: "marked"))]
            })
        }
    }

    /// Forgets a watch and its mark.
    public func removeWatch(_ name: String) throws {
        try write("watch remove") { db in
            let id = try Ledger.watchId(name, in: db)
            try db.execute(sql: "DELETE FROM watches WHERE id = ?", arguments: [id])
        }
    }

    /// For each watch named (every watch when `names` is empty), the records that match now and did not at its
    /// last look; then, unless `peek`, moves each mark to what matches now. With `all`, every record that
    /// matches now is listed, seen or not.
    ///
    /// Exact by construction: the mark is the set of records matched at the last look, so a record that matched
    /// then and matches now is never shown again, and one that matches now and did not (new, edited or merged
    /// into the query, restored, tagged) always is. One that left the query and came back is new again.
    public func lookAtWatches(_ names: [String] = [], peek: Bool = false, all: Bool = false,
                              includeConfidential: Bool = false) throws -> WatchLook {
        let body = { [self] (db: Database) throws -> WatchLook in
            var ids: [Int64] = []
            for name in names { ids.append(try Ledger.watchId(name, in: db)) }
            if names.isEmpty { ids = try Int64.fetchAll(db, sql: "SELECT id FROM watches ORDER BY name") }
            var seenIds = Set<Int64>()
            ids = ids.filter { seenIds.insert($0).inserted }
            var look = WatchLook(table: Table(columns: ["watch", "kind", "ref", "title", "vendor", "agency", "date",
                                                        "obligated_cents", "currency"]), counts: [], withheld: 0)
            for id in ids {
                let (watch, kinds) = try Ledger.watch(id, in: db)
                let resolved: ResolvedFilter
                do {
                    resolved = try ResolvedFilter(watch.filter, in: db)
                } catch LedgerError.unknownReference(let field, let value, let suggestions) {
                    // A vendor renamed or an agency merged away since `watch add`: say which watch names it.
                    throw LedgerError.unknownReference(field: "\(field) of watch \(LedgerError.quote(watch.name))", value: value,
                                                       suggestions: suggestions)
                } catch LedgerError.ambiguousReference(let field, let value, let candidates) {
                    throw LedgerError.ambiguousReference(field: "\(field) of watch \(LedgerError.quote(watch.name))", value: value,
                                                         candidates: candidates)
                }
                var counts: [(RecordKind, Int)] = []
                for kind in kinds {
                    let now = try Listings.matchingIds(kind, resolved, in: db)
                    let marked = Set(try Int64.fetchAll(db, sql: "SELECT record_id FROM watch_marks WHERE watch_id = ? AND record_kind = ?",
                                                        arguments: [id, kind.rawValue]))
                    let fresh = all ? now : now.filter { !marked.contains($0) }
                    if !peek {
                        let nowSet = Set(now)
                        try Ledger.mark(id, kind, removing: marked.filter { !nowSet.contains($0) }.sorted(),
                                        adding: all ? now.filter { !marked.contains($0) } : fresh, in: db)
                    }
                    guard !fresh.isEmpty else { continue }
                    let rows = try Ledger.watchRows(kind, ids: fresh, includeConfidential: includeConfidential, in: db)
                    look.withheld += fresh.count - rows.count
                    look.table.rows += rows.map { [.text(watch.name), .text(kind.rawValue)] + $0 }
                    counts.append((kind, fresh.count))
                }
                look.counts.append((watch.name, counts))
                if !peek {
                    try db.execute(sql: "UPDATE watches SET looked_at = ? WHERE id = ?", arguments: [Journal.timestamp(clock()), id])
                }
            }
            return look
        }
        return peek ? try read(body) : try write("watch", body)
    }

    static func watchId(_ name: String, in db: Database) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM watches WHERE name = ?", arguments: [name.trimmingSpaces]) else {
            throw LedgerError.unknownReference(field: "watch", value: name,
                                               suggestions: try String.fetchAll(db, sql: "SELECT name FROM watches ORDER BY name"))
        }
        return id
    }

    /// A saved watch as its row holds it.
    static func watch(_ id: Int64, in db: Database) throws -> (Watch, [RecordKind]) {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM watches WHERE id = ?", arguments: [id]) else {
            throw LedgerError.refused("watch \(id) disappeared during the look")
        }
        let kinds = try (try row.decode(forColumn: "kinds") as String).split(separator: ",").map { try RecordKind.parse(String($0), field: "kinds") }
        var filter = Filter(vendor: try row.decode(forColumn: "vendor"), agency: try row.decode(forColumn: "agency"),
                            administration: try ((try row.decode(forColumn: "administration")) as String?).map { try Filter.administration($0) },
                            since: try ((try row.decode(forColumn: "since")) as String?).map { try LedgerDate(parsing: $0, field: "since") },
                            until: try ((try row.decode(forColumn: "until")) as String?).map { try LedgerDate(parsing: $0, field: "until") })
        filter.tags = (try row.decode(forColumn: "tags") as String).split(separator: " ").map(String.init)
        return (Watch(name: try row.decode(forColumn: "name"), kinds: kinds, filter: filter), kinds)
    }

    /// The first filter set in `filter` that does not apply to `kind` (as `list` decides), with its value.
    static func unusedFilter(_ filter: Filter, for kind: RecordKind) -> (String, String)? {
        let used: [(String, String?)] = [
            ("vendor", filter.vendor), ("agency", filter.agency), ("administration", filter.administration?.slug),
            ("since", filter.since?.text), ("until", filter.until?.text),
        ]
        for case let (name, value?) in used where !(applicableFilters[kind]?.contains(name) ?? false) {
            return ("--\(name)", value)
        }
        return nil
    }

    /// Moves a watch's mark for one kind: takes out what no longer matches, puts in what newly does.
    static func mark(_ watch: Int64, _ kind: RecordKind, removing gone: [Int64] = [], adding fresh: [Int64], in db: Database) throws {
        let delete = try db.cachedStatement(sql: "DELETE FROM watch_marks WHERE watch_id = ? AND record_kind = ? AND record_id = ?")
        for id in gone { try delete.execute(arguments: [watch, kind.rawValue, id]) }
        let insert = try db.cachedStatement(sql: "INSERT INTO watch_marks (watch_id, record_kind, record_id) VALUES (?, ?, ?)")
        for id in fresh { try insert.execute(arguments: [watch, kind.rawValue, id]) }
    }

    /// The shown columns (`ref` to `currency`) of records `ids` of `kind`, by id, leaving out what a confidential
    /// source would give away unless `includeConfidential`.
    static func watchRows(_ kind: RecordKind, ids: [Int64], includeConfidential: Bool, in db: Database) throws -> [[Cell]] {
        func v(_ column: String) -> String { "(SELECT name FROM vendors WHERE id = \(column))" }
        func a(_ column: String) -> String { "(SELECT coalesce(acronym, name) FROM agencies WHERE id = \(column))" }
        let none = "NULL"
        let (title, vendor, agency, date, money, secret): (String, String, String, String, Bool, String)
        switch kind {
        case .pursuit: (title, vendor, agency, date, money, secret) = ("t.title", v("t.vendor_id"), a("t.agency_id"), "t.date", false, "0")
        case .stageChange:
            (title, vendor, agency, date, money, secret) = (
                "(SELECT title FROM pursuits WHERE id = t.pursuit_id) || ': ' || t.stage",
                v("(SELECT vendor_id FROM pursuits WHERE id = t.pursuit_id)"),
                a("(SELECT agency_id FROM pursuits WHERE id = t.pursuit_id)"), "t.date", false, "0")
        case .award:
            (title, vendor, agency, date, money, secret) = ("coalesce(t.piid, t.award_key, t.description)", v("t.vendor_id"),
                                                            a("t.agency_id"), "t.date", true, "0")
        case .solicitation: (title, vendor, agency, date, money, secret) = ("t.title", none, a("t.agency_id"), "t.posted", false, "0")
        case .document, .event: (title, vendor, agency, date, money, secret) = ("t.title", none, none, "t.date", false, "0")
        case .source: (title, vendor, agency, date, money, secret) = ("t.title", none, none, "t.date", false, "t.confidential <> 0")
        case .person: (title, vendor, agency, date, money, secret) = ("t.name", none, none, none, false, "t.id IN (\(Ledger.confidentialPeople))")
        case .request:
            (title, vendor, agency, date, money, secret) = (
                "'reply from ' || coalesce(\(v("t.vendor_id")), \(a("t.agency_id")), (SELECT name FROM people WHERE id = t.person_id))",
                v("t.vendor_id"), a("t.agency_id"), "t.asked", false, "t.id IN (\(Redaction.confidentialRequests))")
        case .vendor: (title, vendor, agency, date, money, secret) = ("t.name", "t.name", none, none, false, "0")
        case .agency: (title, vendor, agency, date, money, secret) = ("coalesce(t.acronym, t.name)", none, "coalesce(t.acronym, t.name)", none, false, "0")
        }
        let moneyColumns = money ? "t.obligated_cents, t.currency" : "NULL AS obligated_cents, NULL AS currency"
        var result: [[Cell]] = []
        // In batches: a watch on an agency can find a whole import's awards new at once.
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(start + 500, ids.count)])
            start += batch.count
            let sql = """
                SELECT t.id, \(title) AS title, \(vendor) AS vendor, \(agency) AS agency, \(date) AS date, \(moneyColumns),
                  \(secret) AS secret FROM \(kind.table) t WHERE t.id IN (\(batch.map { _ in "?" }.joined(separator: ","))) ORDER BY t.id
                """
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(batch)) {
                if !includeConfidential, (try row.decode(forColumn: "secret")) as Bool? == true { continue }
                let cents: Int64? = try row.decode(forColumn: "obligated_cents")
                let currency: String? = try row.decode(forColumn: "currency")
                result.append([.int(try row.decode(forColumn: "id")), Cell((try row.decode(forColumn: "title")) as String?),
                               Cell((try row.decode(forColumn: "vendor")) as String?), Cell((try row.decode(forColumn: "agency")) as String?),
                               Cell((try row.decode(forColumn: "date")) as String?),
                               cents.map { .money($0, currency: currency ?? "USD") } ?? .null, Cell(cents == nil ? nil : currency)])
            }
        }
        return result
    }
}

extension Listings {
    /// The ids of the records of `kind` that `list` would show under the filter, ascending: the same
    /// conditions (standing records only, tags, a merged vendor or agency left out), without the columns.
    static func matchingIds(_ kind: RecordKind, _ f: ResolvedFilter, in db: Database) throws -> [Int64] {
        var c = Conditions()
        let query = Listings.query(kind, f, &c)
        f.addStanding(to: &c, "x")
        try f.addTags(to: &c, "x", kind)
        switch kind {
        case .vendor, .agency: c.add("x.merged_into_id IS NULL")
        case .stageChange: f.addStanding(to: &c, "p")
        default: break
        }
        return try Int64.fetchAll(db, sql: "SELECT id FROM (" + query.select + c.sql + ") ORDER BY id", arguments: c.arguments)
    }
}
