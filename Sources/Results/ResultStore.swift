import Core
import Foundation

/// Where result files live: `root/<executionId>/<statement>.qbr`.
///
/// A value type holding only the root; every method goes straight to the file system, so it is
/// safe to use from any thread. Removing an execution while one of its writers is still
/// running is the caller's business (the writer's `finish()` will then fail).
public struct ResultStore: Sendable {
    /// The directory that holds one folder per execution.
    public let root: URL

    /// Uses `root` as the results directory; nothing is created until a writer is made.
    public init(root: URL) {
        self.root = root
    }

    /// The folder holding every statement result of `execution`.
    public func directory(execution: ExecutionID) -> URL {
        root.appendingPathComponent(String(execution.rawValue), isDirectory: true)
    }

    /// The finished result file of statement number `statement` of `execution`.
    public func file(execution: ExecutionID, statement: Int) -> URL {
        directory(execution: execution).appendingPathComponent("\(statement).qbr", isDirectory: false)
    }

    /// A writer for that statement's result, creating the folders it needs.
    ///
    /// Throws `ResultError.system` when the folder or file cannot be created.
    public func writer(
        execution: ExecutionID, statement: Int, batchRows: Int = 4096, compressionLevel: Int32 = 1
    ) throws -> ResultWriter {
        try PosixFile.makeDirectories(directory(execution: execution).path)
        return try ResultWriter(
            file: file(execution: execution, statement: statement), batchRows: batchRows,
            compressionLevel: compressionLevel)
    }

    /// Opens that statement's finished result.
    ///
    /// Throws `ResultError.notFound` if it was never finished, `.corrupt` if it is damaged.
    public func reader(execution: ExecutionID, statement: Int) throws -> ResultReader {
        try ResultReader(file: file(execution: execution, statement: statement))
    }

    /// Deletes everything stored for `execution`, partial files included. No error if there
    /// is nothing to delete.
    public func remove(execution: ExecutionID) throws {
        let folder = directory(execution: execution)
        do {
            try FileManager.default.removeItem(at: folder)
        } catch let error as CocoaError where error.code == .fileNoSuchFile {
            return
        } catch {
            guard FileManager.default.fileExists(atPath: folder.path) else { return }
            throw ResultError.io("cannot remove \(folder.path): \(error.localizedDescription)")
        }
    }
}
