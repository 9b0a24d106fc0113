import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Killed writes leave a whole file or none, and nothing confidential where the user publishes from.
///
/// `export sqlite` and `backup` run on a ledger holding a confidential source full of markers (as in
/// `SourceProtectionTests`), grown with replicated awards so that one export takes about a second, and are killed
/// with SIGKILL at seeded moments: five anywhere in the run, and others just after a file first appears in the
/// destination directory (the finished bytes being copied there) until three of those have landed before the
/// command exited, or 16 runs are spent. Throughout each run the destination directory is
/// polled and every file in it read: none may ever hold a marker. After each kill the destination is absent or whole
/// (it opens and verifies; a backup has the ledger's head), and the command run again succeeds (when the
/// destination is absent) and removes what the killed run left, there and in its private directory under `TMPDIR`.
///
/// The seed is printed; `GOVLEDGER_CRASH_SEED` replays a run.
@Suite("Killed writes leave a whole file or none", .serialized)
struct FileCrashTests {
    /// Kills anywhere in the run (half of them), and kills that must land while the file is being copied into place.
    static let kills = 10
    static let copyKills = 3
    /// Runs at most, per command.
    static let maxRuns = 16

    /// The marker ledger, grown to about `targetSeconds` of `export sqlite`.
    static func lab() throws -> (sandbox: Sandbox, seconds: Double, seed: UInt64) {
        let (sandbox, _) = try SourceProtectionTests.ledger()
        let original = try CSVFile(contentsOf: CrashTests.data)
        let keyColumn = try #require(original.header.firstIndex(of: "contract_award_unique_key"))
        try original.replicated(1500, keyColumn: keyColumn).write(to: sandbox.url("big.csv"))
        let imported = try sandbox.run(["import", "usaspending", "big.csv"])
        try #require(imported.status == 0, "\(imported)")
        try FileManager.default.createDirectory(at: sandbox.url("publish"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: sandbox.url("tmp"), withIntermediateDirectories: false)
        let start = Date()
        let run = try sandbox.run(["export", "sqlite", "publish/measure.sqlite"], environment: ["TMPDIR": sandbox.url("tmp").path])
        let seconds = Date().timeIntervalSince(start)
        try #require(run.status == 0, "\(run)")
        try FileManager.default.removeItem(at: sandbox.url("publish/measure.sqlite"))
        let seed = ProcessInfo.processInfo.environment["GOVLEDGER_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64(UInt32.max))
        return (sandbox, seconds, seed)
    }

    /// Files in the publishing directory that hold a marker, reading every one of them.
    static func markedFiles(_ directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            guard let bytes = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else { return false }
            return SourceProtectionTests.markers.contains { bytes.range(of: Data($0.utf8)) != nil }
        }
    }

    struct Outcome {
        var killed: Bool
        var status: Int32
        /// Whether a file had appeared in the destination directory before the kill.
        var sawFile: Bool
        /// Files seen holding a marker, at any poll.
        var marked: Set<String>
        var polls: Int
    }

    /// Runs `govledger ARGS` with `TMPDIR` in the sandbox, polling `publish/` until it exits or the kill time; with
    /// `afterFile`, the kill time is counted from the first file to appear in `publish/`.
    static func runAndKill(_ sandbox: Sandbox, _ arguments: [String], after delay: Double, afterFile: Bool,
                           timeout: Double) throws -> Outcome {
        let binary = try #require(Binary.url)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--db", sandbox.db]
        process.currentDirectoryURL = sandbox.directory
        var environment = ProcessInfo.processInfo.environment
        for key in ["GOVLEDGER_DB", "GOVLEDGER_ACTOR", "GOVLEDGER_NOW", "GOVLEDGER_UPDATE_GOLDEN", "GOVLEDGER_BIN"] {
            environment.removeValue(forKey: key)
        }
        environment["GOVLEDGER_NOW"] = pinnedNow
        environment["GOVLEDGER_ACTOR"] = pinnedActor
        environment["TMPDIR"] = sandbox.url("tmp").path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let publish = sandbox.url("publish")
        var outcome = Outcome(killed: false, status: 0, sawFile: false, marked: [], polls: 0)
        func poll() {
            outcome.polls += 1
            outcome.marked.formUnion(markedFiles(publish))
        }
        try process.run()
        let started = Date()
        var deadline = afterFile ? nil : started.addingTimeInterval(delay)
        while process.isRunning {
            // The names first (cheap), so that a kill due when a file appears is not held up by reading files.
            if !((try? FileManager.default.contentsOfDirectory(atPath: publish.path)) ?? []).isEmpty {
                outcome.sawFile = true
                if deadline == nil { deadline = Date().addingTimeInterval(delay) }
            }
            if let deadline, Date() >= deadline { break }
            if Date().timeIntervalSince(started) > timeout { break }
            // Once the kill is due within a fraction of a millisecond, reading files would make it late; what is
            // in the directory then is read right after the kill (a killed writer's files stay as they were).
            if afterFile && outcome.sawFile { continue }
            poll()
        }
        // Killed first, read right after: a killed writer's files stay as they were at the kill.
        if process.isRunning { _ = kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        poll()
        outcome.killed = process.terminationReason == .uncaughtSignal
        outcome.status = process.terminationStatus
        return outcome
    }

    @Test("export sqlite killed with SIGKILL (5 anywhere, then as the copy appears): OUT absent or whole and intact; no marker in the publishing directory at any poll")
    func killedSQLiteExports() throws {
        let (sandbox, seconds, seed) = try Self.lab()
        var random = SplitMix64(seed: seed)
        let out = "publish/public.sqlite"
        var log: [String] = []
        var killed = 0, whole = 0, copying = 0
        var anywhere = 0, index = 0
        // Kills anywhere in the run, and kills as soon as a file appears in the destination directory (the finished
        // bytes being copied there), until each kind has landed often enough or the tries are spent: the copy is
        // quick, and whether a kill lands inside it depends on the machine's timing.
        while index < Self.maxRuns && (anywhere < Self.kills / 2 || copying < Self.copyKills) {
            let afterFile = anywhere >= Self.kills / 2 || (index % 2 == 1 && copying < Self.copyKills)
            if !afterFile { anywhere += 1 }
            index += 1
            let delay = afterFile ? 0 : random.uniform(0, 1.1) * seconds
            let context = "kill \(index) \(afterFile ? "after a file appeared +" : "at") \(String(format: "%.3f", delay)) s; seed \(seed)"
            let outcome = try Self.runAndKill(sandbox, ["export", "sqlite", out], after: delay, afterFile: afterFile,
                                              timeout: 5 * seconds + 5)
            #expect(outcome.marked.isEmpty, "files holding a confidential marker in the publishing directory: \(outcome.marked); \(context)")
            if !outcome.killed { #expect(outcome.status == 0, "failed on its own: \(context)") }
            if outcome.killed { killed += 1 }
            if outcome.killed && outcome.sawFile { copying += 1 }
            if sandbox.exists(out) {
                whole += 1
                let verify = try sandbox.run(["verify", "--db", out], db: nil)
                #expect(verify.status == 0 && verify.stdout.hasPrefix("intact: "), "\(out) after the kill: \(verify); \(context)")
                #expect(Self.markedFiles(sandbox.url("publish")).isEmpty)
                try FileManager.default.removeItem(at: sandbox.url(out))
            }
            log.append("\(outcome.killed ? "killed" : "exited")\(outcome.sawFile ? "/file" : "")/\(outcome.polls)polls")
            // Nothing blocks a retry, and the retry cleans up after the killed run.
            let again = try sandbox.run(["export", "sqlite", out], environment: ["TMPDIR": sandbox.url("tmp").path])
            #expect(again.status == 0, "re-running: \(again); \(context)")
            let verify = try sandbox.run(["verify", "--db", out], db: nil)
            #expect(verify.status == 0, "\(verify); \(context)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.url("publish").path) == ["public.sqlite"], "\(context)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.url("tmp").path) == [], "\(context)")
            #expect(Self.markedFiles(sandbox.url("publish")).isEmpty)
            try FileManager.default.removeItem(at: sandbox.url(out))
        }
        print("file crash test (export sqlite): \(index) runs of \(String(format: "%.2f", seconds)) s, \(killed) killed "
            + "(\(copying) after a file appeared in the publishing directory), \(whole) left a whole OUT; seed \(seed)\n  "
            + log.joined(separator: " "))
        #expect(killed >= 3, "too few kills landed inside the command; seed \(seed)")
        #expect(copying >= 1, "no kill landed while the copy was being written into the publishing directory; seed \(seed)")
    }

    @Test("backup killed with SIGKILL (5 anywhere, then as the copy appears): the copy absent or whole with the ledger's head, and a retry is never blocked")
    func killedBackups() throws {
        let (sandbox, _, seed) = try Self.lab()
        var random = SplitMix64(seed: seed)
        let head = try sandbox.succeed(["head"])
        // One uninterrupted backup, for its duration.
        let start = Date()
        let measured = try sandbox.run(["backup", "publish/measure.sqlite"])
        try #require(measured.status == 0, "\(measured)")
        let seconds = Date().timeIntervalSince(start)
        try FileManager.default.removeItem(at: sandbox.url("publish/measure.sqlite"))
        let out = "publish/backup.sqlite"
        var log: [String] = []
        var killed = 0, whole = 0, copying = 0
        var anywhere = 0, index = 0
        // Kills anywhere in the run, and kills as soon as a file appears in the destination directory (the finished
        // bytes being copied there), until each kind has landed often enough or the tries are spent: the copy is
        // quick, and whether a kill lands inside it depends on the machine's timing.
        while index < Self.maxRuns && (anywhere < Self.kills / 2 || copying < Self.copyKills) {
            let afterFile = anywhere >= Self.kills / 2 || (index % 2 == 1 && copying < Self.copyKills)
            if !afterFile { anywhere += 1 }
            index += 1
            let delay = afterFile ? 0 : random.uniform(0, 1.1) * seconds
            let context = "kill \(index) \(afterFile ? "after a file appeared +" : "at") \(String(format: "%.4f", delay)) s; seed \(seed)"
            let outcome = try Self.runAndKill(sandbox, ["backup", out], after: delay, afterFile: afterFile, timeout: 5 * seconds + 5)
            if !outcome.killed { #expect(outcome.status == 0, "failed on its own: \(context)") }
            if outcome.killed { killed += 1 }
            if outcome.killed && outcome.sawFile { copying += 1 }
            if sandbox.exists(out) {
                whole += 1
                let verify = try sandbox.run(["verify", "--db", out], db: nil)
                #expect(verify.status == 0 && verify.stdout.hasPrefix("intact: "), "\(out) after the kill: \(verify); \(context)")
                #expect(try sandbox.succeed(["head", "--db", out], db: nil) == head, "\(context)")
                try FileManager.default.removeItem(at: sandbox.url(out))
            }
            log.append("\(outcome.killed ? "killed" : "exited")\(outcome.sawFile ? "/file" : "")")
            let again = try sandbox.run(["backup", out], environment: ["TMPDIR": sandbox.url("tmp").path])
            #expect(again.status == 0, "re-running: \(again); \(context)")
            #expect(try sandbox.succeed(["head", "--db", out], db: nil) == head, "\(context)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.url("publish").path) == ["backup.sqlite"], "\(context)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.url("tmp").path) == [], "\(context)")
            try FileManager.default.removeItem(at: sandbox.url(out))
        }
        print("file crash test (backup): \(index) runs of \(String(format: "%.3f", seconds)) s, \(killed) killed "
            + "(\(copying) after a file appeared in the destination directory), \(whole) left a whole copy; seed \(seed)\n  "
            + log.joined(separator: " "))
        #expect(killed >= 3, "too few kills landed inside the command; seed \(seed)")
        #expect(copying >= 1, "no kill landed while the copy was being written into the destination directory; seed \(seed)")
    }
}
