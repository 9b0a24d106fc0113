import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an empty ledger.")

        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            _ = try ledger.create()
            Output.note("created ledger \(ledger.path)")
        }
    }
}
