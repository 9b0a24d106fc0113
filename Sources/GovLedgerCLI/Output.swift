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
