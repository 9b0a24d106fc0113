/// Renders a `LedgerDiff`: as rows for every tabular format, or as Markdown for an editor.
public enum DiffRenderer {
    /// One row per field changed (one for a record added, deleted or of unknown earlier values):
    /// `kind, record_id, record, change, field, before, after, entries`.
    public static func table(_ diff: LedgerDiff) -> Table {
        var table = Table(columns: ["kind", "record_id", "record", "change", "field", "before", "after", "entries"])
        for record in diff.records {
            let head: [Cell] = [.text(record.kind), .int(record.id), Cell(record.label), .text(record.change.rawValue)]
            let entries = Cell.list(record.entries.map(String.init))
            if record.fields.isEmpty {
                let before: Cell = record.earlierValuesUnknown ? .text(DiffBuilder.notJournaled) : .null
                table.rows.append(head + [.null, before, .null, entries])
            }
            for field in record.fields {
                table.rows.append(head + [.text(field.field), Cell(field.before), Cell(field.after), entries])
            }
        }
        return table
    }

    /// Markdown an editor can read: the summary sentence, the imports, then each kind's records.
    public static func markdown(_ diff: LedgerDiff) -> String {
        var out = "# What changed since journal entry \(diff.sinceSeq)\n\n"
        out += "From entry \(diff.sinceSeq) (`\(diff.sinceHash)`) to the head, entry \(diff.headSeq) (`\(diff.headHash)`).\n\n"
        out += capitalized(diff.summary) + ".\n"
        if !diff.tags.isEmpty {
            out += "\nOnly records tagged " + diff.tags.map { "`\($0)`" }.joined(separator: " and ") + ".\n"
        }
        if !diff.imports.isEmpty {
            out += "\n## Imports\n\n"
            for entry in diff.imports {
                out += "- \(ReportRenderer.escape(entry.file).replacingNewlines) (entry \(entry.seq), SHA-256 `\(entry.sha256)`): "
                    + "\(LedgerDiff.grouped(entry.added)) \(LedgerDiff.noun(entry.kind, entry.added)) added, \(LedgerDiff.grouped(entry.updated)) updated\n"
            }
        }
        var kind: String?
        for record in diff.records {
            if record.kind != kind {
                kind = record.kind
                out += "\n## " + capitalized(LedgerDiff.noun(record.kind, 2)) + "\n\n"
            }
            let name = record.label.map { " " + ReportRenderer.escape($0).replacingNewlines } ?? ""
            out += "- **\(record.change.rawValue)**: \(record.kind) \(record.id)\(name)"
            out += " (entr\(record.entries.count == 1 ? "y" : "ies") \(record.entries.map(String.init).joined(separator: ", ")))\n"
            if record.earlierValuesUnknown && record.fields.isEmpty {
                out += "  - " + ReportRenderer.escape(DiffBuilder.notJournaled) + "\n"
            }
            for field in readable(record.fields) {
                out += "  - \(field.field): \(value(field.before)) → \(value(field.after))\n"
            }
        }
        if diff.omitted > 0 {
            out += "\n\(LedgerDiff.grouped(diff.omitted)) more record\(diff.omitted == 1 ? "" : "s") not listed (--limit).\n"
        }
        return out
    }

    /// An approximate figure's number and word changed together read as one change for an editor
    /// (`signatures: nearly 900 → about 950`); the machine formats keep the two fields apart.
    static func readable(_ fields: [LedgerDiff.FieldChange]) -> [LedgerDiff.FieldChange] {
        let qualifierOf = ["signatures": "signatures_qualifier", "estimated_value_cents": "estimated_value_qualifier"]
        var result: [LedgerDiff.FieldChange] = []
        var folded: Set<String> = []
        for field in fields {
            guard let name = qualifierOf[field.field], let word = fields.first(where: { $0.field == name }) else {
                if !folded.contains(field.field) { result.append(field) }
                continue
            }
            func joined(_ word: String?, _ number: String?) -> String? {
                number.map { number in word.map { "\($0) \(number)" } ?? number }
            }
            result.append(LedgerDiff.FieldChange(field: field.field, before: joined(word.before, field.before),
                                                 after: joined(word.after, field.after)))
            folded.insert(name)
            result.removeAll { $0.field == name }
        }
        return result
    }

    /// `3 awards added` with a capital first letter.
    static func capitalized(_ text: String) -> String {
        (text.first.map { String($0).uppercased() } ?? "") + text.dropFirst()
    }

    /// A value in backquotes (nothing for none), cut at 200 characters: an award's transactions run long.
    static func value(_ text: String?) -> String {
        guard let text else { return "(none)" }
        let shown = text.count > 200 ? String(text.prefix(200)) + "…" : text
        return "`" + shown.replacingNewlines.replacingOccurrences(of: "`", with: "'") + "`"
    }
}
