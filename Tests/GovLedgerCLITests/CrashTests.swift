import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crashes lose nothing: a large `import usaspending` or `load` is killed with SIGKILL, and after every kill the
/// ledger opens, `verify` passes, it holds none or all of the file's records (the journal head is exactly the one
/// before or the one after the whole file), and running the command again completes the file without duplicates.
///
/// Nothing large is committed: the import file is the real ICE prime-award file replicated with rewritten award
/// keys, and the load file the export of that import with its awards replicated, both sized at run time so that
/// one run of the debug binary takes about a second.
///
/// Where the kills land does not depend on the machine's speed. The command runs in short slices: between two
/// slices it is stopped (SIGSTOP), and while it stands still the test reads where it is from SQLite's own files —
/// whether it holds the WAL write lock (inside the write transaction), whether its WAL holds pages (the commit,
/// or a cache spill, being written) and whether the WAL index records a commit — then either kills it (SIGKILL,
/// so the kill lands exactly in the phase just read) or lets it run on (SIGCONT). Each kill aims at a phase:
/// before the write transaction, anywhere, inside it, while pages are in the WAL, after the commit (while the
/// WAL is checkpointed into the file on close). A phase no kill reached is aimed at again, up to a bounded
/// number of extra runs, and the test requires every phase to have been hit.
///
/// The aims' offsets come from a seeded generator; the seed is printed in every failure message. To replay a run,
/// set `GOVLEDGER_CRASH_SEED` to that seed.
@Suite("Crashes lose nothing", .serialized)
struct CrashTests {
    static let data = Package.root.appendingPathComponent("Tests/data/usaspending/us-local-gov-ice-contracts.csv")
    /// Kills per command, before any extra run aimed at a phase not yet hit.
    static let kills = 20
    /// What one uninterrupted run should take, in seconds (the file is grown or shrunk towards it).
    static let targetSeconds = 1.0
    /// Files written while sizing; the last one is used whatever its time (a slow machine stops at the minimum size).
    static let sizingAttempts = 4

