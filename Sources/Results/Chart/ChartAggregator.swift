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
        let columnar = source.totalRows >= columnFileRows
        // Column files only speed charts up: if they cannot be written (a full disk), the
        // chart is computed from the rows.
        if columnar { try? await ensureColumnFiles(source, for: request) }
        try await FileBuilds.shared.build(file, isFresh: { cached(file, source: source.file) != nil }) {
            let data = try compute(source, request, columnar: columnar)
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
    public static func compute(_ reader: ResultReader, _ request: ChartRequest, columnar: Bool = false) throws -> ChartData {
        try request.validate(columns: reader.columns)
        var files: [Int: ColumnFile] = [:]
        if columnar {
            for column in request.columnsRead {
                files[column] = ColumnFile.open(source: reader.file, column: column, rows: reader.totalRows)
            }
        }
        let haveFiles = columnar && files.count == request.columnsRead.count
        if request.isRaw {
            if haveFiles, let data = try RawPoints.compute(reader, request, files: files) { return data }
            return try RawPoints.compute(reader, request)
        }
        if haveFiles, let data = try ColumnChart(reader: reader, request: request).compute(files: files) { return data }
        return try GroupedChart(reader: reader, request: request).compute()
    }

    /// Results from this many rows on get ``ColumnFile``s for their charted columns: below it
    /// a scan of the rows takes a few tens of milliseconds anyway.
    public static let columnFileRows = 200_000

    /// Builds the column files of `columns` that are missing, one build per result at a time
    /// (a request waiting on another's build checks its own columns again afterwards).
    public static func ensureColumnFiles(
        _ reader: ResultReader, for request: ChartRequest, maxDictionary: Int = ColumnFile.maxDictionary
    ) async throws {
        let columns = request.columnsRead
        let compared = request.columnsCompared
        let lock = reader.file.deletingPathExtension().appendingPathExtension("columns")
        let missing: @Sendable () -> [Int] = {
            columns.filter { column in
                guard let file = ColumnFile.open(source: reader.file, column: column, rows: reader.totalRows) else { return true }
                return file.codesSkipped && compared.contains(column)
            }
        }
        for _ in 0..<4 {
            let needed = missing()
            if needed.isEmpty { return }
            try await FileBuilds.shared.build(lock, isFresh: { missing().isEmpty }) {
                let now = missing()
                if !now.isEmpty { try ColumnFile.build(reader, columns: now, coded: compared, maxDictionary: maxDictionary) }
            }
        }
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

    /// The same points read from column files, a few bytes per sampled row; `nil` when x has
    /// neither a dictionary nor only numbers to label the points with.
    static func compute(_ reader: ResultReader, _ request: ChartRequest, files: [Int: ColumnFile]) throws -> ChartData? {
        guard let x = request.x, let xFile = files[x] else { return nil }
        guard xFile.dictionary != nil || xFile.nonNumeric == 0 else { return nil }
        let numeric = request.measures.map { m in m.column.map { files[$0]?.numeric ?? 0 } ?? 0 }
        let nonNumeric = request.measures.map { m in m.column.map { files[$0]?.nonNumeric ?? 0 } ?? 0 }
        try ChartAggregator.checkNumeric(request, columns: reader.columns, numeric: numeric, nonNumeric: nonNumeric)
        let total = reader.totalRows
        let step = max(1, (total + request.limit - 1) / request.limit)
        let rows = Array(stride(from: 0, to: total, by: step))
        func number(_ file: ColumnFile, _ row: Int) throws -> Double? {
            let value = try file.numbers(row..<(row + 1))[0]
            return value.isNaN ? nil : value
        }
        let integerX = reader.columns[x].type == .integer
        var labels: [Value] = []
        labels.reserveCapacity(rows.count)
        for row in rows {
            if let dictionary = xFile.dictionary {
                let code = Int(try xFile.codes(row..<(row + 1))[0])
                labels.append(code == 0 ? .null : GroupedChart.value(ofPart: dictionary[code - 1]))
            } else if let value = try number(xFile, row) {
                labels.append(integerX && value == value.rounded() && abs(value) < 9e15 ? .integer(Int64(value)) : .real(value))
            } else {
                labels.append(.null)
            }
        }
        var data = ChartData(
            labels: labels,
            series: try request.measures.enumerated().map { index, measure in
                let file = measure.column.flatMap { files[$0] }
                return ChartData.Series(
                    name: ChartAggregator.name(of: measure, columns: reader.columns), measure: index, group: nil,
                    data: try rows.map { row in try file.flatMap { try number($0, row) } })
            })
        if let size = request.size, let file = files[size] { data.size = try rows.map { try number(file, $0) } }
        data.rows = total
        data.groups = total
        data.sampled = step > 1
        data.skipped = nonNumeric.reduce(0, +)
        return data
    }
}
