import Foundation
import GRDB

// `match vendors`: pairs of vendors that may be one company, scored, with the evidence, best first, for a person
// to judge (`judge A B same|different|unsure`). As in nomenklatura (followthemoney's record linkage),
// identifiers dominate names: a shared UEI or DUNS number is a match whatever the names say, and two different
// UEIs count against names that agree. Candidates are found by blocking (vendors sharing an identifier, a
// normalised name, a name stem, a parent, or a rare distinctive word), never by comparing all pairs.

/// One proposed pair: `judge vendorId otherId same` would merge the first into the second.
public struct VendorMatch: Sendable, Hashable {
    /// 0 to 100: 100 for a shared identifier, names alone at most 90.
    public var score: Int
    public var vendorId: Int64
    public var vendorName: String
    public var otherId: Int64
    public var otherName: String
    /// Why they were proposed, strongest first (`same UEI FSY4LVSBGWB7`, `equal names`, `numbers differ: 1, 2`).
    public var evidence: [String]
    /// An earlier `unsure` (or `same`, for a pair unmerged since); pairs judged different are never proposed.
    public var judgement: Verdict?
}

extension Ledger {
    /// Proposed pairs scoring at least `minScore` (0 to 100), best first, at most `limit`.
    public func matchVendors(limit: Int = 50, minScore: Int = 50) throws -> [VendorMatch] {
        guard (1...100_000).contains(limit) else {
            throw LedgerError.invalidValue(field: "--limit", value: "\(limit)", expected: "a number from 1 to 100000")
        }
        guard (0...100).contains(minScore) else {
            throw LedgerError.invalidValue(field: "--min-score", value: "\(minScore)", expected: "a score from 0 to 100")
        }
        return try read { db in try VendorMatcher(db).matches(limit: limit, minScore: minScore) }
    }

    /// Matches as rows for the renderer.
    public static func table(_ matches: [VendorMatch]) -> Table {
        Table(columns: ["score", "vendor", "vendor_name", "other", "other_name", "evidence", "judgement"], rows: matches.map {
            [.int(Int64($0.score)), .int($0.vendorId), .text($0.vendorName), .int($0.otherId), .text($0.otherName),
             .list($0.evidence), $0.judgement.map { .text($0.rawValue) } ?? .null]
        })
    }
}

/// The standing vendors of one ledger, read once, with the blocks that propose candidate pairs.
struct VendorMatcher {
    struct Candidate {
        let id: Int64
        let name: String
        let key: String
        var keys: Set<String>
        var words: Set<String>
        var identifiers: Set<String>
        let uei: String?
        let parent: Int64?
    }

    /// Blocks larger than this say little (a word two hundred vendors share is not what makes two of them one).
    static let largestBlock = 40
    /// A stem word carried by at most this many vendors names one company (`peraton`); more, and it is a word.
    static let rareStem = 5

    var vendors: [Int64: Candidate] = [:]
    var judged: [Pair: Verdict] = [:]
    /// How many vendors' names carry each word.
    var frequency: [String: Int] = [:]

    struct Pair: Hashable, Comparable {
        let a: Int64, b: Int64
        init(_ x: Int64, _ y: Int64) { (a, b) = x < y ? (x, y) : (y, x) }
        static func < (l: Pair, r: Pair) -> Bool { (l.a, l.b) < (r.a, r.b) }
    }

