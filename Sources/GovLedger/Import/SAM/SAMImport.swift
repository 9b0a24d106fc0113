import Crypto
import Foundation
import GRDB

/// What one imported SAM.gov file did to the ledger: `ImportSummary`'s counts plus the solicitations.
public struct SAMImportSummary: Sendable, Equatable, Encodable {
    public var file: String
    public var sha256: String
    public var rowsRead = 0
    public var solicitationsAdded = 0
    public var solicitationsUpdated = 0
    public var solicitationsUnchanged = 0
    public var awardsAdded = 0
    public var awardsUpdated = 0
    public var awardsUnchanged = 0
    /// Awards edited by hand (`govledger edit`) that the file says otherwise about: the edit was kept.
    public var handEditsKept: [Int64] = []
    public var vendorsCreated = 0
    public var agenciesCreated = 0
    public var rejected: [ImportSummary.Rejected] = []
    /// What was read as people's files write it rather than as SAM.gov does (`97.0`, `8/26/2025`).
    public var normalised = Normalisations()

    /// One line for people.
    public var line: String {
        "\(file): \(rowsRead) rows read; solicitations \(solicitationsAdded) added, \(solicitationsUpdated) updated, "
            + "\(solicitationsUnchanged) unchanged; awards \(awardsAdded) added, \(awardsUpdated) updated, "
            + "\(awardsUnchanged) unchanged; "
            + (handEditsKept.isEmpty ? "" : "\(handEditsKept.count) kept as edited by hand, the file differs (award "
                + handEditsKept.prefix(5).map(String.init).joined(separator: ", ") + (handEditsKept.count > 5 ? ", …" : "") + "); ")
            + "\(vendorsCreated) vendors and \(agenciesCreated) agencies created; "
            + "\(rejected.count) rejected" + normalised.line
    }
}

extension Ledger {
    /// Imports SAM.gov's Contract Opportunities bulk CSV (`ContractOpportunitiesFullCSV.csv`, Windows-1252 or
    /// UTF-8). Columns are found by their header names.
    ///
    /// Every notice becomes a solicitation keyed by `NoticeId`, its agency resolved by code (CGAC > FPDS Code >
    /// AAC Code) and created with its real name when missing; an award notice naming its `Awardee` and `Award$`
    /// also becomes an award (`SAM_<NoticeId>`) linked to it, its vendor found by name or created. The same file
    /// twice changes nothing, a newer one updates; a notice id repeated in one file keeps its last row. The file
    /// is one transaction. A row that cannot be read refuses the whole file (nothing is written), unless
    /// `skipRejected`: then the other rows are imported and the rejected ones listed in the summary.
    /// Imports a SAM.gov file from disk (a regular file only); see `importSAM(path:data:skipRejected:progress:)`.
    public func importSAM(path: String, skipRejected: Bool = false, progress: ((Int) -> Void)? = nil) throws
        -> SAMImportSummary
    {
        try importSAM(path: path, data: InputFile.contents(of: path), skipRejected: skipRejected, progress: progress)
    }

