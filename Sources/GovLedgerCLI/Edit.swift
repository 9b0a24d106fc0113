import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a record: the flags of 'add KIND', plus --clear FIELD, with a --reason for the journal.",
            discussion: """
                govledger edit solicitation 4 --posted 2025-03-02 --reason "dated 2025 by mistake"
                Fields per kind are those of 'add KIND' (the title or name as --title/--name); --alias, --source and
                a document's or event's --pursuit/--vendor/--agency add one value each. An imported award keeps its
                provenance and is marked as edited by hand. See docs/correcting.md.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The kind of record.") var kind: String
        @Argument(help: "The record (id, name or title).") var ref: String
        @Option(help: "A field to empty; repeat for several.") var clear: [String] = []
        @Option(help: "Why the record is corrected (kept in the journal entry).") var reason: String?
        @Flag(help: "A vendor's new name, alias or UEI may be another vendor's: they really are different companies.")
        var distinct = false
        @Argument(parsing: .allUnrecognized, help: "--FIELD VALUE pairs, as for 'add KIND'.") var fields: [String] = []

        func run() throws {
            let id = try ledger.open().edit(try RecordKind.named(kind), ref, set: try Edit.pairs(fields), clear: clear,
                                            reason: reason, distinct: distinct)
            Output.line("\(id)")
        }

        /// `--title X --on=2025` as field values, in the order typed.
        static func pairs(_ words: [String]) throws -> [FieldValue] {
            var result: [FieldValue] = []
            var index = 0
            while index < words.count {
                let word = words[index]
                guard word.hasPrefix("--"), word.count > 2 else {
                    throw LedgerError.invalidValue(field: "edit", value: word, expected: "--FIELD VALUE (a flag of 'add', then its value)")
                }
                let flag = word.dropFirst(2)
                if let equals = flag.firstIndex(of: "=") {
                    result.append(FieldValue(String(flag[..<equals]), String(flag[flag.index(after: equals)...])))
                    index += 1
                } else {
                    guard index + 1 < words.count else {
                        throw LedgerError.invalidValue(field: word, value: "", expected: "a value after \(word)")
                    }
                    result.append(FieldValue(String(flag), words[index + 1]))
                    index += 2
                }
            }
            return result
        }
    }
}
