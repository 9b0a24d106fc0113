import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit report: per administration, each pursuit with its evidence, a timeline, sources.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var filters: FilterOptions
        @Option(name: .customLong("tag"), help: "Only records tagged with this word ('govledger tag'); repeat: with every one.")
        var tags: [String] = []
        @Option(help: "md, json or html (default: md).") var format = "md"
        @Flag(help: "Verify the whole ledger too and state the verdict (else the report cites the journal head and how to verify it).")
        var verify = false
        @OptionGroup var file: OutputFileOptions

        func run() throws {
            let format = try ReportFormat.named(format)
            var filter = try filters.filter()
            filter.tags = tags
            let text = try ReportRenderer.render(try ledger.open().report(filter, verify: verify), as: format)
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
