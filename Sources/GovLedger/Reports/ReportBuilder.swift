import Foundation
import GRDB

extension Ledger {
    /// Builds the audit report for a scope: a pure read, the same ledger giving the same report.
    ///
    /// Its provenance cites the journal head it reflects and how to check it (`govledger verify --at SEQ HASH`).
    /// With `verify`, it also runs a full verification in the same snapshot and states the verdict: that reads
    /// every record and recomputes every hash, seconds on a million imported awards, so it is asked for.
    ///
    /// `vendors` (two or more) compares those vendors, each with its subsidiaries, side by side per administration;
    /// the rest of the report then covers all of them. `awards` is how many of the largest awards it lists (nil:
    /// all); the others are counted. Every figure is summed by SQLite over the scope's index range, so the report
    /// on a vendor with tens of thousands of awards reads only the awards it lists.
    public func report(_ filter: Filter = Filter(), vendors: [String] = [], awards limit: Int? = 50,
                       verify: Bool = false) throws -> Report {
        if let limit, !(1...1_000_000).contains(limit) {
            throw LedgerError.invalidValue(field: "--awards", value: "\(limit)", expected: "a number from 1 to 1000000, or all")
        }
        return try read { db in try Ledger.refusingOverflow { try Ledger.report(db, filter, vendors: vendors, limit: limit, verify: verify, clock: clock) } }
    }

