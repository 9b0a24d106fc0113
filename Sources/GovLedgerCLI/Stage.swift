import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Stage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a pursuit to a new stage on a date.",
            discussion: "Stages: lead, pitched, responded, proposal, awarded, lost, withdrawn, cancelled, agreement.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The pursuit (id or title).") var pursuit: String
        @Argument(help: "The new stage.") var stage: String
        @Option(help: "When it happened.") var on: String
        @Option(help: "Why, or what is known.") var note: String?
        @Option(help: "A person involved (id or name); repeat for several.") var person: [String] = []
        @OptionGroup var sources: SourceOptions

        func run() throws {
            let id = try ledger.open().stage(
                pursuit, to: try GovLedger.Stage.parse(stage), on: try date(on, "--on")!, note: note,
                sources: sources.source, people: person)
            Output.line("\(id)")
        }
    }
}
