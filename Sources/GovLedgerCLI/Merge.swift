import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge a vendor (or agency) into another: one company, one record.",
            discussion: """
                Everything that named FROM names INTO; FROM's names and identifiers become INTO's; FROM stays as a
                pointer, so old references still resolve. Undo with 'govledger unmerge KIND FROM'. See docs/correcting.md.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "vendor or agency.") var kind: String
        @Argument(help: "The record merged away.") var from: String
        @Option(help: "The record it becomes.") var into: String
        @Option(name: .customLong("parent-from"), help: "When both have a different parent, whose to keep: from or into.")
        var parentFrom: String?
        @Flag(name: .customLong("dry-run"), help: "Say what would move, and change nothing.") var dryRun = false
        @Option(help: "Why they are one (kept in the journal).") var reason: String?

        func run() throws {
            let summary = try ledger.open().merge(
                try RecordKind.named(kind), from, into: into,
                parentFrom: try parentFrom.map { try MergeParent.parse($0, field: "--parent-from") }, dryRun: dryRun,
                reason: reason)
            Output.write(Merge.render(summary, dryRun: dryRun))
        }

        /// `merged vendor 7 (…) into vendor 3 (…)` and one `  what: N` line per kind of row moved.
        static func render(_ summary: MergeSummary, dryRun: Bool) -> String {
            var text = (dryRun ? "would merge " : "merged ") + "\(summary.from) into \(summary.into)\n"
            for (what, count) in summary.moved { text += "  \(what): \(count)\n" }
            return text
        }
    }
}

extension GovLedgerCommand {
    struct Unmerge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo a merge: the merged vendor (or agency) is a record of its own again, with what it had.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "vendor or agency.") var kind: String
        @Argument(help: "The merged record: its id or its own name.") var ref: String
        @Option(help: "Why (kept in the journal).") var reason: String?

        func run() throws {
            let summary = try ledger.open().unmerge(try RecordKind.named(kind), ref, reason: reason)
            var text = "unmerged \(summary.from) from \(summary.into)\n"
            for (what, count) in summary.moved { text += "  \(what): \(count)\n" }
            Output.write(text)
        }
    }
}
