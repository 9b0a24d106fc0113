import GRDB

/// USAspending's contracts download: its columns, its rows, and how they map onto vendors and agencies.
enum USAspending {
    static func fileError(_ path: String, _ problem: CSVReader.Problem) -> LedgerError {
        switch problem {
        case .unterminatedQuote(let line):
            .inputFile(path: path, row: line, problem: "a quoted field is never closed")
        case .notUTF8(let line):
            .inputFile(path: path, row: line, problem: "is not UTF-8 text")
        case .nul(let line):
            .inputFile(path: path, row: line, problem: "holds a NUL byte: not a text CSV file (UTF-16, or binary data?)")
        case .unreadable(let reason):
            .inputFile(path: path, row: nil, problem: "cannot be read (\(reason))")
        }
    }

    /// Column positions by header name.
    struct Columns {
        let positions: [String: Int]

        init(_ header: [String]) {
            var positions: [String: Int] = [:]
            for (index, name) in header.enumerated() {
                let key = name.trimmingSpaces.lowercased()
                if positions[key] == nil { positions[key] = index }
            }
            self.positions = positions
        }

        subscript(_ name: String) -> Int? { positions[name] }

        /// The transactions download has one row per action; summaries have one per award.
        var isTransactions: Bool { self["federal_action_obligation"] != nil && self["total_obligated_amount"] == nil }
    }

    /// The positions of the columns the importer reads, looked up once per file rather than once per row.
    struct Layout {
        let key, recipientName, recipientNameRaw, recipientUEI, parentUEI, parentName, piid: Int?
        let descriptions: [(index: Int, name: String)]
        let awardType, obligated, potential, permalink: Int?
        let obligatedName: String
        let starts: [(index: Int, name: String)]
        let end: Int?
        let toptier, toptierName, subtier, subtierName, office, officeName: Int?

        init(_ columns: Columns) {
            func all(_ names: [String]) -> [(index: Int, name: String)] {
                names.compactMap { name in columns[name].map { ($0, name) } }
            }
            key = columns["contract_award_unique_key"]
            recipientName = columns["recipient_name"]
            recipientNameRaw = columns["recipient_name_raw"]
            recipientUEI = columns["recipient_uei"]
            parentUEI = columns["recipient_parent_uei"]
            parentName = columns["recipient_parent_name"]
            piid = columns["award_id_piid"]
            descriptions = all(["award_description", "prime_award_base_transaction_description", "transaction_description"])
            awardType = columns["award_type"]
            obligatedName = columns.isTransactions ? "federal_action_obligation" : "total_obligated_amount"
            obligated = columns[obligatedName]
            potential = columns["potential_total_value_of_award"]
            permalink = columns["usaspending_permalink"]
            starts = all(["period_of_performance_start_date", "award_base_action_date", "action_date"])
            end = columns["period_of_performance_current_end_date"]
            toptier = columns["awarding_agency_code"]
            toptierName = columns["awarding_agency_name"]
            subtier = columns["awarding_sub_agency_code"]
            subtierName = columns["awarding_sub_agency_name"]
            office = columns["awarding_office_code"]
            officeName = columns["awarding_office_name"]
        }
    }

    /// One row, parsed and checked; an error names the column and value.
    struct Row {
        var line: Int
        var key: String
        var piid: String?
        var description: String?
        var awardType: String?
        var obligated: Int64?
        var potential: Int64?
        var start: LedgerDate?
        var end: LedgerDate?
        var permalink: String?
        var recipientUEI: String?
        var recipientName: String
        var parentUEI: String?
        var parentName: String?
        var toptier: (code: String, name: String?)
        var subtier: (code: String, name: String?)?
        var office: (code: String, name: String?)?

