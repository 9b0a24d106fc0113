import Foundation

/// The ledger's own JSON interchange format: one array per kind of record, snake_case keys, ids local to
/// the file. `export json` writes it; `load` reads it. See docs/interchange.md.
public struct LedgerFile: Codable, Sendable, Equatable {
    /// Always `govledger`.
    public var format: String
    /// The format's version.
    public var version: Int
    public var agencies: [Agency]
    public var vendors: [Vendor]
    public var sources: [Source]
    public var solicitations: [Solicitation]
    public var pursuits: [Pursuit]
    public var stageChanges: [StageChange]
    public var documents: [Document]
    public var awards: [Award]
    public var events: [Event]
    public var citations: [Citation]
    /// Decisions on pairs of vendors; written only when there are some, so older files' bytes are unchanged.
    public var judgements: [Judgement]
    /// The bytes of documents' files, base64, by SHA-256: only `export json --include-confidential` writes them;
    /// nil (left out) otherwise, and a file loaded without them keeps its files' hashes but not their bytes.
    public var evidence: [EvidenceContent]?
    /// Tags on records (`govledger tag`); nil (left out) when there are none.
    public var tags: [Tag]?
    /// Private notes on records: only `export json --include-confidential` writes them, as confidential sources.
    public var notes: [Note]?
    /// People named in the story (schema 9); written only when there are some, so older files stay as they were.
    public var people: [Person]
    /// Requests for comment and their answers; written only when there are some.
    public var requests: [ReplyRequest]

    /// The format version this build writes and reads.
    public static let currentVersion = 1

    /// An empty file.
    public init() {
        format = "govledger"
        version = LedgerFile.currentVersion
        agencies = []
        vendors = []
        sources = []
        solicitations = []
        pursuits = []
        stageChanges = []
        documents = []
        awards = []
        events = []
        citations = []
        judgements = []
        people = []
        requests = []
    }

    private enum CodingKeys: String, CodingKey {
        case format, version, agencies, vendors, sources, solicitations, pursuits, stageChanges, documents, awards
        case events, citations, judgements, evidence, tags, notes, people, requests
    }

    /// Missing arrays read as empty, so a hand-written file names only what it has.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        version = try c.decode(Int.self, forKey: .version)
        agencies = try c.decodeIfPresent([Agency].self, forKey: .agencies) ?? []
        vendors = try c.decodeIfPresent([Vendor].self, forKey: .vendors) ?? []
        sources = try c.decodeIfPresent([Source].self, forKey: .sources) ?? []
        solicitations = try c.decodeIfPresent([Solicitation].self, forKey: .solicitations) ?? []
        pursuits = try c.decodeIfPresent([Pursuit].self, forKey: .pursuits) ?? []
        stageChanges = try c.decodeIfPresent([StageChange].self, forKey: .stageChanges) ?? []
        documents = try c.decodeIfPresent([Document].self, forKey: .documents) ?? []
        awards = try c.decodeIfPresent([Award].self, forKey: .awards) ?? []
        events = try c.decodeIfPresent([Event].self, forKey: .events) ?? []
        citations = try c.decodeIfPresent([Citation].self, forKey: .citations) ?? []
        judgements = try c.decodeIfPresent([Judgement].self, forKey: .judgements) ?? []
        evidence = try c.decodeIfPresent([EvidenceContent].self, forKey: .evidence)
        tags = try c.decodeIfPresent([Tag].self, forKey: .tags)
        notes = try c.decodeIfPresent([Note].self, forKey: .notes)
        people = try c.decodeIfPresent([Person].self, forKey: .people) ?? []
        requests = try c.decodeIfPresent([ReplyRequest].self, forKey: .requests) ?? []
    }

    /// Every array; `judgements`, `people` and `requests` only when there are some, `evidence`, `tags` and `notes`
    /// only when set: a ledger without them exports the bytes it did before they existed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(format, forKey: .format)
        try c.encode(version, forKey: .version)
        try c.encode(agencies, forKey: .agencies)
        try c.encode(vendors, forKey: .vendors)
        try c.encode(sources, forKey: .sources)
        try c.encode(solicitations, forKey: .solicitations)
        try c.encode(pursuits, forKey: .pursuits)
        try c.encode(stageChanges, forKey: .stageChanges)
        try c.encode(documents, forKey: .documents)
        try c.encode(awards, forKey: .awards)
        try c.encode(events, forKey: .events)
        try c.encode(citations, forKey: .citations)
        if !judgements.isEmpty { try c.encode(judgements, forKey: .judgements) }
        try c.encodeIfPresent(evidence, forKey: .evidence)
        try c.encodeIfPresent(tags, forKey: .tags)
        try c.encodeIfPresent(notes, forKey: .notes)
        if !people.isEmpty { try c.encode(people, forKey: .people) }
        if !requests.isEmpty { try c.encode(requests, forKey: .requests) }
    }

    /// Stable bytes: sorted keys, two-space indentation, a final newline.
    public func encoded() throws -> Data {
        var data = try LedgerFile.encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads and decodes an interchange file from disk (a regular file only: never a device or a FIFO).
    public static func read(path: String) throws -> LedgerFile {
        try decode(InputFile.contents(of: path), path: path)
    }

    /// Reads a file's bytes; the error names the path and, for bad JSON, where it went wrong.
    public static func decode(_ data: Data, path: String) throws -> LedgerFile {
        let file: LedgerFile
        do {
            file = try decoder.decode(LedgerFile.self, from: data)
        } catch let error as DecodingError {
            throw LedgerError.inputFile(path: path, row: nil, problem: describe(error))
        } catch {
            throw LedgerError.inputFile(path: path, row: nil, problem: "not JSON (\(error.localizedDescription))")
        }
        guard file.format == "govledger", file.version == currentVersion else {
            throw LedgerError.inputFile(
                path: path, row: nil,
                problem: "not a GovLedger file of version \(currentVersion) (format \(LedgerError.quote(file.format)), version \(file.version))")
        }
        return file
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { key in
                key.intValue.map { "[\($0)]" } ?? "." + snake(key.stringValue)
            }.joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing \(snake(key.stringValue))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func snake(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}
