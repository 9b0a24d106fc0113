import Foundation
import GRDB
import PropertyBased
import Testing
@testable import GovLedger

/// `search` against an independent BM25 (b = 0, thousandths, ties by kind then number) and a naive count, on
/// seeded random ledgers of made-up words (three letters: one FTS5 term each, unchanged by the stemmer): awards,
/// two-field events, quotes of confidential sources, retracted records; AND, OR, `-word`, `-"phrase"`, `prefix*`.
/// (Written by a reviewer who had not seen the code.)
@Suite("Search against a BM25 model") struct SearchModelTests {
    static let vocabulary = ["kab", "zor", "mip", "tuv", "wex", "qod", "yib", "fap"]

    struct Doc { var kind: SearchKind; var id: Int64; var tokens: [String]; var standing: Bool }

    static func build(seed: UInt64) throws -> (Ledger, [Doc]) {
        var rng = Xoshiro(modelSeed: seed)
        let ledger = try Ledger.inMemory()
        _ = try ledger.addVendor(name: "GEO Group")
        var docs: [Doc] = []
        func text(_ rng: inout Xoshiro) -> [String] {
            (0..<Int.random(in: 1...8, using: &rng)).map { _ in
                // Skewed: the first words are common.
                vocabulary[min(Int.random(in: 0..<vocabulary.count, using: &rng), Int.random(in: 0..<vocabulary.count, using: &rng))]
            }
        }
        for index in 0..<Int.random(in: 5...60, using: &rng) {
            let words = text(&rng)
            let id = try ledger.addAward(vendor: "GEO Group", agency: "ICE", piid: "S\(index)", description: words.joined(separator: " "),
                                         obligatedCents: 100, date: try date("2019-01-15"))
            let retracted = Int.random(in: 0..<6, using: &rng) == 0
            if retracted { _ = try ledger.retract(.award, String(id), reason: "wrong") }
            docs.append(Doc(kind: .award, id: id, tokens: words, standing: !retracted))
        }
        for _ in 0..<Int.random(in: 0...30, using: &rng) {
            let title = text(&rng), summary = Bool.random(using: &rng) ? text(&rng) : []
            let id = try ledger.addEvent(kind: .statement, title: title.joined(separator: " "), date: try date("2020-02-02"),
                                         summary: summary.isEmpty ? nil : summary.joined(separator: " "))
            let retracted = Int.random(in: 0..<6, using: &rng) == 0
            if retracted { _ = try ledger.retract(.event, String(id), reason: "wrong") }
            docs.append(Doc(kind: .event, id: id, tokens: title + ["."] + summary, standing: !retracted))
        }
        let open = try ledger.addSource(kind: .document, title: "open")
        let secret = try ledger.addSource(kind: .interview, title: "secret", confidential: true)
        for index in 0..<Int.random(in: 0...10, using: &rng) {
            let quote = text(&rng)
            let confidential = Bool.random(using: &rng)
            let id = try ledger.cite(.vendor, "GEO Group", source: String(confidential ? secret : open), quote: quote.joined(separator: " "), page: Int64(index + 1))
            docs.append(Doc(kind: .citation, id: id, tokens: quote, standing: !confidential))
        }
        return (ledger, docs)
    }

    indirect enum Node { case term(String), phrase([String]), prefix(String), and([Node]), or([Node]), not(Node, Node) }

    /// Random query text and the model's node.
    static func query(_ rng: inout Xoshiro) -> (String, Node) {
        var parts: [String] = [], required: [[Node]] = [], excluded: [Node] = []
        for position in 0..<Int.random(in: 1...4, using: &rng) {
            let word = vocabulary.randomElement(using: &rng)!
            let roll = Int.random(in: 0..<10, using: &rng)
            let (text, node): (String, Node)
            if roll < 2 {
                let second = vocabulary.randomElement(using: &rng)!
                (text, node) = ("\"\(word) \(second)\"", .phrase([word, second]))
            } else if roll < 3 {
                (text, node) = (String(word.prefix(2)) + "*", .prefix(String(word.prefix(2))))
            } else {
                (text, node) = (word, .term(word))
            }
            if position > 0, Int.random(in: 0..<4, using: &rng) == 0 {
                parts.append("-" + text); excluded.append(node)
            } else if position > 0, !required.isEmpty, Int.random(in: 0..<3, using: &rng) == 0 {
                parts.append("OR " + text); required[required.count - 1].append(node)
            } else {
                parts.append(text); required.append([node])
            }
        }
        let all = Node.and(required.map { $0.count == 1 ? $0[0] : .or($0) })
        return (parts.joined(separator: " "), excluded.isEmpty ? all : .not(all, .or(excluded)))
    }

    /// The phrases of a node, in FTS5's order (left to right).
    static func phrases(_ node: Node) -> [Node] {
        switch node {
        case .term, .phrase, .prefix: [node]
        case .and(let nodes), .or(let nodes): nodes.flatMap(phrases)
        case .not(let a, let b): phrases(a) + phrases(b)
        }
    }

    /// Occurrences of a phrase in a document's tokens ("." separates columns).
    static func frequency(_ phrase: Node, _ tokens: [String]) -> Int {
        switch phrase {
        case .term(let word): return tokens.filter { $0 == word }.count
        case .prefix(let start): return tokens.filter { $0 != "." && $0.hasPrefix(start) }.count
        case .phrase(let words):
            guard tokens.count >= words.count else { return 0 }
            return (0...(tokens.count - words.count)).filter { Array(tokens[$0..<($0 + words.count)]) == words }.count
        default: return 0
        }
    }

