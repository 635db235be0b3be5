import Dispatch
import Synchronization

/// Compresses and writes a result's batches on a thread of its own, one batch at a time,
/// while the statement's thread encodes the next one: reading rows and deflating them run on
/// two cores, as `sqlite3 | gzip` does. At most two batches exist at once (the one being
/// encoded and the one being compressed), so memory stays bounded by the batch size.
///
/// `submit` and `drain` are called from one thread (the writer's). The semaphore orders every
/// access to `failure`, `spare` and `batches` between that thread and the queue, which is why
/// this class is `@unchecked Sendable`.
final class BatchPipeline: @unchecked Sendable {
    private let output: PosixFile
    private let deflater: Deflater
    private let queue = DispatchQueue(label: "querybook.result-batches")
    /// Held while a batch is being compressed and written.
    private let slot = DispatchSemaphore(value: 1)
    private let position = Atomic<UInt64>(UInt64(ResultFormat.headerSize))
    private var failure: (any Error)?
    /// The buffer of the last batch written, handed back for the next one to fill.
    private var spare: [UInt8] = []
    private var written: [BatchEntry] = []

    init(output: PosixFile, deflater: Deflater) {
        self.output = output
        self.deflater = deflater
    }

    /// Bytes in the file so far (header and the batches written); grows a batch at a time.
    var bytesWritten: UInt64 { position.load(ordering: .acquiring) }

    /// Queues `raw` (the encoded rows of one batch) and returns an empty buffer to encode the
    /// next batch into. Waits while the previous batch is still being written.
    /// - Throws: the error that made an earlier batch fail; nothing more is then written.
    func submit(_ raw: [UInt8], rows: Int) throws -> [UInt8] {
        slot.wait()
        if let failure {
            slot.signal()
            throw failure
        }
        var reuse = spare
        spare = []
        reuse.removeAll(keepingCapacity: true)
        queue.async { [self] in
            defer { slot.signal() }
            do {
                try write(raw, rows: rows)
            } catch {
                failure = error
            }
            // A buffer swollen by one huge row is dropped rather than kept for the next batch.
            if raw.capacity <= 2 * ResultFormat.maxBatchBytes { spare = raw }
        }
        return reuse
    }

    /// Waits until every queued batch is written and returns the batch table.
    /// - Throws: the error of a batch that failed.
    func drain() throws -> [BatchEntry] {
        slot.wait()
        defer { slot.signal() }
        if let failure { throw failure }
        return written
    }

    /// Waits for the batch in flight, if any, ignoring its outcome (for discarding).
    func settle() {
        slot.wait()
        slot.signal()
    }

    private func write(_ raw: [UInt8], rows: Int) throws {
        guard raw.count <= Int(UInt32.max) else {
            throw ResultError.io("a batch of \(raw.count) bytes exceeds the format's 4 GiB limit")
        }
        let offset = position.load(ordering: .relaxed)
        let compressedLength = try deflater.compress(raw) { compressed in
            try output.write(compressed)
            return compressed.count
        }
        written.append(
            BatchEntry(
                offset: offset, compressedLength: UInt32(compressedLength), uncompressedLength: UInt32(raw.count),
                rowCount: UInt32(rows)))
        position.store(offset + UInt64(compressedLength), ordering: .releasing)
    }
}
