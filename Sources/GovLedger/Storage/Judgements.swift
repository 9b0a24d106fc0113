import GRDB

// `judge A B same|different|unsure`: a person's decision on two vendors, kept as a journaled record of its own
// (one row per pair, whichever way round). `same` merges A into B in the same write, under the merge's own
// command (`merge vendor A into B`), so that `unmerge vendor A` undoes it as it undoes any merge; `different`
// keeps the pair out of `match vendors` and `check`'s duplicate-vendors. See docs/correcting.md.

/// What `judge` recorded, and for `same` what the merge moved.
public struct JudgementSummary: Sendable {
    /// The two vendors, each as `vendor 7 (Palantir USG Inc)`.
    public var vendor: String
    public var other: String
    public var verdict: Verdict
    /// The merge a `same` judgement made.
    public var merge: MergeSummary?
}

extension Ledger {
    /// Records that vendors `a` and `b` are the same company (and merges `a` into `b`), different companies, or
    /// not known yet. Refused: a vendor that does not exist or is retracted, and a vendor judged against itself
    /// (or one already merged into the other).
    public func judge(_ a: String, _ b: String, _ verdict: Verdict, reason: String? = nil) throws -> JudgementSummary {
        let reason = try Text.prose(reason, field: "reason")
        let (from, into) = try read { db in try Ledger.judgedPair(a, b, in: db) }
        let command = verdict == .same ? "merge vendor \(from) into \(into)" : "judge vendor \(from) and \(into) \(verdict.rawValue)"
        return try write(command, reason: reason ?? (verdict == .same ? "judged same" : nil)) { db in
            // Resolved again under the write lock: the pair is what this transaction sees.
            let (from, into) = try Ledger.judgedPair(a, b, in: db)
            var merge: MergeSummary?
            if verdict == .same {
                let shape = MergeShape.of(.vendor)
                let plan = try Ledger.planMerge(shape, a, b, parentFrom: nil, in: db)
                try Ledger.applyMerge(shape, plan, ledger: self, in: db)
                merge = plan.summary
            }
            var record = Judgement(vendorId: from, otherVendorId: into, verdict: verdict, reason: reason)
            if let existing = try Ledger.judgement(from, into, in: db) {
                record.id = existing.id
                try record.update(db)
            } else {
                try record.insert(db)
            }
            return JudgementSummary(vendor: try Ledger.vendorLabel(from, in: db), other: try Ledger.vendorLabel(into, in: db),
                                    verdict: verdict, merge: merge)
        }
    }

    /// The judgement of a pair, whichever way round it was made.
    static func judgement(_ a: Int64, _ b: Int64, in db: Database) throws -> Judgement? {
        try Judgement.fetchOne(db, sql: """
            SELECT * FROM judgements WHERE min(vendor_id, other_vendor_id) = min(?1, ?2) AND max(vendor_id, other_vendor_id) = max(?1, ?2)
            """, arguments: [a, b])
    }

    /// `vendor 7 (Palantir USG Inc)`.
    static func vendorLabel(_ id: Int64, in db: Database) throws -> String {
        "vendor \(id) (\(try String.fetchOne(db, sql: "SELECT name FROM vendors WHERE id = ?", arguments: [id]) ?? ""))"
    }

    private static func judgedPair(_ a: String, _ b: String, in db: Database) throws -> (Int64, Int64) {
        let from = try vendorId(a, in: db)
        let into = try vendorId(b, in: db)
        guard from != into else {
            let same = a.trimmingSpaces.lowercased() == b.trimmingSpaces.lowercased()
            throw LedgerError.invalidValue(
                field: "vendor", value: b,
                expected: "another vendor; " + (same ? "\(try vendorLabel(from, in: db)) cannot be judged against itself"
                    : "\(LedgerError.quote(a)) and \(LedgerError.quote(b)) are already one vendor, \(try vendorLabel(from, in: db))"))
        }
        return (from, into)
    }
}
