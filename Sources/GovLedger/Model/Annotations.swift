/// A word a reporter files a record under (`govledger tag pursuit 1 follow-up`), to find it again with `--tag`.
public struct Tag: Codable, Hashable, Sendable {
    public var id: Int64?
    /// The kind of the record tagged.
    public var recordKind: RecordKind
    public var recordId: Int64
    /// Lower-case letters, digits, `-` and `_`.
    public var word: String

    /// Creates a tag.
    public init(id: Int64? = nil, recordKind: RecordKind, recordId: Int64, word: String) {
        self.id = id
        self.recordKind = recordKind
        self.recordId = recordId
        self.word = word
    }
}

/// A reporter's private note on a record (`govledger note pursuit 1 "call her back Tuesday"`): shown by `show`
/// only, never by a listing, search, report, total or export, and carried by `export json` only with
/// `--include-confidential`, as confidential sources are.
public struct Note: Codable, Hashable, Sendable {
    public var id: Int64?
    /// The kind of the record the note is on.
    public var recordKind: RecordKind
    public var recordId: Int64
    public var text: String

    /// Creates a note.
    public init(id: Int64? = nil, recordKind: RecordKind, recordId: Int64, text: String) {
        self.id = id
        self.recordKind = recordKind
        self.recordId = recordId
        self.text = text
    }
}
