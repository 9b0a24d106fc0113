import Foundation

/// Open Contracting Data Standard 1.1: the ledger as one release package. See docs/exports.md.
///
/// One contracting process per pursuit (`<prefix>-pursuit-N`), per solicitation no pursuit answers
/// (`<prefix>-solicitation-N`) and per award linked to neither (`<prefix>-award-N`); each process has one
/// release. Confidential sources are never read: the package is built from the redacted interchange file.
public enum OCDS {
    /// The OCDS schema version the package follows.
    public static let version = "1.1"

    /// The ocid prefix used unless one is given. It is not registered with the Open Contracting Partnership:
    /// a publisher should register its own and pass it (`--prefix`).
    public static let defaultPrefix = "ocds-govldg"

    /// The publisher named unless one is given.
    public static let defaultPublisher = "GovLedger"

    /// What the package is built with.
    public struct Options: Sendable, Equatable {
        /// `ocds-` and six lower-case letters or digits, as the Open Contracting Partnership assigns them.
        public var prefix: String
        /// `publisher.name`.
        public var publisher: String
        /// The package's `uri`; nil gives `urn:govledger:journal:SEQ:HASH`, naming the journal head it reflects.
        public var uri: String?

        /// Options with the defaults.
        public init(prefix: String = OCDS.defaultPrefix, publisher: String = OCDS.defaultPublisher, uri: String? = nil) {
            self.prefix = prefix
            self.publisher = publisher
            self.uri = uri
        }
    }

    /// Checks an ocid prefix: `ocds-` followed by six lower-case letters or digits.
    public static func validatePrefix(_ prefix: String, field: String = "--prefix") throws(LedgerError) {
        let tail = prefix.utf8.dropFirst(5)
        guard prefix.hasPrefix("ocds-"), tail.count == 6,
              tail.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) })
        else {
            throw .invalidValue(field: field, value: prefix,
                                expected: "an ocid prefix: ocds- and six lower-case letters or digits, e.g. ocds-213czf")
        }
    }

    /// OCDS dates are date-times: the first day a ledger date covers, at midnight UTC
    /// (`2025-08` → `2025-08-01T00:00:00Z`, `obama` → `2009-01-20T00:00:00Z`). A range open at its start
    /// (`..2025-08-26`) has no first day anyone knows, so it gives none: the field is left out rather than
    /// claiming the calendar's first day.
    public static func dateTime(_ date: LedgerDate) -> String? {
        date.isOpenStart ? nil : date.first + "T00:00:00Z"
    }

    /// A date used as the end of a period (`endDate`): as `dateTime`, except that a range open at its start gives
    /// its known end (`..2025-08-26` → `2025-08-26T00:00:00Z`), the latest day it can be.
    public static func endDateTime(_ date: LedgerDate) -> String {
        (date.isOpenStart ? date.last : date.first) + "T00:00:00Z"
    }

    /// `tender.status`, `awards[].status` and `contracts[].status` for a pursuit at `stage` (docs/exports.md).
    public static func statuses(for stage: Stage) -> (tender: String, award: String, contract: String) {
        switch stage {
        case .lead, .pitched: ("planning", "pending", "pending")
        case .responded, .proposal: ("active", "pending", "pending")
        case .awarded, .agreement: ("complete", "active", "active")
        case .lost: ("complete", "unsuccessful", "cancelled")
        case .withdrawn: ("withdrawn", "cancelled", "cancelled")
        case .cancelled: ("cancelled", "cancelled", "cancelled")
        }
    }

    /// `tender.status` for a solicitation no pursuit answers, from its notice type; nil when none fits.
    public static func tenderStatus(for notice: NoticeType) -> String? {
        switch notice {
        case .requestForInformation, .sourcesSought, .specialNotice, .presolicitation: "planning"
        case .solicitation, .combinedSynopsisSolicitation, .justification, .intentToBundle,
             .saleOfSurplusProperty: "active"
        case .awardNotice: "complete"
        case .other: nil
        }
    }

    /// The documentType code (from OCDS 1.1's documentType codelist) for a ledger document kind.
    public static func documentType(for kind: DocumentKind) -> String {
        switch kind {
        case .memo, .slideDeck, .spreadsheet, .email: "submissionDocuments"
        case .agreement, .contract: "contractSigned"
        case .letter, .petition, .statement, .article, .report, .other: "bidders"
        }
    }
}

