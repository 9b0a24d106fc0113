/// FollowTheMoney entities: the ledger as the graph Aleph and OpenSanctions tooling read, one entity per line.
///
/// Each entity is `{"id", "schema", "properties": {name: [values]}}` with stable ids (`govledger-vendor-3`).
/// Property names are those of the FollowTheMoney schemata (checked in CI by `Tests/standards/validate.py`).
/// Confidential sources are never read: entities are built from the redacted interchange file, and only
/// non-confidential sources lend their URLs (`sourceUrl`) and publishers (`publisher`).
public enum FtM {
    /// The FollowTheMoney schema for a ledger document kind: every one is a kind of `Document`. A plain
    /// `Document` ("File") requires a file name, which the ledger does not have, so those become `Pages`.
    public static func schema(for kind: DocumentKind) -> String {
        switch kind {
        case .spreadsheet: "Table"
        case .article: "Article"
        case .email: "Email"
        case .memo, .slideDeck, .letter, .petition, .agreement, .statement, .contract, .report, .other: "Pages"
        }
    }

    /// The stable id of a record's entity: `govledger-<kind>-<id>`.
    public static func id(_ kind: String, _ id: Int64) -> String { "govledger-\(kind)-\(id)" }
}

extension Ledger {
    /// Every entity, in a fixed order: agencies, vendors, ownerships, memberships, solicitations, pursuits,
    /// awards (contract, then award), documents (each followed by its documentation links), events.
    public func ftmEntities() throws -> [OpenJSON] {
        FtMBuilder(view: PublicView(try exportFile())).entities()
    }

    /// The entities as lines of JSON, each ending in a newline.
    public func ftmLines() throws -> String {
        try ftmEntities().map { $0.compact + "\n" }.joined()
    }
}

/// Builds FollowTheMoney entities from the public view of the ledger.
struct FtMBuilder {
    let view: PublicView

