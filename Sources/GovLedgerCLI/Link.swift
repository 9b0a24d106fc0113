import ArgumentParser
import GovLedger

/// The one thing `link` or `unlink` connects a record to.
struct LinkTargetOptions: ParsableArguments {
    @Option(help: "A pursuit (an award: the pursuit that won it).") var pursuit: String?
    @Option(help: "A solicitation (awards only: the one it answered).") var solicitation: String?
    @Option(help: "A vendor (documents and events).") var vendor: String?
    @Option(help: "An agency (documents and events).") var agency: String?

    /// The target's kind and reference; exactly one is given (checked in `validate`).
    var targets: [(RecordKind, String)] {
        [(RecordKind.pursuit, pursuit), (.solicitation, solicitation), (.vendor, vendor), (.agency, agency)]
            .compactMap { kind, ref in ref.map { (kind, $0) } }
    }

    func validate() throws {
        guard targets.count == 1 else {
            throw ValidationError(targets.isEmpty ? "name what to link: --pursuit, --solicitation, --vendor or --agency"
                                  : "name one target at a time (" + targets.map { "--" + $0.0.rawValue }.joined(separator: ", ") + " given)")
        }
    }
}

extension GovLedgerCommand {
    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a record after the fact: an award to its pursuit or solicitation, a document or event to what it concerns.",
            discussion: "Kinds: award (--pursuit, --solicitation), document and event (--pursuit, --vendor, --agency). Undo with 'govledger unlink'.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "award, document or event.") var kind: String
        @Argument(help: "The record: its id (or title, PIID, award key).") var ref: String
        @OptionGroup var target: LinkTargetOptions
        @Option(help: "Why (kept in the journal).") var reason: String?

        func run() throws {
            try Link.perform(ledger, kind, ref, target, reason, unlink: false)
        }

        static func perform(_ ledger: LedgerOptions, _ kind: String, _ ref: String, _ target: LinkTargetOptions,
                            _ reason: String?, unlink: Bool) throws {
            guard let (targetKind, targetRef) = target.targets.first else { return }
            let summary = try ledger.open().link(try RecordKind.named(kind), ref, to: targetKind, targetRef,
                                                 unlink: unlink, reason: reason)
            Output.write((unlink ? "unlinked \(summary.record) from " : "linked \(summary.record) to ") + summary.target + "\n")
        }
    }

    struct Unlink: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a link made by 'add', 'edit' or 'link' (the journal keeps it).")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "award, document or event.") var kind: String
        @Argument(help: "The record: its id (or title, PIID, award key).") var ref: String
        @OptionGroup var target: LinkTargetOptions
        @Option(help: "Why (kept in the journal).") var reason: String?

        func run() throws {
            try Link.perform(ledger, kind, ref, target, reason, unlink: true)
        }
    }
}
