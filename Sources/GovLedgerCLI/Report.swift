import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit report: per administration, each pursuit with its evidence, a timeline, sources.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var filters: FilterOptions
        @Option(help: "md, json or html (default: md).") var format = "md"
        @Option(name: .shortAndLong, help: "Write to this new file instead of stdout.") var output: String?
        @Flag(help: "With -o, replace an existing file (never the ledger itself).") var force = false

        func run() throws {
            let format = try ReportFormat.named(format)
            let text = try ReportRenderer.render(try ledger.open().report(try filters.filter()), as: format)
            try write(text, to: output, ledger: ledger.path, force: force)
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