    /// SQLite refuses a sum past 64-bit integers ("integer overflow"); the report says so in the domain's words
    /// rather than as a damaged ledger: counting an award as unknown would understate the total without saying so.
    static func refusingOverflow<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where (error.message ?? "").contains("integer overflow") {
            throw LedgerError.refused("the obligations in this report's scope exceed what 64-bit cents can hold (±$92,233,720,368,547,758.07)")
        }
    }

    static func report(_ db: Database, _ filter: Filter, vendors: [String], limit: Int?, verify: Bool,
                       clock: () -> Date) throws -> Report {
        do {
            // Verified in the same snapshot the report is built from, so its provenance describes its contents.
            let verification = verify ? try Ledger.verification(db) : nil
            let head = try Journal.head(db)
            var f = try ResolvedFilter(filter, in: db)
            let families = try vendors.map { try Ledger.vendorFamily(Ledger.vendorId($0, in: db), in: db) }
            if !families.isEmpty { f.vendorIds = Array(Set(families.joined())).sorted() }
            var scope = try ReportSections.scope(filter, vendors: vendors, f, in: db)
            scope.tags = filter.tags.isEmpty ? nil : try filter.tags.map { try Ledger.tagWord($0, field: "--tag") }

            var c = Conditions()
            f.addStanding(to: &c, "x")
            if let ids = f.vendorIds { c.add("x.vendor_id", in: ids) }
            if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
            f.addDateConditions(to: &c, "x")
            // With --tag, each kind keeps the records of its own kind that carry the tags.
            var pc = c
            try f.addTags(to: &pc, "x", .pursuit)
            let pursuits = try Pursuit.fetchAll(db, sql: "SELECT x.* FROM pursuits x" + pc.sql + " ORDER BY x.date_from, x.date_to, x.id",
                                                arguments: pc.arguments)
            try f.addTags(to: &c, "x", .award)
            // Only the awards listed are read: the largest by known US-dollar obligation, then by date.
            // Ranked on the covering index (ids only), then only those rows read: ranking whole rows read every
            // award of the scope from the table.
            let largestIds = try Int64.fetchAll(db, sql: "SELECT x.id FROM awards x" + c.sql + """
                 ORDER BY (x.currency = 'USD' AND x.obligated_cents IS NOT NULL) DESC, x.obligated_cents DESC,
                  x.date_from IS NULL, x.date_from, x.date_to, x.id LIMIT ?
                """, arguments: c.arguments + [limit ?? -1])
            let byId = try Ledger.awardsById(largestIds, in: db)
            let awards = largestIds.compactMap { byId[$0] }
            // Typed-in awards keep a mark each on the timeline; imported ones are drawn per fiscal year. One pass
            // over the scope's rows finds both and the imported files (each pass over a vendor's rows reads a
            // table page per award).
            let scan = try ReportSections.scan(c, in: db)
            let typedIn = try Ledger.awardsById(scan.typedIn, in: db).values.sorted {
                ($0.date?.first ?? "", $0.id ?? 0) < ($1.date?.first ?? "", $1.id ?? 0)
            }
            var dc = Conditions()
            f.addStanding(to: &dc, "x")
            Listings.linkConditions(f, &dc, table: "document_links", owner: "document_id")
            f.addDateConditions(to: &dc, "x")
            try f.addTags(to: &dc, "x", .document)
            let documents = try Ledger.fetchDocuments(db, sql: "SELECT x.* FROM documents x" + dc.sql + " ORDER BY x.date_from IS NULL, x.date_from, x.id",
                                                      arguments: dc.arguments)
            var ec = Conditions()
            f.addStanding(to: &ec, "x")
            Listings.linkConditions(f, &ec, table: "event_links", owner: "event_id")
            f.addDateConditions(to: &ec, "x")
            try f.addTags(to: &ec, "x", .event)
            let events = try Ledger.fetchEvents(db, sql: "SELECT x.* FROM events x" + ec.sql + " ORDER BY x.date_from, x.id",
                                                arguments: ec.arguments)

            var builder = ReportBuilder(db: db)
            let pursuitEntries = try pursuits.map { try builder.entry(for: $0) }
            let awardEntries = try awards.map { try builder.entry(for: $0) }
            for document in documents { _ = try builder.sources(.document, document.id!) }
            for event in events { _ = try builder.sources(.event, event.id!) }

            var timeline = builder.marks
            timeline += documents.compactMap { d in d.date.map { builder.mark($0, "document", d.id!, d.title) } }
            for award in typedIn {
                guard let date = award.date else { continue }
                _ = try builder.sources(.award, award.id!)
                let title = try builder.awardTitle(award)
                timeline.append(builder.mark(date, "award", award.id!, title))
            }
            timeline += events.map { builder.mark($0.date, "event", $0.id!, $0.title) }
            timeline += try ReportSections.importedPerFiscalYear(scan)
            let order = ["stage-change": 0, "document": 1, "award": 2, "imported-awards": 3, "event": 4]
            timeline.sort { ($0.first, $0.last, order[$0.kind]!, $0.ref) < ($1.first, $1.last, order[$1.kind]!, $1.ref) }

            let (people, replies) = try Ledger.reportPeople(pursuits, documents: documents, events: events, scope: f, in: db)
            let all = try ReportSections.count(c, in: db)
            let shownCents = awardEntries.reduce(Int64(0)) { sum, a in
                a.currency == "USD" ? sum.addingReportingOverflow(a.obligatedCents ?? 0).partialValue : sum
            }
            return Report(
                scope: scope,
                summary: try ReportSections.summary(f, filter, leadersAre: filter.agency == nil && f.vendorIds != nil ? "agencies" : "vendors", in: db),
                administrations: try ReportBuilder.summaries(pursuits: pursuits, awards: try Ledger.awardTotals(f, in: db),
                                                             documents: documents, events: events),
                fiscalYears: try ReportSections.fiscalYears(f, filter, in: db),
                comparison: try ReportSections.comparison(vendors, families, f, in: db, builder: &builder),
                pursuits: pursuitEntries, awards: awardEntries,
                awardsLeftOut: Report.AwardsLeftOut(awards: max(0, all.awards - awardEntries.count),
                                                    obligatedCents: all.obligatedCents - shownCents),
                timeline: timeline,
                sources: try builder.citedSources(),
                files: try ReportSections.files(scan, c, in: db),
                provenance: Report.Provenance(
                    generatedAt: Journal.timestamp(clock()),
                    filters: ReportBuilder.describe(filter, vendors: vendors) + (limit == 50 ? [] : ["--awards \(limit.map(String.init) ?? "all")"]),
                    journalSeq: head.seq, journalHash: head.hash,
                    verification: verification?.summary
                        ?? "not run for this report; 'govledger verify --at \(head.seq) \(head.hash)' checks this head",
                    intact: verification?.intact),
                people: people, replies: replies)
        }
    }

    /// The awards with these ids, read in batches of a few hundred.
    static func awardsById(_ ids: [Int64], in db: Database) throws -> [Int64: Award] {
        var awards: [Int64: Award] = [:]
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(ids.count, start + 500)])
            start += batch.count
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM awards WHERE id IN (" + batch.map { _ in "?" }.joined(separator: ",") + ")",
                                           arguments: StatementArguments(batch))
            while let row = try rows.next() {
                let award = try Award(storedRow: row)
                if let id = award.id { awards[id] = award }
            }
        }
        return awards
    }

    static func names(_ ids: [Int64]?, _ sql: String, _ db: Database) throws -> [String] {
        try (ids ?? []).compactMap { try String.fetchOne(db, sql: sql, arguments: [$0]) }
    }
}

