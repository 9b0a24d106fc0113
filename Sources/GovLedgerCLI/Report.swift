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
        @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?

        func run() throws {
            let format = try ReportFormat.named(format)
            let text = try ReportRenderer.render(try ledger.open().report(try filters.filter()), as: format)
            try write(text, to: output, ledger: ledger.path)
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

/// Writes command output to stdout, or to a new file that is not the ledger itself.
func write(_ text: String, to path: String?, ledger: String) throws {
    guard let path else { return Output.write(text) }
    let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    let ledgerPath = URL(fileURLWithPath: ledger).standardizedFileURL.resolvingSymlinksInPath().path
    guard target != ledgerPath else {
        throw LedgerError.invalidValue(field: "--output", value: path, expected: "a path other than the ledger itself")
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        throw LedgerError.inputFile(path: path, row: nil, problem: "cannot write the file")
    }
}
