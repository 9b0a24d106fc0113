import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crashes lose nothing: a large `import usaspending` or `load` is killed with SIGKILL at random moments, and after
/// every kill the ledger opens, `verify` passes, it holds none or all of the file's records (the journal head is
/// exactly the one before or the one after the whole file), and running the command again completes the file
/// without duplicates.
///
/// Nothing large is committed: the import file is the real ICE prime-award file replicated with rewritten award
/// keys, and the load file the export of that import with its awards replicated, both sized at run time so that
/// one run of the debug binary takes about a second (measured, then used to place the kills).
///
/// The kill times come from a seeded generator; the seed is printed in every failure message. To replay a run,
/// set `GOVLEDGER_CRASH_SEED` to that seed.
@Suite("Crashes lose nothing", .serialized)
struct CrashTests {
    static let data = Package.root.appendingPathComponent("Tests/data/usaspending/us-local-gov-ice-contracts.csv")
    /// Kills per command.
    static let kills = 20
    /// What one uninterrupted run should take, in seconds (the file is grown or shrunk towards it).
    static let targetSeconds = 1.0

    @Test("import usaspending killed with SIGKILL 20 times: none or all of the file, and a re-run completes it")
    func killedImports() throws {
        let lab = try CrashLab(name: "import")
        let original = try CSVFile(contentsOf: Self.data)
        let keyColumn = try #require(original.header.firstIndex(of: "contract_award_unique_key"))

        // Size the file so that an uninterrupted import takes about `targetSeconds`.
        var rows = original.rows.count
        var file = ""
        var measured = (seconds: 0.0, head: "")
        for attempt in 0..<4 {
            file = "big-\(attempt).csv"
            try original.replicated(rows, keyColumn: keyColumn).write(to: lab.sandbox.url(file))
            measured = try lab.timeUninterrupted(["import", "usaspending", file])
            guard let next = Self.resized(rows, measured.seconds) else { break }
            rows = next
        }
        let expectedKeys = Set((0..<rows).map { original.key($0, keyColumn: keyColumn) })
        #expect(expectedKeys.count == rows, "the replicated keys must be unique")
        print("crash test (import): \(rows) awards, uninterrupted import \(String(format: "%.2f", measured.seconds)) s, seed \(lab.seed)")

        try lab.killRepeatedly(Self.kills, arguments: ["import", "usaspending", file], duration: measured.seconds,
                               fullHead: measured.head) { state, context in
            // None or all of the file's awards, each key once.
            let keys = try lab.awardKeys(context)
            #expect(Set(keys).count == keys.count, "duplicate award keys after the kill; \(context)")
            #expect(state == .none ? keys.isEmpty : Set(keys) == expectedKeys,
                    "\(keys.count) of \(expectedKeys.count) awards after the kill, journal \(state); \(context)")

            // Running the import again completes the file (or changes nothing), without duplicates.
            let again = try lab.sandbox.run(["import", "usaspending", file], db: lab.db)
            #expect(again.status == 0, "re-running the import: \(again); \(context)")
            let after = try lab.awardKeys(context)
            #expect(after.count == expectedKeys.count && Set(after) == expectedKeys,
                    "\(after.count) awards after re-running the import; \(context)")
        }
    }

    @Test("load killed with SIGKILL 20 times: none or all of the file, and a re-run completes it")
    func killedLoads() throws {
        let lab = try CrashLab(name: "load")
        // The file to load: the export of a ledger holding the real ICE file, its awards cut or replicated to size.
        let imported = try lab.sandbox.run(["import", "usaspending", Self.data.path], db: lab.db)
        try #require(imported.status == 0, "\(imported)")
        let exported = try lab.sandbox.run(["export", "json", "-o", "base.json"], db: lab.db)
        try #require(exported.status == 0, "\(exported)")
        let base = try #require(try JSONSerialization.jsonObject(with: lab.sandbox.bytes("base.json")) as? [String: Any])
        let baseAwards = try #require(base["awards"] as? [[String: Any]])
        let vendorCount = try #require(base["vendors"] as? [Any]).count
        try #require(baseAwards.count == 720 && vendorCount > 0)

        var awards = baseAwards.count / 2
        var file = ""
        var measured = (seconds: 0.0, head: "")
        for attempt in 0..<4 {
            file = "big-\(attempt).json"
            var big = base
            big["awards"] = (0..<awards).map { index in
                var award = baseAwards[index % baseAwards.count]
                award["id"] = index + 1
                award["award_key"] = (award["award_key"] as? String).map { "\($0)\(CSVFile.suffix(index / baseAwards.count))" }
                return award
            }
            try JSONSerialization.data(withJSONObject: big, options: [.sortedKeys]).write(to: lab.sandbox.url(file))
            measured = try lab.timeUninterrupted(["load", file])
            guard let next = Self.resized(awards, measured.seconds) else { break }
            awards = next
        }
        print("crash test (load): \(awards) awards and \(vendorCount) vendors, uninterrupted load \(String(format: "%.2f", measured.seconds)) s, seed \(lab.seed)")

        try lab.killRepeatedly(Self.kills, arguments: ["load", file], duration: measured.seconds,
                               fullHead: measured.head) { state, context in
            // None or all of the file's awards and vendors (agencies are left out: a new ledger may hold a
            // reference list of them, which the file's agencies match).
            let keys = try lab.awardKeys(context)
            let vendors = try lab.count("vendors", context)
            #expect(Set(keys).count == keys.count, "duplicate award keys after the kill; \(context)")
            #expect(state == .none ? keys.isEmpty && vendors == 0 : keys.count == awards && vendors == vendorCount,
                    "\(keys.count) of \(awards) awards and \(vendors) of \(vendorCount) vendors after the kill, journal \(state); \(context)")

            let again = try lab.sandbox.run(["load", file], db: lab.db)
            if state == .none {
                #expect(again.status == 0, "re-running the load: \(again); \(context)")
            } else {
                // Loading the same file a second time is refused by design: its vendors and agencies would be
                // matched and reused (README, "Interchange format"), but every other record is added anew, and
                // awards are keyed by `award_key` (UNIQUE), so the second load stops at the first award and, being
                // all or nothing, changes nothing (exit 6, "awards id 1: UNIQUE constraint failed"). What matters
                // here is that the ledger still holds the file exactly once.
                #expect(again.status == 6 && again.stderr.contains("UNIQUE constraint failed: awards.award_key"),
                        "re-running the load: \(again); \(context)")
            }
            let after = try lab.awardKeys(context)
            #expect(after.count == awards && Set(after).count == awards, "\(after.count) awards after re-running the load; \(context)")
            #expect(try lab.count("vendors", context) == vendorCount, "\(context)")
        }
    }

    /// The record count that should make a run take `targetSeconds`, or nil when `count` already does.
    static func resized(_ count: Int, _ seconds: Double) -> Int? {
        if (0.7 * targetSeconds...1.3 * targetSeconds).contains(seconds) { return nil }
        return max(50, Int(Double(count) * targetSeconds / max(seconds, 0.01)))
    }
}

