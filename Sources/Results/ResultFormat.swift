import CZlib

/// Constants and the fixed-size parts (header and footer) of a `.qbr` result file.
///
/// Layout, all integers little-endian (Docs/results-format.md has the byte table):
/// `header (16) | batch 0 | batch 1 | … | index | footer (32)`.
/// The footer is written last, so a file cut short anywhere lacks a valid footer.
enum ResultFormat {
    /// First eight bytes of every result file.
    static let headerMagic: [UInt8] = Array("QBRESULT".utf8)
    /// Last eight bytes of every finished result file.
    static let footerMagic: [UInt8] = Array("QBRINDEX".utf8)
    /// The only format version this code writes and reads.
    static let version: UInt16 = 1
    static let headerSize = 16
    static let footerSize = 32
    /// Suffix of the file a writer fills before `finish()` renames it into place.
    static let partialSuffix = ".partial"
    /// A batch is flushed early once its encoded rows pass this size, so wide rows stay bounded.
    static let maxBatchBytes = 4 << 20

    /// `magic | version u16 | flags u16 (0) | reserved u32 (0)`.
    static func header() -> [UInt8] {
        var bytes = headerMagic
        bytes.appendLittleEndian(version)
        bytes.appendLittleEndian(UInt16(0))
        bytes.appendLittleEndian(UInt32(0))
        return bytes
    }

    /// Checks magic and version of the first `headerSize` bytes.
    static func validateHeader(_ bytes: [UInt8]) throws {
        guard bytes.count == headerSize, Array(bytes[0..<8]) == headerMagic else {
            throw ResultError.corrupt("not a result file (bad header magic)")
        }
        let found = UInt16(bytes[8]) | UInt16(bytes[9]) << 8
        guard found == version else {
            throw ResultError.corrupt("unsupported result format version \(found)")
        }
    }

    /// CRC-32 (zlib's polynomial) of `bytes`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(CZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }
}

/// The last 32 bytes of a finished file: where the index is and how to check it.
struct ResultFooter: Equatable {
    var indexOffset: UInt64
    var indexLength: UInt64
    var indexCRC: UInt32

    /// `indexOffset u64 | indexLength u64 | indexCRC u32 | reserved u32 (0) | magic`.
    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ResultFormat.footerSize)
        bytes.appendLittleEndian(indexOffset)
        bytes.appendLittleEndian(indexLength)
        bytes.appendLittleEndian(indexCRC)
        bytes.appendLittleEndian(UInt32(0))
        bytes.append(contentsOf: ResultFormat.footerMagic)
        return bytes
    }

    /// Parses a footer and checks it against the size of the file it came from.
    init(decoding bytes: [UInt8], fileSize: Int) throws {
        guard bytes.count == ResultFormat.footerSize,
            Array(bytes[24..<32]) == ResultFormat.footerMagic
        else {
            throw ResultError.corrupt("missing footer (file truncated or never finished)")
        }
        (indexOffset, indexLength, indexCRC) = try bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(raw, part: "footer")
            return (try cursor.uint64(), try cursor.uint64(), try cursor.uint32())
        }
        let indexEnd = UInt64(fileSize - ResultFormat.footerSize)
        guard indexOffset >= UInt64(ResultFormat.headerSize), indexOffset <= indexEnd,
            indexLength == indexEnd - indexOffset
        else {
            throw ResultError.corrupt("footer points outside the file")
        }
    }

    init(indexOffset: UInt64, indexLength: UInt64, indexCRC: UInt32) {
        self.indexOffset = indexOffset
        self.indexLength = indexLength
        self.indexCRC = indexCRC
    }
}
