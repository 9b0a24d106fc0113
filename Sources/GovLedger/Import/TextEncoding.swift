import Foundation

/// Text encodings of imported files: UTF-8 checked byte by byte (the CSV reader's check of every field), and
/// Windows-1252, which SAM.gov's bulk file is written in. Kept apart from any one importer so that the reader
/// and every importer share it.
enum TextEncoding {
    /// The file as UTF-8 bytes: unchanged when they already are valid UTF-8, else decoded from Windows-1252.
    ///
    /// A byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) in a file that is not UTF-8 either
    /// rejects the whole file, naming the line it is on.
    static func utf8(_ data: Data, path: String) throws(LedgerError) -> Data {
        let decoded: Result<Data, LedgerError> = data.withUnsafeBytes { bytes in
            if isUTF8(bytes) { return .success(data) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 16)
            var line = 1
            for byte in bytes {
                switch byte {
                case 0x0A:
                    line += 1
                    out.append(byte)
                case 0x00..<0x80:
                    out.append(byte)
                case 0x80...0x9F:
                    guard let encoded = cp1252High[Int(byte - 0x80)] else {
                        return .failure(.inputFile(
                            path: path, row: line,
                            problem: "is neither UTF-8 nor Windows-1252 text: byte 0x" + String(byte, radix: 16, uppercase: true)
                                + " is undefined in Windows-1252"))
                    }
                    out.append(contentsOf: encoded)
                default:
                    // 0xA0–0xFF are U+00A0–U+00FF: two UTF-8 bytes.
                    out.append(0xC0 | (byte >> 6))
                    out.append(0x80 | (byte & 0x3F))
                }
            }
            return .success(Data(out))
        }
        return try decoded.get()
    }

    /// Windows-1252's 0x80–0x9F, as UTF-8 bytes; nil where the code page defines nothing.
    static let cp1252High: [[UInt8]?] = cp1252HighScalars.map { value in
        value.flatMap(Unicode.Scalar.init).map { Array(String($0).utf8) }
    }

    /// Windows-1252's 0x80–0x9F as Unicode scalars (the Unicode Consortium's CP1252.TXT mapping).
    static let cp1252HighScalars: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80–0x87: € ‚ ƒ „ … † ‡
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,  // 0x88–0x8F: ˆ ‰ Š ‹ Œ Ž
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90–0x97: ‘ ’ “ ” • – —
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,  // 0x98–0x9F: ˜ ™ š › œ ž Ÿ
    ]

    /// True when the bytes are well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let trailing: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: trailing = 1
            case 0xE0: (trailing, low) = (2, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: trailing = 2
            case 0xED: (trailing, high) = (2, 0x9F)
            case 0xF0: (trailing, low) = (3, 0x90)
            case 0xF1...0xF3: trailing = 3
            case 0xF4: (trailing, high) = (3, 0x8F)
            default: return false
            }
            guard index + trailing < count, (low...high).contains(bytes[index + 1]) else { return false }
            for offset in stride(from: 2, through: trailing, by: 1) where !(0x80...0xBF).contains(bytes[index + offset]) {
                return false
            }
            index += trailing + 1
        }
        return true
    }

    /// `isUTF8` over a file read in chunks: a sequence cut by a chunk's end is carried over to the next.
    struct UTF8Check {
        private var carried: [UInt8] = []
        private var valid = true

        mutating func add(_ chunk: UnsafeRawBufferPointer) {
            guard valid else { return }
            let bytes = carried + chunk
            // Where the last sequence starts (at most three continuation bytes back), and whether it is whole.
            var start = bytes.count
            var back = 0
            while start > 0, back < 4 {
                start -= 1
                back += 1
                if bytes[start] & 0xC0 != 0x80 { break }
            }
            let lead = start < bytes.count ? bytes[start] : 0
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            let cut = start < bytes.count && lead & 0xC0 != 0x80 && start + length > bytes.count ? start : bytes.count
            valid = bytes.withUnsafeBytes { TextEncoding.isUTF8(UnsafeRawBufferPointer(rebasing: $0[0..<cut])) }
            carried = Array(bytes[cut...])
        }

        /// True when every byte added was well-formed UTF-8, ending on a whole sequence.
        func finish() -> Bool {
            valid && carried.isEmpty
        }
    }
}
