import Crypto
import Foundation
import GRDB

/// Builds a `LedgerDiff` from the journal, kind by kind and in batches of ids, so that a diff across an import
/// of 200,000 awards holds ids and counts, not every image at once.
///
/// A record's state at the baseline is the latest image journaled at or before it (for an agency, the seed's
/// image if later). Awards and notices a bulk import wrote have no image of their own (Audit/BulkJournal.swift):
/// they are found the way `verify` finds them, by `import_seq` and the `released` lists of later entries, and
/// their state at the baseline is known only as a hash, which an image journaled later (a hand edit releasing
/// it) may be found to match. Their state now is their row, which `verify` holds to the import's digest.
struct DiffBuilder {
    let db: Database
    let since: Int64
    let limit: Int?
    let includeConfidential: Bool
    /// `diff --tag`: only records tagged (now) with every one of these words; empty for every record.
    var tags: [String] = []
    /// Sources whose citations' quotes are withheld.
    let confidentialSources: Set<Int64>
    /// People who are confidential sources' identities, and requests made to them alone: masked as `journal` masks them.
    let confidentialPeople: Set<Int64>
    let confidentialRequests: Set<Int64>
    /// Requests naming a confidential source's person at all: their retraction reasons are withheld.
    let requestsToConfidentialPeople: Set<Int64>
    /// Per bulk kind, the records written by imports after the baseline, with those imports' entries.
    var bulkTouched: [JournaledKind: [Int64: [Int64]]] = [:]
    /// Per bulk kind, the hash of each such record as an import at or before the baseline last wrote it.
    var bulkBaseline: [JournaledKind: [Int64: (from: Int64, hash: String)]] = [:]
    var imports: [LedgerDiff.Import] = []

    /// What a citation of a confidential source shows for its quote.
    static let withheldQuote = "[quote withheld: confidential source]"
    /// What stands for a bulk-imported record's old values.
    static let notJournaled = "[earlier values not journaled: written by a bulk import]"

    init(_ db: Database, since: Int64, limit: Int?, includeConfidential: Bool) throws {
        self.db = db
        self.since = since
        self.limit = limit
        self.includeConfidential = includeConfidential
        confidentialSources = Set(try Int64.fetchAll(db, sql: "SELECT id FROM sources WHERE confidential = 1"))
        confidentialPeople = Set(try Int64.fetchAll(db, sql: Ledger.confidentialPeople))
        confidentialRequests = Set(try Int64.fetchAll(db, sql: Redaction.confidentialRequests))
        requestsToConfidentialPeople = Set(try Int64.fetchAll(db, sql: Redaction.requestsToConfidentialPeople))
    }

