import GRDB

/// How serious a finding is. `check` exits 1 when any finding is an error.
public enum Severity: String, Codable, Sendable, Comparable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem a check found.
public struct Finding: Sendable, Hashable, Encodable {
    public var check: String
    public var severity: Severity
    public var kind: String
    public var ref: Int64
    public var message: String
}

/// The data-quality audit: small named checks, run in this order.
public enum Checks {
    /// The checks, in the order `check` runs them (documented in docs/journal-and-verify.md).
    public static let names = ["stage-mismatch", "unsourced-facts", "confidential-only", "stale-pursuits",
                               "stage-regressions", "straddling-dates", "award-obligations", "duplicate-vendors",
                               "orphan-documents", "reply-missing"]
}

extension Ledger {
    /// Runs every check; `today` is the date stale pursuits are measured from.
    public func check(staleDays: Int = 180, today: CalendarDay) throws -> [Finding] {
        guard (0...36_500).contains(staleDays) else {
            throw LedgerError.invalidValue(field: "--stale-days", value: "\(staleDays)", expected: "a number of days from 0 to 36500")
        }
        return try read { db in
            var findings: [Finding] = []
            findings += try Ledger.stageMismatch(db)
            findings += try Ledger.unsourcedFacts(db)
            findings += try Ledger.confidentialOnly(db)
            findings += try Ledger.stalePursuits(db, cutoff: today.adding(days: -staleDays))
            findings += try Ledger.stageRegressions(db)
            findings += try Ledger.straddlingDates(db)
            findings += try Ledger.awardObligations(db)
            findings += try Ledger.duplicateVendors(db)
            findings += try Ledger.orphanDocuments(db)
            findings += try Ledger.replyMissing(db, today: today)
            // Retracted records, and merged vendors and agencies, are not part of the record being checked.
            return try findings.filter { finding in
                guard let kind = RecordKind(rawValue: finding.kind) else { return true }
                let merged = kind == .vendor || kind == .agency ? " OR merged_into_id IS NOT NULL" : ""
                return try Row.fetchOne(db, sql: "SELECT 1 FROM \(kind.table) WHERE id = ? AND (retraction IS NOT NULL\(merged))",
                                        arguments: [finding.ref]) == nil
            }
        }
    }

    /// Findings as rows for the renderer.
    public static func table(_ findings: [Finding]) -> Table {
        Table(columns: ["check", "severity", "kind", "ref", "message"], rows: findings.map {
            [.text($0.check), .text($0.severity.rawValue), .text($0.kind), .int($0.ref), .text($0.message)]
        })
    }

    private static func findings(_ db: Database, _ check: String, _ severity: Severity, _ kind: String,
                                 _ sql: String, _ message: (Row) throws -> String) throws -> [Finding] {
        try Row.fetchAll(db, sql: sql).map {
            Finding(check: check, severity: severity, kind: kind, ref: (try $0.decode(forColumn: "id")), message: try message($0))
        }
    }

    /// A pursuit whose stage is not its latest stage change's: the ledger's own invariant is broken.
    static func stageMismatch(_ db: Database) throws -> [Finding] {
        try findings(db, "stage-mismatch", .error, "pursuit", """
            SELECT p.id, p.stage, (SELECT stage FROM stage_changes WHERE pursuit_id = p.id AND retraction IS NULL
              ORDER BY date_from DESC, date_to DESC, id DESC LIMIT 1) AS latest FROM pursuits p
            WHERE latest IS NULL OR latest <> p.stage ORDER BY p.id
            """) { "stage is \((try $0.decode(forColumn: "stage")) as String) but the latest stage change says \((try $0.decode(forColumn: "latest")) as String? ?? "nothing")" }
    }

    /// Facts no source backs. Awards with a USAspending permalink carry their own provenance, and so do agencies
    /// as the agency reference seeded them (no journal entry of their own: nobody has recorded or changed them).
    static func unsourcedFacts(_ db: Database) throws -> [Finding] {
        var result: [Finding] = []
        let kinds: [(RecordKind, Severity, String)] = [
            (.pursuit, .warning, ""), (.document, .warning, ""), (.event, .warning, ""), (.solicitation, .warning, ""),
            (.award, .warning, " AND x.permalink IS NULL"), (.vendor, .info, ""),
            (.agency, .info, " AND EXISTS (SELECT 1 FROM journal j WHERE j.kind = 'agency' AND j.record_id = x.id)"),
        ]
        for (kind, severity, extra) in kinds {
            result += try findings(db, "unsourced-facts", severity, kind.rawValue, """
                SELECT x.id FROM \(kind.table) x WHERE NOT EXISTS (SELECT 1 FROM citations c WHERE c.\(kind.foreignKey) = x.id)\(extra)
                ORDER BY x.id
                """) { _ in "cites no source" }
        }
        return result
    }

