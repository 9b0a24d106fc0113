import Crypto

extension Solicitation {
    /// Appends the canonical image's UTF-8 bytes, as `Award.writeCanonicalImage` does for an award: the same
    /// text as the canonical form of its interchange JSON (a test holds them equal), without a JSON encoder
    /// round trip per notice (that round trip was a quarter of a 230 MB import).
    func writeCanonicalImage(to out: inout [UInt8]) {
        var object = CanonicalObjectWriter()
        func key(_ name: StaticString) { object.key(name, to: &out) }
        func put(_ name: StaticString, _ value: String?) { object.put(name, value, to: &out) }
        func put(_ name: StaticString, _ value: Int64?) { object.put(name, value, to: &out) }
        // Sorted by the keys' UTF-8 bytes, as JSONValue.canonical sorts them.
        key("agency_id")
        BulkJournal.writeInt(agencyId, to: &out)
        put("base_notice_type", baseNoticeType?.rawValue)
        put("description", description)
        put("id", id)
        put("notice_id", noticeId)
        put("notice_type", noticeType.rawValue)
        put("posted", posted?.text)
        put("response_due", responseDue?.text)
        put("solicitation_number", solicitationNumber)
        put("title", title)
        put("url", url)
        object.close(&out)
    }
}

extension BulkJournal {
    /// `H` for a solicitation written or read by an import (`solicitationDigest`), from its bytes, with `scratch`
    /// reused from one notice to the next.
    static func solicitationDigest(_ solicitation: Solicitation, scratch: inout [UInt8]) -> SHA256.Digest {
        scratch.removeAll(keepingCapacity: true)
        scratch += Array("solicitation/".utf8)
        writeInt(solicitation.id!, to: &scratch)
        scratch.append(0x2F)
        solicitation.writeCanonicalImage(to: &scratch)
        return SHA256.hash(data: scratch)
    }
}
