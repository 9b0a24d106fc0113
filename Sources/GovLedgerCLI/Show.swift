import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one record with everything linked to it.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The kind of record.") var kind: String
        @Argument(help: "The record (id, name or title).") var ref: String
        @Flag(name: .customLong("include-retracted"), help: "Show a retracted record, and retracted records linked to it, marked.")
        var includeRetracted = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            let format = try output.resolved()
            let sections = try ledger.open().show(try RecordKind.named(kind), ref, includeRetracted: includeRetracted)
            Output.write(Renderer.render(sections, as: format))
        }
    }
}