        init(_ record: CSVReader.Record, _ layout: Layout) throws {
            func value(_ index: Int?) -> String? {
                guard let index else { return nil }
                let text = record.trimmed(index)
                return text.isEmpty ? nil : text
            }
            func money(_ index: Int?, _ name: String) throws -> Int64? {
                guard let index else { return nil }
                if let cents = record.withField(index, USAspending.fastCents) { return cents }
                return try value(index).map { try Money.parseCents($0, field: name) }
            }
            func day(_ columns: [(index: Int, name: String)]) throws -> LedgerDate? {
                for (index, name) in columns {
                    if let date = record.withField(index, USAspending.fastDay) { return date }
                    guard let text = value(index) else { continue }
                    // Some downloads carry a time after the day.
                    return try LedgerDate(parsing: String(text.prefix(10)), field: name)
                }
                return nil
            }
            line = record.line
            guard let key = value(layout.key) else {
                throw LedgerError.invalidValue(field: "contract_award_unique_key", value: "", expected: "an award key")
            }
            self.key = key
            guard let name = value(layout.recipientName) ?? value(layout.recipientNameRaw) else {
                throw LedgerError.invalidValue(field: "recipient_name", value: "", expected: "the recipient's name")
            }
            recipientName = try Text.name(name, field: "recipient_name")
            recipientUEI = try? Text.uei(value(layout.recipientUEI), field: "recipient_uei")
            parentUEI = try? Text.uei(value(layout.parentUEI), field: "recipient_parent_uei")
            parentName = try Text.line(value(layout.parentName), field: "recipient_parent_name")
            piid = try Text.line(value(layout.piid), field: "award_id_piid")
            description = try Text.prose(layout.descriptions.lazy.compactMap { value($0.index) }.first,
                                         field: "award_description")
            let type = value(layout.awardType)?.uppercased()
            awardType = type == "PO" ? "PURCHASE ORDER" : type
            obligated = try money(layout.obligated, layout.obligatedName)
            potential = try money(layout.potential, "potential_total_value_of_award")
            start = try day(layout.starts)
            end = try layout.end.map { try day([($0, "period_of_performance_current_end_date")]) } ?? nil
            permalink = try Text.line(value(layout.permalink), field: "usaspending_permalink")
            guard let toptier = try Text.code(value(layout.toptier), field: "awarding_agency_code", lengths: 3...3)
            else {
                throw LedgerError.invalidValue(field: "awarding_agency_code", value: "", expected: "a 3-digit CGAC code")
            }
            self.toptier = (toptier, value(layout.toptierName))
            subtier = try Text.code(value(layout.subtier), field: "awarding_sub_agency_code", lengths: 4...4)
                .map { ($0, value(layout.subtierName)) }
            office = try Text.code(value(layout.office), field: "awarding_office_code", lengths: 4...6)
                .map { ($0, value(layout.officeName)) }
        }
    }

