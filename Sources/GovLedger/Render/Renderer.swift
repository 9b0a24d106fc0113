import Foundation

/// The output formats every read command offers.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for people.
    case table
    /// A JSON array of objects (`[]` for no rows).
    case json
    /// RFC 4180 CSV with a header row.
    case csv
    /// Newline-delimited JSON: one object a line.
    case nl
}

/// Turns tables and sections into text. Pure functions: the CLI decides where the text goes.
public enum Renderer {
    /// Renders rows in a format; every format but `table` is exact and stable for machines.
    public static func render(_ table: Table, as format: OutputFormat) -> String {
        switch format {
        case .json:
            return "[" + table.rows.map { "\n  " + object(table.columns, $0) }.joined(separator: ",")
                + (table.rows.isEmpty ? "]\n" : "\n]\n")
        case .nl:
            return table.rows.map { object(table.columns, $0) + "\n" }.joined()
        case .csv:
            return ([table.columns.map(csvField)] + table.rows.map { $0.map { csvField($0.exact) } })
                .map { $0.joined(separator: ",") + "\r\n" }.joined()
        case .table:
            return aligned(table)
        }
    }

    /// Renders a record and its sections. JSON is one object whose `record` is an object and whose other
    /// keys are arrays; `nl` tags each row with its section; CSV and table print one block per section.
    public static func render(_ sections: Sections, as format: OutputFormat) -> String {
        switch format {
        case .json:
            let parts = sections.sections.map { section -> String in
                let value: String
                if section.name == "record", let row = section.table.rows.first {
                    value = object(section.table.columns, row)
                } else {
                    value = "[" + section.table.rows.map { "\n    " + object(section.table.columns, $0) }
                        .joined(separator: ",") + (section.table.rows.isEmpty ? "]" : "\n  ]")
                }
                return "\n  " + string(section.name) + ": " + value
            }
            return "{" + parts.joined(separator: ",") + "\n}\n"
        case .nl:
            return sections.sections.flatMap { section in
                section.table.rows.map { object(["section"] + section.table.columns, [.text(section.name)] + $0) + "\n" }
            }.joined()
        case .csv:
            return sections.sections.map { "# " + $0.name + "\r\n" + render($0.table, as: .csv) }
                .joined(separator: "\r\n")
        case .table:
            return sections.sections.map { section -> String in
                if section.name == "record", let row = section.table.rows.first {
                    let width = section.table.columns.map(\.count).max() ?? 0
                    return zip(section.table.columns, row).filter { $0.1 != .null }
                        .map { $0.0.padding(width) + "  " + $0.1.plain.replacingNewlines + "\n" }.joined()
                }
                return "\n" + section.name + " (\(section.table.rows.count))\n"
                    + (section.table.rows.isEmpty ? "" : aligned(section.table))
            }.joined()
        }
    }

    /// A JSON object with keys in column order.
    static func object(_ columns: [String], _ row: [Cell]) -> String {
        "{" + zip(columns, row).map { string($0) + ": " + json($1) }.joined(separator: ", ") + "}"
    }

    static func json(_ cell: Cell) -> String {
        switch cell {
        case .null: "null"
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .text(let value): string(value)
        case .list(let values): "[" + values.map(string).joined(separator: ", ") + "]"
        case .money(let cents, _): String(cents)
        case .approximate(let value, _): String(value)
        }
    }

    /// A JSON string literal, escaped as in the journal's canonical form.
    public static func string(_ text: String) -> String {
        var out = ""
        JSONValue.writeString(text, to: &out)
        return out
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break, its quotes doubled. Checked scalar by
    /// scalar, not Character by Character: a quote or a comma followed by a combining mark is one Character that is
    /// not `"` or `,`, yet the byte a CSV reader splits on.
    static func csvField(_ text: String) -> String {
        func special(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x22, 0x2C, 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
            default: false
            }
        }
        guard text.unicodeScalars.contains(where: special) else { return text }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" { out.append("\"") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }

    /// Columns padded to their widest cell; long cells are shortened so a row fits on a line.
    static func aligned(_ table: Table) -> String {
        var table = table
        // A money column shows dollars to people, so its header drops the `_cents` that JSON and CSV keep.
        for (index, name) in table.columns.enumerated() where name.hasSuffix("_cents") {
            if table.rows.contains(where: { if case .money = $0[index] { true } else { false } }) {
                table.columns[index] = String(name.dropLast(6))
            }
        }
        let limit = 48
        let cells = table.rows.map { row in
            row.map { cell -> String in
                let text = cell.plain.replacingNewlines
                return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
            }
        }
        let widths = table.columns.indices.map { column in
            max(table.columns[column].count, cells.map { $0[column].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding($1) }.joined(separator: "  ").trimmedRight + "\n"
        }
        return line(table.columns) + line(widths.map { String(repeating: "-", count: $0) }) + cells.map(line).joined()
    }
}


extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    var trimmedRight: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }

    var replacingNewlines: String {
        String(map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
