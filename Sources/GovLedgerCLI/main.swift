import ArgumentParser
import Foundation
import GovLedger

// One-line errors and documented exit statuses (see README, "Exit status"): ArgumentParser's own usage
// errors are cut to their first line and exit 2; the library's errors exit with their own code.
Ledger.onWaitForWriter = {
    Output.note("waiting: another process is writing to the ledger (an import can take minutes); Ctrl-C stops this one and changes nothing")
}
if let repeated = RepeatedOptions.firstRepeated(Array(CommandLine.arguments.dropFirst())) {
    Output.fail("\(repeated.option) given twice (\(LedgerError.quote(repeated.first)), then \(LedgerError.quote(repeated.second))): it takes one value", status: 2)
}
do {
    var command = try GovLedgerCommand.parseAsRoot()
    try command.run()
} catch let error as LedgerError {
    Output.fail(error.description, status: error.exitCode)
} catch let error as ExitCode {
    // A command that already said why on stderr (import with rejected rows) only sets the status.
    exit(error.rawValue)
} catch let error as CleanExit {
    GovLedgerCommand.exit(withError: error)
} catch {
    let code = GovLedgerCommand.exitCode(for: error)
    if code == .success { GovLedgerCommand.exit(withError: error) }
    let message = GovLedgerCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    Output.fail(message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message, status: 2)
}