    @Test("import usaspending killed with SIGKILL in every phase: none or all of the file, and a re-run completes it")
    func killedImports() throws {
        let lab = try CrashLab(name: "import")
        let original = try CSVFile(contentsOf: Self.data)
        let keyColumn = try #require(original.header.firstIndex(of: "contract_award_unique_key"))

        // Size the file so that an uninterrupted import takes about `targetSeconds`.
        var rows = original.rows.count
        var file = ""
        var measured = CrashLab.Profile()
        for attempt in 0..<Self.sizingAttempts {
            file = "big-\(attempt).csv"
            try original.replicated(rows, keyColumn: keyColumn).write(to: lab.sandbox.url(file))
            measured = try lab.timeUninterrupted(["import", "usaspending", file])
            // The last attempt's file is the one killed: its row count must stay the one written.
            guard attempt + 1 < Self.sizingAttempts, let next = Self.resized(rows, measured.seconds) else { break }
            rows = next
        }
        let expectedKeys = Set((0..<rows).map { original.key($0, keyColumn: keyColumn) })
        #expect(expectedKeys.count == rows, "the replicated keys must be unique")
        print("crash test (import): \(rows) awards, uninterrupted import \(measured), seed \(lab.seed)")

        try lab.killRepeatedly(Self.kills, arguments: ["import", "usaspending", file], profile: measured) { state, context in
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

    @Test("load killed with SIGKILL in every phase: none or all of the file, and a re-run completes it")
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
        var measured = CrashLab.Profile()
        for attempt in 0..<Self.sizingAttempts {
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
            // As for imports: the count must stay that of the file last written.
            guard attempt + 1 < Self.sizingAttempts, let next = Self.resized(awards, measured.seconds) else { break }
            awards = next
        }
        print("crash test (load): \(awards) awards and \(vendorCount) vendors, uninterrupted load \(measured), seed \(lab.seed)")

        try lab.killRepeatedly(Self.kills, arguments: ["load", file], profile: measured) { state, context in
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
                // matched and reused (docs/interchange.md), but every other record is added anew, and
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

/// One command's kill runs: a sandbox, an empty ledger to copy before each run, and the seeded aims.
final class CrashLab: @unchecked Sendable {
    let sandbox: Sandbox
    let name: String
    let seed: UInt64
    var random: SplitMix64
    /// The ledger every run works on; `template.sqlite` is the empty one it starts from.
    let db = "ledger.sqlite"
    let template = "template.sqlite"
    private(set) var emptyHead = ""
    /// The journal head after an uninterrupted run.
    private(set) var fullHead = ""

    enum State: String { case none, all }

    /// Where a run was when it was killed (read while it was stopped, so exactly where the kill landed), or that
    /// it exited first.
    enum Phase: String, CaseIterable {
        /// Starting up or reading the file: the WAL write lock not yet taken.
        case early = "before the write transaction"
        /// Holding the WAL write lock, nothing in the WAL yet: nothing committed.
        case inside = "inside it with an empty WAL"
        /// Holding the write lock with pages in the WAL and no commit in the WAL index: the commit being written
        /// (or, for a transaction larger than the page cache, pages spilled before it).
        case walWritten = "inside it with pages in the WAL (the commit being written)"
        /// The WAL index records the commit (or the write lock was released, or the WAL and its index were removed):
        /// the connection closing (checkpointing the WAL into the file), or exiting.
        case afterCommit = "after the commit"
        /// The command exited before the kill.
        case finished = "too late (exited first)"

        /// The journal states a kill in this phase may leave.
        var allowed: Set<State> {
            switch self {
            case .early, .inside: [.none]
            case .walWritten: [.none, .all]   // the commit frame may be in the WAL before the index says so
            case .afterCommit, .finished: [.all]
            }
        }
    }

    /// What to kill a run at: a moment (seconds from its start), a moment inside the write transaction (seconds
    /// after the write lock was first seen), the `skip`-th moment on which pages are in the WAL, or the `skip`-th
    /// moment after the commit. An aim that the run has already passed kills at once, wherever the run is.
    enum Aim: CustomStringConvertible {
        case never
        case early(Double)
        case anywhere(Double)
        case inside(Double)
        case walWritten(skip: Int)
        case afterCommit(skip: Int)

        var description: String {
            switch self {
            case .never: "never"
            case .early(let s): String(format: "early@%.3fs", s)
            case .anywhere(let s): String(format: "any@%.3fs", s)
            case .inside(let s): String(format: "tx+%.3fs", s)
            case .walWritten(let skip): "wal#\(skip)"
            case .afterCommit(let skip): "commit#\(skip)"
            }
        }
    }

    /// What an uninterrupted (sampled) run took: in all, until the write lock was first seen, until the commit
    /// was first seen, and whether pages were in the WAL before the commit.
    struct Profile: CustomStringConvertible {
        var seconds = 0.0
        var toLock = 0.0
        var toCommit = 0.0
        var samples = 0

        var description: String {
            String(format: "%.2f s (write lock at %.2f s, commit at %.2f s, %d samples)", seconds, toLock, toCommit, samples)
        }
    }

    /// The outcome of one run.
    struct Outcome {
        var phase: Phase
        var status: Int32
        var walBytes: Int
        var elapsed: Double
        var timedOut = false
        var lockAt: Double?
        var commitAt: Double?
        var samples = 0
    }

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

    /// Runs the command once, sampled but never killed, on a fresh ledger: how long it took and when it took the
    /// write lock and committed. Its journal head becomes `fullHead`.
    func timeUninterrupted(_ arguments: [String]) throws -> Profile {
        try freshLedger()
        let run = try runSampled(arguments, aim: .never, timeout: 120)
        try #require(run.phase == .finished && run.status == 0 && !run.timedOut, "\(arguments): exit \(run.status)")
        let lock = try #require(run.lockAt, "the write lock was never seen held: \(arguments)")
        let commit = try #require(run.commitAt, "the commit was never seen: \(arguments)")
        fullHead = try head("uninterrupted run")
        #expect(fullHead != emptyHead)
        #expect(try sandbox.succeed(["verify"], db: db).hasPrefix("intact: "))
        return Profile(seconds: run.elapsed, toLock: lock, toCommit: commit, samples: run.samples)
    }

    /// An aim at `phase`, its offset drawn from the seeded generator.
    func aim(at phase: Phase, _ profile: Profile) -> Aim {
        switch phase {
        case .early: .early(random.uniform(0, 0.9) * profile.toLock)
        case .inside: .inside(random.uniform(0, 0.8) * max(profile.toCommit - profile.toLock, 0))
        case .walWritten: .walWritten(skip: Int(random.next() % 12))
        case .afterCommit, .finished: .afterCommit(skip: Int(random.next() % 6))
        }
    }

    /// Kills `arguments` `count` times, each on a fresh ledger, aiming in turn before the write transaction,
    /// anywhere in the run, inside the transaction, at pages in the WAL and after the commit; then aims again at
    /// each phase still missed, up to `extraRuns` more runs. After every kill the ledger must open, verify, and
    /// hold the head before or after the whole command (the one the phase allows); `check` asserts the records
    /// and re-runs the command, after which the ledger must verify with the uninterrupted run's head.
    func killRepeatedly(_ count: Int, arguments: [String], profile: Profile, extraRuns: Int = 30,
                        check: (State, String) throws -> Void) throws {
        var hits: [Phase: Int] = [:]
        var log: [String] = []
        var aims: [Aim] = (0..<count).map { index in
            switch index % 5 {
            case 0: aim(at: .early, profile)
            case 1: .anywhere(random.uniform(0, 1.05) * profile.seconds)
            case 2: aim(at: .inside, profile)
            case 3: aim(at: .walWritten, profile)
            default: aim(at: .afterCommit, profile)
            }
        }
        let required: [Phase] = [.early, .inside, .walWritten, .afterCommit]
        var extra = 0
        var run = 0
        while true {
            if aims.isEmpty {
                // Aimed again at a phase missed (or too few inside the transaction), at its first moment.
                let again: Aim? = if let missing = required.first(where: { hits[$0, default: 0] == 0 }) {
                    switch missing {
                    case .early: .early(0)
                    case .inside: .inside(0)
                    case .walWritten: .walWritten(skip: 0)
                    case .afterCommit, .finished: .afterCommit(skip: 0)
                    }
                } else if hits[.inside, default: 0] + hits[.walWritten, default: 0] < 4 {
                    .inside(0)
                } else {
                    nil
                }
                guard let again, extra < extraRuns else { break }
                extra += 1
                aims.append(again)
            }
            let aim = aims.removeFirst()
            run += 1
            let context = "\(name) run \(run), aimed \(aim); seed \(seed)"
            try freshLedger()
            let outcome = try runSampled(arguments, aim: aim, timeout: 10 * profile.seconds + 10)
            #expect(!outcome.timedOut, "the command ran past its timeout and was killed; \(context)")
            if outcome.phase == .finished { #expect(outcome.status == 0, "the command failed on its own; \(context)") }
            hits[outcome.phase, default: 0] += 1
            let landed = "\(context), landed \(outcome.phase.rawValue) at \(String(format: "%.3f", outcome.elapsed)) s"
                + (outcome.walBytes > 0 ? ", WAL \(outcome.walBytes) bytes" : "")

            // The ledger opens and verifies, and its journal ends where it began or where the whole file ends.
            let verify = try sandbox.run(["verify"], db: db)
            #expect(verify.status == 0 && verify.stdout.hasPrefix("intact: "), "verify after the kill: \(verify); \(landed)")
            let head = try head(landed)
            #expect(head == emptyHead || head == fullHead,
                    "journal head \(head) is neither before (\(emptyHead)) nor after (\(fullHead)) the file; \(landed)")
            let state: State = head == emptyHead ? .none : .all
            #expect(outcome.phase.allowed.contains(state), "journal \(state) after a kill \(outcome.phase.rawValue); \(landed)")
            log.append("\(aim)→\(outcome.phase)/\(state)" + (outcome.walBytes > 0 ? "/wal \(outcome.walBytes)" : ""))

            try check(state, landed)

            let verifyAgain = try sandbox.run(["verify"], db: db)
            #expect(verifyAgain.status == 0 && verifyAgain.stdout.hasPrefix("intact: "),
                    "verify after re-running: \(verifyAgain); \(landed)")
            #expect(try self.head(landed) == fullHead, "re-running did not end at the uninterrupted run's head; \(landed)")
        }
        let summary = "\(name): \(run) runs (\(extra) of them aimed again at a phase missed): "
            + Phase.allCases.map { "\(hits[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ") + "; seed \(seed)"
        print("crash test \(summary)\n  \(log.joined(separator: " "))")
        // Every phase must have been hit, or the kills did not test what they claim.
        for phase in required {
            #expect(hits[phase, default: 0] >= 1, "no kill landed \(phase.rawValue): \(summary)")
        }
        #expect(hits[.inside, default: 0] + hits[.walWritten, default: 0] >= 4,
                "too few kills inside the write transaction: \(summary)")
    }

    /// Starts `govledger ARGS --db ledger.sqlite` and runs it in slices, stopping it between two to read where it
    /// is, until `aim` says to kill it (then SIGKILL, while it is still stopped) or it exits.
    func runSampled(_ arguments: [String], aim: Aim, timeout: Double) throws -> Outcome {
        let binary = try #require(Binary.url, "govledger binary not found")
        var environment = ProcessInfo.processInfo.environment
        for key in ["GOVLEDGER_DB", "GOVLEDGER_ACTOR", "GOVLEDGER_NOW", "GOVLEDGER_UPDATE_GOLDEN", "GOVLEDGER_BIN"] {
            environment.removeValue(forKey: key)
        }
        environment["GOVLEDGER_NOW"] = pinnedNow
        environment["GOVLEDGER_ACTOR"] = pinnedActor
        let child = try Child(binary.path, arguments + ["--db", db], directory: sandbox.directory.path,
                              environment: environment)
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        var outcome = Outcome(phase: .early, status: 0, walBytes: 0, elapsed: 0)
        var skipped = 0
        var shmSeen = false, walSeen = false
        while true {
            // Short slices from the write transaction on, where the commit and the close are; longer ones before.
            usleep(outcome.lockAt != nil || outcome.commitAt != nil ? 100 : 500)
            guard child.stop() else {
                outcome.phase = .finished
                outcome.status = child.exitStatus ?? -1
                outcome.elapsed = elapsed()
                return outcome
            }
            // Stopped: nothing below can change until it runs again.
            outcome.samples += 1
            let now = elapsed()
            let shm = shmState()
            let wal = fileSize(db + "-wal")
            shmSeen = shmSeen || shm.exists
            walSeen = walSeen || wal > 0
            // The write transaction holds the write lock and a shared read lock. On opening, SQLite's recovery of
            // the (empty) WAL index also takes the write lock, with exclusive locks on the read-lock bytes or none:
            // that is not the transaction.
            if shm.writeLock && shm.readLock && outcome.lockAt == nil { outcome.lockAt = now }
            if outcome.commitAt == nil
                && (shm.mxFrame != 0 || (outcome.lockAt != nil && !shm.writeLock) || (shmSeen && walSeen && !shm.exists))
            {
                outcome.commitAt = now
            }
            let phase: Phase = outcome.commitAt != nil ? .afterCommit
                : outcome.lockAt != nil && shm.writeLock ? (wal > 0 ? .walWritten : .inside) : .early
            let fire: Bool
            switch aim {
            case .never: fire = false
            case .early(let at): fire = now >= at || phase != .early
            case .anywhere(let at): fire = now >= at
            case .inside(let after): fire = outcome.lockAt.map { now - $0 >= after } ?? false || phase == .afterCommit
            case .walWritten(let skip):
                if phase == .walWritten { skipped += 1 }
                fire = (phase == .walWritten && skipped > skip) || phase == .afterCommit
            case .afterCommit(let skip):
                if phase == .afterCommit { skipped += 1 }
                fire = phase == .afterCommit && skipped > skip
            }
            let timedOut = now > timeout
            if fire || timedOut {
                child.killAndReap()
                outcome.phase = phase
                outcome.walBytes = wal
                outcome.elapsed = now
                outcome.timedOut = timedOut
                outcome.status = child.exitStatus ?? -1
                #expect(child.signal == SIGKILL, "died of signal \(String(describing: child.signal))")
                return outcome
            }
            child.resume()
        }
    }

    /// What the ledger's `-shm` file (SQLite's WAL index) says: whether some process holds the WAL write lock (an
    /// exclusive POSIX lock on byte 120, WAL_WRITE_LOCK, held from `BEGIN IMMEDIATE` to the end of the commit) and a
    /// shared read lock (bytes 123–127, held by every transaction), and the index header's `mxFrame` (a native-endian
    /// 32-bit integer at byte 16): the last committed frame of the WAL, non-zero once a transaction has committed.
    /// A fresh ledger has no WAL, and the command writes one transaction, so that commit is the command's.
    struct ShmState {
        var exists = false
        var writeLock = false
        var readLock = false
        var mxFrame: UInt32 = 0
    }

    func shmState() -> ShmState {
        var state = ShmState()
        let fd = open(sandbox.url(db + "-shm").path, O_RDONLY)
        guard fd >= 0 else { return state }
        defer { close(fd) }
        state.exists = true
        /// The type of a lock some process holds on bytes `start..<start + length`, or F_UNLCK.
        func lockType(_ start: Int, _ length: Int) -> Int16 {
            var lock = flock()
            lock.l_type = Int16(F_WRLCK)
            lock.l_whence = Int16(SEEK_SET)
            lock.l_start = off_t(start)
            lock.l_len = off_t(length)
            guard fcntl(fd, F_GETLK, &lock) == 0 else { return Int16(F_UNLCK) }
            return lock.l_type
        }
        state.writeLock = lockType(120, 1) != Int16(F_UNLCK)
        state.readLock = lockType(123, 5) == Int16(F_RDLCK)
        var mxFrame: UInt32 = 0
        if pread(fd, &mxFrame, 4, 16) == 4 { state.mxFrame = mxFrame }
        return state
    }

    func fileSize(_ name: String) -> Int {
        var info = stat()
        return stat(sandbox.url(name).path, &info) == 0 ? Int(info.st_size) : 0
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

/// A child process started with `posix_spawn` (stdin, stdout and stderr on /dev/null) and reaped by us alone,
/// so that it can be stopped and continued: Foundation's `Process` reaps its children itself.
final class Child {
    let pid: pid_t
    private(set) var exitStatus: Int32?
    private(set) var signal: Int32?
    private var reaped = false

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    init(_ path: String, _ arguments: [String], directory: String, environment: [String: String]) throws {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard Child.addChdir(&actions, directory) == 0 else { throw SpawnError(description: "cannot chdir in posix_spawn") }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard rc == 0 else { throw SpawnError(description: "posix_spawn \(path): \(String(cString: strerror(rc)))") }
        self.pid = pid
    }

    deinit { if !reaped { killAndReap() } }

    #if canImport(Darwin)
    static func addChdir(_ actions: inout posix_spawn_file_actions_t?, _ directory: String) -> Int32 {
        posix_spawn_file_actions_addchdir_np(&actions, directory)
    }
    #else
    /// glibc has had `posix_spawn_file_actions_addchdir_np` since 2.29, but Swift's Glibc module does not show it.
    static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ directory: String) -> Int32 {
        typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return -1 }
        return unsafeBitCast(symbol, to: AddChdir.self)(&actions, directory)
    }
    #endif

    /// Sends SIGSTOP and waits until the child has stopped: true, or it has exited first: false (and reaped).
    func stop() -> Bool {
        guard !reaped else { return false }
        _ = kill(pid, SIGSTOP)
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WUNTRACED)
            if result < 0 && errno == EINTR { continue }
            if result < 0 { reaped = true; return false }
            if status & 0xff == 0x7f { return true }   // WIFSTOPPED
            record(status)
            return false
        }
    }

    func resume() { _ = kill(pid, SIGCONT) }

    /// SIGKILL (a stopped process dies of it too) and reap.
    func killAndReap() {
        guard !reaped else { return }
        _ = kill(pid, SIGKILL)
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, 0)
            if result < 0 && errno == EINTR { continue }
            if result < 0 { reaped = true; return }
            record(status)
            return
        }
    }

    private func record(_ status: Int32) {
        reaped = true
        if status & 0x7f == 0 { exitStatus = (status >> 8) & 0xff } else { signal = status & 0x7f }
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
