import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the ledger to a new file, consistently, even while others write to it.",
            discussion: """
                The copy is the whole ledger, confidential sources unredacted: it is created readable by you only \
                (0600), like the ledger, and must be kept as privately. It appears whole or not at all. To publish, \
                use 'export sqlite'.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The new file.") var path: String

        func run() throws {
            try ledger.open().backup(to: path)
            Output.note("backed up \(ledger.path) to \(path) (readable by you only: it holds the confidential sources, unredacted)")
        }
    }
}
