import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File a record under one or more words, to find it again with --tag.",
            discussion: """
                KIND is agency, vendor, source, solicitation, pursuit, stage-change, document, award or event. Words \
                are lower-cased: letters, digits, '-' and '_' (follow-up, ice-story). A word the record already has \
                is kept once. Prints the record's tags. 'list --tag WORD' and 'search --tag WORD' find it; tags are \
                journaled and go into 'export json'.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The kind of record.") var kind: String
        @Argument(help: "The record (id, name or title).") var ref: String
        @Argument(help: "The words.") var words: [String]

        func run() throws {
            Output.line(try ledger.open().tag(try RecordKind.named(kind), ref, words: words).joined(separator: " "))
        }
    }

    struct Untag: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take words off a record ('govledger tag' put them there).",
            discussion: "A word the record does not have is an error. Prints the record's tags left.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The kind of record.") var kind: String
        @Argument(help: "The record (id, name or title).") var ref: String
        @Argument(help: "The words.") var words: [String]

        func run() throws {
            Output.line(try ledger.open().untag(try RecordKind.named(kind), ref, words: words).joined(separator: " "))
        }
    }
}
