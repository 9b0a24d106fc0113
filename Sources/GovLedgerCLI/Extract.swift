import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Extract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a document's files back out, byte for byte, under the names they were attached with.",
            discussion: """
                Files are written readable by their owner only (0600), whole or not at all, and checked against \
                their SHA-256 as they are written. An existing file is never replaced without --force. Prints each \
                file's SHA-256 and path. A published copy ('export sqlite') holds the hashes only, and refuses.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The document (id or title).") var document: String
        @Option(name: [.customShort("o"), .customLong("output")], help: "The folder to write into (default: the current one).")
        var output = "."
        @Flag(help: "Replace files that already exist there.") var force = false

        func run() throws {
            for file in try ledger.open().extract(document: document, to: output, force: force) {
                Output.line("\(file.file.sha256)  \(file.path)")
            }
        }
    }
}
