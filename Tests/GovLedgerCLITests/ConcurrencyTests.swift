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
        #expect(head.hasPrefix("\(117 + workers * perWorker * 6) "))
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: \(117 + workers * perWorker * 6) journal entries"))
    }
}
