import Foundation

/// Everything that can go wrong, each with a one-line message naming the field and the value.
public enum LedgerError: Error, Equatable, CustomStringConvertible {
    /// A value that does not parse or breaks a rule.
    case invalidValue(field: String, value: String, expected: String)
    /// A reference that names no record; `suggestions` are the nearest names.
    case unknownReference(field: String, value: String, suggestions: [String])
    /// A reference that names several records.
    case ambiguousReference(field: String, value: String, candidates: [String])
    /// The ledger file is missing, not a ledger, or of an unknown schema version.
    case ledger(path: String, problem: String)
    /// An input file cannot be read or is malformed; `row` is 1-based when known.
    case inputFile(path: String, row: Int?, problem: String)
    /// The database refused a change (a constraint the schema enforces).
    case refused(String)
    /// The ledger does not verify, so it is not published (a copy would launder the tampering); `summary` is
    /// `verify`'s one-line verdict.
    case notIntact(path: String, summary: String)

    /// One line, fit for stderr.
    public var description: String {
        switch self {
        case .invalidValue(let field, let value, let expected):
            "invalid \(field) \(LedgerError.quote(value)): expected \(expected)"
        case .unknownReference(let field, let value, let suggestions):
            "unknown \(field) \(LedgerError.quote(value))"
                + (suggestions.isEmpty ? "" : "; did you mean " + suggestions.map { LedgerError.quote($0) }
                    .joined(separator: ", ") + "?")
        case .ambiguousReference(let field, let value, let candidates):
            "ambiguous \(field) \(LedgerError.quote(value)): it matches "
                + candidates.map { LedgerError.quote($0) }.joined(separator: ", ")
        case .ledger(let path, let problem):
            "ledger \(LedgerError.quote(path)): \(problem)"
        case .inputFile(let path, let row, let problem):
            "\(LedgerError.quote(path))" + (row.map { " row \($0)" } ?? "") + ": \(problem)"
        case .notIntact(let path, let summary):
            "ledger \(LedgerError.quote(path)) does not verify (\(summary)); not published, nothing written"
        case .refused(let message):
            "refused: " + message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: " ")
        }
    }

    /// The process exit status the CLI uses for this error (documented in the README).
    public var exitCode: Int32 {
        switch self {
        case .invalidValue: 3
        case .unknownReference, .ambiguousReference: 4
        case .ledger: 5
        case .inputFile: 6
        case .refused: 3
        case .notIntact: 1
        }
    }

    /// Quotes a value for a one-line message: control characters escaped, long values shortened.
    public static func quote(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars.prefix(80) {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "'": out += "\\'"
            default:
                // Bidirectional controls too: printed raw, they would reorder the rest of the line on a terminal.
                if scalar.value < 0x20 || scalar.value == 0x7F || Text.isBidiControl(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        let count = value.unicodeScalars.count
        return "'" + out + (count > 80 ? "…' (\(count) characters)" : "'")
    }
}
