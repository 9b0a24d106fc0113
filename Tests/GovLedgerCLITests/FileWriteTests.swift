import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file GovLedger writes goes through one writer (`AtomicFile`): owner-only, whole or not at all, never over
/// what is not a regular file, and never a ledger that does not verify when it is published.
@Suite("Files GovLedger writes")
struct FileWriteTests {
    static func mode(_ sandbox: Sandbox, _ name: String) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: sandbox.url(name).path)[.posixPermissions]
            as? NSNumber)?.intValue)
    }

    static func isFIFO(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
    }

    @Test("every file written is 0600: -o of every export and report, export sqlite, backup, metadata, a --force replacement")
    func ownerOnly() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let written: [([String], String)] = [
            (["export", "json", "--include-confidential", "-o", "private.json"], "private.json"),
            (["export", "json", "-o", "out.json"], "out.json"), (["export", "ocds", "-o", "out.ocds.json"], "out.ocds.json"),
            (["export", "ftm", "-o", "out.ftm.jsonl"], "out.ftm.jsonl"),
            (["export", "sqlite", "public.sqlite", "--datasette-metadata", "metadata.json"], "public.sqlite"),
            (["report", "--format", "html", "-o", "report.html"], "report.html"), (["report", "-o", "report.md"], "report.md"),
        ]
        for (arguments, file) in written {
            let run = try sandbox.run(arguments)
            #expect(run.status == 0, "\(arguments): \(run)")
            #expect(try Self.mode(sandbox, file) == 0o600, "\(arguments)")
        }
        #expect(try Self.mode(sandbox, "metadata.json") == 0o600)
        let backup = try sandbox.run(["backup", "copy.sqlite"])
        #expect(backup.status == 0, "\(backup)")
        #expect(try Self.mode(sandbox, "copy.sqlite") == 0o600)
        // A world-readable file replaced with --force becomes owner-only too: it is a new file.
        try sandbox.write("old\n", to: "shared.md")
        #expect(chmod(sandbox.url("shared.md").path, 0o644) == 0)
        _ = try sandbox.succeed(["report", "-o", "shared.md", "--force"])
        #expect(try Self.mode(sandbox, "shared.md") == 0o600)
    }

    @Test("backup says that its copy holds the confidential sources, in its message and its help")
    func backupSaysConfidential() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let run = try sandbox.run(["backup", "copy.sqlite"])
        #expect(run.status == 0 && run.stdout == "")
        #expect(run.stderr == "backed up ledger.sqlite to copy.sqlite (readable by you only: it holds the confidential sources, unredacted)\n")
        let help = try sandbox.run(["backup", "--help"], db: nil)
        #expect(help.stdout.contains("confidential sources unredacted"), "\(help)")
    }

    @Test("--notes says what happens: a source's notes are published unless it is confidential, and they are")
    func notesAreWhatTheHelpSays() throws {
        let sandbox = try Sandbox()
        try sandbox.emptyLedger()
        let help = try sandbox.run(["add", "source", "--help"], db: nil)
        #expect(!help.stdout.lowercased().contains("private notes"), "\(help)")
        #expect(help.stdout.contains("published with it"), "\(help)")
        _ = try sandbox.succeed(["add", "source", "Public story", "--notes", "PUBLIC-NOTES-MARKER"])
        _ = try sandbox.succeed(["add", "source", "Insider", "--confidential", "--notes", "SECRET-NOTES-MARKER"])
        _ = try sandbox.succeed(["export", "json", "-o", "out.json"])
        _ = try sandbox.succeed(["export", "sqlite", "out.sqlite"]) // prints its summary on stdout
        for file in ["out.json", "out.sqlite"] {
            let bytes = try sandbox.bytes(file)
            #expect(bytes.range(of: Data("PUBLIC-NOTES-MARKER".utf8)) != nil, "\(file) lacks the public notes")
            #expect(bytes.range(of: Data("SECRET-NOTES-MARKER".utf8)) == nil, "\(file) holds the confidential notes")
        }
    }

    @Test("-o never replaces what is not a regular file: a directory, a dangling link refused; a FIFO, /dev/null, /dev/stdout written through")
    func notRegularFiles() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let report = try sandbox.succeed(["report"])
        try FileManager.default.createDirectory(at: sandbox.url("dir"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: sandbox.url("dangling").path, withDestinationPath: "nowhere")
        for (target, expected) in [
            ("dir", "govledger: error: invalid --output 'dir': expected a file, not a directory\n"),
            ("dir/", "govledger: error: invalid --output 'dir/': expected a file, not a directory\n"),
            (".", "govledger: error: invalid --output '.': expected a file, not a directory\n"),
            ("dangling", "govledger: error: invalid --output 'dangling': expected a file, a device or a FIFO (this is a symbolic link to nothing, which is never followed to create a file)\n"),
        ] {
            for force in [false, true] {
                let run = try sandbox.run(["report", "-o", target] + (force ? ["--force"] : []))
                #expect(run.status == 3 && run.stdout == "" && run.stderr == expected, "\(target) force \(force): \(run)")
            }
        }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: sandbox.url("dir").path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.url("dir").path).isEmpty)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.url("dangling").path) == "nowhere")
        #expect(!sandbox.exists("nowhere"))

        // /dev/null: written to (no --force needed, nothing replaced), and it stays a character device.
        for force in [false, true] {
            let run = try sandbox.run(["report", "-o", "/dev/null"] + (force ? ["--force"] : []))
            #expect(run.status == 0 && run.stdout == "" && run.stderr == "", "\(run)")
        }
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR, "/dev/null is still a device")

        // /dev/stdout: exactly what printing writes (here stdout is a file, as with `> FILE`).
        let viaStdout = try sandbox.run(["report", "-o", "/dev/stdout"])
        #expect(viaStdout.status == 0 && viaStdout.stdout == report && viaStdout.stderr == "", "\(viaStdout)")

        // A FIFO with a reader: written through and still a FIFO, with --force too; without a reader: refused.
        let fifo = sandbox.url("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let lonely = try sandbox.run(["report", "-o", "pipe"])
        #expect(lonely.status == 3 && lonely.stderr == "govledger: error: invalid --output 'pipe': expected a FIFO some process reads\n",
                "\(lonely)")
        for force in [false, true] {
            // This test reads the FIFO itself: opened without blocking, then read once the command has exited
            // (the report fits in the pipe's buffer).
            let reader = open(fifo, O_RDONLY | O_NONBLOCK)
            #expect(reader >= 0)
            defer { close(reader) }
            let run = try sandbox.run(["report", "-o", "pipe"] + (force ? ["--force"] : []))
            var received = Data()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(reader, &buffer, buffer.count)
                if count <= 0 { break }
                received.append(contentsOf: buffer[0..<count])
            }
            #expect(run.status == 0, "\(run)")
            #expect(String(decoding: received, as: UTF8.self) == report)
            #expect(Self.isFIFO(fifo), "the FIFO was replaced")
        }
    }

    @Test("export sqlite /dev/stdout writes the redacted copy to stdout and its summary to stderr")
    func sqliteToStandardOutput() throws {
        let (sandbox, _) = try SourceProtectionTests.ledger()
        let run = try sandbox.run(["export", "sqlite", "/dev/stdout"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdoutData.starts(with: Data("SQLite format 3\u{0}".utf8)))
        #expect(run.stderr.hasPrefix("wrote /dev/stdout: 3 confidential source(s) redacted"), "\(run)")
        for marker in SourceProtectionTests.markers {
            #expect(run.stdoutData.range(of: Data(marker.utf8)) == nil, "the copy holds \(marker)")
        }
        try run.stdoutData.write(to: sandbox.url("piped.sqlite"))
        let verify = try sandbox.run(["verify", "--db", "piped.sqlite"], db: nil)
        #expect(verify.status == 0 && verify.stdout.hasPrefix("intact: "), "\(verify)")
    }

    @Test("-o through a symbolic link: the file it points to is created or (with --force) replaced, the link stays")
    func symbolicLinks() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let report = try sandbox.succeed(["report"])
        try sandbox.write("old\n", to: "target.md")
        try FileManager.default.createSymbolicLink(atPath: sandbox.url("link.md").path, withDestinationPath: "target.md")
        let refused = try sandbox.run(["report", "-o", "link.md"])
        #expect(refused.status == 3 && refused.stderr.contains("expected a new file (or --force to replace it)"))
        _ = try sandbox.succeed(["report", "-o", "link.md", "--force"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.url("link.md").path) == "target.md")
        #expect(String(decoding: try sandbox.bytes("target.md"), as: UTF8.self) == report)
        // A link to the ledger is the ledger.
        try FileManager.default.createSymbolicLink(atPath: sandbox.url("alias.sqlite").path, withDestinationPath: sandbox.db)
        let ledger = try sandbox.run(["report", "-o", "alias.sqlite", "--force"])
        #expect(ledger.status == 3 && ledger.stderr.contains("a path other than the ledger itself"), "\(ledger)")
        // Nothing else was left in the directory (no temporary files).
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).sorted()
        #expect(names == ["alias.sqlite", "ledger.sqlite", "link.md", "target.md"], "\(names)")
    }

    @Test("a ledger that does not verify is not published: export sqlite and export json exit 1, one line, nothing written")
    func brokenLedgerIsNotPublished() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        // Forge a journal entry in place, as a byte editor would: the first journal row's actor, same length.
        var bytes = try sandbox.bytes(sandbox.db)
        let actor = Data(pinnedActor.utf8)
        let at = try #require(bytes.range(of: actor))
        bytes.replaceSubrange(at, with: Data("cli-tesTs".utf8))
        try bytes.write(to: sandbox.url(sandbox.db))
        let verify = try sandbox.run(["verify"])
        try #require(verify.status == 1, "the forgery must break the chain: \(verify)")
        let broken = try #require(verify.stderr.split(separator: "\n").first).dropFirst("govledger: error: ".count)

        for arguments in [["export", "sqlite", "public.sqlite"], ["export", "json", "-o", "public.json"],
                          ["export", "json", "--include-confidential", "-o", "public.json"]] {
            let run = try sandbox.run(arguments)
            #expect(run.status == 1 && run.stdout == "", "\(arguments): \(run)")
            #expect(run.stderr == "govledger: error: ledger 'ledger.sqlite' does not verify (\(broken)); not published, nothing written\n",
                    "\(arguments): \(run)")
        }
        let json = try sandbox.run(["export", "json"])
        #expect(json.status == 1 && json.stdout == "", "\(json)")
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path)
        #expect(names == [sandbox.db], "\(names)")
        // A backup keeps the evidence as it is.
        let backup = try sandbox.run(["backup", "evidence.sqlite"])
        #expect(backup.status == 0, "\(backup)")
        #expect(try sandbox.run(["verify", "--db", "evidence.sqlite"], db: nil).status == 1)
    }

    @Test("a killed write's leftover does not block a retry and is removed by it; export sqlite leaves no private directory")
    func leftoversAreCleaned() throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        let tmp = sandbox.url("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: false)
        // What a killed run leaves: a temporary file beside the destination, a staging directory under TMPDIR,
        // both of a process that is gone (no process has id 2147483646).
        try sandbox.write("partial", to: ".out.md.govledger-2147483646-abc.tmp")
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent("govledger-staging-2147483646-abcdef"),
                                                withIntermediateDirectories: false)
        try sandbox.write("not ours", to: ".out.md.keep")
        _ = try sandbox.succeed(["report", "-o", "out.md"])
        _ = try sandbox.run(["export", "sqlite", "public.sqlite"], environment: ["TMPDIR": tmp.path])
        #expect(sandbox.exists("public.sqlite"))
        let names = try FileManager.default.contentsOfDirectory(atPath: sandbox.directory.path).sorted()
        #expect(names == [".out.md.keep", "ledger.sqlite", "out.md", "public.sqlite", "tmp"], "\(names)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == [])
    }
}
