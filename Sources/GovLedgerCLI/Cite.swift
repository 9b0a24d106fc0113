import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Cite: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Attach a source to any record.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "What is cited: agency, vendor, solicitation, pursuit, stage-change, document, award or event.")
        var kind: String
        @Argument(help: "The record (id, name or title).") var ref: String
        @Option(help: "The source (id or title).") var source: String
        @Option(help: "The words the source uses.") var quote: String?
        @Option(help: "The page it is on.") var page: Int64?

        func run() throws {
            let id = try ledger.open().cite(try RecordKind.named(kind), ref, source: source, quote: quote, page: page)
            Output.line("\(id)")
        }
    }
}
