import ArgumentParser
import GovLedger

extension ReplyChannel: ExpressibleByArgument {}

extension GovLedgerCommand {
    struct Ask: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a request for comment (right of reply) to a vendor, agency or person.",
            discussion: """
                Prints the request's id; record the answer with 'govledger reply'. 'check' reports a vendor or \
                agency with a pursuit that was never asked, or whose deadline passed with no answer (reply-missing).
                """)

        /// Which kind of record the party is, when a name could be more than one.
        enum PartyKind: String, CaseIterable, ExpressibleByArgument {
            case vendor, agency, person
        }

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "Who was asked: a vendor, agency or person (id or name).") var party: String
        @Option(help: "When they were asked.") var on: String
        @Option(help: "How: \(ReplyChannel.allValueStrings.joined(separator: ", ")).") var via: ReplyChannel?
        @Option(help: "The deadline given for an answer.") var deadline: String?
        @Option(help: "A pursuit they were asked about; repeat for several.") var about: [String] = []
        @Option(help: "The person asked at the vendor or agency (its press office, a spokesperson).")
        var person: String?
        @Option(name: .customLong("party"), help: "Read the party as a vendor, agency or person.")
        var partyKind: PartyKind?

        func run() throws {
            let kind: RecordKind? = switch partyKind {
            case .vendor: .vendor
            case .agency: .agency
            case .person: .person
            case nil: nil
            }
            let id = try ledger.open().ask(
                party, partyKind: kind, contact: person, on: try date(on, "--on")!, via: via,
                deadline: try date(deadline, "--deadline"), about: about)
            Output.line("\(id)")
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the answer to a request for comment: once, with exactly one of its forms.",
            discussion: "Prints the request's id. A second answer to the same request is refused.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The request (its id, as 'ask' printed).") var request: String
        @Option(help: "When they answered (or declined, or when you stopped waiting).") var on: String
        @Option(help: "Their statement, a document in the ledger (id or title).") var document: String?
        @Option(help: "What they said, in their words.") var text: String?
        @Flag(help: "They declined to comment.") var declined = false
        @Flag(name: .customLong("no-response"), help: "No answer came.") var noResponse = false

        func validate() throws {
            let given = [("--document", document != nil), ("--text", text != nil), ("--declined", declined),
                         ("--no-response", noResponse)].filter(\.1).map(\.0)
            guard given.count == 1 else {
                throw ValidationError(given.isEmpty
                    ? "give one of --document, --text, --declined, --no-response"
                    : "\(given.joined(separator: " and ")): an answer is one of --document, --text, --declined, --no-response")
            }
        }

        func run() throws {
            let answer: Ledger.Answer = if let document { .document(document) } else if let text { .text(text) }
                else if declined { .declined } else { .noResponse }
            Output.line("\(try ledger.open().reply(request, on: try date(on, "--on")!, answer))")
        }
    }
}
