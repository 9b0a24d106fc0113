import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Lead: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Capture a contract lead in one line: a new pursuit in stage 'lead'.",
            discussion: "An unknown vendor or agency is an error that suggests the nearest names, unless --create.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "What the lead is.") var text: String
        @Option(help: "The vendor.") var vendor: String
        @Option(help: "The agency.") var agency: String
        @Option(help: "When it was learned of (default: today).") var on: String?
        @Option(help: "What it is about (default: other).") var kind = "other"
        @OptionGroup var sources: SourceOptions
        @Flag(help: "Record an unknown vendor or agency instead of failing.") var create = false

        func run() throws {
            let id = try ledger.open().lead(
                text, vendor: vendor, agency: agency, date: try date(on, "--on") ?? LedgerDate(day: try today()),
                kind: try PursuitKind.parse(kind, field: "--kind"), sources: sources.source, create: create)
            Output.line("\(id)")
        }
    }
}
