#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw file descriptor: whole-buffer writes, positional reads, `fsync`.
///
/// Writers call `write` once per batch (never per row), so no user-space buffering is needed.
/// `read(at:count:)` uses `pread`, which leaves the shared file position alone, so one open
/// file can serve reads from many threads. `close` is for the single owning thread only.
final class PosixFile: @unchecked Sendable {
    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close() }

    /// Creates (or truncates) `path` for writing.
    static func create(path: String) throws -> PosixFile {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("create", path) }
        return PosixFile(path: path, descriptor: descriptor)
    }

    /// Opens `path` for reading; throws `ResultError.notFound` when it does not exist.
    static func openForReading(path: String) throws -> PosixFile {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw ResultError.notFound }
            throw failure("open", path)
        }
        return PosixFile(path: path, descriptor: descriptor)
    }

    /// Writes all of `bytes`, retrying short writes and interrupts.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        var written = 0
        while written < bytes.count {
            let result = systemWrite(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write", path)
            }
            written += result
        }
    }

    /// Writes all of `bytes` at `offset` (`pwrite`: safe from several threads at once on
    /// disjoint ranges; the file position does not move).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var written = 0
        while written < bytes.count {
            let result = pwrite(
                descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written, off_t(offset + written))
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write", path)
            }
            written += result
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Reads exactly `count` bytes at `offset`; a file that ends sooner is `ResultError.corrupt`.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while initialized < count {
                let result = pread(
                    descriptor, buffer.baseAddress.map { $0 + initialized }, count - initialized,
                    off_t(offset + initialized))
                if result < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure("read", path)
                }
                if result == 0 { throw ResultError.corrupt("file ends early (truncated)") }
                initialized += result
            }
        }
    }

    /// The file's current size in bytes.
    func size() throws -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw Self.failure("stat", path) }
        return Int(info.st_size)
    }

    /// Flushes written data to stable storage.
    func sync() throws {
        guard fsync(descriptor) == 0 else { throw Self.failure("fsync", path) }
    }

    /// Closes the descriptor; later calls do nothing.
    func close() {
        guard descriptor >= 0 else { return }
        _ = systemClose(descriptor)
        descriptor = -1
    }

    /// Makes a rename inside `directory` durable. Best effort: some file systems refuse.
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = systemClose(descriptor)
    }

    /// Renames atomically, replacing any file already at `to`.
    static func rename(_ from: String, to: String) throws {
        guard systemRename(from, to) == 0 else { throw failure("rename", from) }
    }

    /// Creates `path` and any missing parents (mode 0755); one that exists is fine.
    static func makeDirectories(_ path: String) throws {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o755) != 0, errno != EEXIST { throw failure("create folder", built) }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw failure("create folder", path) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw ResultError.system(operation: "create folder", path: path, reason: "Not a directory")
        }
    }

    /// Removes `path`; a file that is already gone is fine.
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    static func failure(_ operation: String, _ path: String) -> ResultError {
        let code = errno
        return .system(operation: operation, path: path, reason: String(cString: strerror(code)))
    }
}

// The free functions share names with PosixFile's methods; these aliases keep the calls clear.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
private func systemRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
