import GRDB

// How people name records on the command line: by id, name, alias, acronym, code, UEI or title.
// An unknown name suggests the nearest known ones; an ambiguous one lists every candidate.

extension Ledger {
    /// Resolves a vendor by id, UEI (any it holds), DUNS number, name or alias (case and punctuation do not
    /// matter). A merged vendor resolves to the one it was merged into; a retracted one is refused unless
    /// `standing` is false.
    static func vendorId(_ ref: String, field: String = "vendor", standing: Bool = true, in db: Database) throws -> Int64 {
        let id = try vendorIdAsRecorded(ref, field: field, in: db)
        if standing { try requireStanding(.vendor, id, field: field, ref: ref, in: db) }
        return id
    }

    private static func vendorIdAsRecorded(_ ref: String, field: String, in db: Database) throws -> Int64 {
        let text = try nonEmpty(ref, field: field, expected: "a vendor id, name, alias, UEI or DUNS number")
        // Nine digits are a DUNS number before they are an id (no ledger holds a hundred million vendors).
        if text.utf8.count == 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let id = try vendorHolding(.duns, text, in: db) {
            return try survivor(.vendor, id, in: db)
        }
        if let id = Int64(text) {
            if try Vendor.exists(db, key: id) { return try survivor(.vendor, id, in: db) }
            throw LedgerError.unknownReference(field: field, value: ref, suggestions: [])
        }
        // Any of its UEIs: its own, or one it held before (a vendor can hold several).
        if text.count == 12, let id = try vendorHolding(.uei, text.uppercased(), in: db) {
            return try survivor(.vendor, id, in: db)
        }
        let key = MatchKey.vendor(text)
        // A merged vendor's names are also its survivor's aliases: both answer, as one vendor.
        var ids: [Int64] = []
        for found in try Int64.fetchAll(db, sql: """
            SELECT id FROM vendors WHERE match_key = ?1
            UNION SELECT vendor_id FROM vendor_aliases WHERE match_key = ?1 ORDER BY 1
            """, arguments: [key]) {
            let id = try survivor(.vendor, found, in: db)
            if !ids.contains(id) { ids.append(id) }
        }
        // Retracted vendors do not compete with standing ones for a name.
        if ids.count > 1 {
            let standing = try ids.filter { try !isRetracted(.vendor, $0, in: db) }
            if !standing.isEmpty { ids = standing }
        }
        return try pick(ids, field: field, ref: ref, key: key, in: db, names: """
            SELECT name, match_key FROM vendors UNION ALL SELECT alias, match_key FROM vendor_aliases
            """, label: "SELECT name || ' (vendor ' || id || ')' FROM vendors WHERE id = ?", keyOf: MatchKey.vendor)
    }

    /// Resolves an agency by code (CGAC, FPDS, sub-tier, office), id, acronym or name. A merged agency resolves
    /// to the one it was merged into; a retracted one is refused unless `standing` is false.
    static func agencyId(_ ref: String, field: String = "agency", standing: Bool = true, in db: Database) throws -> Int64 {
        var id = try agencyIdAsRecorded(ref, field: field, in: db)
        id = try survivor(.agency, id, in: db)
        if standing { try requireStanding(.agency, id, field: field, ref: ref, in: db) }
        return id
    }

