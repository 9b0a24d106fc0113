import Foundation
import GovLedger

/// The invented world the generated awards come from: agencies with their real codes and names (from the
/// library's agency reference), contracting offices, and vendors with UEIs, some owned by others.
struct World {
    struct Toptier {
        let code: String
        let name: String
        var subtiers: [Int] = []
        var pick: Weighted?
    }

    struct Subtier {
        let code: String
        let name: String
        let toptier: Int
        var offices: [Int] = []
        var pick: Weighted?
    }

    struct Office {
        let code: String
        let name: String
        let subtier: Int
    }

    struct Vendor {
        let name: String
        let uei: String
        let duns: String
        var parent: Int?
        let place: Int
        let street: String
        let zip4: String
        let size: Int
        /// The business-type flag columns that are `t` for it.
        let flags: [String]
        /// Where most of its awards come from, and what it mostly sells.
        let homeToptier: Int
        let specialties: [Int]
    }

    /// Departments used, most awards first; DOD and DHS lead, as in the real record.
    static let toptierCodes = [
        "097", "070", "036", "075", "047", "015", "012", "089", "014", "080", "069", "019", "020", "013", "068", "016",
        "091", "086", "024", "028", "049", "011",
    ]

    /// Sub-tier agencies put first within their department (ICE leads DHS, the services lead DOD).
    static let leadingSubtiers: Set<String> = ["7012", "7014", "2100", "1700", "5700", "97AS", "3600", "7529", "7523"]

    var toptiers: [Toptier] = []
    var subtiers: [Subtier] = []
    var offices: [Office] = []
    var vendors: [Vendor] = []
    let toptierPick: Weighted
    let vendorPick: Weighted
    let objectPick: Weighted

    init(vendorCount: Int, random: inout SplitMix64) {
        // Agencies from the reference: up to 24 sub-tiers per department, skipping the department's own row.
        let text = String(decoding: PackageResources.agency_codes_tsv, as: UTF8.self)
        var byToptier: [String: (name: String, subtiers: [(String, String, Bool)])] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7, f[4] != f[1], f[4].count == 4, World.toptierCodes.contains(f[0]) else { continue }
            byToptier[f[0], default: (f[2], [])].subtiers.append((f[4], f[5], !f[6].isEmpty))
        }
        for code in World.toptierCodes {
            guard var entry = byToptier[code] else { continue }
            // Leading sub-tiers first, then those with an abbreviation (the larger ones), then a shuffled rest.
            random.shuffle(&entry.subtiers)
            entry.subtiers.sort { a, b in
                let ra = World.leadingSubtiers.contains(a.0) ? 0 : a.2 ? 1 : 2
                let rb = World.leadingSubtiers.contains(b.0) ? 0 : b.2 ? 1 : 2
                return ra < rb
            }
            var toptier = Toptier(code: code, name: entry.name)
            for (subtierCode, name, _) in entry.subtiers.prefix(24) {
                toptier.subtiers.append(subtiers.count)
                subtiers.append(Subtier(code: subtierCode, name: name, toptier: toptiers.count))
            }
            toptier.pick = .zipf(toptier.subtiers.count, offset: 0.5)
            toptiers.append(toptier)
        }
        toptierPick = .zipf(toptiers.count, offset: 1)

        // Contracting offices: 1–8 per sub-tier, with FPDS-style six-character codes unique across the file.
        var officeCodes = Set<String>()
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        for s in subtiers.indices {
            let count = 1 + random.below(8)
            for _ in 0..<count {
                var code: String
                repeat {
                    code = String(subtiers[s].code.prefix(2)) + String((0..<4).map { _ in random.pick(alphabet) })
                } while !officeCodes.insert(code).inserted
                let place = random.pick(Vocabulary.places)
                subtiers[s].offices.append(offices.count)
                offices.append(Office(code: code, name: random.pick(Vocabulary.officeFunctions) + " " + place.city,
                                      subtier: s))
            }
            subtiers[s].pick = .zipf(subtiers[s].offices.count, offset: 1)
        }

