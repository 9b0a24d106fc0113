import Crypto
import Foundation
import GRDB

/// Loads one interchange file inside an open transaction, remapping its file-local ids.
struct Loader {
    let db: Database
    let path: String
    private(set) var added: [RecordKind: Int] = [:]
    /// Judgements this file added (no `RecordKind` of their own).
    private(set) var judgements = 0
    private var ids: [RecordKind: [Int64: Int64]] = [:]
    /// Rows this file inserted: never matched against, so two distinct records in one file stay distinct.
    private var inserted: [RecordKind: Set<Int64>] = [:]
    /// People of the ledger a person of this file was matched to: each stands for one person of the file.
    private var matchedPeople: Set<Int64> = []

    init(db: Database, path: String) {
        self.db = db
        self.path = path
    }

    mutating func load(_ file: LedgerFile) throws {
        // A file-local id names one record: a repeated one would silently send citations and links to
        // whichever record came last, even onto a confidential source.
        try requireUnique(file.agencies.map(\.id), "agencies")
        try requireUnique(file.vendors.map(\.id), "vendors")
        try requireUnique(file.sources.map(\.id), "sources")
        try requireUnique(file.solicitations.map(\.id), "solicitations")
        try requireUnique(file.pursuits.map(\.id), "pursuits")
        try requireUnique(file.stageChanges.map(\.id), "stage_changes")
        try requireUnique(file.documents.map(\.id), "documents")
        try requireUnique(file.awards.map(\.id), "awards")
        try requireUnique(file.events.map(\.id), "events")
        try requireUnique(file.citations.map(\.id), "citations")
        try requireUnique(file.judgements.map(\.id), "judgements")
        try requireUnique(file.people.map(\.id), "people")
        try requireUnique(file.requests.map(\.id), "requests")
        for agency in try parentsFirst(file.agencies, "agencies", id: \.id, parent: \.parentId) {
            try loadAgency(agency)
        }
        for vendor in try parentsFirst(file.vendors, "vendors", id: \.id, parent: \.parentId) {
            try loadVendor(vendor)
        }
        // A merged vendor or agency points at one that may come later in the file: pointers go in once all are in.
        for (kind, table, merged) in [(RecordKind.agency, "agencies", file.agencies.map { ($0.id, $0.mergedIntoId) }),
                                      (.vendor, "vendors", file.vendors.map { ($0.id, $0.mergedIntoId) })] {
            for case let (id?, into?) in merged {
                try db.execute(sql: "UPDATE \(table) SET merged_into_id = ? WHERE id = ?",
                               arguments: [try map(kind, into, at: "\(table).merged_into_id"),
                                           try map(kind, id, at: "\(table).id")])
            }
        }
        for (index, source) in file.sources.enumerated() {
            var record = try source.validated(at: "sources[\(index)]")
            record.personId = nil
            try insert(&record, .source)
        }
        for (index, solicitation) in file.solicitations.enumerated() {
            var record = try solicitation.validated(at: "solicitations[\(index)]")
            record.agencyId = try map(.agency, solicitation.agencyId, at: "solicitations[\(index)].agency_id")
            try insert(&record, .solicitation)
        }
        let pursuitsWithHistory = Set(file.stageChanges.map(\.pursuitId))
        for (index, pursuit) in file.pursuits.enumerated() {
            let at = "pursuits[\(index)]"
            var record = try pursuit.validated(at: at)
            record.vendorId = try map(.vendor, pursuit.vendorId, at: at + ".vendor_id")
            record.agencyId = try map(.agency, pursuit.agencyId, at: at + ".agency_id")
            record.solicitationId = try pursuit.solicitationId.map { try map(.solicitation, $0, at: at + ".solicitation_id") }
            try insert(&record, .pursuit)
            // A hand-written pursuit without stage changes starts its history at its own stage and date.
            if !pursuitsWithHistory.contains(pursuit.id ?? -1) {
                var first = StageChange(pursuitId: record.id!, stage: pursuit.stage, date: pursuit.date)
                try first.insert(db)
            }
        }
        for (index, change) in file.stageChanges.enumerated() {
            var record = try change.validated(at: "stage_changes[\(index)]")
            record.pursuitId = try map(.pursuit, change.pursuitId, at: "stage_changes[\(index)].pursuit_id")
            record.personIds = nil
            try insert(&record, .stageChange)
        }
        for pursuitId in Set(ids[.pursuit, default: [:]].values) {
            try Ledger.refreshStage(of: pursuitId, in: db)
        }
        let contents = try evidence(file.evidence ?? [])
        for (index, document) in file.documents.enumerated() {
            var record = try document.validated(at: "documents[\(index)]")
            record.links = try map(document.links, at: "documents[\(index)].links")
            record.people = nil
            for file in record.files ?? [] { try storeEvidence(file, contents[file.sha256]) }
            try insert(&record, .document) { record, db in try Ledger.insert(&record, in: db) }
        }
        for (index, award) in file.awards.enumerated() {
            var record = try award.validated(at: "awards[\(index)]")
            let at = "awards[\(index)]"
            record.vendorId = try map(.vendor, award.vendorId, at: at + ".vendor_id")
            record.agencyId = try map(.agency, award.agencyId, at: at + ".agency_id")
            record.fundingAgencyId = try award.fundingAgencyId.map { try map(.agency, $0, at: at + ".funding_agency_id") }
            record.pursuitId = try award.pursuitId.map { try map(.pursuit, $0, at: at + ".pursuit_id") }
            record.solicitationId = try award.solicitationId.map { try map(.solicitation, $0, at: at + ".solicitation_id") }
            try insert(&record, .award) { record, db in try Ledger.insert(&record, in: db) }
        }
        for (index, event) in file.events.enumerated() {
            var record = try event.validated(at: "events[\(index)]")
            record.links = try map(event.links, at: "events[\(index)].links")
            record.personIds = nil
            try insert(&record, .event) { record, db in try Ledger.insert(&record, in: db) }
        }
        for (index, citation) in file.citations.enumerated() {
            var record = try citation.validated(at: "citations[\(index)]")
            let at = "citations[\(index)]"
            record.sourceId = try map(.source, citation.sourceId, at: at + ".source_id")
            record.recordId = try map(citation.recordKind, citation.recordId, at: at + "." + citation.recordKind.foreignKey)
            try insert(&record, nil)
        }
        for (index, judgement) in file.judgements.enumerated() {
            let at = "judgements[\(index)]"
            var record = judgement
            record.vendorId = try map(.vendor, judgement.vendorId, at: at + ".vendor_id")
            record.otherVendorId = try map(.vendor, judgement.otherVendorId, at: at + ".other_vendor_id")
            record = try record.validated(at: at)
            // A pair the ledger has judged already keeps the ledger's judgement: the file's is a second opinion.
            if try Ledger.judgement(record.vendorId, record.otherVendorId, in: db) != nil { continue }
            try insert(&record, nil)
            judgements += 1
        }
        for (index, tag) in (file.tags ?? []).enumerated() {
            let at = "tags[\(index)]"
            var record = Tag(recordKind: tag.recordKind, recordId: try map(tag.recordKind, tag.recordId, at: at + ".record_id"),
                             word: try Ledger.tagWord(tag.word, field: at + ".word"))
            try record.insert(db)
        }
        for (index, note) in (file.notes ?? []).enumerated() {
            let at = "notes[\(index)]"
            guard let text = try Text.prose(note.text, field: at + ".text") else {
                throw LedgerError.invalidValue(field: at + ".text", value: note.text, expected: "the note's text")
            }
            var record = Note(recordKind: note.recordKind, recordId: try map(note.recordKind, note.recordId, at: at + ".record_id"),
                              text: text)
            try record.insert(db)
        }
        try loadPeople(file)
    }

