import Core

/// Encodes rows into the uncompressed, row-major byte form of one batch.
///
/// Fills one growing `[UInt8]`; `hand(to:)` passes it on and takes back an emptied buffer of
/// an earlier batch, so a writer allocates a couple of buffers per result rather than one per
/// batch or row. Not thread-safe.
struct RowEncoder {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends every value of `row`, each as a tag byte and its payload.
    mutating func append(_ row: [Value]) {
        for value in row {
            switch value {
            case .null:
                bytes.append(ValueTag.null.rawValue)
            case .integer(let number):
                bytes.append(ValueTag.integer.rawValue)
                bytes.appendLittleEndian(number)
            case .real(let number):
                bytes.append(ValueTag.real.rawValue)
                bytes.appendLittleEndian(number.bitPattern)
            case .text(var text):
                bytes.append(ValueTag.text.rawValue)
                // withUTF8 gives the native storage directly; it copies only bridged strings.
                text.withUTF8 { utf8 in
                    bytes.appendVarint(UInt64(utf8.count))
                    bytes.append(contentsOf: utf8)
                }
            case .blob(let data):
                bytes.append(ValueTag.blob.rawValue)
                bytes.appendVarint(UInt64(data.count))
                bytes.append(contentsOf: data)
            }
        }
    }

    /// Hands the encoded batch to `consumer`, which gives back an empty buffer to fill next.
    /// Moving the bytes out (rather than copying them) keeps the buffer unshared.
    mutating func hand(to consumer: ([UInt8]) throws -> [UInt8]) rethrows {
        let full = bytes
        bytes = []
        var next = try consumer(full)
        if next.capacity < ResultFormat.maxBatchBytes / 4 { next.reserveCapacity(64 << 10) }
        bytes = next
    }
}