        // Vendors: unique names (as GovLedger matches them) and UEIs; the biggest first.
        var keys = Set<String>()
        var ueis = Set<String>()
        let ueiAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        while vendors.count < vendorCount {
            let name: String
            switch random.below(10) {
            case 0..<5: name = "\(random.pick(Vocabulary.brands)) \(random.pick(Vocabulary.trades)) \(random.pick(Vocabulary.suffixes))"
            case 5..<7: name = "\(random.pick(Vocabulary.surnames)) & \(random.pick(Vocabulary.surnames)) \(random.pick(Vocabulary.trades)), \(random.pick(Vocabulary.suffixes))"
            case 7..<9: name = "\(random.pick(Vocabulary.brands)) \(random.pick(Vocabulary.surnames)) \(random.pick(Vocabulary.trades)) \(random.pick(Vocabulary.suffixes))"
            default: name = "\(random.pick(Vocabulary.surnames)) \(random.pick(Vocabulary.trades))"
            }
            guard keys.insert(MatchKey.vendor(name)).inserted else { continue }
            var uei: String
            repeat {
                uei = String(random.pick(Array(ueiAlphabet.prefix(24)))) + String((0..<11).map { _ in random.pick(ueiAlphabet) })
            } while !ueis.insert(uei).inserted
            // Companies: for-profit and not tax-exempt, plus up to two socio-economic or legal-form flags.
            let flags = ["for_profit_organization", "corporate_entity_not_tax_exempt"]
                + (0..<random.below(3)).map { _ in random.pick(Generator.companyFlags) }
            vendors.append(Vendor(
                name: name, uei: uei, duns: String(format: "%09d", random.below(1_000_000_000)), parent: nil,
                place: random.below(Vocabulary.places.count),
                street: "\(1 + random.below(19_999)) \(random.pick(Vocabulary.streets))",
                zip4: String(format: "%06d", random.below(1_000_000)),
                size: random.chance(700) ? 0 : 1, flags: flags, homeToptier: toptierPick.draw(&random),
                specialties: (0..<3).map { _ in random.below(Vocabulary.objects.count) }))
        }
        // About one vendor in twelve beyond the top 100 is a subsidiary of one of the top 40.
        if vendors.count > 100 {
            for v in 100..<vendors.count where random.chance(83) {
                vendors[v].parent = random.below(40)
            }
        }
        vendorPick = .zipf(vendors.count, offset: 8)
        objectPick = .zipf(Vocabulary.objects.count, offset: 3)
    }
}

/// Writes the CSV.
struct Generator {
    static let firstDay = Day.number(2001, 1, 1)
    static let lastDay = Day.number(2025, 12, 31)

    static let index: [String: Int] = Dictionary(uniqueKeysWithValues: Header.columns.enumerated().map { ($1, $0) })

    /// The business-type flag columns (`f`/`t`), from alaskan_native_corporation_owned_firm to
    /// sba_certified_8a_joint_venture, without the business-size and organizational-type columns among them.
    static let flagColumns: [Int] = {
        let from = index["alaskan_native_corporation_owned_firm"]!
        let to = index["sba_certified_8a_joint_venture"]!
        let skip: Set<String> = ["contracting_officers_determination_of_business_size",
                                 "contracting_officers_determination_of_business_size_code", "organizational_type"]
        return (from...to).filter { !skip.contains(Header.columns[$0]) }
    }()

    /// Flags a company may carry besides being for-profit.
    static let companyFlags = [
        "limited_liability_corporation", "subchapter_scorporation", "woman_owned_business", "veteran_owned_business",
        "service_disabled_veteran_owned_business", "minority_owned_business", "small_disadvantaged_business",
        "c8a_program_participant", "historically_underutilized_business_zone_hubzone_firm", "manufacturer_of_goods",
        "foreign_owned", "emerging_small_business",
    ]

    let rows: Int
    let seed: UInt64
    let vendorCount: Int

    /// Writes the header and `rows` awards to `path`; returns the bytes written and the size of the world.
    func write(to path: String) throws -> (bytes: Int, vendors: Int, subtiers: Int, offices: Int) {
        var random = SplitMix64(seed: seed)
        let world = World(vendorCount: vendorCount, random: &random)
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw BenchError("cannot create \(path)")
        }
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
        func append(_ field: String) {
            var needsQuotes = false
            for byte in field.utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
            if !needsQuotes {
                out.append(contentsOf: field.utf8)
                return
            }
            out.append(0x22)
            for byte in field.utf8 {
                if byte == 0x22 { out.append(0x22) }
                out.append(byte)
            }
            out.append(0x22)
        }

        for (i, name) in Header.columns.enumerated() {
            if i > 0 { out.append(0x2C) }
            append(name)
        }
        out.append(0x0A)

