import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddAward: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "award", abstract: "Record a contract award from the public record.")

        @OptionGroup var ledger: LedgerOptions
        @Option(help: "The vendor awarded.") var vendor: String
        @Option(help: "The awarding agency.") var agency: String
        @Option(help: "USAspending award key.") var key: String?
        @Option(help: "The award's PIID.") var piid: String?
        @Option(help: "What it is for.") var description: String?
        @Option(help: "Award type, e.g. DEFINITIVE CONTRACT.") var type: String?
        @Option(parsing: .unconditional, help: "Amount obligated, e.g. 1,200,000.00 (negative for de-obligations).") var obligated: String?
        @Option(parsing: .unconditional, help: "Potential value including options.") var potential: String?
        @Option(help: "Currency of the amounts.") var currency = "USD"
        @Option(help: "When it starts (or the administration it falls in, e.g. obama).") var on: String?
        @Option(help: "When its period of performance ends.") var ends: String?
        @Option(help: "The pursuit it resulted from.") var pursuit: String?
        @Option(help: "The solicitation it answers.") var solicitation: String?
        @Option(help: "Its USAspending page.") var permalink: String?
        @OptionGroup var sources: SourceOptions

        func run() throws {
            let id = try ledger.open().addAward(
                vendor: vendor, agency: agency, awardKey: key, piid: piid, description: description, awardType: type,
                obligatedCents: try cents(obligated, "--obligated"), potentialCents: try cents(potential, "--potential", allowNegative: false),
                currency: try Money.parseCurrency(currency, field: "--currency"), date: try date(on, "--on"),
                ends: try date(ends, "--ends"), pursuit: pursuit, solicitation: solicitation, permalink: permalink,
                sources: sources.source)
            Output.line("\(id)")
        }
    }
}