    /// People go in after everything else, then the links to them: so a file without people journals as it did
    /// before they existed, entry for entry, and the people's entries come last.
    private mutating func loadPeople(_ file: LedgerFile) throws {
        for (index, person) in file.people.enumerated() {
            let at = "people[\(index)]"
            var record = try person.validated(at: at)
            record.roles = try record.roles.enumerated().map { roleIndex, role in
                var role = role
                role.vendorId = try role.vendorId.map { try map(.vendor, $0, at: at + ".roles[\(roleIndex)].vendor_id") }
                role.agencyId = try role.agencyId.map { try map(.agency, $0, at: at + ".roles[\(roleIndex)].agency_id") }
                return role
            }
            if let existing = try matchingPerson(record), let id = person.id {
                ids[.person, default: [:]][id] = existing
                matchedPeople.insert(existing)
                try Journal.requireUntampered(.person, existing, in: db)
                let held = try Ledger.fetchPeople(db, sql: "SELECT * FROM people WHERE id = ?", arguments: [existing]).first?.roles ?? []
                for role in record.roles where !held.contains(role) { try Ledger.insertRole(role, person: existing, in: db) }
                continue
            }
            try insert(&record, .person) { record, db in try Ledger.insert(&record, in: db) }
        }
        for (index, source) in file.sources.enumerated() {
            guard let person = source.personId, let id = source.id else { continue }
            try db.execute(sql: "UPDATE sources SET person_id = ? WHERE id = ?",
                           arguments: [try map(.person, person, at: "sources[\(index)].person_id"), try map(.source, id, at: "sources[\(index)].id")])
        }
        for (index, change) in file.stageChanges.enumerated() {
            guard let id = change.id, let people = try mapPeople(change.personIds, at: "stage_changes[\(index)].person_ids") else { continue }
            try Ledger.insertPeople(people, table: "stage_change_people", owner: "stage_change_id",
                                    id: try map(.stageChange, id, at: "stage_changes[\(index)].id"), in: db)
        }
        for (index, document) in file.documents.enumerated() {
            guard let id = document.id, let links = document.people else { continue }
            let people = try links.enumerated().map { linkIndex, link in
                DocumentPerson(personId: try map(.person, link.personId, at: "documents[\(index)].people[\(linkIndex)].person_id"),
                               role: link.role)
            }
            try Ledger.insertDocumentPeople(people, id: try map(.document, id, at: "documents[\(index)].id"), in: db)
        }
        for (index, event) in file.events.enumerated() {
            guard let id = event.id, let people = try mapPeople(event.personIds, at: "events[\(index)].person_ids") else { continue }
            try Ledger.insertPeople(people, table: "event_people", owner: "event_id",
                                    id: try map(.event, id, at: "events[\(index)].id"), in: db)
        }
        for (index, request) in file.requests.enumerated() {
            let at = "requests[\(index)]"
            var record = try request.validated(at: at)
            record.vendorId = try request.vendorId.map { try map(.vendor, $0, at: at + ".vendor_id") }
            record.agencyId = try request.agencyId.map { try map(.agency, $0, at: at + ".agency_id") }
            record.personId = try request.personId.map { try map(.person, $0, at: at + ".person_id") }
            record.documentId = try request.documentId.map { try map(.document, $0, at: at + ".document_id") }
            record.pursuitIds = try request.pursuitIds.map { try map(.pursuit, $0, at: at + ".pursuit_ids") }
            try insert(&record, .request) { record, db in try Ledger.insert(&record, in: db) }
        }
    }