/// One command's kill runs: a sandbox, an empty ledger to copy before each run, and the seeded kill times.
final class CrashLab: @unchecked Sendable {
    let sandbox: Sandbox
    let name: String
    let seed: UInt64
    var random: SplitMix64
    /// The ledger every run works on; `template.sqlite` is the empty one it starts from.
    let db = "ledger.sqlite"
    let template = "template.sqlite"
    private(set) var emptyHead = ""

    enum State: String { case none, all }

    init(name: String) throws {
        self.name = name
        sandbox = try Sandbox()
        seed = ProcessInfo.processInfo.environment["GOVLEDGER_CRASH_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64(UInt32.max))
        random = SplitMix64(seed: seed)
        let created = try sandbox.run(["init"], db: template)
        try #require(created.status == 0, "init: \(created)")
        // A clean exit leaves only the main file: copying it alone gives a whole ledger.
        #expect(!sandbox.exists(template + "-wal") && !sandbox.exists(template + "-shm"))
        try freshLedger()
        emptyHead = try head("seed \(seed)")
    }

    /// Replaces the working ledger with a copy of the empty template (and no WAL or shared-memory file).
    func freshLedger() throws {
        for suffix in ["", "-wal", "-shm", "-journal"] where sandbox.exists(db + suffix) {
            try FileManager.default.removeItem(at: sandbox.url(db + suffix))
        }
        try FileManager.default.copyItem(at: sandbox.url(template), to: sandbox.url(db))
    }

    /// Runs the command once, uninterrupted, on a fresh ledger: its wall time (process start to exit) and the
    /// journal head it leaves.
    func timeUninterrupted(_ arguments: [String]) throws -> (seconds: Double, head: String) {
        try freshLedger()
        let start = Date()
        let run = try sandbox.run(arguments, db: db)
        let seconds = Date().timeIntervalSince(start)
        try #require(run.status == 0, "\(arguments): \(run)")
        let head = try head("uninterrupted run")
        #expect(head != emptyHead)
        #expect(try sandbox.succeed(["verify"], db: db).hasPrefix("intact: "))
        return (seconds, head)
    }

    /// Kills `arguments` `count` times at seeded moments within `duration`, each on a fresh ledger, then checks
    /// the ledger opens, verifies, and has the head before or after the whole command; `check` asserts the
    /// records and re-runs the command, after which the ledger must verify with the uninterrupted run's head.
    func killRepeatedly(_ count: Int, arguments: [String], duration: Double, fullHead: String,
                        check: (State, String) throws -> Void) throws {
        // How each kill landed: before the write transaction (starting up, parsing the file), inside it (SQLite's
        // WAL write lock held, nothing committed; among those, some while the commit was writing the WAL file), after
        // the commit (the WAL not yet checkpointed into the main file, or while closing), or too late (it had exited).
        var early = 0, inside = 0, tornCommit = 0, afterCommit = 0, finished = 0
        var log: [String] = []
        for index in 0..<count {
            // A fifth very early (starting up, reading the file), three fifths anywhere in the run, and a fifth at
            // the commit: as soon as the WAL file grows (the commit writing its pages), plus up to 25 ms, so that
            // these land in the middle of writing the WAL, after the commit but before the checkpoint on close, or
            // after the process exited.
            let (fraction, afterWAL): (Double, Double?) = switch index % 5 {
            case 0: (random.uniform(0, 0.15), nil)
            case 4: (0, random.uniform(0, 0.025))
            default: (random.uniform(0.15, 0.95), nil)
            }
            let delay = fraction * duration
            let when = afterWAL.map { "\(String(format: "%.1f", $0 * 1000)) ms after the WAL grew" }
                ?? "\(String(format: "%.3f", delay)) s (\(String(format: "%.2f", fraction)) of \(String(format: "%.2f", duration)) s)"
            let context = "\(name) kill \(index + 1) at \(when); seed \(seed)"
            try freshLedger()
            let outcome = try runAndKill(arguments, after: delay, afterWAL: afterWAL, timeout: 3 * duration + 5)
            let walBytes = ((try? FileManager.default.attributesOfItem(atPath: sandbox.url(db + "-wal").path))?[.size]
                as? NSNumber)?.intValue ?? 0
            if !outcome.killed { #expect(outcome.status == 0, "the command failed on its own; \(context)") }

            // The ledger opens and verifies, and its journal ends where it began or where the whole file ends.
            let verify = try sandbox.run(["verify"], db: db)
            #expect(verify.status == 0 && verify.stdout.hasPrefix("intact: "), "verify after the kill: \(verify); \(context)")
            let head = try head(context)
            #expect(head == emptyHead || head == fullHead,
                    "journal head \(head) is neither before (\(emptyHead)) nor after (\(fullHead)) the file; \(context)")
            let state: State = head == emptyHead ? .none : .all
            switch (outcome.killed, state) {
            case (false, _): finished += 1
            case (true, .all): afterCommit += 1
            case (true, .none): if outcome.inTransaction { inside += 1 } else { early += 1 }
            }
            if outcome.killed && state == .none && walBytes > 0 { tornCommit += 1 }
            log.append((afterWAL.map { String(format: "wal+%.1fms", $0 * 1000) } ?? String(format: "%.2f", fraction))
                + ":\(outcome.killed ? outcome.inTransaction ? "killed-in-tx" : "killed" : "exited")/\(state)"
                + (walBytes > 0 ? "/wal \(walBytes)" : ""))

            try check(state, context)

            let verifyAgain = try sandbox.run(["verify"], db: db)
            #expect(verifyAgain.status == 0 && verifyAgain.stdout.hasPrefix("intact: "),
                    "verify after re-running: \(verifyAgain); \(context)")
            #expect(try self.head(context) == fullHead, "re-running did not end at the uninterrupted run's head; \(context)")
        }
        let summary = "\(name): \(count) kills: \(early) before the write transaction, \(inside) inside it (nothing committed; "
            + "\(tornCommit) of them while the commit was being written to the WAL), \(afterCommit) after the commit, \(finished) too late "
            + "(exited first); seed \(seed)"
        print("crash test \(summary)\n  \(log.joined(separator: " "))")
        // The kills must land inside the command, not only after it: else the timing is wrong and nothing is tested.
        #expect(inside >= 4, "too few kills inside the write transaction: \(summary)")
        #expect(afterCommit + finished >= 1, "no run reached the commit: \(summary)")
    }

