import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search titles, summaries, descriptions, notes and quotes; best matches first.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The words to find (all must match).") var text: String
        @Option(help: "At most this many hits.") var limit = 50
        @OptionGroup var output: OutputOptions

        func run() throws {
            let format = try output.resolved()
            Output.write(Renderer.render(try ledger.open().search(text, limit: limit), as: format))
        }
    }
}