    /// Facts whose only sources are confidential: nothing that can be published backs them.
    static func confidentialOnly(_ db: Database) throws -> [Finding] {
        var result: [Finding] = []
        for kind in RecordKind.citable {
            result += try findings(db, "confidential-only", .warning, kind.rawValue, """
                SELECT x.id FROM \(kind.table) x WHERE EXISTS (SELECT 1 FROM citations c WHERE c.\(kind.foreignKey) = x.id)
                AND NOT EXISTS (SELECT 1 FROM citations c JOIN sources s ON s.id = c.source_id
                                WHERE c.\(kind.foreignKey) = x.id AND s.confidential = 0)
                ORDER BY x.id
                """) { _ in "cited only by confidential sources" }
        }
        return result
    }

    /// Open pursuits whose last stage change is older than the cutoff.
    static func stalePursuits(_ db: Database, cutoff: CalendarDay) throws -> [Finding] {
        let open = Stage.allCases.filter { !$0.isTerminal }.map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try Row.fetchAll(db, sql: """
            SELECT p.id, p.stage, max(s.date_to) AS last FROM pursuits p JOIN stage_changes s ON s.pursuit_id = p.id AND s.retraction IS NULL
            WHERE p.stage IN (\(open)) GROUP BY p.id HAVING last < ? ORDER BY p.id
            """, arguments: [cutoff.iso]).map {
            Finding(check: "stale-pursuits", severity: .warning, kind: "pursuit", ref: (try $0.decode(forColumn: "id")),
                    message: "still \((try $0.decode(forColumn: "stage")) as String), no stage change since \((try $0.decode(forColumn: "last")) as String)")
        }
    }

    /// A stage change that goes back in the lifecycle (or reopens a finished pursuit) with no note saying why.
    static func stageRegressions(_ db: Database) throws -> [Finding] {
        let changes = try StageChange.fetchAll(db, sql: "SELECT * FROM stage_changes WHERE retraction IS NULL ORDER BY pursuit_id, date_from, date_to, id")
        func rank(_ stage: Stage) -> Int { stage.isTerminal ? 10 : Stage.allCases.firstIndex(of: stage)! }
        var result: [Finding] = []
        for (previous, change) in zip(changes, changes.dropFirst()) where previous.pursuitId == change.pursuitId {
            if rank(change.stage) < rank(previous.stage), change.note == nil {
                result.append(Finding(check: "stage-regressions", severity: .warning, kind: "stage-change",
                                      ref: change.id!, message: "goes back from \(previous.stage.rawValue) to \(change.stage.rawValue) without a note"))
            }
        }
        return result
    }

    /// Dates whose range straddles an administration transition.
    static func straddlingDates(_ db: Database) throws -> [Finding] {
        let columns: [(String, String, String)] = [
            ("pursuit", "pursuits", "date"), ("stage-change", "stage_changes", "date"), ("document", "documents", "date"),
            ("award", "awards", "date"), ("event", "events", "date"), ("solicitation", "solicitations", "posted"),
            ("source", "sources", "date"),
        ]
        var result: [Finding] = []
        for (kind, table, column) in columns {
            for row in try Row.fetchAll(db, sql: "SELECT id, \(column) AS d, \(column)_from AS f, \(column)_to AS t FROM \(table) WHERE \(column) IS NOT NULL ORDER BY id") {
                let text: String = try row.decode(forColumn: "d")
                // A president's name (`trump`) may be only that president's terms, never the ones between them.
                if let set = AdministrationSet.named(text), set.terms.count > 1 {
                    result.append(Finding(check: "straddling-dates", severity: .warning, kind: kind, ref: (try row.decode(forColumn: "id")),
                                          message: "\(text) may be " + set.terms.map(\.slug).joined(separator: " or ") + " (name the term)"))
                    continue
                }
                guard case .ambiguous(let terms) = AdministrationMatch(first: (try row.decode(forColumn: "f")), last: (try row.decode(forColumn: "t"))) else { continue }
                result.append(Finding(check: "straddling-dates", severity: .warning, kind: kind, ref: (try row.decode(forColumn: "id")),
                                      message: "\(text) straddles " + terms.map(\.slug).joined(separator: " and ")))
            }
        }
        return result
    }

    /// Awards with a negative total obligation, or none recorded.
    static func awardObligations(_ db: Database) throws -> [Finding] {
        try findings(db, "award-obligations", .warning, "award",
                     "SELECT id, obligated_cents FROM awards WHERE obligated_cents < 0 ORDER BY id") {
            "obligation is negative (\(Money.format(cents: (try $0.decode(forColumn: "obligated_cents")), currency: "USD")))"
        } + (try findings(db, "award-obligations", .info, "award",
                     "SELECT id FROM awards WHERE obligated_cents IS NULL ORDER BY id") { _ in "obligation unknown" })
    }

