import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the journal's hash chain and check every record against it.",
            discussion: "Exit 0 and one line when intact; exit 1, one line per problem, and the first on stderr otherwise. With --format, the problems as rows (none when intact) and the verdict on stderr.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: OutputOptions
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
            if output.format != nil {
                let table = Table(columns: ["kind", "ref", "message", "fields"], rows: verification.problems.map {
                    [.text($0.kind), .int($0.ref), .text($0.message), .list($0.fields)]
                })
                Output.write(Renderer.render(table, as: try output.resolved()))
                if !verification.intact { Output.fail(verification.summary, status: 1) }
                return Output.note(verification.summary)
            }
            if verification.intact {
                Output.line(verification.summary)
            } else {
                for problem in verification.problems {
                    Output.line("\(problem.label): \(problem.message)")
                }
                Output.fail(verification.summary, status: 1)
            }
        }
    }
}