    /// The person already in the ledger that a file's person is, so that loading a ledger's own export adds no
    /// one twice: the one person of that name (by the vendors' match key) not yet matched or inserted by this
    /// file; among several, the first whose name, notes and roles are the file's exactly. Several and none the
    /// same: a new person (two people may share a name; nothing tells which one the file means).
    private func matchingPerson(_ person: Person) throws -> Int64? {
        let candidates = try Int64.fetchAll(db, sql: "SELECT id FROM people WHERE match_key = ? ORDER BY id",
                                            arguments: [MatchKey.vendor(person.name)])
            .filter { !(inserted[.person]?.contains($0) ?? false) && !matchedPeople.contains($0) }
        let same = try Ledger.fetchPeople(db, sql: "SELECT * FROM people WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                                          arguments: [JSONValue.array(candidates.map { .int($0) }).canonical])
            .filter { $0.name == person.name && $0.notes == person.notes && $0.roles == person.roles }
        return same.first?.id ?? (candidates.count == 1 ? candidates.first : nil)
    }

    /// The file's `evidence` decoded and checked against their hashes, by SHA-256.
    private func evidence(_ entries: [EvidenceContent]) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for (index, entry) in entries.enumerated() {
            let at = "evidence[\(index)]"
            guard let sha256 = try Text.sha256(entry.sha256, field: at + ".sha256") else {
                throw LedgerError.invalidValue(field: at + ".sha256", value: "", expected: "a SHA-256 (64 hex digits)")
            }
            guard let data = Data(base64Encoded: entry.contentBase64) else {
                throw LedgerError.invalidValue(field: at + ".content_base64", value: String(entry.contentBase64.prefix(20)),
                                               expected: "base64")
            }
            guard BulkJournal.hex(SHA256.hash(data: data)) == sha256 else {
                throw LedgerError.invalidValue(field: at + ".content_base64", value: sha256,
                                               expected: "bytes whose SHA-256 is the entry's sha256")
            }
            contents[sha256] = data
        }
        return contents
    }

