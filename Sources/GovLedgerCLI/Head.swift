import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the journal's head: the sequence number and hash that pin the ledger's state.")

        @OptionGroup var ledger: LedgerOptions

        func run() throws {
            let head = try ledger.open().head()
            Output.line("\(head.seq) \(head.hash)")
        }
    }
}
