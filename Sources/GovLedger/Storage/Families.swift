import GRDB

// Vendor families for filters: `--vendor Palantir` names no vendor exactly, but its words pick out
// `PALANTIR TECHNOLOGIES INC.` and its subsidiary `PALANTIR USG INC`, one family, and the filter takes all of
// it. Exact names, aliases, UEIs and ids are tried first and always win (see `vendorId`); words that pick out
// several unrelated companies (`--vendor General`) are refused with the candidates, as an ambiguous name is.

extension Ledger {
    /// The vendors a filter's `--vendor` takes: the vendor the reference names exactly and its subsidiaries;
    /// failing an exact match, the one family whose names begin with the reference's words (or, failing that,
    /// contain every one of them, when they are distinctive).
    static func vendorFilterIds(_ ref: String, in db: Database) throws -> [Int64] {
        do {
            return try vendorFamily(vendorId(ref, in: db), in: db)
        } catch LedgerError.unknownReference(let field, let value, let suggestions) {
            guard let family = try familyByWords(ref, field: field, in: db) else {
                throw LedgerError.unknownReference(field: field, value: value, suggestions: suggestions)
            }
            return family
        }
    }

    /// The family the words of `ref` pick out, nil when they pick out nothing.
    private static func familyByWords(_ ref: String, field: String, in db: Database) throws -> [Int64]? {
        let key = MatchKey.vendor(ref)
        let words = key.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return nil }
        // Standing vendors (a merged one answers as its survivor) with every name they go by.
        let named = try Row.fetchAll(db, sql: """
            SELECT id, match_key FROM vendors WHERE merged_into_id IS NULL AND retraction IS NULL
            UNION ALL SELECT a.vendor_id, a.match_key FROM vendor_aliases a JOIN vendors v ON v.id = a.vendor_id
              WHERE v.merged_into_id IS NULL AND v.retraction IS NULL
            """).map { (id: try $0.decode(atIndex: 0) as Int64, key: try $0.decode(atIndex: 1) as String) }
        var found = named.filter { $0.key.hasPrefix(key + " ") }
        if found.isEmpty, words.allSatisfy(VendorNames.isDistinctive) {
            found = named.filter { Set($0.key.split(separator: " ").map(String.init)).isSuperset(of: words) }
        }
        guard !found.isEmpty else { return nil }
        // One family: linked by parents (the same root), or named alike but for generic words and subsidiary
        // markers (`palantir technologies`, `palantir usg`).
        var roots: [Int64] = []
        for entry in found {
            let root = try vendorRoot(entry.id, in: db)
            if !roots.contains(root) { roots.append(root) }
        }
        var stems: [String: [Int64]] = [:]
        var order: [String] = []
        for root in roots.sorted() {
            let name = try String.fetchOne(db, sql: "SELECT match_key FROM vendors WHERE id = ?", arguments: [root]) ?? ""
            let stem = VendorNames.stem(name)
            if stems[stem] == nil { order.append(stem) }
            stems[stem, default: []].append(root)
        }
        if order.count > 1 {
            let shown = 10
            var labels = try order.prefix(shown).map { stem -> String in
                let head = stems[stem]?.first ?? 0
                return try String.fetchOne(db, sql: "SELECT name || ' (vendor ' || id || ')' FROM vendors WHERE id = ?",
                                           arguments: [head]) ?? "vendor \(head)"
            }
            if order.count > shown { labels.append("and \(order.count - shown) more") }
            throw LedgerError.ambiguousReference(field: field, value: ref, candidates: labels)
        }
        var family: [Int64] = []
        for root in roots { family += try vendorFamily(root, in: db) }
        return Array(Set(family)).sorted()
    }

    /// The vendor at the top of `id`'s parents (the schema forbids cycles; the bound guards a tampered ledger).
    static func vendorRoot(_ id: Int64, in db: Database) throws -> Int64 {
        var current = id
        for _ in 0..<64 {
            guard let parent = try Int64.fetchOne(db, sql: "SELECT parent_id FROM vendors WHERE id = ?", arguments: [current])
            else { return current }
            current = parent
        }
        return current
    }
}
