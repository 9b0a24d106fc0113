import GRDB

/// The rows one bulk import writes inside its transaction, and the one journal entry that covers them.
///
/// Every importer writes through it: an award (USAspending's, or a SAM.gov award notice's) or a solicitation is
/// inserted with the entry's sequence number in `import_seq`, or compared with the row already in the ledger and,
/// when it changed, updated; a row an earlier import wrote is released from that import's digest (see
/// `BulkJournal`). `entryImage` gives the entry's after image once the file is written.
struct ImportEntry {
    let db: Database
    /// The entry's sequence number: it is appended last in this transaction, after everything before it.
    let seq: Int64
    private let awardWriter: AwardBulkWriter
    /// The awards and solicitations written, by kind.
    private(set) var awards = BulkJournal.Digester()
    var solicitations = BulkJournal.Digester()
    /// Rows earlier imports wrote that this one rewrote: `[ID, H]` by the earlier entry's seq, by kind.
    private(set) var releasedAwards: [Int64: [(id: Int64, hash: String)]] = [:]
    var releasedSolicitations: [Int64: [(id: Int64, hash: String)]] = [:]
    var scratch: [UInt8] = []
    /// Whether, before rewriting a row an earlier import wrote, that import's rows are checked against its digest
    /// (`import sam`: a notice changed behind the journal's back refuses the file, as one with its own entries
    /// does). Earlier imports found intact, by kind and seq.
    var checksEarlier = false
    private var intactEarlier = Set<String>()
    /// Whether rows this import rewrites are remembered as they were (`import sam`), so that a key repeated in one
    /// file whose last row puts a record back as it was leaves it as it was: the same file twice changes nothing.
    var keepsOriginals = false
    /// Awards and solicitations (by `H`) as they were before this import rewrote them, with the entry that
    /// wrote them (nil: their own journal entries).
    private var originalAwards: [Int64: (earlier: Int64?, award: Award)] = [:]
    var originalSolicitations: [Int64: (earlier: Int64?, hash: String)] = [:]

    /// What writing one row did.
    enum Outcome: Equatable {
        case added, updated, unchanged
        /// An award a transactions file found written by a summaries download, kept as that gave it.
        case kept
        /// A record an earlier row of this same file changed, put back as it was before the file by a later row
        /// repeating its key (`keepsOriginals`): the earlier row's `updated` is now `unchanged`.
        case restored
        /// An award edited by hand (`govledger edit`) that the file says otherwise about: the edit stands, and the
        /// import reports the conflict (docs/correcting.md).
        case handEditKept(Int64)
        /// A row the ledger refuses (its transactions' sum past 64-bit cents): rejected by its line, as a bad value.
        case rejected(String)
    }

    /// Whether the ledger holds a merged vendor or agency: when it holds none (most imports), new awards need no
    /// survivor lookups, three per award (bench/run).
    private let mergesExist: Bool

