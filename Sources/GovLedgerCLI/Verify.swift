import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the journal's hash chain and check every record against it.",
            discussion: "Exit 0 and one line when intact; exit 1 and the first problem otherwise.")

        @OptionGroup var ledger: LedgerOptions
        @Option(parsing: .upToNextOption, help: "Also confirm that a published head (SEQ HASH) is part of today's journal.")
        var at: [String] = []

        func validate() throws {
            guard at.isEmpty || at.count == 2 else { throw ValidationError("--at takes SEQ HASH") }
        }

        func run() throws {
            var published: (seq: Int64, hash: String)?
            if at.count == 2 {
                guard let seq = Int64(at[0]), seq > 0 else {
                    throw LedgerError.invalidValue(field: "--at", value: at[0], expected: "a journal sequence number")
                }
                published = (seq, at[1].lowercased())
            }
            let verification = try ledger.open().verify(at: published)
            if verification.intact {
                Output.line(verification.summary)
            } else {
                for problem in verification.problems.prefix(20) {
                    Output.line("\(problem.kind) \(problem.ref): \(problem.message)")
                }
                Output.fail(verification.summary, status: 1)
            }
        }
    }
}
