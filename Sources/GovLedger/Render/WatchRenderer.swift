/// Renders what `govledger watch` found: the counts as a line, or the whole look as Markdown for an editor.
public enum WatchRenderer {
    /// `ICE awards: 3 new (3 awards); Salesforce: nothing new`, one clause per watch looked at.
    public static func summary(_ look: WatchLook) -> String {
        guard !look.counts.isEmpty else { return "no watches (add one with 'govledger watch add NAME …')" }
        var text = look.counts.map { watch, kinds in
            let total = kinds.reduce(0) { $0 + $1.count }
            return "\(watch): " + (total == 0 ? "nothing new" : "\(LedgerDiff.grouped(total)) new (" + counts(kinds) + ")")
        }.joined(separator: "; ")
        if look.withheld > 0 {
            text += "; \(LedgerDiff.grouped(look.withheld)) confidential not shown (--include-confidential)"
        }
        return text
    }

    /// A title, then one section per watch with a table of what is new to it (`Nothing new.` when nothing is).
    public static func markdown(_ look: WatchLook) -> String {
        var out = "# What is new since the last look\n"
        if look.counts.isEmpty { out += "\nNo watches.\n" }
        for (watch, kinds) in look.counts {
            out += "\n## " + ReportRenderer.cell(watch) + "\n\n"
            let rows = look.table.rows.filter { $0.first == .text(watch) }
            if kinds.isEmpty {
                out += "Nothing new.\n"
                continue
            }
            out += ReportRenderer.cell(DiffRenderer.capitalized(counts(kinds))) + " new.\n\n"
            guard !rows.isEmpty else { continue }
            out += ReportRenderer.row(["kind", "ref", "title", "vendor", "agency", "date", "obligated"])
            out += ReportRenderer.row(Array(repeating: "---", count: 7))
            for row in rows { out += ReportRenderer.row(row.dropFirst().dropLast().map(\.plain)) }
        }
        if look.withheld > 0 {
            out += "\n\(LedgerDiff.grouped(look.withheld)) confidential record\(look.withheld == 1 ? "" : "s") not shown.\n"
        }
        return out
    }

    /// `3 awards, 1 pursuit`.
    static func counts(_ kinds: [(kind: RecordKind, count: Int)]) -> String {
        kinds.map { "\(LedgerDiff.grouped($0.count)) \(LedgerDiff.noun($0.kind.rawValue, $0.count))" }.joined(separator: ", ")
    }
}