    public func importSAM(path: String, data: Data, skipRejected: Bool = false,
                          progress: ((Int) -> Void)? = nil) throws -> SAMImportSummary {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var summary = SAMImportSummary(file: name, sha256: BulkJournal.hex(SHA256.hash(data: data)))
        var reader = CSVReader(try TextEncoding.utf8(data, path: path))
        defer { reader.close() }
        guard reader.next() else {
            throw reader.problem.map { USAspending.fileError(path, $0) }
                ?? LedgerError.inputFile(path: path, row: nil, problem: "is empty")
        }
        let header = reader.record.fields
        let columns = USAspending.Columns(header)
        for required in SAM.requiredColumns where columns[required.lowercased()] == nil {
            throw LedgerError.inputFile(path: path, row: 1, problem: "missing required column \(required)")
        }
        var rows: [SAM.Row] = []
        var positions: [String: Int] = [:]
        while reader.next() {
            summary.rowsRead += 1
            let record = reader.record
            guard record.count == header.count else {
                summary.rejected.append(.init(row: record.line,
                                              reason: "has \(record.count) fields; the header has \(header.count)"))
                continue
            }
            do {
                let row = try SAM.Row(record, columns, notes: &summary.normalised)
                if let position = positions[row.noticeId] {
                    rows[position] = row
                } else {
                    positions[row.noticeId] = rows.count
                    rows.append(row)
                }
            } catch let error as LedgerError {
                summary.rejected.append(.init(row: record.line, reason: error.description))
            }
        }
        if let problem = reader.problem { throw USAspending.fileError(path, problem) }
        if !summary.rejected.isEmpty, !skipRejected { throw ImportSummary.refusal(path: path, summary.rejected) }
        return try write("import sam") { db in
            var resolver = USAspending.Resolver(db: db)
            for (index, row) in rows.enumerated() {
                if index % 1_000 == 0 { progress?(index) }
                let agencyId = try resolver.agency(row.agency)
                var solicitation = Solicitation(
                    agencyId: agencyId, title: row.title, noticeType: row.type, baseNoticeType: row.baseType,
                    noticeId: row.noticeId, solicitationNumber: row.solicitationNumber, description: row.description,
                    url: row.url, posted: row.posted, responseDue: row.responseDue)
                if let existing = try Solicitation.fetchOne(
                    db, sql: "SELECT * FROM solicitations WHERE notice_id = ?", arguments: [row.noticeId]) {
                    solicitation.id = existing.id
                    if solicitation == existing {
                        summary.solicitationsUnchanged += 1
                    } else {
                        // Never journal a row changed behind the journal's back as if the import had found it so.
                        try Journal.requireUntampered(.solicitation, existing.id!, in: db)
                        try solicitation.update(db)
                        summary.solicitationsUpdated += 1
                    }
                } else {
                    try solicitation.insert(db)
                    summary.solicitationsAdded += 1
                }
                guard let sale = row.sale else { continue }
                var award = Award(
                    awardKey: "SAM_" + row.noticeId, piid: sale.piid,
                    vendorId: try Ledger.awardee(sale.awardee, resolver: &resolver, in: db), agencyId: agencyId,
                    solicitationId: solicitation.id, description: row.title, obligatedCents: sale.obligated,
                    date: sale.date)
                (award.sourceFile, award.sourceSha256, award.sourceRow) = (name, summary.sha256, Int64(row.line))
                let existing = try Award.fetchOne(db, sql: "SELECT * FROM awards WHERE award_key = ?",
                                                  arguments: [award.awardKey])
                if try Ledger.reconcileWithCorrections(&award, existing: existing, in: db), let existing {
                    summary.handEditsKept.append(existing.id!)
                    continue
                }
                if let existing {
                    award.id = existing.id
                    award.pursuitId = existing.pursuitId
                    var comparable = award
                    (comparable.sourceFile, comparable.sourceSha256, comparable.sourceRow) =
                        (existing.sourceFile, existing.sourceSha256, existing.sourceRow)
                    if comparable == existing {
                        summary.awardsUnchanged += 1
                        continue
                    }
                    try Journal.requireUntampered(.award, existing.id!, in: db)
                    try award.update(db)
                    summary.awardsUpdated += 1
                } else {
                    try award.insert(db)
                    summary.awardsAdded += 1
                }
            }
            progress?(rows.count)
            summary.vendorsCreated = resolver.vendorsCreated
            summary.agenciesCreated = resolver.agenciesCreated
            return summary
        }
    }

    /// An awardee named without a UEI: the one vendor whose name or alias matches it (whether or not that vendor
    /// has a UEI), else as a USAspending recipient without a UEI is resolved (a vendor without a UEI of that
    /// name, else a new one).
    static func awardee(_ name: String, resolver: inout USAspending.Resolver, in db: Database) throws -> Int64 {
        let matches = try Int64.fetchAll(db, sql: """
            SELECT id FROM vendors WHERE match_key = ?1 UNION SELECT vendor_id FROM vendor_aliases WHERE match_key = ?1
            """, arguments: [MatchKey.vendor(name)])
        if matches.count == 1 { return matches[0] }
        return try resolver.vendor(uei: nil, name: name)
    }
}