    init(_ db: Database) throws {
        self.db = db
        mergesExist = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM vendors WHERE merged_into_id IS NOT NULL)
                OR EXISTS (SELECT 1 FROM agencies WHERE merged_into_id IS NOT NULL)
            """) ?? true
        seq = try Journal.head(db).seq + 1
        awardWriter = try AwardBulkWriter(db)
    }

    /// Writes one award and says what it did, whether this same import had written it already (a key repeated
    /// in one file: only its last row counts), and how many of its transactions it recorded. The award keeps the
    /// pursuit it was linked to, and its solicitation unless it names one.
    ///
    /// `award.transactions` (a transactions download's rows for it) join those the award already has, a
    /// transaction already recorded being replaced by the file's; with `sumsHistory`, an award whose figures came
    /// from transactions sums its whole history. `keepFields` is asked, for an award already in the ledger, whether
    /// its figures stand as they are (a summaries download wrote them): only the history is then added.
    mutating func upsert(_ award: Award, sumsHistory: Bool = false, keepFields: (Award) throws -> Bool = { _ in false })
        throws -> (outcome: Outcome, repeated: Bool, recorded: Int)
    {
        var award = award
        // A merged vendor or agency the file names is its survivor (the reporter's corrections, in one place).
        if mergesExist { _ = try Ledger.reconcileWithCorrections(&award, existing: nil, in: db) }
        if let id = try awardWriter.insert(award, importSeq: seq) {
            award.id = id
            for transaction in award.transactions ?? [] { try Ledger.upsert(transaction, award: id, in: db) }
            awards.add(id, BulkJournal.rowDigest(award, scratch: &scratch))
            return (.added, false, award.transactions?.count ?? 0)
        }
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM awards WHERE award_key = ?"),
                                         arguments: [award.awardKey])
        else { throw LedgerError.refused("award \(LedgerError.quote(award.awardKey ?? "")) conflicts with a row that cannot be read") }
        var existing = try Award(storedRow: row)
        existing.transactions = try Ledger.transactions(ofAward: existing.id!, in: db)
        let earlier: Int64? = try row.decode(forColumn: "import_seq")
        // The award's history after this file: what it had, with the file's transactions added or replaced.
        var merged = Dictionary((existing.transactions ?? []).map { ($0.transactionKey, $0) }, uniquingKeysWith: { $1 })
        let changed = (award.transactions ?? []).filter { merged[$0.transactionKey] != $0 }
        for transaction in changed { merged[transaction.transactionKey] = transaction }
        let keep = earlier != seq ? try keepFields(existing) : false
        if keep {
            award = existing
        } else if sumsHistory, existing.transactions != nil {
            do {
                award.obligatedCents = try AwardImport.sum(merged.values.map(\.obligatedCents), key: award.awardKey ?? "")
            } catch let error as LedgerError {
                return (.rejected(error.description), false, 0)
            }
        }
        award.transactions = merged.isEmpty ? nil : merged.values.sorted(by: AwardTransaction.precedes)
        award.id = existing.id
        if try Ledger.reconcileWithCorrections(&award, existing: existing, in: db) {
            return (.handEditKept(existing.id!), false, 0)
        }
        award.pursuitId = existing.pursuitId
        award.solicitationId = award.solicitationId ?? existing.solicitationId
        var comparable = award
        (comparable.sourceFile, comparable.sourceSha256, comparable.sourceRow) =
            (existing.sourceFile, existing.sourceSha256, existing.sourceRow)
        if comparable == existing { return (keep ? .kept : .unchanged, earlier == seq, 0) }
        if earlier == seq {
            awards.remove(existing.id!)
            if let original = originalAwards[existing.id!] {
                var again = award
                (again.sourceFile, again.sourceSha256, again.sourceRow) =
                    (original.award.sourceFile, original.award.sourceSha256, original.award.sourceRow)
                if again == original.award {
                    try original.award.update(db)
                    try db.execute(sql: "UPDATE awards SET import_seq = ? WHERE id = ?", arguments: [original.earlier, award.id])
                    if let before = original.earlier { releasedAwards[before]?.removeAll { $0.id == award.id } }
                    originalAwards[existing.id!] = nil
                    return (.restored, false, 0)
                }
            }
        } else if let earlier {
            if keepsOriginals { originalAwards[existing.id!] = (earlier, existing) }
            try requireIntact(.award, earlier)
            releasedAwards[earlier, default: []].append((existing.id!, BulkJournal.rowHash(existing)))
        } else {
            // Never journal a row changed behind the journal's back as if the import had found it so.
            try Journal.requireUntampered(.award, existing.id!, in: db)
            if keepsOriginals { originalAwards[existing.id!] = (nil, existing) }
        }
        if !keep { try award.update(db) }
        for transaction in changed { try Ledger.upsert(transaction, award: existing.id!, in: db) }
        try db.execute(sql: "UPDATE awards SET import_seq = ? WHERE id = ?", arguments: [seq, award.id])
        awards.add(award.id!, BulkJournal.rowDigest(award, scratch: &scratch))
        return (keep ? .kept : .updated, earlier == seq, changed.count)
    }

    /// Refuses to build on the rows of earlier import `seq` (of `kind`) when they no longer match its digest
    /// (when `checksEarlier`, once per import and kind): the rows it still covers, plus those later imports
    /// released, as `verify` recomputes it. Runs before this import releases any of them.
    mutating func requireIntact(_ kind: JournaledKind, _ seq: Int64) throws {
        guard checksEarlier, intactEarlier.insert("\(kind.rawValue)/\(seq)").inserted else { return }
        var pairs: [(id: Int64, hash: String)] = []
        if kind == .award {
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM awards WHERE import_seq = ?", arguments: [seq])
            while let row = try rows.next() {
                let award = try Award(storedRow: row)
                pairs.append((award.id!, BulkJournal.hex(BulkJournal.rowDigest(award, scratch: &scratch))))
            }
        } else {
            // A cursor: the daily file's notices, descriptions and all, never sit in memory at once.
            let notices = try Solicitation.fetchCursor(db, sql: "SELECT * FROM solicitations WHERE import_seq = ?", arguments: [seq])
            while let notice = try notices.next() {
                pairs.append((notice.id!, BulkJournal.hex(BulkJournal.solicitationDigest(notice, scratch: &scratch))))
            }
        }
        var recorded: BulkJournal.Recorded?
        let entries = try Row.fetchCursor(db, sql: "SELECT seq, after FROM journal WHERE kind = 'import' AND seq >= ? ORDER BY seq",
                                          arguments: [seq])
        while let entry = try entries.next() {
            guard let after: String = try entry.decode(forColumn: "after") else { continue }
            let parsed = try BulkJournal.Recorded(after)
            if (try entry.decode(forColumn: "seq") as Int64) == seq { recorded = parsed }
            pairs += (kind == .award ? parsed.released : parsed.solicitationsReleased)[seq] ?? []
        }
        let digest = kind == .award ? recorded?.digest : recorded?.solicitationsDigest
        guard let digest, BulkJournal.digest(pairs) == digest else {
            throw LedgerError.refused("the \(kind == .award ? "awards" : "solicitations") journal entry \(seq) imported were changed behind the journal's back; run 'govledger verify'")
        }
    }

    /// Whether the import wrote anything, and so needs its entry.
    var wroteAnything: Bool { awards.count > 0 || solicitations.count > 0 }

    /// Appends the import's one journal entry, when it wrote anything (`download`: which USAspending download).
    func finish(_ summary: ImportSummary, source: String, command: String, actor: String, at: String,
                download: String? = nil) throws {
        guard wroteAnything else { return }
        var image = BulkJournal.ImageParts(source: source, summary: summary, awards: awards.count,
                                           digest: awards.digest, released: releasedAwards)
        image.download = download
        if summary.solicitations != nil {
            image.solicitations = (solicitations.count, solicitations.digest, releasedSolicitations)
        }
        try Journal.append(db, at: at, actor: actor, command: command, kind: "import", recordId: nil, before: nil,
                           after: image.canonical)
    }
}
