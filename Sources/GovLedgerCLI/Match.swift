import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose vendors that may be one company, scored, with the evidence, best first.",
            discussion: """
                Identifiers dominate names: a shared UEI or DUNS number scores 100; names alone at most 90, less when
                both vendors hold different UEIs or their names carry different numbers. Decide each pair with
                'govledger judge A B same|different|unsure'. See docs/correcting.md.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "What to match: vendors.") var kind: String
        @Option(help: "At most this many pairs (1 to 100000).") var limit = 50
        @Option(name: .customLong("min-score"), help: "Only pairs scoring at least this (0 to 100).") var minScore = 50
        @OptionGroup var output: OutputOptions

        func run() throws {
            guard ["vendor", "vendors"].contains(kind.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw LedgerError.invalidValue(field: "kind", value: kind, expected: "vendors")
            }
            let format = try output.resolved()
            let matches = try ledger.open().matchVendors(limit: limit, minScore: minScore)
            Output.write(Renderer.render(Ledger.table(matches), as: format))
        }
    }
}

extension GovLedgerCommand {
    struct Judge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record whether two vendors are one company: same (merges A into B), different, or unsure.",
            discussion: """
                'different' keeps the pair out of 'match vendors' and 'check'; 'unsure' is recorded and the pair is
                still proposed, marked. A later judgement of the pair replaces the earlier one (the journal keeps both).
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The vendor judged (for same, the one merged away).") var vendor: String
        @Argument(help: "The vendor it is judged against (for same, the one it becomes).") var other: String
        @Argument(help: "same, different or unsure.") var verdict: String
        @Option(help: "Why (kept with the judgement and in the journal).") var reason: String?

        func run() throws {
            let summary = try ledger.open().judge(vendor, other, try Verdict.parse(verdict), reason: reason)
            var text = "judged \(summary.vendor) and \(summary.other) \(summary.verdict.rawValue)\n"
            if let merge = summary.merge { text += Merge.render(merge, dryRun: false) }
            Output.write(text)
        }
    }
}
