import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed in the ledger since a journal entry (a published head) or a date.",
            discussion: """
                Every record added, changed (field by field, old and new value), retracted, restored, merged, \
                unmerged or deleted since entry SEQ, by kind: the state at SEQ against the state now. With HASH (as \
                'govledger head' printed it when the story ran), the journal is first checked as 'verify --at SEQ \
                HASH' checks its chain; one that does not match is refused (exit 1). 'verify' checks the rows too. Awards and notices a bulk import wrote \
                are listed, but their values before it are not journaled one by one, so only the new ones show. \
                --format md writes Markdown for an editor; the other formats print one row per field changed and \
                the counts on stderr. Confidential sources are masked unless --include-confidential (never to a \
                terminal).
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The journal entry to compare with (a published head's sequence number).") var seq: String?
        @Argument(help: "The published head's hash: the chain is checked first, as 'verify --at SEQ HASH' checks it.") var hash: String?
        @Option(help: "Instead of SEQ: what changed from this day on (UTC; YYYY, YYYY-MM or YYYY-MM-DD).") var since: String?
        @Option(help: "List at most this many records (default: all; 1000 with --format md). Every record is still counted.")
        var limit: Int?
        @Option(help: "table, json, csv, nl or md (default: table on a terminal, else json).") var format: String?
        @Flag(name: .customLong("include-confidential"), help: "Show confidential sources whole (never to a terminal).")
        var includeConfidential = false
        @Option(name: .customLong("tag"), help: "Only records tagged (now) with this word ('govledger tag'); repeat: with every one.")
        var tags: [String] = []
        @OptionGroup var file: OutputFileOptions

        func validate() throws {
            guard (seq == nil) != (since == nil) else { throw ValidationError("give SEQ [HASH] or --since DATE, not both or neither") }
        }

        func run() throws {
            let tabular = try tabularOrMarkdown(format)
            try file.check(ledger: ledger.path, confidential: includeConfidential)
            let opened = try ledger.open()
            let baseline: Int64
            if let seq {
                guard let number = Int64(seq), number >= 0 else {
                    throw LedgerError.invalidValue(field: "SEQ", value: seq, expected: "a journal sequence number")
                }
                baseline = number
            } else {
                baseline = try opened.diffBaseline(before: since ?? "")
            }
            if let hash {
                guard baseline > 0 else {
                    throw LedgerError.invalidValue(field: "SEQ", value: seq ?? "", expected: "a journal entry from 1 on, with HASH")
                }
                let head = try opened.head().seq
                guard baseline <= head else {
                    throw LedgerError.invalidValue(field: "SEQ", value: seq ?? "", expected: "a journal entry from 1 to the head, \(head)")
                }
                if let problem = try opened.chainProblem(at: (baseline, hash.lowercased())) {
                    Output.fail("the journal does not match the published head: " + problem, status: 1)
                }
            }
            // Markdown is for a person: past a thousand records the counts say more than the list.
            let diff = try opened.diff(since: baseline, limit: limit ?? (tabular == nil ? 1000 : nil),
                                       includeConfidential: includeConfidential, tags: tags)
            if let tabular {
                try file.write(Renderer.render(DiffRenderer.table(diff), as: tabular), ledger: ledger.path,
                               confidential: includeConfidential)
                Output.note("since entry \(diff.sinceSeq): \(diff.summary)"
                            + (diff.omitted > 0 ? "; \(diff.omitted) more not listed (--limit)" : ""))
            } else {
                try file.write(DiffRenderer.markdown(diff), ledger: ledger.path, confidential: includeConfidential)
            }
        }
    }
}