        // Cells that depend only on the vendor or the office, computed once.
        let c = Generator.index
        let vendorCells: [[(Int, String)]] = world.vendors.map { v in
            let place = Vocabulary.places[v.place]
            let parent = v.parent.map { world.vendors[$0] } ?? v
            var cells: [(Int, String)] = [
                (c["recipient_uei"]!, v.uei), (c["recipient_duns"]!, v.duns), (c["recipient_name"]!, v.name),
                (c["recipient_name_raw"]!, v.name), (c["recipient_parent_uei"]!, parent.uei),
                (c["recipient_parent_duns"]!, parent.duns), (c["recipient_parent_name"]!, parent.name),
                (c["recipient_parent_name_raw"]!, parent.name), (c["recipient_country_code"]!, "USA"),
                (c["recipient_country_name"]!, "UNITED STATES"), (c["recipient_address_line_1"]!, v.street),
                (c["recipient_city_name"]!, place.city), (c["recipient_county_name"]!, place.city),
                (c["recipient_state_code"]!, place.state), (c["recipient_state_name"]!, place.stateName),
                (c["recipient_zip_4_code"]!, place.zip + v.zip4),
                (c["recipient_congressional_district"]!, String(format: "%02d", 1 + v.place % 12)),
                (c["contracting_officers_determination_of_business_size"]!, Vocabulary.businessSizes[v.size].1),
                (c["contracting_officers_determination_of_business_size_code"]!, Vocabulary.businessSizes[v.size].0),
            ]
            let trueFlags = Set(v.flags.map { c[$0]! })
            for column in Generator.flagColumns {
                cells.append((column, trueFlags.contains(column) ? "t" : "f"))
            }
            return cells
        }
        let officeCells: [[(Int, String)]] = world.offices.map { o in
            let s = world.subtiers[o.subtier]
            let t = world.toptiers[s.toptier]
            return [
                (c["awarding_agency_code"]!, t.code), (c["awarding_agency_name"]!, t.name),
                (c["awarding_sub_agency_code"]!, s.code), (c["awarding_sub_agency_name"]!, s.name),
                (c["awarding_office_code"]!, o.code), (c["awarding_office_name"]!, o.name),
                (c["funding_agency_code"]!, t.code), (c["funding_agency_name"]!, t.name),
                (c["funding_sub_agency_code"]!, s.code), (c["funding_sub_agency_name"]!, s.name),
                (c["funding_office_code"]!, o.code), (c["funding_office_name"]!, o.name),
            ]
        }
        let empty = [String](repeating: "", count: Header.columns.count)
        let typePick = Weighted(Vocabulary.awardTypes.map(\.weight))
        // Obligation magnitudes: $100s to $100Ms, per 1,000 rows.
        let magnitudePick = Weighted([200, 300, 250, 150, 70, 25, 5])

