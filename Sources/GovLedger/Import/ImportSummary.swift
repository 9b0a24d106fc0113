/// What one imported file did to the ledger: every importer's one summary (`import usaspending`, `import sam`).
public struct ImportSummary: Sendable, Equatable, Encodable {
    /// A row that was not imported, and why.
    public struct Rejected: Sendable, Equatable, Encodable {
        /// The line of the file the row starts on.
        public var row: Int
        /// Why, in one line naming the field and value.
        public var reason: String
    }

    /// The file's name (without its folder), as awards record it.
    public var file: String
    /// The SHA-256 of the file's bytes (lower-case hex).
    public var sha256: String
    /// Rows read after the header, rejected ones included.
    public var rowsRead = 0
    /// Solicitations (SAM.gov notices); nil for a file that holds none, so that its summary does not mention them.
    public var solicitations: Counts?
    /// Awards new to the ledger.
    public var awardsAdded = 0
    /// Awards the file changed.
    public var awardsUpdated = 0
    /// Awards already as the file has them.
    public var awardsUnchanged = 0
    /// Awards a transactions file found already imported from a summaries file, whose totals it kept (a
    /// transactions download may hold only part of an award's history; the summary holds all of it).
    public var awardsKeptFromSummaries = 0
    /// Transactions a transactions download recorded under their awards (added, or changed since an earlier import).
    public var transactionsRecorded = 0
    /// Awards edited by hand (`govledger edit`) that the file says otherwise about: the edit was kept.
    public var handEditsKept: [Int64] = []
    /// Vendors and agencies the file named that the ledger did not hold.
    public var vendorsCreated = 0
    /// See `vendorsCreated`.
    public var agenciesCreated = 0
    /// Rows not imported, in file order.
    public var rejected: [Rejected] = []
    /// What was read as people's files write it rather than as the download does (`3/22/21`, `$1,234`, `70`).
    public var normalised = Normalisations()

    /// How many records of one kind a file added, changed, and found as they were.
    public struct Counts: Sendable, Equatable, Encodable {
        /// New to the ledger.
        public var added = 0
        /// Changed by the file.
        public var updated = 0
        /// Already as the file has them.
        public var unchanged = 0
    }

    /// Solicitations added (0 for a file without notices).
    public var solicitationsAdded: Int { solicitations?.added ?? 0 }
    /// Solicitations updated.
    public var solicitationsUpdated: Int { solicitations?.updated ?? 0 }
    /// Solicitations already as the file has them.
    public var solicitationsUnchanged: Int { solicitations?.unchanged ?? 0 }

    /// One line for people.
    public var line: String {
        "\(file): \(rowsRead) rows read; "
            + (solicitations.map { "solicitations \($0.added) added, \($0.updated) updated, \($0.unchanged) unchanged; " } ?? "")
            + "awards \(awardsAdded) added, \(awardsUpdated) updated, \(awardsUnchanged) unchanged; "
            + (awardsKeptFromSummaries > 0
                ? "\(awardsKeptFromSummaries) kept as a summaries download gave them; " : "")
            + (transactionsRecorded > 0 ? "\(transactionsRecorded) transactions recorded; " : "")
            + (handEditsKept.isEmpty ? "" : "\(handEditsKept.count) kept as edited by hand, the file differs (award "
                + handEditsKept.prefix(5).map(String.init).joined(separator: ", ") + (handEditsKept.count > 5 ? ", …" : "") + "); ")
            + "\(vendorsCreated) vendors and \(agenciesCreated) agencies created; \(rejected.count) rejected" + normalised.line
    }

    /// The error that refuses a whole file because of its rejected rows: the first one, and how many others.
    static func refusal(path: String, _ rejected: [Rejected]) -> LedgerError {
        let others = rejected.count - 1
        return .inputFile(path: path, row: rejected[0].row, problem: rejected[0].reason
            + (others > 0 ? " (and \(others) more rejected row\(others == 1 ? "" : "s"))" : "")
            + "; nothing imported (--skip-rejected imports the others)")
    }
}
