import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddDocument: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "document", abstract: "Record a memo, spreadsheet, slide deck, letter or other document.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The document's title.") var title: String
        @Option(help: "memo, spreadsheet, slide-deck, letter, petition, agreement, statement, article, …")
        var kind = "other"
        @Option(help: "Its date.") var on: String?
        @Option(help: "Number of pages.") var pages: Int64?
        @Option(help: "The organisation that wrote it.") var author: String?
        @Option(help: "What it says.") var summary: String?
        @Option(help: "Where it can be read.") var url: String?
        @Option(help: "SHA-256 of a file kept elsewhere (for a file you have, use --file).") var sha256: String?
        @Option(help: "A file to keep in the ledger with it (see 'govledger attach'); repeat for several.")
        var file: [String] = []
        @Option(help: "A pursuit it concerns; repeat for several.") var pursuit: [String] = []
        @Option(help: "A vendor it concerns; repeat for several.") var vendor: [String] = []
        @Option(help: "An agency it concerns; repeat for several.") var agency: [String] = []
        @Option(name: .customLong("written-by"), help: "A person who wrote it (id or name); repeat for several.")
        var writtenBy: [String] = []
        @Option(help: "A person it was sent to (id or name); repeat for several.") var recipient: [String] = []
        @OptionGroup var sources: SourceOptions

        func run() throws {
            let id = try ledger.open().addDocument(
                kind: try DocumentKind.parse(kind, field: "--kind"), title: title, date: try date(on, "--on"),
                pages: pages, authorOrganization: author, summary: summary, url: url, sha256: sha256,
                pursuits: pursuit, vendors: vendor, agencies: agency, sources: sources.source, files: file,
                authors: writtenBy, recipients: recipient)
            Output.line("\(id)")
        }
    }
}
