import ArgumentParser
import GovLedger

/// The filters shared by `list` and `report`.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only this vendor and its subsidiaries (report: repeat it to compare vendors side by side).") var vendor: [String] = []
    @Option(help: "Only this agency and those beneath it.") var agency: String?
    @Option(help: "Only facts dated wholly within this administration (clinton … trump-2), or either term of a president of two (trump).") var administration: String?
    @Option(help: "Facts whose date reaches this date or later.") var since: String?
    @Option(help: "Facts whose date begins on or before this date.") var until: String?

    /// The library's filter, with dates and the administration parsed.
    func filter(stage: String? = nil, kind: String? = nil, severalVendors: Bool = false) throws -> Filter {
        if vendor.count > 1, !severalVendors {
            throw LedgerError.invalidValue(field: "--vendor", value: vendor.joined(separator: ", "),
                                           expected: "one vendor (only report compares several)")
        }
        return Filter(vendor: vendor.count == 1 ? vendor[0] : nil, agency: agency,
               administration: try administration.map { try Filter.administration($0) },
               stage: try stage.map { try GovLedger.Stage.parse($0, field: "--stage") }, kind: kind,
               since: try date(since, "--since"), until: try date(until, "--until"))
    }
}