/// Gathers the report's parts, remembering every source cited on the way.
struct ReportBuilder {
    let db: Database
    private var cited = Set<Int64>()
    /// Timeline marks for the stage changes seen so far.
    private(set) var marks: [Report.TimelineEntry] = []
    /// Names already read: a report on a large vendor names the same vendor and agencies thousands of times.
    private var vendorNames: [Int64: String] = [:]
    private var agencyNames: [Int64: String] = [:]
    /// The awards any citation names: the others need no query for their sources (most imported awards).
    private var citedAwards: Set<Int64>?

    init(db: Database) {
        self.db = db
    }

    mutating func vendorName(_ id: Int64) throws -> String {
        if let name = vendorNames[id] { return name }
        let name = try String.fetchOne(db, sql: "SELECT name FROM vendors WHERE id = ?", arguments: [id]) ?? ""
        vendorNames[id] = name
        return name
    }

    mutating func sources(_ kind: RecordKind, _ id: Int64) throws -> [String] {
        if kind == .award {
            if citedAwards == nil {
                citedAwards = Set(try Int64.fetchAll(db, sql: "SELECT award_id FROM citations WHERE award_id IS NOT NULL"))
            }
            guard citedAwards!.contains(id) else { return [] }
        }
        cited.formUnion(try Int64.fetchAll(db, sql: "SELECT source_id FROM citations WHERE \(kind.foreignKey) = ?",
                                           arguments: [id]))
        return try String.fetchAll(db, sql: Listings.sourcesSQL(kind.foreignKey), arguments: [id])
    }

    mutating func entry(for pursuit: Pursuit) throws -> Report.PursuitEntry {
        let id = pursuit.id!
        let history = try StageChange.fetchAll(db, sql: """
            SELECT * FROM stage_changes WHERE pursuit_id = ? AND retraction IS NULL ORDER BY date_from, date_to, id
            """, arguments: [id])
        marks += history.map { mark($0.date, "stage-change", $0.id!, "\(pursuit.title): \($0.stage.rawValue)") }
        let documents = try Ledger.fetchDocuments(db, sql: """
            SELECT d.* FROM documents d JOIN document_links l ON l.document_id = d.id WHERE l.pursuit_id = ? AND d.retraction IS NULL
            ORDER BY d.date_from IS NULL, d.date_from, d.id
            """, arguments: [id])
        return Report.PursuitEntry(
            id: id, title: pursuit.title,
            vendor: try vendorName(pursuit.vendorId),
            agency: try agencyName(pursuit.agencyId), kind: pursuit.kind, stage: pursuit.stage, date: pursuit.date.text,
            administration: pursuit.date.administrationText, estimatedValueCents: pursuit.estimatedValueCents,
            estimatedValueQualifier: pursuit.estimatedValueQualifier, currency: pursuit.currency,
            solicitation: try pursuit.solicitationId.flatMap {
                try String.fetchOne(db, sql: "SELECT title FROM solicitations WHERE id = ?", arguments: [$0])
            },
            summary: pursuit.summary,
            stageHistory: try history.map { change in
                Report.StageEntry(id: change.id!, date: change.date.text, administration: change.date.administrationText,
                                  stage: change.stage, note: change.note, sources: try sources(.stageChange, change.id!),
                                  quotes: try quotes(.stageChange, change.id!))
            },
            documents: try documents.map { document in
                Report.DocumentEntry(id: document.id!, kind: document.kind, title: document.title,
                                     date: document.date?.text, pages: document.pages,
                                     authorOrganization: document.authorOrganization,
                                     sources: try sources(.document, document.id!), quotes: try quotes(.document, document.id!),
                                     files: document.files.map { files in
                                         files.map { Report.FileEntry(sha256: $0.sha256, size: $0.size, mediaType: $0.mediaType) }
                                     })
            },
            sources: try sources(.pursuit, id), quotes: try quotes(.pursuit, id))
    }

