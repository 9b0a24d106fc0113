/// The one text policy: rules for free text coming in — no NUL or control characters (ESC, BEL, and line breaks
/// outside prose), no empty names, nothing absurdly long. Every way text enters goes through `check`: `add` and
/// `lead` (Writes), `load` (Validation), the importers' rows (USAspending, SAM), the actor (`--as`), and, as the
/// last line, every record the ledger saves (`LedgerRecord.willSave` runs the record's `validated(at:)`).
enum Text {
    /// Longest name or title accepted.
    static let shortLimit = 1_000
    /// Longest summary, note, quote or description accepted.
    static let longLimit = 100_000

    /// A required single-line value: trimmed, not empty.
    static func name(_ raw: String, field: String) throws(LedgerError) -> String {
        let text = raw.trimmingSpaces
        guard !text.isEmpty else { throw .invalidValue(field: field, value: raw, expected: "a non-empty value") }
        return try check(text, field: field, limit: shortLimit, multiline: false)
    }

    /// An optional single-line value; empty becomes nil.
    static func line(_ raw: String?, field: String) throws(LedgerError) -> String? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        return try check(text, field: field, limit: shortLimit, multiline: false)
    }

    /// An optional multi-line value; empty becomes nil.
    static func prose(_ raw: String?, field: String) throws(LedgerError) -> String? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        return try check(text, field: field, limit: longLimit, multiline: true)
    }

    private static func check(_ text: String, field: String, limit: Int, multiline: Bool) throws(LedgerError) -> String {
        // A value of at most `limit` UTF-8 bytes has at most `limit` scalars: count scalars only when it is longer.
        guard text.utf8.count <= limit || text.unicodeScalars.count <= limit else {
            throw .invalidValue(field: field, value: text, expected: "at most \(limit) characters")
        }
        // The control characters refused (below U+0020, and U+007F) are single bytes in UTF-8, and no byte of a
        // multi-byte sequence is below 0x80: scanning bytes finds exactly the scalars a scalar walk would.
        for byte in text.utf8 where byte < 0x20 || byte == 0x7F {
            if multiline && (byte == 0x0A || byte == 0x09 || byte == 0x0D) { continue }
            throw .invalidValue(field: field, value: text, expected: "text without control characters")
        }
        // A bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) makes a name or title
        // display as something other than what it is ("Trojan Source"): refused on one line. Prose keeps them,
        // as right-to-left quotations may need them. All are three bytes from 0xE2: look further only there.
        if !multiline, text.utf8.contains(0xE2), let scalar = text.unicodeScalars.first(where: isBidiControl) {
            throw .invalidValue(field: field, value: text, expected: "text without bidirectional control characters "
                                + "(U+\(String(scalar.value, radix: 16, uppercase: true)))")
        }
        return text
    }

    /// The bidirectional embeddings, overrides and isolates, which reorder how text around them is displayed.
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// A UEI: twelve letters and digits, stored in capitals.
    static func uei(_ raw: String?, field: String = "uei") throws(LedgerError) -> String? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        let upper = text.uppercased()
        guard upper.count == 12, upper.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) }) else {
            throw .invalidValue(field: field, value: raw ?? "", expected: "a 12-character SAM.gov UEI")
        }
        return upper
    }

    /// A SHA-256 digest: 64 hex digits, stored in lower case.
    static func sha256(_ raw: String?, field: String = "sha256") throws(LedgerError) -> String? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        let lower = text.lowercased()
        guard lower.count == 64, lower.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw .invalidValue(field: field, value: raw ?? "", expected: "64 hexadecimal digits")
        }
        return lower
    }

    /// The actor a journal entry names (`--as`, `$GOVLEDGER_ACTOR`, the OS user): one line, at most 200 characters.
    static func actor(_ raw: String) throws(LedgerError) -> String {
        let text = try name(raw, field: "actor (--as, $GOVLEDGER_ACTOR)")
        guard text.unicodeScalars.count <= 200 else {
            throw .invalidValue(field: "actor (--as, $GOVLEDGER_ACTOR)", value: text, expected: "at most 200 characters")
        }
        return text
    }

    /// An office code as the public record writes it (`70CDCR`, `00214`, `VOA/LN`): 4 to 6 printable characters,
    /// no spaces, in capitals.
    static func officeCode(_ raw: String?, field: String) throws(LedgerError) -> String? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        let upper = text.uppercased()
        guard (4...6).contains(upper.utf8.count), upper.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            let short = upper.utf8.count < 4 && upper.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            throw .invalidValue(field: field, value: text, expected: short
                ? "an office code of 4–6 characters; leading zeros were lost (a spreadsheet?): re-export the column as text"
                : "an office code of 4–6 printable characters without spaces (70CDCR, VOA/LN)")
        }
        return upper
    }

    /// A code such as a CGAC or sub-tier code: trimmed, upper-cased, of an allowed length.
    static func code(_ raw: String?, field: String, lengths: ClosedRange<Int>) throws(LedgerError) -> String? {
        guard let text = raw?.trimmingSpaces, !text.isEmpty else { return nil }
        let upper = text.uppercased()
        guard lengths.contains(upper.count),
            upper.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) })
        else {
            throw .invalidValue(field: field, value: raw ?? "",
                                expected: "\(lengths.lowerBound)\(lengths.count > 1 ? "–\(lengths.upperBound)" : "") letters or digits")
        }
        return upper
    }

    /// A positive whole number such as a page count.
    static func positive(_ value: Int64?, field: String) throws(LedgerError) -> Int64? {
        guard let value else { return nil }
        guard value > 0 else { throw .invalidValue(field: field, value: "\(value)", expected: "a number above 0") }
        return value
    }
}
