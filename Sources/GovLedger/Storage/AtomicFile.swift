import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way GovLedger writes a file: every `-o FILE`, `export sqlite`, `backup` and Datasette metadata file
/// goes through here, so that the rules below hold for all of them.
///
/// - **Whole or not at all.** A file is written to a temporary file in the destination's own directory
///   (`.NAME.govledger-PID-RANDOM.tmp`), fsynced, and only then renamed (or, for a new file, hard-linked) into
///   place, and the directory is fsynced. A process killed at any moment leaves either nothing at the
///   destination or the whole file, and never anything that blocks a retry; a temporary file a killed process
///   left behind is removed by the next write to the same destination (once its process is gone, or after a day).
/// - **Owner only.** Every file created is 0600, whatever the umask, a file replaced with `--force` included.
/// - **Never replaces what is not a regular file.** A directory, a block device, a socket or a symbolic link to
///   nothing is refused. A character device or a FIFO (`/dev/null`, a named pipe) is written through, never
///   replaced, and needs no `--force`; so is a name for one of the process's own descriptors (`/dev/stdout`,
///   `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`), which is written exactly as if printed. A symbolic link is
///   followed, like the shell's `>`: what it points to is what is written, created, or (with `--force`) replaced
///   while the link itself stays.
/// - **Never the ledger.** The paths in `Options.protected` (the ledger), and their `-wal`, `-shm` and `-journal`
///   files, are refused however they are named: another spelling, a symbolic link or a hard link.
///
/// Errors are `LedgerError`s: what the path is (a directory, an existing file, a terminal) is an invalid value
/// (exit 3), and a failure to write (no such directory, permission, a full disk) an input-file error (exit 6).
public enum AtomicFile {
    /// How a destination may be written.
    public struct Options: Sendable {
        /// The option or argument that named the path, for messages: `--output`, `OUT`, `path`.
        public var field: String
        /// Replace an existing regular file (`--force`); else only a new file is created.
        public var replaceExisting: Bool
        /// Whether the bytes may go to a terminal (never for confidential or binary content).
        public var allowTerminal: Bool
        /// Files that are never written: the ledger itself (its `-wal`, `-shm` and `-journal` too).
        public var protected: [String]
        /// What an existing file at the path is told to be instead, when it may not be replaced.
        public var expectedNew: String
        /// Whether a symbolic link at the path is followed (as the shell's `>` does); `extract`, whose file names
        /// come from the ledger rather than the user, sets it false so that a link never sends bytes elsewhere.
        public var followsLinks = true

        /// Options for one destination.
        public init(field: String, replaceExisting: Bool = false, allowTerminal: Bool = false, protected: [String] = [],
                    expectedNew: String = "a new file") {
            self.field = field
            self.replaceExisting = replaceExisting
            self.allowTerminal = allowTerminal
            self.protected = protected
            self.expectedNew = expectedNew
        }
    }

    /// What a write did.
    public enum Outcome: Sendable, Equatable {
        /// A new regular file appeared, whole.
        case created
        /// An existing regular file was replaced, whole (`--force`).
        case replaced
        /// A device, a FIFO or an open descriptor received the bytes.
        case wroteThrough
    }

    /// Writes `data` to `path` under `options`.
    @discardableResult
    public static func write(_ data: Data, to path: String, _ options: Options) throws -> Outcome {
        try write(to: path, options) { descriptor in
            try data.withUnsafeBytes { buffer in try writeAll(descriptor, buffer, path: path) }
        }
    }