extension Ledger {
    /// The whole ledger as an OCDS 1.1 release package, stamped with the ledger's clock.
    ///
    /// Fails when the prefix is malformed, or when the ledger holds no pursuit, solicitation or award (a
    /// package must hold at least one release).
    public func ocdsPackage(_ options: OCDS.Options = OCDS.Options()) throws -> OpenJSON {
        try OCDS.validatePrefix(options.prefix)
        let publisher = options.publisher.trimmingSpaces
        guard !publisher.isEmpty else {
            throw LedgerError.invalidValue(field: "--publisher", value: options.publisher, expected: "a name")
        }
        let view = PublicView(try exportFile())
        let head = try head()
        let published = Journal.timestamp(clock())
        let builder = OCDSBuilder(view: view, prefix: options.prefix, date: published,
                                  releaseSuffix: "journal-\(head.seq)")
        let releases = builder.releases()
        guard !releases.isEmpty else {
            throw LedgerError.invalidValue(field: "ledger", value: path ?? ":memory:",
                                           expected: "at least one pursuit, solicitation or award to export as OCDS")
        }
        return .members([
            "uri": .string(options.uri ?? "urn:govledger:journal:\(head.seq):\(head.hash)"),
            "version": .string(OCDS.version),
            "publishedDate": .string(published),
            "publisher": .members(["name": .string(publisher)]),
            "releases": .array(releases),
        ])
    }
}

/// Builds the releases, one contracting process at a time.
struct OCDSBuilder {
    let view: PublicView
    let prefix: String
    let date: String
    let releaseSuffix: String

    func releases() -> [OpenJSON] {
        let file = view.file
        let answered = Set(file.pursuits.compactMap(\.solicitationId))
        var awardsByPursuit: [Int64: [Award]] = [:]
        var awardsBySolicitation: [Int64: [Award]] = [:]
        var loneAwards: [Award] = []
        for award in file.awards.sorted(by: { $0.id! < $1.id! }) {
            if let pursuit = award.pursuitId, view.pursuits[pursuit] != nil {
                awardsByPursuit[pursuit, default: []].append(award)
            } else if let solicitation = award.solicitationId, view.solicitations[solicitation] != nil,
                      !answered.contains(solicitation)
            {
                awardsBySolicitation[solicitation, default: []].append(award)
            } else {
                loneAwards.append(award)
            }
        }
        var out: [OpenJSON] = []
        for pursuit in file.pursuits.sorted(by: { $0.id! < $1.id! }) {
            out.append(pursuitRelease(pursuit, awards: awardsByPursuit[pursuit.id!] ?? []))
        }
        for solicitation in file.solicitations.sorted(by: { $0.id! < $1.id! }) where !answered.contains(solicitation.id!) {
            out.append(solicitationRelease(solicitation, awards: awardsBySolicitation[solicitation.id!] ?? []))
        }
        for award in loneAwards {
            out.append(awardRelease(award))
        }
        return out
    }

    // MARK: Processes

