import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the ledger.", subcommands: [ExportJSON.self])
    }

    struct ExportJSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "Write the whole ledger in its own JSON format, confidential sources redacted.")

        @OptionGroup var ledger: LedgerOptions
        @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?

        func run() throws {
            let data = try ledger.open().exportFile().encoded()
            try write(String(decoding: data, as: UTF8.self), to: output, ledger: ledger.path)
        }
    }
}