    /// Puts a loaded document's file into the locker: its bytes when the file carries them and the ledger lacks
    /// them, else (a public export) its hash, size and media type only, marked withheld.
    private func storeEvidence(_ file: DocumentFile, _ data: Data?) throws {
        let withheld = try Row.fetchOne(db, sql: "SELECT withheld FROM evidence_blobs WHERE sha256 = ?", arguments: [file.sha256])
        if let withheld, (try withheld.decode(Int64?.self, atIndex: 0)) == nil { return }
        if let data {
            try Ledger.storeBlob(data, sha256: file.sha256, mediaType: file.mediaType, in: db)
        } else if withheld == nil {
            try db.execute(sql: "INSERT INTO evidence_blobs (sha256, size, media_type, withheld) VALUES (?, ?, ?, 1)",
                           arguments: [file.sha256, file.size, file.mediaType])
        }
    }

    private mutating func loadAgency(_ agency: Agency) throws {
        var record = try agency.validated(at: "agencies[id \(agency.id.map(String.init) ?? "?")]")
        record.parentId = try agency.parentId.map { try map(.agency, $0, at: "agencies.parent_id") }
        record.mergedIntoId = nil
        // A merged agency is a record of its own, never folded into the one it shares a name or code with.
        if agency.mergedIntoId != nil { return try insert(&record, .agency) }
        let hasCodes = [record.cgacCode, record.fpdsCode, record.subtierCode, record.officeCode, record.frecCode]
            .contains { $0 != nil }
        let candidates = hasCodes
            ? try Int64.fetchAll(db, sql: """
                SELECT id FROM agencies WHERE cgac_code = ? OR fpds_code = ? OR subtier_code = ? OR office_code = ?
                  OR frec_code = ?
                ORDER BY id
                """, arguments: [record.cgacCode, record.fpdsCode, record.subtierCode, record.officeCode, record.frecCode])
            : try Int64.fetchAll(db, sql: "SELECT id FROM agencies WHERE match_key = ? AND level = ? ORDER BY id",
                                 arguments: [MatchKey.agency(agency.name), agency.level])
        let existing = try single(candidates, .agency, agency.name)
        if let existing, let id = agency.id {
            ids[.agency, default: [:]][id] = existing
            return
        }
        try insert(&record, .agency)
    }

    private mutating func loadVendor(_ vendor: Vendor) throws {
        var record = try vendor.validated(at: "vendors[id \(vendor.id.map(String.init) ?? "?")]")
        record.parentId = try vendor.parentId.map { try map(.vendor, $0, at: "vendors.parent_id") }
        record.mergedIntoId = nil
        // A merged vendor is a record of its own, never folded into its survivor, whose names it shares.
        if vendor.mergedIntoId != nil {
            return try insert(&record, .vendor) { record, db in try Ledger.insert(&record, in: db) }
        }
        let byUEI = try record.uei.map { try Int64.fetchAll(db, sql: "SELECT id FROM vendors WHERE uei = ?", arguments: [$0]) } ?? []
        let existing = try single(byUEI, .vendor, vendor.name)
            ?? single(try Int64.fetchAll(db, sql: "SELECT id FROM vendors WHERE match_key = ? ORDER BY id",
                                         arguments: [MatchKey.vendor(vendor.name)]), .vendor, vendor.name)
        if let existing, let id = vendor.id {
            ids[.vendor, default: [:]][id] = existing
            try Journal.requireUntampered(.vendor, existing, in: db)
            for alias in record.aliases {
                try db.execute(sql: "INSERT OR IGNORE INTO vendor_aliases (vendor_id, alias, match_key) VALUES (?, ?, ?)",
                               arguments: [existing, alias, MatchKey.vendor(alias)])
            }
            for identifier in record.identifiers ?? [] { try Ledger.addIdentifier(identifier, vendor: existing, in: db) }
            return
        }
        try insert(&record, .vendor) { record, db in try Ledger.insert(&record, in: db) }
    }

