import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddEvent: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "event", abstract: "Record a dated event: a letter, petition, news report or statement.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "What happened.") var title: String
        @Option(help: "letter, petition, news-report, statement, protest, meeting, announcement, incident or other.")
        var kind = "other"
        @Option(help: "When it happened (YYYY, YYYY-MM, YYYY-MM-DD, an administration, A..B, ..B on or before, A.. on or after).") var on: String
        @Option(help: "More detail.") var summary: String?
        @Option(help: "How many signed it: 900, ~900 (about), or \"nearly 900\" (about, nearly, almost, over, more than, at least, up to).")
        var signatures: String?
        @Option(help: "Where to read about it.") var url: String?
        @Option(help: "A pursuit it concerns; repeat for several.") var pursuit: [String] = []
        @Option(help: "A vendor it concerns; repeat for several.") var vendor: [String] = []
        @Option(help: "An agency it concerns; repeat for several.") var agency: [String] = []
        @Option(help: "A person involved (id or name); repeat for several.") var person: [String] = []
        @OptionGroup var sources: SourceOptions

        func run() throws {
            let count = try signatures.map { raw throws(LedgerError) in try Approximation.count(raw, field: "--signatures") }
            let id = try ledger.open().addEvent(
                kind: try EventKind.parse(kind, field: "--kind"), title: title, date: try date(on, "--on")!,
                summary: summary, signatures: count?.value, signaturesQualifier: count?.approximation, url: url, pursuits: pursuit, vendors: vendor,
                agencies: agency, sources: sources.source, people: person)
            Output.line("\(id)")
        }
    }
}
