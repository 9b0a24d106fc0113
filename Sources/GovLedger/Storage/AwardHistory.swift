import GRDB

// An award's transactions and a vendor's identifiers: child rows of their owner, read into its record (and so
// into its journal image) and written with it.

extension AwardTransaction {
    /// Reads an `award_transactions` row.
    init(row: Row) throws {
        self.init(transactionKey: try row.decode(forColumn: "transaction_key"),
                  modificationNumber: try row.decode(forColumn: "modification_number"),
                  actionDate: try LedgerDate.stored(try row.decode(forColumn: "action_date"), field: "award_transactions.action_date"), actionType: try row.decode(forColumn: "action_type"),
                  obligatedCents: try row.decode(forColumn: "obligated_cents"), currency: try row.decode(forColumn: "currency"),
                  description: try row.decode(forColumn: "description"))
        (sourceFile, sourceSha256, sourceRow) = (try row.decode(forColumn: "source_file"),
                                                 try row.decode(forColumn: "source_sha256"),
                                                 try row.decode(forColumn: "source_row"))
    }

    /// The order of an award's history in its image and its export: the keys' UTF-8 bytes, as SQLite's
    /// BINARY collation orders them, so that the image read back from the table is the image written.
    static func precedes(_ a: AwardTransaction, _ b: AwardTransaction) -> Bool {
        a.transactionKey.utf8.lexicographicallyPrecedes(b.transactionKey.utf8)
    }

    /// The record checked by the one text policy (`Text`); throws naming the field.
    func validated(at: String) throws -> AwardTransaction {
        var copy = self
        guard let key = try Text.line(transactionKey, field: at + ".transaction_key") else {
            throw LedgerError.invalidValue(field: at + ".transaction_key", value: "", expected: "the transaction's key")
        }
        copy.transactionKey = key
        copy.modificationNumber = try Text.line(modificationNumber, field: at + ".modification_number")
        copy.actionType = try Text.line(actionType, field: at + ".action_type")
        copy.description = try Text.prose(description, field: at + ".description")
        copy.currency = try Money.parseCurrency(currency, field: at + ".currency")
        copy.obligatedCents = try Money.checkCents(obligatedCents, field: at + ".obligated_cents", allowNegative: true)
        copy.sourceFile = try Text.line(sourceFile, field: at + ".source_file")
        copy.sourceSha256 = try Text.sha256(sourceSha256, field: at + ".source_sha256")
        return copy
    }
}

extension Ledger {
    private static let transactionColumns = """
        transaction_key, modification_number, action_date, action_date_from, action_date_to, action_type,
        obligated_cents, currency, description, source_file, source_sha256, source_row
        """