    private func pursuitRelease(_ pursuit: Pursuit, awards: [Award]) -> OpenJSON {
        var parties = Parties(view: view)
        let statuses = OCDS.statuses(for: pursuit.stage)
        parties.agency(pursuit.agencyId, role: "buyer")
        parties.vendor(pursuit.vendorId, role: "tenderer")
        var documents: [OpenJSON] = []
        var tender: [String: OpenJSON?]
        if let solicitationId = pursuit.solicitationId, let solicitation = view.solicitations[solicitationId] {
            tender = tenderMembers(solicitation, parties: &parties)
            documents += noticeDocument(solicitation)
        } else {
            tender = ["id": .string("pursuit-\(pursuit.id!)"), "title": .string(pursuit.title),
                      "description": OpenJSON.text(pursuit.summary)]
        }
        tender["status"] = .string(statuses.tender)
        tender["tenderers"] = .array([parties.reference(vendor: pursuit.vendorId)])
        if let cents = pursuit.estimatedValueCents, let currency = pursuit.currency {
            tender["value"] = value(cents, currency)
        }
        documents += view.file.documents.filter { $0.links.pursuitIds.contains(pursuit.id!) }
            .sorted { $0.id! < $1.id! }.map(document)
        tender["documents"] = OpenJSON.list(documents)
        return release(ocid: "pursuit-\(pursuit.id!)", buyer: pursuit.agencyId, tender: .members(tender),
                       awards: awards, awardStatus: statuses.award, contractStatus: statuses.contract,
                       parties: &parties)
    }

    private func solicitationRelease(_ solicitation: Solicitation, awards: [Award]) -> OpenJSON {
        var parties = Parties(view: view)
        parties.agency(solicitation.agencyId, role: "buyer")
        var tender = tenderMembers(solicitation, parties: &parties)
        tender["status"] = awards.isEmpty ? OpenJSON.text(OCDS.tenderStatus(for: solicitation.noticeType)) : .string("complete")
        tender["documents"] = OpenJSON.list(noticeDocument(solicitation))
        return release(ocid: "solicitation-\(solicitation.id!)", buyer: solicitation.agencyId, tender: .members(tender),
                       awards: awards, awardStatus: "active", contractStatus: "active", parties: &parties)
    }

    private func awardRelease(_ award: Award) -> OpenJSON {
        var parties = Parties(view: view)
        parties.agency(award.agencyId, role: "buyer")
        // The funding agency paid for what the awarding one bought: OCDS's "funder" role.
        if let funder = award.fundingAgencyId { parties.agency(funder, role: "funder") }
        var tender: OpenJSON?
        if let solicitationId = award.solicitationId, let solicitation = view.solicitations[solicitationId] {
            var members = tenderMembers(solicitation, parties: &parties)
            members["status"] = .string("complete")
            members["documents"] = OpenJSON.list(noticeDocument(solicitation))
            tender = .members(members)
        }
        return release(ocid: "award-\(award.id!)", buyer: award.agencyId, tender: tender, awards: [award],
                       awardStatus: "active", contractStatus: "active", parties: &parties)
    }

    private func release(ocid suffix: String, buyer: Int64, tender: OpenJSON?, awards: [Award], awardStatus: String,
                         contractStatus: String, parties: inout Parties) -> OpenJSON {
        let ocid = prefix + "-" + suffix
        var awardsJSON: [OpenJSON] = []
        var contractsJSON: [OpenJSON] = []
        for award in awards {
            parties.vendor(award.vendorId, role: "supplier")
            awardsJSON.append(self.award(award, status: awardStatus, parties: parties))
            contractsJSON.append(contract(award, status: contractStatus))
        }
        var tags: [OpenJSON] = []
        if let tender {
            tags.append(.string(tender["status"] == .string("planning") ? "planning" : "tender"))
        }
        if !awardsJSON.isEmpty { tags.append(.string("award")) }
        if !contractsJSON.isEmpty { tags.append(.string("contract")) }
        return .members([
            "ocid": .string(ocid),
            "id": .string(ocid + "-" + releaseSuffix),
            "date": .string(date),
            "tag": .array(tags),
            "initiationType": .string("tender"),
            "language": .string("en"),
            "parties": .array(parties.json),
            "buyer": parties.reference(agency: buyer),
            "tender": tender,
            "awards": OpenJSON.list(awardsJSON),
            "contracts": OpenJSON.list(contractsJSON),
        ])
    }

    // MARK: Sections

