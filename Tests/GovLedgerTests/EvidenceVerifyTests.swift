import Foundation
import GRDB
import Testing
@testable import GovLedger

/// `verify` re-hashes every file in the evidence locker (docs/evidence.md): tampering done for real with the
/// sqlite3 shell, and the problem it must name.
extension VerifyTests {
    /// A ledger file with two documents, each with a file of its own, closed again.
    static func lockerFile(in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("ledger.sqlite").path
        let memo = directory.appendingPathComponent("memo.pdf")
        let sheet = directory.appendingPathComponent("sheet.csv")
        try Data("%PDF-1.4\nthe memo as received\n".utf8).write(to: memo)
        try Data("vendor,agency\nSalesforce,ICE\n".utf8).write(to: sheet)
        let ledger = try Ledger.create(at: path, actor: "tester", clock: { journalTime })
        _ = try ledger.addDocument(kind: .memo, title: "Memo", files: [memo.path])
        _ = try ledger.addDocument(kind: .spreadsheet, title: "Sheet", files: [sheet.path])
        #expect(try ledger.verify().intact)
        return path
    }

    /// Each tampering, the document the first problem must name (0: either) and what it must say.
    static let lockerTamperings: [(name: String, sql: String, ref: Int64, message: String)] = [
        ("a changed byte", "UPDATE evidence_chunks SET bytes = CAST('%PDF-1.4\nthe memo as forged\n' AS BLOB) WHERE seq = 0 AND sha256 = (SELECT sha256 FROM document_files WHERE document_id = 1)",
         1, "its file 'memo.pdf' no longer matches its SHA-256"),
        ("bytes swapped between two files", """
            PRAGMA foreign_keys = OFF;
            UPDATE evidence_chunks SET sha256 = 'swap' WHERE sha256 = (SELECT sha256 FROM document_files WHERE document_id = 1);
            UPDATE evidence_chunks SET sha256 = (SELECT sha256 FROM document_files WHERE document_id = 1)
              WHERE sha256 = (SELECT sha256 FROM document_files WHERE document_id = 2);
            UPDATE evidence_chunks SET sha256 = (SELECT sha256 FROM document_files WHERE document_id = 2) WHERE sha256 = 'swap';
            """, 0, "no longer matches its SHA-256"),
        ("a document pointed at another file", """
            PRAGMA foreign_keys = OFF;
            UPDATE document_files SET sha256 = (SELECT sha256 FROM document_files WHERE document_id = 2) WHERE document_id = 1;
            """, 1, "differs from its journal image in files"),
        ("a file's bytes deleted", "DELETE FROM evidence_chunks WHERE sha256 = (SELECT sha256 FROM document_files WHERE document_id = 2)",
         2, "its file 'sheet.csv' no longer matches its SHA-256"),
        ("a file marked withheld", "UPDATE evidence_blobs SET withheld = 1 WHERE sha256 = (SELECT sha256 FROM document_files WHERE document_id = 2)",
         2, "differs from its journal image in files"),
    ]

    @Test("verify re-hashes the evidence locker", arguments: lockerTamperings.indices)
    func lockerTampering(_ index: Int) throws {
        let tampering = Self.lockerTamperings[index]
        try withTemporaryDirectory { directory in
            let path = try Self.lockerFile(in: directory)
            try sqlite3(path, tampering.sql)
            let verification = try Ledger.open(at: path).verify()
            let problem = try #require(verification.problems.first, "\(tampering.name): not caught")
            #expect(problem.kind == "document" && (tampering.ref == 0 || problem.ref == tampering.ref), "\(tampering.name): \(verification.problems)")
            #expect(problem.message.contains(tampering.message), "\(tampering.name): \(problem.message)")
        }
    }
}