    /// Starts `govledger ARGS --db ledger.sqlite` and sends it SIGKILL after `delay` seconds, unless it has exited.
    /// Returns whether the signal killed it (and whether it held the WAL write lock then), else its exit status.
    /// With `afterWAL`, waits instead until the ledger's WAL file holds something (or `timeout`), then that long.
    func runAndKill(_ arguments: [String], after delay: Double, afterWAL: Double? = nil,
                    timeout: Double) throws -> (killed: Bool, inTransaction: Bool, status: Int32) {
        let binary = try #require(Binary.url, "govledger binary not found")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--db", db]
        process.currentDirectoryURL = sandbox.directory
        var environment = ProcessInfo.processInfo.environment
        for key in ["GOVLEDGER_DB", "GOVLEDGER_ACTOR", "GOVLEDGER_NOW", "GOVLEDGER_UPDATE_GOLDEN", "GOVLEDGER_BIN"] {
            environment.removeValue(forKey: key)
        }
        environment["GOVLEDGER_NOW"] = pinnedNow
        environment["GOVLEDGER_ACTOR"] = pinnedActor
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
        if let afterWAL {
            let wal = sandbox.url(db + "-wal").path
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline {
                var info = stat()
                if stat(wal, &info) == 0 && info.st_size > 0 { break }
                usleep(100)
            }
            if afterWAL > 0 { usleep(UInt32(afterWAL * 1_000_000)) }
        }
        var inTransaction = false
        if process.isRunning {
            inTransaction = writeLockHeld()
            _ = kill(pid, SIGKILL)
        }
        process.waitUntilExit()
        let killed = process.terminationReason == .uncaughtSignal
        #expect(!killed || process.terminationStatus == SIGKILL, "died of signal \(process.terminationStatus)")
        return (killed, inTransaction, process.terminationStatus)
    }

