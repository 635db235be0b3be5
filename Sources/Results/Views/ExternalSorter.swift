import Core
import Foundation

/// A stable sort of any number of rows by one column in bounded memory.
///
/// Rows are collected into a run until it reaches the settings' row or byte bound; a full run
/// is sorted in memory (ties by arrival order) and written as a temporary result file. At
/// the end the runs are merged k ways, each run read one batch at a time; ties go to the
/// earlier run, so the whole sort is stable. When everything fits one run, nothing is
/// written but the output. Used by one thread; temporary files are removed by `finish` and
/// `discard`, and on error.
final class ExternalSorter {
    private let column: Int
    private let type: ColumnType
    private let descending: Bool
    private let columns: [ResultColumn]
    private let settings: ResultViewSettings
    /// Temporary runs are `runPrefix` + `.run-<n>.qbr`.
    private let runPrefix: String
    private var pending: [[Value]] = []
    private var pendingBytes = 0
    private var runs: [URL] = []
    private var runCounter = 0

    /// Runs written so far (for tests and logs).
    var runCount: Int { runCounter }

    init(sort: ResultViewSpec.Sort, columns: [ResultColumn], settings: ResultViewSettings, runPrefix: String) {
        column = sort.column
        type = columns[sort.column].type
        descending = sort.descending
        self.columns = columns
        self.settings = settings
        self.runPrefix = runPrefix
    }

    deinit { discard() }

    /// Adds a row; may sort and write a full run.
    func append(_ row: [Value]) throws {
        pending.append(row)
        pendingBytes += Self.estimatedSize(row)
        if pending.count >= settings.runRows || pendingBytes >= settings.runBytes {
            try writeRun()
        }
    }

    /// Sorts what is left and writes every row, in order, to `output`.
    func finish(into output: ResultWriter) throws {
        if runs.isEmpty {
            for row in sortedPending() { try output.append(row) }
            pending = []
            return
        }
        try writeRun()
        while runs.count > settings.mergeFanIn {
            // Merge consecutive groups, so earlier runs stay earlier and ties keep their order.
            var merged: [URL] = []
            for start in stride(from: 0, to: runs.count, by: settings.mergeFanIn) {
                let group = Array(runs[start..<min(start + settings.mergeFanIn, runs.count)])
                let writer = try newRunWriter()
                try merge(group, into: writer)
                try writer.finish()
                group.forEach(Self.remove)
                merged.append(writer.file)
            }
            runs = merged
        }
        try merge(runs, into: output)
        discard()
    }

    /// Removes every temporary run.
    func discard() {
        runs.forEach(Self.remove)
        runs = []
        pending = []
    }

    /// The pending rows sorted stably: positions are sorted by (key, position).
    private func sortedPending() -> [[Value]] {
        var order = Array(pending.indices)
        let descending = descending
        if let integers = integerKeys() {
            // The common case (ids, counts) without the general comparison's enum switch.
            order.sort { left, right in
                let a = integers[left]
                let b = integers[right]
                if a != b { return descending ? a > b : a < b }
                return left < right
            }
        } else if let texts = textKeys() {
            order.sort { left, right in
                let result = ValueOrder.compareUTF8(texts[left], texts[right])
                if result != 0 { return descending ? result > 0 : result < 0 }
                return left < right
            }
        } else {
            let keys = pending.map { ValueOrder.key($0[column], type: type) }
            order.sort { left, right in
                let result = ValueOrder.compare(keys[left], keys[right])
                if result != 0 { return descending ? result > 0 : result < 0 }
                return left < right
            }
        }
        return order.map { pending[$0] }
    }

    /// The sort column of the pending rows when every value is text (and the column is not
    /// decimal, whose text sorts as numbers), else `nil`.
    private func textKeys() -> [String]? {
        guard type != .decimal else { return nil }
        var keys: [String] = []
        keys.reserveCapacity(pending.count)
        for row in pending {
            guard case .text(let text) = row[column] else { return nil }
            keys.append(text)
        }
        return keys
    }

    /// The sort column of the pending rows when every value is an integer, else `nil`.
    private func integerKeys() -> [Int64]? {
        var keys: [Int64] = []
        keys.reserveCapacity(pending.count)
        for row in pending {
            guard case .integer(let number) = row[column] else { return nil }
            keys.append(number)
        }
        return keys
    }

    private func writeRun() throws {
        guard !pending.isEmpty else { return }
        let writer = try newRunWriter()
        for row in sortedPending() { try writer.append(row) }
        try writer.finish()
        runs.append(writer.file)
        pending = []
        pendingBytes = 0
    }

    private func newRunWriter() throws -> ResultWriter {
        let file = URL(fileURLWithPath: "\(runPrefix).run-\(runCounter).qbr")
        runCounter += 1
        let writer = try ResultWriter(file: file, batchRows: settings.runBatchRows)
        try writer.begin(columns: columns)
        return writer
    }

    /// A k-way merge through a binary heap of run cursors ordered by (key, run number).
    private func merge(_ files: [URL], into output: ResultWriter) throws {
        var cursors: [RunCursor] = []
        for (run, file) in files.enumerated() {
            let cursor = try RunCursor(file: file, run: run, chunk: settings.runBatchRows, column: column, type: type)
            if cursor.current != nil { cursors.append(cursor) }
        }
        let descending = descending
        func before(_ a: RunCursor, _ b: RunCursor) -> Bool {
            let result = ValueOrder.compare(a.key, b.key)
            if result != 0 { return descending ? result > 0 : result < 0 }
            return a.run < b.run
        }
        var heap = BinaryHeap(cursors, before: before)
        while let top = heap.top, let row = top.current {
            try output.append(row)
            if try top.advance() {
                heap.siftDownTop()
            } else {
                heap.removeTop()
            }
        }
    }

    /// A rough in-memory size: the row array, 24-byte values, and string or blob storage.
    private static func estimatedSize(_ row: [Value]) -> Int {
        var size = 32 + 24 * row.count
        for value in row {
            switch value {
            case .text(let text): size += text.utf8.count > 15 ? 32 + text.utf8.count : 0
            case .blob(let bytes): size += 32 + bytes.count
            default: break
            }
        }
        return size
    }

    private static func remove(_ file: URL) {
        try? FileManager.default.removeItem(at: file)
    }
}

/// Reads one sorted run a batch at a time, holding its current row and sort key.
final class RunCursor {
    /// The run's place among the runs being merged; breaks ties so earlier runs win.
    let run: Int
    private let reader: ResultReader
    private let chunk: Int
    private let column: Int
    private let type: ColumnType
    private var buffer: [[Value]] = []
    private var position = 0
    private var offset = 0
    private(set) var current: [Value]?
    private(set) var key: Value = .null

    init(file: URL, run: Int, chunk: Int, column: Int, type: ColumnType) throws {
        self.run = run
        reader = try ResultReader(file: file)
        self.chunk = chunk
        self.column = column
        self.type = type
        _ = try advance()
    }

    /// Moves to the next row; `false` (and `current == nil`) at the end of the run.
    func advance() throws -> Bool {
        position += 1
        if position >= buffer.count {
            // Offsets aligned to the run's batch size make each read inflate exactly one batch.
            buffer = try reader.rows(offset: offset, limit: chunk)
            offset += buffer.count
            position = 0
        }
        guard position < buffer.count else {
            current = nil
            return false
        }
        current = buffer[position]
        key = ValueOrder.key(buffer[position][column], type: type)
        return true
    }
}
