import ArgumentParser
import GovLedger

extension GovLedgerCommand {
    struct AddSolicitation: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "solicitation", abstract: "Record a notice an agency issued (RFI, sources sought, solicitation…).")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The notice's title.") var title: String
        @Option(help: "The issuing agency.") var agency: String
        @Option(help: "Notice type, e.g. request-for-information, sources-sought, solicitation.")
        var type = "request-for-information"
        @Option(name: .customLong("notice-id"), help: "SAM.gov notice id.") var noticeId: String?
        @Option(help: "Solicitation number.") var number: String?
        @Option(help: "What it asks for.") var description: String?
        @Option(help: "Where it is posted.") var url: String?
        @Option(help: "When it was posted.") var posted: String?
        @Option(name: .customLong("response-due"), help: "When responses are due.") var responseDue: String?
        @OptionGroup var sources: SourceOptions

        func run() throws {
            let id = try ledger.open().addSolicitation(
                agency: agency, title: title, noticeType: try NoticeType.parse(type, field: "--type"),
                noticeId: noticeId, solicitationNumber: number, description: description, url: url,
                posted: try date(posted, "--posted"), responseDue: try date(responseDue, "--response-due"),
                sources: sources.source)
            Output.line("\(id)")
        }
    }
}