    mutating func entry(for award: Award) throws -> Report.AwardEntry {
        Report.AwardEntry(
            id: award.id!,
            vendor: try vendorName(award.vendorId),
            agency: try agencyName(award.agencyId), piid: award.piid, description: award.description,
            date: award.date?.text, administration: award.date?.administration.label,
            obligatedCents: award.obligatedCents, currency: award.currency, permalink: award.permalink,
            imported: award.sourceFile != nil,
            sources: try sources(.award, award.id!), quotes: try quotes(.award, award.id!))
    }

    mutating func agencyName(_ id: Int64) throws -> String {
        if let name = agencyNames[id] { return name }
        let name = try String.fetchOne(db, sql: "SELECT ifnull(acronym, name) FROM agencies WHERE id = ?", arguments: [id]) ?? ""
        agencyNames[id] = name
        return name
    }

    mutating func awardTitle(_ award: Award) throws -> String {
        let vendor = try vendorName(award.vendorId)
        return "Award to \(vendor)" + (award.piid.map { " (\($0))" } ?? "") + (award.description.map { ": \($0)" } ?? "")
    }

    static func describe(_ filter: Filter, vendors: [String] = []) -> [String] {
        vendors.map { "--vendor \($0)" } + [("--vendor", vendors.isEmpty ? filter.vendor : nil), ("--agency", filter.agency), ("--administration", filter.administration?.slug),
         ("--since", filter.since?.text), ("--until", filter.until?.text)].compactMap { name, value in
            value.map { "\(name) \($0)" }
        } + filter.tags.map { "--tag \($0)" }
    }

    func mark(_ date: LedgerDate, _ kind: String, _ ref: Int64, _ title: String) -> Report.TimelineEntry {
        // A date open at its start is drawn at its known end, as one open at its end is drawn at its start: the
        // calendar's first day would stretch the timeline back to the year 1000.
        Report.TimelineEntry(date: date.text, first: date.isOpenStart ? date.last : date.first, last: date.last,
                             administration: date.administrationText, kind: kind, ref: ref, title: title)
    }

    /// The quotes and pages cited for a fact, news reports first (what a reporter wrote), then in citation order.
    /// A confidential source's quote is left out: its words could name it.
    mutating func quotes(_ kind: RecordKind, _ id: Int64) throws -> [Report.QuoteEntry] {
        if kind == .award {
            if citedAwards == nil {
                citedAwards = Set(try Int64.fetchAll(db, sql: "SELECT award_id FROM citations WHERE award_id IS NOT NULL"))
            }
            guard citedAwards!.contains(id) else { return [] }
        }
        return try Row.fetchAll(db, sql: """
            SELECT s.title || ifnull(' — ' || s.publisher, '') || ' (source ' || s.id || ')' AS label, s.id, c.quote, c.page
            FROM citations c JOIN sources s ON s.id = c.source_id
            WHERE c.\(kind.foreignKey) = ? AND s.retraction IS NULL AND NOT s.confidential
              AND (c.quote IS NOT NULL OR c.page IS NOT NULL)
            ORDER BY s.kind <> 'news-report', c.id
            """, arguments: [id]).map { row in
            Report.QuoteEntry(source: try row.decode(forColumn: "label"), sourceId: try row.decode(forColumn: "id"),
                              quote: try row.decode(forColumn: "quote"),
                              page: try row.decode(forColumn: "page"))
        }
    }