    private func tenderMembers(_ solicitation: Solicitation, parties: inout Parties) -> [String: OpenJSON?] {
        parties.agency(solicitation.agencyId, role: "procuringEntity")
        var period: [String: OpenJSON?] = [:]
        if let posted = solicitation.posted, let start = OCDS.dateTime(posted) { period["startDate"] = .string(start) }
        if let due = solicitation.responseDue { period["endDate"] = .string(OCDS.endDateTime(due)) }
        return [
            "id": .string("solicitation-\(solicitation.id!)"),
            "title": .string(solicitation.title),
            "description": OpenJSON.text(solicitation.description),
            "procuringEntity": parties.reference(agency: solicitation.agencyId),
            "tenderPeriod": period.isEmpty ? nil : .members(period),
        ]
    }

    /// The solicitation's own notice, when it has a URL.
    private func noticeDocument(_ solicitation: Solicitation) -> [OpenJSON] {
        guard let url = solicitation.url else { return [] }
        return [.members([
            "id": .string("solicitation-\(solicitation.id!)-notice"),
            "documentType": .string(solicitation.noticeType == .awardNotice ? "awardNotice" : "tenderNotice"),
            "title": .string(solicitation.title),
            "url": .string(url),
            "datePublished": solicitation.posted.flatMap(OCDS.dateTime).map { .string($0) },
        ])]
    }

    private func document(_ document: Document) -> OpenJSON {
        .members([
            "id": .string("document-\(document.id!)"),
            "documentType": .string(OCDS.documentType(for: document.kind)),
            "title": .string(document.title),
            "description": OpenJSON.text(document.summary),
            "url": OpenJSON.text(document.url),
            "datePublished": document.date.flatMap(OCDS.dateTime).map { .string($0) },
        ])
    }

    private func award(_ award: Award, status: String, parties: Parties) -> OpenJSON {
        var documents: [OpenJSON] = []
        if let permalink = award.permalink {
            documents.append(.members([
                "id": .string("award-\(award.id!)-record"),
                "documentType": .string("awardNotice"),
                "title": .string("Public record of the award"),
                "url": .string(permalink),
            ]))
        }
        return .members([
            "id": .string("award-\(award.id!)"),
            "title": .string(awardTitle(award)),
            "description": OpenJSON.text(award.description),
            "status": .string(status),
            "date": award.date.flatMap(OCDS.dateTime).map { .string($0) },
            "value": award.obligatedCents.map { value($0, award.currency) },
            "suppliers": .array([parties.reference(vendor: award.vendorId)]),
            "contractPeriod": period(award),
            "documents": OpenJSON.list(documents),
        ])
    }

    private func contract(_ award: Award, status: String) -> OpenJSON {
        .members([
            "id": .string("contract-\(award.id!)"),
            "awardID": .string("award-\(award.id!)"),
            "title": .string(awardTitle(award)),
            "description": OpenJSON.text(award.description),
            "status": .string(status),
            "value": (award.potentialCents ?? award.obligatedCents).map { value($0, award.currency) },
            "period": period(award),
            "implementation": implementation(award),
        ])
    }

    /// The award's history as OCDS implementation transactions: each action's obligation on its action date
    /// (a de-obligation is a negative amount), by USAspending's transaction key; nil when none was imported.
    private func implementation(_ award: Award) -> OpenJSON? {
        guard let history = award.transactions, !history.isEmpty else { return nil }
        return .members(["transactions": .array(history.map { transaction in
            .members([
                "id": .string(transaction.transactionKey),
                "source": award.permalink.map { .string($0) },
                "date": transaction.actionDate.flatMap(OCDS.dateTime).map { .string($0) },
                "value": transaction.obligatedCents.map { value($0, transaction.currency) },
            ])
        })])
    }

    private func awardTitle(_ award: Award) -> String {
        var title = "\(view.vendorName(award.vendorId)) award from \(view.agencyLabel(award.agencyId))"
        if let piid = award.piid { title += " (\(piid))" }
        return title
    }

