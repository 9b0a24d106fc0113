import Foundation
import GRDB
import Testing
@testable import GovLedger

/// Files of the package itself, found from this source file: Tests/GovLedgerTests/Support.swift → ../../..
enum Package {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The seed case: Salesforce × ICE (see fixtures/README.md).
    static let fixturePath = root.appendingPathComponent("fixtures/salesforce-ice.json").path

    /// The schema's single source of truth.
    static let schemaPath = root.appendingPathComponent("schema.sql").path
}

enum Fixture {
    /// The fixture's bytes.
    static func data() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Package.fixturePath))
    }

    /// The fixture decoded as an interchange file.
    static func file() throws -> LedgerFile {
        try LedgerFile.decode(try data(), path: Package.fixturePath)
    }

    /// A fresh in-memory ledger with the fixture loaded.
    static func ledger() throws -> Ledger {
        let ledger = try Ledger.inMemory()
        try ledger.load([(path: Package.fixturePath, file: try file())])
        return ledger
    }
}

/// Parses a date, for brevity in tests.
func date(_ text: String) throws -> LedgerDate {
    try LedgerDate(parsing: text, field: "date")
}

/// Runs `body` with a fresh, empty temporary directory that is removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("govledger-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The ledger's data tables (everything a named write or a load can add rows to).
let dataTables = [
    "agencies", "vendors", "vendor_aliases", "sources", "solicitations", "pursuits", "stage_changes", "documents",
    "document_links", "awards", "events", "event_links", "citations",
]

extension Ledger {
    /// Rows in one table.
    func count(_ table: String) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    /// Rows in every data table.
    func counts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in dataTables { counts[table] = try count(table) }
        return counts
    }

    /// Runs raw SQL in its own transaction, bypassing every Swift check.
    func rawWrite(_ sql: String, _ arguments: StatementArguments = []) throws {
        try database.write { db in try db.execute(sql: sql, arguments: arguments) }
    }
}

extension GovLedger.Table {
    /// Each row as a dictionary from column name to cell.
    var records: [[String: Cell]] {
        rows.map { Dictionary(uniqueKeysWithValues: zip(columns, $0)) }
    }

    /// One column's values as people read them.
    func strings(_ column: String) -> [String] {
        records.map { $0[column]?.plain ?? "<no column \(column)>" }
    }

    /// The first row whose `column` contains `text`.
    func record(where column: String, contains text: String) -> [String: Cell]? {
        records.first { $0[column]?.plain.contains(text) == true }
    }
}

extension Sections {
    /// The section with this name.
    func table(_ name: String) -> GovLedger.Table? {
        sections.first { $0.name == name }?.table
    }
}

extension LedgerError {
    /// The field an invalid value or a reference error names.
    var field: String? {
        switch self {
        case .invalidValue(let field, _, _), .unknownReference(let field, _, _), .ambiguousReference(let field, _, _):
            field
        default:
            nil
        }
    }
}
