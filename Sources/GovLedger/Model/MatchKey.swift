import Foundation

/// Normalised names for matching references: case, accents and punctuation do not matter.
public enum MatchKey {
    /// Trailing words that distinguish no company: "Salesforce.com, Inc." matches "Salesforce".
    static let corporateSuffixes: Set<String> = [
        "inc", "incorporated", "llc", "corp", "corporation", "co", "company", "ltd", "limited", "lp", "llp",
        "plc", "com", "the",
    ]

    /// Lower-case words of letters and digits, separated by single spaces.
    public static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var out = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            let keep = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            out.append(keep ? scalar : " ")
        }
        return String(out).split(separator: " ").map(String.init)
    }

    /// The key of an organisation's name, without corporate suffixes.
    public static func vendor(_ name: String) -> String {
        var parts = words(name)
        while parts.count > 1, let last = parts.last, corporateSuffixes.contains(last) { parts.removeLast() }
        if parts.count > 1, parts.first == "the" { parts.removeFirst() }
        return parts.joined(separator: " ")
    }

    /// The key of an agency's name.
    public static func agency(_ name: String) -> String {
        var parts = words(name)
        if parts.count > 1, parts.first == "the" { parts.removeFirst() }
        return parts.joined(separator: " ")
    }
}

