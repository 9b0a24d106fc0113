import Crypto
import Foundation

/// A file an importer streams: opened once, hashed in one pass and read in another, through fixed buffers.
///
/// Errors are one line naming the file: no such file, a directory, not a regular file, unreadable. Only regular
/// files are read: a device (`/dev/zero`) would never end and a FIFO would block until someone writes to it.
struct InputFile {
    let path: String
    let descriptor: Int32
    /// Its size and modification time when opened, to notice a file rewritten while it was read.
    let size: Int
    private let modified: timespec

    init(path: String) throws {
        self.path = path
        // Non-blocking, so that opening a FIFO returns at once (to be refused below) instead of waiting for a writer.
        descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw LedgerError.inputFile(path: path, row: nil,
                                        problem: errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            Foundation.close(descriptor)
            throw LedgerError.inputFile(path: path, row: nil, problem: "cannot be read (\(reason))")
        }
        guard info.st_mode & S_IFMT != S_IFDIR else {
            Foundation.close(descriptor)
            throw LedgerError.inputFile(path: path, row: nil, problem: "is a directory")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            Foundation.close(descriptor)
            throw LedgerError.inputFile(path: path, row: nil,
                                        problem: "is not a regular file (a device, FIFO or socket): save it to a file and import that")
        }
        // Back to blocking reads: a regular file never blocks, and read() then never returns EAGAIN.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        size = Int(info.st_size)
        modified = info.st_mtim
    }

    func close() {
        Foundation.close(descriptor)
    }

    /// Reads the file from its start through a 1 MiB buffer, handing each chunk to `body`.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw unreadable() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable()
            }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// The SHA-256 of the whole file (lower-case hex).
    func sha256() throws -> String {
        var hasher = SHA256()
        try forEachChunk { hasher.update(bufferPointer: $0) }
        return BulkJournal.hex(hasher.finalize())
    }

    /// The SHA-256 of the whole file and whether all of it is UTF-8, in the same one pass (`import sam` reads a
    /// file that is not as Windows-1252).
    func sha256AndEncoding() throws -> (sha256: String, isUTF8: Bool) {
        var hasher = SHA256()
        var check = TextEncoding.UTF8Check()
        try forEachChunk { chunk in
            hasher.update(bufferPointer: chunk)
            check.add(chunk)
        }
        return (BulkJournal.hex(hasher.finalize()), check.finish())
    }

    /// The whole file, for readers that need it in memory (`load`).
    func contents() throws -> Data {
        var data = Data(capacity: size)
        try forEachChunk { data.append(contentsOf: $0) }
        return data
    }

    /// Reads a whole input file (a regular file only); the error is one line naming it.
    static func contents(of path: String) throws -> Data {
        let file = try InputFile(path: path)
        defer { file.close() }
        return try file.contents()
    }

    /// A CSV reader from the file's start.
    func reader() throws -> CSVReader {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw unreadable() }
        return CSVReader(descriptor: descriptor)
    }

    /// Refuses a file that changed since it was opened: its hash would not describe what was imported.
    func requireUnchanged() throws {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw unreadable() }
        guard Int(info.st_size) == size, info.st_mtim.tv_sec == modified.tv_sec, info.st_mtim.tv_nsec == modified.tv_nsec
        else {
            throw LedgerError.inputFile(path: path, row: nil, problem: "changed while it was being imported; nothing imported")
        }
    }

    private func unreadable() -> LedgerError {
        .inputFile(path: path, row: nil, problem: "cannot be read (\(String(cString: strerror(errno))))")
    }
}
