import Foundation

/// An RFC 4180 reader over bytes: quoted fields with commas, doubled quotes and line breaks inside them,
/// CRLF, LF or CR-only (old Mac, some Excel saves) line ends, an optional UTF-8 byte-order mark. Rows come with the
/// line number they start on. Empty lines are skipped, as Python's `csv.DictReader` skips them, so a trailing
/// blank line is not a row.
///
/// It streams: a file is read through a fixed 1 MiB buffer, so a 1 GB download never sits in memory, and a
/// record's fields are kept as bytes and made into strings only when asked for (an importer reads a few
/// dozen of a download's 279 columns). A NUL byte anywhere, bytes that are not UTF-8, or a record beyond
/// `maxRecordBytes` or `maxFields` (what a download never holds, and what a stream of zeros or garbage would grow
/// without end) stop the reader with a `problem`.
struct CSVReader {
    /// One record and the 1-based line of the file it starts on; its fields, unescaped, as UTF-8 bytes.
    struct Record {
        /// The fields' bytes one after another.
        fileprivate(set) var bytes: [UInt8] = []
        /// Where each field ends in `bytes`.
        fileprivate(set) var ends: [Int] = []
        var line = 1

        /// How many fields the record has.
        var count: Int { ends.count }

        /// The bytes of field `index`, valid for the duration of `body`.
        func withField<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
            let start = index == 0 ? 0 : ends[index - 1]
            return try bytes.withUnsafeBufferPointer { all in
                try body(UnsafeBufferPointer(rebasing: all[start..<ends[index]]))
            }
        }

        /// Field `index` as text, without leading or trailing spaces (the reader has checked it is UTF-8).
        func trimmed(_ index: Int) -> String {
            withField(index) { field in
                var start = 0
                var end = field.count
                while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
                while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
                return start == end ? "" : String(decoding: UnsafeBufferPointer(rebasing: field[start..<end]), as: UTF8.self)
            }
        }