        for row in 0..<rows {
            var cells = empty
            let v = world.vendorPick.draw(&random)
            let vendor = world.vendors[v]
            // Half of a vendor's awards come from its home department.
            let t = random.below(2) == 0 ? vendor.homeToptier : world.toptierPick.draw(&random)
            let toptier = world.toptiers[t]
            let s = toptier.subtiers[toptier.pick!.draw(&random)]
            let o = world.subtiers[s].offices[world.subtiers[s].pick!.draw(&random)]
            for (column, value) in vendorCells[v] { cells[column] = value }
            for (column, value) in officeCells[o] { cells[column] = value }

            let start = Generator.firstDay + random.below(Generator.lastDay - Generator.firstDay + 1)
            let end = start + 7 + random.below(1_460)
            let (year, month, _) = Day.civil(start)
            let fiscalYear = month >= 10 ? year + 1 : year
            let type = Vocabulary.awardTypes[typePick.draw(&random)]
            let piid = world.offices[o].code + String(format: "%02d", fiscalYear % 100) + type.letter
                + String(format: "%08d", row + 1)
            let key = "CONT_AWD_\(piid)_\(world.subtiers[s].code)_-NONE-_-NONE-"
            cells[c["contract_award_unique_key"]!] = key
            cells[c["award_id_piid"]!] = piid
            cells[c["usaspending_permalink"]!] = "https://www.usaspending.gov/award/\(key)/"

            // Obligations: mostly positive, some de-obligations, some zero, some unknown.
            let roll = random.below(1_000)
            var obligated: Int64?
            if roll < 25 {
                obligated = -Int64(1 + random.below(500_000))
            } else if roll < 35 {
                obligated = nil
            } else if roll < 55 {
                obligated = 0
            } else {
                let magnitude = magnitudePick.draw(&random)
                var low: Int64 = 10_000
                for _ in 0..<magnitude { low *= 10 }
                obligated = low + Int64(random.below(Int(low * 9)))
                // Most amounts are whole dollars, as in the real record.
                if random.chance(700) { obligated = obligated! / 100 * 100 }
            }
            if let obligated {
                cells[c["total_obligated_amount"]!] = Generator.money(obligated)
                let potential = obligated <= 0 ? obligated : obligated * Int64(1 + random.below(3))
                cells[c["current_total_value_of_award"]!] = Generator.money(potential)
                cells[c["potential_total_value_of_award"]!] = Generator.money(potential)
            }

            // Dates: 2001–2025, every administration; a few awards have no start date.
            if !random.chance(2) {
                let startText = Day.text(start)
                cells[c["period_of_performance_start_date"]!] = startText
                cells[c["award_base_action_date"]!] = startText
                cells[c["award_base_action_date_fiscal_year"]!] = String(fiscalYear)
                let latest = min(start + random.below(900), Generator.lastDay)
                let (ly, lm, _) = Day.civil(latest)
                cells[c["award_latest_action_date"]!] = Day.text(latest)
                cells[c["award_latest_action_date_fiscal_year"]!] = String(lm >= 10 ? ly + 1 : ly)
                cells[c["period_of_performance_current_end_date"]!] = Day.text(end)
                cells[c["period_of_performance_potential_end_date"]!] = Day.text(end) + " 00:00:00"
                cells[c["last_modified_date"]!] = Day.text(min(latest + 30, Generator.lastDay))
            }

            // The description: what the vendor mostly sells, else anything; an occasional two-line one.
            let object = random.below(2) == 0 ? random.pick(vendor.specialties) : world.objectPick.draw(&random)
            var description = [random.pick(Vocabulary.actions), Vocabulary.objects[object],
                               random.pick(Vocabulary.qualifiers)].filter { !$0.isEmpty }.joined(separator: " ")
            if random.chance(1) { description += "\nSEE MODIFICATION P0000\(1 + random.below(9))" }
            cells[c["prime_award_base_transaction_description"]!] = description

            cells[c["award_or_idv_flag"]!] = "AWARD"
            cells[c["award_type_code"]!] = type.code
            cells[c["award_type"]!] = type.name
            let pricing = random.pick(Vocabulary.pricing)
            cells[c["type_of_contract_pricing_code"]!] = pricing.0
            cells[c["type_of_contract_pricing"]!] = pricing.1
            cells[c["number_of_actions"]!] = String(1 + random.below(random.chance(900) ? 3 : 40))
            let product = Vocabulary.productCodes[object % Vocabulary.productCodes.count]
            cells[c["product_or_service_code"]!] = product.0
            cells[c["product_or_service_code_description"]!] = product.1
            let naics = Vocabulary.naicsCodes[object % Vocabulary.naicsCodes.count]
            cells[c["naics_code"]!] = naics.0
            cells[c["naics_description"]!] = naics.1
            let competed = random.pick(Vocabulary.competition)
            cells[c["extent_competed_code"]!] = competed.0
            cells[c["extent_competed"]!] = competed.1
            let performance = Vocabulary.places[vendor.place]
            cells[c["primary_place_of_performance_country_code"]!] = "USA"
            cells[c["primary_place_of_performance_country_name"]!] = "UNITED STATES"
            cells[c["primary_place_of_performance_city_name"]!] = performance.city
            cells[c["primary_place_of_performance_state_code"]!] = performance.state
            cells[c["primary_place_of_performance_state_name"]!] = performance.stateName

            for (i, cell) in cells.enumerated() {
                if i > 0 { out.append(0x2C) }
                if !cell.isEmpty { append(cell) }
            }
            out.append(0x0A)
            if out.count >= 1 << 22 { try flush() }
        }
        try flush()
        return (written, world.vendors.count, world.subtiers.count, world.offices.count)
    }

    /// Cents as USAspending writes dollars: `11200.00`, `-35.10`.
    static func money(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        return sign + String(magnitude / 100) + "." + (magnitude % 100 < 10 ? "0" : "") + String(magnitude % 100)
    }
}

/// Days since 1970-01-01 and back (H. Hinnant's civil-calendar algorithms), without Foundation's calendar.
enum Day {
    static func number(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ z: Int) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func text(_ z: Int) -> String {
        let (y, m, d) = civil(z)
        return String(y) + (m < 10 ? "-0" : "-") + String(m) + (d < 10 ? "-0" : "-") + String(d)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
