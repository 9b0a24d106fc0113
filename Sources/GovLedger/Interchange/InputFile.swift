import Crypto
import Foundation

/// A file an importer streams: opened once, hashed in one pass and read in another, through fixed buffers.
///
/// Errors are one line naming the file: no such file, a directory, unreadable.
struct InputFile {
    let path: String
    let descriptor: Int32
    /// Its size and modification time when opened, to notice a file rewritten while it was read.
    let size: Int
    private let modified: timespec

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
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
        size = Int(info.st_size)
        modified = info.st_mtim
    }

    func close() {
        Foundation.close(descriptor)
    }

    /// The SHA-256 of the whole file (lower-case hex), read from its start through a 1 MiB buffer.
    func sha256() throws -> String {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw unreadable() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable()
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return BulkJournal.hex(hasher.finalize())
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
