import Foundation
import Testing
@testable import GovLedger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Atomic files")
struct AtomicFileTests {
    static func mode(_ path: String) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test("a new file appears whole and owner-only; an existing one is refused, or replaced whole with replaceExisting")
    func newAndReplaced() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("out.txt").path
            let options = AtomicFile.Options(field: "--output", expectedNew: "a new file (or --force to replace it)")
            #expect(try AtomicFile.write(Data("one".utf8), to: path, options) == .created)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("one".utf8))
            #expect(try Self.mode(path) == 0o600)
            let refused = try #require(throws: LedgerError.self) { try AtomicFile.write(Data("two".utf8), to: path, options) }
            #expect(refused == .invalidValue(field: "--output", value: path, expected: "a new file (or --force to replace it)"))
            #expect(chmod(path, 0o644) == 0)
            var force = options
            force.replaceExisting = true
            #expect(try AtomicFile.write(Data("two".utf8), to: path, force) == .replaced)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("two".utf8))
            #expect(try Self.mode(path) == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.txt"])
            // A missing directory is a write failure (exit 6), naming the path.
            let missing = directory.appendingPathComponent("no/such.txt").path
            let error = try #require(throws: LedgerError.self) { try AtomicFile.write(Data(), to: missing, options) }
            #expect(error.exitCode == 6 && error.description.contains("no/such.txt"))
        }
    }

    @Test("the protected ledger is refused by any name: itself, another spelling, a symbolic or hard link, its -wal")
    func protectedLedger() throws {
        try withTemporaryDirectory { directory in
            let ledger = directory.appendingPathComponent("ledger.sqlite").path
            try Data("ledger".utf8).write(to: URL(fileURLWithPath: ledger))
            try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("soft").path, withDestinationPath: ledger)
            #expect(link(ledger, directory.appendingPathComponent("hard").path) == 0)
            let options = AtomicFile.Options(field: "--output", replaceExisting: true, protected: [ledger])
            for name in ["ledger.sqlite", "./ledger.sqlite", "soft", "hard", "ledger.sqlite-wal", "ledger.sqlite-journal"] {
                let path = directory.appendingPathComponent(name).path
                let error = try #require(throws: LedgerError.self, "\(name)") { try AtomicFile.write(Data("x".utf8), to: path, options) }
                #expect(error == .invalidValue(field: "--output", value: path, expected: "a path other than the ledger itself"))
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: ledger)) == Data("ledger".utf8))
        }
    }

    @Test("a character device is written through, never replaced")
    func devices() throws {
        let options = AtomicFile.Options(field: "--output", replaceExisting: true)
        #expect(try AtomicFile.write(Data("x".utf8), to: "/dev/null", options) == .wroteThrough)
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        #expect(AtomicFile.isStandardOutput("/dev/stdout") && AtomicFile.isStandardOutput("/dev/fd/1"))
        #expect(!AtomicFile.isStandardOutput("/dev/null"))
    }

    @Test("the staging directory is private (0700) and removed afterwards")
    func staging() throws {
        let (seen, mode) = try AtomicFile.withStagingDirectory { directory throws -> (String, Int) in
            (directory, try Self.mode(directory))
        }
        #expect(mode == 0o700)
        #expect(URL(fileURLWithPath: seen).lastPathComponent.hasPrefix("govledger-staging-\(getpid())-"))
        #expect(!FileManager.default.fileExists(atPath: seen))
    }

    @Test("a ledger that does not verify is not published: export sqlite writes nothing, publishing refuses (exit 1)",
          arguments: VerifyTests.tamperings.map(\.name))
    func brokenLedgerIsNotPublished(_ name: String) throws {
        let tampering = try #require(VerifyTests.tamperings.first { $0.name == name })
        try withTemporaryDirectory { directory in
            let path = try busyLedgerFile(in: directory)
            try sqlite3(path, tampering.sql)
            let ledger = try Ledger.open(at: path)
            let verification = try ledger.verify()
            try #require(!verification.intact)
            let out = directory.appendingPathComponent("public.sqlite").path
            let error = try #require(throws: LedgerError.self) { try ledger.exportRedactedCopy(to: out) }
            #expect(error == .notIntact(path: path, summary: verification.summary))
            #expect(error.exitCode == 1)
            #expect(!error.description.contains("\n"))
            #expect(!FileManager.default.fileExists(atPath: out))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix("ledger.sqlite") } == [])
            #expect(throws: LedgerError.notIntact(path: path, summary: verification.summary)) {
                try ledger.requireIntactForPublishing()
            }
            // The original still fails verify: nothing was laundered.
            #expect(!(try ledger.verify().intact))
        }
    }
}
