import Core
import Dispatch
import Foundation

/// One stored value seen in place, in an inflated batch: its tag and its payload bytes.
///
/// Valid only inside the scan callback that hands it out (it points into the batch buffer).
struct RawValue {
    var tag: UInt8
    var payload: UnsafeRawBufferPointer

    static var null: RawValue { RawValue(tag: ValueTag.null.rawValue, payload: UnsafeRawBufferPointer(start: nil, count: 0)) }

    var isNull: Bool { tag == ValueTag.null.rawValue }

    /// The value as a number: integers and reals as they are, text when it spells a decimal
    /// number (engines send decimals as text); `nil` for NULL, blobs and other text.
    @inline(__always)
    var number: Double? {
        switch tag {
        case ValueTag.integer.rawValue:
            return Double(Int64(bitPattern: UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self))))
        case ValueTag.real.rawValue:
            // NaN is no number to aggregate (SQLite stores it as NULL).
            let number = Double(bitPattern: UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self)))
            return number.isNaN ? nil : number
        case ValueTag.text.rawValue:
            return RawValue.parseNumber(payload)
        default:
            return nil
        }
    }

    /// The integer payload of an integer value.
    var integer: Int64? {
        guard tag == ValueTag.integer.rawValue else { return nil }
        return Int64(bitPattern: UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self)))
    }

    /// The value, built (allocating for text and blobs).
    var value: Value {
        switch tag {
        case ValueTag.integer.rawValue: return .integer(integer ?? 0)
        case ValueTag.real.rawValue: return .real(Double(bitPattern: UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self))))
        case ValueTag.text.rawValue: return .text(String(decoding: payload, as: UTF8.self))
        case ValueTag.blob.rawValue: return .blob(Array(payload))
        default: return .null
        }
    }

    /// `text` as a finite number when it is `[+-]digits[.digits][e[+-]digits]`, else `nil`.
    static func parseNumber(_ text: UnsafeRawBufferPointer) -> Double? {
        guard !text.isEmpty, text.count < 64 else { return nil }
        var digits = 0
        for byte in text {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        let number = Double(String(decoding: text, as: UTF8.self))
        guard let number, number.isFinite else { return nil }
        return number
    }
}

/// Walks every row of a stored result, handing the scan only the columns it asked for, in
/// place, without building `Value`s; batches are inflated and walked on several threads at
/// once, each with its own state.
enum ColumnScan {
    /// Threads a scan uses: the machine's cores, at most four.
    static var workers: Int { max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Calls `row(&state, values, rowIndex)` for every row, where `values[i]` is column
    /// `columns[i]`; batch `b` goes to worker `b % workers`, whose state starts as `make()`.
    /// Returns the workers' states. Blocks the calling thread until every worker is done.
    ///
    /// - Throws: the first `ResultError` a worker met (corrupt batch, read failure).
    static func run<State>(
        _ reader: ResultReader, columns: [Int], make: () -> State,
        row: @Sendable (inout State, UnsafeBufferPointer<RawValue>, Int) throws -> Void
    ) throws -> [State] {
        let workers = min(Self.workers, max(1, reader.batchCount))
        var states = (0..<workers).map { _ in make() }
        var errors = [(any Error)?](repeating: nil, count: workers)
        // Where each result column goes in `values`, or -1 when the scan skips it.
        var slots = [Int](repeating: -1, count: reader.columns.count)
        for (i, column) in columns.enumerated() { slots[column] = i }
        let slot = slots
        let columnCount = reader.columns.count
        let batchCount = reader.batchCount
        states.withUnsafeMutableBufferPointer { statesBuffer in
            errors.withUnsafeMutableBufferPointer { errorsBuffer in
                guard let statesBase = statesBuffer.baseAddress, let errorsBase = errorsBuffer.baseAddress else { return }
                // Each worker touches only its own element of the two buffers.
                let shared = WorkerSlots(states: statesBase, errors: errorsBase)
                withoutActuallyEscaping(row) { row in
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let statesBase = shared.states
                        let errorsBase = shared.errors
                        var values = [RawValue](repeating: .null, count: max(1, columns.count))
                        do {
                            var batch = worker
                            while batch < batchCount {
                                let (bytes, rows, firstRow) = try reader.inflatedBatch(batch)
                                try walk(
                                    bytes, rows: rows, firstRow: firstRow, columnCount: columnCount, slot: slot,
                                    values: &values, state: &statesBase[worker], row: row)
                                batch += workers
                            }
                        } catch {
                            errorsBase[worker] = error
                        }
                    }
                }
            }
        }
        if let error = errors.compactMap({ $0 }).first { throw error }
        return states
    }

    @inline(__always)
    private static func walk<State>(
        _ bytes: [UInt8], rows: Int, firstRow: Int, columnCount: Int, slot: [Int], values: inout [RawValue],
        state: inout State, row: @Sendable (inout State, UnsafeBufferPointer<RawValue>, Int) throws -> Void
    ) throws {
        try bytes.withUnsafeBytes { raw in
            var cursor = ByteCursor(raw, part: "batch")
            try values.withUnsafeMutableBufferPointer { values in
                for rowIndex in 0..<rows {
                    for column in 0..<columnCount {
                        let tag = try cursor.byte()
                        let payload: UnsafeRawBufferPointer
                        switch ValueTag(rawValue: tag) {
                        case .null: payload = UnsafeRawBufferPointer(start: nil, count: 0)
                        case .integer, .real: payload = try cursor.bytes(8)
                        case .text, .blob: payload = try cursor.bytes(try cursor.length())
                        case nil: throw ResultError.corrupt("unknown value tag \(tag) in batch")
                        }
                        let target = slot[column]
                        if target >= 0 { values[target] = RawValue(tag: tag, payload: payload) }
                    }
                    try row(&state, UnsafeBufferPointer(values), firstRow + rowIndex)
                }
            }
            if !cursor.isAtEnd { throw ResultError.corrupt("batch has \(cursor.remaining) bytes after its last row") }
        }
    }
}

/// The workers' states and errors, shared by pointer: each worker writes only its own index.
private struct WorkerSlots<State>: @unchecked Sendable {
    let states: UnsafeMutablePointer<State>
    let errors: UnsafeMutablePointer<(any Error)?>
}
