import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddSource: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "source", abstract: "Record a source: where facts come from.",
            discussion: "A --confidential source is never named in any output: only '[confidential source]' and its id.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The source's title.") var title: String
        @Option(help: "news-report, document, public-record, interview, statement or other.") var kind = "news-report"
        @Option(help: "Who published it.") var publisher: String?
        @Option(help: "Where it can be read.") var url: String?
        @Option(help: "When it was published (YYYY, YYYY-MM or YYYY-MM-DD).") var on: String?
        @Flag(help: "Never name this source outside the ledger file.") var confidential = false
        @Option(help: ArgumentHelp(
            "Notes about the source; published with it (export json, export sqlite) unless it is --confidential.",
            discussion: "A confidential source's notes never leave the ledger file; anything else's notes are public."))
        var notes: String?
        @Option(help: "The person the source is (id or name); with --confidential, that person is as private as the source.")
        var person: String?

        func run() throws {
            let id = try ledger.open().addSource(
                kind: try SourceKind.parse(kind, field: "--kind"), title: title, publisher: publisher, url: url,
                date: try date(on, "--on"), confidential: confidential, notes: notes, person: person)
            Output.line("\(id)")
        }
    }
}