    func entities() -> [OpenJSON] {
        let file = view.file
        var out: [OpenJSON] = []
        for agency in file.agencies.sorted(by: { $0.id! < $1.id! }) {
            let codes = [("CGAC", agency.cgacCode), ("FPDS", agency.fpdsCode), ("sub-tier", agency.subtierCode),
                         ("office", agency.officeCode), ("FREC", agency.frecCode)].compactMap { label, code in code.map { "\(label) \($0)" } }
            out.append(entity("agency", agency.id!, "PublicBody", referents: view.merged[.agency]?[agency.id!] ?? [], [
                "name": [agency.name],
                "weakAlias": one(agency.acronym),
                "idNumber": codes,
                "country": ["us"],
                "sourceUrl": view.sourceURLs(.agency, agency.id!),
                "publisher": publishers(.agency, agency.id!),
            ]))
        }
        for vendor in file.vendors.sorted(by: { $0.id! < $1.id! }) {
            out.append(entity("vendor", vendor.id!, "Company", referents: view.merged[.vendor]?[vendor.id!] ?? [], [
                "name": [vendor.name],
                "alias": vendor.aliases,
                // Every UEI it has held, and its DUNS numbers (FtM's LegalEntity dunsCode).
                "uniqueEntityId": (vendor.uei.map { [$0] } ?? [])
                    + (vendor.identifiers ?? []).filter { $0.scheme == .uei }.map(\.value),
                "dunsCode": (vendor.identifiers ?? []).filter { $0.scheme == .duns }.map(\.value),
                "website": one(vendor.website),
                "sourceUrl": view.sourceURLs(.vendor, vendor.id!),
                "publisher": publishers(.vendor, vendor.id!),
            ]))
        }
        for vendor in file.vendors.sorted(by: { $0.id! < $1.id! }) {
            guard let parent = vendor.parentId else { continue }
            out.append(entity("ownership", vendor.id!, "Ownership", [
                "owner": [FtM.id("vendor", parent)],
                "asset": [FtM.id("vendor", vendor.id!)],
                "role": ["parent company"],
            ]))
        }
        for agency in file.agencies.sorted(by: { $0.id! < $1.id! }) {
            guard let parent = agency.parentId else { continue }
            out.append(entity("membership", agency.id!, "Membership", [
                "member": [FtM.id("agency", agency.id!)],
                "organization": [FtM.id("agency", parent)],
                "role": [agency.level.rawValue],
            ]))
        }
        for solicitation in file.solicitations.sorted(by: { $0.id! < $1.id! }) {
            let id = solicitation.id!
            let tenderers = unique(file.pursuits.filter { $0.solicitationId == id }.sorted { $0.id! < $1.id! }
                .map { FtM.id("vendor", $0.vendorId) })
            out.append(entity("solicitation", id, "CallForTenders", [
                "title": [solicitation.title],
                "name": [solicitation.title],
                "description": one(solicitation.description),
                "authority": [FtM.id("agency", solicitation.agencyId)],
                "callId": one(solicitation.noticeId),
                "authorityReferenceId": one(solicitation.solicitationNumber),
                "procedure": [solicitation.noticeType.rawValue],
                "publicationDate": one(start(solicitation.posted)),
                "submissionDeadline": one(start(solicitation.responseDue)),
                "tenderers": tenderers,
                "sourceUrl": view.sourceURLs(.solicitation, id, own: [solicitation.url]),
                "publisher": publishers(.solicitation, id),
            ]))
        }
        for pursuit in file.pursuits.sorted(by: { $0.id! < $1.id! }) {
            let id = pursuit.id!
            var description = "Pursuit by \(view.vendorName(pursuit.vendorId)) of \(view.agencyLabel(pursuit.agencyId))"
                + "; stage: \(pursuit.stage.rawValue); kind: \(pursuit.kind.rawValue)"
            if let cents = pursuit.estimatedValueCents, let currency = pursuit.currency {
                // FtM has no number for it: the words say how well it is known ("about USD 1,200,000.00").
                description += "; estimated value: "
                    + Approximation.text(Money.format(cents: cents, currency: currency), pursuit.estimatedValueQualifier)
            }
            out.append(entity("pursuit", id, "Event", dateProperties(pursuit.date).merging([
                "name": [pursuit.title],
                "summary": one(pursuit.summary),
                "description": [description],
                "organizer": [FtM.id("vendor", pursuit.vendorId)],
                "involved": [FtM.id("vendor", pursuit.vendorId), FtM.id("agency", pursuit.agencyId)],
                "keywords": ["pursuit", pursuit.stage.rawValue, pursuit.kind.rawValue],
                "recordId": ["pursuit-\(id)"],
                "sourceUrl": view.sourceURLs(.pursuit, id),
                "publisher": publishers(.pursuit, id),
            ]) { a, _ in a }))
        }
        for award in file.awards.sorted(by: { $0.id! < $1.id! }) {
            let id = award.id!
            let solicitation = award.solicitationId ?? award.pursuitId.flatMap { view.pursuits[$0]?.solicitationId }
            var title = "\(view.vendorName(award.vendorId)) award from \(view.agencyLabel(award.agencyId))"
            if let piid = award.piid { title += " (\(piid))" }
            let urls = view.sourceURLs(.award, id, own: [award.permalink])
            let callForTenders: String? = solicitation.flatMap { view.solicitations[$0] == nil ? nil : FtM.id("solicitation", $0) }
            let contractAmount = award.potentialCents ?? award.obligatedCents
            out.append(entity("contract", id, "Contract", [
                "title": [title],
                "name": [title],
                "description": one(award.description),
                "authority": [FtM.id("agency", award.agencyId)],
                "procedureNumber": one(award.piid),
                "type": one(award.awardType),
                "contractDate": one(start(award.date)),
                "amount": one(contractAmount.map(amount)),
                "currency": one(contractAmount == nil ? nil : award.currency),
                "sourceUrl": urls,
                "publisher": publishers(.award, id),
            ]))
            var properties = dateProperties(award.date)
            if let ends = award.ends {
                properties["endDate"] = one(span(ends)?.end)
                if properties["date"] != nil {
                    properties["startDate"] = properties.removeValue(forKey: "date")
                }
            }
            out.append(entity("award", id, "ContractAward", properties.merging([
                "supplier": [FtM.id("vendor", award.vendorId)],
                "contract": [FtM.id("contract", id)],
                "callForTenders": one(callForTenders),
                "description": one(award.description),
                "amount": one(award.obligatedCents.map(amount)),
                "currency": one(award.obligatedCents == nil ? nil : award.currency),
                "recordId": one(award.awardKey),
                "sourceUrl": urls,
                "publisher": publishers(.award, id),
            ]) { a, _ in a }))
        }
        for document in file.documents.sorted(by: { $0.id! < $1.id! }) {
            let id = document.id!
            out.append(entity("document", id, FtM.schema(for: document.kind), [
                "title": [document.title],
                "name": [document.title],
                "summary": one(document.summary),
                "author": one(document.authorOrganization),
                "date": document.date.map { [.year, .month, .day].contains($0.precision) ? [$0.text] : [] } ?? [],
                "keywords": [document.kind.rawValue],
                "sourceUrl": view.sourceURLs(.document, id, own: [document.url]),
                "publisher": publishers(.document, id),
            ]))
            let targets = document.links.pursuitIds.map { ("pursuit", $0) } + document.links.vendorIds.map { ("vendor", $0) }
                + document.links.agencyIds.map { ("agency", $0) }
            for (kind, target) in targets {
                out.append(.members([
                    "id": .string("govledger-documentation-\(id)-\(kind)-\(target)"),
                    "schema": .string("Documentation"),
                    "properties": properties([
                        "document": [FtM.id("document", id)],
                        "entity": [FtM.id(kind, target)],
                    ]),
                ]))
            }
        }
        for event in file.events.sorted(by: { $0.id! < $1.id! }) {
            let id = event.id!
            let involved = event.links.vendorIds.sorted().map { FtM.id("vendor", $0) }
                + event.links.agencyIds.sorted().map { FtM.id("agency", $0) }
                + (event.personIds ?? []).filter { id in view.file.people.contains { $0.id == id } }.map { FtM.id("person", $0) }
            out.append(entity("event", id, "Event", dateProperties(event.date).merging([
                "name": [event.title],
                "summary": one(event.summary),
                "description": one(event.signatures.map { "Signatures: " + Approximation.text("\($0)", event.signaturesQualifier) }),
                "involved": involved,
                "keywords": [event.kind.rawValue],
                "recordId": ["event-\(id)"],
                "sourceUrl": view.sourceURLs(.event, id, own: [event.url]),
                "publisher": publishers(.event, id),
            ]) { a, _ in a }))
        }
        out += peopleEntities()
        return out
    }

