import Foundation
import GovLedger

/// Where text goes: data to stdout, messages to stderr.
enum Output {
    /// Writes data to stdout exactly as given.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes one line of data to stdout.
    static func line(_ text: String) {
        write(text + "\n")
    }

    /// Writes a message to stderr.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Reports an error on one line and exits with `status`.
    static func fail(_ message: String, status: Int32) -> Never {
        note("govledger: error: " + message)
        exit(status)
    }

    /// True when stdout is a terminal, where people read tables.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

/// Writes command output to stdout, or to a file that is neither the ledger itself nor, unless `force`,
/// an existing file.
func write(_ text: String, to path: String?, ledger: String, force: Bool = false) throws {
    guard let path else { return Output.write(text) }
    let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    let ledgerPath = URL(fileURLWithPath: ledger).standardizedFileURL.resolvingSymlinksInPath().path
    guard target != ledgerPath, !["-wal", "-shm", "-journal"].contains(where: { target == ledgerPath + $0 }) else {
        throw LedgerError.invalidValue(field: "--output", value: path, expected: "a path other than the ledger itself")
    }
    guard force || !FileManager.default.fileExists(atPath: path) else {
        throw LedgerError.invalidValue(field: "--output", value: path, expected: "a new file (or --force to replace it)")
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        throw LedgerError.inputFile(path: path, row: nil, problem: "cannot write the file")
    }
}
