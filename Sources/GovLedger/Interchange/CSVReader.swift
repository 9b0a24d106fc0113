import Foundation

/// An RFC 4180 reader over bytes: quoted fields with commas, doubled quotes and line breaks inside them,
/// CRLF or LF line ends, an optional UTF-8 byte-order mark. Rows come with the line number they start on.
struct CSVReader: Sequence, IteratorProtocol {
    /// One record and the 1-based line of the file it starts on.
    struct Record {
        var fields: [String]
        var line: Int
    }

    enum Problem: Error {
        case unterminatedQuote(line: Int)
        case notUTF8(line: Int)
    }

    private let bytes: [UInt8]
    private var position: Int
    private var line = 1
    /// Fields in the previous record, to size the next one's array at once.
    private var width = 0
    private(set) var problem: Problem?

    init(_ data: Data) {
        bytes = [UInt8](data)
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    mutating func next() -> Record? {
        guard problem == nil, position < bytes.count else { return nil }
        let start = line
        var fields: [String] = []
        fields.reserveCapacity(width)
        var field: [UInt8] = []
        // The bits of every byte in the field ORed together: below 0x80 means plain ASCII, valid UTF-8 as it is.
        var highBits: UInt8 = 0
        var quoted = false
        var wasQuoted = false
        func finish() -> Bool {
            // Most fields of a wide download are empty or ASCII; only others need the (slower) UTF-8 validation.
            if field.isEmpty {
                fields.append("")
            } else if highBits < 0x80 {
                fields.append(String(decoding: field, as: UTF8.self))
            } else if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                problem = .notUTF8(line: start)
                return false
            }
            field.removeAll(keepingCapacity: true)
            width = Swift.max(width, fields.count)
            highBits = 0
            wasQuoted = false
            return true
        }
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if quoted {
                if byte == 0x22 {
                    if position < bytes.count, bytes[position] == 0x22 {
                        field.append(0x22)
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                    highBits |= byte
                }
                continue
            }
            switch byte {
            case 0x22 where field.isEmpty && !wasQuoted:
                quoted = true
                wasQuoted = true
            case 0x2C:
                guard finish() else { return nil }
            case 0x0D where position < bytes.count && bytes[position] == 0x0A:
                continue
            case 0x0A:
                line += 1
                return finish() ? Record(fields: fields, line: start) : nil
            default:
                field.append(byte)
                highBits |= byte
            }
        }
        if quoted {
            problem = .unterminatedQuote(line: start)
            return nil
        }
        return finish() ? Record(fields: fields, line: start) : nil
    }
}