    func citedSources() throws -> [Report.SourceEntry] {
        try Source.fetchAll(db, keys: cited.sorted()).map(Redaction.redact).map { source in
            Report.SourceEntry(id: source.id!, kind: source.kind, title: source.title, publisher: source.publisher,
                               url: source.url, date: source.date?.text, confidential: source.confidential)
        }
    }

    /// The per-administration table: one row per administration with anything in scope, oldest first,
    /// then one row for facts whose dates straddle a transition.
    static func summaries(pursuits: [Pursuit], awards: [AwardTotals], documents: [Document], events: [Event]) throws
        -> [Report.AdministrationSummary]
    {
        // Undated facts and those before 1993 get rows of their own rather than silently dropping out.
        func key(_ date: LedgerDate?) -> String? { date.map { $0.administration.label ?? "before-1993" } ?? "undated" }
        var rows: [String: Report.AdministrationSummary] = [:]
        func row(_ label: String) -> Report.AdministrationSummary {
            rows[label] ?? {
                let administration = Administration.named(label)
                let names = ["ambiguous": "Straddles a transition", "undated": "Undated", "before-1993": "Before 1993"]
                return Report.AdministrationSummary(
                    administration: label, name: administration?.name ?? names[label] ?? label,
                    term: administration.map { $0.startsOn + ".." + ($0.endsOn == nil ? "" : $0.lastDay) },
                    pursuits: 0, pursuitsByStage: [], awards: 0, obligatedCents: 0, awardsWithUnknownValue: 0,
                    documents: 0, events: 0)
            }()
        }
        for pursuit in pursuits {
            guard let label = key(pursuit.date) else { continue }
            var summary = row(label)
            summary.pursuits += 1
            if let index = summary.pursuitsByStage.firstIndex(where: { $0.stage == pursuit.stage }) {
                summary.pursuitsByStage[index].count += 1
            } else {
                summary.pursuitsByStage.append(.init(stage: pursuit.stage, count: 1))
                summary.pursuitsByStage.sort { Stage.allCases.firstIndex(of: $0.stage)! < Stage.allCases.firstIndex(of: $1.stage)! }
            }
            rows[label] = summary
        }
        // The award columns, summed by SQLite (`awardTotals`).
        for total in awards {
            var summary = row(total.administration)
            summary.awards = total.awards
            summary.obligatedCents = total.obligatedCents
            summary.awardsWithUnknownValue = total.unknownValue
            summary.obligationsBasis = total.basis
            rows[total.administration] = summary
        }
        for label in documents.compactMap({ key($0.date) }) { var s = row(label); s.documents += 1; rows[label] = s }
        for label in events.compactMap({ key($0.date) }) { var s = row(label); s.events += 1; rows[label] = s }
        let order = ["before-1993"] + Administration.all.map(\.slug) + ["ambiguous", "undated"]
        return order.compactMap { rows[$0] }
    }
}

/// The awards of a scope in one administration (or `ambiguous`, `undated`, `before-1993`): how many, and
/// their known obligations in US dollars.
public struct AwardTotals: Sendable, Equatable, Encodable {
    /// An administration's slug, `ambiguous` (straddles a transition), `undated` or `before-1993`.
    public var administration: String
    public var awards: Int
    /// Sum of the known obligations in USD, in cents.
    public var obligatedCents: Int64
    /// Awards with no obligation recorded, or one in another currency.
    public var unknownValue: Int
    /// `transactions` or `both` when awards with imported transactions counted here by their action dates;
    /// nil when every award counted under its start date.
    public var basis: String?
}

extension Ledger {
    /// Awards and known obligations per administration for a scope — the awards columns of the report's
    /// per-administration table — summed by SQLite over the scope's index range instead of read award by
    /// award, so that a vendor with tens of thousands of awards still answers in milliseconds.
    public func awardTotals(_ filter: Filter) throws -> [AwardTotals] {
        try read { db in try Ledger.awardTotals(try ResolvedFilter(filter, in: db), in: db) }
    }

