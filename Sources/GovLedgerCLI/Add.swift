import ArgumentParser

extension GovLedgerCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a vendor, agency, source, solicitation, pursuit, document, award, event or person.",
            discussion: "Each prints the new record's id.",
            subcommands: [AddVendor.self, AddAgency.self, AddSource.self, AddSolicitation.self, AddPursuit.self,
                          AddDocument.self, AddAward.self, AddEvent.self, AddPerson.self])
    }
}