        /// Every field as text, as written.
        var fields: [String] {
            (0..<count).map { index in withField(index) { String(decoding: $0, as: UTF8.self) } }
        }
    }

    enum Problem: Error, Equatable {
        case unterminatedQuote(line: Int)
        case notUTF8(line: Int)
        case nul(line: Int)
        case unreadable(String)
        case tooLong(line: Int)
        /// A byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), on this line, in a Windows-1252 file.
        case undefinedInWindows1252(line: Int, byte: UInt8)
    }

    /// Whether the bytes are Windows-1252 rather than UTF-8: each record is then decoded to UTF-8 as it is read
    /// (SAM.gov's bulk file), so that a file of any size streams. Whether a whole file is UTF-8 is decided before
    /// reading it (`InputFile.sha256AndEncoding`, `TextEncoding.isUTF8`), as `TextEncoding.utf8` decides it.
    var windows1252 = false
    /// The decoded record, swapped with `record.bytes` (kept to reuse its storage).
    private var decoded: [UInt8] = []

    /// The longest record read: 32 MiB (a SAM.gov description is cut at 100,000 characters; a download's widest
    /// row is a few kilobytes).
    static let maxRecordBytes = 32 << 20
    /// The most fields a record may have (downloads have under 300 columns).
    static let maxFields = 10_000

    /// Where the bytes come from: a file descriptor, or bytes in memory (copied a chunk at a time into the
    /// same buffer, so that both take one code path).
    private let descriptor: Int32?
    private let memory: Data?
    private var memoryOffset = 0
    private let buffer: UnsafeMutableRawBufferPointer
    /// The unread bytes of `buffer` are `position..<filled`.
    private var position = 0
    private var filled = 0
    private var atEnd = false
    private var line = 1
    private(set) var problem: Problem?
    /// The current record, reused from one row to the next so that reading allocates nothing per row.
    private(set) var record = Record()

    /// A reader over bytes in memory.
    init(_ data: Data, bufferSize: Int = 1 << 20) {
        descriptor = nil
        memory = data
        buffer = .allocate(byteCount: max(4, min(bufferSize, data.count)), alignment: 16)
        start()
    }

    /// A reader over an open file, from its current offset; the caller keeps the descriptor open and closes it.
    init(descriptor: Int32, bufferSize: Int = 1 << 20) {
        self.descriptor = descriptor
        memory = nil
        buffer = .allocate(byteCount: max(4, bufferSize), alignment: 16)
        start()
    }

    private mutating func start() {
        refill()
        if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
    }

    /// Frees the read buffer. Call it once, when done with the reader.
    func close() {
        buffer.deallocate()
    }

    /// Reads more of the input into the buffer once everything in it has been consumed.
    private mutating func refill() {
        guard !atEnd else { return }
        position = 0
        filled = 0
        if let memory {
            let count = min(buffer.count, memory.count - memoryOffset)
            if count > 0 {
                let range = memory.startIndex + memoryOffset..<memory.startIndex + memoryOffset + count
                memory.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: range)
                memoryOffset += count
                filled = count
            } else {
                atEnd = true
            }
            return
        }
        guard let descriptor else { return }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 {
                filled = count
                return
            }
            if count < 0, errno == EINTR { continue }
            if count < 0 { problem = .unreadable(String(cString: strerror(errno))) }
            atEnd = true
            return
        }
    }

    /// True while unread bytes remain (reading more of the input if need be).
    private mutating func available() -> Bool {
        if position < filled { return true }
        refill()
        return position < filled
    }

    /// Reads the next record into `record`; false at the end of the input or on a problem.
    mutating func next() -> Bool {
        guard problem == nil, available() else { return false }
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        record.line = line
        // The bits of every byte of the record ORed together: below 0x80 means plain ASCII, valid UTF-8 as it is.
        var highBits: UInt8 = 0
        var fieldStart = true
        var quoted = false
        var wasQuoted = false
        var sawNul = false
        func endField() {
            record.ends.append(record.bytes.count)
            fieldStart = true
            wasQuoted = false
        }
        while available() {
            // Scan a run of ordinary bytes in one go and copy it at once.
            let bytes = UnsafeRawBufferPointer(buffer)
            do {
                var index = position
                var bits: UInt8 = 0
                var lines = 0
                var nul = false
                if quoted {
                    while index < filled {
                        let byte = bytes[index]
                        if byte == 0x22 { break }
                        if byte == 0x0A { lines += 1 }
                        if byte == 0 { nul = true }
                        bits |= byte
                        index += 1
                    }
                } else {
                    while index < filled {
                        let byte = bytes[index]
                        if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { break }
                        if byte == 0 { nul = true }
                        bits |= byte
                        index += 1
                    }
                }
                if index > position {
                    record.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<index]))
                    fieldStart = false
                    if record.bytes.count > CSVReader.maxRecordBytes {
                        problem = .tooLong(line: record.line)
                        return false
                    }
                }
                highBits |= bits
                line += lines
                sawNul = sawNul || nul
                position = index
            }
            // The buffer ended inside a run of ordinary bytes: read on.
            if position == filled { continue }
            let byte = buffer[position]
            position += 1
            if quoted {
                // A quote inside quotes: doubled is a literal quote, else the quoted part ends.
                if available(), buffer[position] == 0x22 {
                    record.bytes.append(0x22)
                    position += 1
                } else {
                    quoted = false
                }
                continue
            }
            switch byte {
            case 0x22 where fieldStart && !wasQuoted:
                quoted = true
                wasQuoted = true
                fieldStart = false
            case 0x22:
                record.bytes.append(byte)
                fieldStart = false
            case 0x2C:
                endField()
                if record.ends.count > CSVReader.maxFields {
                    problem = .tooLong(line: record.line)
                    return false
                }
            case 0x0D where available() && buffer[position] == 0x0A:
                continue  // CRLF: the LF ends the record
            default:  // 0x0A, or a CR alone
                line += 1
                if record.ends.isEmpty, record.bytes.isEmpty, fieldStart, !wasQuoted {
                    // An empty line is no record: read on from the next line.
                    record.line = line
                    continue
                }
                endField()
                return finish(highBits: highBits, nul: sawNul)
            }
        }
        if problem != nil { return false }
        if quoted {
            problem = .unterminatedQuote(line: record.line)
            return false
        }
        // The input ended on an empty line (or was empty after its last line end): no record.
        if record.ends.isEmpty, record.bytes.isEmpty, fieldStart, !wasQuoted { return false }
        endField()
        return finish(highBits: highBits, nul: sawNul)
    }

    /// Checks the record's text: no NUL, and valid UTF-8 field by field (only when it is not plain ASCII).
    private mutating func finish(highBits: UInt8, nul: Bool) -> Bool {
        if nul {
            problem = .nul(line: record.line)
            return false
        }
        guard highBits >= 0x80 else { return true }
        if windows1252 { return decodeWindows1252() }
        for index in 0..<record.count {
            let valid = record.withField(index) { TextEncoding.isUTF8(UnsafeRawBufferPointer($0)) }
            if !valid {
                problem = .notUTF8(line: record.line)
                return false
            }
        }
        return true
    }

    /// Decodes the record from Windows-1252 to UTF-8 (0x80–0x9F by the code page's table, 0xA0–0xFF to
    /// U+00A0–U+00FF), moving the field ends along; an undefined byte stops the reader, naming its own line.
    private mutating func decodeWindows1252() -> Bool {
        decoded.removeAll(keepingCapacity: true)
        var field = 0
        var line = record.line
        for (index, byte) in record.bytes.enumerated() {
            while field < record.ends.count, record.ends[field] == index {
                record.ends[field] = decoded.count
                field += 1
            }
            switch byte {
            case 0x0A:
                line += 1
                decoded.append(byte)
            case 0x00..<0x80:
                decoded.append(byte)
            case 0x80...0x9F:
                guard let encoded = TextEncoding.cp1252High[Int(byte - 0x80)] else {
                    problem = .undefinedInWindows1252(line: line, byte: byte)
                    return false
                }
                decoded.append(contentsOf: encoded)
            default:
                decoded.append(0xC0 | (byte >> 6))
                decoded.append(0x80 | (byte & 0x3F))
            }
        }
        while field < record.ends.count {
            record.ends[field] = decoded.count
            field += 1
        }
        swap(&record.bytes, &decoded)
        return true
    }
}
