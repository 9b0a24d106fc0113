import Foundation
import GRDB

/// The federal agency reference, written into every ledger as its first journal entry.
///
/// Journaling 1,300-odd agencies record by record would make every new ledger's journal start with a wall of
/// entries; instead one entry of kind `seed` holds each seeded agency's canonical image under `images`, keyed by
/// id. `verify` reads those images as the agencies' journaled state, and a later change to a seeded agency is
/// journaled record by record as usual, with the seed image as its before image.
enum Seed {
    /// The journal kind of the seed entry.
    static let kind = "seed"

    /// Inserts the reference's departments and sub-tier agencies that the ledger does not hold yet and journals
    /// them as one entry. An agency already present (by code, else by name at the same level) is left as it is,
    /// so a ledger migrated forward keeps what journalists and importers recorded and gains no duplicates.
    /// Returns the number of agencies added.
    @discardableResult
    static func agencyReference(_ db: Database, at: String, actor: String, command: String) throws -> Int {
        let maxId = try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM agencies") ?? 0
        let (agencies, after): ([Agency], String)
        if maxId == 0 {
            // Every new ledger gets the same rows; work them out once per process.
            (agencies, after) = fresh
        } else {
            agencies = try plan(firstId: maxId + 1, existing: { column, code, name, level in
                if let code, let id = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM agencies WHERE \(column) = ?"), arguments: [code]) {
                    return id
                }
                return try Int64.fetchOne(db.cachedStatement(sql: """
                    SELECT id FROM agencies WHERE match_key = ? AND level = ? AND \(column) IS NULL ORDER BY id LIMIT 1
                    """), arguments: [MatchKey.agency(name), level])
            }, fpdsFree: { code in
                try Int64.fetchOne(db, sql: "SELECT id FROM agencies WHERE fpds_code = ?", arguments: [code]) == nil
            })
            after = afterImage(agencies)
        }
        guard !agencies.isEmpty else { return 0 }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO agencies (id, name, acronym, level, parent_id, cgac_code, fpds_code, subtier_code, match_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for agency in agencies {
            try insert.execute(arguments: [agency.id, agency.name, agency.acronym, agency.level, agency.parentId,
                                           agency.cgacCode, agency.fpdsCode, agency.subtierCode,
                                           MatchKey.agency(agency.name)])
        }
        try Journal.append(db, at: at, actor: actor, command: command, kind: kind, recordId: nil, before: nil,
                           after: after)
        return agencies.count
    }

    /// The seed of an empty ledger.
    static let fresh: ([Agency], String) = {
        let agencies = plan(firstId: 1, existing: { _, _, _, _ in nil }, fpdsFree: { _ in true })
        return (agencies, afterImage(agencies))
    }()

    /// The agencies to add, with their ids: departments first, then sub-tier agencies under them.
    static func plan(firstId: Int64, existing: (String, String?, String, AgencyLevel) throws -> Int64?,
                     fpdsFree: (String) throws -> Bool) rethrows -> [Agency] {
        var agencies: [Agency] = []
        var departmentIds: [String: Int64] = [:]
        var next = firstId
        func add(_ agency: Agency) -> Int64 {
            var agency = agency
            agency.id = next
            next += 1
            agencies.append(agency)
            return agency.id!
        }
        for department in AgencyReference.departmentList {
            let entry = department.entry
            if let id = try existing("cgac_code", department.cgac, entry.name, .department) {
                departmentIds[department.cgac] = id
                continue
            }
            let fpds = try department.fpds.flatMap { try fpdsFree($0) ? $0 : nil }
            departmentIds[department.cgac] = add(Agency(
                name: entry.name, acronym: entry.abbreviation, level: .department, cgacCode: department.cgac,
                fpdsCode: fpds))
        }
        for subtier in AgencyReference.subtierList {
            let entry = subtier.entry
            if try existing("subtier_code", subtier.code, entry.name, .subagency) != nil { continue }
            _ = add(Agency(name: entry.name, acronym: entry.abbreviation, level: .subagency,
                           parentId: departmentIds[subtier.cgac], subtierCode: subtier.code))
        }
        return agencies
    }

    /// The seed entry's after image. Each agency's image is kept as a string, its canonical text exactly, so that
    /// `verify` can read them back with SQLite's `json_each` and compare them as they are.
    static func afterImage(_ agencies: [Agency]) -> String {
        JSONValue.object([
            "source": .string("federal agency reference (usaspending-api agency_codes_list.csv, CC0 1.0)"),
            "reference_sha256": .string(AgencyReference.sha256),
            "agencies": .int(Int64(agencies.count)),
            "images": .object(Dictionary(uniqueKeysWithValues: agencies.map { (String($0.id!), .string($0.canonicalImage)) })),
        ]).canonical
    }

    /// The images seed entry `seq` recorded, by agency id.
    static func images(seq: Int64, in db: Database) throws -> [Int64: String] {
        var images: [Int64: String] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT images.key AS id, images.value AS image FROM journal, json_each(journal.after, '$.images') AS images
            WHERE journal.seq = ?
            """, arguments: [seq])
        while let row = try rows.next() {
            if let id = Int64((try row.decode(forColumn: "id")) as String? ?? ""), let image = (try row.decode(forColumn: "image")) as String? { images[id] = image }
        }
        return images
    }

    /// The image the latest seed entry recorded for each agency a seed wrote, by id.
    static func latestImages(in db: Database) throws -> [Int64: String] {
        var images: [Int64: String] = [:]
        for seq in try Int64.fetchAll(db, sql: "SELECT seq FROM journal WHERE kind = ? ORDER BY seq", arguments: [kind]) {
            images.merge(try self.images(seq: seq, in: db)) { _, later in later }
        }
        return images
    }

    /// The image the latest seed entry recorded for agency `id`, if a seed wrote it.
    static func image(ofAgency id: Int64, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT json_extract(after, '$.images."' || ? || '"') FROM journal
            WHERE kind = ? AND json_extract(after, '$.images."' || ? || '"') IS NOT NULL ORDER BY seq DESC LIMIT 1
            """, arguments: [id, kind, id])
    }
}

extension Ledger {
    /// Seeds the agency reference as one journaled transaction (new ledgers, and ledgers migrated to schema 2).
    func seedAgencyReference(command: String) throws {
        _ = try write(command, bulkTables: ["agencies"]) { db in
            try Seed.agencyReference(db, at: Journal.timestamp(clock()), actor: actor, command: command)
        }
    }
}