    /// `awardTotals(_:)` for a resolved scope inside a read already open (the report's snapshot).
    static func awardTotals(_ f: ResolvedFilter, in db: Database) throws -> [AwardTotals] {
        do {
            var c = Conditions()
            f.addStanding(to: &c, "x")
            if let ids = f.vendorIds { c.add("x.vendor_id", in: ids) }
            if let ids = f.agencyIds { c.add("x.agency_id", in: ids) }
            f.addDateConditions(to: &c, "x")
            // The administration of each award as `LedgerDate.administration` derives it, spelled out in SQL
            // from the fixed terms (contiguous from 1993 on) rather than looked up row by row.
            func label(_ first: String, _ last: String) -> String {
                var label = "CASE WHEN \(first) IS NULL THEN 'undated'"
                for administration in Administration.all {
                    label += " WHEN \(first) >= '\(administration.startsOn)'"
                        + (administration.endsOn.map { " AND \(last) < '\($0)'" } ?? "") + " THEN '\(administration.slug)'"
                }
                return label + " WHEN \(last) >= '\(Administration.all[0].startsOn)' THEN 'ambiguous' ELSE 'before-1993' END"
            }
            // Awards with transactions are dated by each action (see `totals`); a ledger without any runs only
            // the first query, over the covering indexes.
            let hasHistory = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM award_transactions)") ?? false
            if hasHistory { c.add("NOT EXISTS (SELECT 1 FROM award_transactions t WHERE t.award_id = x.id)") }
            var rows = try Row.fetchAll(db, sql: """
                SELECT \(label("x.date_from", "x.date_to")) AS label, count(*) AS awards,
                  ifnull(sum(CASE WHEN x.currency = 'USD' THEN x.obligated_cents END), 0) AS obligated,
                  sum(x.obligated_cents IS NULL OR x.currency <> 'USD') AS unknown, 0 AS history
                FROM awards x\(c.sql) GROUP BY label
                """, arguments: c.arguments)
            if hasHistory {
                var t = Conditions()
                if let ids = f.vendorIds { t.add("x.vendor_id", in: ids) }
                if let ids = f.agencyIds { t.add("x.agency_id", in: ids) }
                f.addDateConditions(to: &t, "t", "action_date")
                rows += try Row.fetchAll(db, sql: """
                    SELECT \(label("t.action_date_from", "t.action_date_to")) AS label, count(DISTINCT x.id) AS awards,
                      ifnull(sum(CASE WHEN t.currency = 'USD' THEN t.obligated_cents END), 0) AS obligated,
                      count(DISTINCT CASE WHEN t.obligated_cents IS NULL OR t.currency <> 'USD' THEN x.id END) AS unknown,
                      1 AS history
                    FROM award_transactions t JOIN awards x ON x.id = t.award_id\(t.sql) GROUP BY label
                    """, arguments: t.arguments)
            }
            var totals: [String: AwardTotals] = [:]
            for row in rows {
                let name: String = try row.decode(forColumn: "label")
                let history: Bool = try row.decode(forColumn: "history")
                var total = totals[name] ?? AwardTotals(administration: name, awards: 0, obligatedCents: 0, unknownValue: 0)
                total.awards += try row.decode(Int.self, forColumn: "awards")
                let (sum, overflow) = total.obligatedCents.addingReportingOverflow(try row.decode(forColumn: "obligated"))
                guard !overflow else {
                    throw LedgerError.refused("the obligations under \(Administration.named(name)?.name ?? name) exceed what 64-bit cents can hold (±$92,233,720,368,547,758.07)")
                }
                total.obligatedCents = sum
                total.unknownValue += try row.decode(Int.self, forColumn: "unknown")
                // The start-date rows come first: a transactions row meeting one makes the basis `both`.
                if history { total.basis = totals[name] == nil ? "transactions" : "both" }
                totals[name] = total
            }
            let order = ["before-1993"] + Administration.all.map(\.slug) + ["ambiguous", "undated"]
            return order.compactMap { totals[$0] }
        }
    }
}
