import CZlib
import Foundation

/// Writes a zip archive front to back, never seeking back: each entry is a local header
/// with general-purpose bit 3 set (sizes and CRC-32 follow the data in a data descriptor),
/// raw-deflated data, then the descriptor; `finish` writes the central directory.
///
/// No zip64: the archive, each entry and every offset must stay below 4 GiB and there can be
/// at most 65,535 entries; passing a limit throws `ExportError.tooLarge`. Names are ASCII
/// (UTF-8 flag not set). Not thread-safe.
final class ZipStreamWriter {
    /// The zip format's limit without zip64 extensions: 4 GiB − 1.
    static let maxSize = Int(UInt32.max)

    private struct Entry {
        var name: [UInt8]
        var offset: Int
        var crc: UInt32 = 0
        var compressedSize = 0
        var uncompressedSize = 0
    }

    /// Bytes of the archive produced so far.
    private(set) var position = 0
    /// Uncompressed bytes of the open entry so far.
    var openEntrySize: Int { current?.uncompressedSize ?? 0 }

    private let deflater: RawDeflater
    private let dosTime: UInt16
    private let dosDate: UInt16
    private var entries: [Entry] = []
    private var current: Entry?

    /// `date` stamps every entry (zip keeps local time to two seconds; we write UTC).
    init(level: Int32 = 1, date: Date = Date()) throws {
        deflater = try RawDeflater(level: level)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = min(max((parts.year ?? 1980) - 1980, 0), 127)
        dosDate = UInt16(year << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
    }

    /// Starts entry `name`, ending the open one first.
    func beginEntry(_ name: String, into output: inout [UInt8]) throws {
        if current != nil { try endEntry(into: &output) }
        guard entries.count < Int(UInt16.max) else { throw ExportError.tooLarge("a zip holds at most 65,535 files") }
        try deflater.reset()
        let entry = Entry(name: Array(name.utf8), offset: position)
        try checkOffset(position)
        let before = output.count
        output.appendLittleEndian(UInt32(0x0403_4B50))
        output.appendLittleEndian(UInt16(20))  // version needed: 2.0 (deflate)
        output.appendLittleEndian(UInt16(0x0008))  // bit 3: CRC and sizes in the data descriptor
        output.appendLittleEndian(UInt16(8))  // deflate
        output.appendLittleEndian(dosTime)
        output.appendLittleEndian(dosDate)
        output.appendLittleEndian(UInt32(0))  // CRC, compressed and uncompressed size: in the descriptor
        output.appendLittleEndian(UInt32(0))
        output.appendLittleEndian(UInt32(0))
        output.appendLittleEndian(UInt16(entry.name.count))
        output.appendLittleEndian(UInt16(0))
        output.append(contentsOf: entry.name)
        position += output.count - before
        current = entry
    }

    /// Compresses `bytes` into the open entry.
    func write(_ bytes: [UInt8], into output: inout [UInt8]) throws {
        guard var entry = current else { throw ExportError.failed("zip data written outside an entry") }
        let produced = try bytes.withUnsafeBytes { raw in
            entry.crc = UInt32(CZlib.crc32(uLong(entry.crc), raw.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(raw.count)))
            return try deflater.deflate(raw, finish: false, into: &output)
        }
        entry.uncompressedSize += bytes.count
        entry.compressedSize += produced
        position += produced
        current = entry
        guard entry.uncompressedSize <= Self.maxSize, position <= Self.maxSize else {
            throw ExportError.tooLarge("the file passed the 4 GiB limit of a zip without zip64")
        }
    }

    /// Writes a whole entry.
    func addEntry(_ name: String, _ bytes: [UInt8], into output: inout [UInt8]) throws {
        try beginEntry(name, into: &output)
        try write(bytes, into: &output)
        try endEntry(into: &output)
    }

    /// Ends the open entry: flushes the compressor and writes the data descriptor.
    func endEntry(into output: inout [UInt8]) throws {
        guard var entry = current else { return }
        let produced = try deflater.deflate(UnsafeRawBufferPointer(start: nil, count: 0), finish: true, into: &output)
        entry.compressedSize += produced
        position += produced
        output.appendLittleEndian(UInt32(0x0807_4B50))
        output.appendLittleEndian(entry.crc)
        output.appendLittleEndian(UInt32(truncatingIfNeeded: entry.compressedSize))
        output.appendLittleEndian(UInt32(truncatingIfNeeded: entry.uncompressedSize))
        position += 16
        try checkOffset(position)
        entries.append(entry)
        current = nil
    }

    /// Ends the open entry and writes the central directory and its end record.
    func finish(into output: inout [UInt8]) throws {
        try endEntry(into: &output)
        let directoryStart = position
        let before = output.count
        for entry in entries {
            output.appendLittleEndian(UInt32(0x0201_4B50))
            output.appendLittleEndian(UInt16(20))  // made by: MS-DOS/FAT attributes, version 2.0
            output.appendLittleEndian(UInt16(20))
            output.appendLittleEndian(UInt16(0x0008))
            output.appendLittleEndian(UInt16(8))
            output.appendLittleEndian(dosTime)
            output.appendLittleEndian(dosDate)
            output.appendLittleEndian(entry.crc)
            output.appendLittleEndian(UInt32(entry.compressedSize))
            output.appendLittleEndian(UInt32(entry.uncompressedSize))
            output.appendLittleEndian(UInt16(entry.name.count))
            output.appendLittleEndian(UInt16(0))  // extra field
            output.appendLittleEndian(UInt16(0))  // comment
            output.appendLittleEndian(UInt16(0))  // disk number
            output.appendLittleEndian(UInt16(0))  // internal attributes
            output.appendLittleEndian(UInt32(0))  // external attributes
            output.appendLittleEndian(UInt32(entry.offset))
            output.append(contentsOf: entry.name)
        }
        let directorySize = output.count - before
        position += directorySize
        try checkOffset(position)
        output.appendLittleEndian(UInt32(0x0605_4B50))
        output.appendLittleEndian(UInt16(0))
        output.appendLittleEndian(UInt16(0))
        output.appendLittleEndian(UInt16(entries.count))
        output.appendLittleEndian(UInt16(entries.count))
        output.appendLittleEndian(UInt32(directorySize))
        output.appendLittleEndian(UInt32(directoryStart))
        output.appendLittleEndian(UInt16(0))
        position += 22
    }

    private func checkOffset(_ offset: Int) throws {
        guard offset <= Self.maxSize else {
            throw ExportError.tooLarge("the file passed the 4 GiB limit of a zip without zip64")
        }
    }
}