    /// The cents of a plain amount (`-1234.5`, `1234.56`, at most 17 digits, no commas), read from its bytes;
    /// nil for anything else, which `Money.parseCents` then reads or refuses with its message.
    static func fastCents(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let count = field.count
        var negative = false
        if index < count, field[index] == 0x2D {
            negative = true
            index += 1
        }
        var value: Int64 = 0
        var digits = 0
        while index < count, field[index] >= 0x30, field[index] <= 0x39 {
            // Past 15 digits the next one could overflow: left to `Money.parseCents`, which refuses it with a message.
            guard digits < 15 else { return nil }
            value = value * 10 + Int64(field[index] - 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        var decimals = 0
        if index < count, field[index] == 0x2E {
            index += 1
            while index < count, field[index] >= 0x30, field[index] <= 0x39, decimals < 3 {
                value = value * 10 + Int64(field[index] - 0x30)
                decimals += 1
                index += 1
            }
            guard decimals == 1 || decimals == 2 else { return nil }
        }
        guard index == count else { return nil }
        for _ in decimals..<2 { value *= 10 }
        return negative ? -value : value
    }

    /// A `YYYY-MM-DD` day (optionally followed by a time, as some downloads write), read from its bytes; nil for
    /// anything else, which `LedgerDate(parsing:)` then reads or refuses with its message.
    static func fastDay(_ field: UnsafeBufferPointer<UInt8>) -> LedgerDate? {
        guard field.count >= 10, field[4] == 0x2D, field[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = field[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), year >= 1000, let month = number(5..<7), (1...12).contains(month),
            let day = number(8..<10), day >= 1, day <= CalendarDay.daysIn(month: month, year: year)
        else { return nil }
        return LedgerDate(day: CalendarDay(year: year, month: month, day: day))
    }

    /// Transactions summed per award as they are read, so that only one row per award is kept: total
    /// obligation, earliest start, latest end, the last row's other fields.
    struct Sums {
        private var order: [String] = []
        private var byKey: [String: Row] = [:]

        /// The awards in the order their first transaction came.
        var rows: [Row] { order.map { byKey[$0]! } }

        mutating func add(_ row: Row) {
            guard var total = byKey[row.key] else {
                order.append(row.key)
                byKey[row.key] = row
                return
            }
            let line = total.line
            let first = total.start
            let last = total.end
            let sum = (total.obligated ?? 0).addingReportingOverflow(row.obligated ?? 0)
            total = row
            total.line = line
            total.obligated = sum.overflow ? nil : sum.partialValue
            total.start = [first, row.start].compactMap { $0 }.min()
            total.end = [last, row.end].compactMap { $0 }.max()
            byKey[row.key] = total
        }
    }

    /// Finds or creates vendors and agencies for rows, remembering what it found.
    struct Resolver {
        let db: Database
        private(set) var vendorsCreated = 0
        private(set) var agenciesCreated = 0
        private var vendors: [String: Int64] = [:]
        private var agencies: [String: Int64] = [:]
        /// The most specific agency for each toptier/sub-tier/office path of codes seen.
        private var agencyPaths: [String: Int64] = [:]
        /// Vendors whose parent link has been set (or found set) in this import: once is enough.
        private var parentLinked = Set<Int64>()

        init(db: Database) {
            self.db = db
        }

        mutating func vendor(_ row: Row) throws -> Int64 {
            let id = try vendor(uei: row.recipientUEI, name: row.recipientName)
            let parentIsSelf = row.parentUEI.map { $0 == row.recipientUEI }
                ?? (row.parentName.map { MatchKey.vendor($0) == MatchKey.vendor(row.recipientName) } ?? true)
            if !parentIsSelf, let parentName = row.parentName ?? row.parentUEI {
                let parent = try vendor(uei: row.parentUEI, name: parentName)
                // After the first UPDATE the vendor has a parent, so later rows naming one change nothing.
                if parent != id, parentLinked.insert(id).inserted {
                    try db.cachedStatement(sql: "UPDATE vendors SET parent_id = ? WHERE id = ? AND parent_id IS NULL")
                        .execute(arguments: [parent, id])
                }
            }
            return id
        }

        /// A vendor by UEI, else by normalised name (a typed-in vendor's aliases included); created when missing.
        mutating func vendor(uei: String?, name: String) throws -> Int64 {
            if let uei, let id = vendors["uei:" + uei] { return id }
            // Normalising a name folds case and diacritics, which is slow: only after the UEI missed the cache.
            let key = MatchKey.vendor(name)
            if uei == nil, let id = vendors["name:" + key] { return id }
            var found: Int64?
            if let uei {
                found = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM vendors WHERE uei = ?"), arguments: [uei])
            }
            if found == nil {
                // A typed-in vendor, or one imported without a UEI, is matched by name rather than duplicated.
                found = try Int64.fetchOne(db.cachedStatement(sql: """
                    SELECT id FROM (SELECT id, uei FROM vendors WHERE match_key = ?1
                      UNION SELECT v.id, v.uei FROM vendor_aliases a JOIN vendors v ON v.id = a.vendor_id WHERE a.match_key = ?1)
                    WHERE uei IS NULL OR uei = ?2 ORDER BY id LIMIT 1
                    """), arguments: [key, uei])
                if let found, let uei {
                    try db.execute(sql: "UPDATE vendors SET uei = ? WHERE id = ? AND uei IS NULL", arguments: [uei, found])
                }
            }
            let id: Int64
            if let found {
                id = found
            } else {
                var created = Vendor(name: name, uei: uei)
                try created.insert(db)
                vendorsCreated += 1
                id = created.id!
            }
            if let uei { vendors["uei:" + uei] = id } else { vendors["name:" + key] = id }
            return id
        }

        mutating func agency(_ row: Row) throws -> Int64 {
            try agency(toptier: row.toptier, subtier: row.subtier, office: row.office)
        }

        /// The most specific agency named: toptier (CGAC) > sub-tier > office, each found by code or created.
        mutating func agency(toptier: (code: String, name: String?), subtier: (code: String, name: String?)?,
                             office: (code: String, name: String?)?) throws -> Int64 {
            // Each level is resolved once per code, so the same codes always give the same agency: one lookup per row.
            let path = toptier.code + "\u{1F}" + (subtier?.code ?? "") + "\u{1F}" + (office?.code ?? "")
            if let id = agencyPaths[path] { return id }
            var parent = try agency(column: "cgac_code", code: toptier.code, name: toptier.name,
                                    level: .department, parent: nil)
            if let subtier {
                parent = try agency(column: "subtier_code", code: subtier.code, name: subtier.name, level: .subagency,
                                    parent: parent)
            }
            if let office {
                parent = try agency(column: "office_code", code: office.code, name: office.name, level: .office,
                                    parent: parent)
            }
            agencyPaths[path] = parent
            return parent
        }

        private mutating func agency(column: String, code: String, name: String?, level: AgencyLevel,
                                     parent: Int64?) throws -> Int64 {
            if let id = agencies[column + code] { return id }
            var id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM agencies WHERE \(column) = ?"),
                                        arguments: [code])
            let reference = column == "cgac_code" ? AgencyReference.departments[code]
                : column == "subtier_code" ? AgencyReference.subtiers[code] : nil
            if id == nil {
                // An agency typed in without its code is matched by name (the file's, else the reference's: SAM.gov
                // writes "US IMMIGRATION AND CUSTOMS ENFORCEMENT") and given the code.
                for candidate in [name, reference?.name].compactMap({ $0 }) where id == nil {
                    id = try Int64.fetchOne(db, sql: """
                        SELECT id FROM agencies WHERE match_key = ? AND \(column) IS NULL ORDER BY id LIMIT 1
                        """, arguments: [MatchKey.agency(candidate)])
                }
                if let id { try db.execute(sql: "UPDATE agencies SET \(column) = ? WHERE id = ?", arguments: [code, id]) }
            }
            if id == nil {
                var created = Agency(name: reference?.name ?? name ?? "\(level.rawValue) \(code)",
                                     acronym: reference?.abbreviation, level: level, parentId: parent)
                switch column {
                case "cgac_code": created.cgacCode = code
                case "subtier_code": created.subtierCode = code
                default: created.officeCode = code
                }
                try created.insert(db)
                agenciesCreated += 1
                id = created.id
            }
            agencies[column + code] = id!
            return id!
        }
    }
}
