import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit report: a summary per administration, a chart, each pursuit with its evidence, the largest awards, a timeline, sources.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var filters: FilterOptions
        @Option(name: .customLong("tag"), help: "Only records tagged with this word ('govledger tag'); repeat: with every one.")
        var tags: [String] = []
        @Option(help: "md, json or html (default: md).") var format = "md"
        @Option(help: "How many of the largest awards to list, or all (default: 50); the rest are counted.")
        var awards = "50"
        @Flag(help: "Verify the whole ledger too and state the verdict (else the report cites the journal head and how to verify it).")
        var verify = false
        @OptionGroup var file: OutputFileOptions

        func run() throws {
            let format = try ReportFormat.named(format)
            let limit: Int?
            if awards.lowercased() == "all" {
                limit = nil
            } else if let n = Int(awards), n >= 1, n <= 1_000_000 {
                limit = n
            } else {
                throw LedgerError.invalidValue(field: "--awards", value: awards, expected: "a number from 1 to 1000000, or all")
            }
            let vendors = filters.vendor.count > 1 ? filters.vendor : []
            var filter = try filters.filter(severalVendors: true)
            filter.tags = tags
            let report = try ledger.open().report(filter, vendors: vendors, awards: limit, verify: verify)
            let text = try ReportRenderer.render(report, as: format)
            try file.write(text, ledger: ledger.path)
        }
    }
}

extension ReportFormat {
    /// Parses `--format` for reports.
    static func named(_ raw: String) throws -> ReportFormat {
        guard let format = ReportFormat(rawValue: raw.lowercased()) else {
            throw LedgerError.invalidValue(field: "--format", value: raw, expected: "md, json or html")
        }
        return format
    }
}
