import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a private reporter's note to any record.",
            discussion: """
                A note is yours alone: 'show' prints it, and nothing else does — no list, search, report, total, \
                export (json, ocds, ftm, sqlite) or check. The journal and 'history' record that a note was \
                added, as '[private note]', never its words. Only 'export json --include-confidential' carries \
                notes, to move a ledger between your own machines. Prints the note's id.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The kind of record.") var kind: String
        @Argument(help: "The record (id, name or title).") var ref: String
        @Argument(help: "The note.") var text: String

        func run() throws {
            Output.line("\(try ledger.open().note(try RecordKind.named(kind), ref, text: text))")
        }
    }
}