    private func requireUnique(_ ids: [Int64?], _ name: String) throws {
        var seen = Set<Int64>()
        for (index, id) in ids.enumerated() {
            guard let id else { continue }
            guard seen.insert(id).inserted else {
                throw LedgerError.inputFile(path: path, row: nil,
                                            problem: "\(name)[\(index)].id: \(id) is the id of an earlier record of the file; each id names one record")
            }
        }
    }

    /// Inserts a record under its file id when that id is free, and remembers where it went.
    private mutating func insert<R: LedgerRecord>(
        _ record: inout R, _ kind: RecordKind?,
        using save: (inout R, Database) throws -> Void = { record, db in try record.insert(db) }
    ) throws {
        let fileId = record.id
        if let fileId, try R.exists(db, key: fileId) { record.id = nil }
        do {
            try save(&record, db)
        } catch let error as DatabaseError {
            throw LedgerError.inputFile(
                path: path, row: nil,
                problem: "\(R.databaseTableName) id \(fileId.map(String.init) ?? "?"): \(error.message ?? "refused")")
        }
        if let kind, let fileId { ids[kind, default: [:]][fileId] = record.id! }
        if let kind { inserted[kind, default: []].insert(record.id!) }
        if let kind { added[kind, default: 0] += 1 }
    }

    /// The one record already in the ledger (not inserted by this file) that a file record matches, if any.
    private func single(_ candidates: [Int64], _ kind: RecordKind, _ name: String) throws -> Int64? {
        let before = candidates.filter { !(inserted[kind]?.contains($0) ?? false) }
        guard before.count <= 1 else {
            throw LedgerError.inputFile(path: path, row: nil,
                                        problem: "\(kind.rawValue) \(LedgerError.quote(name)) matches \(kind.table) "
                                            + before.map(String.init).joined(separator: ", ") + " in the ledger")
        }
        return before.first
    }

    private func map(_ kind: RecordKind, _ id: Int64, at location: String) throws -> Int64 {
        guard let mapped = ids[kind]?[id] else {
            throw LedgerError.inputFile(path: path, row: nil,
                                        problem: "\(location): \(id) names no \(kind.rawValue) in the file")
        }
        return mapped
    }

    private func map(_ links: Links, at location: String) throws -> Links {
        Links(pursuitIds: try links.pursuitIds.map { try map(.pursuit, $0, at: location + ".pursuit_ids") },
              vendorIds: try links.vendorIds.map { try map(.vendor, $0, at: location + ".vendor_ids") },
              agencyIds: try links.agencyIds.map { try map(.agency, $0, at: location + ".agency_ids") })
    }

    private func mapPeople(_ ids: [Int64]?, at location: String) throws -> [Int64]? {
        try ids.map { try $0.map { try map(.person, $0, at: location) } }
    }

    /// Orders records so that each parent comes before its children; a cycle is an error.
    private func parentsFirst<R>(_ records: [R], _ name: String, id: KeyPath<R, Int64?>,
                                 parent: KeyPath<R, Int64?>) throws -> [R] {
        let fileIds = Set(records.compactMap { $0[keyPath: id] })
        var placed = Set<Int64>()
        var remaining = Array(records.indices)
        var ordered: [R] = []
        while !remaining.isEmpty {
            let ready = remaining.filter { index in
                guard let parentId = records[index][keyPath: parent] else { return true }
                return placed.contains(parentId) || !fileIds.contains(parentId)
            }
            guard !ready.isEmpty else {
                throw LedgerError.inputFile(path: path, row: nil, problem: "\(name): parent_id values form a cycle")
            }
            for index in ready {
                if let value = records[index][keyPath: id] { placed.insert(value) }
                ordered.append(records[index])
            }
            remaining.removeAll { ready.contains($0) }
        }
        return ordered
    }
}
