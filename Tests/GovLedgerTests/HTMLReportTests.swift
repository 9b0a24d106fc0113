import Foundation
import Testing
@testable import GovLedger
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Counts elements while checking that a document is well-formed XML (the HTML report is written as polyglot XHTML).
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var bands: [String] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
        if name == "g", attributes["class"] == "band", let slug = attributes["data-administration"] { bands.append(slug) }
    }
}

@Suite("HTML report")
struct HTMLReportTests {
    func html() throws -> String {
        let ledger = try Ledger.inMemory(actor: "tester", clock: { journalTime })
        try ledger.load([(path: Package.fixturePath, file: try Fixture.file())])
        return try ReportRenderer.render(try ledger.report(Filter(vendor: "Salesforce", agency: "ICE")), as: .html)
    }

    @Test("is well-formed, self-contained, and has one band per administration in range")
    func wellFormed() throws {
        let text = try html()
        let body = text.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.counts["svg"] == 1)
        #expect(counter.counts["script"] == nil)
        // The Salesforce × ICE timeline runs from the Obama-era award to 2026: Bush's last days to Trump's second term.
        #expect(counter.bands == ["bush", "obama", "trump-1", "biden", "trump-2"])
        #expect(!text.contains("src="))
        #expect(!text.contains("<link"))
        #expect(text.contains("@media print"))
        for secret in ["Person who provided", "Never publish"] { #expect(!text.contains(secret)) }
    }

    @Test("ends with provenance and is deterministic")
    func provenance() throws {
        let first = try html()
        #expect(first.contains("<h2>Provenance</h2>"))
        #expect(first.contains("Verify: not run for this report; &#39;govledger verify --at "))
        #expect(first.contains("Generated: 2026-01-01T00:00:00Z"))
        #expect(first == (try html()))
    }
}
