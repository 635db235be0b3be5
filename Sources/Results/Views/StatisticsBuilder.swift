import Core
import Foundation

/// Computes ``ResultStatistics`` in at most two streaming passes over a stored result: the
/// first counts rows, nulls and distinct values and finds min and max; the second, only when
/// some column is numeric, fills the histograms. Memory is fixed per column (a 16 KB
/// HyperLogLog and 20 bins), whatever the row count. Blocks the calling thread.
enum StatisticsBuilder {
    /// Statistics format version stored in the cache; a cache of another version is rebuilt.
    static let version = 1
    static let maxBins = 20

    private struct Column {
        var figures: ColumnStatistics
        var distinct = DistinctCounter()
        var minKey: Value?
        var maxKey: Value?
        /// Finite numbers seen: their range, and whether all were integers.
        var low = Double.infinity
        var high = -Double.infinity
        var allIntegers = true
        var numbers = 0
        var bins: [ColumnStatistics.Bin] = []

        var isNumeric: Bool { [.integer, .real, .decimal].contains(figures.type) }
    }

    static func compute(_ source: ResultReader) throws -> ResultStatistics {
        var columns = source.columns.enumerated().map { Column(figures: ColumnStatistics(index: $0.offset, column: $0.element)) }
        try source.forEachBatch { batch in
            for row in batch {
                for index in columns.indices {
                    observe(row[index], &columns[index])
                }
            }
        }
        for index in columns.indices where columns[index].isNumeric {
            columns[index].bins = emptyBins(columns[index])
        }
        if columns.contains(where: { $0.isNumeric && !$0.bins.isEmpty }) {
            try source.forEachBatch { batch in
                for row in batch {
                    for index in columns.indices where !columns[index].bins.isEmpty {
                        if let number = finiteNumber(ValueOrder.key(row[index], type: columns[index].figures.type)) {
                            count(number, &columns[index])
                        }
                    }
                }
            }
        }
        let figures = columns.map { column in
            var figures = column.figures
            figures.distinct = column.distinct.estimate
            figures.histogram = column.isNumeric ? column.bins : nil
            return figures
        }
        return ResultStatistics(version: version, rows: source.totalRows, columns: figures)
    }

    private static func observe(_ value: Value, _ column: inout Column) {
        if case .null = value {
            column.figures.nulls += 1
            return
        }
        column.figures.count += 1
        let key = ValueOrder.key(value, type: column.figures.type)
        column.distinct.add(key)
        if column.minKey.map({ ValueOrder.compare(key, $0) < 0 }) ?? true {
            column.minKey = key
            column.figures.min = value
        }
        if column.maxKey.map({ ValueOrder.compare(key, $0) > 0 }) ?? true {
            column.maxKey = key
            column.figures.max = value
        }
        if column.isNumeric, let number = finiteNumber(key) {
            column.numbers += 1
            column.low = Swift.min(column.low, number)
            column.high = Swift.max(column.high, number)
            if case .real = key { column.allIntegers = false }
        }
    }

    private static func finiteNumber(_ key: Value) -> Double? {
        switch key {
        case .integer(let number): return Double(number)
        case .real(let number): return number.isFinite ? number : nil
        default: return nil
        }
    }

    /// Integer columns spanning at most 20 values get one bin per value (`k ..< k+1`); other
    /// ranges 20 equal-width bins from min to max; a single value one bin `v ... v`.
    private static func emptyBins(_ column: Column) -> [ColumnStatistics.Bin] {
        guard column.numbers > 0 else { return [] }
        let low = column.low
        let high = column.high
        if column.allIntegers, high - low < Double(maxBins) {
            return (0...Int(high - low)).map { step in
                ColumnStatistics.Bin(from: low + Double(step), to: low + Double(step + 1), count: 0)
            }
        }
        if low == high { return [ColumnStatistics.Bin(from: low, to: high, count: 0)] }
        let width = (high - low) / Double(maxBins)
        return (0..<maxBins).map { step in
            ColumnStatistics.Bin(
                from: low + width * Double(step), to: step == maxBins - 1 ? high : low + width * Double(step + 1), count: 0)
        }
    }

    private static func count(_ number: Double, _ column: inout Column) {
        let bins = column.bins.count
        let index: Int
        if bins == 1 {
            index = 0
        } else {
            let span = column.bins[bins - 1].to - column.bins[0].from
            let position = (number - column.bins[0].from) / span * Double(bins)
            index = Swift.max(0, Swift.min(bins - 1, Int(position)))
        }
        column.bins[index].count += 1
    }
}

extension ResultViews {
    /// The statistics of the whole stored result, from `<n>.stats.json` when it is newer than
    /// the result, else computed (on a thread of its own, one computation per file at a time)
    /// and cached there.
    ///
    /// - Throws: `ResultError` when the result cannot be read or the cache written.
    public static func statistics(source: ResultReader) async throws -> ResultStatistics {
        let file = statisticsFile(of: source.file)
        if let cached = cachedStatistics(file, source: source.file) { return cached }
        try await FileBuilds.shared.build(
            file, isFresh: { cachedStatistics(file, source: source.file) != nil }
        ) {
            let statistics = try StatisticsBuilder.compute(source)
            try writeAtomically(try JSONEncoder().encode(statistics), to: file)
        }
        guard let statistics = cachedStatistics(file, source: source.file) else {
            throw ResultError.io("statistics cache \(file.lastPathComponent) could not be read back")
        }
        return statistics
    }

    /// The statistics cache file of the result at `source`.
    public static func statisticsFile(of source: URL) -> URL {
        let base = source.deletingPathExtension().lastPathComponent
        return source.deletingLastPathComponent().appendingPathComponent("\(base).stats.json")
    }

    private static func cachedStatistics(_ file: URL, source: URL) -> ResultStatistics? {
        guard isFresh(file, source: source), let data = try? Data(contentsOf: file),
            let statistics = try? JSONDecoder().decode(ResultStatistics.self, from: data),
            statistics.version == StatisticsBuilder.version
        else { return nil }
        return statistics
    }

    /// Writes to a temporary name and renames, so readers never see half a file.
    static func writeAtomically(_ data: Data, to file: URL) throws {
        let temporary = file.appendingPathExtension("partial")
        do {
            try data.write(to: temporary)
            try PosixFile.rename(temporary.path, to: file.path)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ResultError.io("cannot write \(file.lastPathComponent): \(error.localizedDescription)")
        }
    }
}
