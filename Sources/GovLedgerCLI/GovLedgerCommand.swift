import ArgumentParser

/// The `govledger` command: configuration only; each subcommand lives in its own file.
struct GovLedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govledger",
        abstract: "Keep a ledger of government-contract pursuits, awards and the evidence for them.",
        discussion: "The ledger is one SQLite file: --db PATH, else $GOVLEDGER_DB, else ./govledger.sqlite.",
        version: "0.1.0",
        subcommands: [Init.self, Add.self, Import.self, Lead.self, Stage.self, Cite.self, Attach.self, Extract.self, Tag.self, Untag.self, Note.self, Edit.self, Retract.self, Restore.self, Merge.self, Unmerge.self, Match.self, Judge.self, Link.self, Unlink.self, List.self, Show.self, Search.self,
                      Report.self, Load.self, Export.self, History.self, Journal.self, Head.self, Verify.self, Diff.self,
                      Check.self, Totals.self, Backup.self, Demo.self, Role.self, Ask.self, Reply.self, Watch.self])
}
