import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retract a record: kept, with its citations and journal, but left out of every listing, report, total and export.",
            discussion: "Undo with 'govledger restore KIND REF'; see it with --include-retracted. See docs/correcting.md.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The kind of record.") var kind: String
        @Argument(help: "The record (id, name or title).") var ref: String
        @Option(help: "Why it is retracted (required; kept with the record and in the journal).") var reason: String

        func run() throws {
            Output.line("\(try ledger.open().retract(try RecordKind.named(kind), ref, reason: reason))")
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring a retracted record back.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The kind of record.") var kind: String
        @Argument(help: "The retracted record (id, name or title).") var ref: String
        @Option(help: "Why it is restored (kept in the journal).") var reason: String?

        func run() throws {
            Output.line("\(try ledger.open().restore(try RecordKind.named(kind), ref, reason: reason))")
        }
    }
}
