import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Head: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the journal's head: the sequence number and hash that pin the ledger's state.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let head = try ledger.open().head()
            guard output.format != nil else { return Output.line("\(head.seq) \(head.hash)") }
            let table = Table(columns: ["seq", "hash"], rows: [[.int(head.seq), .text(head.hash)]])
            Output.write(Renderer.render(table, as: try output.resolved()))
        }
    }
}
