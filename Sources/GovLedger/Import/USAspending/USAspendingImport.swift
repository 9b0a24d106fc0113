import Crypto
import Foundation
import GRDB

extension Ledger {
    /// Imports a USAspending contracts download held in memory; see `importUSAspending(path:skipRejected:progress:)`.
    public func importUSAspending(path: String, data: Data, skipRejected: Bool = false,
                                  progress: ((Int) -> Void)? = nil) throws -> ImportSummary {
        let reader = CSVReader(data)
        defer { reader.close() }
        return try importUSAspending(path: path, sha256: BulkJournal.hex(SHA256.hash(data: data)), size: data.count,
                                     reader: reader, skipRejected: skipRejected, progress: progress)
    }

    /// Imports a USAspending contracts download: prime award summaries (`total_obligated_amount`) or prime award
    /// transactions (`federal_action_obligation`, `action_date`, summed per award). Columns are found by name.
    ///
    /// Vendors resolve by `recipient_uei`, else by normalised `recipient_name`, and are linked to their parent;
    /// agencies resolve by code (toptier > sub-tier > office), created with their real names when missing. Awards
    /// are keyed by `contract_award_unique_key`: the same file twice changes nothing, a newer one updates. The
    /// file is one transaction. A row that cannot be read refuses the whole file (nothing is written), unless
    /// `skipRejected`: then the other rows are imported and the rejected ones listed in the summary.
    ///
    /// The file is streamed through a fixed buffer, twice (once for its SHA-256, which every award records), so a
    /// download of any size never sits in memory.
    public func importUSAspending(path: String, skipRejected: Bool = false,
                                  progress: ((Int) -> Void)? = nil) throws -> ImportSummary {
        let file = try InputFile(path: path)
        defer { file.close() }
        let sha256 = try file.sha256()
        let reader = try file.reader()
        defer { reader.close() }
        return try importUSAspending(path: path, sha256: sha256, size: file.size, reader: reader,
                                     skipRejected: skipRejected, progress: progress, beforeCommit: file.requireUnchanged)
    }

    private func importUSAspending(path: String, sha256: String, size: Int, reader: CSVReader,
                                   skipRejected: Bool, progress: ((Int) -> Void)?,
                                   beforeCommit: () throws -> Void = {}) throws -> ImportSummary {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var summary = ImportSummary(file: name, sha256: sha256)
        var rows = try RowLoop(reader, path: path)
        let columns = rows.columns
        try rows.require(["contract_award_unique_key"])
        guard columns["recipient_name"] != nil || columns["recipient_name_raw"] != nil else {
            throw LedgerError.inputFile(path: path, row: 1, problem: "missing required column recipient_name")
        }
        for name in columns.duplicates {
            summary.normalised.note("repeated columns read from their first occurrence", name)
        }
        let layout = USAspending.Layout(columns)
        /// The next row that reads, counting and listing those that do not; nil at the end of the file.
        func nextRow() throws -> USAspending.Row? {
            try rows.next(&summary) { record, notes in try USAspending.Row(record, layout, notes: &notes) }
        }
        // A transactions download is summed per award first (only the sums are kept); summaries stream.
        var summed: [USAspending.Row]?
        if columns.isTransactions {
            var sums = USAspending.Sums()
            while let row = try nextRow() {
                do {
                    try sums.add(row)
                } catch let error as LedgerError {
                    summary.rejected.append(.init(row: row.line, reason: error.description))
                }
            }
            summed = sums.rows
        }
        return try write("import usaspending", bulkTables: ["awards"]) { db in
            // A larger page cache keeps more of the award-key index in memory while rows pour in (32 MiB, then
            // restored: with 64 MiB the import peaked just over 200 MB of memory at a million rows).
            let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -32768")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
            var importer = try AwardImport(db: db, name: name, sha256: sha256, largeFile: size >= 8 << 20,
                                           transactions: columns.isTransactions)
            var written = 0
            if var rows = summed {
                rows.reverse()  // popLast is O(1)
                summed = nil
                while let row = rows.popLast() {
                    if written % 1_000 == 0 { progress?(written) }
                    if summary.rejected.isEmpty || skipRejected { try importer.write(row, &summary) }
                    written += 1
                }
                summary.rejected.sort { $0.row < $1.row }
            } else {
                while let row = try nextRow() {
                    if written % 1_000 == 0 { progress?(written) }
                    // After a rejected row nothing more is written unless asked: the rest is only read, to count.
                    if summary.rejected.isEmpty || skipRejected { try importer.write(row, &summary) }
                    written += 1
                }
            }
            if !summary.rejected.isEmpty, !skipRejected { throw ImportSummary.refusal(path: path, summary.rejected) }
            try beforeCommit()
            try importer.finish(&summary, actor: actor, at: Journal.timestamp(clock()))
            progress?(written)
            return summary
        }
    }
}

