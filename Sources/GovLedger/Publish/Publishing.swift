import Foundation

extension Ledger {
    /// Refuses (`LedgerError.notIntact`, exit 1) to publish a ledger that does not verify.
    ///
    /// A published copy from which the ledger can be rebuilt with a fresh journal (`export sqlite` re-chains the
    /// journal, `load` of `export json` journals every record anew) would launder a forged entry or a row edited
    /// behind the journal's back into an intact-looking ledger; so such exports run `verify` first and write
    /// nothing when it fails. (`export sqlite` checks the very snapshot it copies; see `exportRedactedCopy`.)
    public func requireIntactForPublishing() throws {
        let verification = try verify()
        guard verification.intact else {
            throw LedgerError.notIntact(path: path ?? ":memory:", summary: verification.summary)
        }
    }
}
