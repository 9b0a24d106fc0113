import ArgumentParser
import Foundation

/// Every value of a repeatable option is kept (`--source 1 --source 2` cites both); a single-valued option given
/// twice is refused rather than silently keeping the last (`--vendor A --vendor B`). ArgumentParser keeps the
/// last, so the command line is checked against the command's own description first.
enum RepeatedOptions {
    /// The first single-valued long option `arguments` gives twice, with its two values; nil when there is none.
    static func firstRepeated(_ arguments: [String]) -> (option: String, first: String, second: String)? {
        let words = Array(arguments.prefix { $0 != "--" })
        var seen: [String: String] = [:]
        var repeated: [(String, String, String)] = []
        for (index, word) in words.enumerated() where word.hasPrefix("--") && word.count > 2 {
            let parts = word.dropFirst(2).split(separator: "=", maxSplits: 1)
            let name = String(parts.first ?? "")
            let value = parts.count > 1 ? String(parts[1]) : index + 1 < words.count ? words[index + 1] : ""
            if let earlier = seen[name] { repeated.append((name, earlier, value)) } else { seen[name] = value }
        }
        // Nothing repeated, the usual case: the command descriptions are never built.
        guard !repeated.isEmpty, let single = singleValued(arguments) else { return nil }
        return repeated.first { single.contains($0.0) }.map { (option: "--" + $0.0, first: $0.1, second: $0.2) }
    }

    /// The single-valued long options of the subcommand `arguments` names, from ArgumentParser's own dump.
    private static func singleValued(_ arguments: [String]) -> Set<String>? {
        guard let data = GovLedgerCommand._dumpHelp().data(using: .utf8),
            let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            var command = root["command"] as? [String: Any]
        else { return nil }
        for word in arguments where !word.hasPrefix("-") {
            guard let next = (command["subcommands"] as? [[String: Any]])?.first(where: { ($0["commandName"] as? String) == word })
            else { break }
            command = next
        }
        var names = Set<String>()
        for argument in command["arguments"] as? [[String: Any]] ?? [] where (argument["kind"] as? String) == "option" {
            guard (argument["isRepeating"] as? Bool) != true else { continue }
            for name in argument["names"] as? [[String: Any]] ?? [] where (name["kind"] as? String) == "long" {
                if let text = name["name"] as? String { names.insert(text) }
            }
        }
        return names
    }
}
