import Crypto
import Foundation
import Testing

/// The evidence locker (docs/evidence.md): attach, show, extract, verify, reports and exports, end to end.
@Suite("Evidence locker")
struct EvidenceTests {
    /// A small PDF-looking file with every byte value in it, so that nothing is taken for text on the way.
    static let memo: Data = Data("%PDF-1.4\n".utf8) + Data((0...255).map { UInt8($0) }) + Data("\n%%EOF\n".utf8)

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The demo ledger with `memo.pdf` in the working directory.
    static func ledger() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try memo.write(to: sandbox.url("memo.pdf"))
        return sandbox
    }

    @Test("attach keeps the file: show lists it with its hash, verify passes, extract writes it back byte for byte, 0600")
    func attachShowExtract() throws {
        let sandbox = try Self.ledger()
        let hash = Self.sha256(Self.memo)
        #expect(try sandbox.succeed(["attach", "1", "memo.pdf"]) == "\(hash)  memo.pdf\n")
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
        let show = try sandbox.succeed(["show", "document", "1", "--format", "csv"])
        #expect(show.contains("name,sha256,size,media_type,attached_at,attached_by\r\nmemo.pdf,\(hash),\(Self.memo.count),application/pdf,\(pinnedNow),\(pinnedActor)\r\n"), "\(show)")
        let journal = try sandbox.succeed(["journal", "--format", "nl"])
        let last = try #require(journal.split(separator: "\n").last)
        #expect(last.contains(#""command": "attach""#) && last.contains(hash) && last.contains(#""kind": "document""#))
        try FileManager.default.createDirectory(at: sandbox.url("out"), withIntermediateDirectories: true)
        #expect(try sandbox.succeed(["extract", "1", "-o", "out"]) == "\(hash)  out/memo.pdf\n")
        #expect(try sandbox.bytes("out/memo.pdf") == Self.memo)
        let mode = try FileManager.default.attributesOfItem(atPath: sandbox.url("out/memo.pdf").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Never over an existing file without --force.
        let again = try sandbox.run(["extract", "1", "-o", "out"])
        #expect(again.status == 3 && again.stdout.isEmpty)
        #expect(again.stderr == "govledger: error: invalid --output 'out/memo.pdf': expected a folder where no file of that name exists (or --force to replace it)\n")
        try Data("changed".utf8).write(to: sandbox.url("out/memo.pdf"))
        #expect(try sandbox.succeed(["extract", "1", "-o", "out", "--force"]) == "\(hash)  out/memo.pdf\n")
        #expect(try sandbox.bytes("out/memo.pdf") == Self.memo)
    }

    /// A file's name comes from the ledger (a loaded file may carry any name): a link of that name in the folder
    /// must not send the bytes to wherever it points, even with --force.
    @Test("extract --force never writes through a symbolic link; the file it points to is untouched")
    func extractRefusesLinks() throws {
        let sandbox = try Self.ledger()
        _ = try sandbox.succeed(["attach", "1", "memo.pdf"])
        try FileManager.default.createDirectory(at: sandbox.url("out"), withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: sandbox.url("elsewhere.txt"))
        try FileManager.default.createSymbolicLink(atPath: sandbox.url("out/memo.pdf").path,
                                                   withDestinationPath: sandbox.url("elsewhere.txt").path)
        for force in [true, false] {
            let run = try sandbox.run(["extract", "1", "-o", "out"] + (force ? ["--force"] : []))
            #expect(run.status == 3 && run.stdout.isEmpty, "\(run)")
            #expect(run.stderr == "govledger: error: invalid --output 'out/memo.pdf': expected a path that is not a symbolic link (extract never follows one)\n")
        }
        #expect(try sandbox.bytes("elsewhere.txt") == Data("keep me".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.url("out/memo.pdf").path) == sandbox.url("elsewhere.txt").path)
    }

    @Test("identical bytes are kept once however often attached; add document --file attaches at creation")
    func oneCopy() throws {
        let sandbox = try Self.ledger()
        let big = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) })
        try big.write(to: sandbox.url("big.bin"))
        try big.write(to: sandbox.url("copy.bin"))
        _ = try sandbox.succeed(["attach", "2", "big.bin"])
        let once = try sandbox.bytes("ledger.sqlite").count
        _ = try sandbox.succeed(["attach", "3", "copy.bin"])
        let id = try sandbox.succeed(["add", "document", "The same file again", "--kind", "other", "--file", "big.bin",
                                      "--file", "memo.pdf"]).trimmingCharacters(in: .newlines)
        _ = try sandbox.succeed(["verify"])
        // WAL frames are checkpointed into the file by now; a second copy would add 3 MB.
        #expect(try sandbox.bytes("ledger.sqlite").count < once + (1 << 20))
        let show = try sandbox.succeed(["show", "document", id, "--format", "csv"])
        #expect(show.contains("big.bin,\(Self.sha256(big)),\(big.count),application/octet-stream,"))
        #expect(show.contains("memo.pdf,\(Self.sha256(Self.memo)),\(Self.memo.count),application/pdf,"))
        try FileManager.default.createDirectory(at: sandbox.url("out"), withIntermediateDirectories: true)
        _ = try sandbox.succeed(["extract", id, "-o", "out"])
        #expect(try sandbox.bytes("out/big.bin") == big)
    }

    @Test("reports print each document's hashes; export json carries them, never the bytes")
    func reportsAndExports() throws {
        let sandbox = try Self.ledger()
        let hash = Self.sha256(Self.memo)
        _ = try sandbox.succeed(["attach", "1", "memo.pdf"])
        for format in ["md", "html", "json"] {
            let report = try sandbox.succeed(["report", "--format", format])
            #expect(format == "json" ? report.contains(hash) : report.contains("SHA-256 of the memo as received: \(hash)"), "\(format)")
            #expect(!report.contains("memo.pdf"), "\(format) names the file")
        }
        let md = try sandbox.succeed(["report", "--format", "md"])
        #expect(md.contains("[document 1]") && md.contains("\n  - SHA-256 of the memo as received: \(hash)\n"))
        let json = try sandbox.succeed(["export", "json"])
        #expect(json.contains(hash) && !json.contains("content_base64") && !json.contains("\"evidence\""))
        #expect(!json.contains(Self.memo.base64EncodedString()))
    }

    @Test("export json --include-confidential carries the bytes; load restores them: export, load, export is byte for byte")
    func roundTrip() throws {
        let sandbox = try Self.ledger()
        _ = try sandbox.succeed(["attach", "1", "memo.pdf"])
        _ = try sandbox.succeed(["tag", "pursuit", "1", "follow-up", "ice-story"])
        _ = try sandbox.succeed(["tag", "agency", "DHS", "follow-up"])
        _ = try sandbox.succeed(["note", "pursuit", "1", "call the press office again"])
        _ = try sandbox.succeed(["export", "json", "--include-confidential", "-o", "private.json"])
        let exported = try sandbox.bytes("private.json")
        #expect(String(decoding: exported, as: UTF8.self).contains(Self.memo.base64EncodedString()))
        #expect(try sandbox.run(["init"], db: "moved.sqlite").status == 0)
        #expect(try sandbox.run(["load", "private.json"], db: "moved.sqlite").status == 0)
        _ = try sandbox.succeed(["verify"], db: "moved.sqlite")
        _ = try sandbox.succeed(["export", "json", "--include-confidential", "-o", "again.json"], db: "moved.sqlite")
        #expect(try sandbox.bytes("again.json") == exported)
        try FileManager.default.createDirectory(at: sandbox.url("out"), withIntermediateDirectories: true)
        _ = try sandbox.succeed(["extract", "1", "-o", "out"], db: "moved.sqlite")
        #expect(try sandbox.bytes("out/memo.pdf") == Self.memo)
        #expect(try sandbox.succeed(["show", "pursuit", "1", "--format", "csv"], db: "moved.sqlite")
            .hasSuffix("\r\n\r\n# tags\r\ntag\r\nfollow-up\r\nice-story\r\n\r\n# notes\r\nid,note\r\n1,call the press office again\r\n"))
        // A public export keeps the hashes only: loaded, the file is listed but its bytes are not there to extract.
        _ = try sandbox.succeed(["export", "json", "-o", "public.json"])
        #expect(try sandbox.run(["init"], db: "public.sqlite").status == 0)
        #expect(try sandbox.run(["load", "public.json"], db: "public.sqlite").status == 0)
        _ = try sandbox.succeed(["verify"], db: "public.sqlite")
        #expect(try sandbox.succeed(["show", "document", "1", "--format", "csv"], db: "public.sqlite").contains(Self.sha256(Self.memo)))
        let published = String(decoding: try sandbox.bytes("public.json"), as: UTF8.self)
        #expect(published.contains("\"ice-story\"") && !published.contains("press office"))
        #expect(try sandbox.succeed(["list", "pursuits", "--tag", "ice-story", "--format", "csv"], db: "public.sqlite").contains("\r\n1,"))
        let refused = try sandbox.run(["extract", "1", "-o", "out", "--force"], db: "public.sqlite")
        #expect(refused.status == 3)
        #expect(refused.stderr == "govledger: error: refused: document 1's file 'memo.pdf' was left out of this copy of the ledger (a published export keeps hashes, never bytes)\n")
    }

    @Test("export sqlite keeps the hashes, never the bytes; the copy verifies")
    func sqliteCopy() throws {
        let sandbox = try Self.ledger()
        let marker = Data("ZQX-EVIDENCE-BYTES-MARKER".utf8)
        try (Data("%PDF-1.7\n".utf8) + marker).write(to: sandbox.url("secret.pdf"))
        _ = try sandbox.succeed(["attach", "1", "secret.pdf"])
        _ = try sandbox.succeed(["export", "sqlite", "public.sqlite"])
        #expect(try sandbox.bytes("public.sqlite").range(of: marker) == nil)
        #expect(try sandbox.succeed(["verify"], db: "public.sqlite").hasPrefix("intact: "))
        #expect(try sandbox.succeed(["show", "document", "1", "--format", "csv"], db: "public.sqlite")
            .contains(Self.sha256(Data("%PDF-1.7\n".utf8) + marker)))
    }

    @Test("media types are told from the bytes", arguments: [
        ("a.txt", Data("%PDF-1.5 whatever".utf8), "application/pdf"),
        ("a.pdf", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]), "image/png"),
        ("a", Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), "image/jpeg"),
        ("a", Data("GIF89a\u{01}\u{00}".utf8), "image/gif"),
        ("a", Data([0x50, 0x4B, 0x03, 0x04]) + Data("\u{14}\u{00}[Content_Types].xml word/document.xml".utf8),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a", Data([0x50, 0x4B, 0x03, 0x04]) + Data("\u{14}\u{00}[Content_Types].xml xl/workbook.xml".utf8),
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("a", Data([0x50, 0x4B, 0x03, 0x04]) + Data("\u{14}\u{00}[Content_Types].xml ppt/presentation.xml".utf8),
         "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("a", Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]) + Data("notes.txt".utf8), "application/zip"),
        ("a", Data("<!DOCTYPE html>\n<html><body>ICE</body></html>\n".utf8), "text/html"),
        ("a", Data("vendor,agency,amount\nSalesforce,ICE,5\nPalantir,ICE,7\n".utf8), "text/csv"),
        ("a", Data("Nearly 900 signatures.\nSent to Benioff.\n".utf8), "text/plain"),
        ("a", Data([0x00, 0x01, 0x02, 0xFE]), "application/octet-stream"),
    ] as [(String, Data, String)])
    func mediaTypes(name: String, bytes: Data, expected: String) throws {
        let sandbox = try Sandbox()
        try sandbox.demoLedger()
        try bytes.write(to: sandbox.url(name))
        _ = try sandbox.succeed(["attach", "1", name])
        let show = try sandbox.succeed(["show", "document", "1", "--format", "csv"])
        #expect(show.contains("\(name),\(Self.sha256(bytes)),\(bytes.count),\(expected),"), "\(show)")
    }

    @Test("a tampered file is named by verify, and extract refuses its bytes")
    func tampering() throws {
        let sandbox = try Self.ledger()
        _ = try sandbox.succeed(["attach", "1", "memo.pdf"])
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [sandbox.url("ledger.sqlite").path,
                            "UPDATE evidence_chunks SET bytes = CAST('%PDF-1.4 forged' AS BLOB)"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let verify = try sandbox.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("document 1: its file 'memo.pdf' no longer matches its SHA-256 \(Self.sha256(Self.memo))"), "\(verify)")
        try FileManager.default.createDirectory(at: sandbox.url("out"), withIntermediateDirectories: true)
        let extract = try sandbox.run(["extract", "1", "-o", "out"])
        #expect(extract.status == 3 && !sandbox.exists("out/memo.pdf"), "\(extract)")
    }

    @Test("tags find records in list and search; untag takes them off; a note is shown by show only, masked in the journal")
    func tagsAndNotes() throws {
        let sandbox = try Self.ledger()
        #expect(try sandbox.succeed(["tag", "pursuit", "1", "Follow-Up", "ice-story", "follow-up"]) == "follow-up ice-story\n")
        #expect(try sandbox.succeed(["tag", "award", "1", "follow-up"]) == "follow-up\n")
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
        let pursuits = try sandbox.succeed(["list", "pursuits", "--tag", "follow-up", "--format", "csv"])
        #expect(pursuits.split(separator: "\r\n").count == 2 && pursuits.contains("\r\n1,"), "\(pursuits)")
        #expect(try sandbox.succeed(["list", "awards", "--tag", "follow-up", "--tag", "ice-story", "--format", "csv"])
            .split(separator: "\r\n").count == 1)
        let hits = try sandbox.succeed(["search", "ICE", "--tag", "follow-up", "--format", "csv"])
        #expect(hits.split(separator: "\r\n").map { $0.prefix(10) } == ["kind,ref,t", "pursuit,1,", "award,1,,S"], "\(hits)")
        let report = try sandbox.succeed(["report", "--tag", "follow-up"])
        #expect(report.contains("Scope: all vendors, at all agencies, tagged follow-up\n"), "\(report)")
        #expect(report.contains("### Salesforce AI for ICE") && !report.contains("Palantir"), "\(report)")
        let none = try sandbox.succeed(["report", "--tag", "nothing-tagged", "--format", "json"])
        #expect(none.contains("\"pursuits\" : [\n\n  ],") && none.contains("\"--tag nothing-tagged\""), "\(none)")
        #expect(try sandbox.succeed(["untag", "pursuit", "1", "ice-story"]) == "follow-up\n")
        #expect(try sandbox.succeed(["list", "pursuits", "--tag", "ice-story", "--format", "csv"]).split(separator: "\r\n").count == 1)
        #expect(try sandbox.succeed(["note", "pursuit", "1", "her number is in my notebook"]) == "1\n")
        #expect(try sandbox.succeed(["show", "pursuit", "1", "--format", "csv"])
            .hasSuffix("\r\n\r\n# tags\r\ntag\r\nfollow-up\r\n\r\n# notes\r\nid,note\r\n1,her number is in my notebook\r\n"))
        let journal = try sandbox.succeed(["journal", "--format", "nl"])
        #expect(!journal.contains("notebook") && journal.contains(#"\"text\":\"[private note]\""#))
        #expect(try sandbox.succeed(["verify"]).hasPrefix("intact: "))
    }
}
