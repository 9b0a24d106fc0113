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
        out += "## By administration\n\n"
        out += row(administrationHeader)
        out += row(Array(repeating: "---", count: 9))
        for s in report.administrations { out += row(administrationCells(s)) }
        if report.administrations.isEmpty { out += "\nNothing in scope.\n" } else { out += "\n" + basisLine(report) + "\n" }
        out += "\n## Pursuits\n"
        if report.pursuits.isEmpty { out += "\nNone.\n" }
        for p in report.pursuits {
            out += "\n### \(escape(p.title)) (pursuit \(p.id))\n\n"
            out += "- Vendor: \(escape(p.vendor)) · Agency: \(escape(p.agency)) · Kind: \(p.kind.rawValue)\n"
            out += "- Stage: **\(p.stage.rawValue)** · Date: \(p.date) (\(p.administration ?? "no administration"))\n"
            out += "- Estimated value: " + (p.estimatedValueCents.map { money($0, p.currency ?? "USD") } ?? "unknown") + "\n"
            if let solicitation = p.solicitation { out += "- Solicitation: \(escape(solicitation))\n" }
            if !p.sources.isEmpty { out += "- Sources: " + p.sources.map(escape).joined(separator: "; ") + "\n" }
            if let summary = p.summary { out += "\n" + escape(summary) + "\n" }
            out += "\nStage history:\n\n" + row(["Date", "Administration", "Stage", "Note", "Sources"])
            out += row(Array(repeating: "---", count: 5))
            for change in p.stageHistory {
                out += row([change.date, change.administration ?? "", change.stage.rawValue, change.note ?? "",
                            change.sources.joined(separator: "; ")])
            }
            if !p.documents.isEmpty {
                out += "\nDocuments:\n\n"
                for d in p.documents {
                    let details = [d.date, d.pages.map { "\($0) pages" }, d.authorOrganization].compactMap { $0 }
                    out += "- \(d.kind.rawValue): \(escape(d.title))" + (details.isEmpty ? "" : " (" + details.map(escape).joined(separator: ", ") + ")")
                        + " [document \(d.id)]" + (d.sources.isEmpty ? "" : " — sources: " + d.sources.map(escape).joined(separator: "; ")) + "\n"
                    for file in d.files ?? [] { out += "  - \(d.hashLine(file))\n" }
                }
            }
        }
        out += "\n## Awards\n\n"
        if report.awards.isEmpty {
            out += "None.\n"
        } else {
            out += row(["Date", "Administration", "Vendor", "Agency", "PIID", "Description", "Obligated", "Sources"])
            out += row(Array(repeating: "---", count: 8))
            for a in report.awards {
                out += row([a.date ?? "", a.administration ?? "", a.vendor, a.agency, a.piid ?? "", a.description ?? "",
                            a.obligatedCents.map { money($0, a.currency) } ?? "unknown", a.sources.joined(separator: "; ")])
            }
        }
        out += "\n## Timeline\n\n" + row(["Date", "Administration", "Kind", "Ref", "What"])
        out += row(Array(repeating: "---", count: 5))
        for mark in report.timeline {
            out += row([mark.date, mark.administration ?? "", mark.kind, "\(mark.ref)", mark.title])
        }
        out += "\n## Sources\n\n" + row(["Ref", "Kind", "Title", "Publisher", "Date", "URL"])
        out += row(Array(repeating: "---", count: 6))
        for s in report.sources {
            out += row(["source \(s.id)", s.kind.rawValue, s.title, s.publisher ?? "", s.date ?? "", s.url ?? ""])
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
        let parts = [scope.vendors.first, scope.agencies.first].compactMap { $0 }
        return parts.isEmpty ? "whole ledger" : parts.joined(separator: " × ")
    }

    static func scopeLine(_ scope: Report.Scope) -> String {
        var parts: [String] = []
        parts.append(scope.vendors.isEmpty ? "all vendors" : "vendors " + scope.vendors.joined(separator: ", "))
        parts.append(scope.agencies.isEmpty ? "all agencies" : "agencies " + scope.agencies.joined(separator: ", "))
        parts.append(scope.administration.map { "administration \($0)" } ?? "all administrations")
        if let since = scope.since { parts.append("since \(since)") }
        if let until = scope.until { parts.append("until \(until)") }
        if let tags = scope.tags { parts.append("tagged " + tags.joined(separator: ", ")) }
        return parts.map(escape).joined(separator: " · ")
    }

    static func money(_ cents: Int64, _ currency: String) -> String {
        Money.format(cents: cents, currency: currency)
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
