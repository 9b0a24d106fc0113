import Foundation

/// The formats a report comes in.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, json, html
}

/// Renders a report. Deterministic: the same report gives the same bytes.
public enum ReportRenderer {
    /// Renders `report` in `format`.
    public static func render(_ report: Report, as format: ReportFormat) throws -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        case .md:
            return markdown(report)
        case .html:
            return ReportHTML.render(report)
        }
    }

    static func markdown(_ report: Report) -> String {
        var out = "# GovLedger report: \(title(report.scope))\n\n"
        out += "Scope: " + scopeLine(report.scope) + "\n\n"
        out += "## Summary\n\n### By administration\n\n"
        out += row(administrationHeader)
        out += row(Array(repeating: "---", count: 9))
        for s in report.administrations { out += row(administrationCells(s)) }
        if report.administrations.isEmpty { out += "\nNothing in scope.\n" } else { out += "\n" + basisLine(report) + "\n" }
        if !report.summary.leaders.isEmpty {
            out += "\n### Top \(report.summary.leadersAre) by administration\n\n"
            for leaders in report.summary.leaders {
                out += "- **\(escape(administrationName(leaders.administration)))**: "
                    + leaders.ranked.map { escape(rankedText($0)) }.joined(separator: "; ") + "\n"
            }
            out += "\nBasis: \(escape(report.summary.basis)).\n"
        }
        let largest = largestAwards(report)
        if !largest.isEmpty {
            out += "\n### Largest awards\n\n"
            for a in largest { out += "- " + awardLink(a, markdown: true) + " · " + escape(awardLine(a)) + "\n" }
        }
        if !report.fiscalYears.isEmpty {
            out += "\n## Obligations per fiscal year\n\n" + row(["Fiscal year", "Administration", "Awards", "Obligated (USD, known)"])
            out += row(Array(repeating: "---", count: 4))
            for year in report.fiscalYears {
                out += row(["FY\(year.fiscalYear)", fiscalYearAdministrations(year.fiscalYear), "\(year.awards)",
                            money(year.obligatedCents, "USD")])
            }
        }
        if !report.comparison.isEmpty {
            out += "\n## Vendors side by side\n\n" + row(comparisonHeader) + row(Array(repeating: "---", count: 5))
            for c in report.comparison { out += row(comparisonCells(c)) }
        }
        out += "\n## Pursuits\n"
        if report.pursuits.isEmpty { out += "\nNone.\n" }
        for p in report.pursuits {
            out += "\n### \(escape(p.title)) (pursuit \(p.id))\n\n"
            // What a reporter wrote comes first: the quotes cited for the pursuit, news reports first.
            for q in p.quotes { out += "> " + escape(quoteWithSource(q)).replacingNewlines + "\n>\n" }
            if !p.quotes.isEmpty { out.removeLast(2); out += "\n" }
            out += "- Vendor: \(escape(p.vendor)) · Agency: \(escape(p.agency)) · Kind: \(p.kind.rawValue)\n"
            out += "- Stage: **\(p.stage.rawValue)** · Date: \(p.date) (\(p.administration ?? "no administration"))\n"
            out += "- Estimated value: " + (p.estimatedValueCents.map { Approximation.text(money($0, p.currency ?? "USD"), p.estimatedValueQualifier) } ?? "unknown") + "\n"
            if let solicitation = p.solicitation { out += "- Solicitation: \(escape(solicitation))\n" }
            if !p.sources.isEmpty { out += "- Sources: " + p.sources.map(escape).joined(separator: "; ") + "\n" }
            if let summary = p.summary { out += "\n" + escape(summary) + "\n" }
            out += "\nStage history:\n\n" + row(["Date", "Administration", "Stage", "Note", "Sources"])
            out += row(Array(repeating: "---", count: 5))
            for change in p.stageHistory {
                out += row([change.date, change.administration ?? "", change.stage.rawValue, change.note ?? "",
                            (change.sources + change.quotes.map(quoteText)).joined(separator: "; ")])
            }
            if !p.documents.isEmpty {
                out += "\nDocuments:\n\n"
                for d in p.documents {
                    let details = [d.date, d.pages.map { "\($0) pages" }, d.authorOrganization].compactMap { $0 }
                    out += "- \(d.kind.rawValue): \(escape(d.title))" + (details.isEmpty ? "" : " (" + details.map(escape).joined(separator: ", ") + ")")
                        + " [document \(d.id)]" + (d.sources.isEmpty ? "" : " — sources: " + d.sources.map(escape).joined(separator: "; "))
                        + d.quotes.map { "; " + escape(quoteText($0)) }.joined() + "\n"
                    for file in d.files ?? [] { out += "  - \(d.hashLine(file))\n" }
                }
            }
        }
        out += "\n## Awards\n\n"
        if report.awards.isEmpty {
            out += "None.\n"
        } else {
            out += row(awardHeader)
            out += row(Array(repeating: "---", count: 8))
            for a in report.awards {
                out += "| " + ([a.date ?? "", a.administration ?? "", a.vendor, a.agency].map(cell)
                    + [awardLink(a, markdown: true)] + [a.description ?? "", a.obligatedCents.map { money($0, a.currency) } ?? "unknown",
                       (a.sources + a.quotes.map(quoteText)).joined(separator: "; ")].map(cell)).joined(separator: " | ") + " |\n"
            }
        }
        if let more = leftOutLine(report) { out += "\n" + more + "\n" }
        out += "\n## Timeline\n\n" + row(["Date", "Administration", "Kind", "Ref", "What"])
        out += row(Array(repeating: "---", count: 5))
        for mark in report.timeline {
            out += row([mark.date, mark.administration ?? "", mark.kind, "\(mark.ref)", mark.title])
        }
        out += "\n## Sources\n\n" + row(["Ref", "Kind", "Title", "Publisher", "Date", "URL"])
        out += row(Array(repeating: "---", count: 6))
        for s in report.sources {
            out += "| " + ["source \(s.id)", s.kind.rawValue, s.title, s.publisher ?? "", s.date ?? ""].map(cell).joined(separator: " | ")
                + " | " + (s.url.map { "<\(urlText($0))>" } ?? "") + " |\n"
        }
        if !report.files.isEmpty {
            out += "\n## Imported files\n\n" + row(fileHeader) + row(Array(repeating: "---", count: 6))
            for file in report.files { out += row(fileCells(file)) }
        }
        out += peopleMarkdown(report)
        let p = report.provenance
        out += "\n## Provenance\n\n"
        out += "- Generated: \(p.generatedAt)\n"
        out += "- Filters: " + (p.filters.isEmpty ? "none" : p.filters.map(escape).joined(separator: " ")) + "\n"
        out += "- Journal head: \(p.journalSeq) \(p.journalHash)\n"
        out += "- Verify: \(escape(p.verification))\n"
        return out
    }

    static let awardHeader = ["Date", "Administration", "Vendor", "Agency", "PIID", "Description", "Obligated", "Sources"]
    static let comparisonHeader = ["Administration", "Vendor", "Awards", "Obligated (USD, known)", "Largest award"]
    static let fileHeader = ["File", "Download", "SHA-256", "Rows read", "In scope", "Import entry"]

    static func comparisonCells(_ c: Report.ComparisonRow) -> [String] {
        [administrationName(c.administration), c.vendor, "\(c.awards)", money(c.obligatedCents, "USD"),
         c.largestAward.map { ($0.piid ?? "award \($0.id)") + ", " + awardLine($0) } ?? ""]
    }

    static func fileCells(_ f: Report.ImportedFile) -> [String] {
        [f.file, f.download ?? "", f.sha256, f.rowsRead.map { "\($0)" } ?? "", "\(f.inScope)",
         f.journalSeqs.map { "\($0)" }.joined(separator: ", ")]
    }

    /// The summary's largest awards: the first five listed that have a known value.
    static func largestAwards(_ report: Report) -> [Report.AwardEntry] {
        Array(report.awards.filter { $0.obligatedCents != nil }.prefix(5))
    }

    /// "Palantir: $1,234.00, 2021-03-04, ICE — description".
    static func awardLine(_ a: Report.AwardEntry) -> String {
        let description = a.description.map { $0.count > 100 ? String($0.prefix(99)) + "…" : $0 }
        return [a.obligatedCents.map { money($0, a.currency) } ?? "value unknown", a.vendor, a.agency, a.date].compactMap { $0 }
            .joined(separator: ", ") + (description.map { " — " + $0 } ?? "")
    }

    /// The award's PIID, linked to its USAspending page when it has one.
    static func awardLink(_ a: Report.AwardEntry, markdown: Bool) -> String {
        let label = escape(a.piid ?? (a.permalink == nil ? "" : "award \(a.id)"))
        guard let link = a.permalink, link.hasPrefix("https://") || link.hasPrefix("http://") else { return label }
        return "[\(label.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]"))](\(urlText(link)))"
    }

    /// A URL as a Markdown link target: spaces and parentheses, which would end it, escaped.
    static func urlText(_ url: String) -> String {
        url.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28")
            .replacingOccurrences(of: ")", with: "%29").replacingOccurrences(of: ">", with: "%3E").replacingOccurrences(of: "<", with: "%3C")
    }

    static func cell(_ text: String) -> String { escape(text).replacingNewlines }

    /// “quote” (source 3, p. 4), beside the fact whose sources name source 3 already.
    static func quoteText(_ q: Report.QuoteEntry) -> String {
        (q.quote.map { "“\($0)” " } ?? "") + "(source \(q.sourceId)" + (q.page.map { ", p. \($0)" } ?? "") + ")"
    }

    /// “quote” — the source's full label, p. 4: what a reporter wrote, opening a pursuit.
    static func quoteWithSource(_ q: Report.QuoteEntry) -> String {
        (q.quote.map { "“\($0)” — " } ?? "") + q.source + (q.page.map { ", p. \($0)" } ?? "")
    }

    static func rankedText(_ r: Report.Ranked) -> String {
        "\(r.name) \(money(r.obligatedCents, r.currency)) (\(r.awards) award\(r.awards == 1 ? "" : "s"))"
    }

    static func administrationName(_ slug: String) -> String {
        Administration.named(slug)?.name ?? ["ambiguous": "Straddles a transition", "undated": "Undated",
                                             "before-1993": "Before 1993"][slug] ?? slug
    }

    /// The administrations a fiscal year falls in (FY2021: Trump, Biden).
    static func fiscalYearAdministrations(_ year: Int) -> String {
        let first = "\(year - 1)-10-01", last = "\(year)-09-30"
        return Administration.all.filter { $0.startsOn <= last && ($0.endsOn.map { $0 > first } ?? true) }.map(\.name)
            .joined(separator: ", ")
    }

    /// "…and 8,465 more awards, $X (known obligations)".
    static func leftOutLine(_ report: Report) -> String? {
        let more = report.awardsLeftOut
        guard more.awards > 0 else { return nil }
        return "…and \(grouped(more.awards)) more award\(more.awards == 1 ? "" : "s"), "
            + money(more.obligatedCents, "USD") + " known obligations (`--awards all` lists them all)."
    }

    /// The header and one row of the per-administration table, shared by Markdown and HTML.
    static let administrationHeader = ["Administration", "Term", "Pursuits", "By stage", "Awards", "Obligated (USD, known)",
                                       "Unknown value", "Documents", "Events"]

    static func administrationCells(_ s: Report.AdministrationSummary) -> [String] {
        [Administration.named(s.administration) == nil ? s.name : "\(s.name) (\(s.administration))", s.term ?? "",
         "\(s.pursuits)", s.pursuitsByStage.map { "\($0.stage.rawValue) \($0.count)" }.joined(separator: ", "),
         "\(s.awards)", s.awards > s.awardsWithUnknownValue ? money(s.obligatedCents, "USD") : "",
         "\(s.awardsWithUnknownValue)", "\(s.documents)", "\(s.events)"]
    }

    /// What dated the awards and obligations of the per-administration table, said under it.
    static func basisLine(_ report: Report) -> String {
        let rows = report.administrations.filter { $0.obligationsBasis != nil }.map(\.administration)
        return rows.isEmpty ? "Awards and obligations are counted under each award's start date."
            : "Awards with imported transactions count each transaction's obligation under its action date (rows: "
                + rows.joined(separator: ", ") + "); other awards count under their start date."
    }

    static func title(_ scope: Report.Scope) -> String {
        let vendors = scope.compared.isEmpty ? scope.vendors.first : scope.compared.joined(separator: " vs ")
        let parts = [vendors, scope.agencies.first].compactMap { $0 }
        return parts.isEmpty ? "whole ledger" : parts.joined(separator: " × ")
    }

    static func scopeLine(_ scope: Report.Scope) -> String {
        escape(scope.words + (scope.tags.map { ", tagged " + $0.joined(separator: ", ") } ?? ""))
    }

    /// Money as people read it: `$1,234,567.89`, other currencies with their code.
    static func money(_ cents: Int64, _ currency: String) -> String {
        Money.display(cents: cents, currency: currency)
    }

    /// A count with thousands separators: 8,465.
    static func grouped(_ count: Int) -> String {
        String(Money.format(cents: Int64(count) * 100, currency: "X").dropFirst(2).dropLast(3))
    }

    static func row(_ cells: [String]) -> String {
        "| " + cells.map { escape($0).replacingNewlines }.joined(separator: " | ") + " |\n"
    }

    /// Keeps user text from being read as Markdown structure or HTML.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|", "`", "<", ">", "\\": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }
}
