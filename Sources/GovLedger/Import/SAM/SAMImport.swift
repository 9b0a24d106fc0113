import Crypto
import Foundation
import GRDB

extension Ledger {
    /// Imports SAM.gov's Contract Opportunities bulk CSV (`ContractOpportunitiesFullCSV.csv`, Windows-1252 or
    /// UTF-8). Columns are found by their header names.
    ///
    /// Every notice becomes a solicitation keyed by `NoticeId`, its agency resolved by code (CGAC > FPDS Code >
    /// AAC Code) and created with its real name when missing; an award notice naming its `Awardee` and `Award$`
    /// also becomes an award (`SAM_<NoticeId>`) linked to it, its vendor found by name or created. The same file
    /// twice changes nothing, a newer one updates; a notice id repeated in one file keeps its last row. The file
    /// is one transaction and one journal entry (see `BulkJournal`). A row that cannot be read refuses the whole
    /// file (nothing is written), unless `skipRejected`: then the other rows are imported and the rejected ones
    /// listed in the summary.
    ///
    /// The file is streamed through a fixed buffer, twice (once for its SHA-256 and to learn whether it is
    /// UTF-8), so the daily 230 MB file never sits in memory.
    public func importSAM(path: String, skipRejected: Bool = false, progress: ((Int) -> Void)? = nil) throws
        -> ImportSummary
    {
        let file = try InputFile(path: path)
        defer { file.close() }
        let (sha256, isUTF8) = try file.sha256AndEncoding()
        var reader = try file.reader()
        defer { reader.close() }
        reader.windows1252 = !isUTF8
        return try importSAM(path: path, sha256: sha256, reader: reader, skipRejected: skipRejected,
                             progress: progress, beforeCommit: file.requireUnchanged)
    }

    /// Imports a SAM.gov file held in memory; see `importSAM(path:skipRejected:progress:)`.
    public func importSAM(path: String, data: Data, skipRejected: Bool = false,
                          progress: ((Int) -> Void)? = nil) throws -> ImportSummary {
        var reader = CSVReader(data)
        defer { reader.close() }
        reader.windows1252 = !data.withUnsafeBytes(TextEncoding.isUTF8)
        return try importSAM(path: path, sha256: BulkJournal.hex(SHA256.hash(data: data)), reader: reader,
                             skipRejected: skipRejected, progress: progress)
    }

    private func importSAM(path: String, sha256: String, reader: CSVReader, skipRejected: Bool,
                           progress: ((Int) -> Void)?, beforeCommit: () throws -> Void = {}) throws -> ImportSummary {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var summary = ImportSummary(file: name, sha256: sha256)
        summary.solicitations = .init()
        var rows = try RowLoop(reader, path: path)
        try rows.require(SAM.requiredColumns)
        let columns = rows.columns
        return try write("import sam", bulkTables: ["solicitations", "awards"]) { db in
            var notices = try NoticeImport(db: db, name: name, sha256: sha256)
            var written = 0
            // One pass: each row is read, checked and written; after a rejected row nothing more is written
            // unless asked (the rest is only read, to count), and the transaction is rolled back at the end.
            while let row = try rows.next(&summary, { record, notes in try SAM.Row(record, columns, notes: &notes) }) {
                if written % 1_000 == 0 { progress?(written) }
                if summary.rejected.isEmpty || skipRejected { try notices.write(row, &summary) }
                written += 1
            }
            if !summary.rejected.isEmpty, !skipRejected { throw ImportSummary.refusal(path: path, summary.rejected) }
            try beforeCommit()
            summary.vendorsCreated = notices.resolver.vendorsCreated
            summary.agenciesCreated = notices.resolver.agenciesCreated
            try notices.entry.finish(summary, source: "sam", command: "import sam", actor: actor,
                                     at: Journal.timestamp(clock()))
            progress?(written)
            return summary
        }
    }

    /// An awardee named without a UEI: the one vendor whose name or alias matches it (whether or not that vendor
    /// has a UEI), else as a USAspending recipient without a UEI is resolved (a vendor without a UEI of that
    /// name, else a new one).
    static func awardee(_ name: String, resolver: inout USAspending.Resolver, in db: Database) throws -> Int64 {
        let matches = try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM vendors WHERE match_key = ?1 UNION SELECT vendor_id FROM vendor_aliases WHERE match_key = ?1
            """), arguments: [MatchKey.vendor(name)])
        if matches.count == 1 { return matches[0] }
        return try resolver.vendor(uei: nil, name: name)
    }
}

/// Writes the notices of one SAM.gov file inside its transaction: solicitations, and awards from award notices.
struct NoticeImport {
    let db: Database
    let name: String
    let sha256: String
    var resolver: USAspending.Resolver
    var entry: ImportEntry

    init(db: Database, name: String, sha256: String) throws {
        self.db = db
        self.name = name
        self.sha256 = sha256
        resolver = USAspending.Resolver(db: db)
        entry = try ImportEntry(db)
        entry.checksEarlier = true
        entry.keepsOriginals = true
    }

    /// Writes one notice and, for an award notice, its award. A notice id repeated in the file rewrites what
    /// its earlier row wrote without being counted again.
    mutating func write(_ row: SAM.Row, _ summary: inout ImportSummary) throws {
        let agencyId = try resolver.agency(row.agency)
        var solicitation = Solicitation(
            agencyId: agencyId, title: row.title, noticeType: row.type, baseNoticeType: row.baseType,
            noticeId: row.noticeId, solicitationNumber: row.solicitationNumber, description: row.description,
            url: row.url, posted: row.posted, responseDue: row.responseDue)
        let written = try entry.upsert(&solicitation)
        if !written.repeated { NoticeImport.count(written.outcome, &summary.solicitations) }
        guard let sale = row.sale else { return }
        var award = Award(
            awardKey: "SAM_" + row.noticeId, piid: sale.piid,
            vendorId: try Ledger.awardee(sale.awardee, resolver: &resolver, in: db), agencyId: agencyId,
            solicitationId: solicitation.id, description: row.title, obligatedCents: sale.obligated, date: sale.date)
        (award.sourceFile, award.sourceSha256, award.sourceRow) = (name, sha256, Int64(row.line))
        let awarded = try entry.upsert(award)
        guard !awarded.repeated else { return }
        switch awarded.outcome {
        case .added: summary.awardsAdded += 1
        case .updated, .kept: summary.awardsUpdated += 1
        case .unchanged: summary.awardsUnchanged += 1
        case .restored: (summary.awardsUpdated, summary.awardsUnchanged) = (summary.awardsUpdated - 1, summary.awardsUnchanged + 1)
        case .handEditKept(let id): summary.handEditsKept.append(id)
        case .rejected(let reason): throw LedgerError.refused(reason)
        }
    }

    private static func count(_ outcome: ImportEntry.Outcome, _ counts: inout ImportSummary.Counts?) {
        var value = counts ?? .init()
        count(outcome, &value)
        counts = value
    }

    private static func count(_ outcome: ImportEntry.Outcome, _ counts: inout ImportSummary.Counts) {
        switch outcome {
        case .added: counts.added += 1
        case .updated, .kept: counts.updated += 1
        case .unchanged: counts.unchanged += 1
        case .restored: (counts.updated, counts.unchanged) = (counts.updated - 1, counts.unchanged + 1)
        case .handEditKept, .rejected: counts.unchanged += 1
        }
    }
}
