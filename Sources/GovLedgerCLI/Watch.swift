import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Saved queries: what matches now that did not at the last look.",
            discussion: """
                'watch add NAME --agency ICE' saves a query with the filters of 'list'; 'watch' (or 'watch check') \
                then lists, for each watch, the records that match now and did not at the last look — new awards \
                after an import, a pursuit edited or merged into the query — and moves the mark. The first look \
                after 'watch add' shows only what came to match since (--all shows everything). Watches are your \
                own reading state: not journaled, not exported.

                Examples:
                  govledger watch add ice-awards --agency ICE --kind award
                  govledger import usaspending awards.csv && govledger watch
                  govledger watch check ice-awards --peek --format md
                """,
            subcommands: [WatchCheck.self, WatchAdd.self, WatchList.self, WatchRemove.self],
            defaultSubcommand: WatchCheck.self)
    }

    struct WatchAdd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Save a query under NAME and take its first mark.",
            discussion: """
                The filters mean what they mean to 'list' (a vendor and its subsidiaries, a vendor family's words, an \
                agency and its offices); an unknown vendor or agency is refused as 'list' refuses it. --kind names \
                the kinds of record watched (repeat it); without it: pursuits, stage changes, awards, solicitations, \
                documents, events and requests, those the filters apply to. Every record matching now counts as \
                seen. Prints how many.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The watch's name (unique).") var name: String
        @OptionGroup var filters: FilterOptions
        @Option(name: .customLong("kind"), help: "A kind of record to watch (award, solicitation, pursuit, stage-change, document, event, request, source, person, vendor, agency); repeat for several.")
        var kinds: [String] = []
        @Option(name: .customLong("tag"), help: "Only records tagged with this word ('govledger tag'); repeat: with every one.")
        var tags: [String] = []

        func run() throws {
            var filter = try filters.filter()
            filter.tags = tags
            let watch = GovLedger.Watch(name: name, kinds: try kinds.map { try RecordKind.named($0) }, filter: filter)
            let marked = try ledger.open().addWatch(watch)
            Output.line("watch \(name.trimmingCharacters(in: .whitespaces)): \(marked) record\(marked == 1 ? "" : "s") match now, marked as seen")
        }
    }

    struct WatchCheck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "List what is new to each watch since its last look, then move the mark.",
            discussion: """
                One row per record new to a watch — watch, kind, ref, title, vendor, agency, date, obligated_cents, \
                currency — grouped by watch; the counts go to stderr. --format md writes Markdown for an editor. A \
                record that matched at the last look and matches now is never shown again; one that matches now and \
                did not always is. Confidential sources, a confidential source's person and requests made to that \
                person alone are counted, not shown, unless --include-confidential (never to a terminal).
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The watches to look at (default: every one).") var names: [String] = []
        @Flag(help: "Show what is new without moving the mark.") var peek = false
        @Flag(help: "List every record that matches now, seen or not.") var all = false
        @Option(help: "table, json, csv, nl or md (default: table on a terminal, else json).") var format: String?
        @Flag(name: .customLong("include-confidential"), help: "Show confidential sources and their people (never to a terminal).")
        var includeConfidential = false
        @OptionGroup var file: OutputFileOptions

        func run() throws {
            let tabular = try tabularOrMarkdown(format)
            try file.check(ledger: ledger.path, confidential: includeConfidential)
            let look = try ledger.open().lookAtWatches(names, peek: peek, all: all, includeConfidential: includeConfidential)
            if let tabular {
                try file.write(Renderer.render(look.table, as: tabular), ledger: ledger.path, confidential: includeConfidential)
                Output.note(WatchRenderer.summary(look) + (peek ? " (peek: mark not moved)" : ""))
            } else {
                try file.write(WatchRenderer.markdown(look), ledger: ledger.path, confidential: includeConfidential)
            }
        }
    }

    struct WatchList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "The saved watches: kinds, filters, last look and how many records matched then.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let format = try output.resolved()
            Output.write(Renderer.render(try ledger.open().watchList(), as: format))
        }
    }

    struct WatchRemove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Forget a watch and its mark.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The watch's name.") var name: String

        func run() throws {
            try ledger.open().removeWatch(name)
            Output.line("removed watch \(name.trimmingCharacters(in: .whitespaces))")
        }
    }
}