    init(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT id, name, match_key, uei, parent_id FROM vendors WHERE merged_into_id IS NULL AND retraction IS NULL
            """) {
            let key: String = try row.decode(atIndex: 2)
            let uei: String? = try row.decode(atIndex: 3)
            let id: Int64 = try row.decode(atIndex: 0)
            vendors[id] = Candidate(id: id, name: try row.decode(atIndex: 1), key: key, keys: [key],
                                    words: Set(key.split(separator: " ").map(String.init)),
                                    identifiers: uei.map { ["UEI \($0)"] } ?? [], uei: uei, parent: try row.decode(atIndex: 4))
        }
        for row in try Row.fetchAll(db, sql: "SELECT vendor_id, match_key FROM vendor_aliases ORDER BY id") {
            let key: String = try row.decode(atIndex: 1)
            guard let id = (try row.decode(atIndex: 0)) as Int64?, vendors[id] != nil, !key.isEmpty else { continue }
            vendors[id]?.keys.insert(key)
            vendors[id]?.words.formUnion(key.split(separator: " ").map(String.init))
        }
        for row in try Row.fetchAll(db, sql: "SELECT vendor_id, scheme, value FROM vendor_identifiers ORDER BY id") {
            guard let id = (try row.decode(atIndex: 0)) as Int64?, vendors[id] != nil else { continue }
            let scheme: String = try row.decode(atIndex: 1)
            vendors[id]?.identifiers.insert("\(scheme.uppercased()) \(try row.decode(atIndex: 2) as String)")
        }
        for row in try Row.fetchAll(db, sql: "SELECT vendor_id, other_vendor_id, verdict FROM judgements") {
            guard let verdict = Verdict(rawValue: try row.decode(atIndex: 2)) else { continue }
            judged[Pair(try row.decode(atIndex: 0), try row.decode(atIndex: 1))] = verdict
        }
        for vendor in vendors.values {
            for word in vendor.words { frequency[word, default: 0] += 1 }
        }
    }

    /// Pairs sharing at least one block.
    func candidatePairs() -> Set<Pair> {
        var blocks: [String: [Int64]] = [:]
        for vendor in vendors.values {
            for identifier in vendor.identifiers { blocks["id:" + identifier, default: []].append(vendor.id) }
            for key in vendor.keys {
                blocks["key:" + key, default: []].append(vendor.id)
                blocks["stem:" + VendorNames.stem(key), default: []].append(vendor.id)
            }
            if let parent = vendor.parent { blocks["parent:\(parent)", default: []].append(vendor.id) }
            for word in vendor.words where VendorNames.isDistinctive(word) { blocks["word:" + word, default: []].append(vendor.id) }
        }
        var pairs = Set<Pair>()
        for (name, members) in blocks {
            let ids = Array(Set(members)).sorted()
            // Identifier and name blocks are kept whole however large; words and parents only when telling.
            let whole = name.hasPrefix("id:") || name.hasPrefix("key:")
            guard ids.count > 1, whole || ids.count <= VendorMatcher.largestBlock else { continue }
            for i in 0..<ids.count {
                for j in (i + 1)..<ids.count { pairs.insert(Pair(ids[i], ids[j])) }
            }
        }
        return pairs
    }

    func matches(limit: Int, minScore: Int) -> [VendorMatch] {
        var found: [VendorMatch] = []
        for pair in candidatePairs() {
            guard judged[pair] != .different,
                let a = vendors[pair.a], let b = vendors[pair.b], !related(a, b),
                let match = score(a, b), match.score >= minScore
            else { continue }
            found.append(match)
        }
        return found.sorted { ($0.score, $1.vendorId, $1.otherId) > ($1.score, $0.vendorId, $0.otherId) }
            .prefix(limit).map { $0 }
    }

    /// One is the other's parent (or further up): already one family, nothing to judge.
    func related(_ a: Candidate, _ b: Candidate) -> Bool {
        func above(_ x: Candidate, _ target: Int64) -> Bool {
            var current = x.parent
            for _ in 0..<64 {
                guard let id = current else { return false }
                if id == target { return true }
                current = vendors[id]?.parent
            }
            return false
        }
        return above(a, b.id) || above(b, a.id)
    }

    /// The pair's score and evidence (see the file comment), nil when nothing ties them.
    func score(_ a: Candidate, _ b: Candidate) -> VendorMatch? {
        var evidence: [String] = []
        var score: Double
        let shared = a.identifiers.intersection(b.identifiers).sorted()
        if !shared.isEmpty {
            evidence += shared.map { "same \($0)" }
            score = 1
        } else {
            score = 0.9 * nameSimilarity(a, b, evidence: &evidence)
            if let pa = a.parent, pa == b.parent {
                score += 0.1
                evidence.append("same parent (\(vendors[pa]?.name ?? "vendor \(pa)"))")
            }
            if let ua = a.uei, let ub = b.uei, ua != ub {
                score *= 0.6
                evidence.append("different UEIs")
            }
        }
        let (na, nb) = (VendorNames.numbers(a.key), VendorNames.numbers(b.key))
        if na != nb {
            score *= 0.3
            evidence.append("numbers differ: " + [na, nb].map { $0.isEmpty ? "none" : $0.joined(separator: " ") }.joined(separator: ", "))
        }
        let points = Int((min(1, max(0, score)) * 100).rounded())
        guard points > 0 else { return nil }
        return VendorMatch(score: points, vendorId: a.id, vendorName: a.name, otherId: b.id, otherName: b.name,
                           evidence: evidence, judgement: judged[Pair(a.id, b.id)])
    }

    /// 1 for equal normalised names, a little less for names equal but for generic words or a subsidiary marker,
    /// else the share of their distinctive words they have in common, each weighted by how rare it is.
    func nameSimilarity(_ a: Candidate, _ b: Candidate, evidence: inout [String]) -> Double {
        if a.key == b.key {
            evidence.append("equal names")
            let suffixes = Set(MatchKey.words(a.name)).symmetricDifference(MatchKey.words(b.name))
                .filter(MatchKey.corporateSuffixes.contains).sorted()
            if !suffixes.isEmpty { evidence.append("corporate suffix removed: " + suffixes.map { $0.uppercased() }.joined(separator: ", ")) }
            return 1
        }
        // A name the other goes by as an alias (an import's raw or doing-business-as name): a little less.
        if let shared = a.keys.intersection(b.keys).sorted().first {
            evidence.append("name and alias equal: \(shared)")
            return 0.9
        }
        let (sa, sb) = (VendorNames.stem(a.key), VendorNames.stem(b.key))
        // A stem says "one company" only when it is rare: `peraton`, not `professional`.
        let stemWords = sa.split(separator: " ").map(String.init).filter(VendorNames.isDistinctive)
        if sa == sb, !stemWords.isEmpty, stemWords.allSatisfy({ (frequency[$0] ?? 0) <= VendorMatcher.rareStem }) {
            let extra = Set(a.key.split(separator: " ").map(String.init)).symmetricDifference(b.key.split(separator: " ").map(String.init))
            let markers = extra.filter(VendorNames.subsidiaryMarkers.contains).sorted()
            let extraWords = extra.filter { $0.count > 1 }.sorted()
            evidence.append(markers.isEmpty ? "same name but generic words: " + extraWords.joined(separator: ", ")
                            : "subsidiary pattern: " + markers.map { $0.uppercased() }.joined(separator: ", "))
            return markers.isEmpty ? 0.85 : 0.8
        }
        let wa = Set(a.key.split(separator: " ").map(String.init)), wb = Set(b.key.split(separator: " ").map(String.init))
        let stopWords: Set<String> = ["of", "the", "and"]
        if wa.subtracting(stopWords) == wb.subtracting(stopWords) {
            evidence.append("same words in another order")
            return 0.95
        }
        // Weighted by rarity: a distinctive word by how few names carry it, a generic one ("county",
        // "services") a quarter as much; a name that shares only generic words shares nothing.
        let common = wa.intersection(wb)
        guard common.contains(where: VendorNames.isDistinctive) else { return 0 }
        let total = Double(max(vendors.count, 2))
        func weight(_ word: String) -> Double {
            let rarity = log(total / Double(max(frequency[word] ?? 1, 1))) + 0.1
            return VendorNames.isDistinctive(word) ? rarity : rarity / 4
        }
        let shared = common.reduce(0) { $0 + weight($1) }
        let all = wa.union(wb).reduce(0) { $0 + weight($1) }
        evidence.append("shared words: " + common.filter(VendorNames.isDistinctive).sorted().joined(separator: ", "))
        return all > 0 ? 0.8 * shared / all : 0
    }
}
