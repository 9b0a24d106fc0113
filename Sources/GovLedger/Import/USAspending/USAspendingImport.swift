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
        // A transactions download is gathered per award first (its sum, and each transaction as its history);
        // summaries stream.
        var summed: [USAspending.Row]?
        var sums = USAspending.Sums()
        if columns.isTransactions {
            while let row = try nextRow() {
                do {
                    try sums.add(row)
                } catch let error as LedgerError {
                    summary.rejected.append(.init(row: row.line, reason: error.description))
                }
            }
            summed = sums.rows
        }
        return try write("import usaspending", bulkTables: ["awards", "award_transactions"]) { db in
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
                    if summary.rejected.isEmpty || skipRejected {
                        try importer.write(row, history: sums.history(row.key), &summary)
                    }
                    written += 1
                }
                summary.rejected.sort { $0.row < $1.row }
                sums = USAspending.Sums()
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
    private var summaryFiles: Set<String>?

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

    /// Writes one award: a new one through the bulk writer; one already in the ledger compared and, when it
    /// changed, updated (releasing its old row from the import that wrote it). `history` is the award's
    /// transactions in a transactions download (nil for a summaries download): they join the transactions the
    /// award already has (a transaction already recorded is replaced by the file's), and the award's image, which
    /// its import's digest covers, holds them all.
    mutating func write(_ row: USAspending.Row, history: [AwardTransaction]? = nil, _ summary: inout ImportSummary) throws {
        let vendorId: Int64
        var history = history
        do {
            if let transactions = history {
                history = try transactions.map { transaction in
                    // A transaction key belongs to one award: a file that files it under another is refused, by row.
                    if let holder = try Ledger.awardHolding(transactionKey: transaction.transactionKey, in: db),
                        let holderKey = try String.fetchOne(db.cachedStatement(sql: "SELECT award_key FROM awards WHERE id = ?"),
                                                            arguments: [holder]),
                        holderKey != row.key {
                        throw LedgerError.invalidValue(
                            field: "contract_transaction_unique_key", value: transaction.transactionKey,
                            expected: "a transaction of award \(LedgerError.quote(row.key)) (the ledger has it under award \(LedgerError.quote(holderKey)))")
                    }
                    var transaction = transaction
                    (transaction.sourceFile, transaction.sourceSha256) = (name, sha256)
                    return transaction
                }
            }
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
        award.transactions = history.flatMap { $0.isEmpty ? nil : $0 }
        // A summaries download holds the award's whole record; a transactions file may hold only the actions in its
        // date range. Importing both, in either order, gives the summary's award with the transactions' history:
        // its figures are kept whenever a summaries download wrote them last (its SHA-256 is still on the award's
        // row; a transactions file that keeps them leaves the row's provenance as it was).
        let summaries = transactions ? try summariesFiles() : []
        let fileSHA256 = sha256
        let outcome = try entry.upsert(award, sumsHistory: transactions, keepFields: { existing in
            guard let source = existing.sourceSha256, source != fileSHA256 else { return false }
            return summaries.contains(source)
        })
        summary.transactionsRecorded += outcome.recorded
        switch outcome.outcome {
        case .added: summary.awardsAdded += 1
        case .updated: summary.awardsUpdated += 1
        case .unchanged, .restored: summary.awardsUnchanged += 1
        case .kept: summary.awardsKeptFromSummaries += 1
        case .handEditKept(let id): summary.handEditsKept.append(id)
        case .rejected(let reason): summary.rejected.append(.init(row: row.line, reason: reason))
        }
    }

    /// The sum of an award's transactions; one past 64-bit cents is refused, never wrapped.
    static func sum(_ amounts: [Int64?], key: String) throws -> Int64? {
        var total: Int64?
        for amount in amounts.compactMap({ $0 }) {
            let (value, overflow) = (total ?? 0).addingReportingOverflow(amount)
            guard !overflow else {
                throw LedgerError.invalidValue(field: "federal_action_obligation", value: String(amount),
                                               expected: "transactions of award \(LedgerError.quote(key)) whose sum fits in 64-bit cents")
            }
            total = value
        }
        return total
    }

    /// The SHA-256 of every file imported as a summaries download, read once from the import entries. Entries
    /// written before the entry said which download it was do not count: their awards are overwritten as they
    /// always were.
    private mutating func summariesFiles() throws -> Set<String> {
        if let known = summaryFiles { return known }
        var found = Set<String>()
        for after in try String.fetchAll(db, sql: "SELECT after FROM journal WHERE kind = 'import' AND after IS NOT NULL") {
            let members = try JSONValue(parsing: after).members
            if members["download"] == .string("summaries"), case .string(let sha)? = members["sha256"] { found.insert(sha) }
        }
        summaryFiles = found
        return found
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