    private static func agencyIdAsRecorded(_ ref: String, field: String, in db: Database) throws -> Int64 {
        let text = try nonEmpty(ref, field: field, expected: "an agency id, name, acronym or code")
        let upper = text.uppercased()
        var coded = try Int64.fetchAll(db, sql: """
            SELECT id FROM agencies WHERE cgac_code = ?1 OR fpds_code = ?1 OR subtier_code = ?1 OR office_code = ?1
            ORDER BY id
            """, arguments: [upper])
        // A FREC code (DOL 1601) is often also a sub-tier or FPDS code; it names the toptier only when nothing else does.
        if coded.isEmpty {
            coded = try Int64.fetchAll(db, sql: "SELECT id FROM agencies WHERE frec_code = ?1", arguments: [upper])
        }
        if !coded.isEmpty {
            return try pick(coded, field: field, ref: ref, key: "", in: db, names: "SELECT name, match_key FROM agencies",
                            label: "SELECT name || ifnull(' (' || acronym || ')', '') || ' (agency ' || id || ')' FROM agencies WHERE id = ?",
                            keyOf: MatchKey.agency)
        }
        if let id = Int64(text) {
            if try Agency.exists(db, key: id) { return id }
            throw LedgerError.unknownReference(field: field, value: ref, suggestions: [])
        }
        var ids = try Int64.fetchAll(db, sql: "SELECT id FROM agencies WHERE upper(acronym) = ? ORDER BY id",
                                     arguments: [upper])
        let key = MatchKey.agency(text)
        if ids.isEmpty {
            ids = try Int64.fetchAll(db, sql: "SELECT id FROM agencies WHERE match_key = ? ORDER BY id", arguments: [key])
        }
        // "Immigration and Customs Enforcement" is "U.S. Immigration and Customs Enforcement": a name is found
        // without its "U.S." (and with one it lacks), when nothing answers to it as written.
        if ids.isEmpty {
            // Compared by its end, not by a LIKE pattern: a reference of any length is one comparison per agency.
            let bare = withoutUS(key)
            ids = try Row.fetchAll(db, sql: """
                SELECT id, match_key FROM agencies WHERE length(match_key) >= length(?1)
                  AND substr(match_key, length(match_key) - length(?1) + 1) = ?1 ORDER BY id
                """, arguments: [bare])
                .filter { withoutUS(try $0.decode(atIndex: 1) as String) == bare }.map { try $0.decode(atIndex: 0) as Int64 }
        }
        // A typed-in agency merged into a reference row answers as that row, once.
        var survivors: [Int64] = []
        for found in ids {
            let id = try survivor(.agency, found, in: db)
            if !survivors.contains(id) { survivors.append(id) }
        }
        ids = survivors
        return try pick(ids, field: field, ref: ref, key: key, in: db,
                        names: "SELECT name, match_key FROM agencies",
                        label: "SELECT name || ifnull(' (' || acronym || ')', '') || ' (agency ' || id || ')' FROM agencies WHERE id = ?",
                        keyOf: MatchKey.agency)
    }

    /// An agency's match key without a leading "u s", "us" or "united states".
    static func withoutUS(_ key: String) -> String {
        for prefix in ["u s ", "us ", "united states "] where key.hasPrefix(prefix) && key.count > prefix.count {
            return String(key.dropFirst(prefix.count))
        }
        return key
    }

    /// Resolves a record of any kind; titles are matched for the kinds that have them. A retracted record is
    /// refused unless `standing` is false (`restore`, `show --include-retracted`).
    static func recordId(_ kind: RecordKind, _ ref: String, field: String? = nil, standing: Bool = true,
                         in db: Database) throws -> Int64 {
        let field = field ?? kind.rawValue
        switch kind {
        case .vendor: return try vendorId(ref, field: field, standing: standing, in: db)
        case .agency: return try agencyId(ref, field: field, standing: standing, in: db)
        default: break
        }
        let id = try recordIdAsRecorded(kind, ref, field: field, in: db)
        if standing { try requireStanding(kind, id, field: field, ref: ref, in: db) }
        return id
    }

    /// Whether the record is retracted.
    static func isRetracted(_ kind: RecordKind, _ id: Int64, in db: Database) throws -> Bool {
        try Row.fetchOne(db, sql: "SELECT 1 FROM \(kind.table) WHERE id = ? AND retraction IS NOT NULL", arguments: [id]) != nil
    }

    /// Refuses a retracted record where a standing one is needed, saying how to bring it back. The reason is not
    /// quoted: a retracted confidential source's reason may name it.
    static func requireStanding(_ kind: RecordKind, _ id: Int64, field: String, ref: String, in db: Database) throws {
        guard try isRetracted(kind, id, in: db) else { return }
        throw LedgerError.invalidValue(
            field: field, value: ref,
            expected: "a record that stands; \(kind.rawValue) \(id) is retracted ('govledger restore \(kind.rawValue) \(id)' brings it back)")
    }

    /// The vendor or agency a merged one became, following merges (the schema forbids cycles; the bound is a
    /// second guard against a ledger edited behind the journal's back).
    static func survivor(_ kind: RecordKind, _ id: Int64, in db: Database) throws -> Int64 {
        var current = id
        for _ in 0..<64 {
            // A cached statement: an import asks this three times per award.
            guard let next = try Int64.fetchOne(db.cachedStatement(sql: "SELECT merged_into_id FROM \(kind.table) WHERE id = ?"),
                                                arguments: [current]) else { return current }
            current = next
        }
        throw LedgerError.refused("\(kind.rawValue) \(id) is merged in a loop; run 'govledger verify'")
    }

