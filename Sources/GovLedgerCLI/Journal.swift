import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Journal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the raw journal of changes.")

        @OptionGroup var ledger: LedgerOptions
        @Option(help: "From this sequence number (a bare number), or from this date (YYYY-MM or YYYY-MM-DD).") var since: String?
        @Option(help: "Only changes by this actor.") var actor: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let format = try output.resolved()
            Output.write(Renderer.render(try ledger.open().journal(since: since, actor: actor), as: format))
        }
    }
}
