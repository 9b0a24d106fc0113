import Foundation
import Testing
import GovLedger

/// The DocC catalog's getting-started article (Sources/GovLedger/GovLedger.docc/GettingStarted.md), step by step,
/// through the public API only (no `@testable`), so the article cannot drift from the library.
@Suite struct GettingStartedTests {
    @Test func theArticleWorks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("getting-started-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let ledger = try Ledger.create(at: folder.appendingPathComponent("ice.sqlite").path,
                                       actor: "reporter@example.org")
        let story = try ledger.addSource(kind: .newsReport, title: "Salesforce Staff Urge CEO to End ICE Partnership",
                                         publisher: "AICNBC", url: "https://aicnbc.com/17287.html",
                                         date: try LedgerDate(parsing: "2026", field: "date"))
        let tipster = try ledger.addSource(kind: .other, title: "Person who gave us the memo", confidential: true)
        _ = try ledger.addVendor(name: "Salesforce", aliases: ["Salesforce.com, Inc."])
        let pursuit = try ledger.lead("AI for ICE talent acquisition", vendor: "Salesforce", agency: "ICE",
                                      date: try LedgerDate(parsing: "2025-08", field: "date"),
                                      kind: .hiringRecruitment, sources: [String(story)])
        _ = try ledger.stage(String(pursuit), to: .responded,
                             on: try LedgerDate(parsing: "2025-08-26", field: "date"),
                             note: "Five-page memo", sources: [String(tipster)])

        let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/usaspending/us-local-gov-ice-contracts.csv").path
        let summary = try ledger.importUSAspending(path: csv)
        #expect(summary.awardsAdded > 0)
        #expect(summary.rejected.isEmpty)

        let report = try ledger.report(Filter(vendor: "Salesforce", agency: "ICE"))
        let markdown = try ReportRenderer.render(report, as: .md)
        #expect(markdown.contains("AI for ICE talent acquisition"))
        #expect(markdown.contains("Five-page memo"))
        #expect(!markdown.contains("Person who gave us the memo"))
        #expect(try ledger.verify().problems.isEmpty)
    }
}
