import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load ledger JSON files: all of them, or nothing.",
            discussion: "The format is what 'govledger export json' writes (README, 'Interchange format').")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The files to load.") var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file to load") }
        }

        func run() throws {
            let parsed = try files.map { path in (path: path, file: try LedgerFile.decode(try readFile(path), path: path)) }
            let added = try ledger.open().load(parsed)
            let summary = RecordKind.allCases.compactMap { kind in added[kind].map { "\($0) \(kind.table)" } }
            Output.note("loaded \(files.count) file\(files.count == 1 ? "" : "s"): "
                        + (summary.isEmpty ? "nothing new" : summary.joined(separator: ", ")))
        }
    }
}

/// Reads a whole input file; the error names the file.
func readFile(_ path: String) throws -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw LedgerError.inputFile(path: path, row: nil, problem: "no such file")
    }
    guard !isDirectory.boolValue else { throw LedgerError.inputFile(path: path, row: nil, problem: "is a directory") }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw LedgerError.inputFile(path: path, row: nil, problem: "cannot be read")
    }
    return data
}
