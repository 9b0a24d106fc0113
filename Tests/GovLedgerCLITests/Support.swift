import Foundation
import Testing

// End-to-end support: every test runs the BUILT `govledger` binary as a subprocess, in a fresh temporary
// working directory, with an explicit `--db` and a pinned environment, and compares whole outputs.
//
// Golden files live in Tests/GovLedgerCLITests/Golden/. To regenerate them after an intended change of output:
//
//     GOVLEDGER_UPDATE_GOLDEN=1 swift test --filter GovLedgerCLITests
//
// then review `git diff Tests/GovLedgerCLITests/Golden` before committing. With the variable set, golden
// comparisons write the actual output and pass; every other expectation still runs.

/// Paths inside the package, found from this file's own path (no bundle resources needed).
enum Package {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let goldenDirectory = testsDirectory.appendingPathComponent("Golden")
    static let fixture = root.appendingPathComponent("fixtures/salesforce-ice.json")
}

/// The `govledger` executable under test.
///
/// `swift test` builds every product, the executable included, into the same directory as the test bundle, so
/// the first place to look is next to the running test executable (`CommandLine.arguments[0]`, on Linux
/// `.build/<triple>/debug/GovLedgerPackageTests.xctest`). On macOS the runner is `xctest` or
/// `swiftpm-testing-helper`, so the loaded `.xctest` bundles are tried next. `$GOVLEDGER_BIN` overrides all
/// of this; `<package root>/.build/debug/govledger` is the last resort.
enum Binary {
    static let url: URL? = locate()

    static func locate() -> URL? {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["GOVLEDGER_BIN"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        }
        if let argument0 = CommandLine.arguments.first {
            let runner = URL(fileURLWithPath: argument0).standardizedFileURL
            candidates.append(runner.deletingLastPathComponent().appendingPathComponent("govledger"))
            candidates.append(runner.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("govledger"))
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(URL(fileURLWithPath: bundle.bundlePath).deletingLastPathComponent()
                .appendingPathComponent("govledger"))
        }
        candidates.append(Package.root.appendingPathComponent(".build/debug/govledger"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}

/// What one run of the binary did.
struct Run: Sendable, CustomStringConvertible {
    let status: Int32
    let stdoutData: Data
    let stderr: String

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }

    var description: String { "exit \(status)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr)" }

    /// The stdout parsed as JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: stdoutData, options: [.fragmentsAllowed])
    }
}

/// Clock and actor pinned, so journals, journal heads and report provenance are the same on every run.
let pinnedNow = "2026-03-01T12:00:00Z"
let pinnedActor = "cli-tests"

/// A fresh temporary working directory; removed when the test lets go of it.
final class Sandbox: @unchecked Sendable {
    let directory: URL
    /// The ledger every test uses, relative to the working directory so that messages are stable.
    let db = "ledger.sqlite"

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("govledger-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Runs `govledger ARGS` in the sandbox with `--db ledger.sqlite` appended (unless `db` is nil).
    @discardableResult
    func run(_ arguments: [String], db: String? = "ledger.sqlite", environment extra: [String: String] = [:],
             sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
        let binary = try #require(Binary.url, "govledger binary not found; run `swift build` first or set GOVLEDGER_BIN",
                                  sourceLocation: sourceLocation)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + (db.map { ["--db", $0] } ?? [])
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        for key in ["GOVLEDGER_DB", "GOVLEDGER_ACTOR", "GOVLEDGER_NOW", "GOVLEDGER_UPDATE_GOLDEN", "GOVLEDGER_BIN"] {
            environment.removeValue(forKey: key)
        }
        environment["GOVLEDGER_NOW"] = pinnedNow
        environment["GOVLEDGER_ACTOR"] = pinnedActor
        environment.merge(extra) { $1 }
        process.environment = environment
        // Files, not pipes: no deadlock however much a command prints.
        let id = UUID().uuidString
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("govledger-out-\(id)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("govledger-err-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Run(status: process.terminationStatus, stdoutData: try Data(contentsOf: outURL),
                   stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Runs a command that must succeed silently on stderr, and returns its stdout.
    @discardableResult
    func succeed(_ arguments: [String], db: String? = "ledger.sqlite",
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, db: db, sourceLocation: sourceLocation)
        #expect(result.status == 0, "\(arguments): \(result)", sourceLocation: sourceLocation)
        #expect(result.stderr == "", "\(arguments): \(result)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// A fresh copy of the Salesforce–ICE ledger that `demo --db` builds from the bundled fixtures.
    ///
    /// `demo --db` runs once per test process (see `DemoTemplate`); each test gets its own copy of the file, which
    /// is byte for byte what its own `demo --db` would have written, since the clock and actor are pinned.
    func demoLedger(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let template = try DemoTemplate.ledger.get()
        try FileManager.default.copyItem(at: template, to: url(db))
    }

    /// An empty ledger (`init`).
    func emptyLedger(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run(["init"], sourceLocation: sourceLocation)
        try #require(result.status == 0, "init failed: \(result)", sourceLocation: sourceLocation)
    }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: url(name))
    }

    func bytes(_ name: String) throws -> Data {
        try Data(contentsOf: url(name))
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: url(name).path)
    }
}

/// The fixture ledger, built once per test run by the binary itself and removed when the test process exits.
enum DemoTemplate {
    static let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("govledger-cli-tests-template-\(ProcessInfo.processInfo.processIdentifier)")

