import ArgumentParser
import Foundation
import GovLedger

/// `--db`: which ledger file to use.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: "The ledger file (default: $GOVLEDGER_DB, else ./govledger.sqlite).")
    var db: String?

    @Option(name: .customLong("as"), help: "Who the journal records as making changes (default: $GOVLEDGER_ACTOR, else the OS user).")
    var actor: String?

    /// The path the options name.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["GOVLEDGER_DB"] ?? "govledger.sqlite"
    }

    /// Opens the existing ledger.
    func open() throws -> Ledger {
        try Ledger.open(at: path, actor: resolvedActor, clock: try fixedClock())
    }

    /// Creates a new ledger.
    func create() throws -> Ledger {
        try Ledger.create(at: path, actor: resolvedActor, clock: try fixedClock())
    }

    var resolvedActor: String? {
        actor ?? ProcessInfo.processInfo.environment["GOVLEDGER_ACTOR"]
    }
}

/// `$GOVLEDGER_NOW` (ISO 8601, e.g. 2026-01-01T00:00:00Z) pins the clock for reproducible journals and reports.
func fixedClock() throws -> (@Sendable () -> Date)? {
    guard let text = ProcessInfo.processInfo.environment["GOVLEDGER_NOW"] else { return nil }
    // ISO8601DateFormatter rolls 2026-02-30 over to March 2: the day must exist as written.
    guard text.count >= 10, (try? LedgerDate(parsing: String(text.prefix(10)), field: "GOVLEDGER_NOW"))?.precision == .day,
        let date = ISO8601DateFormatter().date(from: text),
        (1000...9999).contains(CalendarDay(dayNumber: Int((date.timeIntervalSince1970 / 86_400).rounded(.down))).year)
    else {
        throw LedgerError.invalidValue(field: "GOVLEDGER_NOW", value: text, expected: "an ISO 8601 time such as 2026-01-01T00:00:00Z")
    }
    return { date }
}

/// `--format`: how read commands print rows.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "table, json, csv or nl (default: table on a terminal, else json).")
    var format: String?

    /// The chosen format.
    func resolved() throws -> OutputFormat {
        guard let format else { return Output.stdoutIsTerminal ? .table : .json }
        guard let value = OutputFormat(rawValue: format.lowercased()) else {
            throw LedgerError.invalidValue(field: "--format", value: format, expected: "table, json, csv or nl")
        }
        return value
    }
}

/// `--format` of a command that also writes Markdown for an editor (`diff`, `watch`): nil for `md`, else the
/// rows' format (table on a terminal, else json, when none is given).
func tabularOrMarkdown(_ format: String?) throws -> OutputFormat? {
    guard let format else { return Output.stdoutIsTerminal ? .table : .json }
    if format.lowercased() == "md" { return nil }
    guard let value = OutputFormat(rawValue: format.lowercased()) else {
        throw LedgerError.invalidValue(field: "--format", value: format, expected: "table, json, csv, nl or md")
    }
    return value
}

/// `-o FILE` and `--force`: where a report or export goes instead of stdout.
struct OutputFileOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Write to this new file instead of stdout (owner-only, whole or not at all).",
        discussion: "A device, a FIFO or /dev/stdout is written through; a symbolic link is followed; a directory is refused."))
    var output: String?
    @Flag(help: "With -o, replace an existing regular file (never the ledger itself, never a directory).") var force = false

    /// Writes `text` to the file, or to stdout without -o; `confidential` text never to a terminal.
    func write(_ text: String, ledger: String, confidential: Bool = false) throws {
        try GovLedgerCLI.write(text, to: output, ledger: ledger, force: force, confidential: confidential)
    }

    /// Refuses the -o path before the work of building the output (what `write` would refuse at the end), and
    /// `--include-confidential` (`confidential`) bound for a terminal.
    func check(ledger: String, confidential: Bool = false) throws {
        if confidential, output == nil, Output.stdoutIsTerminal {
            throw LedgerError.invalidValue(field: "--include-confidential", value: "a terminal",
                                           expected: "-o FILE or a pipe, so confidential sources never reach a screen")
        }
        guard let output else { return }
        try AtomicFile.check(output, AtomicFile.Options(
            field: "--output", replaceExisting: force, allowTerminal: !confidential, protected: [ledger],
            expectedNew: "a new file (or --force to replace it)"))
    }
}

/// `--source` (repeatable): sources to cite for what a command records.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: "A source to cite (id or title); repeat for several.")
    var source: [String] = []
}

/// Parses an optional date option, naming the option in the error.
func date(_ raw: String?, _ option: String) throws -> LedgerDate? {
    try raw.map { raw throws(LedgerError) in try LedgerDate(parsing: raw, field: option) }
}

/// Today in UTC (per `$GOVLEDGER_NOW` when set), for commands whose date defaults to now.
func today() throws -> CalendarDay {
    let now = try fixedClock()?() ?? Date()
    return CalendarDay(dayNumber: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
}

/// Parses an optional amount into cents, naming the option in the error.
func cents(_ raw: String?, _ option: String, allowNegative: Bool = true) throws -> Int64? {
    try raw.map { raw throws(LedgerError) in try Money.parseCents(raw, field: option, allowNegative: allowNegative) }
}
