import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the ledger to a new file, consistently, even while others write to it.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The new file.") var path: String

        func run() throws {
            try ledger.open().backup(to: path)
            Output.note("backed up \(ledger.path) to \(path)")
        }
    }
}
