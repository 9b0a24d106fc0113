/// JSON as the open-standard exports (OCDS, FollowTheMoney) write it.
///
/// Unlike `JSONEncoder`, numbers are kept as exact decimal text, so an amount converted from integer cents
/// (`120000050` → `1200000.50`) never passes through a binary floating-point value. Object keys are always
/// written sorted by their UTF-8 bytes, so the same data gives the same bytes.
public indirect enum OpenJSON: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number as JSON text: an integer or an exact decimal such as `-35.10`.
    case number(String)
    case string(String)
    case array([OpenJSON])
    case object([String: OpenJSON])

    /// An object from members whose nil values are left out.
    public static func members(_ members: [String: OpenJSON?]) -> OpenJSON {
        .object(members.compactMapValues { $0 })
    }

    /// An integer.
    public static func int(_ value: Int64) -> OpenJSON { .number(String(value)) }

    /// A string, or nil for nil.
    public static func text(_ value: String?) -> OpenJSON? { value.map(OpenJSON.string) }

    /// An array, or nil when it is empty (optional OCDS arrays are left out rather than written empty).
    public static func list(_ values: [OpenJSON]) -> OpenJSON? { values.isEmpty ? nil : .array(values) }

    /// Integer cents as an exact decimal amount in the currency's main unit: `120000050` → `1200000.50`,
    /// `-3510` → `-35.10`, `500000` → `5000`. The ledger keeps every currency in hundredths.
    public static func amount(cents: Int64) -> OpenJSON {
        let magnitude = cents.magnitude
        var text = (cents < 0 ? "-" : "") + String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction != 0 { text += "." + (fraction < 10 ? "0" : "") + String(fraction) }
        return .number(text)
    }

    /// The member `key` of an object, nil for anything else.
    public subscript(key: String) -> OpenJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The elements of an array (empty for anything else).
    public var elements: [OpenJSON] {
        if case .array(let values) = self { return values }
        return []
    }

    /// The string value, nil for anything else.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// One line, no whitespace.
    public var compact: String {
        var out = ""
        write(to: &out, indent: nil)
        return out
    }

    /// Two-space indentation and a final newline.
    public var pretty: String {
        var out = ""
        write(to: &out, indent: "")
        return out + "\n"
    }

    private func write(to out: inout String, indent: String?) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): out += text
        case .string(let value): OpenJSON.writeString(value, to: &out)
        case .array(let values):
            guard !values.isEmpty else { out += "[]"; return }
            out += "["
            let inner = indent.map { $0 + "  " }
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                if let inner { out += "\n" + inner }
                value.write(to: &out, indent: inner)
            }
            if let indent { out += "\n" + indent }
            out += "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            let inner = indent.map { $0 + "  " }
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out += "," }
                if let inner { out += "\n" + inner }
                OpenJSON.writeString(key, to: &out)
                out += indent == nil ? ":" : ": "
                members[key]!.write(to: &out, indent: inner)
            }
            if let indent { out += "\n" + indent }
            out += "}"
        }
    }

    /// JSON string syntax, escaped exactly as the journal's canonical form escapes it.
    static func writeString(_ text: String, to out: inout String) {
        JSONValue.writeString(text, to: &out)
    }
}
