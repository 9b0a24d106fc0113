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

/// Writes command output to stdout, or to `path` through `AtomicFile` (whole or not at all, owner-only; a device,
/// a FIFO or `/dev/stdout` written through; never the ledger itself, nor an existing file unless `force`).
/// `confidential` output (`--include-confidential`) never goes to a terminal.
func write(_ text: String, to path: String?, ledger: String, force: Bool = false, field: String = "--output",
           confidential: Bool = false) throws {
    guard let path else { return Output.write(text) }
    try AtomicFile.write(Data(text.utf8), to: path, AtomicFile.Options(
        field: field, replaceExisting: force, allowTerminal: !confidential, protected: [ledger],
        expectedNew: "a new file (or --force to replace it)"))
}
