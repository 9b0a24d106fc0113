/// Writes one canonical JSON object straight to bytes: members in the order the caller gives them (which must be
/// the byte order of their keys, as `JSONValue.canonical` sorts them), nil members left out. Awards, their
/// transactions and imported notices are imaged this way by the million, without a JSON encoder round trip.
struct CanonicalObjectWriter {
    private var first = true

    /// Starts the member `name`; its value is written next.
    mutating func key(_ name: StaticString, to out: inout [UInt8]) {
        out.append(first ? 0x7B : 0x2C)  // { or ,
        first = false
        out.append(0x22)
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(0x22)
        out.append(0x3A)
    }

    /// A string member, left out when nil.
    mutating func put(_ name: StaticString, _ value: String?, to out: inout [UInt8]) {
        guard let value else { return }
        key(name, to: &out)
        BulkJournal.writeString(value, to: &out)
    }

    /// An integer member, left out when nil.
    mutating func put(_ name: StaticString, _ value: Int64?, to out: inout [UInt8]) {
        guard let value else { return }
        key(name, to: &out)
        BulkJournal.writeInt(value, to: &out)
    }

    /// Closes the object (`{}` when no member was written).
    func close(_ out: inout [UInt8]) {
        if first { out.append(0x7B) }
        out.append(0x7D)
    }
}
