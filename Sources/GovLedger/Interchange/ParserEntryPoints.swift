import Foundation

/// The parsers of untrusted bytes, as the fuzz targets (`Sources/GovLedgerFuzz`, run by `bench/fuzz`) call them:
/// package-level entry points onto the library's own code, so that nothing is copied and nothing needs `@testable`.
package enum ParserEntryPoints {
    /// One CSV record as the reader returns it.
    package struct CSVRecord: Equatable {
        package var line: Int
        package var fields: [String]
    }

    /// Every record of `data` read by the importers' CSV reader through a buffer of `bufferSize` bytes, and the
    /// problem that stopped it, if any.
    package static func csvRecords(_ data: Data, bufferSize: Int = 1 << 20) -> (records: [CSVRecord], problem: String?) {
        var reader = CSVReader(data, bufferSize: bufferSize)
        defer { reader.close() }
        var records: [CSVRecord] = []
        while reader.next() {
            records.append(CSVRecord(line: reader.record.line, fields: reader.record.fields))
        }
        return (records, reader.problem.map { "\($0)" })
    }

    /// What the USAspending importer reads from one row.
    package struct USAspendingRow {
        package var line: Int
        package var key: String
        package var toptier: String?
        package var subtier: String?
        package var office: String?
        package var obligated: Int64?
        package var potential: Int64?
        package var start: LedgerDate?
        package var end: LedgerDate?
    }

    /// Every data row of a USAspending CSV (header first) with as many fields as the header, parsed by the
    /// importer's row parser, each a row or the error that refused it; then the reader's problem, if any.
    package static func usaspendingRows(_ data: Data) -> (rows: [Result<USAspendingRow, any Error>], problem: String?) {
        var reader = CSVReader(data)
        defer { reader.close() }
        guard reader.next() else { return ([], reader.problem.map { "\($0)" }) }
        let header = reader.record.fields
        let layout = USAspending.Layout(USAspending.Columns(header))
        var rows: [Result<USAspendingRow, any Error>] = []
        while reader.next() {
            // The importer rejects a ragged row before parsing it, as here.
            guard reader.record.count == header.count else { continue }
            rows.append(Result {
                var notes = Normalisations()
                let row = try USAspending.Row(reader.record, layout, notes: &notes)
                return USAspendingRow(line: row.line, key: row.key, toptier: row.awarding.toptier?.code.code,
                                      subtier: row.awarding.subtier?.code, office: row.awarding.office?.code, obligated: row.obligated, potential: row.potential,
                                      start: row.start, end: row.end)
            })
        }
        return (rows, reader.problem.map { "\($0)" })
    }

    /// The importer's fast path for plain amounts (nil: left to `Money.parseCents`).
    package static func fastCents(_ bytes: [UInt8]) -> Int64? {
        bytes.withUnsafeBufferPointer { FileValues.fastCents($0) }
    }

    /// The importer's fast path for `YYYY-MM-DD` days (nil: left to `LedgerDate(parsing:)`).
    package static func fastDay(_ bytes: [UInt8]) -> LedgerDate? {
        bytes.withUnsafeBufferPointer { FileValues.isoDay($0) }
    }

    /// An agency code (CGAC 3, FPDS or sub-tier 4, office 4–6) as every importer and `add agency` read it.
    package static func code(_ raw: String, lengths: ClosedRange<Int>) throws -> String? {
        try Text.code(raw, field: "code", lengths: lengths)
    }

    /// A SAM.gov UEI.
    package static func uei(_ raw: String) throws -> String? {
        try Text.uei(raw, field: "uei")
    }

    /// A new in-memory ledger holding the agency reference, with a pinned clock and actor, copied from one seeded
    /// once (seeding 1,504 agencies for every input would make the loader's fuzzing a hundred times slower).
    package static func freshLedger() throws -> Ledger {
        let fresh = try Ledger.inMemory(actor: "fuzz", clock: pinnedClock, seeded: false)
        try seededTemplate.get().database.backup(to: fresh.database)
        return fresh
    }

    private static let pinnedClock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_772_366_400) }
    private static let seededTemplate = Result { try Ledger.inMemory(actor: "fuzz", clock: pinnedClock) }
}