    private func period(_ award: Award) -> OpenJSON? {
        var period: [String: OpenJSON?] = [:]
        if let start = award.date.flatMap(OCDS.dateTime) { period["startDate"] = .string(start) }
        if let end = award.ends { period["endDate"] = .string(OCDS.endDateTime(end)) }
        return period.isEmpty ? nil : .members(period)
    }

    private func value(_ cents: Int64, _ currency: String) -> OpenJSON {
        .members(["amount": .amount(cents: cents), "currency": .string(currency)])
    }
}

/// The parties of one release, in the order they first appear, each with its roles.
struct Parties {
    let view: PublicView
    private var order: [String] = []
    private var entries: [String: (json: [String: OpenJSON?], roles: [String])] = [:]

    /// Roles in a fixed order, so output is stable.
    private static let roleOrder = ["buyer", "procuringEntity", "supplier", "tenderer"]

    init(view: PublicView) {
        self.view = view
    }

    static func agencyId(_ id: Int64) -> String { "govledger-agency-\(id)" }
    static func vendorId(_ id: Int64) -> String { "govledger-vendor-\(id)" }

    mutating func agency(_ id: Int64, role: String) {
        let view = self.view
        add(Parties.agencyId(id), role: role) {
            guard let agency = view.agencies[id] else { return ["name": .string("agency \(id)")] }
            let codes: [(String, String?)] = [("CGAC", agency.cgacCode), ("FPDS", agency.fpdsCode),
                                              ("SUBTIER", agency.subtierCode), ("AAC", agency.officeCode),
                                              ("FREC", agency.frecCode)]
            let identifiers = codes.compactMap { scheme, code in
                code.map { OpenJSON.members(["scheme": .string(scheme), "id": .string($0), "legalName": .string(agency.name)]) }
            }
            return [
                "name": .string(agency.name),
                "identifier": identifiers.first,
                "additionalIdentifiers": OpenJSON.list(Array(identifiers.dropFirst())),
                "contactPoint": view.contactPoint(agency: id),
            ]
        }
    }

    mutating func vendor(_ id: Int64, role: String) {
        let view = self.view
        add(Parties.vendorId(id), role: role) {
            guard let vendor = view.vendors[id] else { return ["name": .string("vendor \(id)")] }
            // Its UEI first; its other UEIs and DUNS numbers as additional identifiers.
            let others = (vendor.identifiers ?? []).map { identifier in
                OpenJSON.members(["scheme": .string(identifier.scheme == .uei ? "UEI" : "DUNS"), "id": .string(identifier.value),
                                  "legalName": .string(vendor.name)])
            }
            return [
                "name": .string(vendor.name),
                "identifier": vendor.uei.map {
                    .members(["scheme": .string("UEI"), "id": .string($0), "legalName": .string(vendor.name)])
                },
                "additionalIdentifiers": OpenJSON.list(others),
                "contactPoint": view.contactPoint(vendor: id),
            ]
        }
    }

    private mutating func add(_ id: String, role: String, make: () -> [String: OpenJSON?]) {
        if entries[id] == nil {
            order.append(id)
            entries[id] = (make(), [])
        }
        if !entries[id]!.roles.contains(role) { entries[id]!.roles.append(role) }
    }

    func reference(agency id: Int64) -> OpenJSON {
        .members(["id": .string(Parties.agencyId(id)), "name": .string(view.agencies[id]?.name ?? "agency \(id)")])
    }

    func reference(vendor id: Int64) -> OpenJSON {
        .members(["id": .string(Parties.vendorId(id)), "name": .string(view.vendors[id]?.name ?? "vendor \(id)")])
    }

    var json: [OpenJSON] {
        order.map { id in
            var members = entries[id]!.json
            members["id"] = .string(id)
            let roles = Parties.roleOrder.filter(entries[id]!.roles.contains)
            members["roles"] = .array(roles.map(OpenJSON.string))
            return .members(members)
        }
    }
}