    mutating func build() throws -> LedgerDiff {
        let head = try Journal.head(db)
        guard since >= 0, since <= head.seq else {
            throw LedgerError.invalidValue(field: "SEQ", value: String(since),
                                           expected: "a journal entry from 0 to the head, \(head.seq)")
        }
        let sinceHash = since == 0 ? JournalEntry.genesis
            : try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE seq = ?", arguments: [since]) ?? JournalEntry.genesis
        try readImports()
        var counts: [LedgerDiff.Count] = []
        var records: [LedgerDiff.Record] = []
        var omitted = 0
        for kind in JournaledKind.allCases {
            var touched = try individuallyTouched(kind)
            for (id, seqs) in bulkTouched[kind] ?? [:] { touched[id, default: []] += seqs }
            if !tags.isEmpty {
                // Kinds that cannot be tagged (citations, tags and notes themselves, people) have no tagged records.
                var tagged: Set<Int64>?
                for word in tags {
                    let ids = Set(try Int64.fetchAll(db, sql: "SELECT record_id FROM tags WHERE record_kind = ? AND word = ?",
                                                     arguments: [kind.rawValue, word]))
                    tagged = tagged.map { $0.intersection(ids) } ?? ids
                }
                touched = touched.filter { tagged?.contains($0.key) ?? false }
            }
            var byChange: [LedgerDiff.Change: Int] = [:]
            let ids = touched.keys.sorted()
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                for var record in try compare(kind, chunk) {
                    record.entries = Array(Set(touched[record.id] ?? [])).sorted()
                    byChange[record.change, default: 0] += 1
                    if let limit, records.count >= limit { omitted += 1 } else { records.append(record) }
                }
            }
            for change in LedgerDiff.Change.allCases {
                if let count = byChange[change] { counts.append(.init(kind: kind.rawValue, change: change, count: count)) }
            }
        }
        return LedgerDiff(sinceSeq: since, sinceHash: sinceHash, headSeq: head.seq, headHash: head.hash,
                          counts: counts, records: records, omitted: omitted, imports: tags.isEmpty ? imports : [])
    }

    /// Records of `kind` that journal entries after the baseline name (a seed entry names the agencies it wrote).
    func individuallyTouched(_ kind: JournaledKind) throws -> [Int64: [Int64]] {
        var touched: [Int64: [Int64]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT record_id, seq FROM journal WHERE kind = ? AND seq > ? AND record_id IS NOT NULL
            """, arguments: [kind.rawValue, since])
        while let row = try rows.next() {
            touched[try row.decode(forColumn: "record_id"), default: []].append(try row.decode(forColumn: "seq"))
        }
        if kind == .agency {
            for seq in try Int64.fetchAll(db, sql: "SELECT seq FROM journal WHERE kind = ? AND seq > ?", arguments: [Seed.kind, since]) {
                for id in try Seed.images(seq: seq, in: db).keys { touched[id, default: []].append(seq) }
            }
        }
        return touched
    }

    /// Reads every import entry: which bulk-written records changed after the baseline, and what they were at it.
    mutating func readImports() throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, after FROM journal WHERE kind = 'import' ORDER BY seq")
        while let row = try rows.next() {
            let seq: Int64 = try row.decode(forColumn: "seq")
            guard let after: String = try row.decode(forColumn: "after") else { continue }
            let recorded = try BulkJournal.Recorded(after)
            for (kind, released) in [(JournaledKind.award, recorded.released), (.solicitation, recorded.solicitationsReleased)] {
                for (from, pairs) in released {
                    for pair in pairs {
                        if from > since {
                            bulkTouched[kind, default: [:]][pair.id, default: []].append(from)
                        } else if seq > since, (bulkBaseline[kind]?[pair.id]?.from ?? 0) <= from {
                            bulkBaseline[kind, default: [:]][pair.id] = (from, pair.hash)
                        }
                    }
                }
            }
            guard seq > since else { continue }
            let members = try JSONValue(parsing: after).members
            guard case .string(let file)? = members["file"], case .string(let sha256)? = members["sha256"] else { continue }
            func count(_ key: String) -> Int { if case .int(let value)? = members[key] { Int(value) } else { 0 } }
            if count("awards") > 0 || members["solicitations"] == nil {
                imports.append(.init(seq: seq, file: file, sha256: sha256, kind: "award",
                                     added: count("added"), updated: count("updated")))
            }
            if members["solicitations"] != nil {
                imports.append(.init(seq: seq, file: file, sha256: sha256, kind: "solicitation",
                                     added: count("solicitations_added"), updated: count("solicitations_updated")))
            }
        }
        for kind in [JournaledKind.award, .solicitation] {
            let rows = try Row.fetchCursor(db, sql: "SELECT id, import_seq FROM \(kind.table) WHERE import_seq > ?",
                                           arguments: [since])
            while let row = try rows.next() {
                bulkTouched[kind, default: [:]][try row.decode(forColumn: "id"), default: []]
                    .append(try row.decode(forColumn: "import_seq"))
            }
        }
    }

    /// The journal's `after` images of records `ids` of `kind`, the latest at or before `through` (or the
    /// earliest after `after`), with their entries' seqs.
    func journaled(_ kind: JournaledKind, _ ids: [Int64], through: Int64? = nil, after: Int64? = nil) throws
        -> [Int64: (seq: Int64, image: String?)]
    {
        guard !ids.isEmpty else { return [:] }
        let marks = ids.map { _ in "?" }.joined(separator: ",")
        var arguments = StatementArguments([kind.rawValue]) + StatementArguments(ids)
        let bound: String
        if let through {
            bound = "AND seq <= ?"
            arguments += [through]
        } else if let after {
            bound = "AND seq > ?"
            arguments += [after]
        } else {
            bound = ""
        }
        // SQLite's bare-column rule: with max(seq) or min(seq), `after` comes from the row holding it.
        let rows = try Row.fetchAll(db, sql: """
            SELECT record_id, after, \(after == nil ? "max" : "min")(seq) AS seq FROM journal
            WHERE kind = ? AND record_id IN (\(marks)) \(bound) GROUP BY record_id
            """, arguments: arguments)
        var images: [Int64: (seq: Int64, image: String?)] = [:]
        for row in rows { images[try row.decode(forColumn: "record_id")] = (try row.decode(forColumn: "seq"), try row.decode(forColumn: "after")) }
        return images
    }

    /// The seed images at or before the baseline (the latest seed wins), read once.
    lazy var seededAtBaseline: [Int64: (seq: Int64, image: String)] = {
        var images: [Int64: (seq: Int64, image: String)] = [:]
        let seqs = (try? Int64.fetchAll(db, sql: "SELECT seq FROM journal WHERE kind = ? AND seq <= ? ORDER BY seq",
                                        arguments: [Seed.kind, since])) ?? []
        for seq in seqs { for (id, image) in (try? Seed.images(seq: seq, in: db)) ?? [:] { images[id] = (seq, image) } }
        return images
    }()

    /// The records among `ids` that differ between the baseline and now.
    mutating func compare(_ kind: JournaledKind, _ ids: [Int64]) throws -> [LedgerDiff.Record] {
        let bulk = kind == .award || kind == .solicitation
        var before = try journaled(kind, ids, through: since)
        if kind == .agency {
            for id in ids {
                if let seeded = seededAtBaseline[id], seeded.seq > (before[id]?.seq ?? 0) { before[id] = (seeded.seq, seeded.image) }
            }
        }
        var now: [Int64: String] = [:]
        var added: [Int64: String?] = [:]
        if bulk {
            // A record new since the baseline needs only its label, read from its columns: building 200,000
            // canonical images to say "added" is most of the time a diff across a large import would take.
            let compared = ids.filter { before[$0] != nil || bulkBaseline[kind]?[$0] != nil }
            now = try kind.images(ids: compared, in: db)
            added = try Self.labels(kind, ids.filter { before[$0] == nil && bulkBaseline[kind]?[$0] == nil }, in: db)
        } else {
            now = try Journal.latestImages(db, kind: kind.rawValue, ids: ids)
        }
        let resolvable = ids.filter { bulkBaseline[kind]?[$0] != nil }
        let firstAfter = bulk ? try journaled(kind, resolvable, after: since) : [:]
        var records: [LedgerDiff.Record] = []
        for id in ids {
            if let label = added[id] {
                records.append(.init(kind: kind.rawValue, id: id, label: label, change: .added, fields: [], entries: [],
                                     earlierValuesUnknown: false))
                continue
            }
            var old = before[id]?.image
            var unknown = false
            if bulk, let imported = bulkBaseline[kind]?[id], imported.from > (before[id]?.seq ?? 0) {
                // An import at or before the baseline wrote it last: its image then is known by its hash only.
                let candidates = [firstAfter[id]?.image, old].compactMap { $0 }
                old = candidates.first { Self.bulkHash(kind, id, $0) == imported.hash }
                unknown = old == nil
            }
            if let record = try Self.compare(kind, id, before: old, unknown: unknown, now: now[id],
                                             mask: { try mask(kind, id, $0) }) {
                records.append(record)
            }
        }
        return records
    }

    /// The labels of bulk-written records `ids` that exist, by id, from the columns `label` reads.
    static func labels(_ kind: JournaledKind, _ ids: [Int64], in db: Database) throws -> [Int64: String?] {
        guard !ids.isEmpty else { return [:] }
        let columns = kind == .award ? ["piid", "award_key", "description"] : ["title", "notice_id"]
        var labels: [Int64: String?] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, \(columns.joined(separator: ", ")) FROM \(kind.table)
            WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
            """, arguments: StatementArguments(ids))
        while let row = try rows.next() {
            var members: [String: JSONValue] = [:]
            for column in columns { if let text: String = try row.decode(forColumn: column) { members[column] = .string(text) } }
            labels[try row.decode(forColumn: "id")] = label(kind, members)
        }
        return labels
    }

    /// `H` as an import's digest computes it for one record.
    static func bulkHash(_ kind: JournaledKind, _ id: Int64, _ image: String) -> String {
        let prefix = kind == .award ? "award/" : "solicitation/"
        return BulkJournal.hex(SHA256.hash(data: Data((prefix + "\(id)/" + image).utf8)))
    }

    /// An image as the diff may show it: a confidential source masked, its citations' quotes withheld.
    func mask(_ kind: JournaledKind, _ id: Int64, _ image: String?) throws -> String? {
        guard !includeConfidential, let image else { return image }
        if kind == .person || kind == .request {
            let masked = try Redaction.maskPersonImage(image, kind: kind, id: id, people: confidentialPeople, requests: confidentialRequests)
            return kind == .request && requestsToConfidentialPeople.contains(id) ? try Redaction.maskRequestRetraction(masked) : masked
        }
        if kind == .citation {
            var members = try JSONValue(parsing: image).members
            guard case .int(let source)? = members["source_id"], confidentialSources.contains(source),
                members["quote"] != nil
            else { return image }
            members["quote"] = .string(Self.withheldQuote)
            return JSONValue.object(members).canonical
        }
        return try Redaction.maskImage(image, kind: kind.rawValue, confidential: confidentialSources)
    }

    /// One record's difference, or nil when it reads the same (or never stood at either end).
    static func compare(_ kind: JournaledKind, _ id: Int64, before: String?, unknown: Bool, now: String?,
                        mask: (String?) throws -> String?) throws -> LedgerDiff.Record? {
        let old = try mask(before).map { try JSONValue(parsing: $0).members }
        let new = try mask(now).map { try JSONValue(parsing: $0).members }
        let label = label(kind, new ?? old ?? [:])
        func record(_ change: LedgerDiff.Change, _ fields: [LedgerDiff.FieldChange] = []) -> LedgerDiff.Record {
            .init(kind: kind.rawValue, id: id, label: label, change: change, fields: fields, entries: [],
                  earlierValuesUnknown: unknown)
        }
        switch (old, new) {
        case (nil, nil) where unknown: return record(.changed)
        case (nil, nil): return nil
        case (nil, _?) where unknown: return record(.changed)
        case (nil, _?): return record(.added)
        case (_?, nil): return record(.deleted)
        case (let old?, let new?):
            let fields = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted().map {
                LedgerDiff.FieldChange(field: $0, before: display(old[$0]), after: display(new[$0]))
            }
            guard !fields.isEmpty else { return nil }
            func became(_ key: String) -> Bool? {
                guard old[key] != new[key] else { return nil }
                return (new[key] ?? .null) != .null
            }
            let change: LedgerDiff.Change = switch (became("retraction"), became("merged_into_id")) {
            case (true?, _): .retracted
            case (false?, _): .restored
            case (_, true?): .merged
            case (_, false?): .unmerged
            default: .changed
            }
            return record(change, fields)
        }
    }

    /// A value as people read it.
    static func display(_ value: JSONValue?) -> String? {
        switch value {
        case nil, .null?: nil
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        case let other?: other.canonical
        }
    }

    /// What names a record to a reader: its name, title, PIID, award key or description; for a stage change its pursuit and
    /// stage, for a citation what it cites.
    static func label(_ kind: JournaledKind, _ members: [String: JSONValue]) -> String? {
        switch kind {
        case .citation:
            // A citation's image names what it cites by that kind's foreign key (`pursuit_id`, `stage_change_id`).
            guard let source = display(members["source_id"]),
                let cited = RecordKind.citable.first(where: { members[$0.foreignKey] != nil }),
                let id = display(members[cited.foreignKey]) else { return nil }
            return "source \(source) on \(cited.rawValue) \(id)"
        case .stageChange:
            guard let pursuit = display(members["pursuit_id"]), let stage = display(members["stage"]) else { return nil }
            return "pursuit \(pursuit): \(stage)"
        default:
            for key in ["name", "title", "piid", "award_key", "notice_id"] {
                if let text = display(members[key]) { return text }
            }
            // An award typed in with no number has only its description to go by.
            return display(members["description"]).map { $0.count > 80 ? String($0.prefix(80)) + "…" : $0 }
        }
    }
}
