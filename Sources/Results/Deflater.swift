import CZlib

/// Compresses batches, each into its own complete zlib stream, reusing one zlib state.
///
/// `deflateReset` between batches avoids re-allocating zlib's window for every batch. The
/// stream lives at a fixed heap address because zlib checks it was not moved. Not
/// thread-safe: owned by one `ResultWriter`.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8] = []

    /// Throws `ResultError.io` if zlib rejects `level` (valid: -1 to 9).
    init(level: Int32) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit_(stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ResultError.io("zlib rejected compression level \(level) (status \(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Compresses `input` and hands the compressed bytes to `body`.
    ///
    /// The buffer passed to `body` is reused by the next call; do not keep it.
    func compress<R>(_ input: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard input.count <= Int(UInt32.max) else {
            throw ResultError.io("batch of \(input.count) bytes is too large to compress")
        }
        guard deflateReset(stream) == Z_OK else { throw ResultError.io("zlib deflateReset failed") }
        let bound = Int(deflateBound(stream, uLong(input.count)))
        if output.count < bound {
            output = [UInt8](repeating: 0, count: bound)
        }
        let produced: Int = try input.withUnsafeBufferPointer { source in
            try output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = uInt(target.count)
                defer {
                    stream.pointee.next_in = nil
                    stream.pointee.next_out = nil
                }
                // The output holds deflateBound bytes, so one Z_FINISH call always completes.
                let status = deflate(stream, Z_FINISH)
                guard status == Z_STREAM_END else {
                    throw ResultError.io("zlib deflate failed (status \(status))")
                }
                return Int(stream.pointee.total_out)
            }
        }
        return try output.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
    }
}
