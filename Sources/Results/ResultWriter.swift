import Core
import Foundation

/// Streams one statement's rows into a compressed result file.
///
/// Rows are encoded as they arrive into the current batch; every `batchRows` rows (or sooner,
/// once the encoded batch passes ~4 MB) the batch is handed to a ``BatchPipeline`` that
/// deflates and writes it (one `write` call) on another thread while the next batch is
/// encoded. Memory therefore stays at about two batches whatever the row count; only the
/// batch table (20 bytes a batch) grows.
///
/// Everything goes to `file` + ".partial". Only `finish()` appends the index and footer,
/// `fsync`s and renames the file into place, so a crash never leaves a file at `file` that
/// reads as complete. Used by one thread at a time (the one running the statement); it is
/// `Sendable` only so it can be handed between tasks.
public final class ResultWriter: RowSink, @unchecked Sendable {
    /// Where the finished result will be.
    public let file: URL
    /// Rows per batch before a batch is flushed.
    public let batchRows: Int
    /// Rows appended so far.
    public private(set) var rowCount = 0
    /// Bytes written to the file so far (header and compressed batches); grows a batch at a
    /// time, and lags the rows appended by up to two batches.
    public var bytesWritten: UInt64 { pipeline.bytesWritten }

    private enum State { case writing, finished, discarded }

    private let partialPath: String
    private let output: PosixFile
    private let pipeline: BatchPipeline
    private var state = State.writing
    private var columns: [ResultColumn] = []
    private var begun = false
    private var encoder: RowEncoder
    private var rowsInBatch = 0

    /// Creates `file` + ".partial" (replacing a stale one) and writes the header.
    ///
    /// `batchRows` is clamped to 1...UInt32.max. `compressionLevel` is zlib's (1 fastest, 9
    /// smallest). Throws `ResultError.io` if the file cannot be created or zlib refuses.
    public init(file: URL, batchRows: Int = 4096, compressionLevel: Int32 = 1) throws {
        self.file = file
        self.batchRows = min(max(1, batchRows), Int(UInt32.max))
        partialPath = file.path + ResultFormat.partialSuffix
        let deflater = try Deflater(level: compressionLevel)
        encoder = RowEncoder(reservingCapacity: 64 << 10)
        output = try PosixFile.create(path: partialPath)
        pipeline = BatchPipeline(output: output, deflater: deflater)
        do {
            try output.write(ResultFormat.header())
        } catch {
            output.close()
            PosixFile.remove(partialPath)
            throw error
        }
    }

    deinit {
        // A writer dropped without finish() or discard() was abandoned on an error path.
        if state == .writing {
            pipeline.settle()
            output.close()
            PosixFile.remove(partialPath)
        }
    }

    /// Records the columns. Call at most once, before the first row.
    public func begin(columns: [ResultColumn]) throws {
        try checkWriting()
        guard !begun, rowCount == 0 else {
            throw ResultError.io("begin(columns:) called twice or after rows")
        }
        begun = true
        self.columns = columns
    }

    /// Adds one row; it must have one value per column.
    ///
    /// May compress and write a batch. Throws `ResultError.io` on a write failure or a row of
    /// the wrong width; the writer should then be discarded.
    public func append(_ row: [Value]) throws {
        try checkWriting()
        guard row.count == columns.count else {
            throw ResultError.io("row has \(row.count) values but the result has \(columns.count) columns")
        }
        encoder.append(row)
        rowsInBatch += 1
        rowCount += 1
        if rowsInBatch >= batchRows || encoder.bytes.count >= ResultFormat.maxBatchBytes {
            try flushBatch()
        }
    }

    /// Writes the last batch, the index and the footer, syncs, and renames the partial file
    /// to `file`, replacing any older result there.
    ///
    /// Valid with zero rows and without `begin` (zero columns). On failure the partial file
    /// is removed and nothing appears at `file`.
    public func finish() throws {
        try checkWriting()
        do {
            try flushBatch()
            let batches = try pipeline.drain()
            let index = try ResultIndex(columns: columns, batches: batches).encoded()
            let footer = ResultFooter(
                indexOffset: pipeline.bytesWritten, indexLength: UInt64(index.count), indexCRC: ResultFormat.crc32(index))
            try output.write(index)
            try output.write(footer.encoded())
            try output.sync()
            output.close()
            try PosixFile.rename(partialPath, to: file.path)
            PosixFile.syncDirectory(file.deletingLastPathComponent().path)
            state = .finished
        } catch {
            discard()
            throw error
        }
    }

    /// Abandons the result: closes and removes the partial file. Safe to call more than once;
    /// does nothing after `finish()`.
    public func discard() {
        guard state == .writing else { return }
        state = .discarded
        pipeline.settle()
        output.close()
        PosixFile.remove(partialPath)
    }

    private func checkWriting() throws {
        switch state {
        case .writing: return
        case .finished: throw ResultError.io("result writer already finished")
        case .discarded: throw ResultError.io("result writer was discarded")
        }
    }

    private func flushBatch() throws {
        guard rowsInBatch > 0 else { return }
        let rows = rowsInBatch
        rowsInBatch = 0
        try encoder.hand { try pipeline.submit($0, rows: rows) }
    }
}
