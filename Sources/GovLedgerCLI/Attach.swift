import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Attach: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Keep files (the memo as received) in the ledger, attached to a document.",
            discussion: """
                Each file is stored once, however often it is attached, under its SHA-256, with its size, its media \
                type (told from its bytes), its name, when and by whom ('--as'). The journal keeps the hash, never \
                the bytes; 'verify' re-hashes them; 'extract' writes them back byte for byte. Reports print each \
                hash. No export carries a file's bytes except 'export json --include-confidential'. Prints each \
                file's SHA-256 and name. See docs/evidence.md.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The document (id or title).") var document: String
        @Argument(help: "The files to attach, all or none.") var files: [String]

        func run() throws {
            for file in try ledger.open().attach(document: document, files: files) {
                Output.line("\(file.sha256)  \(file.name)")
            }
        }
    }
}
