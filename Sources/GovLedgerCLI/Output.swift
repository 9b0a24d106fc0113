import Foundation
import GovLedger

/// Where text goes: data to stdout, messages to stderr.
enum Output {
    /// Writes data to stdout exactly as given.
    ///
    /// FileHandle's `write` traps when the write fails (`> /dev/full`, a closed pipe with SIGPIPE ignored), so
    /// bytes go through write(2): a reader that stopped early (`| head -1`) ends the command quietly, any other
    /// failure is one line and exit 6. What a command recorded before printing stays recorded.
    static func write(_ text: String) {
        writeAll(STDOUT_FILENO, Array(text.utf8), onError: { code in
            if code == EPIPE { exit(0) }
            fail("cannot write the output: \(String(cString: strerror(code)))", status: 6)
        })
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], onError: (Int32) -> Void) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return onError(errno)
            }
            offset += written
        }
    }

    /// Writes one line of data to stdout.
    static func line(_ text: String) {
        write(text + "\n")
    }

    /// Writes a message to stderr.
    static func note(_ text: String) {
        // Nowhere left to say it if stderr itself fails: the exit status still tells.
        writeAll(STDERR_FILENO, Array((text + "\n").utf8), onError: { _ in })
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
