import Core

/// Encodes rows into the uncompressed, row-major byte form of one batch.
///
/// Keeps one growing `[UInt8]` that `reset()` empties while keeping its capacity, so a writer
/// allocates once per result rather than once per batch or row. Not thread-safe.
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

    /// Empties the buffer for the next batch.
    ///
    /// Capacity is kept up to twice the batch limit; a batch swollen by one huge row gives its
    /// memory back instead of pinning it for the rest of the result.
    mutating func reset() {
        if bytes.capacity > 2 * ResultFormat.maxBatchBytes {
            bytes = []
            bytes.reserveCapacity(ResultFormat.maxBatchBytes)
        } else {
            bytes.removeAll(keepingCapacity: true)
        }
    }
}
