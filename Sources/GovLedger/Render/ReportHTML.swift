/// The report as one self-contained HTML page: no external assets, no script, a print stylesheet, and an SVG
/// timeline with administrations as bands and every dated fact as a labelled mark.
enum ReportHTML {
    static func render(_ report: Report) -> String {
        var body = "<h1>GovLedger report: \(h(ReportRenderer.title(report.scope)))</h1>\n"
        body += "<p class=\"scope\">Scope: \(h(ReportRenderer.scopeLine(report.scope)))</p>\n"
        body += "<h2>By administration</h2>\n"
            + table(ReportRenderer.administrationHeader, report.administrations.map(ReportRenderer.administrationCells))
        if !report.administrations.isEmpty { body += "<p class=\"basis\">\(h(ReportRenderer.basisLine(report)))</p>\n" }
        body += "<h2>Timeline</h2>\n" + Timeline.svg(report.timeline) + "\n"
        body += "<h2>Pursuits</h2>\n" + (report.pursuits.isEmpty ? "<p>None.</p>\n" : "")
        for p in report.pursuits {
            body += "<section class=\"pursuit\">\n<h3>\(h(p.title)) <small>(pursuit \(p.id))</small></h3>\n<ul>\n"
            body += "<li>Vendor: \(h(p.vendor)) · Agency: \(h(p.agency)) · Kind: \(p.kind.rawValue)</li>\n"
            body += "<li>Stage: <strong>\(p.stage.rawValue)</strong> · Date: \(h(p.date)) (\(h(p.administration ?? "no administration")))</li>\n"
            body += "<li>Estimated value: " + h(p.estimatedValueCents.map { ReportRenderer.money($0, p.currency ?? "USD") } ?? "unknown") + "</li>\n"
            if let solicitation = p.solicitation { body += "<li>Solicitation: \(h(solicitation))</li>\n" }
            if !p.sources.isEmpty { body += "<li>Sources: \(h(p.sources.joined(separator: "; ")))</li>\n" }
            body += "</ul>\n"
            if let summary = p.summary { body += "<p>\(h(summary))</p>\n" }
            body += "<h4>Stage history</h4>\n" + table(["Date", "Administration", "Stage", "Note", "Sources"], p.stageHistory.map {
                [$0.date, $0.administration ?? "", $0.stage.rawValue, $0.note ?? "", $0.sources.joined(separator: "; ")]
            })
            if !p.documents.isEmpty {
                body += "<h4>Documents</h4>\n<ul>\n" + p.documents.map { d in
                    let details = [d.date, d.pages.map { "\($0) pages" }, d.authorOrganization].compactMap { $0 }
                    return "<li>\(d.kind.rawValue): \(h(d.title))" + (details.isEmpty ? "" : " (\(h(details.joined(separator: ", "))))")
                        + " [document \(d.id)]" + (d.sources.isEmpty ? "" : " — sources: \(h(d.sources.joined(separator: "; ")))")
                        + d.hashLines(h) + "</li>\n"
                }.joined() + "</ul>\n"
            }
            body += "</section>\n"
        }
        body += "<h2>Awards</h2>\n" + (report.awards.isEmpty ? "<p>None.</p>\n" : table(
            ["Date", "Administration", "Vendor", "Agency", "PIID", "Description", "Obligated", "Sources"],
            report.awards.map { a in
                [a.date ?? "", a.administration ?? "", a.vendor, a.agency, a.piid ?? "", a.description ?? "",
                 a.obligatedCents.map { ReportRenderer.money($0, a.currency) } ?? "unknown", a.sources.joined(separator: "; ")]
            }))
        body += "<h2>Dated facts</h2>\n" + table(["Date", "Administration", "Kind", "Ref", "What"], report.timeline.map {
            [$0.date, $0.administration ?? "", $0.kind, "\($0.ref)", $0.title]
        })
        body += "<h2>Sources</h2>\n" + table(["Ref", "Kind", "Title", "Publisher", "Date", "URL"], report.sources.map {
            ["source \($0.id)", $0.kind.rawValue, $0.title, $0.publisher ?? "", $0.date ?? "", $0.url ?? ""]
        })
        if let people = report.people {
            body += "<h2>People named</h2>\n" + table(["Ref", "Name", "Roles"], people.map {
                ["person \($0.id)", $0.name, $0.roles.joined(separator: "; ")]
            })
        }
        if let replies = report.replies {
            body += "<h2>Right of reply</h2>\n<ul class=\"replies\">\n"
            for reply in replies { body += "<li>\(h(ReportRenderer.replyLine(reply)))</li>\n" }
            body += "</ul>\n"
        }
        let p = report.provenance
        body += "<h2>Provenance</h2>\n<ul class=\"provenance\">\n"
        body += "<li>Generated: \(h(p.generatedAt))</li>\n"
        body += "<li>Filters: \(h(p.filters.isEmpty ? "none" : p.filters.joined(separator: " ")))</li>\n"
        body += "<li>Journal head: \(p.journalSeq) <code>\(h(p.journalHash))</code></li>\n"
        body += "<li>Verify: \(h(p.verification))</li>\n</ul>\n"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>GovLedger report: \(h(ReportRenderer.title(report.scope)))</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static let style = """
        body { font: 15px/1.45 Georgia, "Times New Roman", serif; color: #1a1a1a; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
        h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; }
        h2 { border-bottom: 1px solid #999; padding-bottom: .2rem; margin-top: 2rem; }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
        th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; }
        th { background: #eee; }
        .scope, .provenance { color: #444; }
        svg { width: 100%; height: auto; }
        svg text { font: 11px Arial, sans-serif; }
        svg .mark text, svg .legend text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        @media print {
          body { margin: 0; max-width: none; font-size: 11pt; }
          h2 { page-break-after: avoid; }
          section.pursuit, table, svg { page-break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        "<table>\n<thead><tr>" + header.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            + rows.map { "<tr>" + $0.map { "<td>\(h($0))</td>" }.joined() + "</tr>\n" }.joined() + "</tbody>\n</table>\n"
    }

    /// Escapes text for HTML and SVG.
    static func h(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// The SVG timeline: one lane per dated fact, administrations as shaded bands behind them.
enum Timeline {
    static let width = 960.0
    static let labelWidth = 0.0
    static let lane = 20.0
    static let top = 40.0

    static func svg(_ marks: [Report.TimelineEntry]) -> String {
        guard !marks.isEmpty else { return "<p>No dated facts.</p>" }
        let open = "9999-12-31"
        let starts = marks.map { day($0.first) }
        let ends = marks.map { $0.last == open ? day($0.first) : day($0.last) }
        guard var lower = starts.min(), let latest = ends.max() else { return "<p>No dated facts.</p>" }
        var upper = max(latest, lower + 30)
        let pad = max(30, (upper - lower) / 40)
        lower -= pad
        upper += pad
        let height = top + Double(marks.count) * lane + 30
        func x(_ d: Int) -> Double { ((Double(d - lower) / Double(upper - lower)) * (width - 20) + 10).rounded(toPlaces: 1) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Timeline\">\n"
        for (index, administration) in Administration.all.enumerated() {
            let start = day(administration.startsOn)
            let end = administration.endsOn.map(day) ?? upper
            guard end > lower, start < upper else { continue }
            let x0 = x(max(start, lower)), x1 = x(min(end, upper))
            svg += "<g class=\"band\" data-administration=\"\(administration.slug)\"><rect x=\"\(x0)\" y=\"0\" width=\"\((x1 - x0).rounded(toPlaces: 1))\" height=\"\(Int(height - 20))\" fill=\"\(index % 2 == 0 ? "#e8eef7" : "#f5efe3")\"/>"
            let name = x1 - x0 > 90 ? administration.name : administration.slug
            svg += x1 - x0 > 30
                ? "<text x=\"\((x0 + 4).rounded(toPlaces: 1))\" y=\"14\" font-weight=\"bold\">\(ReportHTML.h(name))</text></g>\n"
                : "</g>\n"
        }
        // Years from the day numbers themselves: the padded axis may start before year 1000, whose ISO text is
        // not four digits (a fact dated 1020 trapped here).
        let firstYear = CalendarDay(dayNumber: lower).year + 1
        let lastYear = CalendarDay(dayNumber: upper).year
        let step = max(1, (lastYear - firstYear + 1) / 12)
        if firstYear <= lastYear {
            for year in stride(from: firstYear, through: lastYear, by: step) {
                let position = x(CalendarDay(year: year, month: 1, day: 1).dayNumber)
                svg += "<line x1=\"\(position)\" y1=\"\(Int(height - 24))\" x2=\"\(position)\" y2=\"\(Int(height - 18))\" stroke=\"#555\"/>"
                svg += "<text x=\"\(position)\" y=\"\(Int(height - 6))\" text-anchor=\"middle\">\(year)</text>\n"
            }
        }
        let colors = ["stage-change": "#1f5fa8", "document": "#2e7d32", "award": "#b26a00", "event": "#a61e4d"]
        svg += "<g class=\"legend\">" + ["stage-change", "document", "award", "event"].enumerated().map { index, kind in
            let x = 10 + Double(index) * 110
            return "<rect x=\"\(x)\" y=\"20\" width=\"10\" height=\"8\" rx=\"2\" fill=\"\(colors[kind]!)\"/>"
                + "<text x=\"\(x + 14)\" y=\"28\">\(kind)</text>"
        }.joined() + "</g>\n"
        for (index, mark) in marks.enumerated() {
            let y = top + Double(index) * lane
            let x0 = x(starts[index]), x1 = max(x(ends[index]), x0 + 4)
            let color = colors[mark.kind] ?? "#333"
            let label = "\(mark.date) · \(mark.kind) \(mark.ref): \(mark.title)"
            let short = label.count > 90 ? String(label.prefix(89)) + "…" : label
            let anchorRight = x1 > width * 0.6
            svg += "<g class=\"mark \(mark.kind)\"><title>\(ReportHTML.h(label))</title>"
            svg += "<rect x=\"\(x0)\" y=\"\(y + 4)\" width=\"\((x1 - x0).rounded(toPlaces: 1))\" height=\"10\" rx=\"3\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(anchorRight ? x0 - 4 : x1 + 4)\" y=\"\(y + 13)\"\(anchorRight ? " text-anchor=\"end\"" : "")>\(ReportHTML.h(short))</text></g>\n"
        }
        return svg + "</svg>"
    }

    /// Days since 1970-01-01 for an ISO day.
    /// Days since 1970-01-01 of a stored ISO day; a stored value that is not one (a damaged ledger) is drawn
    /// at the epoch rather than trapping.
    static func day(_ iso: String) -> Int { CalendarDay(iso: iso)?.dayNumber ?? 0 }

}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}

extension Report.DocumentEntry {
    /// One line per attached file, its SHA-256 as received (HTML-escaped by the caller's `h`).
    fileprivate func hashLines(_ h: (String) -> String) -> String {
        (files ?? []).map { "<br><code>" + h(hashLine($0)) + "</code>" }.joined()
    }
}
