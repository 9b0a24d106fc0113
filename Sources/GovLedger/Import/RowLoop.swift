/// Every importer's reading loop: the header, then each row parsed or rejected with its line and reason.
///
/// A ragged row (not as many fields as the header) or one its parser refuses is counted and listed in the
/// summary, and the loop reads on; a problem with the file itself (an unterminated quote, bytes that are not
/// text, an unreadable disk) ends it with one error naming the file and line.
struct RowLoop {
    let path: String
    /// The header's names, as written.
    let header: [String]
    let columns: USAspending.Columns
    private var reader: CSVReader

    /// Reads the header; an empty file, or one that is not a CSV file, is refused.
    init(_ reader: CSVReader, path: String) throws {
        var reader = reader
        guard reader.next() else {
            throw reader.problem.map { $0.error(path) } ?? LedgerError.inputFile(path: path, row: nil, problem: "is empty")
        }
        self.reader = reader
        self.path = path
        header = reader.record.fields
        columns = USAspending.Columns(header)
    }

    /// Refuses a header without one of `names` (compared as `Columns` compares them: trimmed, case folded).
    func require(_ names: [String]) throws {
        for name in names where columns[name.lowercased()] == nil {
            throw LedgerError.inputFile(path: path, row: 1, problem: "missing required column \(name)")
        }
    }

    /// The next row that reads, counting and listing in `summary` those that do not; nil at the end of the file.
    mutating func next<Row>(_ summary: inout ImportSummary,
                            _ parse: (CSVReader.Record, inout Normalisations) throws -> Row) throws -> Row? {
        while reader.next() {
            summary.rowsRead += 1
            let record = reader.record
            guard record.count == header.count else {
                summary.rejected.append(.init(row: record.line, reason: "has \(record.count) fields; the header has \(header.count)"))
                continue
            }
            do {
                return try parse(record, &summary.normalised)
            } catch let error as LedgerError {
                summary.rejected.append(.init(row: record.line, reason: error.description))
            }
        }
        if let problem = reader.problem { throw problem.error(path) }
        return nil
    }
}

extension CSVReader.Problem {
    /// The one-line error for a file the reader stopped on.
    func error(_ path: String) -> LedgerError {
        switch self {
        case .unterminatedQuote(let line):
            .inputFile(path: path, row: line, problem: "a quoted field is never closed")
        case .notUTF8(let line):
            .inputFile(path: path, row: line, problem: "is not UTF-8 text")
        case .nul(let line):
            .inputFile(path: path, row: line, problem: "holds a NUL byte: not a text CSV file (UTF-16, or binary data?)")
        case .unreadable(let reason):
            .inputFile(path: path, row: nil, problem: "cannot be read (\(reason))")
        case .tooLong(let line):
            .inputFile(path: path, row: line, problem: "has a row longer than \(CSVReader.maxRecordBytes >> 20) MiB or with more than \(CSVReader.maxFields) fields: not a CSV download (binary data, or an unterminated quote?)")
        case .undefinedInWindows1252(let line, let byte):
            .inputFile(path: path, row: line, problem: "is neither UTF-8 nor Windows-1252 text: byte 0x"
                + String(byte, radix: 16, uppercase: true) + " is undefined in Windows-1252")
        }
    }
}
