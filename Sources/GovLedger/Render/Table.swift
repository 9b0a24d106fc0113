/// One value in a result row.
public enum Cell: Sendable, Hashable {
    case null
    case int(Int64)
    case text(String)
    case bool(Bool)
    /// Several values: a JSON array, joined with "; " in tables and CSV.
    case list([String])
    /// An amount in integer cents: `$1,234,567.89` for people (other currencies with their code), the exact
    /// integer in JSON, NDJSON and CSV, whose column names end in `_cents` beside a `currency` column.
    case money(Int64, currency: String)
    /// A count known only approximately: `about 900` for people, the number alone in JSON, NDJSON and CSV, whose
    /// `_qualifier` column beside it carries the word.
    case approximate(Int64, Approximation)

    /// The value as people read it in a table or CSV.
    public var plain: String {
        switch self {
        case .null: ""
        case .int(let value): String(value)
        case .text(let value): value
        case .bool(let value): value ? "true" : "false"
        case .list(let values): values.joined(separator: "; ")
        case .money(let cents, let currency): Money.display(cents: cents, currency: currency)
        case .approximate(let value, let approximation): Approximation.text(count: value, approximation)
        }
    }

    /// The value for machines: exact cents for money, otherwise as people read it.
    public var exact: String {
        if case .money(let cents, _) = self { return String(cents) }
        if case .approximate(let value, _) = self { return String(value) }
        return plain
    }
}

/// Rows of named columns: what every list-like command returns and every format can render.
public struct Table: Sendable, Hashable {
    /// Column names, in output order (also the JSON keys).
    public var columns: [String]
    /// Rows, each with one cell per column.
    public var rows: [[Cell]]

    /// Creates a table.
    public init(columns: [String], rows: [[Cell]] = []) {
        self.columns = columns
        self.rows = rows
    }
}

/// A record shown with what is linked to it: named sections, the first usually the record itself.
public struct Sections: Sendable, Hashable {
    /// Section names and contents, in output order.
    public var sections: [(name: String, table: Table)]

    /// Creates a set of sections.
    public init(_ sections: [(name: String, table: Table)]) {
        self.sections = sections
    }

    public static func == (a: Sections, b: Sections) -> Bool {
        a.sections.map(\.name) == b.sections.map(\.name) && a.sections.map(\.table) == b.sections.map(\.table)
    }

    public func hash(into hasher: inout Hasher) {
        for section in sections {
            hasher.combine(section.name)
            hasher.combine(section.table)
        }
    }
}

extension Cell {
    init(_ value: String?) { self = value.map(Cell.text) ?? .null }
    init(_ value: Int64?) { self = value.map(Cell.int) ?? .null }
}
