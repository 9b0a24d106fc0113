import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit data quality: unsourced facts, stale pursuits, likely duplicates and more.",
            discussion: "Checks, in order: " + Checks.names.joined(separator: ", ")
                + ". Exit 1 when any finding is an error.")

        @OptionGroup var ledger: LedgerOptions
        @Option(name: .customLong("stale-days"), help: "A pursuit with no stage change for this many days is stale.")
        var staleDays = 180
        @OptionGroup var output: OutputOptions

        func run() throws {
            let format = try output.resolved()
            let findings = try ledger.open().check(staleDays: staleDays, today: try today())
            Output.write(Renderer.render(Ledger.table(findings), as: format))
            if findings.contains(where: { $0.severity == .error }) {
                Output.fail("\(findings.filter { $0.severity == .error }.count) finding(s) at error severity", status: 1)
            }
        }
    }
}
