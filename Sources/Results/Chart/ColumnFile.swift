import Core
import Foundation

/// One column of a stored result laid out for charts, `<n>.col-<k>.qbc` beside it: per row a
/// dictionary code (`UInt32`, 0 = NULL) and a number (`Float64`), then the dictionary of
/// distinct values. Built once by one scan of the result (several columns at a time), so later
/// charts over the same columns read a few bytes per row instead of inflating every batch.
///
/// Layout: a 64-byte header (`QBCOLUMN`, version, rows, dictionary entries — `UInt64.max`
/// when the column has more than ``maxDictionary`` distinct values, `UInt64.max - 1` when
/// the build was asked for numbers only — numeric / non-numeric /
/// NULL counts, the dictionary's offset), codes (rows × 4 bytes), numbers (rows × 8 bytes),
/// then each dictionary entry as a `UInt32` length and its key bytes. A number is the value
/// as ``RawValue/number`` reads it, or ``nullBits`` / ``notANumberBits``.
public struct ColumnFile {
    static let magic = Array("QBCOLUMN".utf8)
    static let version: UInt32 = 1
    static let headerSize = 64
    /// Distinct values a column may have and keep its codes.
    public static let maxDictionary = 2_000_000
    /// NaN payloads that mark NULL and a value that is no number; data NaN is "no number".
    static let nullBits: UInt64 = 0x7FF8_0000_0000_0A01
    static let notANumberBits: UInt64 = 0x7FF8_0000_0000_0A02

    let rows: Int
    /// Key bytes by code - 1 (as ``GroupedChart/appendKey(_:to:)`` writes them); `nil` when
    /// there were too many distinct values to keep codes.
    let dictionary: [[UInt8]]?
    /// Whether the codes were left out on purpose (numbers only), not for too many values.
    let codesSkipped: Bool
    let numeric: Int
    let nonNumeric: Int
    let nulls: Int
    private let file: PosixFile

    static let tooManyValues = UInt64.max
    static let numbersOnly = UInt64.max - 1

    static func url(of source: URL, column: Int) -> URL {
        let base = source.deletingPathExtension().lastPathComponent
        return source.deletingLastPathComponent().appendingPathComponent("\(base).col-\(column).qbc")
    }

