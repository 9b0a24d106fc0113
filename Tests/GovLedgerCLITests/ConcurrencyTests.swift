import Dispatch
import Foundation
import Testing

/// Several people writing at once: 8 `govledger` processes, each making 200 writes, against one ledger file.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var failures: [String] = []

        func fail(_ message: String) {
            lock.lock()
            failures.append(message)
            lock.unlock()
        }
    }

    @Test("8 processes × 200 writes and a reader: every change present, chain unbroken, nobody told the database is locked, every read answered")
    func eightWriters() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let workers = 8
        let writes = 200
        let outcomes = Outcomes()
        let reads = 60
        // One more worker only reads while the others write: in WAL mode a reader never waits for a writer.
        DispatchQueue.concurrentPerform(iterations: workers + 1) { worker in
            if worker == workers {
                for read in 0..<reads {
                    guard let run = try? sandbox.run(["list", "pursuits", "--agency", "ICE", "--format", "json"]) else {
                        return outcomes.fail("could not start read \(read)")
                    }
                    if run.status != 0 || !run.stderr.isEmpty || !run.stdout.hasPrefix("[") {
                        outcomes.fail("read \(read): \(run.status) \(run.stderr)")
                    }
                }
                return
            }
            var pursuit = ""
            for step in 0..<writes {
                let arguments: [String] = switch step % 4 {
                case 0: ["add", "vendor", "Worker \(worker) vendor \(step)"]
                case 1: ["lead", "Worker \(worker) lead \(step)", "--vendor", "Salesforce", "--agency", "ICE",
                         "--on", "2025-09"]
                case 2: ["stage", pursuit, "pitched", "--on", "2025-10"]
                default: ["cite", "pursuit", pursuit, "--source", "1", "--quote", "worker \(worker) step \(step)"]
                }
                guard let run = try? sandbox.run(arguments) else { return outcomes.fail("could not start \(arguments)") }
                if run.status != 0 || !run.stderr.isEmpty {
                    outcomes.fail("worker \(worker) step \(step): \(run.status) \(run.stderr)")
                }
                if step % 4 == 1 { pursuit = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
            }
        }
        #expect(outcomes.failures.isEmpty, "\(outcomes.failures.prefix(5))")
        #expect(!outcomes.failures.contains { $0.contains("locked") })
        let perWorker = writes / 4
        let counts = try JSONSerialization.jsonObject(with: Data(try sandbox.succeed(
            ["list", "vendors", "--format", "json"]).utf8)) as? [[String: Any]]
        #expect(counts?.filter { ($0["name"] as? String)?.hasPrefix("Worker ") == true }.count == workers * perWorker)
        let leads = try JSONSerialization.jsonObject(with: Data(try sandbox.succeed(
            ["list", "pursuits", "--stage", "pitched", "--format", "json"]).utf8)) as? [[String: Any]]
        #expect(leads?.filter { ($0["title"] as? String)?.hasPrefix("Worker ") == true }.count == workers * perWorker)
        // Each cycle journals a vendor, a pursuit and its first stage change, a stage change and the pursuit, a citation.
        let head = try sandbox.succeed(["head"])
        #expect(head.hasPrefix("\(120 + workers * perWorker * 6) "))
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: \(120 + workers * perWorker * 6) journal entries"))
    }

    @Test("a writer waits as long as another process holds the ledger (past the old 30 s limit), says so once, and loses nothing")
    func writerOutwaitsALongLock() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let head = try sandbox.succeed(["head"])
        // Another process holds the write lock for 32 s, as a long import does.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            print("held", flush=True)
            time.sleep(32)
            db.execute("ROLLBACK")
            """, sandbox.url(sandbox.db).path]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        _ = pipe.fileHandleForReading.readData(ofLength: 5)
        let started = Date()
        let run = try sandbox.run(["lead", "Typed while an import ran", "--vendor", "Salesforce", "--agency", "ICE",
                                   "--on", "2025-09"])
        holder.waitUntilExit()
        #expect(run.status == 0, "\(run)")
        #expect(Date().timeIntervalSince(started) > 30)
        #expect(run.stderr == "waiting: another process is writing to the ledger (an import can take minutes); Ctrl-C stops this one and changes nothing\n")
        #expect(try sandbox.succeed(["head"]) != head)
        #expect(try sandbox.succeed(["list", "pursuits", "--format", "csv"]).contains("Typed while an import ran"))
    }
}