/// Writes the awards of one USAspending file inside its transaction (through the shared `ImportEntry`), and
/// its one journal entry.
struct AwardImport {
    let db: Database
    let name: String
    let sha256: String
    var resolver: USAspending.Resolver
    private var entry: ImportEntry
    /// The awards' indexes and full-text triggers, dropped for a large file into a small ledger (see `finish`).
    private var suspended: [String]?
    /// Whether this file is a transactions download, and for each earlier import entry whether it was a
    /// summaries download.
    let transactions: Bool
    private var summaryEntries: [Int64: Bool] = [:]

    init(db: Database, name: String, sha256: String, largeFile: Bool, transactions: Bool = false) throws {
        self.db = db
        self.transactions = transactions
        self.name = name
        self.sha256 = sha256
        resolver = USAspending.Resolver(db: db)
        entry = try ImportEntry(db)
        // Building the indexes and full-text index once at the end is cheaper than row by row, unless the ledger
        // already holds many awards that a rebuild would have to read again.
        let existing = try Int.fetchOne(db, sql: "SELECT count(*) FROM awards") ?? 0
        if largeFile, existing < 100_000 { suspended = try AwardBulkWriter.suspendIndexes(db) }
    }

    /// Writes one award: new, or compared with the one in the ledger and updated when it changed.
    mutating func write(_ row: USAspending.Row, _ summary: inout ImportSummary) throws {
        let vendorId: Int64
        do {
            vendorId = try resolver.vendor(row)
        } catch let error as LedgerError {
            // What only the ledger can refuse (a parent link that would form a cycle) rejects this row, by its line.
            summary.rejected.append(.init(row: row.line, reason: error.description))
            return
        }
        var award = Award(
            awardKey: row.key, piid: row.piid, vendorId: vendorId, agencyId: try resolver.agency(row),
            description: row.description, awardType: row.awardType, obligatedCents: row.obligated,
            potentialCents: row.potential, date: row.start, ends: row.end, permalink: row.permalink,
            fundingAgencyId: try resolver.fundingAgency(row))
        (award.sourceFile, award.sourceSha256, award.sourceRow) = (name, sha256, Int64(row.line))
        // A summaries download holds the award's whole record; the transactions file may hold only the actions
        // in its date range. Importing both, in either order, gives the summary's award.
        let (db, transactions) = (db, transactions)
        var known = summaryEntries
        let outcome = try entry.upsert(award) { earlier in
            try transactions && AwardImport.isSummaries(earlier, db, &known)
        }
        summaryEntries = known
        switch outcome.outcome {
        case .added: summary.awardsAdded += 1
        case .updated: summary.awardsUpdated += 1
        case .unchanged, .restored: summary.awardsUnchanged += 1
        case .kept: summary.awardsKeptFromSummaries += 1
        case .handEditKept(let id): summary.handEditsKept.append(id)
        }
    }

    /// Whether import entry `seq` was a summaries download. Entries written before the entry said which download
    /// it was do not count: their awards are overwritten as they always were.
    private static func isSummaries(_ seq: Int64, _ db: Database, _ known: inout [Int64: Bool]) throws -> Bool {
        if let answer = known[seq] { return answer }
        let after = try String.fetchOne(db, sql: "SELECT after FROM journal WHERE seq = ?", arguments: [seq])
        let download = try after.map { try JSONValue(parsing: $0).members["download"] } ?? nil
        let answer = download == .string("summaries")
        known[seq] = answer
        return answer
    }

    /// Rebuilds what was suspended, appends the import's journal entry (none when nothing was written) and
    /// fills in the vendor and agency counts.
    mutating func finish(_ summary: inout ImportSummary, actor: String, at: String) throws {
        if let suspended { try AwardBulkWriter.restore(suspended, db) }
        suspended = nil
        try entry.finish(summary, source: "usaspending", command: "import usaspending", actor: actor, at: at,
                         download: transactions ? "transactions" : "summaries")
        summary.vendorsCreated = resolver.vendorsCreated
        summary.agenciesCreated = resolver.agenciesCreated
    }
}