    /// Award `id`'s transactions in image order; nil when it has none.
    static func transactions(ofAward id: Int64, in db: Database) throws -> [AwardTransaction]? {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(transactionColumns) FROM award_transactions WHERE award_id = ? ORDER BY transaction_key
            """), arguments: [id])
        return rows.isEmpty ? nil : try rows.map(AwardTransaction.init(row:))
    }

    /// Every award's transactions, by award id (for `verify`, which reads every award once).
    static func allTransactions(in db: Database) throws -> [Int64: [AwardTransaction]] {
        var byAward: [Int64: [AwardTransaction]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT award_id, \(transactionColumns) FROM award_transactions ORDER BY award_id, transaction_key
            """)
        while let row = try rows.next() {
            byAward[try row.decode(forColumn: "award_id"), default: []].append(try AwardTransaction(row: row))
        }
        return byAward
    }

    /// The awards with their transactions attached.
    static func withTransactions(_ awards: [Award], in db: Database) throws -> [Award] {
        guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM award_transactions)") ?? false else { return awards }
        return try awards.map { award in
            var award = award
            award.transactions = try award.id.flatMap { try transactions(ofAward: $0, in: db) }
            return award
        }
    }

    /// Writes `transaction` under award `awardId`: inserted, or the row with its key updated in place.
    static func upsert(_ transaction: AwardTransaction, award awardId: Int64, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO award_transactions (award_id, \(transactionColumns))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (transaction_key) DO UPDATE SET modification_number = excluded.modification_number,
              action_date = excluded.action_date, action_date_from = excluded.action_date_from,
              action_date_to = excluded.action_date_to, action_type = excluded.action_type,
              obligated_cents = excluded.obligated_cents, currency = excluded.currency,
              description = excluded.description, source_file = excluded.source_file,
              source_sha256 = excluded.source_sha256, source_row = excluded.source_row
            WHERE award_id = excluded.award_id
            """).execute(arguments: [
                awardId, transaction.transactionKey, transaction.modificationNumber, transaction.actionDate?.text,
                transaction.actionDate?.first, transaction.actionDate?.last, transaction.actionType,
                transaction.obligatedCents, transaction.currency, transaction.description, transaction.sourceFile,
                transaction.sourceSha256, transaction.sourceRow,
            ])
    }

    /// The award a transaction key already belongs to, if any.
    static func awardHolding(transactionKey: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT award_id FROM award_transactions WHERE transaction_key = ?"),
                           arguments: [transactionKey])
    }

    /// Vendor `id`'s identifiers beyond its `uei`, in the order they were recorded; nil when it has none.
    static func identifiers(ofVendor id: Int64, in db: Database) throws -> [VendorIdentifier]? {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT scheme, value FROM vendor_identifiers WHERE vendor_id = ? ORDER BY id
            """), arguments: [id])
        let found = try rows.map { row in
            guard let scheme = VendorIdentifier.Scheme(rawValue: try row.decode(forColumn: "scheme")) else {
                throw LedgerError.refused("vendor \(id) holds an identifier of an unknown scheme; run 'govledger verify'")
            }
            return VendorIdentifier(scheme: scheme, value: try row.decode(forColumn: "value"))
        }
        return found.isEmpty ? nil : found
    }

    /// Records `identifier` for vendor `vendorId` unless some vendor already holds it (as its `uei` or here).
    /// Returns whether it was added.
    @discardableResult
    static func addIdentifier(_ identifier: VendorIdentifier, vendor vendorId: Int64, in db: Database) throws -> Bool {
        if identifier.scheme == .uei,
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM vendors WHERE uei = ?)"),
                              arguments: [identifier.value]) ?? false {
            return false
        }
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO vendor_identifiers (vendor_id, scheme, value) VALUES (?, ?, ?)")
            .execute(arguments: [vendorId, identifier.scheme.rawValue, identifier.value])
        return db.changesCount > 0
    }

    /// The vendor holding identifier `value` of `scheme` (as its `uei` or among its other identifiers).
    static func vendorHolding(_ scheme: VendorIdentifier.Scheme, _ value: String, in db: Database) throws -> Int64? {
        if scheme == .uei, let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM vendors WHERE uei = ?"),
                                                      arguments: [value]) {
            return id
        }
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT vendor_id FROM vendor_identifiers WHERE scheme = ? AND value = ?"),
                                  arguments: [scheme.rawValue, value])
    }
}

extension VendorIdentifier {
    /// The identifier checked and normalised (a UEI in capitals, a DUNS number's lost zeros restored); throws
    /// naming the field.
    func validated(at: String) throws -> VendorIdentifier {
        var notes = Normalisations()
        switch scheme {
        case .uei: return VendorIdentifier(scheme: .uei, value: try Text.uei(value, field: at + ".value") ?? "")
        case .duns:
            guard let value = try FileValues.duns(value, field: at + ".value", notes: &notes) else {
                throw LedgerError.invalidValue(field: at + ".value", value: "", expected: "a 9-digit DUNS number")
            }
            return VendorIdentifier(scheme: .duns, value: value)
        }
    }
}

extension AwardTransaction {
    /// Appends the canonical image's bytes (members in key order, nil ones left out), the same text as the
    /// canonical form of its interchange JSON (a test holds them equal).
    func writeCanonicalImage(to out: inout [UInt8]) {
        var object = CanonicalObjectWriter()
        func key(_ name: StaticString) { object.key(name, to: &out) }
        func put(_ name: StaticString, _ value: String?) { object.put(name, value, to: &out) }
        func put(_ name: StaticString, _ value: Int64?) { object.put(name, value, to: &out) }
        put("action_date", actionDate?.text)
        put("action_type", actionType)
        put("currency", currency)
        put("description", description)
        put("modification_number", modificationNumber)
        put("obligated_cents", obligatedCents)
        put("source_file", sourceFile)
        put("source_row", sourceRow)
        put("source_sha256", sourceSha256)
        put("transaction_key", transactionKey)
        object.close(&out)
    }
}
