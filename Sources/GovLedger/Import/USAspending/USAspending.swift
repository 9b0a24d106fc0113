import GRDB

/// USAspending's contracts download: its columns, its rows, and how they map onto vendors and agencies.
enum USAspending {
    /// Column positions by header name (trimmed, case folded). A name the header repeats is read from its first
    /// column; `duplicates` lists such names, for the summary.
    struct Columns {
        let positions: [String: Int]
        let duplicates: [String]

        init(_ header: [String]) {
            var positions: [String: Int] = [:]
            var duplicates: [String] = []
            for (index, name) in header.enumerated() {
                let key = name.trimmingSpaces.lowercased()
                if positions[key] == nil { positions[key] = index } else if !duplicates.contains(key) { duplicates.append(key) }
            }
            self.positions = positions
            self.duplicates = duplicates
        }

        subscript(_ name: String) -> Int? { positions[name] }

        /// The transactions download has one row per action; summaries have one per award.
        var isTransactions: Bool { self["federal_action_obligation"] != nil && self["total_obligated_amount"] == nil }
    }

    /// The columns of one agency role (awarding or funding): toptier, sub-tier and office, codes and names.
    struct AgencyColumns {
        let toptier, toptierName, subtier, subtierName, office, officeName: Int?
        let prefix: String

        init(_ columns: Columns, _ prefix: String) {
            self.prefix = prefix
            toptier = columns[prefix + "_agency_code"]
            toptierName = columns[prefix + "_agency_name"]
            subtier = columns[prefix + "_sub_agency_code"]
            subtierName = columns[prefix + "_sub_agency_name"]
            office = columns[prefix + "_office_code"]
            officeName = columns[prefix + "_office_name"]
        }

        var isEmpty: Bool { toptier == nil && subtier == nil && office == nil }

        /// Whether `other`'s six fields hold exactly these fields' bytes in `record` (both absent counts as equal).
        func sameFields(as other: AgencyColumns, in record: CSVReader.Record) -> Bool {
            func same(_ a: Int?, _ b: Int?) -> Bool {
                switch (a, b) {
                case (nil, nil): true
                case (let a?, let b?): record.withField(a) { x in record.withField(b) { y in x.elementsEqual(y) } }
                default: false
                }
            }
            return same(toptier, other.toptier) && same(toptierName, other.toptierName) && same(subtier, other.subtier)
                && same(subtierName, other.subtierName) && same(office, other.office) && same(officeName, other.officeName)
        }
    }

