import Crypto
import Foundation
import GRDB

/// One journal entry per imported file instead of one per award.
///
/// The entry (kind `import`, no record id) records the file, its SHA-256, the counts, and a digest of the awards
/// it wrote: SHA-256 over the lines `ID:H\n`, sorted by id, where `H` is the SHA-256 (hex) of
/// `award/ID/` followed by the award's canonical image. Each award it wrote carries the entry's sequence number in
/// `awards.import_seq`. When a later import rewrites an award that an earlier one wrote, the later entry lists
/// the earlier row's `[ID, H]` under `released` by the earlier entry's seq, so that `verify` can recompute every
/// import's digest from the rows it still covers plus the ones released since.
enum BulkJournal {
    /// `H` for one award.
    static func rowHash(_ award: Award) -> String {
        hex(SHA256.hash(data: Data(("award/\(award.id!)/" + award.canonicalImage).utf8)))
    }

    /// The digest over `[ID: H]` pairs.
    static func digest(_ pairs: [(id: Int64, hash: String)]) -> String {
        var hasher = SHA256()
        for pair in pairs.sorted(by: { $0.id < $1.id }) { hasher.update(data: Data("\(pair.id):\(pair.hash)\n".utf8)) }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// The import entry's after image.
    static func image(source: String, summary: ImportSummary, written: [(id: Int64, hash: String)],
                      released: [Int64: [(id: Int64, hash: String)]]) -> String {
        JSONValue.object([
            "source": .string(source), "file": .string(summary.file), "sha256": .string(summary.sha256),
            "rows_read": .int(Int64(summary.rowsRead)), "added": .int(Int64(summary.awardsAdded)),
            "updated": .int(Int64(summary.awardsUpdated)), "unchanged": .int(Int64(summary.awardsUnchanged)),
            "rejected": .int(Int64(summary.rejected.count)), "awards": .int(Int64(written.count)),
            "digest": .string(digest(written)),
            "released": .object(Dictionary(uniqueKeysWithValues: released.map { seq, pairs in
                (String(seq), JSONValue.array(pairs.sorted { $0.id < $1.id }.map { .array([.int($0.id), .string($0.hash)]) }))
            })),
        ]).canonical
    }

    /// What `verify` needs from an import entry.
    struct Recorded {
        let digest: String
        let released: [Int64: [(id: Int64, hash: String)]]

        init(_ after: String) throws {
            let members = try JSONValue(parsing: after).members
            guard case .string(let digest)? = members["digest"] else { throw LedgerError.refused("import entry without digest") }
            self.digest = digest
            var released: [Int64: [(id: Int64, hash: String)]] = [:]
            for (seq, value) in members["released"]?.members ?? [:] {
                guard let seq = Int64(seq), case .array(let pairs) = value else { continue }
                released[seq] = pairs.compactMap { pair in
                    guard case .array(let items) = pair, items.count == 2, case .int(let id) = items[0],
                        case .string(let hash) = items[1]
                    else { return nil }
                    return (id, hash)
                }
            }
            self.released = released
        }
    }
}

extension Award {
    /// The canonical image, written directly: the same text as the canonical form of its interchange JSON
    /// (a test holds them equal), without a JSON encoder round trip per award.
    var canonicalImage: String {
        var members: [String: JSONValue] = ["agency_id": .int(agencyId), "currency": .string(currency),
                                            "vendor_id": .int(vendorId)]
        func put(_ key: String, _ value: String?) { if let value { members[key] = .string(value) } }
        func put(_ key: String, _ value: Int64?) { if let value { members[key] = .int(value) } }
        put("id", id)
        put("award_key", awardKey)
        put("piid", piid)
        put("pursuit_id", pursuitId)
        put("solicitation_id", solicitationId)
        put("description", description)
        put("award_type", awardType)
        put("obligated_cents", obligatedCents)
        put("potential_cents", potentialCents)
        put("date", date?.text)
        put("ends", ends?.text)
        put("permalink", permalink)
        put("source_file", sourceFile)
        put("source_sha256", sourceSha256)
        put("source_row", sourceRow)
        return JSONValue.object(members).canonical
    }
}
