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
                Each file is one transaction. A summary line per file goes to stderr, then one line per rejected \
                row (its line number and why); the exit status is 6 when any row was rejected.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The CSV files to import.") var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file to import") }
        }

        func run() throws {
            let ledger = try ledger.open()
            var rejected = 0
            for path in files {
                let showProgress = isatty(STDERR_FILENO) == 1
                let summary = try ledger.importUSAspending(path: path, data: try readFile(path)) { rows in
                    if showProgress { FileHandle.standardError.write(Data("\r\(path): \(rows) awards…".utf8)) }
                }
                if showProgress { FileHandle.standardError.write(Data("\r".utf8)) }
                Output.note(summary.line)
                for row in summary.rejected { Output.note("  row \(row.row): \(row.reason)") }
                rejected += summary.rejected.count
            }
            if rejected > 0 { throw ExitCode(6) }
        }
    }

    struct ImportSAM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sam",
            abstract: "Import SAM.gov Contract Opportunities bulk CSV files (Windows-1252 or UTF-8).",
            discussion: """
                Every notice becomes a solicitation keyed by its NoticeId; an award notice with an awardee and an \
                amount also becomes an award. Each file is one transaction. A summary line per file goes to stderr, \
                then one line per rejected row (its line number and why); the exit status is 6 when any row was \
                rejected.
                """)

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The CSV files to import.") var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file to import") }
        }

        func run() throws {
            let ledger = try ledger.open()
            var rejected = 0
            for path in files {
                let showProgress = isatty(STDERR_FILENO) == 1
                let summary = try ledger.importSAM(path: path, data: try readFile(path)) { rows in
                    if showProgress { FileHandle.standardError.write(Data("\r\(path): \(rows) notices…".utf8)) }
                }
                if showProgress { FileHandle.standardError.write(Data("\r".utf8)) }
                Output.note(summary.line)
                for row in summary.rejected { Output.note("  row \(row.row): \(row.reason)") }
                rejected += summary.rejected.count
            }
            if rejected > 0 { throw ExitCode(6) }
        }
    }
}
