/// What a reporter types into `search`, turned into an FTS5 query that cannot inject FTS5 syntax.
///
/// The language (docs/reports.md, "Search"): words must all match; `"a phrase"` matches those words in order;
/// `a OR b` matches either; `-word` or `NOT word` leaves out what matches it; `word*` matches any word starting
/// so. A bare word of four letters or more also matches longer words it starts (`detain` finds detainee and
/// detainees), and one ending in `-ain` also its `-ention` noun (`detain` finds detention, `retain` retention),
/// because the stemmer (Porter's) gives those different stems. Matching ignores case and accents.
struct SearchQuery: Equatable {
    /// One FTS5 term, already quoted.
    typealias Term = String
    /// Clauses that must all match; each is one term or several joined by OR.
    var required: [[Term]] = []
    /// Terms none of which may match.
    var excluded: [Term] = []

    /// Most terms one query may hold: FTS5's cost grows with the square of the terms (10,000 took 22 s).
    static let maxTerms = 64

    init(_ text: String) throws(LedgerError) {
        var pendingOr = false
        var negate = false
        var terms = 0
        for token in SearchQuery.tokens(text) {
            switch token {
            case .or:
                pendingOr = !required.isEmpty
                continue
            case .not:
                negate = true
                continue
            case .phrase(let words, let excludedByDash), .word(let words, let excludedByDash):
                let isPhrase: Bool
                if case .phrase = token { isPhrase = true } else { isPhrase = false }
                let forms = isPhrase ? ["\"" + words.joined(separator: " ") + "\""] : SearchQuery.forms(words[0])
                terms += forms.count
                if negate || excludedByDash {
                    excluded.append(contentsOf: forms)
                } else if pendingOr, !required.isEmpty {
                    required[required.count - 1].append(contentsOf: forms)
                } else {
                    required.append(forms)
                }
            case .prefix(let word, let excludedByDash):
                terms += 1
                let term = "\"" + word + "\"*"
                if negate || excludedByDash { excluded.append(term) }
                else if pendingOr, !required.isEmpty { required[required.count - 1].append(term) }
                else { required.append([term]) }
            }
            pendingOr = false
            negate = false
        }
        guard terms <= SearchQuery.maxTerms else {
            throw .invalidValue(field: "text", value: text, expected: "at most \(SearchQuery.maxTerms) words to search for")
        }
        guard !required.isEmpty else {
            throw .invalidValue(field: "text", value: text, expected: excluded.isEmpty
                ? "at least one word to search for"
                : "at least one word to find besides the words to leave out")
        }
    }

    /// The FTS5 MATCH expression.
    var match: String {
        let all = required.map { $0.count == 1 ? $0[0] : "(" + $0.joined(separator: " OR ") + ")" }.joined(separator: " AND ")
        guard !excluded.isEmpty else { return all }
        return "(" + all + ") NOT (" + excluded.joined(separator: " OR ") + ")"
    }

    /// The FTS5 terms a bare word stands for.
    static func forms(_ word: String) -> [Term] {
        var forms = ["\"" + word + "\""]
        guard word.count >= 4, word.allSatisfy(\.isLetter) else { return forms }
        forms.append("\"" + word + "\"*")
        if word.hasSuffix("ain"), word.count >= 6 { forms.append("\"" + word.dropLast(3) + "ention\"") }
        return forms
    }

    enum Token: Equatable {
        case word([String], excludedByDash: Bool)
        case phrase([String], excludedByDash: Bool)
        case prefix(String, excludedByDash: Bool)
        case or, not
    }

    /// Splits the text into phrases, words, prefixes and the operators `OR` and `NOT` (in capitals, as FTS5 and
    /// search engines write them; `or` in lower case is a word). Words are folded as `MatchKey.words` folds them,
    /// so no FTS5 syntax survives: every term is letters and digits only, inside quotes.
    static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first.isWhitespace { rest.removeFirst(); continue }
            var dash = false
            if first == "-", rest.count > 1, let next = rest.dropFirst().first, !next.isWhitespace {
                dash = true
                rest.removeFirst()
            }
            if rest.first == "\"" {
                rest.removeFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                let words = MatchKey.words(String(rest[..<end]))
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
                if words.count == 1 { tokens.append(.word(words, excludedByDash: dash)) }
                else if !words.isEmpty { tokens.append(.phrase(words, excludedByDash: dash)) }
                continue
            }
            let end = rest.firstIndex(where: { $0.isWhitespace || $0 == "\"" }) ?? rest.endIndex
            let raw = String(rest[..<end])
            rest = rest[end...]
            if !dash, raw == "OR" { tokens.append(.or); continue }
            if !dash, raw == "NOT" { tokens.append(.not); continue }
            let words = MatchKey.words(raw)
            if raw.hasSuffix("*"), words.count == 1, words[0].count >= 2 {
                tokens.append(.prefix(words[0], excludedByDash: dash))
            } else if words.count == 1 {
                tokens.append(.word(words, excludedByDash: dash))
            } else if words.count > 1 {
                // "tip-line", "U.S.": the parts in order, as the index tokenised them.
                tokens.append(.phrase(words, excludedByDash: dash))
            }
        }
        return tokens
    }
}