    /// Copies the finished file `staged` to `path` under `options`: the bytes of `staged` are the only bytes that
    /// ever reach the destination's directory.
    @discardableResult
    public static func publish(file staged: String, to path: String, _ options: Options) throws -> Outcome {
        try write(to: path, options) { descriptor in
            let input = open(staged, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw failure(path, "cannot read the finished copy", errno) }
            defer { close(input) }
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw failure(path, "cannot read the finished copy", errno)
                }
                if count == 0 { break }
                try buffer.withUnsafeBytes { try writeAll(descriptor, UnsafeRawBufferPointer(rebasing: $0[0..<count]), path: path) }
            }
        }
    }

    /// Refuses `path` now, before any work, for what it is (a directory, an existing file, the ledger…): what
    /// `write` would refuse at the end. A command that takes long to build its bytes calls this first.
    public static func check(_ path: String, _ options: Options) throws {
        let destination = try resolve(path, options)
        if case .descriptor(let number) = destination, !options.allowTerminal, isatty(number) == 1 {
            throw terminal(path, options)
        }
    }

    /// Whether `path` names this process's standard output (`/dev/stdout`, `/dev/fd/1`…), where a command's
    /// own message must then not go.
    public static func isStandardOutput(_ path: String) -> Bool {
        (try? descriptorNumber(path)) == 1
    }

    // MARK: Destinations

    enum Destination {
        /// One of this process's own descriptors (`/dev/stdout`).
        case descriptor(Int32)
        /// A character device or a FIFO, opened and written through.
        case stream(String)
        /// Nothing there yet: a new file `name` in `directory`.
        case absent(directory: String, name: String)
        /// An existing regular file (its real path, symbolic links resolved).
        case regular(directory: String, name: String)
    }

    /// What `path` names, refusing what may not be written.
    static func resolve(_ path: String, _ options: Options) throws -> Destination {
        func refuse(_ expected: String) -> LedgerError {
            .invalidValue(field: options.field, value: path, expected: expected)
        }
        guard !path.isEmpty else { throw refuse("a file name") }
        if let number = try descriptorNumber(path) { return .descriptor(number) }
        var link = stat()
        if lstat(path, &link) != 0 {
            let code = errno
            guard code == ENOENT else {
                if code == ENOTDIR { throw refuse("a path whose directories exist") }
                throw failure(path, "cannot look at the path", code)
            }
            guard !path.hasSuffix("/") else { throw refuse("a file, not a directory") }
            let url = URL(fileURLWithPath: path)
            let directory = url.deletingLastPathComponent().path
            var info = stat()
            guard stat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw LedgerError.inputFile(path: path, row: nil, problem: "cannot write the file: no such directory")
            }
            let destination = Destination.absent(directory: directory, name: url.lastPathComponent)
            try refuseProtected(path, canonical: realDirectory(directory) + "/" + url.lastPathComponent, info: nil, options)
            return destination
        }
        var info = link
        if (link.st_mode & S_IFMT) == S_IFLNK, !options.followsLinks {
            throw refuse("a path that is not a symbolic link (extract never follows one)")
        }
        if (link.st_mode & S_IFMT) == S_IFLNK {
            guard stat(path, &info) == 0 else {
                throw refuse("a file, a device or a FIFO (this is a symbolic link to nothing, which is never followed to create a file)")
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw refuse("a file, not a directory")
        case S_IFCHR, S_IFIFO:
            return .stream(path)
        case S_IFREG:
            guard let real = realpath(path, nil) else { throw failure(path, "cannot resolve the path", errno) }
            let resolved = String(cString: real)
            free(real)
            try refuseProtected(path, canonical: resolved, info: info, options)
            guard options.replaceExisting else { throw refuse(options.expectedNew) }
            let url = URL(fileURLWithPath: resolved)
            return .regular(directory: url.deletingLastPathComponent().path, name: url.lastPathComponent)
        default:
            throw refuse("a regular file, a character device or a FIFO (not a block device or a socket)")
        }
    }

    /// The descriptor a path names when it is one of the process's own (`/dev/stdout`, `/dev/fd/3`,
    /// `/proc/self/fd/1`), directly or through symbolic links; nil otherwise. Such a path is the shell's
    /// redirection, so it is written as printing would write it, never replaced.
    static func descriptorNumber(_ path: String) throws -> Int32? {
        var current = path
        for _ in 0..<40 {
            if let number = descriptorName(current) { return number }
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target
                : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target).path
        }
        return nil
    }

    private static func descriptorName(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        case "/dev/stdin": return 0
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/", "/proc/\(getpid())/fd/"] where path.hasPrefix(prefix) {
            if let number = Int32(path.dropFirst(prefix.count)), number >= 0 { return number }
        }
        return nil
    }

    /// Refuses the ledger and its side files, whether named by another spelling, a link or a hard link.
    private static func refuseProtected(_ path: String, canonical: String, info: stat?, _ options: Options) throws {
        for protected in options.protected {
            let url = URL(fileURLWithPath: protected)
            var real = realDirectory(url.deletingLastPathComponent().path) + "/" + url.lastPathComponent
            if let resolved = realpath(protected, nil) {
                real = String(cString: resolved)
                free(resolved)
            }
            var same = [real, real + "-wal", real + "-shm", real + "-journal"].contains(canonical)
            if let info {
                var other = stat()
                if stat(protected, &other) == 0, other.st_dev == info.st_dev, other.st_ino == info.st_ino { same = true }
            }
            if same {
                throw LedgerError.invalidValue(field: options.field, value: path, expected: "a path other than the ledger itself")
            }
        }
    }

    private static func realDirectory(_ directory: String) -> String {
        guard let resolved = realpath(directory.isEmpty ? "." : directory, nil) else { return directory }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: Writing

    /// Resolves `path`, then has `body` write the bytes into a descriptor: a temporary file renamed into place,
    /// or the device, FIFO or descriptor itself.
    static func write(to path: String, _ options: Options, body: (Int32) throws -> Void) throws -> Outcome {
        switch try resolve(path, options) {
        case .descriptor(let number):
            guard options.allowTerminal || isatty(number) != 1 else { throw terminal(path, options) }
            try body(number)
            return .wroteThrough
        case .stream(let device):
            // Non-blocking to open, so that a FIFO nobody reads is refused instead of waiting forever.
            let descriptor = open(device, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else {
                let code = errno
                var info = stat()
                if code == ENXIO, stat(device, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO {
                    throw LedgerError.invalidValue(field: options.field, value: path, expected: "a FIFO some process reads")
                }
                throw failure(path, "cannot open it for writing", code)
            }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0, [S_IFCHR, S_IFIFO].contains(info.st_mode & S_IFMT) else {
                throw LedgerError.invalidValue(field: options.field, value: path, expected: "a character device or a FIFO")
            }
            guard options.allowTerminal || isatty(descriptor) != 1 else { throw terminal(path, options) }
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
            try body(descriptor)
            return .wroteThrough
        case .absent(let directory, let name):
            try replace(directory: directory, name: name, path: path, options, exclusive: true, body: body)
            return .created
        case .regular(let directory, let name):
            try replace(directory: directory, name: name, path: path, options, exclusive: false, body: body)
            return .replaced
        }
    }

    /// Writes a temporary file beside the destination, fsyncs it, moves it into place and fsyncs the directory.
    /// `exclusive`: the destination must still not exist (a hard link, which fails rather than replace).
    private static func replace(directory: String, name: String, path: String, _ options: Options, exclusive: Bool,
                                body: (Int32) throws -> Void) throws {
        removeStaleTemporaries(directory: directory, name: name)
        let destination = directory + "/" + name
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<8 {
            temporary = directory + "/" + temporaryName(name)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw failure(path, "cannot write the file", errno) }
        var linked = false
        defer { if !linked { unlink(temporary) } }
        do {
            defer { if descriptor >= 0 { close(descriptor) } }
            // The umask cannot widen this, but a filesystem may ignore open's mode: set it again.
            guard fchmod(descriptor, 0o600) == 0 else { throw failure(path, "cannot make the file owner-only", errno) }
            try body(descriptor)
            guard fsync(descriptor) == 0 else { throw failure(path, "cannot write the file", errno) }
            let closed = close(descriptor)
            descriptor = -1
            guard closed == 0 else { throw failure(path, "cannot write the file", errno) }
        }
        if exclusive {
            if link(temporary, destination) == 0 {
                linked = true
                unlink(temporary)
            } else {
                let code = errno
                if code == EEXIST {
                    throw LedgerError.invalidValue(field: options.field, value: path, expected: options.expectedNew)
                }
                // A filesystem without hard links: the check and the rename are two steps, the best it allows.
                guard [EPERM, ENOTSUP, EOPNOTSUPP, EMLINK, ENOSYS].contains(code) else {
                    throw failure(path, "cannot write the file", code)
                }
                var info = stat()
                guard lstat(destination, &info) != 0 else {
                    throw LedgerError.invalidValue(field: options.field, value: path, expected: options.expectedNew)
                }
                guard rename(temporary, destination) == 0 else { throw failure(path, "cannot write the file", errno) }
                linked = true
            }
        } else {
            // Still a regular file (not swapped for a directory or a device since it was looked at)?
            var info = stat()
            guard lstat(destination, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                throw LedgerError.invalidValue(field: options.field, value: path,
                                               expected: "a regular file (it changed while being written)")
            }
            guard rename(temporary, destination) == 0 else { throw failure(path, "cannot write the file", errno) }
            linked = true
        }
        syncDirectory(directory)
    }

    /// `.NAME.govledger-PID-RANDOM.tmp`: hidden, named after the destination and the process writing it, so
    /// that a later write can tell a killed process's leftover from a live one's file.
    private static func temporaryName(_ name: String) -> String {
        ".\(name).govledger-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).tmp"
    }

    /// Removes what killed writes to this destination left: temporary files whose process is gone, or older
    /// than a day (a reused process id).
    private static func removeStaleTemporaries(directory: String, name: String) {
        let prefix = ".\(name).govledger-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for entry in names where entry.hasPrefix(prefix) && entry.hasSuffix(".tmp") {
            let rest = entry.dropFirst(prefix.count).dropLast(4)
            guard let pid = rest.split(separator: "-").first.flatMap({ Int32($0) }) else { continue }
            let path = directory + "/" + entry
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid() else { continue }
            if isStale(pid: pid, modified: info) { unlink(path) }
        }
    }

    static func isStale(pid: Int32, modified info: stat) -> Bool {
        if pid == getpid() { return false }
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        #if canImport(Darwin)
        let seconds = info.st_mtimespec.tv_sec
        #else
        let seconds = info.st_mtim.tv_sec
        #endif
        return time(nil) - seconds > 86_400
    }

    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        // Some filesystems refuse fsync on a directory; the rename itself has happened either way.
        _ = fsync(descriptor)
        close(descriptor)
    }

    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < buffer.count {
            let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot write the file", errno)
            }
            offset += written
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }

    private static func failure(_ path: String, _ what: String, _ code: Int32) -> LedgerError {
        .inputFile(path: path, row: nil, problem: "\(what) (\(String(cString: strerror(code))))")
    }

    private static func terminal(_ path: String, _ options: Options) -> LedgerError {
        .invalidValue(field: options.field, value: path,
                      expected: "a file or a pipe, not a terminal (this output may hold confidential sources or binary data)")
    }

    // MARK: Private staging

    /// Runs `body` with a new private directory (0700, under `$TMPDIR`, else the system's temporary directory)
    /// for building a file that must never be seen half-made or unredacted beside its destination, then removes
    /// it. Directories that killed runs left behind (their process gone, or older than a day) are removed first.
    public static func withStagingDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let root = stagingRoot()
        removeStaleStaging(in: root)
        var template = Array("\(root)/govledger-staging-\(getpid())-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw LedgerError.inputFile(path: root, row: nil,
                                        problem: "cannot create a private temporary directory (\(String(cString: strerror(errno))))")
        }
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(directory)
    }

    static func stagingRoot() -> String {
        var root = FileManager.default.temporaryDirectory.path
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        return root
    }

    private static func removeStaleStaging(in root: String) {
        let prefix = "govledger-staging-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return }
        for entry in names where entry.hasPrefix(prefix) {
            guard let pid = entry.dropFirst(prefix.count).split(separator: "-").first.flatMap({ Int32($0) }) else { continue }
            let path = root + "/" + entry
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == geteuid() else { continue }
            if isStale(pid: pid, modified: info) { try? FileManager.default.removeItem(atPath: path) }
        }
    }
}
