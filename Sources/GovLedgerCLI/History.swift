import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every change to one record, oldest first, with who made it and when.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The kind of record (or citation, judgement).") var kind: String
        @Argument(help: "The record (id, name or title).") var ref: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let format = try output.resolved()
            Output.write(Renderer.render(try ledger.open().history(kind, ref), as: format))
        }
    }
}
