import GRDB

// What an import does with the corrections a reporter made (docs/correcting.md): the one function both
// importers call for each award they are about to write, so the rules live in one place.

extension Ledger {
    /// Brings an award read from a file in line with the ledger's corrections, and says whether to keep the
    /// award already there instead (true: a hand edit the file disagrees with, which the import reports).
    ///
    /// A merged vendor or agency the file names is its survivor; a retraction stays (a newer file does not bring
    /// a retracted award back); an award edited by hand keeps the edit and its mark, and a file that says
    /// otherwise is a conflict, never a silent overwrite.
    static func reconcileWithCorrections(_ award: inout Award, existing: Award?, in db: Database) throws -> Bool {
        award.vendorId = try survivor(.vendor, award.vendorId, in: db)
        award.agencyId = try survivor(.agency, award.agencyId, in: db)
        award.fundingAgencyId = try award.fundingAgencyId.map { try survivor(.agency, $0, in: db) }
        guard let existing else { return false }
        award.retraction = existing.retraction
        award.editedByHand = existing.editedByHand
        guard existing.editedByHand == true else { return false }
        var comparable = award
        (comparable.sourceFile, comparable.sourceSha256, comparable.sourceRow) =
            (existing.sourceFile, existing.sourceSha256, existing.sourceRow)
        (comparable.pursuitId, comparable.solicitationId) = (existing.pursuitId, existing.solicitationId)
        return comparable != existing
    }
}