    static let ledger: Result<URL, any Error> = Result {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["demo"])
        guard result.status == 0, result.stderr == "" else {
            throw TemplateError(message: "demo --db failed: \(result)")
        }
        // A clean exit checkpoints the WAL into the main file; nothing else is needed.
        guard !sandbox.exists(sandbox.db + "-wal") else { throw TemplateError(message: "demo left a WAL file behind") }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let template = directory.appendingPathComponent("demo.sqlite")
        try? FileManager.default.removeItem(at: template)
        try FileManager.default.copyItem(at: sandbox.url(sandbox.db), to: template)
        atexit { try? FileManager.default.removeItem(at: DemoTemplate.directory) }
        return template
    }

    struct TemplateError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// True when golden files are to be rewritten rather than compared.
let updatingGoldens = ProcessInfo.processInfo.environment["GOVLEDGER_UPDATE_GOLDEN"] == "1"

/// Compares `actual` with the golden file `name` byte for byte (or rewrites it, see the top of this file).
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Package.goldenDirectory.appendingPathComponent(name)
    if updatingGoldens {
        try FileManager.default.createDirectory(at: Package.goldenDirectory, withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url, options: .atomic)
        return
    }
    let data = try #require(FileManager.default.contents(atPath: url.path),
                            "missing golden file \(name); run with GOVLEDGER_UPDATE_GOLDEN=1 to create it",
                            sourceLocation: sourceLocation)
    let expected = String(decoding: data, as: UTF8.self)
    guard expected != actual else { return }
    let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
    let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
    let saved = FileManager.default.temporaryDirectory.appendingPathComponent("actual-" + name)
    try? Data(actual.utf8).write(to: saved)
    Issue.record("""
        output differs from golden \(name) at line \(line + 1) (actual output saved to \(saved.path))
        expected: \(line < a.count ? a[line] : "<end of file>")
        actual:   \(line < b.count ? b[line] : "<end of output>")
        """, sourceLocation: sourceLocation)
}

/// The confidential source in the fixtures: neither its title nor its notes may appear in any output.
let confidentialTitle = "Person who provided Salesforce's internal ICE documents to The New York Times"
let confidentialNotes = [
    "Identity withheld by The New York Times",
    "an individual who cannot be named",
    "Never publish",
]

func expectNoConfidentialLeak(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!text.contains(confidentialTitle), sourceLocation: sourceLocation)
    #expect(!text.contains("Person who provided"), sourceLocation: sourceLocation)
    for fragment in confidentialNotes {
        #expect(!text.contains(fragment), "leaked: \(fragment)", sourceLocation: sourceLocation)
    }
}

@Suite("Test harness")
struct HarnessTests {
    @Test("the binary under test is the one `swift test` built, next to the test executable")
    func binaryIsNextToTheTests() throws {
        let binary = try #require(Binary.url)
        #if os(Linux)
        if ProcessInfo.processInfo.environment["GOVLEDGER_BIN"] == nil {
            let runner = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
            #expect(binary.deletingLastPathComponent().path == runner.path, "runner: \(CommandLine.arguments[0])")
        }
        #endif
        let sandbox = try Sandbox()
        #expect(try sandbox.run(["--version"], db: nil).stdout == "0.1.0\n")
    }
}
