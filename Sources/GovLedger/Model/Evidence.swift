import Foundation

/// A file kept in the evidence locker and attached to a document: what its journal image and every export
/// carry. The bytes themselves live once per SHA-256 in the ledger (`evidence_blobs`, `evidence_chunks`) and
/// leave it only through `extract` and `export json --include-confidential`.
public struct DocumentFile: Codable, Hashable, Sendable {
    /// SHA-256 of the bytes as received, lower-case hex: the evidence a published report pins.
    public var sha256: String
    /// Its length in bytes.
    public var size: Int64
    /// What the bytes are, sniffed from them (never from the name): `application/pdf`, `image/png`…
    public var mediaType: String
    /// The file's name when attached (its last path component).
    public var name: String
    /// When it was attached, in UTC (`2026-11-22T19:30:01Z`).
    public var attachedAt: String
    /// Who attached it (`--as`, else `$GOVLEDGER_ACTOR`, else the OS user).
    public var attachedBy: String
    /// True when this copy of the ledger holds the hash but not the bytes (`export sqlite`, a load of a public
    /// `export json`); nil when the bytes are here. Part of the image, so that no one can drop the bytes
    /// unnoticed by marking them withheld.
    public var withheld: Bool?

    /// Creates a file entry.
    public init(sha256: String, size: Int64, mediaType: String, name: String, attachedAt: String, attachedBy: String) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.name = name
        self.attachedAt = attachedAt
        self.attachedBy = attachedBy
    }
}

/// A file's bytes in the interchange format, base64: only `export json --include-confidential` writes them, so
/// that a ledger moves whole between one's own machines.
public struct EvidenceContent: Codable, Hashable, Sendable {
    /// SHA-256 of the bytes, lower-case hex.
    public var sha256: String
    /// The bytes, base64 (RFC 4648, with padding).
    public var contentBase64: String

    /// Creates an entry.
    public init(sha256: String, contentBase64: String) {
        self.sha256 = sha256
        self.contentBase64 = contentBase64
    }
}

/// Media types told from a file's first bytes: what the file is, whatever its name says.
public enum MediaType {
    /// Bytes of a file's start that `sniff` needs at most.
    public static let prefixLength = 4096

    /// The media type of a file whose first bytes are `prefix` (at most `prefixLength` of them are looked at).
    public static func sniff(_ prefix: [UInt8]) -> String {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            prefix.count >= offset + magic.count && Array(prefix[offset..<offset + magic.count]) == magic
        }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return zipType(prefix) }
        return textType(prefix) ?? "application/octet-stream"
    }

    /// An Office Open XML file is a ZIP whose first entries name its part folder (`word/`, `xl/`, `ppt/`); the
    /// content-types entry comes first, so the folder's name is within the first few kilobytes.
    private static func zipType(_ prefix: [UInt8]) -> String {
        let text = String(decoding: prefix.prefix(prefixLength), as: UTF8.self)
        guard text.contains("[Content_Types].xml") || text.contains("_rels/") || text.contains("docProps/") else {
            return "application/zip"
        }
        if text.contains("word/") {
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        }
        if text.contains("xl/") { return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }
        if text.contains("ppt/") {
            return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        }
        return "application/zip"
    }

    /// HTML, CSV or plain text when the start is text (UTF-8, no NUL, few control characters); nil otherwise.
    private static func textType(_ prefix: [UInt8]) -> String? {
        var bytes = prefix.prefix(prefixLength)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard !bytes.isEmpty, !bytes.contains(0) else { return nil }
        let controls = bytes.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }
        guard controls.isEmpty else { return nil }
        // The last bytes may be a UTF-8 sequence cut by the prefix: up to three are forgiven.
        var text = String(validating: Array(bytes), as: UTF8.self)
        for cut in 1...3 where text == nil && bytes.count > cut {
            text = String(validating: Array(bytes.dropLast(cut)), as: UTF8.self)
        }
        guard let text else { return nil }
        let start = text.drop { $0.isWhitespace }.prefix(15).lowercased()
        if start.hasPrefix("<!doctype html") || start.hasPrefix("<html") || start.hasPrefix("<head")
            || start.hasPrefix("<body") {
            return "text/html"
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).prefix(5).map { $0.filter { $0 != "\r" } }
        if lines.count >= 2 {
            let commas = lines.map { $0.filter { $0 == "," }.count }
            if let first = commas.first, first > 0, commas.dropLast().allSatisfy({ $0 == first }) { return "text/csv" }
        }
        return "text/plain"
    }
}
