import ArgumentParser
import GovLedger

extension TotalsDimension: ExpressibleByArgument {}

extension GovLedgerCommand {
    struct Totals: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Count awards and sum their money per administration, fiscal year, vendor, agency or award type.",
            discussion: """
                An award with imported transactions counts each transaction's obligation under its action date (once \
                in each administration it obligated money under; its potential value under its start date); any \
                other award counts under its start date (period of performance start): its administration, federal \
                fiscal year (FY2021 = 2020-10-01 to 2021-09-30) and year. Filters apply to that date too; the basis \
                column says which dates placed each row (start-date, transactions, both). Tables \
                show dollars; json, csv and nl keep exact integer cents beside the currency. Offices are counted \
                under their sub-tier agency; vendors as recorded on the awards.

                Examples:
                  govledger totals --by administration,vendor --agency ICE --top 10
                  govledger totals --by fiscal-year --vendor Palantir --format csv
                """)

        @OptionGroup var ledger: LedgerOptions
        @Option(name: .customLong("by"), parsing: .singleValue,
                help: ArgumentHelp("What to group by, comma-separated, in order (\(TotalsDimension.allCases.map(\.rawValue).joined(separator: ", "))).",
                                   valueName: "dimension[,dimension…]"))
        var by: [String] = []
        @OptionGroup var filters: FilterOptions
        @Option(name: .customLong("fiscal-year"), help: "Only awards that start in this federal fiscal year (e.g. 2021).")
        var fiscalYear: Int?
        @Option(help: "Keep the N largest rows within each group of the leading dimensions.") var top: Int?
        @Option(name: .customLong("tag"), help: "Only awards tagged with this word ('govledger tag'); repeat: with every one.")
        var tags: [String] = []
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if by.isEmpty { throw ValidationError("Missing expected argument '--by <dimension[,dimension…]>'") }
        }

        func run() throws {
            let format = try output.resolved()
            let dimensions = try by.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { try TotalsDimension.parse(String($0), field: "--by") }
            var filter = try filters.filter()
            filter.tags = tags
            let totals = try ledger.open().totals(by: dimensions, filter: filter, fiscalYear: fiscalYear,
                                                  top: top)
            Output.write(Renderer.render(totals.table, as: format))
        }
    }
}
