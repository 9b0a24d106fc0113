import ArgumentParser
import GovLedger

extension SearchKind: ExpressibleByArgument {}

extension GovLedgerCommand {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search titles, summaries, descriptions, notes and quotes; best matches first.",
            discussion: """
                Every word must match. "a phrase" matches its words in order; a OR b matches either; -word or \
                NOT word leaves out what matches it; word* matches words starting so. A word of four letters or \
                more also finds longer words it starts (detain: detainee, detainees) and an -ain word its -ention \
                noun (detain: detention). Case and accents are ignored; words are stemmed (contracts: contract). \
                When more records match than are shown, stderr says how many ("50 of 263 hits; --limit shows \
                more"). Award hits show the vendor, agency, date and obligated amount.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "What to find (see the discussion for phrases, OR, -word and prefix*).") var text: String
        @Option(name: .customLong("kind"), parsing: .singleValue,
                help: "Search only this kind of record (repeatable).")
        var kinds: [SearchKind] = []
        @Option(help: "At most this many hits.") var limit = 50
        @Option(name: .customLong("tag"), help: "Only records tagged with this word ('govledger tag'); repeat: with every one.")
        var tags: [String] = []
        @OptionGroup var output: OutputOptions

        func validate() throws {
            let repeated = Dictionary(grouping: kinds, by: \.self).filter { $0.value.count > 1 }.keys
            if let kind = repeated.first {
                throw ValidationError("--kind '\(kind.rawValue)' is given twice")
            }
        }

        func run() throws {
            let format = try output.resolved()
            let result = try ledger.open().find(text, kinds: Set(kinds), limit: limit, tags: tags)
            Output.write(Renderer.render(result.table, as: format))
            if result.total > result.table.rows.count {
                Output.note("\(result.table.rows.count) of \(result.total) hits; --limit \(min(result.total, 10_000)) shows \(result.total > 10_000 ? "10000" : "them all")")
            }
        }
    }
}
