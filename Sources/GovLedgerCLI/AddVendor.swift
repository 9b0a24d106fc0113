import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddVendor: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "vendor", abstract: "Record a vendor.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The vendor's name.") var name: String
        @Option(help: "Another name it goes by; repeat for several.") var alias: [String] = []
        @Option(help: "Its SAM.gov Unique Entity ID.") var uei: String?
        @Option(help: "Its parent company (id, name, alias or UEI).") var parent: String?
        @Option(help: "Its website.") var website: String?
        @OptionGroup var sources: SourceOptions
        @Flag(help: "Record it even though another vendor has this name, an alias or UEI: they really are different companies.")
        var distinct = false

        func run() throws {
            let id = try ledger.open().addVendor(name: name, aliases: alias, uei: uei, parent: parent,
                                                 website: website, sources: sources.source, distinct: distinct)
            Output.line("\(id)")
        }
    }
}
