import Foundation
import Testing
@testable import GovLedger
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The report at public-record scale (issue 12): the two real ICE downloads, 1,039 awards.
@Suite("Report at scale")
struct ReportScaleTests {
    static func iceLedger() throws -> Ledger {
        let ledger = try Ledger.inMemory(actor: "tester", clock: { journalTime })
        for name in USAspendingData.files { _ = try ledger.importUSAspending(path: name, data: try USAspendingData.data(name)) }
        return ledger
    }

    @Test("the ICE report lists the 50 largest awards, counts the rest, and sums to the per-administration table")
    func largestAndRest() throws {
        let ledger = try Self.iceLedger()
        let report = try ledger.report(Filter(agency: "ICE"))
        #expect(report.awards.count == 50)
        let cents = report.awards.compactMap(\.obligatedCents)
        #expect(cents == cents.sorted(by: >))
        let total = report.administrations.reduce(0) { $0 + $1.awards }
        #expect(report.awardsLeftOut.awards == total - 50)
        let known = report.administrations.reduce(Int64(0)) { $0 + $1.obligatedCents }
        #expect(report.awardsLeftOut.obligatedCents + cents.reduce(0, +) == known)
        #expect(report.fiscalYears.reduce(Int64(0)) { $0 + $1.obligatedCents } == known)
        #expect(report.awards.allSatisfy { $0.imported && ($0.permalink ?? "").hasPrefix("https://www.usaspending.gov/award/") })
        // `--awards all`: every award, none left out.
        let all = try ledger.report(Filter(agency: "ICE"), awards: nil)
        #expect(all.awards.count == total && all.awardsLeftOut == Report.AwardsLeftOut(awards: 0, obligatedCents: 0))
    }

    @Test("scope in words, each office once; the imported files as sources; imported awards per fiscal year")
    func scopeFilesTimeline() throws {
        let report = try Self.iceLedger().report(Filter(agency: "ICE"))
        #expect(Set(report.scope.agencies).count == report.scope.agencies.count)
        #expect(report.scope.words.hasPrefix("all vendors, at ICE and its "))
        #expect(report.scope.words.hasSuffix(" offices"))
        #expect(report.files.map(\.file) == USAspendingData.files)
        #expect(report.files.map(\.rowsRead) == [720, 331])
        #expect(report.files.allSatisfy { $0.sha256.count == 64 && !$0.journalSeqs.isEmpty && $0.download == "summaries" })
        #expect(!report.timeline.contains { $0.kind == "award" })
        let perYear = report.timeline.filter { $0.kind == "imported-awards" }
        #expect(perYear.reduce(0) { $0 + ($1.awards ?? 0) } == report.administrations.reduce(0) { $0 + $1.awards })
        #expect(perYear.allSatisfy { $0.date == "FY\($0.ref)" && $0.first == "\($0.ref - 1)-10-01" })
        #expect(report.summary.leadersAre == "vendors")
        #expect(report.summary.leaders.map(\.administration) == ["bush", "obama", "trump-1", "biden"])
        #expect(report.summary.leaders.allSatisfy { (1...5).contains($0.ranked.count) })
    }

    @Test("two vendors side by side per administration, each with its largest award")
    func comparison() throws {
        let ledger = try Self.iceLedger()
        let report = try ledger.report(Filter(agency: "ICE"), vendors: ["COUNTY OF IMPERIAL", "HUDSON RIVER PARK TRUST"])
        let vendors = Set(report.comparison.map(\.vendor))
        #expect(vendors == ["COUNTY OF IMPERIAL", "HUDSON RIVER PARK TRUST"])
        let obama = report.comparison.filter { $0.administration == "obama" }
        #expect(obama.count == 2)
        #expect(obama.allSatisfy { $0.largestAward.map { $0.obligatedCents != nil } ?? false })
        // The rest of the report covers the two vendors' families: every award listed is one of theirs.
        #expect(report.awards.count + report.awardsLeftOut.awards == report.comparison.reduce(0) { $0 + $1.awards })
        #expect(report.scope.words.hasPrefix("COUNTY OF IMPERIAL and HUDSON RIVER PARK TRUST (each with its subsidiaries), at ICE"))
        #expect(report.provenance.filters.prefix(2) == ["--vendor COUNTY OF IMPERIAL", "--vendor HUDSON RIVER PARK TRUST"])
        let md = try ReportRenderer.render(report, as: .md)
        #expect(md.contains("\n## Vendors side by side\n"))
    }

    @Test("the HTML has the chart and the timeline, links every award, and stays well-formed")
    func html() throws {
        let report = try Self.iceLedger().report(Filter(agency: "ICE"), awards: 10)
        let html = try ReportRenderer.render(report, as: .html)
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "").utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.counts["svg"] == 2)
        #expect(html.components(separatedBy: "href=\"https://www.usaspending.gov/award/").count - 1 >= 10)
        #expect(html.contains("<h2>Imported files</h2>"))
        #expect(html.contains("more awards"))
        let md = try ReportRenderer.render(report, as: .md)
        #expect(md.contains("\n## Obligations per fiscal year\n"))
        #expect(md.contains("](https://www.usaspending.gov/award/"))
    }

    @Test("a term-long date is drawn as an outline, and the legend sits above the bands")
    func timelineDrawing() throws {
        let report = try Fixture.ledger().report(Filter(vendor: "Salesforce", agency: "ICE"))
        let svg = Timeline.svg(report.timeline)
        #expect(svg.contains("stroke-dasharray=\"3 2\""))
        // The legend's row (y 6..14) ends before the bands start (y 22).
        #expect(svg.contains("<rect x=\"10.0\" y=\"6\""))
        #expect(!svg.contains("class=\"band\" data-administration=\"bush\"><rect x=\"10.0\" y=\"0\""))
    }
}