    /// Opens a column file; `nil` when it is missing, stale, damaged or of another version.
    static func open(source: URL, column: Int, rows: Int) -> ColumnFile? {
        let url = url(of: source, column: column)
        guard ResultViews.isFresh(url, source: source), let file = try? PosixFile.openForReading(path: url.path),
            let header = try? file.read(at: 0, count: headerSize), Array(header[0..<8]) == magic
        else { return nil }
        func field(_ index: Int) -> UInt64 {
            header.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 + index * 8, as: UInt64.self)) }
        }
        guard field(0) == UInt64(version), Int(field(1)) == rows else { return nil }
        var dictionary: [[UInt8]]?
        if field(2) < numbersOnly, let size = try? file.size() {
            let offset = Int(field(6))
            guard let bytes = try? file.read(at: offset, count: size - offset) else { return nil }
            var entries: [[UInt8]] = []
            entries.reserveCapacity(Int(field(2)))
            var position = 0
            while position + 4 <= bytes.count {
                let length = bytes.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: UInt32.self))) }
                guard position + 4 + length <= bytes.count else { return nil }
                entries.append(Array(bytes[(position + 4)..<(position + 4 + length)]))
                position += 4 + length
            }
            guard entries.count == Int(field(2)) else { return nil }
            dictionary = entries
        }
        return ColumnFile(
            rows: rows, dictionary: dictionary, codesSkipped: field(2) == numbersOnly, numeric: Int(field(3)), nonNumeric: Int(field(4)), nulls: Int(field(5)),
            file: file)
    }

    /// Codes of rows `range`.
    func codes(_ range: Range<Int>) throws -> [UInt32] {
        try Self.array(try file.read(at: Self.headerSize + range.lowerBound * 4, count: range.count * 4), count: range.count)
    }

    /// Numbers of rows `range`.
    func numbers(_ range: Range<Int>) throws -> [Double] {
        try Self.array(try file.read(at: Self.headerSize + rows * 4 + range.lowerBound * 8, count: range.count * 8), count: range.count)
    }

    /// `bytes` as `count` little-endian values (the platforms Swift runs on are little-endian).
    private static func array<T: BitwiseCopyable>(_ bytes: [UInt8], count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            initialized = count
        }
    }

    // MARK: - Building

    private struct Segment {
        var start: Int
        var codes: [UInt32] = []
        var numbers: [Double] = []
    }

    /// One worker's part of the build, per column.
    private struct BuildState {
        var tables: [KeyTable]
        var overflow: [Bool]
        var numeric: [Int]
        var nonNumeric: [Int]
        var nulls: [Int]
        var current: [Segment]
        /// Where this worker's segments lie: start row and row count.
        var written: [(start: Int, count: Int)] = []
        var key: [UInt8] = []
    }

    /// Builds the files of `columns` of `reader` with one scan (blocking; uses several threads).
    /// A column with more than `maxDictionary` distinct values keeps numbers but no codes.
    /// Only the columns in `coded` get codes and a dictionary.
    static func build(
        _ reader: ResultReader, columns: [Int], coded: Set<Int>, maxDictionary: Int = ColumnFile.maxDictionary
    ) throws {
        let partials = columns.map { url(of: reader.file, column: $0).appendingPathExtension("partial") }
        do {
            try write(reader, columns: columns, coded: coded, maxDictionary: maxDictionary, partials: partials)
        } catch {
            for partial in partials { try? FileManager.default.removeItem(at: partial) }
            throw error
        }
    }

    private static func write(
        _ reader: ResultReader, columns: [Int], coded: Set<Int>, maxDictionary: Int, partials: [URL]
    ) throws {
        let rows = reader.totalRows
        let files = try partials.map { try PosixFile.create(path: $0.path) }
        defer { files.forEach { $0.close() } }
        let count = columns.count
        let shared = SharedFiles(files: files)
        @Sendable func flush(_ state: inout BuildState) throws {
            guard let first = state.current.first, !first.codes.isEmpty else { return }
            for i in 0..<count {
                let segment = state.current[i]
                try segment.codes.withUnsafeBytes { try shared.files[i].write($0, at: headerSize + segment.start * 4) }
                try segment.numbers.withUnsafeBytes { try shared.files[i].write($0, at: headerSize + rows * 4 + segment.start * 8) }
                state.current[i] = Segment(start: 0)
            }
            state.written.append((first.start, first.codes.count))
        }
        let skipCodes = columns.map { !coded.contains($0) }
        let blank = BuildState(
            tables: Array(repeating: KeyTable(), count: count), overflow: skipCodes,
            numeric: Array(repeating: 0, count: count), nonNumeric: Array(repeating: 0, count: count),
            nulls: Array(repeating: 0, count: count), current: Array(repeating: Segment(start: 0), count: count))
        var states = try ColumnScan.run(reader, columns: columns, make: { blank }) { state, values, row in
            // Read the segment's figures without copying it: a copy would make every append below
            // copy the whole buffer.
            let filled = state.current[0].codes.count
            if filled == 0 || state.current[0].start + filled != row || filled >= 65_536 {
                try flush(&state)
                for i in 0..<count { state.current[i].start = row }
            }
            for i in 0..<count {
                let value = values[i]
                if value.isNull {
                    state.nulls[i] += 1
                    state.current[i].codes.append(0)
                    state.current[i].numbers.append(Double(bitPattern: nullBits))
                    continue
                }
                if let number = value.number {
                    state.numeric[i] += 1
                    state.current[i].numbers.append(number)
                } else {
                    state.nonNumeric[i] += 1
                    state.current[i].numbers.append(Double(bitPattern: notANumberBits))
                }
                if state.overflow[i] {
                    state.current[i].codes.append(0)
                    continue
                }
                state.key.removeAll(keepingCapacity: true)
                GroupedChart.appendKey(value, to: &state.key)
                let code = state.key.withUnsafeBytes { state.tables[i].group(of: $0) }
                if state.tables[i].count > maxDictionary { state.overflow[i] = true }
                state.current[i].codes.append(UInt32(code + 1))
            }
        }
        for index in states.indices { try flush(&states[index]) }

        for (i, partial) in partials.enumerated() {
            let overflow = skipCodes[i] || states.contains { $0.overflow[i] }
            var global = KeyTable()
            var maps: [[UInt32]] = []
            if !overflow {
                for state in states {
                    let table = state.tables[i]
                    maps.append([0] + (0..<table.count).map { local in
                        UInt32(Array(table.key(local)).withUnsafeBytes { global.group(of: $0) } + 1)
                    })
                }
            }
            let tooMany = overflow || global.count > maxDictionary
            if !tooMany {
                // Worker 0's codes were numbered first, so they already are the global ones.
                let reading = try PosixFile.openForReading(path: partial.path)
                defer { reading.close() }
                for (w, state) in states.enumerated() where w > 0 {
                    for segment in state.written {
                        let bytes = try reading.read(at: headerSize + segment.start * 4, count: segment.count * 4)
                        let map = maps[w]
                        let remapped = bytes.withUnsafeBytes { raw in
                            (0..<segment.count).map { map[Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))] }
                        }
                        try remapped.withUnsafeBytes { try files[i].write($0, at: headerSize + segment.start * 4) }
                    }
                }
            }
            var dictionary: [UInt8] = []
            if !tooMany {
                for code in 0..<global.count {
                    let key = global.key(code)
                    withUnsafeBytes(of: UInt32(key.count).littleEndian) { dictionary.append(contentsOf: $0) }
                    dictionary.append(contentsOf: key)
                }
            }
            let dictionaryOffset = headerSize + rows * 12
            try dictionary.withUnsafeBytes { try files[i].write($0, at: dictionaryOffset) }
            var header = magic
            let fields: [UInt64] = [
                UInt64(version), UInt64(rows),
                skipCodes[i] ? Self.numbersOnly : (tooMany ? Self.tooManyValues : UInt64(global.count)),
                UInt64(states.reduce(0) { $0 + $1.numeric[i] }), UInt64(states.reduce(0) { $0 + $1.nonNumeric[i] }),
                UInt64(states.reduce(0) { $0 + $1.nulls[i] }), UInt64(dictionaryOffset),
            ]
            for field in fields { withUnsafeBytes(of: field.littleEndian) { header.append(contentsOf: $0) } }
            header += [UInt8](repeating: 0, count: headerSize - header.count)
            try header.withUnsafeBytes { try files[i].write($0, at: 0) }
            try PosixFile.rename(partial.path, to: url(of: reader.file, column: columns[i]).path)
        }
    }

    /// `key` (as ``GroupedChart/appendKey(_:to:)`` writes it) with an integral real keyed as
    /// the integer, since SQL groups and counts `1` and `1.0` as one value.
    static func normalized(_ key: [UInt8]) -> [UInt8] {
        guard key.first == ValueTag.real.rawValue, key.count == 13 else { return key }
        let number = key.withUnsafeBytes { Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 5, as: UInt64.self))) }
        guard number == number.rounded(), abs(number) < 9e15 else { return key }
        var out: [UInt8] = []
        withUnsafeBytes(of: Int64(number).littleEndian) {
            GroupedChart.appendKey(RawValue(tag: ValueTag.integer.rawValue, payload: $0), to: &out)
        }
        return out
    }

    /// Per code, the first code of the same value under SQL's equality (see ``normalized(_:)``).
    func canonicalCodes() -> [UInt32]? {
        guard let dictionary else { return nil }
        var first: [[UInt8]: UInt32] = [:]
        var canonical = [UInt32](repeating: 0, count: dictionary.count + 1)
        for (index, key) in dictionary.enumerated() {
            let code = UInt32(index + 1)
            let normal = Self.normalized(key)
            if let existing = first[normal] { canonical[Int(code)] = existing } else {
                first[normal] = code
                canonical[Int(code)] = code
            }
        }
        return canonical
    }
}

/// The column files being built, shared with the scan's workers (each writes disjoint rows).
private struct SharedFiles: @unchecked Sendable {
    let files: [PosixFile]
}
