import Crypto
import Foundation
import GRDB

/// What one imported file did to the ledger.
public struct ImportSummary: Sendable, Equatable, Encodable {
    /// A row that was not imported, and why.
    public struct Rejected: Sendable, Equatable, Encodable {
        /// The line of the file the row starts on.
        public var row: Int
        public var reason: String
    }

    public var file: String
    public var sha256: String
    public var rowsRead = 0
    public var awardsAdded = 0
    public var awardsUpdated = 0
    public var awardsUnchanged = 0
    public var vendorsCreated = 0
    public var agenciesCreated = 0
    public var rejected: [Rejected] = []

    /// One line for people.
    public var line: String {
        "\(file): \(rowsRead) rows read; awards \(awardsAdded) added, \(awardsUpdated) updated, \(awardsUnchanged) unchanged; "
            + "\(vendorsCreated) vendors and \(agenciesCreated) agencies created; \(rejected.count) rejected"
    }
}

extension Ledger {
    /// Imports a USAspending contracts download: prime award summaries (`total_obligated_amount`) or prime award
    /// transactions (`federal_action_obligation`, `action_date`, summed per award). Columns are found by name.
    ///
    /// Vendors resolve by `recipient_uei`, else by normalised `recipient_name`, and are linked to their parent;
    /// agencies resolve by code (toptier > sub-tier > office), created with their real names when missing. Awards
    /// are keyed by `contract_award_unique_key`: the same file twice changes nothing, a newer one updates. The
    /// file is one transaction; a bad row is rejected with its line and reason, never silently dropped.
    public func importUSAspending(path: String, data: Data, progress: ((Int) -> Void)? = nil) throws -> ImportSummary {
        let name = URL(fileURLWithPath: path).lastPathComponent
        var summary = ImportSummary(file: name, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
        var reader = CSVReader(data)
        guard let header = reader.next() else {
            throw reader.problem.map { USAspending.fileError(path, $0) }
                ?? LedgerError.inputFile(path: path, row: nil, problem: "is empty")
        }
        let columns = USAspending.Columns(header.fields)
        for required in ["contract_award_unique_key", "recipient_name", "awarding_agency_code"] where columns[required] == nil {
            throw LedgerError.inputFile(path: path, row: 1, problem: "missing required column \(required)")
        }
        var rows: [USAspending.Row] = []
        while let record = reader.next() {
            summary.rowsRead += 1
            guard record.fields.count == header.fields.count else {
                summary.rejected.append(.init(row: record.line,
                                              reason: "has \(record.fields.count) fields; the header has \(header.fields.count)"))
                continue
            }
            do {
                rows.append(try USAspending.Row(record, columns))
            } catch let error as LedgerError {
                summary.rejected.append(.init(row: record.line, reason: error.description))
            }
        }
        if let problem = reader.problem { throw USAspending.fileError(path, problem) }
        let awards = columns.isTransactions ? USAspending.summed(rows) : rows
        return try write("import usaspending", bulk: true) { db in
            var resolver = USAspending.Resolver(db: db)
            // The import's own journal entry comes first in this transaction, so its seq is the next one.
            let entrySeq = try Journal.head(db).seq + 1
            var written: [(id: Int64, hash: String)] = []
            var released: [Int64: [(id: Int64, hash: String)]] = [:]
            for (index, row) in awards.enumerated() {
                if index % 1_000 == 0 { progress?(index) }
                var award = Award(
                    awardKey: row.key, piid: row.piid, vendorId: try resolver.vendor(row),
                    agencyId: try resolver.agency(row), description: row.description, awardType: row.awardType,
                    obligatedCents: row.obligated, potentialCents: row.potential, date: row.start, ends: row.end,
                    permalink: row.permalink)
                (award.sourceFile, award.sourceSha256, award.sourceRow) = (name, summary.sha256, Int64(row.line))
                // One prepared statement for the whole file: preparing a SELECT * per row cost a quarter of the import.
                if let existing = try Award.fetchOne(try db.cachedStatement(sql: "SELECT * FROM awards WHERE award_key = ?"),
                                                     arguments: [row.key]) {
                    award.id = existing.id
                    var comparable = award
                    (comparable.sourceFile, comparable.sourceSha256, comparable.sourceRow) =
                        (existing.sourceFile, existing.sourceSha256, existing.sourceRow)
                    comparable.pursuitId = existing.pursuitId
                    comparable.solicitationId = existing.solicitationId
                    if comparable == existing {
                        summary.awardsUnchanged += 1
                        continue
                    }
                    award.pursuitId = existing.pursuitId
                    award.solicitationId = existing.solicitationId
                    if let earlier = try Int64.fetchOne(db, sql: "SELECT import_seq FROM awards WHERE id = ?",
                                                        arguments: [existing.id]) {
                        released[earlier, default: []].append((existing.id!, BulkJournal.rowHash(existing)))
                    } else {
                        try Journal.requireUntampered(.award, existing.id!, in: db)
                    }
                    try award.update(db)
                    summary.awardsUpdated += 1
                } else {
                    try award.insert(db)
                    summary.awardsAdded += 1
                }
                try db.execute(sql: "UPDATE awards SET import_seq = ? WHERE id = ?", arguments: [entrySeq, award.id])
                written.append((award.id!, BulkJournal.rowHash(award)))
            }
            if !written.isEmpty {
                try Journal.append(db, at: Journal.timestamp(clock()), actor: actor, command: "import usaspending",
                                   kind: "import", recordId: nil, before: nil,
                                   after: BulkJournal.image(source: "usaspending", summary: summary, written: written,
                                                            released: released))
            }
            progress?(awards.count)
            summary.vendorsCreated = resolver.vendorsCreated
            summary.agenciesCreated = resolver.agenciesCreated
            return summary
        }
    }
}
