import Foundation

/// Writes a SAM.gov Contract Opportunities bulk file as SAM.gov publishes `ContractOpportunitiesFullCSV.csv`:
/// its 47 columns in order, every field quoted, CRLF line ends, Windows-1252 bytes (’ — é), descriptions over
/// several lines. About one notice in four amends an earlier one (a new NoticeId, the same Sol# and office), one
/// in ten is an award notice naming its awardee and amount. Deterministic for the same size and seed.
struct SAMGenerator {
    /// The header, exactly as SAM.gov writes it.
    static let columns = [
        "NoticeId", "Title", "Sol#", "Department/Ind.Agency", "CGAC", "Sub-Tier", "FPDS Code", "Office", "AAC Code",
        "PostedDate", "Type", "BaseType", "ArchiveType", "ArchiveDate", "SetASideCode", "SetASide", "ResponseDeadLine",
        "NaicsCode", "ClassificationCode", "PopStreetAddress", "PopCity", "PopState", "PopZip", "PopCountry", "Active",
        "AwardNumber", "AwardDate", "Award$", "Awardee", "PrimaryContactTitle", "PrimaryContactFullname",
        "PrimaryContactEmail", "PrimaryContactPhone", "PrimaryContactFax", "SecondaryContactTitle",
        "SecondaryContactFullname", "SecondaryContactEmail", "SecondaryContactPhone", "SecondaryContactFax",
        "OrganizationType", "State", "City", "ZipCode", "CountryCode", "AdditionalInfoLink", "Link", "Description",
    ]

    static let types = ["Sources Sought", "Presolicitation", "Solicitation", "Combined Synopsis/Solicitation",
                        "Special Notice", "Justification", "Intent to Bundle Requirements (DoD-Funded)"]

    let bytes: Int
    let seed: UInt64

    /// Writes notices to `path` until the file holds `bytes`; returns the bytes and notices written.
    func write(to path: String) throws -> (bytes: Int, notices: Int, amendments: Int, awards: Int) {
        var random = SplitMix64(seed: seed)
        let world = World(vendorCount: 2_000, random: &random)
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw BenchError("cannot create \(path)") }
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? file.close() }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 22)
        var written = 0
        func flush() throws {
            try file.write(contentsOf: out)
            written += out.count
            out.removeAll(keepingCapacity: true)
        }
        /// A quoted field, in Windows-1252 (the few non-ASCII characters used map to one byte each).
        func field(_ text: String, last: Bool = false) {
            out.append(0x22)
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += [0x22, 0x22]
                case "’": out.append(0x92)
                case "—": out.append(0x97)
                case "•": out.append(0x95)
                default: out.append(scalar.value < 0x100 ? UInt8(scalar.value) : 0x3F)
                }
            }
            out.append(0x22)
            out += last ? [0x0D, 0x0A] : [0x2C]
        }
        for (index, name) in SAMGenerator.columns.enumerated() { field(name, last: index == SAMGenerator.columns.count - 1) }

        // Earlier solicitations an amendment may follow: (Sol#, office index, title).
        var open: [(number: String, office: Int, title: String)] = []
        var notices = 0
        var amendments = 0
        var awards = 0
        while written + out.count < bytes {
            notices += 1
            let amends = !open.isEmpty && random.chance(250)
            let base: (number: String, office: Int, title: String)
            if amends {
                amendments += 1
                base = open[open.count - 1 - random.below(min(open.count, 5_000))]
            } else {
                let office = random.below(world.offices.count)
                let object = random.pick(Vocabulary.objects)
                let number = world.offices[office].code + String(format: "%02dR%05d", 20 + random.below(6), notices % 100_000)
                base = (number, office, object.capitalized + " " + random.pick(Vocabulary.qualifiers).lowercased())
                open.append(base)
                if open.count > 20_000 { open.removeFirst(10_000) }
            }
            let office = world.offices[base.office]
            let subtier = world.subtiers[office.subtier]
            let toptier = world.toptiers[subtier.toptier]
            let award = !amends && random.chance(100)
            if award { awards += 1 }
            let type = award ? "Award Notice" : amends ? "Solicitation" : random.pick(SAMGenerator.types)
            let day = Generator.firstDay + 7_300 + random.below(1_800)
            let posted = Day.text(day) + String(format: " %02d:%02d:%02d.%03d-04", 8 + random.below(9), random.below(60), random.below(60), random.below(1000))
            let noticeId = String(format: "%016llx%016llx", random.next(), random.next())
            let place = Vocabulary.places[random.below(Vocabulary.places.count)]
            var cells = [String](repeating: "", count: SAMGenerator.columns.count)
            cells[0] = noticeId
            cells[1] = (amends ? "Amendment: " : "") + base.title
            cells[2] = base.number
            cells[3] = toptier.name
            cells[4] = toptier.code
            cells[5] = subtier.name
            cells[6] = subtier.code
            cells[7] = office.name
            cells[8] = office.code
            cells[9] = posted
            cells[10] = type
            cells[11] = amends ? "Presolicitation" : type
            cells[12] = "autocustom"
            cells[13] = Day.text(day + 120)
            cells[16] = award ? "" : Day.text(day + 14 + random.below(30)) + "T17:00:00-04:00"
            cells[17] = random.pick(Vocabulary.naicsCodes).0
            cells[18] = random.pick(Vocabulary.productCodes).0
            cells[20] = place.city
            cells[21] = place.state
            cells[22] = place.zip
            cells[23] = "USA"
            cells[24] = "Yes"
            if award {
                let vendor = world.vendors[world.vendorPick.draw(&random)]
                cells[25] = office.code + String(format: "%02dC%07d", 20 + random.below(6), notices)
                cells[26] = Day.text(day - random.below(20))
                cells[27] = "$" + Generator.money(Int64(random.int(in: 10_000...500_000_000)))
                cells[28] = vendor.name
            }
            cells[29] = "Contracting Officer"
            cells[30] = random.pick(Vocabulary.surnames).capitalized + ", Pat"
            cells[31] = "pat.\(notices % 997)@example.gov"
            cells[32] = "202-555-" + String(format: "%04d", random.below(10_000))
            cells[39] = "OFFICE"
            cells[40] = place.state
            cells[41] = place.city
            cells[42] = place.zip + "00"
            cells[43] = "USA"
            cells[45] = "https://sam.gov/opp/\(noticeId)/view"
            // Descriptions run from a line to several kilobytes (the real file averages about two).
            var description = "The agency’s requirement — \(base.title) — is described below.\r\n"
            for _ in 0..<random.int(in: 1...24) {
                description += "• " + random.pick(Vocabulary.actions).capitalized + " " + random.pick(Vocabulary.objects).lowercased()
                    + " at \(place.city), \(place.state) for the \"\(office.name)\" office, per the statement of work; "
                    + "offerors describe capability, past performance and pricing résumés.\r\n"
            }
            cells[46] = description
            for (index, cell) in cells.enumerated() { field(cell, last: index == cells.count - 1) }
            if out.count >= 1 << 22 { try flush() }
        }
        try flush()
        return (written, notices, amendments, awards)
    }
}