    /// Vendors whose names normalise alike (or match another's alias) without being linked as parent and child,
    /// and not judged different (`judge A B different`).
    static func duplicateVendors(_ db: Database) throws -> [Finding] {
        // Pairs are found by blocking on the match key (two vendors with one key, or an alias with another's
        // key), each an indexed equi-join, rather than by comparing every vendor with every other (O(n²): `check`
        // on the 3,258 vendors of three real USAspending files took 11.2 s in a debug build, now 1.5 s).
        try findings(db, "duplicate-vendors", .warning, "vendor", """
            WITH pairs(lo, hi) AS (
              SELECT a.id, b.id FROM vendors a JOIN vendors b ON b.match_key = a.match_key AND b.id > a.id
              UNION
              SELECT min(x.vendor_id, w.id), max(x.vendor_id, w.id)
              FROM vendor_aliases x JOIN vendors w ON w.match_key = x.match_key AND w.id <> x.vendor_id)
            SELECT b.id, a.id AS other, a.name AS other_name
            FROM pairs p JOIN vendors a ON a.id = p.lo JOIN vendors b ON b.id = p.hi
            WHERE ifnull(a.parent_id, 0) <> b.id AND ifnull(b.parent_id, 0) <> a.id
              AND a.merged_into_id IS NULL AND b.merged_into_id IS NULL AND a.retraction IS NULL AND b.retraction IS NULL
              AND NOT EXISTS (SELECT 1 FROM judgements j WHERE j.verdict = 'different'
                AND min(j.vendor_id, j.other_vendor_id) = a.id AND max(j.vendor_id, j.other_vendor_id) = b.id)
            ORDER BY b.id, a.id
            """) { "looks like vendor \((try $0.decode(forColumn: "other")) as Int64) (\((try $0.decode(forColumn: "other_name")) as String)); link them or merge them" }
    }

    /// Documents that concern nothing and that no source is cited for.
    static func orphanDocuments(_ db: Database) throws -> [Finding] {
        try findings(db, "orphan-documents", .warning, "document", """
            SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_links l WHERE l.document_id = d.id)
            AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.document_id = d.id) ORDER BY d.id
            """) { _ in "linked to nothing and cited by nothing" }
    }
}

extension Ledger {
    /// Right of reply: a vendor or agency with a standing pursuit that was never asked for comment, and a request
    /// whose deadline has passed with no answer recorded. A warning: the story may not be ready to run.
    static func replyMissing(_ db: Database, today: CalendarDay) throws -> [Finding] {
        var found: [Finding] = []
        for (kind, table, label) in [("vendor", "vendors", "name"), ("agency", "agencies", "ifnull(acronym, name)")] {
            found += try findings(db, "reply-missing", .warning, kind, """
                SELECT x.id, \(label) AS label,
                  (SELECT count(*) FROM pursuits p WHERE p.\(kind)_id = x.id AND p.retraction IS NULL) AS pursuits
                FROM \(table) x
                WHERE x.retraction IS NULL AND x.merged_into_id IS NULL
                  AND EXISTS (SELECT 1 FROM pursuits p WHERE p.\(kind)_id = x.id AND p.retraction IS NULL)
                  AND NOT EXISTS (SELECT 1 FROM reply_requests r WHERE r.\(kind)_id = x.id AND r.retraction IS NULL)
                ORDER BY x.id
                """) { row in
                let count: Int = try row.decode(forColumn: "pursuits")
                let name: String = try row.decode(forColumn: "label")
                return "\(name) has \(count) pursuit\(count == 1 ? "" : "s") and was never asked for comment ('govledger ask')"
            }
        }
        let day = today.iso
        found += try Row.fetchAll(db, sql: """
            SELECT r.id, r.deadline,
              r.vendor_id IS NULL AND r.agency_id IS NULL AND r.person_id IN (\(Ledger.confidentialPeople)) AS secret
            FROM reply_requests r
            WHERE r.retraction IS NULL AND r.outcome IS NULL AND r.deadline_to < ?
            ORDER BY r.id
            """, arguments: [day]).map { row in
            let id: Int64 = try row.decode(forColumn: "id")
            let deadline: String = try row.decode(forColumn: "deadline")
            // A request to a confidential source's person is overdue too: said so, without naming them.
            let secret: Bool = try row.decode(forColumn: "secret")
            return Finding(check: "reply-missing", severity: .warning, kind: "request", ref: id,
                           message: (secret ? "request \(id) (to a confidential person): " : "")
                               + "the deadline \(deadline) passed with no answer recorded ('govledger reply \(id) --no-response' if none came)")
        }
        return found
    }
}

extension CalendarDay {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        var (y, m) = (year, month)
        if m <= 2 { y -= 1; m += 12 }
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + (153 * (m - 3) + 2) / 5 + day - 1
        return era * 146097 + doe - 719468
    }

    /// The day with this number of days since 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: doy - (153 * mp + 2) / 5 + 1)
    }

    /// The day `days` later (or earlier, when negative).
    public func adding(days: Int) -> CalendarDay {
        CalendarDay(dayNumber: dayNumber + days)
    }
}