    /// The positions of the columns the importer reads, looked up once per file rather than once per row.
    struct Layout {
        let key, recipientName, recipientNameRaw, recipientUEI, parentUEI, parentName, piid: Int?
        let recipientDUNS, parentDUNS: Int?
        /// A transactions download's own columns: each row is one action on its award.
        let isTransactions: Bool
        let transactionKey, modification, actionDate, actionType, transactionDescription: Int?
        let descriptions: [(index: Int, name: String)]
        let awardType, obligated, potential, permalink: Int?
        let obligatedName: String
        let starts: [(index: Int, name: String)]
        let end: Int?
        let awarding, funding: AgencyColumns

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
            recipientDUNS = columns["recipient_duns"]
            parentDUNS = columns["recipient_parent_duns"]
            isTransactions = columns.isTransactions
            transactionKey = columns["contract_transaction_unique_key"]
            modification = columns["modification_number"]
            actionDate = columns["action_date"]
            actionType = columns["action_type"]
            transactionDescription = columns["transaction_description"]
            descriptions = all(["award_description", "prime_award_base_transaction_description", "transaction_description"])
            awardType = columns["award_type"]
            obligatedName = columns.isTransactions ? "federal_action_obligation" : "total_obligated_amount"
            obligated = columns[obligatedName]
            potential = columns["potential_total_value_of_award"]
            permalink = columns["usaspending_permalink"]
            starts = all(["period_of_performance_start_date", "award_base_action_date", "action_date"])
            end = columns["period_of_performance_current_end_date"]
            awarding = AgencyColumns(columns, "awarding")
            funding = AgencyColumns(columns, "funding")
        }
    }

    /// An agency as a row names it: toptier (CGAC or FREC) > sub-tier > office, each code with its name.
    struct AgencyPath {
        var toptier: (code: FileValues.Toptier, name: String?)?
        var subtier: (code: String, name: String?)?
        var office: (code: String, name: String?)?
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
        var recipientDUNS: String?
        var recipientName: String
        /// `recipient_name_raw` when it differs from `recipient_name`: the name as the contract wrote it, kept
        /// as the vendor's alias.
        var recipientNameRaw: String?
        var parentUEI: String?
        var parentDUNS: String?
        var parentName: String?
        var awarding: AgencyPath
        var funding: AgencyPath?
        /// The action this row records, in a transactions download.
        var transaction: AwardTransaction?
        /// Whether its key was made from the award key, modification number and action date (the file has no
        /// `contract_transaction_unique_key`): two rows may then make the same key for two actions.
        var transactionKeyMade = false

        init(_ record: CSVReader.Record, _ layout: Layout, notes: inout Normalisations) throws {
            func value(_ index: Int?) -> String? {
                guard let index else { return nil }
                let text = record.trimmed(index)
                return text.isEmpty ? nil : text
            }
            func money(_ index: Int?, _ name: String) throws -> Int64? {
                guard let index else { return nil }
                if let cents = record.withField(index, FileValues.fastCents) { return cents }
                return try value(index).map { try FileValues.cents($0, field: name, notes: &notes) }
            }
            func day(_ columns: [(index: Int, name: String)]) throws -> LedgerDate? {
                for (index, name) in columns {
                    if let date = record.withField(index, FileValues.isoDay) { return date }
                    guard let text = value(index) else { continue }
                    return try FileValues.day(text, field: name, notes: &notes)
                }
                return nil
            }
            line = record.line
            guard let key = try Text.line(value(layout.key), field: "contract_award_unique_key") else {
                throw LedgerError.invalidValue(field: "contract_award_unique_key", value: "", expected: "an award key")
            }
            self.key = key
            guard let name = value(layout.recipientName) ?? value(layout.recipientNameRaw) else {
                throw LedgerError.invalidValue(field: "recipient_name", value: "", expected: "the recipient's name")
            }
            recipientName = try Text.name(name, field: "recipient_name")
            if let raw = value(layout.recipientNameRaw), raw != recipientName {
                recipientNameRaw = try Text.name(raw, field: "recipient_name_raw")
            }
            recipientUEI = try? Text.uei(value(layout.recipientUEI), field: "recipient_uei")
            recipientDUNS = try FileValues.duns(value(layout.recipientDUNS), field: "recipient_duns", notes: &notes)
            parentUEI = try? Text.uei(value(layout.parentUEI), field: "recipient_parent_uei")
            parentDUNS = try FileValues.duns(value(layout.parentDUNS), field: "recipient_parent_duns", notes: &notes)
            parentName = try Text.line(value(layout.parentName), field: "recipient_parent_name")
            piid = try Text.line(value(layout.piid), field: "award_id_piid")
            description = try Text.prose(layout.descriptions.lazy.compactMap { value($0.index) }.first,
                                         field: "award_description")
            let type = try Text.line(value(layout.awardType), field: "award_type")?.uppercased()
            awardType = type == "PO" ? "PURCHASE ORDER" : type
            obligated = try money(layout.obligated, layout.obligatedName)
            potential = try money(layout.potential, "potential_total_value_of_award")
            start = try day(layout.starts)
            end = try layout.end.map { try day([($0, "period_of_performance_current_end_date")]) } ?? nil
            permalink = try Text.line(value(layout.permalink), field: "usaspending_permalink")
            if layout.isTransactions {
                let modification = try Text.line(value(layout.modification), field: "modification_number")
                let actionDate = try layout.actionDate.map { try day([($0, "action_date")]) } ?? nil
                // Without USAspending's transaction key (a trimmed file), the award key, modification number and
                // action date name the action: the same file imported again finds the same transactions.
                let given = try Text.line(value(layout.transactionKey), field: "contract_transaction_unique_key")
                transactionKeyMade = given == nil
                let transactionKey = given ?? [key, modification ?? "", actionDate?.text ?? ""].joined(separator: "/")
                var transaction = AwardTransaction(
                    transactionKey: transactionKey, modificationNumber: modification, actionDate: actionDate,
                    actionType: try Text.line(value(layout.actionType), field: "action_type"), obligatedCents: obligated,
                    description: try Text.prose(value(layout.transactionDescription), field: "transaction_description"))
                transaction.sourceRow = Int64(line)
                self.transaction = transaction
            }
            func path(_ columns: AgencyColumns) throws -> AgencyPath {
                func name(_ index: Int?, _ suffix: String) throws -> String? {
                    try Text.line(value(index), field: columns.prefix + suffix)
                }
                var path = AgencyPath()
                if let code = try FileValues.toptier(value(columns.toptier), field: columns.prefix + "_agency_code",
                                                     notes: &notes) {
                    path.toptier = (code, try name(columns.toptierName, "_agency_name"))
                }
                if let code = try FileValues.subtier(value(columns.subtier), field: columns.prefix + "_sub_agency_code",
                                                     notes: &notes) {
                    path.subtier = (code, try name(columns.subtierName, "_sub_agency_name"))
                }
                if let code = try FileValues.office(value(columns.office), field: columns.prefix + "_office_code") {
                    path.office = (code, try name(columns.officeName, "_office_name"))
                }
                return path
            }
            let notedBefore = notes.count
            awarding = try path(layout.awarding)
            // Most rows were paid for by the office that bought (all of a generated file, 10–60 % of real ones):
            // funding columns byte for byte the awarding ones give the same path, so it is not parsed twice. Only
            // when parsing it noted no normalisation, so the summary counts each value it would have noted.
            let fundingAsAwarding = notes.count == notedBefore && !layout.funding.isEmpty
                && layout.awarding.sameFields(as: layout.funding, in: record)
            let awardingAsRead = awarding
            if awarding.subtier == nil, awarding.toptier == nil, let code = FileValues.subtierInAwardKey(key) {
                // No agency columns: the award key names the awarding sub-tier (CONT_AWD_{PIID}_{sub-tier}_…).
                awarding.subtier = (code, nil)
                notes.note("awarding sub-tier agency read from contract_award_unique_key", "\(key) → \(code)")
            }
            if awarding.toptier == nil, let subtier = awarding.subtier {
                // The federal reference knows each sub-tier's department.
                guard let cgac = AgencyReference.subtierDepartments[subtier.code] else {
                    throw LedgerError.invalidValue(
                        field: "awarding_agency_code", value: "",
                        expected: "the toptier code (sub-tier \(subtier.code) is not in the federal reference, so its department is unknown): add the awarding_agency_code column")
                }
                awarding.toptier = (.cgac(cgac), nil)
            }
            guard awarding.toptier != nil else {
                throw LedgerError.invalidValue(field: "awarding_agency_code", value: "", expected: layout.awarding.isEmpty
                    ? "an awarding agency: the file has no awarding_agency_code or awarding_sub_agency_code column and the award key names no sub-tier (CONT_AWD_{PIID}_{sub-tier}_…); add the awarding_agency_code column"
                    : "the awarding agency's CGAC or FREC code (or its sub-tier code)")
            }
            if !layout.funding.isEmpty {
                var funding = fundingAsAwarding ? awardingAsRead : try path(layout.funding)
                if funding.toptier == nil, let subtier = funding.subtier,
                    let cgac = AgencyReference.subtierDepartments[subtier.code] {
                    funding.toptier = (.cgac(cgac), nil)
                }
                // A funding agency is kept only when its toptier is known: an office alone places nothing.
                self.funding = funding.toptier == nil ? nil : funding
            }
        }
    }

    /// Transactions summed per award as they are read, so that only one row per award is kept: total
    /// obligation, earliest start, latest end, the last row's other fields.
    struct Sums {
        private var order: [String] = []
        private var byKey: [String: Row] = [:]
        /// Each award's transactions by transaction key (a key repeated in the file: its last row counts).
        private var histories: [String: [String: AwardTransaction]] = [:]

        /// The awards in the order their first transaction came.
        var rows: [Row] { order.compactMap { byKey[$0] } }

        /// Award `key`'s transactions in image order.
        func history(_ key: String) -> [AwardTransaction] {
            (histories[key] ?? [:]).values.sorted(by: AwardTransaction.precedes)
        }

        /// Adds a transaction to its award; an obligation the sum cannot hold in 64-bit cents refuses the row
        /// (never wraps, never forgets what came before).
        mutating func add(_ row: Row) throws {
            var row = row
            if var transaction = row.transaction, row.transactionKeyMade, histories[row.key]?[transaction.transactionKey] != nil {
                // A made key repeated is another action (a file without keys, modification numbers or dates): the
                // second is `…#2`, the third `…#3`, in file order, so the same file always makes the same keys.
                var count = 2
                while histories[row.key]?[transaction.transactionKey + "#\(count)"] != nil { count += 1 }
                transaction.transactionKey += "#\(count)"
                row.transaction = transaction
            }
            if let transaction = row.transaction {
                if let earlier = histories[row.key]?[transaction.transactionKey], let amount = earlier.obligatedCents,
                    var total = byKey[row.key] {
                    // The repeated action replaces the earlier one in the sum as it does in the history.
                    total.obligated = total.obligated.map { $0 - amount }
                    byKey[row.key] = total
                }
                histories[row.key, default: [:]][transaction.transactionKey] = transaction
            }
            guard var total = byKey[row.key] else {
                order.append(row.key)
                byKey[row.key] = row
                return
            }
            let line = total.line
            let first = total.start
            let last = total.end
            var sum = total.obligated
            if let amount = row.obligated {
                let (value, overflow) = (sum ?? 0).addingReportingOverflow(amount)
                guard !overflow else {
                    func decimal(_ cents: Int64) -> String {
                        let fraction = Int(cents.magnitude % 100)
                        return (cents < 0 ? "-" : "") + "\(cents.magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
                    }
                    throw LedgerError.invalidValue(
                        field: "federal_action_obligation", value: decimal(amount),
                        expected: "an amount whose sum with the award's earlier transactions (\(decimal(sum ?? 0))) fits in 64-bit cents (±92,233,720,368,547,758.07)")
                }
                sum = value
            }
            let raw = total.recipientNameRaw
            total = row
            total.line = line
            // A raw name any of the award's rows wrote is kept as the vendor's alias.
            total.recipientNameRaw = row.recipientNameRaw ?? raw
            total.obligated = sum
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
        /// DUNS numbers and raw-name aliases already recorded (or found recorded) in this import.
        private var dunsSeen = Set<String>()
        private var aliasesSeen = Set<String>()

        init(db: Database) {
            self.db = db
        }

        mutating func vendor(_ row: Row) throws -> Int64 {
            let id = try vendor(uei: row.recipientUEI, duns: row.recipientDUNS, name: row.recipientName)
            if let raw = row.recipientNameRaw { try alias(raw, of: id, name: row.recipientName) }
            let parentIsSelf = row.parentUEI.map { $0 == row.recipientUEI }
                ?? (row.parentName.map { MatchKey.vendor($0) == MatchKey.vendor(row.recipientName) } ?? true)
            if !parentIsSelf, let parentName = row.parentName ?? row.parentUEI {
                let parent = try vendor(uei: row.parentUEI, duns: row.parentDUNS, name: parentName)
                // After the first UPDATE the vendor has a parent, so later rows naming one change nothing.
                if parent != id, !parentLinked.contains(id) {
                    // A parent that is the recipient's own subsidiary (row 2: A's parent is B; row 9: B's parent is
                    // A) would form a cycle: the row is rejected, naming it, rather than the whole file refused
                    // by the schema's trigger without a row.
                    let cycle = try Bool.fetchOne(db.cachedStatement(sql: """
                        WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT v.parent_id FROM vendors v JOIN up ON v.id = up.id
                          WHERE v.parent_id IS NOT NULL)
                        SELECT EXISTS (SELECT 1 FROM up WHERE id = ?2)
                          AND (SELECT parent_id IS NULL FROM vendors WHERE id = ?2)
                        """), arguments: [parent, id]) ?? false
                    if cycle {
                        throw LedgerError.invalidValue(
                            field: "recipient_parent_name", value: parentName,
                            expected: "a parent that is not \(LedgerError.quote(row.recipientName))'s own subsidiary (an earlier row made it one: the parent link would form a cycle)")
                    }
                    parentLinked.insert(id)
                    try db.cachedStatement(sql: "UPDATE vendors SET parent_id = ? WHERE id = ? AND parent_id IS NULL")
                        .execute(arguments: [parent, id])
                }
            }
            return id
        }

        /// A vendor by UEI (its own or one of its other identifiers), else by DUNS number, else by normalised
        /// name (a typed-in vendor's aliases included); created when missing. A vendor found by its DUNS under a
        /// UEI it did not have yet is the same company re-registered: it is given the UEI (as `uei` when it had
        /// none, else as a further identifier), and a DUNS is recorded on the vendor it names.
        mutating func vendor(uei: String?, duns: String? = nil, name: String) throws -> Int64 {
            if let uei, let id = vendors["uei:" + uei] {
                try remember(duns: duns, of: id)
                return id
            }
            if uei == nil, let duns, let id = vendors["duns:" + duns] { return id }
            // Normalising a name folds case and diacritics, which is slow: only after the UEI missed the cache.
            let key = MatchKey.vendor(name)
            if uei == nil, duns == nil, let id = vendors["name:" + key] { return id }
            var found: Int64?
            if let uei { found = try Ledger.vendorHolding(.uei, uei, in: db) }
            if found == nil, let duns, let holder = try Ledger.vendorHolding(.duns, duns, in: db) {
                found = holder
                if let uei {
                    try db.execute(sql: "UPDATE vendors SET uei = ? WHERE id = ? AND uei IS NULL", arguments: [uei, holder])
                    if db.changesCount == 0 { try Ledger.addIdentifier(.init(scheme: .uei, value: uei), vendor: holder, in: db) }
                }
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
            try remember(duns: duns, of: id)
            if let uei { vendors["uei:" + uei] = id }
            if let duns { vendors["duns:" + duns] = id }
            if uei == nil, duns == nil { vendors["name:" + key] = id }
            return id
        }

        /// Records DUNS number `duns` on vendor `id` unless a vendor already holds it.
        private mutating func remember(duns: String?, of id: Int64) throws {
            guard let duns, dunsSeen.insert(duns).inserted else { return }
            if try Ledger.vendorHolding(.duns, duns, in: db) == nil {
                try Ledger.addIdentifier(.init(scheme: .duns, value: duns), vendor: id, in: db)
            }
        }

        /// Keeps `raw` (`recipient_name_raw`) as vendor `id`'s alias when it is not the same name as `name`
        /// (`recipient_name`) once case, punctuation and legal suffixes are set aside.
        private mutating func alias(_ raw: String, of id: Int64, name: String) throws {
            guard aliasesSeen.insert("\(id)\u{1F}\(raw)").inserted else { return }
            let key = MatchKey.vendor(raw)
            guard key != MatchKey.vendor(name) else { return }
            try db.cachedStatement(sql: """
                INSERT INTO vendor_aliases (vendor_id, alias, match_key) SELECT ?1, ?2, ?3
                WHERE NOT EXISTS (SELECT 1 FROM vendors WHERE id = ?1 AND match_key = ?3)
                ON CONFLICT (vendor_id, alias) DO NOTHING
                """).execute(arguments: [id, raw, key])
        }

        mutating func agency(_ row: Row) throws -> Int64 {
            try agency(row.awarding)
        }

        /// The funding agency a row names, nil when it names none.
        mutating func fundingAgency(_ row: Row) throws -> Int64? {
            try row.funding.map { try agency($0) }
        }

        /// The agency a file names nowhere (a SAM.gov notice with every agency column empty): one department of
        /// that name, found or created, so the notice is still recorded.
        static let unnamedAgency = "Agency not named in the imported file"

        /// The most specific agency named: toptier (CGAC or FREC) > sub-tier > office, each found by code or
        /// created; with no code at all, the agency the file names nowhere.
        mutating func agency(_ path: AgencyPath) throws -> Int64 {
            // Each level is resolved once per code, so the same codes always give the same agency: one lookup per row.
            let top: String = switch path.toptier?.code {
            case .cgac(let code): code
            case .frec(let code): "F" + code
            case nil: ""
            }
            let key = top + "\u{1F}" + (path.subtier?.code ?? "") + "\u{1F}" + (path.office?.code ?? "")
            if let id = agencyPaths[key] { return id }
            var parent: Int64?
            switch path.toptier {
            case (.cgac(let code), let name)?:
                parent = try agency(column: "cgac_code", code: code, name: name, level: .department, parent: nil)
            case (.frec(let code), let name)?:
                parent = try frecAgency(code, name: name)
            case nil:
                if path.subtier == nil, path.office == nil { parent = try unnamed() }
            }
            if let subtier = path.subtier {
                parent = try agency(column: "subtier_code", code: subtier.code, name: subtier.name, level: .subagency,
                                    parent: parent)
            }
            if let office = path.office {
                parent = try agency(column: "office_code", code: office.code, name: office.name, level: .office,
                                    parent: parent)
            }
            agencyPaths[key] = parent!
            return parent!
        }

        private mutating func unnamed() throws -> Int64 {
            if let id = agencies["unnamed"] { return id }
            var id = try Int64.fetchOne(db, sql: """
                SELECT id FROM agencies WHERE match_key = ? AND level = 'department' ORDER BY id LIMIT 1
                """, arguments: [MatchKey.agency(Resolver.unnamedAgency)])
            if id == nil {
                var created = Agency(name: Resolver.unnamedAgency, level: .department)
                try created.insert(db)
                agenciesCreated += 1
                id = created.id
            }
            agencies["unnamed"] = id!
            return id!
        }

        /// A toptier agency by its FREC code: the department holding that code; else the department of the CGAC
        /// the FREC reports under, when the names agree (DOL 1601 is the Department of Labor, CGAC 016; Peace
        /// Corps 1125 reports under CGAC 011 but is not the Executive Office of the President); else a department
        /// of that name without a FREC; else a new department, named from the file or the reference.
        private mutating func frecAgency(_ code: String, name: String?) throws -> Int64 {
            if let id = agencies["frec_code" + code] { return id }
            var id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM agencies WHERE frec_code = ?"),
                                        arguments: [code])
            let reference = AgencyReference.frecs[code]
            let names = Set([name, reference?.name].compactMap { $0 }.map(MatchKey.agency))
            if id == nil, let reference {
                let row = try GRDB.Row.fetchOne(db, sql: """
                    SELECT id, match_key FROM agencies WHERE cgac_code = ? AND level = 'department' AND frec_code IS NULL
                    """, arguments: [reference.cgac])
                if let row, names.contains(try row.decode(String.self, forColumn: "match_key")) { id = try row.decode(forColumn: "id") }
            }
            if id == nil {
                for key in names.sorted() where id == nil {
                    id = try Int64.fetchOne(db, sql: """
                        SELECT id FROM agencies WHERE match_key = ? AND level = 'department' AND frec_code IS NULL
                        ORDER BY id LIMIT 1
                        """, arguments: [key])
                }
            }
            if let id {
                try db.execute(sql: "UPDATE agencies SET frec_code = ? WHERE id = ? AND frec_code IS NULL",
                               arguments: [code, id])
            } else {
                var created = Agency(name: name ?? reference?.name ?? "department \(code)", level: .department,
                                     frecCode: code)
                try created.insert(db)
                agenciesCreated += 1
                id = created.id
            }
            agencies["frec_code" + code] = id!
            return id!
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
                // writes "US IMMIGRATION AND CUSTOMS ENFORCEMENT") and given the code: one of this level, or the
                // parent itself (a department's own row repeats it as its sub-tier: EOP 1100 under 1100).
                for candidate in [name, reference?.name].compactMap({ $0 }) where id == nil {
                    id = try Int64.fetchOne(db, sql: """
                        SELECT id FROM agencies WHERE match_key = ? AND \(column) IS NULL AND (level = ? OR id IS ?)
                        ORDER BY id LIMIT 1
                        """, arguments: [MatchKey.agency(candidate), level, parent])
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
