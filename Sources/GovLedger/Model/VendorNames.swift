/// What the words of a vendor's name say about which company it is: the words every company uses, the words
/// a subsidiary adds to its parent's name, and a name's stem without either. Family resolution (`--vendor
/// Palantir`) and `match vendors` both read names this way, so that they agree on what "the same name" means.
enum VendorNames {
    /// Words a subsidiary adds to its parent's name: `PALANTIR USG INC`, `ACME FEDERAL LLC`,
    /// `ACME GOVERNMENT SOLUTIONS`.
    static let subsidiaryMarkers: Set<String> = ["usg", "federal", "government", "gov", "public", "sector"]

    /// Words so common in company names that sharing them says nothing ("Technologies", "Services").
    static let genericWords: Set<String> = [
        "technologies", "technology", "tech", "systems", "system", "services", "service", "solutions", "solution",
        "group", "holdings", "holding", "international", "intl", "global", "consulting", "consultants", "associates",
        "enterprises", "enterprise", "partners", "industries", "and", "of", "for", "a", "an", "us", "usa", "america",
        "american", "national", "management", "corporate", "software", "data", "labs", "inc", "llc", "corp",
        "co", "ltd", "company", "corporation", "incorporated", "limited", "lp", "llp", "plc", "com", "the",
    ]

    /// Corporate suffixes spelt with stops, which leave single letters: `L.L.C.`, `P.C.`, `N.A.`.
    static let spelledSuffixes: Set<String> = ["llc", "llp", "lp", "pc", "plc", "na", "pa", "ltd", "inc", "co"]

    /// Whether a word picks a company out: not generic, not a subsidiary marker, not a lone letter or a number.
    static func isDistinctive(_ word: String) -> Bool {
        word.count > 1 && !genericWords.contains(word) && !subsidiaryMarkers.contains(word)
            && !word.allSatisfy(\.isNumber)
    }

    /// A match key without its trailing generic words and subsidiary markers: `palantir technologies` and
    /// `palantir usg` both stem to `palantir`; `general dynamics` stays itself. Never empty for a non-empty key.
    static func stem(_ key: String) -> String {
        var words = key.split(separator: " ").map(String.init)
        while words.count > 1, let last = words.last {
            if genericWords.contains(last) || subsidiaryMarkers.contains(last) {
                words.removeLast()
                continue
            }
            let letters = words.reversed().prefix { $0.count == 1 }
            let spelled = letters.reversed().joined()
            if letters.count > 1, letters.count < words.count, spelledSuffixes.contains(spelled) {
                words.removeLast(letters.count)
                continue
            }
            break
        }
        return words.joined(separator: " ")
    }

    /// The numbers a name carries (`ACME 1 LLC`): two names that differ only by them are different companies.
    static func numbers(_ key: String) -> [String] {
        key.split(separator: " ").map(String.init).filter { $0.allSatisfy(\.isNumber) }
    }
}
