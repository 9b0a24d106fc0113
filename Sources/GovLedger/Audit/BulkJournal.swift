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
///
/// `import sam` writes its solicitations the same way (`solicitations.import_seq`, `H` over `solicitation/ID/`
/// and the image), with a digest and released rows of their own beside the awards' (ids of two tables would
/// collide in one digest).
enum BulkJournal {
    /// `H` for one award.
    static func rowHash(_ award: Award) -> String {
        var scratch: [UInt8] = []
        return hex(rowDigest(award, scratch: &scratch))
    }

    /// The digest over `[ID: H]` pairs.
    static func digest(_ pairs: [(id: Int64, hash: String)]) -> String {
        var hasher = SHA256()
        for pair in pairs.sorted(by: { $0.id < $1.id }) { hasher.update(data: Data("\(pair.id):\(pair.hash)\n".utf8)) }
        return hex(hasher.finalize())
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        // From a table, not String(radix:) per byte: verify hexes one digest per imported award.
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The import entry's after image: the file, its counts, and per kind the rows written, their digest and the
    /// rows of earlier imports released. Awards keep the members they always had (`awards`, `digest`,
    /// `released`); an import of notices adds `solicitations`, `solicitations_digest`, `solicitations_released`.
    struct ImageParts {
        var source: String
        var summary: ImportSummary
        var awards: Int
        var digest: String
        var released: [Int64: [(id: Int64, hash: String)]]
        /// Which USAspending download the file was (`summaries` or `transactions`): a transactions file does not
        /// overwrite the totals a summaries file gave an award (see `ImportEntry.upsert`).
        var download: String?
        var solicitations: (count: Int, digest: String, released: [Int64: [(id: Int64, hash: String)]])?

        var canonical: String {
            func pairs(_ released: [Int64: [(id: Int64, hash: String)]]) -> JSONValue {
                .object(Dictionary(uniqueKeysWithValues: released.map { seq, pairs in
                    (String(seq), JSONValue.array(pairs.sorted { $0.id < $1.id }.map { .array([.int($0.id), .string($0.hash)]) }))
                }))
            }
            var members: [String: JSONValue] = [
                "source": .string(source), "file": .string(summary.file), "sha256": .string(summary.sha256),
                "rows_read": .int(Int64(summary.rowsRead)), "added": .int(Int64(summary.awardsAdded)),
                "updated": .int(Int64(summary.awardsUpdated)), "unchanged": .int(Int64(summary.awardsUnchanged)),
                "rejected": .int(Int64(summary.rejected.count)), "awards": .int(Int64(awards)),
                "digest": .string(digest), "released": pairs(released),
            ]
            if let download { members["download"] = .string(download) }
            if let solicitations, let counts = summary.solicitations {
                members["solicitations"] = .int(Int64(solicitations.count))
                members["solicitations_digest"] = .string(solicitations.digest)
                members["solicitations_released"] = pairs(solicitations.released)
                members["solicitations_added"] = .int(Int64(counts.added))
                members["solicitations_updated"] = .int(Int64(counts.updated))
                members["solicitations_unchanged"] = .int(Int64(counts.unchanged))
            }
            return JSONValue.object(members).canonical
        }
    }

    /// What `verify` needs from an import entry, per kind of row it wrote.
    struct Recorded {
        let digest: String
        let released: [Int64: [(id: Int64, hash: String)]]
        /// Nil for an entry that wrote no solicitations (every USAspending import).
        let solicitationsDigest: String?
        let solicitationsReleased: [Int64: [(id: Int64, hash: String)]]

        init(_ after: String) throws {
            let members = try JSONValue(parsing: after).members
            guard case .string(let digest)? = members["digest"] else { throw LedgerError.refused("import entry without digest") }
            self.digest = digest
            func pairs(_ value: JSONValue?) -> [Int64: [(id: Int64, hash: String)]] {
                var released: [Int64: [(id: Int64, hash: String)]] = [:]
                for (seq, value) in value?.members ?? [:] {
                    guard let seq = Int64(seq), case .array(let pairs) = value else { continue }
                    released[seq] = pairs.compactMap { pair in
                        guard case .array(let items) = pair, items.count == 2, case .int(let id) = items[0],
                            case .string(let hash) = items[1]
                        else { return nil }
                        return (id, hash)
                    }
                }
                return released
            }
            released = pairs(members["released"])
            if case .string(let digest)? = members["solicitations_digest"] {
                solicitationsDigest = digest
            } else {
                solicitationsDigest = nil
            }
            solicitationsReleased = pairs(members["solicitations_released"])
        }
    }

    /// `H` for a solicitation: SHA-256 of `solicitation/ID/` and its canonical image (the text `verify` reads
    /// back from the row), as an award's is of `award/ID/` and its image.
    static func solicitationDigest(_ id: Int64, image: String) -> SHA256.Digest {
        SHA256.hash(data: Data(("solicitation/\(id)/" + image).utf8))
    }
}

extension Award {
    /// The canonical image, written directly: the same text as the canonical form of its interchange JSON
    /// (a test holds them equal), without a JSON encoder round trip per award.
    var canonicalImage: String {
        var bytes: [UInt8] = []
        writeCanonicalImage(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the canonical image's UTF-8 bytes: members in the byte order of their keys, nil ones left out.
    func writeCanonicalImage(to out: inout [UInt8]) {
        var object = CanonicalObjectWriter()
        func key(_ name: StaticString) { object.key(name, to: &out) }
        func put(_ name: StaticString, _ value: String?) { object.put(name, value, to: &out) }
        func put(_ name: StaticString, _ value: Int64?) { object.put(name, value, to: &out) }
        // Sorted by the keys' UTF-8 bytes, as JSONValue.canonical sorts them.
        put("agency_id", agencyId)
        put("award_key", awardKey)
        put("award_type", awardType)
        put("currency", currency)
        put("date", date?.text)
        put("description", description)
        if editedByHand == true {
            key("edited_by_hand")
            out += Array("true".utf8)
        }
        put("ends", ends?.text)
        put("funding_agency_id", fundingAgencyId)
        put("id", id)
        put("obligated_cents", obligatedCents)
        put("permalink", permalink)
        put("piid", piid)
        put("potential_cents", potentialCents)
        put("pursuit_id", pursuitId)
        put("retraction", retraction)
        put("solicitation_id", solicitationId)
        put("source_file", sourceFile)
        put("source_row", sourceRow)
        put("source_sha256", sourceSha256)
        if let transactions {
            // The award's history is part of its image: `verify` finds a transaction edited behind its back.
            key("transactions")
            out.append(0x5B)  // [
            for (index, transaction) in transactions.enumerated() {
                if index > 0 { out.append(0x2C) }
                transaction.writeCanonicalImage(to: &out)
            }
            out.append(0x5D)  // ]
        }
        put("vendor_id", vendorId)
        object.close(&out)
    }
}

extension BulkJournal {
    /// A JSON string as `JSONValue.writeString` writes it: only `"`, `\\` and control characters escaped.
    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = text
        text.withUTF8 { bytes in
            var plain = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain..<index]))
                plain = index + 1
                switch byte {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[plain...]))
        }
        out.append(0x22)
    }

    /// An integer in decimal.
    static func writeInt(_ value: Int64, to out: inout [UInt8]) {
        if value == 0 { return out.append(0x30) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var magnitude = value.magnitude
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            }
            if value < 0 { out.append(0x2D) }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }

    /// The hex of a digest, as bytes.
    static func hexBytes(_ digest: SHA256.Digest, to out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        hex.withUTF8Buffer { table in
            for byte in digest {
                out.append(table[Int(byte >> 4)])
                out.append(table[Int(byte & 0xF)])
            }
        }
    }

    /// `H` for an award being written by an import: SHA-256 of `award/ID/` and its canonical image, with
    /// `scratch` reused from one award to the next.
    static func rowDigest(_ award: Award, scratch: inout [UInt8]) -> SHA256.Digest {
        scratch.removeAll(keepingCapacity: true)
        scratch += Array("award/".utf8)
        writeInt(award.id!, to: &scratch)
        scratch.append(0x2F)
        award.writeCanonicalImage(to: &scratch)
        return SHA256.hash(data: scratch)
    }

    /// The digest over the `ID:H` lines of the awards an import wrote, gathered as they are written: 40 bytes
    /// an award instead of two strings, sorted by id only if they did not come in order.
    struct Digester {
        private var ids: [Int64] = []
        private var hashes: [SHA256.Digest] = []
        private var inOrder = true
        private var lastId = Int64.min
        /// Awards removed again (`remove`), left in place with id -1.
        private var removed = 0

        /// How many awards were written.
        var count: Int { ids.count - removed }

        mutating func add(_ id: Int64, _ hash: SHA256.Digest) {
            if lastId >= id { inOrder = false }
            lastId = id
            ids.append(id)
            hashes.append(hash)
        }

        /// Forgets award `id`, which the same import writes again (a key repeated in one file).
        mutating func remove(_ id: Int64) {
            let index: Int?
            if inOrder {
                // Sorted: a binary search.
                var low = 0
                var high = ids.count
                while low < high {
                    let middle = (low + high) / 2
                    if ids[middle] < id { low = middle + 1 } else { high = middle }
                }
                index = low < ids.count && ids[low] == id ? low : nil
            } else {
                index = ids.lastIndex(of: id)
            }
            guard let index else { return }
            ids[index] = -1
            removed += 1
            inOrder = false
        }

        /// SHA-256 over the `ID:H\n` lines sorted by id, as `BulkJournal.digest` computes it.
        var digest: String { digest(adding: []) }

        /// The digest over these awards' lines and `extra`'s (awards later imports released, by their hex hash),
        /// merged by id: `verify` gathers the one and reads the other from the journal.
        func digest(adding extra: [(id: Int64, hash: String)]) -> String {
            var order = ids.indices.filter { ids[$0] >= 0 }
            if !inOrder { order.sort { ids[$0] < ids[$1] } }
            let extra = extra.sorted { $0.id < $1.id }
            var next = 0
            var hasher = SHA256()
            var line: [UInt8] = []
            func put(_ id: Int64, _ hash: (inout [UInt8]) -> Void) {
                line.removeAll(keepingCapacity: true)
                BulkJournal.writeInt(id, to: &line)
                line.append(0x3A)
                hash(&line)
                line.append(0x0A)
                hasher.update(data: line)
            }
            func putExtra(before id: Int64?) {
                while next < extra.count, id.map({ extra[next].id < $0 }) ?? true {
                    put(extra[next].id) { $0 += Array(extra[next].hash.utf8) }
                    next += 1
                }
            }
            for index in order {
                putExtra(before: ids[index])
                put(ids[index]) { BulkJournal.hexBytes(hashes[index], to: &$0) }
            }
            putExtra(before: nil)
            return BulkJournal.hex(hasher.finalize())
        }
    }
}
