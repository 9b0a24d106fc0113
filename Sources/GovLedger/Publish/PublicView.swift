/// The ledger as the open-standard exports (OCDS, FollowTheMoney) see it: the interchange file with
/// confidential sources redacted, indexed by id, and with confidential sources left out of every citation
/// lookup, so that nothing they could export names or points to one.
struct PublicView {
    let file: LedgerFile
    let agencies: [Int64: Agency]
    let vendors: [Int64: Vendor]
    let solicitations: [Int64: Solicitation]
    let pursuits: [Int64: Pursuit]
    /// The vendors and agencies merged into each survivor (following chains of merges), by kind: the ids that
    /// once named it, for FollowTheMoney's `referents`.
    let merged: [RecordKind: [Int64: [Int64]]]
    private let publicSources: [Int64: Source]
    private let stageChangePursuit: [Int64: Int64]
    private let citedSourceIds: [String: [Int64]]

    /// Retracted records are left out, with the stage changes of a retracted pursuit, the links to retracted
    /// records and the citations of retracted records and sources: what the exports publish is what stands.
    init(_ file: LedgerFile) {
        func survivors(_ pointers: [(Int64?, Int64?)]) -> [Int64: [Int64]] {
            let into = Dictionary(pointers.compactMap { id, to in id.flatMap { id in to.map { (id, $0) } } },
                                  uniquingKeysWith: { a, _ in a })
            var result: [Int64: [Int64]] = [:]
            for id in into.keys.sorted() {
                var last = id
                for _ in 0..<64 { guard let next = into[last] else { break }; last = next }
                result[last, default: []].append(id)
            }
            return result
        }
        merged = [.vendor: survivors(file.vendors.map { ($0.id, $0.mergedIntoId) }),
                  .agency: survivors(file.agencies.map { ($0.id, $0.mergedIntoId) })]
        let file = file.standing
        self.file = file
        agencies = Dictionary(file.agencies.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        vendors = Dictionary(file.vendors.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        solicitations = Dictionary(file.solicitations.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        pursuits = Dictionary(file.pursuits.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        // Confidential sources are skipped entirely: never cited, never linked, never named.
        publicSources = Dictionary(file.sources.filter { !$0.confidential }.map { ($0.id!, $0) },
                                   uniquingKeysWith: { a, _ in a })
        stageChangePursuit = Dictionary(file.stageChanges.map { ($0.id!, $0.pursuitId) }, uniquingKeysWith: { a, _ in a })
        var cited: [String: [Int64]] = [:]
        for citation in file.citations.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            cited[PublicView.key(citation.recordKind, citation.recordId), default: []].append(citation.sourceId)
        }
        citedSourceIds = cited
    }

    /// OCDS `contactPoint` of a party: the first person (by id) holding a role there with no known end, or nil.
    func contactPoint(vendor id: Int64) -> OpenJSON? { contactPoint { $0.vendorId == id } }

    /// The same for an agency.
    func contactPoint(agency id: Int64) -> OpenJSON? { contactPoint { $0.agencyId == id } }

    private func contactPoint(_ at: (PersonRole) -> Bool) -> OpenJSON? {
        for person in file.people.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            if let role = person.roles.first(where: { at($0) && $0.until == nil }) {
                return .members(["name": .string(person.name + ", " + role.title)])
            }
        }
        return nil
    }

    private static func key(_ kind: RecordKind, _ id: Int64) -> String { "\(kind.rawValue)/\(id)" }

    /// The non-confidential sources cited for a record, in citation order, each once. A pursuit's include
    /// those cited for its stage changes.
    func sources(_ kind: RecordKind, _ id: Int64) -> [Source] {
        var ids = citedSourceIds[PublicView.key(kind, id)] ?? []
        if kind == .pursuit {
            for change in file.stageChanges where change.pursuitId == id {
                ids += citedSourceIds[PublicView.key(.stageChange, change.id!)] ?? []
            }
        }
        var seen = Set<Int64>()
        return ids.compactMap { id in seen.insert(id).inserted ? publicSources[id] : nil }
    }

    /// The URLs of the non-confidential sources cited for a record, after `own` (the record's own URL).
    func sourceURLs(_ kind: RecordKind, _ id: Int64, own: [String?] = []) -> [String] {
        unique(own.compactMap { $0 } + sources(kind, id).compactMap(\.url))
    }

    /// The pursuit a stage change belongs to.
    func pursuit(ofStageChange id: Int64) -> Int64? { stageChangePursuit[id] }

    /// An agency's short name: its acronym, else its name.
    func agencyLabel(_ id: Int64) -> String {
        agencies[id].map { $0.acronym ?? $0.name } ?? "agency \(id)"
    }

    func vendorName(_ id: Int64) -> String { vendors[id]?.name ?? "vendor \(id)" }
}

/// The values without repeats, in first-seen order.
func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}

extension LedgerFile {
    /// The file without its retracted records, nor what points only at them.
    var standing: LedgerFile {
        var file = self
        let pursuits = Set(file.pursuits.filter { $0.retraction != nil }.compactMap(\.id))
        let vendors = Set(file.vendors.filter { $0.retraction != nil || $0.mergedIntoId != nil }.compactMap(\.id))
        let agencies = Set(file.agencies.filter { $0.retraction != nil || $0.mergedIntoId != nil }.compactMap(\.id))
        file.agencies.removeAll { agencies.contains($0.id ?? 0) }
        file.vendors.removeAll { vendors.contains($0.id ?? 0) }
        file.sources.removeAll { $0.retraction != nil }
        file.solicitations.removeAll { $0.retraction != nil }
        file.pursuits.removeAll { $0.retraction != nil }
        file.stageChanges.removeAll { $0.retraction != nil || pursuits.contains($0.pursuitId) }
        file.awards.removeAll { $0.retraction != nil }
        func standingLinks(_ links: Links) -> Links {
            Links(pursuitIds: links.pursuitIds.filter { !pursuits.contains($0) },
                  vendorIds: links.vendorIds.filter { !vendors.contains($0) },
                  agencyIds: links.agencyIds.filter { !agencies.contains($0) })
        }
        file.documents = file.documents.filter { $0.retraction == nil }.map { var d = $0; d.links = standingLinks(d.links); return d }
        file.events = file.events.filter { $0.retraction == nil }.map { var e = $0; e.links = standingLinks(e.links); return e }
        var standing: [RecordKind: Set<Int64>] = [
            .agency: Set(file.agencies.compactMap(\.id)), .vendor: Set(file.vendors.compactMap(\.id)),
            .solicitation: Set(file.solicitations.compactMap(\.id)), .pursuit: Set(file.pursuits.compactMap(\.id)),
            .stageChange: Set(file.stageChanges.compactMap(\.id)), .document: Set(file.documents.compactMap(\.id)),
            .award: Set(file.awards.compactMap(\.id)), .event: Set(file.events.compactMap(\.id)),
        ]
        standing[.source] = Set(file.sources.compactMap(\.id))
        // People: the standing ones, with roles at standing vendors and agencies only. (A confidential source's
        // person never reaches this view: `exportFile` leaves them out.)
        file.people = file.people.filter { $0.retraction == nil }.map { person in
            var person = person
            person.roles = person.roles.filter { role in
                !(role.vendorId.map(vendors.contains) ?? false) && !(role.agencyId.map(agencies.contains) ?? false)
            }
            return person
        }
        file.requests.removeAll { $0.retraction != nil }
        file.citations.removeAll {
            !(standing[.source]?.contains($0.sourceId) ?? false) || !(standing[$0.recordKind]?.contains($0.recordId) ?? false)
        }
        return file
    }
}