    private static func recordIdAsRecorded(_ kind: RecordKind, _ ref: String, field: String, in db: Database) throws -> Int64 {
        let text = try nonEmpty(ref, field: field, expected: "a \(kind.rawValue) id or title")
        if let id = Int64(text) {
            if try Row.fetchOne(db, sql: "SELECT 1 FROM \(kind.table) WHERE id = ?", arguments: [id]) != nil {
                return id
            }
            throw LedgerError.unknownReference(field: field, value: ref, suggestions: [])
        }
        // A stage change or a request has no title: only its id names it.
        if kind == .stageChange || kind == .request { throw LedgerError.unknownReference(field: field, value: ref, suggestions: []) }
        let (match, label): (String, String) = switch kind {
        case .source:
            // A confidential source answers to its id only, so that guessing its title confirms nothing.
            ("lower(title) = lower(?1) AND confidential = 0",
             "CASE WHEN confidential THEN '\(Redaction.placeholder)' ELSE title END || ' (source ' || id || ')'")
        case .solicitation: ("lower(title) = lower(?1) OR notice_id = ?1 OR solicitation_number = ?1",
                             "title || ' (solicitation ' || id || ')'")
        case .award: ("award_key = ?1 OR piid = ?1", "ifnull(piid, award_key) || ' (award ' || id || ')'")
        // A confidential source's person answers to their id only, as the source does.
        case .person: ("lower(name) = lower(?1) AND id NOT IN (\(confidentialPeople))", "name || ' (person ' || id || ')'")
        default: ("lower(title) = lower(?1)", "title || ' (\(kind.rawValue) ' || id || ')'")
        }
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM \(kind.table) WHERE \(match) ORDER BY id",
                                     arguments: [text])
        if ids.count == 1 { return ids[0] }
        if ids.isEmpty { throw LedgerError.unknownReference(field: field, value: ref, suggestions: []) }
        let labels = try ids.map { try String.fetchOne(db, sql: "SELECT \(label) FROM \(kind.table) WHERE id = ?",
                                                       arguments: [$0]) ?? "\($0)" }
        throw LedgerError.ambiguousReference(field: field, value: ref, candidates: labels)
    }

    /// The vendor and its subsidiaries, at any depth.
    static func vendorFamily(_ id: Int64, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            WITH RECURSIVE family(id) AS (SELECT ? UNION SELECT v.id FROM vendors v JOIN family f ON v.parent_id = f.id)
            SELECT id FROM family ORDER BY id
            """, arguments: [id])
    }

    /// The agency and everything beneath it (DHS includes ICE and CBP).
    static func agencySubtree(_ id: Int64, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT a.id FROM agencies a JOIN tree t ON a.parent_id = t.id)
            SELECT id FROM tree ORDER BY id
            """, arguments: [id])
    }

    private static func nonEmpty(_ ref: String, field: String, expected: String) throws -> String {
        let text = ref.trimmingSpaces
        guard !text.isEmpty else { throw LedgerError.invalidValue(field: field, value: ref, expected: expected) }
        return text
    }

    private static func pick(_ ids: [Int64], field: String, ref: String, key: String, in db: Database,
                             names: String, label: String, keyOf: (String) -> String) throws -> Int64 {
        if ids.count == 1 { return ids[0] }
        if ids.count > 1 {
            let labels = try ids.map { try String.fetchOne(db, sql: label, arguments: [$0]) ?? "\($0)" }
            throw LedgerError.ambiguousReference(field: field, value: ref, candidates: labels)
        }
        let known = try Row.fetchAll(db, sql: names).map { (name: (try $0.decode(atIndex: 0)) as String, key: (try $0.decode(atIndex: 1)) as String) }
        throw LedgerError.unknownReference(field: field, value: ref, suggestions: nearest(key, in: known))
    }

    /// Up to three known names closest to `key`: containing it, or within a few edits of it.
    /// A name longer than any record's cannot be near one: beyond `longestName` nothing is compared, so a
    /// 120,000-character reference is answered at once instead of after 1,500 quadratic edit distances.
    static func nearest(_ key: String, in known: [(name: String, key: String)]) -> [String] {
        let longestName = 1_000
        guard !key.isEmpty, key.utf8.count <= longestName else { return [] }
        let scored = known.compactMap { entry -> (Int, String)? in
            if entry.key.contains(key) || (!entry.key.isEmpty && key.contains(entry.key)) { return (0, entry.name) }
            let limit = max(2, key.count / 3)
            // Lengths alone bound the distance from below: skip what cannot be within the limit.
            guard abs(entry.key.utf8.count - key.utf8.count) <= limit else { return nil }
            let distance = editDistance(key, entry.key)
            return distance <= limit ? (distance, entry.name) : nil
        }
        var seen = Set<String>()
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1).filter { seen.insert($0).inserted }.prefix(3)
            .map { $0 }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
