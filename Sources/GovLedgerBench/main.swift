import Foundation

/// govledger-bench: the benchmark's own executable (bench/run drives it; build it with -c release).
///
///     govledger-bench generate --rows N --out FILE [--seed S] [--vendors V]
///     govledger-bench generate-sam --mb M --out FILE [--seed S]
///     govledger-bench queries --db FILE [--runs R] [--vendor NAME] [--agency REF] [--since D] [--until D] [--search TEXT] [--only report|totals|search|verify]
let usage = """
    usage: govledger-bench generate --rows N --out FILE [--seed S] [--vendors V]
           govledger-bench generate-sam --mb M --out FILE [--seed S]
           govledger-bench queries --db FILE [--runs R] [--vendor NAME] [--agency REF] [--since D] [--until D] [--search TEXT] [--only report|totals|search|verify]
    """

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("govledger-bench: \(message)\n".utf8))
    exit(status)
}

/// `--name value` pairs after the command.
func parseOptions(_ arguments: ArraySlice<String>) -> [String: String] {
    var arguments = arguments
    var options: [String: String] = [:]
    while let name = arguments.first {
        guard name.hasPrefix("--"), arguments.count >= 2 else { fail("unexpected '\(name)'\n" + usage) }
        options[String(name.dropFirst(2))] = arguments[arguments.startIndex + 1]
        arguments.removeFirst(2)
    }
    return options
}

let arguments = CommandLine.arguments.dropFirst()
guard let command = arguments.first else { fail(usage) }
let options = parseOptions(arguments.dropFirst())

func number(_ name: String, default value: Int, in options: [String: String]) -> Int {
    guard let text = options[name] else { return value }
    guard let parsed = Int(text.replacingOccurrences(of: "_", with: "").replacingOccurrences(of: ",", with: "")),
          parsed > 0
    else { fail("--\(name) wants a positive whole number, not '\(text)'") }
    return parsed
}

func check(_ allowed: Set<String>, in options: [String: String]) {
    for name in options.keys where !allowed.contains(name) { fail("unknown option --\(name)\n" + usage) }
}

do {
    switch command {
    case "generate":
        check(["rows", "out", "seed", "vendors"], in: options)
        guard let out = options["out"] else { fail("generate needs --out FILE") }
        let rows = number("rows", default: 1_000_000, in: options)
        let generator = Generator(rows: rows, seed: UInt64(number("seed", default: 20_250_120, in: options)),
                                  vendorCount: number("vendors", default: 6_000, in: options))
        let clock = ContinuousClock()
        let start = clock.now
        let result = try generator.write(to: out)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "generated %@: %d rows, %.1f MB, %d vendors, %d sub-tier agencies, %d offices (%.1f s)",
                     out, rows, Double(result.bytes) / 1_048_576, result.vendors, result.subtiers, result.offices, seconds))
    case "generate-sam":
        check(["mb", "out", "seed"], in: options)
        guard let out = options["out"] else { fail("generate-sam needs --out FILE") }
        let generator = SAMGenerator(bytes: number("mb", default: 230, in: options) << 20,
                                     seed: UInt64(number("seed", default: 20_250_120, in: options)))
        let start = ContinuousClock.now
        let result = try generator.write(to: out)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "generated %@: %d notices (%d amendments, %d award notices), %.1f MB (%.1f s)",
                     out, result.notices, result.amendments, result.awards, Double(result.bytes) / 1_048_576, seconds))
    case "queries":
        check(["db", "runs", "vendor", "agency", "since", "until", "search", "only"], in: options)
        guard let db = options["db"] else { fail("queries needs --db FILE") }
        var queries = Queries(db: db)
        queries.runs = number("runs", default: 9, in: options)
        queries.vendor = options["vendor"]
        if let agency = options["agency"] { queries.agency = agency }
        if let since = options["since"] { queries.since = since }
        if let until = options["until"] { queries.until = until }
        if let search = options["search"] { queries.search = search }
        if let only = options["only"] {
            guard let target = Queries.Target(rawValue: only) else {
                fail("--only takes " + Queries.Target.allCases.map(\.rawValue).joined(separator: ", ") + ", not '\(only)'")
            }
            queries.only = target
        }
        try queries.run()
    default:
        fail("unknown command '\(command)'\n" + usage)
    }
} catch {
    fail("\(error)", status: 1)
}
