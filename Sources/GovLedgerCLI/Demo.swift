import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build a ledger from the bundled Salesforce–ICE fixtures and print its report.",
            discussion: "The ledger is a temporary file unless --db names one (which must not exist yet).")

        @Option(help: "Keep the ledger in this new file.") var db: String?
        @Option(help: "md or json (default: md).") var format = "md"

        func run() throws {
            let format = try ReportFormat.named(format)
            let path = db ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("govledger-demo-\(ProcessInfo.processInfo.processIdentifier).sqlite").path
            defer {
                if db == nil {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                }
            }
            let ledger = try Ledger.create(at: path, actor: ProcessInfo.processInfo.environment["GOVLEDGER_ACTOR"],
                                           clock: try fixedClock())
            try ledger.load([(path: "fixtures/salesforce-ice.json",
                              file: try LedgerFile.decode(Data(PackageResources.salesforce_ice_json), path: "fixtures/salesforce-ice.json"))])
            let report = try ledger.report(Filter(vendor: "Salesforce", agency: "ICE"))
            Output.write(try ReportRenderer.render(report, as: format))
        }
    }
}
