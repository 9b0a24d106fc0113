import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddAgency: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "agency", abstract: "Record an agency.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The agency's name.") var name: String
        @Option(help: "Its acronym.") var acronym: String?
        @Option(help: "department, subagency or office (default: department, or subagency with --parent).")
        var level: String?
        @Option(help: "The agency above it (id, name, acronym or code).") var parent: String?
        @Option(help: "Toptier CGAC code, e.g. 070.") var cgac: String?
        @Option(help: "FPDS department code, e.g. 7000.") var fpds: String?
        @Option(help: "Sub-tier code, e.g. 7012.") var subtier: String?
        @Option(help: "Office code (AAC), e.g. 70CDCR.") var office: String?
        @OptionGroup var sources: SourceOptions

        func run() throws {
            let level = try level.map { try AgencyLevel.parse($0, field: "--level") }
                ?? (parent == nil ? .department : .subagency)
            let id = try ledger.open().addAgency(
                name: name, acronym: acronym, level: level, parent: parent, cgacCode: cgac, fpdsCode: fpds,
                subtierCode: subtier, officeCode: office, sources: sources.source)
            Output.line("\(id)")
        }
    }
}