    /// Whether some process holds SQLite's WAL write lock on the ledger: an exclusive POSIX lock on byte 120 of
    /// the `-shm` file (WAL_WRITE_LOCK), held from `BEGIN IMMEDIATE` to the end of the commit.
    func writeLockHeld() -> Bool {
        let fd = open(sandbox.url(db + "-shm").path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 120
        lock.l_len = 1
        guard fcntl(fd, F_GETLK, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }

    /// The journal head, `SEQ HASH`.
    func head(_ context: String) throws -> String {
        let run = try sandbox.run(["head"], db: db)
        #expect(run.status == 0, "head: \(run); \(context)")
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every award's key, as `list awards` shows them.
    func awardKeys(_ context: String) throws -> [String] {
        try list("awards", context).compactMap { $0["award_key"] as? String }
    }

    func count(_ table: String, _ context: String) throws -> Int {
        try list(table, context).count
    }

    private func list(_ table: String, _ context: String) throws -> [[String: Any]] {
        let run = try sandbox.run(["list", table, "--format", "json"], db: db)
        try #require(run.status == 0, "list \(table): \(run); \(context)")
        return try #require(try run.json() as? [[String: Any]], "list \(table): \(run); \(context)")
    }
}

/// A small seeded generator (SplitMix64), so that a failing run's kill times can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }
}

/// A CSV file (RFC 4180) read whole, to write back replicated.
struct CSVFile {
    var header: [String]
    var rows: [[String]]

    init(contentsOf url: URL) throws {
        var text = try String(contentsOf: url, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var records: [[String]] = []
        var record: [String] = [], field = "", quoted = false, afterQuote = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            record.append(field)
            field = ""
            if record != [""] { records.append(record) }
            record = []
        }
        while let c = pending ?? scalars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = scalars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = next }
                    } else { quoted = false }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": record.append(field); field = ""; afterQuote = false
            case "\r": break
            case "\n": endRecord(); afterQuote = false
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        header = records.first ?? []
        rows = Array(records.dropFirst())
    }

    /// What the award keys of the `copy`-th replica end with: the first keeps the real keys.
    static func suffix(_ copy: Int) -> String { copy == 0 ? "" : "_CRASH\(copy)" }

    /// The award key of row `index` of the replicated file.
    func key(_ index: Int, keyColumn: Int) -> String {
        rows[index % rows.count][keyColumn] + Self.suffix(index / rows.count)
    }

    /// The file with `count` rows: its own rows repeated (or cut), each replica's award keys rewritten to be unique.
    func replicated(_ count: Int, keyColumn: Int) -> Data {
        func quote(_ field: String) -> String {
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        var out = header.map(quote).joined(separator: ",") + "\r\n"
        for index in 0..<count {
            var row = rows[index % rows.count]
            row[keyColumn] = key(index, keyColumn: keyColumn)
            out += row.map(quote).joined(separator: ",") + "\r\n"
        }
        return Data(out.utf8)
    }
}
