import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load ledger JSON files: all of them, or nothing.",
            discussion: "The format is what 'govledger export json' writes (docs/interchange.md).")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The files to load.") var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file to load") }
        }

        func run() throws {
            let parsed = try files.map { path in (path: path, file: try LedgerFile.read(path: path)) }
            let added = try ledger.open().load(parsed)
            let summary = RecordKind.allCases.compactMap { kind in added[kind].map { "\($0) \(kind == .request ? "requests" : kind.table)" } }
                + (added.judgements > 0 ? ["\(added.judgements) judgements"] : [])
            Output.note("loaded \(files.count) file\(files.count == 1 ? "" : "s"): "
                        + (summary.isEmpty ? "nothing new" : summary.joined(separator: ", ")))
        }
    }
}
