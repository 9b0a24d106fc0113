import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddPursuit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pursuit", abstract: "Record a vendor's pursuit of business with an agency.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "What is being pursued.") var title: String
        @Option(help: "The vendor pursuing it.") var vendor: String
        @Option(help: "The agency it is pursued with.") var agency: String
        @Option(help: "What it is about, e.g. hiring-recruitment, investigations-tips, discount-agreement.")
        var kind = "other"
        @Option(help: "Its stage when first known (default: lead).") var stage = "lead"
        @Option(help: "When it was first known (YYYY, YYYY-MM, YYYY-MM-DD, an administration such as obama or trump, A..B, or open: ..B on or before, A.. on or after).")
        var on: String
        @Option(help: "A summary.") var summary: String?
        @Option(help: "The solicitation it answers.") var solicitation: String?
        @Option(parsing: .unconditional, help: "Estimated value, e.g. 1,200,000.00, ~1,200,000 (about) or \"nearly 1,200,000\".")
        var value: String?
        @Option(help: "Currency of the value.") var currency = "USD"
        @Option(help: "A note on the first stage.") var note: String?
        @OptionGroup var sources: SourceOptions

        func run() throws {
            let estimate = try value.map { raw throws(LedgerError) in
                try Approximation.cents(raw, field: "--value", allowNegative: false)
            }
            let value = try estimate.map { Money(cents: $0.cents, currency: try Money.parseCurrency(currency, field: "--currency")) }
            let id = try ledger.open().addPursuit(
                vendor: vendor, agency: agency, title: title, kind: try PursuitKind.parse(kind, field: "--kind"),
                stage: try GovLedger.Stage.parse(stage, field: "--stage"), date: try date(on, "--on")!,
                summary: summary, solicitation: solicitation, estimatedValue: value, estimatedValueQualifier: estimate?.approximation, note: note, sources: sources.source)
            Output.line("\(id)")
        }
    }
}
