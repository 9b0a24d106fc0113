/// The report as one self-contained HTML page: no external assets, no script, a print stylesheet, and an SVG
/// timeline with administrations as bands and every dated fact as a labelled mark.
enum ReportHTML {
    static func render(_ report: Report) -> String {
        typealias R = ReportRenderer
        var body = "<h1>GovLedger report: \(h(R.title(report.scope)))</h1>\n"
        body += "<p class=\"scope\">Scope: \(h(report.scope.words))</p>\n"
        body += "<h2>Summary</h2>\n<h3>By administration</h3>\n"
            + table(R.administrationHeader, report.administrations.map(R.administrationCells))
        if !report.administrations.isEmpty { body += "<p class=\"basis\">\(h(R.basisLine(report)))</p>\n" }
        if !report.summary.leaders.isEmpty {
            body += "<h3>Top \(h(report.summary.leadersAre)) by administration</h3>\n<ul class=\"leaders\">\n"
            for leaders in report.summary.leaders {
                body += "<li><strong>\(h(R.administrationName(leaders.administration)))</strong>: "
                    + leaders.ranked.map { h(R.rankedText($0)) }.joined(separator: "; ") + "</li>\n"
            }
            body += "</ul>\n<p class=\"basis\">Basis: \(h(report.summary.basis)).</p>\n"
        }
        let largest = R.largestAwards(report)
        if !largest.isEmpty {
            body += "<h3>Largest awards</h3>\n<ul class=\"largest\">\n"
                + largest.map { "<li>\(awardLink($0)) · \(h(R.awardLine($0)))</li>\n" }.joined() + "</ul>\n"
        }
        if !report.fiscalYears.isEmpty {
            body += "<h2>Obligations per fiscal year</h2>\n" + Chart.svg(report.fiscalYears) + "\n"
        }
        if !report.comparison.isEmpty {
            body += "<h2>Vendors side by side</h2>\n" + rawTable(R.comparisonHeader, report.comparison.map { c in
                [h(R.administrationName(c.administration)), h(c.vendor), "\(c.awards)", h(R.money(c.obligatedCents, "USD")),
                 c.largestAward.map { awardLink($0) + " " + h(R.awardLine($0)) } ?? ""]
            }, numeric: [2, 3])
        }
        body += "<h2>Pursuits</h2>\n" + (report.pursuits.isEmpty ? "<p>None.</p>\n" : "")
        for p in report.pursuits {
            body += "<section class=\"pursuit\">\n<h3>\(h(p.title)) <small>(pursuit \(p.id))</small></h3>\n"
            // What a reporter wrote comes first.
            body += p.quotes.map { "<blockquote>\(h(ReportRenderer.quoteWithSource($0)))</blockquote>\n" }.joined()
            body += "<ul>\n"
            body += "<li>Vendor: \(h(p.vendor)) · Agency: \(h(p.agency)) · Kind: \(p.kind.rawValue)</li>\n"
            body += "<li>Stage: <strong>\(p.stage.rawValue)</strong> · Date: \(h(p.date)) (\(h(p.administration ?? "no administration")))</li>\n"
            body += "<li>Estimated value: " + h(p.estimatedValueCents.map { Approximation.text(R.money($0, p.currency ?? "USD"), p.estimatedValueQualifier) } ?? "unknown") + "</li>\n"
            if let solicitation = p.solicitation { body += "<li>Solicitation: \(h(solicitation))</li>\n" }
            if !p.sources.isEmpty { body += "<li>Sources: \(h(p.sources.joined(separator: "; ")))</li>\n" }
            body += "</ul>\n"
            if let summary = p.summary { body += "<p>\(h(summary))</p>\n" }
            body += "<h4>Stage history</h4>\n" + rawTable(["Date", "Administration", "Stage", "Note", "Sources"], p.stageHistory.map {
                [h($0.date), h($0.administration ?? ""), $0.stage.rawValue, h($0.note ?? ""),
                 ($0.sources.map(h) + $0.quotes.map(quote)).joined(separator: "; ")]
            })
            if !p.documents.isEmpty {
                body += "<h4>Documents</h4>\n<ul>\n" + p.documents.map { d in
                    let details = [d.date, d.pages.map { "\($0) pages" }, d.authorOrganization].compactMap { $0 }
                    return "<li>\(d.kind.rawValue): \(h(d.title))" + (details.isEmpty ? "" : " (\(h(details.joined(separator: ", "))))")
                        + " [document \(d.id)]" + (d.sources.isEmpty ? "" : " — sources: \(h(d.sources.joined(separator: "; ")))")
                        + d.quotes.map { "; " + quote($0) }.joined() + d.hashLines(h) + "</li>\n"
                }.joined() + "</ul>\n"
            }
            body += "</section>\n"
        }
        // Printed on a page: the administration goes under the date, the agency under the vendor, and the sources
        // column only when some listed award cites one, so PIIDs and dates never break mid-word.
        let cited = report.awards.contains { !$0.sources.isEmpty || !$0.quotes.isEmpty }
        body += "<h2>Awards</h2>\n" + (report.awards.isEmpty ? "<p>None.</p>\n" : rawTable(
            ["Date", "Vendor · agency", "PIID", "Description", "Obligated"] + (cited ? ["Sources"] : []), report.awards.map { a in
                ["<span class=\"nw\">\(h(a.date ?? ""))</span>" + (a.administration.map { "<br/><small>\(h($0))</small>" } ?? ""),
                 h(a.vendor) + "<br/><small>\(h(a.agency))</small>", "<span class=\"nw\">\(awardLink(a))</span>", h(a.description ?? ""),
                 h(a.obligatedCents.map { R.money($0, a.currency) } ?? "unknown")]
                    + (cited ? [(a.sources.map(h) + a.quotes.map(quote)).joined(separator: "; ")] : [])
            }, numeric: [4], className: "awards"))
        if let more = R.leftOutLine(report) { body += "<p class=\"more\">\(h(more.replacingOccurrences(of: "`", with: "")))</p>\n" }
        body += "<h2>Timeline</h2>\n" + Timeline.svg(report.timeline) + "\n"
        body += "<h3>Dated facts</h3>\n" + table(["Date", "Administration", "Kind", "Ref", "What"], report.timeline.map {
            [$0.date, $0.administration ?? "", $0.kind, "\($0.ref)", $0.title]
        })
        body += "<h2>Sources</h2>\n" + rawTable(["Ref", "Kind", "Title", "Publisher", "Date", "URL"], report.sources.map {
            ["source \($0.id)", $0.kind.rawValue, h($0.title), h($0.publisher ?? ""), h($0.date ?? ""), $0.url.map { link($0) } ?? ""]
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
        if !report.files.isEmpty {
            body += "<h2>Imported files</h2>\n" + rawTable(R.fileHeader, report.files.map { R.fileCells($0).map(h) }, className: "files")
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
        th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
        .nw { white-space: nowrap; }
        table.files td:nth-child(3) { word-break: break-all; }
        td.n { text-align: right; white-space: nowrap; }
        table.awards, table.files { font-size: 11px; }
        blockquote { margin: .5rem 0 .5rem 1rem; padding-left: .7rem; border-left: 3px solid #1f5fa8; font-style: italic; }
        .leaders li, .largest li { margin: .15rem 0; }
        .more { font-style: italic; }
        th { background: #eee; }
        .scope, .provenance { color: #444; }
        svg { width: 100%; height: auto; }
        svg text { font: 11px Arial, sans-serif; }
        svg .mark text, svg .legend text, svg .band text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        @media print {
          body { margin: 0; max-width: none; font-size: 11pt; }
          h2 { page-break-after: avoid; }
          section.pursuit, svg, tr { page-break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """

    /// A table whose cells are HTML already (links, quotes); `numeric` columns align right.
    static func rawTable(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], className: String? = nil) -> String {
        "<table\(className.map { " class=\"\($0)\"" } ?? "")>\n<thead><tr>" + header.map { "<th>\(h($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            + rows.map { "<tr>" + $0.enumerated().map { numeric.contains($0) ? "<td class=\"n\">\($1)</td>" : "<td>\($1)</td>" }.joined() + "</tr>\n" }.joined()
            + "</tbody>\n</table>\n"
    }

    /// A link to a web address; anything else (a damaged or odd value) is shown as text.
    static func link(_ url: String, label: String? = nil) -> String {
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else { return h(label ?? url) }
        return "<a href=\"\(h(url))\">\(h(label ?? url))</a>"
    }

    /// The award's PIID linked to its USAspending page.
    static func awardLink(_ a: Report.AwardEntry) -> String {
        let label = a.piid ?? (a.permalink == nil ? "" : "award \(a.id)")
        return a.permalink.map { link($0, label: label) } ?? h(label)
    }

    static func quote(_ q: Report.QuoteEntry) -> String {
        "<span class=\"quote\">" + h(ReportRenderer.quoteText(q)) + "</span>"
    }

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

/// The SVG bar chart: known US-dollar obligations per federal fiscal year, administrations as bands behind.
enum Chart {
    static let width = 960.0, left = 74.0, right = 10.0, top = 24.0, plot = 200.0, bottom = 34.0

    static func svg(_ years: [Report.FiscalYearTotal]) -> String {
        guard let firstYear = years.map(\.fiscalYear).min(), let lastYear = years.map(\.fiscalYear).max() else { return "" }
        let slots = Double(lastYear - firstYear + 1)
        let plotWidth = width - left - right
        let highest = max(1, years.map(\.obligatedCents).max() ?? 1)
        let height = top + plot + bottom
        /// A day's position in fiscal-year slots from the chart's left edge (1 October of the first year).
        func slot(_ iso: String) -> Double {
            let start = Timeline.day("\(firstYear - 1)-10-01")
            return Double(Timeline.day(iso) - start) / 365.25
        }
        func x(_ slot: Double) -> Double { (left + min(max(slot, 0), slots) / slots * plotWidth).rounded(toPlaces: 1) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Obligations per fiscal year\">\n"
        for (index, administration) in Administration.all.enumerated() {
            let x0 = x(slot(administration.startsOn)), x1 = x(administration.endsOn.map(slot) ?? slots)
            guard x1 - x0 > 0.5 else { continue }
            svg += "<g class=\"band\" data-administration=\"\(administration.slug)\"><rect x=\"\(x0)\" y=\"\(Int(top))\" width=\"\((x1 - x0).rounded(toPlaces: 1))\" height=\"\(Int(plot))\" fill=\"\(index % 2 == 0 ? "#e8eef7" : "#f5efe3")\"/>"
            let name = x1 - x0 > 110 ? administration.name : x1 - x0 > 44 ? administration.slug : ""
            svg += name.isEmpty ? "</g>\n" : "<text x=\"\((x0 + 3).rounded(toPlaces: 1))\" y=\"\(Int(top) - 6)\" font-weight=\"bold\">\(ReportHTML.h(name))</text></g>\n"
        }
        // Gridlines at quarters of the tallest bar, labelled in short dollars.
        for step in 0...4 {
            let y = (top + plot - plot * Double(step) / 4).rounded(toPlaces: 1)
            svg += "<line x1=\"\(Int(left))\" y1=\"\(y)\" x2=\"\(Int(width - right))\" y2=\"\(y)\" stroke=\"#ccc\" stroke-width=\"0.5\"/>"
            svg += "<text x=\"\(Int(left) - 4)\" y=\"\((y + 4).rounded(toPlaces: 1))\" text-anchor=\"end\">\(short(highest / 4 * Int64(step)))</text>\n"
        }
        let every = slots > 24 ? 4 : slots > 12 ? 2 : 1
        for year in years {
            let index = Double(year.fiscalYear - firstYear)
            let barHeight = (Double(max(0, year.obligatedCents)) / Double(highest) * plot).rounded(toPlaces: 1)
            let x0 = x(index + 0.15), x1 = x(index + 0.85)
            svg += "<g class=\"bar\"><title>FY\(year.fiscalYear): \(ReportHTML.h(ReportRenderer.money(year.obligatedCents, "USD"))), \(year.awards) awards</title>"
            svg += "<rect x=\"\(x0)\" y=\"\((top + plot - barHeight).rounded(toPlaces: 1))\" width=\"\((x1 - x0).rounded(toPlaces: 1))\" height=\"\(barHeight)\" fill=\"#b26a00\"/></g>\n"
        }
        for year in stride(from: firstYear, through: lastYear, by: every) {
            let center = x(Double(year - firstYear) + 0.5)
            svg += "<text x=\"\(center)\" y=\"\(Int(top + plot + 14))\" text-anchor=\"middle\">FY\(year)</text>\n"
        }
        svg += "<text x=\"\(Int(left))\" y=\"\(Int(height - 4))\">Known obligations in US dollars per federal fiscal year (FY2021 = 2020-10-01..2021-09-30)</text>\n"
        return svg + "</svg>"
    }

    /// $1.2B, $350M, $12K, $900.
    static func short(_ cents: Int64) -> String {
        let dollars = Double(cents) / 100
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] where dollars >= scale {
            let value = dollars / scale
            return "$" + (value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)) + suffix
        }
        return "$" + String(Int(dollars.rounded()))
    }
}

/// The SVG timeline: one lane per dated fact, administrations as shaded bands behind them, a legend above.
enum Timeline {
    static let width = 960.0
    static let lane = 20.0
    /// The legend's row, then the band names, then the lanes.
    static let legend = 22.0
    static let top = 48.0

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
            svg += "<g class=\"band\" data-administration=\"\(administration.slug)\"><rect x=\"\(x0)\" y=\"\(Int(legend))\" width=\"\((x1 - x0).rounded(toPlaces: 1))\" height=\"\(Int(height - 20 - legend))\" fill=\"\(index % 2 == 0 ? "#e8eef7" : "#f5efe3")\"/>"
            let name = x1 - x0 > 90 ? administration.name : administration.slug
            svg += x1 - x0 > 30
                ? "<text x=\"\((x0 + 4).rounded(toPlaces: 1))\" y=\"\(Int(legend) + 14)\" font-weight=\"bold\">\(ReportHTML.h(name))</text></g>\n"
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
        let colors = ["stage-change": "#1f5fa8", "document": "#2e7d32", "award": "#b26a00", "imported-awards": "#d9a441", "event": "#a61e4d"]
        // The legend has its own row above the bands, so it never covers the first band's name.
        let kinds = ["stage-change", "document", "award", "imported-awards", "event"]
        svg += "<g class=\"legend\">" + kinds.enumerated().map { index, kind in
            let x = 10 + Double(index) * 130
            return "<rect x=\"\(x)\" y=\"6\" width=\"10\" height=\"8\" rx=\"2\" fill=\"\(colors[kind]!)\"/>"
                + "<text x=\"\(x + 14)\" y=\"14\">\(kind == "imported-awards" ? "imported (per FY)" : kind)</text>"
        }.joined() + "<rect x=\"660\" y=\"6\" width=\"22\" height=\"8\" rx=\"2\" fill=\"none\" stroke=\"#555\" stroke-dasharray=\"3 2\"/>"
            + "<text x=\"686\" y=\"14\">dated only to a term or year</text></g>\n"
        for (index, mark) in marks.enumerated() {
            let y = top + Double(index) * lane
            let x0 = x(starts[index]), x1 = max(x(ends[index]), x0 + 4)
            let color = colors[mark.kind] ?? "#333"
            let label = "\(mark.date) · \(mark.kind == "imported-awards" ? "" : "\(mark.kind) \(mark.ref): ")\(mark.title)"
            let short = label.count > 90 ? String(label.prefix(89)) + "…" : label
            let anchorRight = x1 > width * 0.6
            // A fact known only to a term or a year is not a long one: its range is drawn as an outline, with a
            // solid dot at the start, so "a contract under Obama" does not read as an eight-year contract.
            let vague = mark.kind != "imported-awards" && ends[index] - starts[index] > 62
            svg += "<g class=\"mark \(mark.kind)\"><title>\(ReportHTML.h(label))</title>"
            if vague {
                svg += "<rect x=\"\(x0)\" y=\"\(y + 4)\" width=\"\((x1 - x0).rounded(toPlaces: 1))\" height=\"10\" rx=\"3\" fill=\"none\" stroke=\"\(color)\" stroke-dasharray=\"3 2\"/>"
                svg += "<circle cx=\"\((x0 + 5).rounded(toPlaces: 1))\" cy=\"\(y + 9)\" r=\"3\" fill=\"\(color)\"/>"
            } else {
                svg += "<rect x=\"\(x0)\" y=\"\(y + 4)\" width=\"\((x1 - x0).rounded(toPlaces: 1))\" height=\"10\" rx=\"3\" fill=\"\(color)\"/>"
            }
            // A vague mark's label starts beside its dot, over the outline; a firm one's beside its bar.
            let textX = vague && !anchorRight ? (x0 + 12).rounded(toPlaces: 1) : anchorRight ? x0 - 4 : x1 + 4
            svg += "<text x=\"\(textX)\" y=\"\(y + 13)\"\(anchorRight ? " text-anchor=\"end\"" : "")>\(ReportHTML.h(short))</text></g>\n"
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
