import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List records of one kind, oldest first.",
            discussion: "Kinds: pursuits, stages, awards, documents, events, solicitations, sources, vendors, agencies.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "What to list.") var kind: String
        @OptionGroup var filters: FilterOptions
        @Option(help: "Only pursuits or stage changes in this stage.") var stage: String?
        @Option(name: .customLong("kind"), help: "Only records of this kind (e.g. memo, petition, hiring-recruitment).")
        var recordKind: String?
        @Flag(name: .customLong("include-retracted"), help: "Retracted records too, marked with why.")
        var includeRetracted = false
        @Option(name: .customLong("tag"), help: "Only records tagged with this word ('govledger tag'); repeat: with every one.")
        var tags: [String] = []
        @OptionGroup var output: OutputOptions

        func run() throws {
            let format = try output.resolved()
            var filter = try filters.filter(stage: stage, kind: recordKind)
            filter.includeRetracted = includeRetracted
            filter.tags = tags
            let table = try ledger.open().list(try RecordKind.named(kind), filter: filter)
            Output.write(Renderer.render(table, as: format))
        }
    }
}
