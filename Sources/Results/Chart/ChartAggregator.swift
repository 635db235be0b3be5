import Core
import Foundation

/// Turns a whole stored result into the points of a chart: groups rows by x (and series),
/// aggregates each group, folds the smallest groups and series into "Other", orders and
/// limits — or samples raw points for scatter and bubble charts.
///
/// The scan reads only the columns the chart uses, on several threads (``ColumnScan``), in
/// memory that grows with the number of groups, not rows (the median keeps its numbers).
/// ``data(source:request:)`` caches the answer beside the result.
public enum ChartAggregator {
    /// The chart's points from `<n>.chart-<key>.json` beside `source` when it is newer than
    /// the result, else computed on a thread of its own (one computation per file at a time)
    /// and cached.
    ///
    /// - Throws: `ChartError` for a request that does not fit the columns or the data,
    ///   `ResultError` when the result cannot be read.
    public static func data(source: ResultReader, request: ChartRequest) async throws -> ChartData {
        try request.validate(columns: source.columns)
        let file = cacheFile(of: source.file, request: request)
        if let cached = cached(file, source: source.file) { return cached }
        try await FileBuilds.shared.build(file, isFresh: { cached(file, source: source.file) != nil }) {
            let data = try compute(source, request)
            try ResultViews.writeAtomically(try JSONEncoder().encode(data), to: file)
        }
        guard let data = cached(file, source: source.file) else {
            throw ResultError.io("chart cache \(file.lastPathComponent) could not be read back")
        }
        return data
    }

    /// The cache file of `request` over the result at `source`.
    public static func cacheFile(of source: URL, request: ChartRequest) -> URL {
        let base = source.deletingPathExtension().lastPathComponent
        let key = Array(request.key.utf8).withUnsafeBytes { String(KeyTable.hash($0), radix: 16) }
        return source.deletingLastPathComponent().appendingPathComponent("\(base).chart-\(key).json")
    }

    /// Computes the chart synchronously, blocking the calling thread (and using others).
    ///
    /// - Throws: ``ChartError/unsuitable(_:)`` when a numeric aggregation's column holds no
    ///   number at all; `ResultError` for a damaged result.
    public static func compute(_ reader: ResultReader, _ request: ChartRequest) throws -> ChartData {
        try request.validate(columns: reader.columns)
        if request.isRaw { return try RawPoints.compute(reader, request) }
        return try GroupedChart(reader: reader, request: request).compute()
    }

    /// Throws `unsuitable` for the first numeric measure whose column had values but no number.
    static func checkNumeric(
        _ request: ChartRequest, columns: [ResultColumn], numeric: [Int], nonNumeric: [Int]
    ) throws(ChartError) {
        for (index, measure) in request.measures.enumerated() where measure.aggregation.isNumeric {
            guard let column = measure.column, numeric[index] == 0, nonNumeric[index] > 0 else { continue }
            let name = columns[column].name
            let verb = measure.aggregation == .none ? "a chart of every row" : measure.aggregation.rawValue
            throw .unsuitable(
                "Column “\(name)” holds \(columns[column].type.rawValue) values, not numbers: \(verb) needs a numeric column.")
        }
    }

    /// The name of a measure's series: `sum(duration_ms)`, `count(*)`.
    static func name(of measure: ChartRequest.Measure, columns: [ResultColumn]) -> String {
        let column = measure.column.map { columns[$0].name } ?? "*"
        return measure.aggregation == .none ? column : "\(measure.aggregation.rawValue)(\(column))"
    }

    private static func cached(_ file: URL, source: URL) -> ChartData? {
        guard ResultViews.isFresh(file, source: source), let bytes = try? Data(contentsOf: file),
            let data = try? JSONDecoder().decode(ChartData.self, from: bytes), data.version == ChartData.currentVersion
        else { return nil }
        return data
    }
}

/// Scatter and bubble charts: the rows themselves, sampled evenly (every k-th row) down to
/// the request's limit, in result order.
enum RawPoints {
    private struct Point {
        var row: Int
        var x: Value
        var values: [Double?]
        var size: Double?
    }

    private struct State {
        var points: [Point] = []
        var numeric: [Int]
        var nonNumeric: [Int]
    }

    static func compute(_ reader: ResultReader, _ request: ChartRequest) throws -> ChartData {
        let columns = request.columnsRead
        func slot(_ column: Int?) -> Int? { column.flatMap { columns.firstIndex(of: $0) } }
        let xSlot = slot(request.x) ?? 0
        let sizeSlot = slot(request.size)
        let measureSlots = request.measures.map { slot($0.column) ?? 0 }
        let total = reader.totalRows
        let step = max(1, (total + request.limit - 1) / request.limit)
        let count = request.measures.count
        let states = try ColumnScan.run(
            reader, columns: columns,
            make: { State(numeric: Array(repeating: 0, count: count), nonNumeric: Array(repeating: 0, count: count)) }
        ) { state, values, row in
            guard row % step == 0 else { return }
            var numbers: [Double?] = []
            numbers.reserveCapacity(count)
            for (index, slot) in measureSlots.enumerated() {
                let value = values[slot]
                let number = value.number
                if number != nil { state.numeric[index] += 1 } else if !value.isNull { state.nonNumeric[index] += 1 }
                numbers.append(number)
            }
            state.points.append(Point(row: row, x: values[xSlot].value, values: numbers, size: sizeSlot.flatMap { values[$0].number }))
        }
        let numeric = states.reduce(into: Array(repeating: 0, count: count)) { sum, s in for i in 0..<count { sum[i] += s.numeric[i] } }
        let nonNumeric = states.reduce(into: Array(repeating: 0, count: count)) { sum, s in for i in 0..<count { sum[i] += s.nonNumeric[i] } }
        try ChartAggregator.checkNumeric(request, columns: reader.columns, numeric: numeric, nonNumeric: nonNumeric)
        let points = states.flatMap(\.points).sorted { $0.row < $1.row }
        var data = ChartData(
            labels: points.map(\.x),
            series: request.measures.enumerated().map { index, measure in
                ChartData.Series(
                    name: ChartAggregator.name(of: measure, columns: reader.columns), measure: index, group: nil,
                    data: points.map { $0.values[index] })
            })
        if request.size != nil { data.size = points.map(\.size) }
        data.rows = total
        data.groups = total
        data.sampled = step > 1
        data.skipped = nonNumeric.reduce(0, +)
        return data
    }
}