    /// People (`Person`), their roles at vendors (`Directorship`: company officers) and agencies (`Employment`),
    /// and the documents naming them (`Documentation`, with the role). A role at neither is the person's `position`.
    private func peopleEntities() -> [OpenJSON] {
        var out: [OpenJSON] = []
        for person in view.file.people.sorted(by: { $0.id! < $1.id! }) {
            let id = person.id!
            out.append(entity("person", id, "Person", [
                "name": [person.name],
                "position": person.roles.filter { $0.vendorId == nil && $0.agencyId == nil }.map(\.title),
            ]))
            for (index, role) in person.roles.enumerated() {
                let dates = ["startDate": one(start(role.since)), "endDate": one(span(role.until)?.end ?? span(role.until)?.start)]
                if let vendor = role.vendorId {
                    out.append(entity("directorship", id * 1_000 + Int64(index), "Directorship", dates.merging([
                        "director": [FtM.id("person", id)], "organization": [FtM.id("vendor", vendor)], "role": [role.title],
                    ]) { a, _ in a }))
                } else if let agency = role.agencyId {
                    out.append(entity("employment", id * 1_000 + Int64(index), "Employment", dates.merging([
                        "employee": [FtM.id("person", id)], "employer": [FtM.id("agency", agency)], "role": [role.title],
                    ]) { a, _ in a }))
                }
            }
        }
        let people = Set(view.file.people.compactMap(\.id))
        for document in view.file.documents.sorted(by: { $0.id! < $1.id! }) {
            for link in document.people ?? [] where people.contains(link.personId) {
                out.append(.members([
                    "id": .string("govledger-documentation-\(document.id!)-person-\(link.personId)-\(link.role.rawValue)"),
                    "schema": .string("Documentation"),
                    "properties": properties([
                        "document": [FtM.id("document", document.id!)],
                        "entity": [FtM.id("person", link.personId)],
                        "role": [link.role.rawValue],
                    ]),
                ]))
            }
        }
        return out
    }

