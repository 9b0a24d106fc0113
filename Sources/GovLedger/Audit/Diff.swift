import Foundation
import GRDB

/// What changed in the ledger since a journal entry: every record added, changed (field by field), retracted,
/// restored, merged, unmerged or deleted between that entry and the head, by kind. See docs/diff-and-watch.md.
///
/// A record is judged by its state at the baseline entry and its state now, not by each step between: a field
/// edited twice shows its first and last value, a record edited and edited back does not show at all.
public struct LedgerDiff: Sendable, Equatable {
    /// How a record differs between the baseline and now.
    public enum Change: String, Sendable, CaseIterable {
        case added, changed, retracted, restored, merged, unmerged, deleted
    }

    /// One field's value at the baseline and now, as people read it (text as is, numbers in decimal, lists and
    /// objects as canonical JSON); nil where the record had no such value.
    public struct FieldChange: Sendable, Equatable {
        /// The member of the record's journal image (`stage`, `obligated_cents`, `retraction`…).
        public var field: String
        /// The value at the baseline.
        public var before: String?
        /// The value now.
        public var after: String?
    }

    /// One record that differs.
    public struct Record: Sendable, Equatable {
        /// The journaled kind: `award`, `vendor`, `stage-change`, `citation`…
        public var kind: String
        /// The record's id.
        public var id: Int64
        /// Its name, title, PIID or award key, as it reads now (as it read before, for a deleted record).
        public var label: String?
        /// How it differs.
        public var change: Change
        /// The fields that differ (none for a record added or deleted).
        public var fields: [FieldChange]
        /// The journal entries after the baseline that wrote it; for an imported record, its import's entry.
        public var entries: [Int64]
        /// Its earlier values were written by a bulk import, which journals a digest of each record rather than
        /// its image: the record is known to have changed, its old values are not.
        public var earlierValuesUnknown: Bool
    }

    /// How many records of one kind differ one way.
    public struct Count: Sendable, Equatable {
        /// The journaled kind.
        public var kind: String
        /// How they differ.
        public var change: Change
        /// How many.
        public var count: Int
    }

    /// A bulk import after the baseline, with the counts its own journal entry gives.
    public struct Import: Sendable, Equatable {
        /// Its journal entry.
        public var seq: Int64
        /// The file, as named on the command line.
        public var file: String
        /// The file's SHA-256, which pins what was imported.
        public var sha256: String
        /// `award` or `solicitation`: which records the counts are of.
        public var kind: String
        /// How many records the file added, as its entry recorded.
        public var added: Int
        /// How many records the file updated, as its entry recorded.
        public var updated: Int
    }

    /// The baseline entry (0 for the empty ledger before the first entry).
    public var sinceSeq: Int64
    /// The baseline entry's hash (64 zeros for entry 0).
    public var sinceHash: String
    /// The head compared with it.
    public var headSeq: Int64
    /// The head's hash.
    public var headHash: String
    /// Every record that differs, counted by kind and change, in kind order: the counts are never limited.
    public var counts: [Count]
    /// The records that differ, by kind then id, at most the limit asked for.
    public var records: [Record]
    /// How many records the limit left out of `records`.
    public var omitted: Int
    /// The bulk imports after the baseline, oldest first.
    public var imports: [Import]
    /// `diff --tag`: the words every record listed is tagged with; empty when the diff is not limited by tag.
    public var tags: [String] = []

    /// `3 awards added, 1 vendor merged` (or `no records changed`).
    public var summary: String {
        guard !counts.isEmpty else { return "no records changed" }
        return counts.map { "\(LedgerDiff.grouped($0.count)) \(LedgerDiff.noun($0.kind, $0.count)) \($0.change.rawValue)" }
            .joined(separator: ", ")
    }

    /// `award`/`awards`, `stage change`/`stage changes`, `agency`/`agencies`.
    static func noun(_ kind: String, _ count: Int) -> String {
        let singular = kind.replacingOccurrences(of: "-", with: " ")
        guard count != 1 else { return singular }
        return singular.hasSuffix("y") ? String(singular.dropLast()) + "ies" : singular + "s"
    }

    /// `200,000`: counts an editor reads.
    static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (count < 0 ? "-" : "") + out
    }
}

extension Ledger {
    /// The entry a diff `--since DATE` starts from: the last one journaled before the date (UTC), 0 if none.
    public func diffBaseline(before date: String) throws -> Int64 {
        let first = try LedgerDate(parsing: date, field: "--since").first
        return try read { db in
            try Int64.fetchOne(db, sql: "SELECT max(seq) FROM journal WHERE at < ?", arguments: [first]) ?? 0
        }
    }

    /// Checks a published head the way `verify --at` checks the chain: entry `published.seq` holds that hash and
    /// every entry's hash, from the first to the head, matches its content and the entry before it. Returns the
    /// first problem as `verify` words it, nil when the chain matches. The rows themselves are `verify`'s to
    /// check: reading every award of a large import would make a diff take as long as a full verify.
    public func chainProblem(at published: (seq: Int64, hash: String)) throws -> String? {
        try read { db in
            var previous = JournalEntry.genesis
            var expected: Int64 = 1
            var matched = false
            let entries = try JournalEntry.fetchCursor(db, sql: "SELECT * FROM journal ORDER BY seq")
            while let entry = try entries.next() {
                guard entry.seq == expected else {
                    return "journal \(entry.seq): " + (entry.seq > expected ? "entries \(expected)…\(entry.seq - 1) are missing (deleted)"
                        : "out of sequence after \(expected - 1)")
                }
                guard try entry.expectedHash(after: previous) == entry.hash else {
                    return "journal \(entry.seq): hash does not match its content and the entry before it (edited, or inserted)"
                }
                if entry.seq == published.seq { matched = entry.hash == published.hash }
                previous = entry.hash
                expected += 1
            }
            return matched ? nil : "journal \(published.seq): the published head \(published.hash) is not part of this journal"
        }
    }

    /// Every record that differs between journal entry `seq` and the head (see `LedgerDiff`), at most `limit`
    /// of them listed (all counted). Confidential sources, and the quotes of their citations, are masked as
    /// every other output masks them unless `includeConfidential`. With `tags`, only the records tagged now with
    /// every one of them (`diff --tag`: what changed in the story's records), and no imports section.
    public func diff(since seq: Int64, limit: Int? = nil, includeConfidential: Bool = false, tags: [String] = []) throws
        -> LedgerDiff
    {
        if let limit, limit < 0 {
            throw LedgerError.invalidValue(field: "--limit", value: String(limit), expected: "0 or more records")
        }
        let words = try tags.map { try Ledger.tagWord($0, field: "--tag") }
        return try read { db in
            var builder = try DiffBuilder(db, since: seq, limit: limit, includeConfidential: includeConfidential)
            builder.tags = words
            var diff = try builder.build()
            diff.tags = words
            return diff
        }
    }
}