    static func matches(_ node: Node, _ tokens: [String]) -> Bool {
        switch node {
        case .term, .phrase, .prefix: frequency(node, tokens) > 0
        case .and(let nodes): nodes.allSatisfy { matches($0, tokens) }
        case .or(let nodes): nodes.contains { matches($0, tokens) }
        case .not(let a, let b): matches(a, tokens) && !matches(b, tokens)
        }
    }

    /// Whether a query can meet SQLite 3.40.1's FTS5 bug (SQLiteFTS5Findings below): a multi-word phrase in an
    /// OR, and a NOT. Such a query's hits and total must still be right; only their order may not be.
    static func meetsFTS5Bug(_ node: Node) -> Bool {
        func phraseInOr(_ node: Node) -> Bool {
            switch node {
            case .term, .phrase, .prefix: false
            case .or(let nodes): nodes.contains { if case .phrase = $0 { true } else { phraseInOr($0) } }
            case .and(let nodes): nodes.contains(where: phraseInOr)
            case .not(let a, let b): phraseInOr(a) || phraseInOr(b)
            }
        }
        guard case .not = node else { return false }
        return phraseInOr(node)
    }

    @Test(arguments: Array(UInt64(1)...UInt64(40)))
    func searchMatchesModel(seed: UInt64) throws {
        let (ledger, docs) = try Self.build(seed: seed)
        var rng = Xoshiro(modelSeed: seed &* 7919)
        for _ in 0..<15 {
            let (text, node) = Self.query(&rng)
            // The model: each kind's rows, idf over all of a kind's rows (retracted ones too, as FTS5 counts).
            var expected: [(score: Int64, kind: String, ref: Int64)] = []
            let phrases = Self.phrases(node)
            for kind in [SearchKind.award, .event, .citation] {
                let rows = docs.filter { $0.kind == kind }
                let idf = phrases.map { phrase -> Double in
                    let n = Double(rows.filter { Self.frequency(phrase, $0.tokens) > 0 }.count)
                    let value = log((0.5 + Double(rows.count) - n) / (0.5 + n))
                    return value > 0 ? value : 1e-6
                }
                for doc in rows where doc.standing && Self.matches(node, doc.tokens) {
                    var score = 0.0
                    for (index, phrase) in phrases.enumerated() {
                        let f = Double(Self.frequency(phrase, doc.tokens))
                        score += idf[index] * (f * 2.2) / (f + 1.2)
                    }
                    expected.append((-Int64((score * 1000).rounded()), kind.rawValue, doc.id))
                }
            }
            expected.sort { ($0.score, $0.kind, $0.ref) < ($1.score, $1.kind, $1.ref) }
            for limit in [1, 3, 10_000] {
                let result = try ledger.find(text, kinds: [.award, .event, .citation], limit: limit)
                let got = result.table.rows.map { "\($0[0].exact) \($0[1].exact)" }
                let want = expected.prefix(limit).map { "\($0.kind) \($0.ref)" }
                #expect(result.total == expected.count, "seed \(seed) query \(text) limit \(limit): total")
                if Self.meetsFTS5Bug(node) {
                    #expect(Set(got) == Set(expected.map { "\($0.kind) \($0.ref)" }) || limit < expected.count,
                            "seed \(seed) query \(text) limit \(limit): hits")
                    withKnownIssue("SQLite 3.40.1 FTS5: an OR branch's instances lost under a NOT", isIntermittent: true) {
                        #expect(got == want, "seed \(seed) query \(text) limit \(limit)")
                    }
                } else {
                    #expect(got == want, "seed \(seed) query \(text) limit \(limit)")
                }
            }
        }
    }
}

@Suite("SQLite FTS5 findings") struct SQLiteFTS5Findings {
    /// SQLite 3.40.1's FTS5 drops an OR branch's instances (xInst, so govledger_rank, bm25 and snippet alike) on a
    /// row after one where the OR's phrase was a near miss ("fap … tuv"), when the query has a NOT: award 2 is
    /// found and counted through "yib", but neither ranked nor bracketed by it. Reproduced in the sqlite3 shell
    /// with bm25() and highlight(); a known issue here until the system SQLite mends it.
    @Test func orBranchInstancesLostUnderNot() throws {
        let ledger = try Ledger.inMemory()
        _ = try ledger.addVendor(name: "GEO Group")
        _ = try ledger.addAward(vendor: "GEO Group", agency: "ICE", piid: "A1", description: "wex fap mip tuv")
        _ = try ledger.addAward(vendor: "GEO Group", agency: "ICE", piid: "A2", description: "yib wex")
        let withNot = try ledger.find(#""fap tuv" OR yib wex -zzz"#, kinds: [.award])
        let without = try ledger.find(#""fap tuv" OR yib wex"#, kinds: [.award])
        #expect(without.table.rows.first?[8] == .text("[yib] [wex]"))
        // Found and counted all the same.
        #expect(withNot.total == 1 && withNot.table.rows.first?[2] == .text("A2"))
        withKnownIssue("SQLite 3.40.1 FTS5: instances of an OR branch lost under a NOT", isIntermittent: true) {
            #expect(withNot.table.rows.first?[8] == .text("[yib] [wex]"))
        }
    }
}
