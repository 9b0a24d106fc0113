import Foundation
import Testing

/// The report's new sections (issue 12) on the two real ICE files: summary, chart, largest awards with the rest
/// counted, per-year timeline marks, permalinks, imported files, and the vendor comparison, in every format.
@Suite("Report sections")
struct ReportGoldenTests {
    @Test("report --agency ICE --awards 5 matches its golden files", arguments: ["md", "json", "html"])
    func ice(_ format: String) throws {
        let sandbox = try TotalsTests.imported()
        let report = try sandbox.succeed(["report", "--agency", "ICE", "--awards", "5", "--format", format])
        try expectGolden(report, "report-ice-awards-5.\(format)")
        #expect(report.contains("1,034 more awards") || format == "json")
    }

    @Test("report --vendor A --vendor B --agency ICE puts them side by side", arguments: ["md", "html"])
    func comparison(_ format: String) throws {
        let sandbox = try TotalsTests.imported()
        let report = try sandbox.succeed(["report", "--vendor", "HUDSON RIVER PARK TRUST", "--vendor", "COUNTY OF IMPERIAL",
                                          "--agency", "ICE", "--awards", "3", "--format", format])
        try expectGolden(report, "report-ice-two-vendors.\(format)")
    }

    @Test("--awards takes a number or all; list refuses a second --vendor")
    func badAwards() throws {
        let sandbox = try TotalsTests.imported()
        for value in ["0", "x", "1.5"] {
            let run = try sandbox.run(["report", "--awards", value])
            #expect(run.status == 3 && run.stdout == "", "\(value): \(run)")
            #expect(run.stderr.contains("--awards"), "\(run.stderr)")
        }
        let list = try sandbox.run(["list", "awards", "--vendor", "A", "--vendor", "B"])
        #expect(list.status == 3 && list.stderr.contains("--vendor"), "\(list)")
        #expect(try sandbox.succeed(["report", "--awards", "all", "--format", "md"]).contains("## Awards"))
    }
}
