import CZlib

/// Decompresses one batch's zlib stream.
///
/// Stateless: each call sets up and tears down its own zlib state, so readers on several
/// threads never share one.
enum Inflater {
    /// Inflates `compressed`, which must expand to exactly `expectedLength` bytes.
    ///
    /// zlib verifies the stream's Adler-32 checksum, so a damaged batch throws
    /// `ResultError.corrupt` instead of yielding wrong values.
    static func inflate(_ compressed: [UInt8], expectedLength: Int) throws -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        let initStatus = inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard initStatus == Z_OK else { throw ResultError.io("zlib inflateInit failed (status \(initStatus))") }
        defer { inflateEnd(stream) }

        // One spare byte lets us notice a stream that inflates to more than the index says.
        var output = [UInt8](repeating: 0, count: expectedLength + 1)
        let status: Int32 = compressed.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = uInt(target.count)
                return CZlib.inflate(stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.pointee.total_out) == expectedLength,
            stream.pointee.avail_in == 0
        else {
            throw ResultError.corrupt("batch does not decompress (zlib status \(status))")
        }
        output.removeLast()
        return output
    }
}
