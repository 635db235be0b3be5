import CZlib

/// A streaming raw-deflate compressor (no zlib header or trailer, as zip entries hold them),
/// fed in pieces; `reset()` starts the next entry without re-allocating zlib's window.
///
/// The `z_stream` lives at a fixed heap address because zlib checks it was not moved. Not
/// thread-safe: owned by one `ZipStreamWriter`.
final class RawDeflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var scratch = [UInt8](repeating: 0, count: 64 << 10)

    /// `level` is zlib's (1 fastest … 9 smallest). Throws `ExportError.failed` if zlib refuses.
    init(level: Int32) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits -15: a raw deflate stream with a 32 KB window, as zip wants.
        let status = deflateInit2_(
            stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw ExportError.failed("zlib rejected compression level \(level) (status \(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Starts a new, independent deflate stream.
    func reset() throws {
        guard deflateReset(stream) == Z_OK else { throw ExportError.failed("zlib deflateReset failed") }
    }

    /// Compresses `input` and appends what zlib produces to `output`; with `finish` the
    /// stream is ended (zlib flushes everything it held back). Returns the bytes appended.
    @discardableResult
    func deflate(_ input: UnsafeRawBufferPointer, finish: Bool, into output: inout [UInt8]) throws -> Int {
        let before = output.count
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = uInt(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.next_out = nil
        }
        while true {
            let (status, produced) = scratch.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = uInt(target.count)
                let status = CZlib.deflate(stream, flush)
                return (status, target.count - Int(stream.pointee.avail_out))
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw ExportError.failed("zlib deflate failed (status \(status))")
            }
            output.append(contentsOf: scratch[0..<produced])
            if finish {
                if status == Z_STREAM_END { break }
            } else if stream.pointee.avail_in == 0, stream.pointee.avail_out > 0 {
                break
            }
        }
        return output.count - before
    }
}