    /// `referents`: the ids of the records merged into this one (`merge vendor`), so that an entity published
    /// under an old id is known to be this one (FollowTheMoney's record-linkage form, as nomenklatura writes it).
    private func entity(_ kind: String, _ id: Int64, _ schema: String, referents: [Int64] = [],
                        _ values: [String: [String]]) -> OpenJSON {
        .members(["id": .string(FtM.id(kind, id)), "schema": .string(schema), "properties": properties(values),
                  "referents": .list(referents.map { .string(FtM.id(kind, $0)) })])
    }

    /// Properties without empty ones, each value list without repeats.
    private func properties(_ values: [String: [String]]) -> OpenJSON {
        .object(values.compactMapValues { list in
            let kept = unique(list.filter { !$0.isEmpty })
            return kept.isEmpty ? nil : .array(kept.map(OpenJSON.string))
        })
    }

    /// A ledger date's ends as FollowTheMoney dates, which keep their precision as ISO prefixes: both ends
    /// are the date itself for a year, month or day; a term or a range gives its first and last day (each end
    /// of a range as written, `2025-01-20..2025-10` → `2025-01-20`, `2025-10`), and an open term no end. An open
    /// range gives only its known end (`..2025-08-26`: an end and no start; `2025-01-20..`: a start and no end).
    private func span(_ date: LedgerDate?) -> (start: String?, end: String?)? {
        guard let date else { return nil }
        switch date.precision {
        case .year, .month, .day: return (date.text, date.text)
        case .term, .range:
            return (date.isOpenStart ? nil : rangeEnd(date, first: true),
                    date.last == openEnd ? nil : rangeEnd(date, first: false))
        }
    }

    /// The last day of a term still open.
    private var openEnd: String { "9999-12-31" }

    /// One end of a range, at the precision it was written with.
    private func rangeEnd(_ date: LedgerDate, first: Bool) -> String {
        let parts = date.text.components(separatedBy: "..")
        if parts.count == 2, let end = try? LedgerDate(parsing: first ? parts[0] : parts[1], field: "date"),
           end.precision != .term
        {
            return end.text
        }
        return first ? date.first : date.last
    }

    /// The date a ledger date starts on.
    private func start(_ date: LedgerDate?) -> String? { span(date)?.start ?? nil }

    /// `date` for a year, month or day; `startDate` and (unless open) `endDate` for a term or a range.
    private func dateProperties(_ date: LedgerDate?) -> [String: [String]] {
        guard let date, let span = span(date) else { return [:] }
        switch date.precision {
        case .year, .month, .day: return ["date": one(span.start)]
        case .term, .range: return ["startDate": one(span.start), "endDate": one(span.end)]
        }
    }

    /// One value, or none.
    private func one(_ value: String?) -> [String] { value.map { [$0] } ?? [] }

    private func publishers(_ kind: RecordKind, _ id: Int64) -> [String] {
        unique(view.sources(kind, id).compactMap(\.publisher))
    }

    private func amount(_ cents: Int64) -> String {
        OpenJSON.amount(cents: cents).numberText
    }
}

extension OpenJSON {
    /// The text of a number, empty for anything else.
    var numberText: String {
        if case .number(let text) = self { return text }
        return ""
    }
}
