import ArgumentParser
import Foundation
import GovLedger

extension GovLedgerCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the public record.", subcommands: [ImportUSAspending.self, ImportSAM.self])
    }

    struct ImportUSAspending: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "usaspending",
            abstract: "Import USAspending contract award files (prime award summaries or transactions).",
            discussion: """
                Each file is one transaction, streamed (a file of any size is never held in memory), and a summary \
                line per file goes to stderr. A row that cannot be read (a ragged row, a bad amount or date) \
                refuses its whole file: nothing of it is imported, one line names the file, the first rejected \
                row and why, and how many others were rejected; exit status 6. With --skip-rejected the other rows \
                are imported, each rejected row is listed on stderr (its line number and why), and the exit status \
                is still 6.
                """)

        @OptionGroup var options: ImportOptions

        func run() throws {
            let ledger = try options.ledger.open()
            try options.importEach(unit: "awards") { path, progress in
                let summary = try ledger.importUSAspending(path: path, skipRejected: options.skipRejected,
                                                           progress: progress)
                return (summary.line, summary.rejected.map { ($0.row, $0.reason) })
            }
        }
    }

    struct ImportSAM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sam",
            abstract: "Import SAM.gov Contract Opportunities bulk CSV files (Windows-1252 or UTF-8).",
            discussion: """
                Every notice becomes a solicitation keyed by its NoticeId; an award notice with an awardee and an \
                amount also becomes an award. Each file is one transaction, and a summary line per file goes to \
                stderr. A row that cannot be read (a ragged row, a bad date or amount, a missing NoticeId, Title, \
                Type or CGAC) refuses its whole file: nothing of it is imported, one line names the file, the first \
                rejected row and why, and how many others were rejected; exit status 6. With --skip-rejected the \
                other rows are imported, each rejected row is listed on stderr, and the exit status is still 6.
                """)

        @OptionGroup var options: ImportOptions

        func run() throws {
            let ledger = try options.ledger.open()
            try options.importEach(unit: "notices") { path, progress in
                let summary = try ledger.importSAM(path: path, skipRejected: options.skipRejected, progress: progress)
                return (summary.line, summary.rejected.map { ($0.row, $0.reason) })
            }
        }
    }
}

/// What every import command takes: the ledger, the files, and whether to skip rejected rows.
struct ImportOptions: ParsableArguments {
    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Import the rows that read and list the rejected ones, instead of refusing the file.")
    var skipRejected = false
    @Argument(help: "The CSV files to import.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import") }
    }

    /// Imports each file in turn: progress on a terminal, then its summary line and any rejected rows on
    /// stderr; exit status 6 at the end when any row was rejected.
    func importEach(unit: String,
                    _ importFile: (String, @escaping (Int) -> Void) throws -> (line: String, rejected: [(row: Int, reason: String)]))
        throws
    {
        var rejected = 0
        let showProgress = isatty(STDERR_FILENO) == 1
        for path in files {
            let summary = try clearingProgress(showProgress) {
                try importFile(path) { rows in
                    if showProgress { FileHandle.standardError.write(Data("\r\(path): \(rows) \(unit)…".utf8)) }
                }
            }
            Output.note(summary.line)
            for row in summary.rejected { Output.note("  row \(row.row): \(row.reason)") }
            rejected += summary.rejected.count
        }
        if rejected > 0 { throw ExitCode(6) }
    }
}

/// Runs an import and then clears its progress line (on a terminal), whether it succeeded or failed, so that the
/// summary or the one-line error starts on a clean line.
func clearingProgress<T>(_ shown: Bool, _ body: () throws -> T) rethrows -> T {
    defer { if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
    return try body()
}
